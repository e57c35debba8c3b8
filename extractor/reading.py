"""Turning bytes into text: decoding with a recorded fallback, refusing binary data.

Shared by the CLI and the batch runner so that every way in treats a file the
same: UTF-8 (with or without BOM) is read as is; anything else that decodes as
cp1252 is read with a warning; data with NUL bytes or mostly control
characters is refused as binary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Share of control characters (other than whitespace) above which data is binary.
MAX_CONTROL_SHARE = 0.05
#: Those control characters (below 32, except tab, newline, CR, form feed, vertical tab), as UTF-8
#: bytes: in UTF-8 they are single bytes and no other character encodes to bytes below 32.
_CONTROL_BYTES = bytes(code for code in range(32) if chr(code) not in "\t\n\r\f\v")


class UnreadableText(ValueError):
    """The data is not text (binary, empty after decoding ...); the message says why."""


@dataclass
class DecodedText:
    """A decoded text and the warnings its decoding produced."""

    text: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes) -> DecodedText:
    """Decode press-text bytes, UTF-8 first, cp1252/latin-1 as a recorded fallback."""
    if b"\x00" in data[:65536]:
        raise UnreadableText("binary data (NUL bytes), not a text")
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            text = data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            encoding = "latin-1"
        warnings.append(f"not valid UTF-8 (byte {err.start}); decoded as {encoding}")
    sample = text[:65536]
    if sample:
        # counted on the encoded bytes: one C pass instead of a Python loop over every character
        encoded = sample.encode("utf-8", "surrogatepass")
        controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
        if controls / len(sample) > MAX_CONTROL_SHARE:
            raise UnreadableText("binary data (control characters), not a text")
    return DecodedText(text=text, warnings=warnings)
