"""Decoding bytes: UTF-8, a recorded cp1252 fallback, binary refused."""

from __future__ import annotations

import pytest

from extractor.reading import UnreadableText, decode_bytes


def test_utf8_is_read_without_warning() -> None:
    decoded = decode_bytes("Cocaïne in de Scheldestad".encode())
    assert decoded.text == "Cocaïne in de Scheldestad"
    assert decoded.warnings == []


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes(b"\xef\xbb\xbfDouane").text == "Douane"


def test_cp1252_is_decoded_with_a_warning() -> None:
    decoded = decode_bytes("Cocaïne voor € 2 miljoen".encode("cp1252"))
    assert decoded.text == "Cocaïne voor € 2 miljoen"
    assert decoded.warnings == ["not valid UTF-8 (byte 4); decoded as cp1252"]


def test_latin1_only_bytes_fall_back_to_latin1() -> None:
    decoded = decode_bytes(b"Coca\xefne \x81")
    assert decoded.text == "Cocaïne \x81"
    assert "latin-1" in decoded.warnings[0]


@pytest.mark.parametrize("data", [b"PK\x03\x04\x00\x00binary", bytes(range(1, 32)) * 20])
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableText, match="binary data"):
        decode_bytes(data)


def test_empty_bytes_give_empty_text() -> None:
    assert decode_bytes(b"").text == ""
