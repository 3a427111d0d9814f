"""[MS-OVBA] 2.4.1 compression, as the VBA project's ``dir`` and module streams need it: :func:`compress`.
Deterministic (same input, same bytes). Used by :mod:`xlperf.template.vba.project`, which re-exports it.
"""
from __future__ import annotations

import struct


def compress(data: bytes) -> bytes:
    """2.4.1.3.6: a CompressedContainer: SignatureByte 0x01, then one CompressedChunk per 4096 input bytes."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        out += _compressed_chunk(data[start:start + 4096])
    return bytes(out)


def _compressed_chunk(chunk: bytes) -> bytes:
    """2.4.1.3.7: a CompressedChunk = CompressedChunkHeader (size - 3 in bits 0-11, signature 0b011 in bits 12-14,
    CompressedChunkFlag in bit 15) + data. When the token sequences would exceed 4096 bytes the chunk is stored as
    a RawChunk (2.4.1.3.10): flag 0, exactly 4096 bytes, a short last chunk padded with 0x00 as the spec says."""
    body = _token_sequences(chunk)
    if len(body) <= 4096:
        return struct.pack("<H", 0xB000 | (len(body) + 2 - 3)) + body
    return struct.pack("<H", 0x3000 | 0x0FFF) + chunk.ljust(4096, b"\x00")


_MAX_CANDIDATES = 64  # how many earlier positions with the same 3-byte prefix to try (speed vs ratio; deterministic)


def _token_sequences(chunk: bytes) -> bytes:
    """2.4.1.3.8: TokenSequences, each a FlagByte (bit i set = token i is a CopyToken, LSB first) followed by up to
    eight tokens: a LiteralToken (one byte) or a CopyToken (2.4.1.3.9, a little-endian u16 packing offset - 1 in
    the high bit_count bits and length - 3 in the rest, with bit_count from CopyToken Help, 2.4.1.3.19.1).
    Matches are searched only inside the chunk, as the decompressor's window is the current chunk."""
    out = bytearray()
    heads: dict[bytes, list[int]] = {}  # 3-byte prefix -> positions where it occurs, ascending
    n = len(chunk)
    pos = 0

    def remember(p: int) -> None:
        if p + 3 <= n:
            heads.setdefault(chunk[p:p + 3], []).append(p)

    while pos < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            length, offset = _longest_match(chunk, pos, heads)
            if length:
                bit_count = _copy_token_bit_count(pos)
                out += struct.pack("<H", ((offset - 1) << (16 - bit_count)) | (length - 3))
                flags |= 1 << bit
                for p in range(pos, pos + length):
                    remember(p)
                pos += length
            else:
                out.append(chunk[pos])
                remember(pos)
                pos += 1
        out[flag_at] = flags
    return bytes(out)


def _copy_token_bit_count(difference: int) -> int:
    """2.4.1.3.19.1 CopyToken Help: BitCount = max(ceil(log2(difference)), 4), where difference is the number of
    bytes already decompressed in this chunk; (d - 1).bit_length() is ceil(log2(d)) for d >= 1, exactly."""
    return max((difference - 1).bit_length(), 4)


def _longest_match(chunk: bytes, pos: int, heads: dict[bytes, list[int]]) -> tuple[int, int]:
    """2.4.1.3.19.4 Matching: the longest earlier copy (length >= 3) of the bytes at pos; (0, 0) if none.
    The copy may overlap pos (the decompressor copies byte by byte), and its length is capped by the CopyToken's
    maximum for this position and by the end of the chunk."""
    candidates = heads.get(chunk[pos:pos + 3])
    if not candidates:
        return 0, 0
    limit = min((0xFFFF >> _copy_token_bit_count(pos)) + 3, len(chunk) - pos)
    best_len, best_offset = 0, 0
    for cand in reversed(candidates[-_MAX_CANDIDATES:]):  # nearest first: ties keep the smallest offset
        length = 3
        while length < limit and chunk[cand + length] == chunk[pos + length]:
            length += 1
        if length > best_len:
            best_len, best_offset = length, pos - cand
            if length == limit:
                break
    return (best_len, best_offset) if best_len >= 3 else (0, 0)
