"""Small, real, deterministic asset files: what the sandbox's `delivery_assets` URLs download.

Every file is generated with the standard library from one simple floor plan (four rooms) and is a valid file of
its type, a few KB at most: PNG (zlib), baseline JPEG (a DC-only encoder: the plan drawn in 8x8 blocks), SVG,
PDF 1.4 (vector drawing and text), ZIP, JSON, an HTML tour page, and an MP4 container that holds no tracks
(the sandbox has no video to offer; the file is structurally valid and plays as empty). Per-order files carry the
order's address in their text; images are the same for every order.

Revisions: when an order comes back from `Fixing` to `Ready` (a fix was delivered), its revision goes up by one,
and the files of its `listing_floorplans` group (`FLOOR_PLAN_FILES`: `floorplan{,_dim}.{png,jpg,svg,pdf,zip}`)
carry it: a PNG `tEXt` chunk, a JPEG comment, an SVG `<desc>`, a PDF text line, and the ZIPs' members. A fix
redraws the 2D plan and nothing else, so every other file (3D, video, CAD, GLA, reports, tour) stays
byte-identical, and revision 0 (every order until its first fix) renders exactly as it always has.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from html import escape as html_escape
from typing import Literal
from xml.sax.saxutils import escape as xml_escape

__all__ = [
    "ASSET_FILES",
    "FLOOR_PLAN_FILES",
    "AssetFile",
    "ByteRange",
    "gla_formula_text",
    "none_match",
    "parse_range",
    "render_asset",
]

# ------------------------------------------------------------------------------------------------ the plan
# A 32 x 24 grid of 0.5 m cells. Walls run along grid lines; gaps are doors.
GRID_W, GRID_H = 32, 24
CELL_M = 0.5
# (x0, y0, x1, y1) in grid units; every wall is horizontal or vertical.
WALLS: tuple[tuple[int, int, int, int], ...] = (
    (1, 1, 31, 1),
    (1, 23, 31, 23),
    (1, 1, 1, 23),
    (31, 1, 31, 23),
    (13, 1, 13, 9),
    (13, 12, 13, 23),
    (13, 12, 19, 12),
    (22, 12, 31, 12),
    (1, 15, 5, 15),
    (8, 15, 13, 15),
)
ROOMS: tuple[tuple[str, int, int, int, int], ...] = (
    ("Living room", 1, 1, 13, 15),
    ("Kitchen", 13, 1, 31, 12),
    ("Bedroom", 13, 12, 31, 23),
    ("Bath", 1, 15, 13, 23),
)


def _room_area(room: tuple[str, int, int, int, int]) -> float:
    _, x0, y0, x1, y1 = room
    return (x1 - x0) * (y1 - y0) * CELL_M * CELL_M


def gla_formula_text() -> str:
    """The GLA computation shown in `gla_package.gla_formula_text`, in the documented example's layout."""
    total = sum(_room_area(room) for room in ROOMS)
    terms = " + ".join(f"{(x1 - x0) * CELL_M:g} * {(y1 - y0) * CELL_M:g}" for _, x0, y0, x1, y1 in ROOMS)
    return f"GLA total: {total:g} m\u00b2, excluded areas: 0 m\u00b2\n\nFLOOR 1: {total:g} m\u00b2\n{terms}\n"


