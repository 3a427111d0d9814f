"""[MS-CFB] the compound file holding a VBA project: version 3 (512-byte sectors), written deterministically
(zero times and CLSIDs), with a red-black directory tree. :class:`Entry` is a stream or a storage;
:func:`compound_file` returns the bytes of the file rooted at one. Used by :mod:`xlperf.template.vba.project`.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

_SECTOR = 512
_MINI_SECTOR = 64
_MINI_STREAM_CUTOFF = 4096
_FREESECT, _ENDOFCHAIN, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_RED, _BLACK = 0, 1
_STORAGE, _STREAM, _ROOT = 1, 2, 5


@dataclass
class Entry:
    """A directory entry: a stream (data is bytes) or a storage (data is None, children listed)."""

    name: str
    data: bytes | None = None
    children: list["Entry"] = field(default_factory=list)
    # Filled in by compound_file:
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    color: int = _BLACK
    start: int = _ENDOFCHAIN
    size: int = 0


def _cfb_name_key(entry: Entry) -> tuple[int, str]:
    """2.6.4: siblings are ordered by name length first, then by the upper-cased names (our names are ASCII)."""
    return len(entry.name), entry.name.upper()


def _red_black_tree(ids: list[int], entries: list[Entry], depth: int, height: int, perfect: bool) -> int:
    """Make a balanced binary search tree of the sorted ids (middle as root) and return its root id.

    Built this way every empty link is at depth height-1 or height, so colouring the deepest level red (when the
    tree is not perfect) and the rest black satisfies all red-black rules (2.6.4), including equal black height."""
    if not ids:
        return _NOSTREAM
    mid = len(ids) // 2
    node = entries[ids[mid]]
    node.color = _RED if (depth == height - 1 and not perfect) else _BLACK
    node.left = _red_black_tree(ids[:mid], entries, depth + 1, height, perfect)
    node.right = _red_black_tree(ids[mid + 1:], entries, depth + 1, height, perfect)
    return ids[mid]


def _chain(first: int, count: int) -> list[int]:
    """FAT/MiniFAT entries for a run of consecutive sectors: each points to the next, the last ends the chain."""
    return [first + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN] if count else []


def _directory(root: Entry) -> list[Entry]:
    """Directory: root first, then every storage's children; ids are positions in this list."""
    entries: list[Entry] = [root]
    pending = [root]
    while pending:
        storage = pending.pop(0)
        ids = []
        for child in sorted(storage.children, key=_cfb_name_key):
            ids.append(len(entries))
            entries.append(child)
            if child.data is None:
                pending.append(child)
        height = len(ids).bit_length()  # levels of a midpoint-built tree of len(ids) nodes
        storage.child = _red_black_tree(ids, entries, 0, height, len(ids) == (1 << height) - 1)
    root.color = _BLACK  # the root entry must be black (and has no siblings)
    return entries


