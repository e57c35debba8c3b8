"""Dutch number parsing (extractor/numbers.py): digits, words, multipliers, vague amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from number_samples import VARIED_TOKENS

from extractor.numbers import (
    NumberLexicon,
    NumberReading,
    NumberWordEntry,
    continues_number,
    default_lexicon,
    number_word_endings,
    parse_approximate_word,
    parse_number,
    parse_number_token,
    parse_number_word,
    parse_vague_word,
    read_number,
    read_token,
)


@pytest.mark.parametrize(
    ("text", "value", "decimals"),
    [
        ("89,5", "89.5", 1),
        ("160.000", "160000", 0),
        ("1.457", "1457", 0),  # a dot before exactly three digits groups thousands
        ("1.234,5", "1234.5", 1),
        ("2.512.340", "2512340", 0),
        ("1.234.567,89", "1234567.89", 2),
        ("1,234.5", "1234.5", 1),  # English order: the last sign is the decimal sign
        ("1,234,567", "1234567", 0),
        ("2.5", "2.5", 1),  # a dot before fewer than three digits is a decimal point
        ("0,5", "0.5", 1),
        ("12,25", "12.25", 2),
        ("40", "40", 0),
        ("2021", "2021", 0),
    ],
)
def test_parse_number(text: str, value: str, decimals: int) -> None:
    assert parse_number(text) == (Decimal(value), decimals)


@pytest.mark.parametrize("text", ["", "abc", "12,5,3", "1.23.4", "06", "0031", "1.2345,6", ",5", "5,"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value", "prefix", "suffix", "upper"),
    [
        ("40kg", "40", "", "kg", None),
        ("2,5kg", "2.5", "", "kg", None),
        ("€2,5", "2.5", "€", "", None),
        ("EUR400.000", "400000", "EUR", "", None),
        ("40.000,-", "40000", "", "", None),
        ("10.000,--", "10000", "", "", None),
        ("300-350", "300", "", "", "350"),
        ("300–350", "300", "", "", "350"),
        ("±50", "50", "±", "", None),
        ("34-jarige", "34", "", "-jarige", None),
        ("40%", "40", "", "%", None),
        ("2,5mln", "2.5", "", "mln", None),
    ],
)
def test_parse_number_token(text: str, value: str, prefix: str, suffix: str, upper: str | None) -> None:
    token = parse_number_token(text)
    assert token is not None
    assert token.value == Decimal(value)
    assert (token.prefix, token.suffix) == (prefix, suffix)
    assert token.upper == (Decimal(upper) if upper else None)


@pytest.mark.parametrize("text", ["kilo", "14-03-2023", "06-12", "MSCU1234,5,6", "0031", "1.23.4", "12,5,3"])
def test_parse_number_token_rejects(text: str) -> None:
    assert parse_number_token(text) is None


@pytest.mark.parametrize("text", ["160.000", "1.234,5", "2,5", "2021", "1,234.5", "0,5"])
def test_parse_number_token_of_plain_figures(text: str) -> None:
    """A figure with nothing glued to it (read without the regex) is ``parse_number`` of all of it."""
    value, decimals = parse_number(text)  # type: ignore[misc]
    assert parse_number_token(text) == (value, decimals, "", "", None, 0)


@pytest.mark.parametrize(
    "word",
    [
        "160.000",
        "2,5",
        "2021",
        "0031",
        "1.23.4",
        "40kg",
        "€2,5",
        "5mln",
        "300-350",
        "34-jarige",
        "±50",
        "twee",
        "anderhalve",
        "honderden",
        "tiental",
        "een",
        "kilo",
        "",
        "١٢",
    ],
)
def test_read_token_is_read_number_of_one_word(word: str) -> None:
    assert read_token(word) == read_number([word])


@pytest.mark.parametrize("text", ["160.000", "1.234,5", "2,5", "2021", "0,25", "1,234,567"])
def test_read_token_of_plain_figures(text: str) -> None:
    """A figure is read straight from ``parse_number``: the reading of its ``NumberToken``."""
    token = parse_number_token(text)
    assert token is not None and not token.prefix and not token.suffix and token.upper is None
    step = Decimal(1).scaleb(-token.decimals)
    expected = NumberReading(value=token.value, length=1, base=token.value, step=step, digits=True)
    assert read_token(text) == expected
    assert read_number([text, "kilo"]) == expected


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("een", "1"),
        ("één", "1"),
        ("twee", "2"),
        ("Twaalf", "12"),
        ("negentien", "19"),
        ("twintig", "20"),
        ("vijfentwintig", "25"),
        ("eenentwintig", "21"),
        ("tweeëntwintig", "22"),
        ("drieëndertig", "33"),
        ("zevenenzeventig", "77"),
        ("honderd", "100"),
        ("tweehonderd", "200"),
        ("honderdvijftig", "150"),
        ("twaalfhonderd", "1200"),
        ("duizend", "1000"),
        ("drieduizend", "3000"),
        ("drieduizendvijfhonderd", "3500"),
        ("honderdduizend", "100000"),
        ("tweehonderdvijftigduizend", "250000"),
        ("tweeënhalf", "2.5"),
        ("tweeënhalve", "2.5"),
        ("drieënhalve", "3.5"),
        ("anderhalf", "1.5"),
        ("anderhalve", "1.5"),
        ("halve", "0.5"),
        ("driekwart", "0.75"),
        ("vijf-en-twintig", "25"),
    ],
)
def test_parse_number_word(word: str, value: str) -> None:
    assert parse_number_word(word) == Decimal(value)


@pytest.mark.parametrize(
    "word", ["tweede", "achten", "entwintig", "honderden", "tiental", "kilo", "eenheid", "tienduizenden", ""]
)
def test_parse_number_word_rejects(word: str) -> None:
    assert parse_number_word(word) is None


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("tientallen", "10"),
        ("honderden", "100"),
        ("Duizenden", "1000"),
        ("tienduizenden", "10000"),
        ("miljoenen", "1000000"),
        ("enkele", "2"),
        ("verschillende", "2"),
    ],
)
def test_parse_vague_word(word: str, value: str) -> None:
    assert parse_vague_word(word) == Decimal(value)


@pytest.mark.parametrize(("word", "value"), [("tiental", "10"), ("twintigtal", "20"), ("honderdtal", "100")])
def test_parse_approximate_word(word: str, value: str) -> None:
    assert parse_approximate_word(word) == Decimal(value)


def test_parse_approximate_word_rejects_plain_words() -> None:
    assert parse_approximate_word("kapitaal") is None
    assert parse_approximate_word("tal") is None


def _read(text: str):
    words = text.split(" ")
    return read_number(words, gaps=[" "] * len(words))


@pytest.mark.parametrize(
    ("text", "value", "length"),
    [
        ("2,5 miljoen sigaretten", "2500000", 2),
        ("1,2 miljard euro", "1200000000", 2),
        ("301 miljoen euro", "301000000", 2),
        ("1,2 mld euro", "1200000000", 2),
        ("2,5 mln. euro", "2500000", 2),
        ("15 duizend euro", "15000", 2),
        ("twee miljoen sigaretten", "2000000", 2),
        ("een miljoen euro", "1000000", 2),
        ("een halve ton", "0.5", 2),
        ("een kwart ton", "0.25", 2),
        ("een half miljoen euro", "500000", 3),
        ("anderhalf miljoen sigaretten", "1500000", 2),
        ("anderhalve ton", "1.5", 1),
        ("twee en een halve ton", "2.5", 4),
        ("2 en een halve kilo", "2.5", 4),
        ("160 000 kilo", "160000", 2),
        ("1 250 000 euro", "1250000", 3),
        ("89,5 ton", "89.5", 1),
        ("2,5mln euro", "2500000", 1),
    ],
)
def test_read_number(text: str, value: str, length: int) -> None:
    reading = _read(text)
    assert reading is not None
    assert (reading.value, reading.length) == (Decimal(value), length)
    assert not reading.vague


@pytest.mark.parametrize(
    ("text", "value", "length"),
    [
        ("honderden kilo's", "100", 1),
        ("tientallen kilo's", "10", 1),
        ("duizenden euro's", "1000", 1),
        ("enkele tonnen", "2", 1),
        ("een paar kilo", "2", 2),
        ("verschillende kilo's", "2", 1),
        ("enkele honderden kilo's", "200", 2),
        ("een paar honderd kilo", "200", 3),
        ("tientallen miljoenen euro's", "10000000", 2),
    ],
)
def test_read_vague_number(text: str, value: str, length: int) -> None:
    reading = _read(text)
    assert reading is not None
    assert (reading.value, reading.length, reading.vague) == (Decimal(value), length, True)


def test_read_approximate_number() -> None:
    reading = _read("een tiental kilo")
    assert reading is not None
    assert (reading.value, reading.length, reading.approximate) == (Decimal(10), 2, True)


def test_read_number_article_and_precision() -> None:
    article = _read("een kilo")
    assert article is not None and article.article and article.value == 1
    assert _read("een miljoen euro").article is False  # type: ignore[union-attr]
    assert _read("89,5 ton").step == Decimal("0.1")  # type: ignore[union-attr]
    assert _read("2,5 miljoen euro").step == Decimal(100000)  # type: ignore[union-attr]


def test_read_number_space_groups_need_single_spaces() -> None:
    assert read_number(["160", "000", "kilo"], gaps=[" ", " ", ""]).value == 160000  # type: ignore[union-attr]
    assert read_number(["160", "\u00a0", "000"], gaps=["", "", ""]).value == 160000  # type: ignore[union-attr]
    assert read_number(["2021", "100", "kilo"], gaps=[" ", " ", ""]).value == 2021  # type: ignore[union-attr]
    assert read_number(["160", "000"]).value == 160  # type: ignore[union-attr]  # no gaps: no grouping


def test_read_number_ranges_in_one_token() -> None:
    reading = _read("5-8 miljoen euro")
    assert reading is not None
    assert (reading.value, reading.upper) == (Decimal(5000000), Decimal(8000000))


@pytest.mark.parametrize("text", ["kilo", "de", "procent", "", "tweede keer"])
def test_read_number_rejects(text: str) -> None:
    assert read_number(text.split(" ") if text else []) is None


def test_lexicon_from_entries() -> None:
    lexicon = NumberLexicon.from_entries(
        [
            NumberWordEntry(word="twee", value=2, kind="cardinal"),
            NumberWordEntry(word="twintig", value=20, kind="cardinal"),
            NumberWordEntry(word="een paar", value=2, kind="vague"),
        ]
    )
    assert parse_number_word("tweeëntwintig", lexicon) == 22
    assert read_number(["een", "paar", "kilo"], lexicon).vague  # type: ignore[union-attr]
    assert default_lexicon() is default_lexicon()


@pytest.mark.parametrize(
    ("words", "continued"),
    [
        (["een", "paar"], True),
        (["een", "halve"], True),
        (["een", "tiental"], True),
        (["twee", "en", "een", "halve"], True),
        (["2,5", "miljoen"], True),
        (["1,2", "mld."], True),
        (["160", "000"], True),
        (["2021", "werd"], False),
        (["een", "onderzoek"], False),
        (["twee", "kilo"], False),  # a unit, not a word of the number
    ],
)
def test_continues_number(words: list[str], continued: bool) -> None:
    """The test that lets a caller skip a lone number agrees with what read_number reads."""
    assert continues_number(words[1]) is continued
    reading = read_number(words, gaps=[" "] * len(words))
    assert reading is not None
    assert (reading.length > 1) is continued


@pytest.mark.parametrize(
    "word", ["vijfentwintig", "tweehonderd", "anderhalve", "tweeënhalf", "tiental", "twintigtal"]
)
def test_number_words_have_a_number_ending(word: str) -> None:
    assert word.endswith(number_word_endings())
    assert parse_number_word(word) is not None or parse_approximate_word(word) is not None


# --- fast paths agree with the full readings ----------------------------------------------


def _figure_strings(alphabet: str, max_length: int) -> list[str]:
    """Every string over ``alphabet`` up to ``max_length`` characters."""
    import itertools

    return [
        "".join(chars)
        for length in range(1, max_length + 1)
        for chars in itertools.product(alphabet, repeat=length)
    ]


def test_is_plain_number_is_a_figure_that_parse_number_reads() -> None:
    from extractor.numbers import _is_figure, is_plain_number

    for text in [*_figure_strings("019.,", 7), *VARIED_TOKENS]:
        plain = _is_figure(text) and parse_number(text) is not None
        assert is_plain_number(text) is plain, text
        if plain:
            reading = read_token(text)
            assert reading is not None and reading.digits and reading.scale == 1, text
            assert not (reading.prefix or reading.suffix or reading.vague or reading.article), text
            assert reading.upper is None and not reading.approximate, text


def _continues_number_in_full(word: str) -> bool:
    """``continues_number`` as first written: every test on the normalised word, no pre-tests."""
    import re

    from extractor.numbers import normalize_word

    lex = default_lexicon()
    norm = normalize_word(word)
    return (
        norm == "en"
        or norm in lex.scales
        or norm in lex.multipliers
        or norm in lex.fractions
        or norm in lex.vague
        or any(norm in phrase for phrase in lex.phrases)
        or parse_approximate_word(norm, lex) is not None
        or re.fullmatch(r"\d{3}", word) is not None
        or word in {" ", "\u00a0", "\u202f", "\u2009"}
    )


def test_continues_number_agrees_with_all_its_tests() -> None:
    lex = default_lexicon()
    words = [*lex.cardinals, *lex.scales, *lex.multipliers, *lex.fractions, *lex.vague]
    words += [word for phrase in lex.phrases for word in phrase]
    words += [w + "tal" for w in words] + [w.upper() for w in words] + [w.title() for w in words]
    words += [*VARIED_TOKENS, *_figure_strings("01 ", 4)]
    for word in words:
        assert continues_number(word) is _continues_number_in_full(word), word


def _exactly(number: tuple[Decimal, int] | None) -> tuple[tuple[int, tuple[int, ...], int | str], int] | None:
    """A parsed number with its ``Decimal`` as sign, digits and exponent: "2,50" is not "2,5"."""
    return None if number is None else (tuple(number[0].as_tuple()), number[1])  # type: ignore[return-value]


def test_parse_figure_is_parse_number_of_figures() -> None:
    from extractor.numbers import _is_figure, _parse_figure

    for text in [*_figure_strings("0159.,", 7), *VARIED_TOKENS]:
        expected = parse_number(text) if _is_figure(text) else None
        assert _exactly(_parse_figure(text)) == _exactly(expected), text


def test_read_token_of_figures_is_their_parse_number_reading() -> None:
    """Figures skip ``parse_number``: the same reading, exponents included."""
    from extractor.numbers import _is_figure

    for text in [*_figure_strings("019.,", 6), *VARIED_TOKENS]:
        if not _is_figure(text):
            continue
        number = parse_number(text)
        reading = read_token(text)
        if number is None:
            assert reading is None, text
            continue
        step = Decimal(1).scaleb(-number[1])
        assert reading == NumberReading(value=number[0], length=1, base=number[0], step=step, digits=True)
        assert _exactly((reading.value, 0)) == _exactly((number[0], 0)), text