# ------------------------------------------------------------------------------------------------ PNG
def _raster(scale: int, dims: bool) -> list[bytearray]:
    width, height = GRID_W * scale, GRID_H * scale
    rows = [bytearray(b"\xff" * width) for _ in range(height)]
    thickness = 1 if scale == 1 else max(2, scale // 3)

    def fill(x0: int, y0: int, x1: int, y1: int, shade: int) -> None:
        for y in range(max(0, y0), min(height, y1)):
            rows[y][max(0, x0) : min(width, x1)] = bytes([shade]) * (min(width, x1) - max(0, x0))

    for x0, y0, x1, y1 in WALLS:
        half = thickness // 2
        fill(x0 * scale - half, y0 * scale - half, x1 * scale + half + 1, y1 * scale + half + 1, 0x28)
    if dims:  # a dimension line with end ticks above and left of the plan
        fill(1 * scale, scale // 3, 31 * scale + 1, scale // 3 + 1, 0x60)
        fill(scale // 3, 1 * scale, scale // 3 + 1, 23 * scale + 1, 0x60)
        for x in (1, 31):
            fill(x * scale, 0, x * scale + 1, scale - 2, 0x60)
        for y in (1, 23):
            fill(0, y * scale, scale - 2, y * scale + 1, 0x60)
    return rows


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _revision_text(revision: int) -> str:
    return f"Revision {revision} (a fix of the floor plan)"


@cache
def png(dims: bool = False, scale: int = 10, revision: int = 0) -> bytes:
    rows = _raster(scale, dims)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", GRID_W * scale, GRID_H * scale, 8, 0, 0, 0, 0)  # 8-bit grayscale
    text = _png_chunk(b"tEXt", b"Software\x00cubicasa_sandbox")
    if revision:
        text += _png_chunk(b"tEXt", b"Comment\x00" + _revision_text(revision).encode())
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + text
        + _png_chunk(b"IDAT", zlib.compress(raw, 9))
        + (_png_chunk(b"IEND", b""))
    )


# ------------------------------------------------------------------------------------------------ JPEG
# Baseline JPEG, one grayscale component, quantisation 1 everywhere. Each 8x8 block is a flat shade, so only the DC
# coefficient is non-zero: DC differences use the standard luminance DC table (ITU T.81, K.3), and the AC table
# holds a single code, end-of-block.
_DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
_DC_VALUES = tuple(range(12))


def _canonical_codes(bits: tuple[int, ...], values: tuple[int, ...]) -> dict[int, tuple[int, int]]:
    codes: dict[int, tuple[int, int]] = {}
    code, index = 0, 0
    for length, count in enumerate(bits, start=1):
        for _ in range(count):
            codes[values[index]] = (code, length)
            code += 1
            index += 1
        code <<= 1
    return codes


class _BitWriter:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.count = 0

    def write(self, value: int, length: int) -> None:
        for shift in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> shift) & 1)
            self.count += 1
            if self.count == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0x00)  # byte stuffing
                self.acc, self.count = 0, 0

    def flush(self) -> bytes:
        if self.count:
            self.write((1 << (8 - self.count)) - 1, 8 - self.count)  # pad with 1-bits
        return bytes(self.out)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


@cache
def jpeg(shaded: bool = False, revision: int = 0) -> bytes:
    scale = 8
    rows = _raster(1, dims=False)  # one pixel per grid cell = one 8x8 block per cell
    width, height = GRID_W * scale, GRID_H * scale
    dc_codes = _canonical_codes(_DC_BITS, _DC_VALUES)
    writer = _BitWriter()
    previous = 0
    for y in range(GRID_H):
        for x in range(GRID_W):
            shade = rows[y][x]
            if shaded and shade == 0xFF and (x + y) % 2:
                shade = 0xF0  # a faint checker: the "3D" look
            dc = 8 * (shade - 128)  # DC of a flat 8x8 block after the level shift
            diff, previous = dc - previous, dc
            size = abs(diff).bit_length()
            code, length = dc_codes[size]
            writer.write(code, length)
            if size:
                writer.write(diff if diff >= 0 else diff + (1 << size) - 1, size)
            writer.write(0, 1)  # end of block (the only AC code)
    scan = writer.flush()
    return b"".join(
        [
            b"\xff\xd8",
            _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
            _segment(0xFE, _revision_text(revision).encode()) if revision else b"",
            _segment(0xDB, b"\x00" + b"\x01" * 64),
            _segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"),
            _segment(0xC4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALUES)),
            _segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00"),
            _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
            scan,
            b"\xff\xd9",
        ]
    )


