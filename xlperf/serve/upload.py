"""The ``file`` field of a multipart/form-data body already in memory (python-multipart's parser, fed the bytes:
nothing is spooled to disk)."""
from __future__ import annotations

from python_multipart.multipart import MultipartParser, parse_options_header

from .remote import PayloadError

NO_FILE = "请选择要校验的工作簿（.xlsx 或 .xlsm）再上传（表单字段名 file）。"


def file_field(body: bytes, content_type: str, field: str = "file") -> tuple[str, bytes]:
    """(file name, bytes) of the field ``field``; a ``PayloadError`` (400) when there is none."""
    kind, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise PayloadError(NO_FILE)
    parts: list[dict] = []
    header: list[bytes] = [b"", b""]

    def on_part_begin():
        parts.append({"headers": {}, "data": bytearray()})

    def on_header_field(data, start, end):
        header[0] += data[start:end]

    def on_header_value(data, start, end):
        header[1] += data[start:end]

    def on_header_end():
        parts[-1]["headers"][header[0].lower()] = header[1]
        header[0] = header[1] = b""

    def on_part_data(data, start, end):
        parts[-1]["data"] += data[start:end]

    parser = MultipartParser(boundary, {"on_part_begin": on_part_begin, "on_header_field": on_header_field,
                                        "on_header_value": on_header_value, "on_header_end": on_header_end,
                                        "on_part_data": on_part_data})
    try:
        parser.write(body)
        parser.finalize()
    except Exception:  # noqa: BLE001 - python-multipart raises several kinds for a malformed body
        raise PayloadError("上传的数据已损坏（multipart 格式不对），请重新上传。") from None
    for part in parts:
        _, disposition = parse_options_header(part["headers"].get(b"content-disposition", b""))
        if disposition.get(b"name") == field.encode() and b"filename" in disposition:
            name = disposition[b"filename"].decode("utf-8", "replace")
            return name, bytes(part["data"])
    raise PayloadError(NO_FILE)
