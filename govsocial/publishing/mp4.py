"""Is this an MP4 a network can play? A walk over its boxes (ISO/IEC 14496-12), pure Python.

An MP4 is a run of boxes, each with a 32-bit size (1 means a 64-bit size follows, 0 means "to
the end of the file") and a four-character type. A real file starts with `ftyp`, holds the
index in `moov` (with its movie header `mvhd`) and the media in `mdat`, and every size fits the
file. Checking the first eight bytes, as before, let 4 bytes of `ftyp` and 50 MB of zeros in
as a video.

We walk the boxes ourselves rather than use mutagen (an audio-tag library): mutagen accepts a
file whose last box runs past the end of the file and does not require `ftyp` first, and those
are exactly the damaged uploads to refuse. The walk reads sizes only, never the media.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

HEADER_BYTES = 8
LARGE_HEADER_BYTES = 16  # with the 64-bit size
FTYP_MIN_BYTES = 16  # header, major brand and minor version


class DamagedBoxes(ValueError):
    """The boxes do not add up to the file."""


@dataclass(frozen=True)
class Box:
    type: str
    offset: int
    size: int
    header: int

    @property
    def content_start(self) -> int:
        return self.offset + self.header

    @property
    def end(self) -> int:
        return self.offset + self.size


def boxes_in(data: bytes, start: int = 0, end: int | None = None) -> list[Box]:
    """The boxes laid end to end from start to end; DamagedBoxes if they do not fit exactly."""
    end = len(data) if end is None else end
    boxes: list[Box] = []
    offset = start
    while offset < end:
        if end - offset < HEADER_BYTES:
            raise DamagedBoxes(f"{end - offset} stray bytes follow the last box")
        size, raw_type = struct.unpack_from(">I4s", data, offset)
        header = HEADER_BYTES
        if size == 1:
            if end - offset < LARGE_HEADER_BYTES:
                raise DamagedBoxes(f"the box at byte {offset} has its 64-bit size cut off")
            (size,) = struct.unpack_from(">Q", data, offset + HEADER_BYTES)
            header = LARGE_HEADER_BYTES
        elif size == 0:
            size = end - offset
        if not all(0x20 <= byte <= 0x7E for byte in raw_type):
            raise DamagedBoxes(f"the box at byte {offset} has no readable type")
        kind = raw_type.decode("ascii")
        if size < header:
            raise DamagedBoxes(f"the {kind!r} box at byte {offset} is smaller than its own header")
        if offset + size > end:
            raise DamagedBoxes(
                f"the {kind!r} box at byte {offset} claims {size:,} bytes but only "
                f"{end - offset:,} remain, so the file is cut short"
            )
        boxes.append(Box(type=kind, offset=offset, size=size, header=header))
        offset += size
    return boxes


def mp4_problem(data: bytes) -> str | None:
    """Why this is not a well-formed MP4, in words for the person uploading it; None if it is."""
    try:
        boxes = boxes_in(data)
    except DamagedBoxes as exc:
        return str(exc)
    if not boxes or boxes[0].type != "ftyp":
        return "it does not start with an 'ftyp' box"
    if boxes[0].size < FTYP_MIN_BYTES:
        return "its 'ftyp' box is too short to name a brand"
    kinds = {box.type for box in boxes}
    missing = [kind for kind in ("moov", "mdat") if kind not in kinds]
    if missing:
        return f"it has no {' or '.join(repr(kind) for kind in missing)} box, so nothing can play"
    moov = next(box for box in boxes if box.type == "moov")
    try:
        inside = boxes_in(data, moov.content_start, moov.end)
    except DamagedBoxes as exc:
        return f"its 'moov' box is damaged: {exc}"
    if "mvhd" not in {box.type for box in inside}:
        return "its 'moov' box has no movie header ('mvhd')"
    return None