# ------------------------------------------------------------------------------------------------ SVG
def svg(label: str, dims: bool = False, revision: int = 0) -> bytes:
    scale = 10
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{GRID_W * scale}" height="{(GRID_H + 3) * scale}" '
        f'viewBox="0 0 {GRID_W * scale} {(GRID_H + 3) * scale}">',
        f"<title>Floor plan: {xml_escape(label)}</title>",
        *([f"<desc>{_revision_text(revision)}</desc>"] if revision else []),
        f'<rect width="{GRID_W * scale}" height="{(GRID_H + 3) * scale}" fill="#ffffff"/>',
        '<g stroke="#282828" stroke-width="3" stroke-linecap="square">',
    ]
    parts += [f'<line x1="{a * scale}" y1="{b * scale}" x2="{c * scale}" y2="{d * scale}"/>' for a, b, c, d in WALLS]
    parts.append("</g>")
    parts.append('<g font-family="sans-serif" font-size="11" text-anchor="middle" fill="#282828">')
    for room in ROOMS:
        name, x0, y0, x1, y1 = room
        cx, cy = (x0 + x1) * scale / 2, (y0 + y1) * scale / 2
        parts.append(f'<text x="{cx:g}" y="{cy:g}">{xml_escape(name)}</text>')
        parts.append(f'<text x="{cx:g}" y="{cy + 13:g}">{_room_area(room):g} m\u00b2</text>')
    parts.append("</g>")
    if dims:
        width_m = (31 - 1) * CELL_M
        parts.append(f'<line x1="{scale}" y1="4" x2="{31 * scale}" y2="4" stroke="#606060"/>')
        parts.append(f'<text x="{16 * scale}" y="{scale - 2}" font-size="8" text-anchor="middle">{width_m:g} m</text>')
    parts.append(
        f'<text x="{scale}" y="{(GRID_H + 2) * scale}" font-family="sans-serif" font-size="10">'
        f"{xml_escape(label)}</text>"
    )
    parts.append("</svg>")
    return ("\n".join(parts) + "\n").encode()


# ------------------------------------------------------------------------------------------------ PDF
def _pdf_text(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode()
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(title: str, label: str, dims: bool = False, lines: tuple[str, ...] = (), revision: int = 0) -> bytes:
    """A one-page PDF 1.4: the plan as vector strokes, a title, the address and optional text lines."""
    if revision:
        lines = (*lines, _revision_text(revision))
    scale, left, bottom = 12, 24, 60
    height = GRID_H * scale + bottom + 70
    width = GRID_W * scale + 2 * left
    ops = ["0.16 G", "3 w", "2 J"]
    for x0, y0, x1, y1 in WALLS:
        start = f"{left + x0 * scale} {bottom + (GRID_H - y0) * scale} m"
        ops.append(f"{start} {left + x1 * scale} {bottom + (GRID_H - y1) * scale} l S")
    if dims:
        ops += [
            "0.4 G",
            "0.5 w",
            f"{left + scale} {bottom + GRID_H * scale + 8} m {left + 31 * scale} {bottom + GRID_H * scale + 8} l S",
        ]
    ops += ["BT", "/F1 14 Tf", f"{left} {height - 30} Td", f"({_pdf_text(title)}) Tj", "ET"]
    ops += ["BT", "/F1 9 Tf", f"{left} {height - 46} Td", f"({_pdf_text(label)}) Tj", "ET"]
    for room in ROOMS:
        name, x0, y0, x1, y1 = room
        cx, cy = left + (x0 + x1) * scale / 2 - 20, bottom + (GRID_H - (y0 + y1) / 2) * scale
        ops += ["BT", "/F1 9 Tf", f"{cx:g} {cy:g} Td", f"({_pdf_text(name)}) Tj", "ET"]
    for index, line in enumerate(lines):
        ops += ["BT", "/F1 8 Tf", f"{left} {40 - index * 10} Td", f"({_pdf_text(line)}) Tj", "ET"]
    content = "\n".join(ops).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
        f"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".encode(),
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (" + _pdf_text(title).encode() + b") /Producer (cubicasa_sandbox) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# ------------------------------------------------------------------------------------------------ others
_ZIP_DATE = (2024, 5, 20, 12, 0, 0)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _dxf() -> bytes:
    """A minimal DXF (R12, ENTITIES only) with the walls as LINE entities, in metres."""
    lines = ["0", "SECTION", "2", "ENTITIES"]
    for x0, y0, x1, y1 in WALLS:
        lines += ["0", "LINE", "8", "WALLS"]
        lines += ["10", f"{x0 * CELL_M:g}", "20", f"{(GRID_H - y0) * CELL_M:g}", "30", "0"]
        lines += ["11", f"{x1 * CELL_M:g}", "21", f"{(GRID_H - y1) * CELL_M:g}", "31", "0"]
    lines += ["0", "ENDSEC", "0", "EOF"]
    return ("\r\n".join(lines) + "\r\n").encode()


@cache
def mp4() -> bytes:
    """An ISO base-media file with `ftyp` and a `moov` holding only `mvhd` (no tracks): valid, and empty."""
    ftyp = b"ftyp" + b"isom" + struct.pack(">I", 0x200) + b"isomiso2mp41"
    matrix = struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)
    mvhd_body = (
        struct.pack(">B3xIIII", 0, 0, 0, 1000, 0)
        + struct.pack(">IH10x", 0x00010000, 0x0100)
        + matrix
        + b"\x00" * 24
        + struct.pack(">I", 1)
    )
    mvhd = struct.pack(">I", 8 + len(mvhd_body)) + b"mvhd" + mvhd_body
    moov = struct.pack(">I", 8 + len(mvhd)) + b"moov" + mvhd
    return struct.pack(">I", 8 + len(ftyp) - 4) + ftyp + moov