def compound_file(root: Entry) -> bytes:
    """The bytes of a version 3 compound file holding ``root``'s tree of storages and streams."""
    entries = _directory(root)

    # Small streams live in the mini stream (64-byte mini sectors), the rest in regular 512-byte sectors.
    mini_stream = bytearray()
    mini_fat: list[int] = []
    big_streams = []
    for entry in entries[1:]:
        if entry.data is None:  # storages: start sector and size 0
            entry.start = 0
            continue
        if not entry.data:  # an empty stream owns no sector
            continue
        entry.size = len(entry.data)
        if entry.size < _MINI_STREAM_CUTOFF:
            count = -(-entry.size // _MINI_SECTOR)
            entry.start = len(mini_fat)
            mini_fat += _chain(entry.start, count)
            mini_stream += entry.data.ljust(count * _MINI_SECTOR, b"\x00")
        else:
            big_streams.append(entry)

    def sectors(nbytes: int) -> int:
        return -(-nbytes // _SECTOR)

    n_dir = sectors(len(entries) * 128)
    n_minifat = sectors(len(mini_fat) * 4)
    n_ministream = sectors(len(mini_stream))
    n_data = n_dir + n_minifat + n_ministream + sum(sectors(e.size) for e in big_streams)
    n_fat = 1
    while n_fat * (_SECTOR // 4) < n_fat + n_data:  # the FAT must also map its own sectors
        n_fat += 1
    if n_fat > 109:
        raise ValueError("VBA project too large for a compound file without DIFAT sectors (> ~7 MB)")

    # Layout: FAT sectors, directory, MiniFAT, mini stream, then each large stream.
    fat = [_FATSECT] * n_fat
    body = bytearray()

    def place(data: bytes) -> int:
        first = n_fat + len(body) // _SECTOR
        count = sectors(len(data))
        fat.extend(_chain(first, count))
        body.extend(data.ljust(count * _SECTOR, b"\x00"))
        return first if count else _ENDOFCHAIN

    dir_start = n_fat  # the directory is written last (it records the others' positions) into these sectors
    body.extend(b"\x00" * (n_dir * _SECTOR))
    fat.extend(_chain(dir_start, n_dir))
    minifat_start = place(b"".join(_u32(x) for x in mini_fat).ljust(n_minifat * _SECTOR, b"\xFF"))
    root.start = place(bytes(mini_stream))
    root.size = len(mini_stream)
    for entry in big_streams:
        entry.start = place(entry.data)

    unused = _directory_entry(Entry(""), False, unused=True)
    directory = b"".join(_directory_entry(e, e is root) for e in entries)
    body[0:n_dir * _SECTOR] = directory + unused * (n_dir * (_SECTOR // 128) - len(entries))

    fat_bytes = b"".join(_u32(x) for x in fat).ljust(n_fat * _SECTOR, b"\xFF")  # unused entries: FREESECT
    header = _header(n_fat, dir_start, minifat_start if mini_fat else _ENDOFCHAIN, n_minifat)
    return header + fat_bytes + bytes(body)


def _header(n_fat: int, dir_start: int, minifat_start: int, n_minifat: int) -> bytes:
    """2.2 Compound File Header (one 512-byte sector), for a file whose FAT fits the header's 109 DIFAT slots."""
    header = b"".join([
        bytes.fromhex("D0CF11E0A1B11AE1"),  # signature
        b"\x00" * 16,                       # header CLSID
        struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6),  # minor, major version 3, byte order, sector shifts
        b"\x00" * 6,                        # reserved
        _u32(0),                            # number of directory sectors: MUST be 0 for version 3
        _u32(n_fat),
        _u32(dir_start),
        _u32(0),                            # transaction signature
        _u32(_MINI_STREAM_CUTOFF),
        _u32(minifat_start),
        _u32(n_minifat),
        _u32(_ENDOFCHAIN), _u32(0),         # no DIFAT sectors
        b"".join(_u32(i) for i in range(n_fat)) + b"\xFF" * (4 * (109 - n_fat)),  # DIFAT: FAT sector ids
    ])
    assert len(header) == _SECTOR
    return header


def _directory_entry(entry: Entry, is_root: bool, unused: bool = False) -> bytes:
    """2.6.1 Compound File Directory Entry (128 bytes). Times and CLSIDs are zero: allowed, and deterministic.
    An unused entry is all zeros except the three links, which are NOSTREAM."""
    if unused:
        return b"\x00" * 68 + _u32(_NOSTREAM) * 3 + b"\x00" * 48
    name = _utf16(entry.name) + b"\x00\x00"
    kind = _ROOT if is_root else (_STORAGE if entry.data is None else _STREAM)
    return b"".join([
        name.ljust(64, b"\x00"),
        struct.pack("<HBB", len(name), kind, entry.color),
        struct.pack("<III", entry.left, entry.right, entry.child),
        b"\x00" * 16,                       # CLSID
        _u32(0),                            # state bits
        b"\x00" * 16,                       # creation and modification times
        _u32(entry.start),
        struct.pack("<Q", entry.size),      # version 3: the high 32 bits are zero anyway
    ])


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _u32(value: int) -> bytes:
    return struct.pack("<I", value)