def _html(title: str, label: str, branded: bool) -> bytes:
    brand = "<p>Tour by CubiCasa (sandbox)</p>" if branded else ""
    plan = svg(label).decode().split("\n", 1)[1]
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html_escape(title)}</title></head>'
        f"<body><h1>{html_escape(title)}</h1><p>{html_escape(label)}</p>{brand}{plan}</body></html>\n"
    ).encode()


def _property_data(label: str, order_id: str) -> bytes:
    rooms = [{"name": room[0], "area_m2": _room_area(room)} for room in ROOMS]
    gla = sum(_room_area(room) for room in ROOMS)
    data = {"order_id": order_id, "address": label, "rooms": rooms, "gla_m2": gla}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


# ------------------------------------------------------------------------------------------------ catalogue
@dataclass(frozen=True)
class AssetFile:
    name: str
    content_type: str
    render: Callable[[str, str, int], bytes]
    """(order id, address label, revision) -> bytes. Only FLOOR_PLAN_FILES depend on the revision."""


def _floor_plan_zip(label: str, dims: bool, revision: int) -> bytes:
    suffix = "_dim" if dims else ""
    return _zip(
        [
            (f"floorplan{suffix}.png", png(dims=dims, revision=revision)),
            (f"floorplan{suffix}.svg", svg(label, dims=dims, revision=revision)),
            (f"floorplan{suffix}.pdf", pdf("Floor plan", label, dims=dims, revision=revision)),
        ]
    )


def _files() -> Iterator[AssetFile]:
    yield AssetFile("floorplan.png", "image/png", lambda _i, _l, r: png(revision=r))
    yield AssetFile("floorplan_dim.png", "image/png", lambda _i, _l, r: png(dims=True, revision=r))
    yield AssetFile("floorplan.jpg", "image/jpeg", lambda _i, _l, r: jpeg(revision=r))
    yield AssetFile("floorplan_dim.jpg", "image/jpeg", lambda _i, _l, r: jpeg(revision=r))
    yield AssetFile("floorplan.svg", "image/svg+xml", lambda _i, label, r: svg(label, revision=r))
    yield AssetFile("floorplan_dim.svg", "image/svg+xml", lambda _i, label, r: svg(label, dims=True, revision=r))
    yield AssetFile("floorplan.pdf", "application/pdf", lambda _i, label, r: pdf("Floor plan", label, revision=r))
    yield AssetFile(
        "floorplan_dim.pdf", "application/pdf", lambda _i, label, r: pdf("Floor plan", label, dims=True, revision=r)
    )
    yield AssetFile("floorplan.zip", "application/zip", lambda _i, label, r: _floor_plan_zip(label, False, r))
    yield AssetFile("floorplan_dim.zip", "application/zip", lambda _i, label, r: _floor_plan_zip(label, True, r))
    yield AssetFile("floorplan_3d.jpg", "image/jpeg", lambda _i, _l, _r: jpeg(shaded=True))
    yield AssetFile("video_3d.mp4", "video/mp4", lambda _i, _l, _r: mp4())
    yield AssetFile(
        "cad_files.zip",
        "application/zip",
        lambda _i, label, _r: _zip(
            [("floorplan.dxf", _dxf()), ("README.txt", f"CAD files (sandbox): {label}\n".encode())]
        ),
    )
    yield AssetFile("gla.png", "image/png", lambda _i, _l, _r: png(dims=True, scale=8))
    yield AssetFile(
        "gla_report.pdf",
        "application/pdf",
        lambda _i, label, _r: pdf("GLA report", label, dims=True, lines=tuple(gla_formula_text().splitlines()[:1])),
    )
    yield AssetFile("home_report.pdf", "application/pdf", lambda _i, label, _r: pdf("Home report", label))
    yield AssetFile("snapshot.pdf", "application/pdf", lambda _i, label, _r: pdf("Snapshot report", label))
    yield AssetFile("snapshot.png", "image/png", lambda _i, _l, _r: png(scale=6))
    yield AssetFile(
        "property_data.json", "application/json", lambda order_id, label, _r: _property_data(label, order_id)
    )
    yield AssetFile("tour.html", "text/html; charset=utf-8", lambda _i, label, _r: _html("CubiCasa tour", label, True))
    yield AssetFile(
        "tour_unbranded.html", "text/html; charset=utf-8", lambda _i, label, _r: _html("Property tour", label, False)
    )


ASSET_FILES: dict[str, AssetFile] = {asset.name: asset for asset in _files()}

FLOOR_PLAN_FILES = frozenset(
    f"floorplan{dims}.{ext}" for dims in ("", "_dim") for ext in ("png", "jpg", "svg", "pdf", "zip")
)
"""The files of `listing_floorplans`: the ones a fix redraws (their bytes and ETag carry the order's revision)."""


def render_asset(name: str, order_id: str, label: str, revision: int = 0) -> tuple[bytes, str]:
    """The bytes and Content-Type of one asset file of one order, at the order's revision (0 until a fix)."""
    asset = ASSET_FILES[name]
    return asset.render(order_id, label, revision if name in FLOOR_PLAN_FILES else 0), asset.content_type


# ------------------------------------------------------------------------------------------------ ranges
_ENTITY_TAG = re.compile(r'(?:W/)?("[^"]*")')


def none_match(header: str | None, etag: str) -> bool:
    """Whether an `If-None-Match` value names the current `etag` (RFC 9110 §13.1.2): `*`, or a list of entity
    tags compared weakly (a `W/` prefix on either side does not matter). A malformed value matches nothing."""
    if header is None:
        return False
    if header.strip() == "*":
        return True
    current = etag.removeprefix("W/")
    return any(tag == current for tag in _ENTITY_TAG.findall(header))


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int
    """Inclusive, as in Content-Range."""


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def parse_range(header: str | None, length: int) -> ByteRange | Literal[False] | None:
    """A single `Range: bytes=...` request: the range, None (serve the whole file) or False (416)."""
    if not header:
        return None
    found = _RANGE.fullmatch(header.strip())
    if found is None or (not found.group(1) and not found.group(2)):
        return None  # malformed or multi-range: RFC 9110 lets a server ignore it and send 200
    first, last = found.groups()
    if not first:  # suffix range: the last N bytes
        suffix = int(last)
        if suffix == 0 or length == 0:
            return False
        return ByteRange(max(0, length - suffix), length - 1)
    start = int(first)
    end = min(int(last), length - 1) if last else length - 1
    if last and int(last) < start:
        return None
    if start >= length:
        return False
    return ByteRange(start, end)
