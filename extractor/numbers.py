"""Reading Dutch numbers: digits ("89,5", "160.000", "1.234,5"), words ("tweeënhalf") and phrases.

Pure functions, no spaCy: the quantities component uses them on token texts,
and any other component (years: "twee jaar geleden") can too. Arithmetic is
done in ``Decimal`` so that "2,5 miljoen" is exactly 2500000 and "500 gram"
exactly 0.5 kg.

The words a number can be made of (cardinals, scales such as "miljoen",
abbreviations such as "mln.", fractions, vague plurals such as "honderden")
are data in ``patterns/number_words.jsonl``; the grammar that combines them
("vijf-en-twintig", "twee-honderd-duizend", "twee en een halve") is here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

ONE = Decimal(1)
HALF = Decimal("0.5")


class NumberWordKind(str, Enum):
    """What a number word does in a number phrase."""

    cardinal = "cardinal"  # een, twee, ..., negentig: a number and a compound part
    scale = "scale"  # honderd, duizend, miljoen: a number, a compound part and a multiplier
    multiplier = "multiplier"  # mln., mld, mio: only multiplies the number before it
    fraction = "fraction"  # half, halve, anderhalve, kwart: a number and the "-ënhalf" ending
    vague = "vague"  # honderden, tientallen, enkele, een paar: a vague amount (its lower bound)


class NumberWordEntry(BaseModel):
    """One line of number_words.jsonl."""

    model_config = ConfigDict(extra="forbid")

    word: str = Field(min_length=1, description="The word or phrase, lower case ('twee', 'een paar').")
    value: float = Field(gt=0, description="Its value; for vague words the lower bound.")
    kind: NumberWordKind
    article: bool = Field(
        False, description="Also the indefinite article ('een'): a number only before a measure."
    )


@dataclass(frozen=True, eq=False)
class NumberLexicon:
    """Number words by kind, built from number_words.jsonl entries."""

    cardinals: dict[str, Decimal] = field(default_factory=dict)
    scales: dict[str, Decimal] = field(default_factory=dict)
    multipliers: dict[str, Decimal] = field(default_factory=dict)
    fractions: dict[str, Decimal] = field(default_factory=dict)
    vague: dict[str, Decimal] = field(default_factory=dict)
    #: multi-word entries ("een paar") as word tuples -> (value, kind), longest first
    phrases: dict[tuple[str, ...], tuple[Decimal, NumberWordKind]] = field(default_factory=dict)
    articles: frozenset[str] = frozenset()

    @classmethod
    def from_entries(cls, entries: Iterable[NumberWordEntry]) -> NumberLexicon:
        lex = cls()
        tables = {
            NumberWordKind.cardinal: lex.cardinals,
            NumberWordKind.scale: lex.scales,
            NumberWordKind.multiplier: lex.multipliers,
            NumberWordKind.fraction: lex.fractions,
            NumberWordKind.vague: lex.vague,
        }
        articles = set()
        for entry in entries:
            word = normalize_word(entry.word)
            value = Decimal(str(entry.value))
            words = tuple(word.split())
            if len(words) > 1:
                lex.phrases[words] = (value, entry.kind)
            else:
                tables[entry.kind][word] = value
            if entry.article:
                articles.add(word)
        longest_first = dict(sorted(lex.phrases.items(), key=lambda item: -len(item[0])))
        lex.phrases.clear()
        lex.phrases.update(longest_first)
        object.__setattr__(lex, "articles", frozenset(articles))
        return lex


@lru_cache(maxsize=1)
def default_lexicon() -> NumberLexicon:
    """The lexicon from the packaged patterns/number_words.jsonl (read once)."""
    from extractor.resources import patterns_path, read_entries

    return NumberLexicon.from_entries(
        read_entries(patterns_path(None, "number_words.jsonl"), NumberWordEntry)
    )


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """Lower case, composed accents, typographic apostrophes made straight."""
    return unicodedata.normalize("NFC", word).lower().replace("\u2019", "'").replace("\u2018", "'")


# --- numbers written in digits ---------------------------------------------------------

_GROUPED_DOTS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_GROUPED_COMMAS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")
_PLAIN = re.compile(r"\d+")
_TOKEN = re.compile(
    r"(?P<prefix>\D*?)(?P<num>\d(?:[\d.,]*\d)?)(?P<dash>,-{1,2}|,\u2014)?"
    r"(?:\s?[-\u2013]\s?(?P<num2>\d(?:[\d.,]*\d)?))?(?P<suffix>\D*)"
)


def parse_number(text: str) -> tuple[Decimal, int] | None:
    """(value, number of decimals) of a Dutch number in digits, or None.

    A comma is the decimal sign; a dot followed by exactly three digits groups
    thousands (1.457 = 1457, 160.000 = 160000), any other single dot is a
    decimal point (2.5). With both signs the last one is the decimal sign
    (1.234,5 and the English 1,234.5).
    """
    if not text or not text[0].isdigit() or not text[-1].isdigit():
        return None
    whole, decimals = text, ""
    if "," in text and "." in text:
        decimal_sign = "," if text.rfind(",") > text.rfind(".") else "."
        group_sign = "." if decimal_sign == "," else ","
        whole, _, decimals = text.rpartition(decimal_sign)
        if group_sign not in whole or not re.fullmatch(rf"[1-9]\d{{0,2}}(?:\{group_sign}\d{{3}})+", whole):
            return None
        whole = whole.replace(group_sign, "")
    elif "," in text:
        if text.count(",") == 1:
            whole, _, decimals = text.partition(",")
        elif _GROUPED_COMMAS.fullmatch(text):
            whole = text.replace(",", "")
        else:
            return None
    elif "." in text:
        if _GROUPED_DOTS.fullmatch(text):
            whole = text.replace(".", "")
        elif text.count(".") == 1:
            whole, _, decimals = text.partition(".")
        else:
            return None
    if not _PLAIN.fullmatch(whole) or (decimals and not _PLAIN.fullmatch(decimals)):
        return None
    if len(whole) > 1 and whole[0] == "0":  # 06..., 0031...: codes, not amounts
        return None
    try:
        value = Decimal(f"{whole}.{decimals}" if decimals else whole)
    except InvalidOperation:
        return None
    return value, len(decimals)


class NumberToken(NamedTuple):
    """A token holding digits, with what is glued to them ("EUR400.000", "40kg", "300-350").

    A named tuple, not a frozen dataclass: as immutable (results are cached
    and shared), and built three times faster - one is built for every new
    figure in the text.
    """

    value: Decimal
    decimals: int
    prefix: str = ""
    suffix: str = ""
    upper: Decimal | None = None  # second number of "300-350"
    upper_decimals: int = 0


def parse_number_token(text: str) -> NumberToken | None:
    """Split a token into glued prefix, number (or "a-b" range) and glued suffix, or None.

    "40kg" -> 40 + "kg"; "€2,5" -> "€" + 2.5; "40.000,-" -> 40000; "300-350" -> 300 up to 350.
    A suffix that starts with a hyphen ("34-jarige") is kept as is: it names no unit.
    Not cached here: its one caller in this module, ``_digit_reading``, caches its own result.
    """
    if _is_figure(text):  # most new figures ("2021", "160.000", "2,5"): nothing to split
        first = _parse_figure(text)
        return None if first is None else NumberToken(first[0], first[1])
    match = _TOKEN.fullmatch(text)
    if not match:
        return None
    first = parse_number(match["num"])
    if first is None:
        return None
    upper: tuple[Decimal, int] | None = None
    if match["num2"]:
        if match["dash"]:
            return None
        upper = parse_number(match["num2"])
        if upper is None:
            return None
    suffix = match["suffix"]
    if suffix == ".":
        suffix = ""
    return NumberToken(
        value=first[0],
        decimals=first[1],
        prefix=match["prefix"],
        suffix=suffix,
        upper=upper[0] if upper else None,
        upper_decimals=upper[1] if upper else 0,
    )


_FIGURE_CHARS = "0123456789.,"
#: Exactly the figures (see ``_is_figure``) that ``parse_number`` reads, by the sign that
#: ``parse_number`` takes for the decimal sign. Grouped dots come first: "1.234" is 1234.
_FIGURE = re.compile(
    r"(?P<dots>[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,(?P<dots_decimals>[0-9]+))?"  # "160.000", "1.234,5"
    r"|(?P<commas>[1-9][0-9]{0,2}(?:,[0-9]{3})+)\.(?P<commas_decimals>[0-9]+)"  # "1,234.5"
    r"|(?P<grouped>[1-9][0-9]{0,2}(?:,[0-9]{3}){2,})"  # "1,234,567" (one comma: "1,234" is 1.234)
    r"|(?P<whole>0|[1-9][0-9]*)(?:[.,](?P<decimals>[0-9]+))?"  # "2021", "2,5", "0.75", "1234.5"
)


def is_plain_number(text: str) -> bool:
    """Is ``text`` a figure (see ``_is_figure``) that ``parse_number`` reads ("2021", "160.000", "2,5")?

    Then ``read_token(text)`` is a number in digits with nothing glued to it
    (False says nothing: "40kg", "٣" may be read too). One regex instead of the
    reading: a caller that only asks this of every new figure in a text builds
    no ``Decimal`` and ``NumberReading`` for it.
    """
    return _FIGURE.fullmatch(text) is not None


def _parse_figure(text: str) -> tuple[Decimal, int] | None:
    """``parse_number`` of a figure (see ``_is_figure``; None for any other text) with one regex match.

    Each new figure of a text is read: this takes one match where ``parse_number``
    takes up to four tests and three regexes.
    """
    if text.isdigit() and text.isascii():  # "2021", "160": no sign, so no regex
        return (Decimal(text), 0) if text[0] != "0" or len(text) == 1 else None  # "0031": a code
    match = _FIGURE.fullmatch(text)
    if match is None:
        return None
    dots, dots_decimals, commas, commas_decimals, grouped, whole, decimals = match.groups()
    if whole is None:
        if dots is not None:
            whole, decimals = dots.replace(".", ""), dots_decimals
        elif commas is not None:
            whole, decimals = commas.replace(",", ""), commas_decimals
        else:
            whole = grouped.replace(",", "")
    if decimals:
        return Decimal(f"{whole}.{decimals}"), len(decimals)
    return Decimal(whole), 0


def _is_figure(text: str) -> bool:
    """Only ASCII digits, dots and commas, with a digit at both ends ("160.000", "2,5", "2021").

    ``_TOKEN`` would read all of such a token as its number, with nothing glued
    to it (a prefix or suffix holds no digit, a second number needs a dash), so
    ``parse_number`` alone decides: the common case without the regex.
    """
    return text.isascii() and text[:1].isdigit() and text[-1:].isdigit() and not text.strip(_FIGURE_CHARS)


# --- numbers written in words ----------------------------------------------------------

_LINK = ("en", "\u00ebn")  # vijf-en-twintig, twee-ën-twintig
_APPROXIMATE_SUFFIX = "tal"  # een tiental, een twintigtal: about ten, about twenty


def parse_number_word(word: str, lexicon: NumberLexicon | None = None) -> Decimal | None:
    """Value of one Dutch number word, compounds included, or None.

    "twee" 2, "vijfentwintig" 25, "tweeëntwintig" 22, "tweehonderd" 200,
    "drieduizendvijfhonderd" 3500, "twaalfhonderd" 1200, "tweeënhalf" 2.5,
    "anderhalve" 1.5. Vague words ("honderden") and "tal" words are not
    numbers here: see ``parse_vague_word`` and ``parse_approximate_word``.
    """
    lex = lexicon or default_lexicon()
    return _word_value(normalize_word(word).replace("-", ""), lex)


def parse_vague_word(word: str, lexicon: NumberLexicon | None = None) -> Decimal | None:
    """Lower bound of a vague amount word ("honderden" 100, "tientallen" 10, "enkele" 2), or None."""
    lex = lexicon or default_lexicon()
    return lex.vague.get(normalize_word(word))


def parse_approximate_word(word: str, lexicon: NumberLexicon | None = None) -> Decimal | None:
    """Value of a "-tal" word ("tiental" 10, "twintigtal" 20, "honderdtal" 100), or None."""
    lex = lexicon or default_lexicon()
    word = normalize_word(word)
    if not word.endswith(_APPROXIMATE_SUFFIX) or len(word) <= len(_APPROXIMATE_SUFFIX):
        return None
    value = _word_value(word[: -len(_APPROXIMATE_SUFFIX)], lex)
    return value if value is not None and value == value.to_integral_value() else None


def number_word_endings(lexicon: NumberLexicon | None = None) -> tuple[str, ...]:
    """What every word that ``parse_number_word`` or ``parse_approximate_word`` reads ends in.

    A cheap pre-test on normalised words: a number word ends in a cardinal,
    scale or fraction ("vijfentwintig", "tweehonderd"), a "-tal" word in "tal".
    """
    return (*_number_endings(lexicon or default_lexicon()), _APPROXIMATE_SUFFIX)


def _word_value(word: str, lex: NumberLexicon) -> Decimal | None:
    if not word or not word.endswith(_number_endings(lex)):
        return None
    return _cached_word_value(word, lex)


@lru_cache(maxsize=8)
def _number_endings(lex: NumberLexicon) -> tuple[str, ...]:
    """Every number word ends in a cardinal, scale or fraction ("vijfentwintig", "tweehonderd").

    One ``str.endswith`` with these rejects almost any other word before the
    decomposition below, which a text's many new words would otherwise all go through.
    """
    return tuple(sorted({*lex.cardinals, *lex.scales, *lex.fractions}))


@lru_cache(maxsize=8)
def _phrase_words(lex: NumberLexicon) -> frozenset[str]:
    """The words of the multi-word entries ("een paar"): one set test instead of a loop over the phrases."""
    return frozenset(word for phrase in lex.phrases for word in phrase)


@lru_cache(maxsize=8)
def _scales_by_size(lex: NumberLexicon) -> list[tuple[str, Decimal]]:
    return sorted(lex.scales.items(), key=lambda item: -item[1])


@lru_cache(maxsize=4096)
def _cached_word_value(word: str, lex: NumberLexicon) -> Decimal | None:
    for table in (lex.cardinals, lex.scales, lex.fractions):
        if word in table:
            return table[word]
    # "-ënhalf": tweeënhalf, drieënhalve
    for fraction, value in lex.fractions.items():
        if value < ONE and word.endswith(fraction):
            head = word[: -len(fraction)]
            for link in _LINK:
                if head.endswith(link) and (whole := _below_hundred(head[: -len(link)], lex)) is not None:
                    return whole + value
    # scales, largest first: "tweehonderdvijftigduizend" = 250 * 1000
    for scale, value in _scales_by_size(lex):
        position = word.find(scale)
        if position < 0:
            continue
        left, right = word[:position], word[position + len(scale) :]
        left_value = _cached_word_value(left, lex) if left else ONE
        right_value = _cached_word_value(right, lex) if right else Decimal(0)
        if left_value is None or right_value is None or left_value >= value or right_value >= value:
            return None
        return left_value * value + right_value
    return _below_hundred(word, lex)


def _below_hundred(word: str, lex: NumberLexicon) -> Decimal | None:
    """1..99: a cardinal, or unit + "en" + tens (vijfentwintig)."""
    if word in lex.cardinals:
        return lex.cardinals[word]
    for tens, tens_value in lex.cardinals.items():
        if tens_value < 20 or tens_value % 10 or not word.endswith(tens):
            continue
        head = word[: -len(tens)]
        for link in _LINK:
            unit = lex.cardinals.get(head[: -len(link)]) if head.endswith(link) else None
            if unit is not None and unit < 10:
                return tens_value + unit
    return None


# --- number phrases over a token sequence ----------------------------------------------


class NumberReading(NamedTuple):
    """A number phrase read from the start of a word sequence (a named tuple: see ``NumberToken``)."""

    value: Decimal  # base * scale
    length: int  # words consumed
    base: Decimal  # the number before any multiplier ("2,5" of "2,5 miljoen")
    scale: Decimal = ONE  # product of the multipliers ("miljoen")
    step: Decimal = ONE  # one unit of the last written digit, scaled (precision of the figure)
    digits: bool = False  # written in digits
    vague: bool = False  # honderden, enkele, een paar
    approximate: bool = False  # een tiental
    article: bool = False  # only the article "een": a number before a measure unit only
    prefix: str = ""  # glued before the first word ("EUR" of "EUR400.000", "±")
    suffix: str = ""  # glued after the last word ("kg" of "40kg")
    upper: Decimal | None = None  # "300-350": the upper number, scaled
    upper_step: Decimal = ONE


_SPACE_GROUP = re.compile(r"\d{3}")
_SPACE_GROUP_HEAD = re.compile(r"[1-9]\d{0,2}")  # the first group of "1 250 000"
_THOUSANDS_SPACES = {" ", "\u00a0", "\u202f", "\u2009"}


def read_number(
    words: Sequence[str],
    lexicon: NumberLexicon | None = None,
    gaps: Sequence[str] | None = None,
) -> NumberReading | None:
    """Read a number phrase at the start of ``words`` (token texts), or None.

    Handles digits ("89,5", "40kg", "160 000" when ``gaps`` - the whitespace
    after each word - shows single spaces), words ("vijfentwintig",
    "anderhalve", "een halve", "twee en een halve"), multipliers ("2,5
    miljoen", "1,2 mld", "honderd duizend") and vague amounts ("honderden",
    "enkele tientallen", "een paar honderd": the lower bound).
    """
    if not words:
        return None
    lex = lexicon or default_lexicon()
    reading = _read_base(words, lex, gaps)
    if reading is None:
        return None
    return _read_scales(words, lex, reading)


def read_token(word: str, lexicon: NumberLexicon | None = None) -> NumberReading | None:
    """``read_number([word])``: the number of one token on its own, or None.

    A caller that reads every new figure of a text ("160.000", "2021") this way
    skips the phrase machinery for them: a figure read on its own is its digit
    reading, with nothing to add after it.
    """
    reading = _figure_reading(word)
    if reading is not None or _is_figure(word):  # a figure that is no number ("05") is read as None
        return reading
    return read_number([word], lexicon)


def continues_number(word: str, lexicon: NumberLexicon | None = None) -> bool:
    """Could ``word`` be the second word of a number phrase that ``read_number`` reads?

    True for scales and multipliers ("2,5 miljoen"), fractions and "-tal" words
    ("een halve", "een tiental"), the words of multi-word entries ("een paar"),
    "en" ("twee en een halve") and digit groups ("160 000"). A superset: a
    caller may skip reading a one-word number ("2021 werd") when the next word
    fails this test, without missing a phrase.
    """
    lex = lexicon or default_lexicon()
    # normalising changes no ASCII word but its case: most words skip the cached normalisation
    norm = word.lower() if word.isascii() else normalize_word(word)
    return (
        norm in _continuing_words(lex)
        or (norm.endswith(_APPROXIMATE_SUFFIX) and parse_approximate_word(norm, lex) is not None)
        or (len(word) == 3 and _SPACE_GROUP.fullmatch(word) is not None)
        or word in _THOUSANDS_SPACES
    )


@lru_cache(maxsize=8)
def _continuing_words(lex: NumberLexicon) -> frozenset[str]:
    """The words ``continues_number`` accepts as they are: one set test instead of six.

    "en", scales, multipliers, fractions, vague words and the words of multi-word entries.
    """
    return frozenset({"en", *lex.scales, *lex.multipliers, *lex.fractions, *lex.vague, *_phrase_words(lex)})


def _read_base(words: Sequence[str], lex: NumberLexicon, gaps: Sequence[str] | None) -> NumberReading | None:
    if _has_digit(words[0]):
        return _read_digits(words, lex, gaps)
    lowered = [normalize_word(w) for w in words[:4]]
    for phrase, (value, kind) in lex.phrases.items():
        if phrase[0] == lowered[0] and tuple(lowered[: len(phrase)]) == phrase:
            return NumberReading(
                value=value,
                length=len(phrase),
                base=value,
                step=value,
                vague=kind is NumberWordKind.vague,
            )
    word = lowered[0]
    if word in lex.vague:
        value = lex.vague[word]
        return NumberReading(value=value, length=1, base=value, step=value, vague=True)
    if word in lex.articles and len(lowered) > 1:
        nxt = lowered[1]
        if nxt in lex.fractions:  # een halve, een kwart
            value = lex.fractions[nxt]
            return NumberReading(value=value, length=2, base=value, step=value)
        if (approx := parse_approximate_word(nxt, lex)) is not None:  # een tiental
            return NumberReading(value=approx, length=2, base=approx, step=approx, approximate=True)
    if (approx := parse_approximate_word(word, lex)) is not None:
        return NumberReading(value=approx, length=1, base=approx, step=approx, approximate=True)
    value = _word_value(word.replace("-", ""), lex)
    if value is None:
        return None
    step = HALF if value % 1 else ONE
    reading = NumberReading(value=value, length=1, base=value, step=step, article=word in lex.articles)
    return _read_and_a_half(lowered, lex, reading)


def _has_digit(word: str) -> bool:
    return any(map(str.isdigit, word))


def _read_digits(
    words: Sequence[str], lex: NumberLexicon, gaps: Sequence[str] | None
) -> NumberReading | None:
    reading = _digit_reading(words[0])
    if reading is None:
        return None
    if gaps is not None and _SPACE_GROUP_HEAD.fullmatch(words[0]):
        value, length = _read_space_groups(words, gaps, reading.value)
        if length > 1:
            reading = reading._replace(value=value, length=length, base=value)
    if reading.suffix or reading.upper is not None:
        return reading
    if len(words) > reading.length and words[reading.length].lower() == "en":
        return _read_and_a_half([normalize_word(w) for w in words[:5]], lex, reading)
    return reading


@lru_cache(maxsize=65536)
def _digit_reading(word: str) -> NumberReading | None:
    """The reading of one token in digits on its own (cached: the result is immutable)."""
    reading = _figure_reading(word)
    if reading is not None or _is_figure(word):
        return reading
    token = parse_number_token(word)
    if token is None:
        return None
    return NumberReading(
        value=token.value,
        length=1,
        base=token.value,
        step=_last_digit(token.decimals),
        digits=True,
        prefix=token.prefix,
        suffix=token.suffix,
        upper=token.upper,
        upper_step=_last_digit(token.upper_decimals),
    )


def _figure_reading(word: str) -> NumberReading | None:
    """``_digit_reading`` of a figure with nothing glued to it (see ``_is_figure``): no ``NumberToken``.

    None for a figure that is no number ("05", "1.23.4") and for any other text.
    """
    number = _parse_figure(word)
    if number is None:
        return None
    value, decimals = number
    # positional: half the cost of keywords (value, length, base, scale, step, digits)
    return NumberReading(value, 1, value, ONE, _last_digit(decimals), True)


@lru_cache(maxsize=32)
def _last_digit(decimals: int) -> Decimal:
    """One unit of the last digit of a figure with this many decimals (0.01 for two): the same few, cached."""
    return ONE.scaleb(-decimals)


def _read_space_groups(words: Sequence[str], gaps: Sequence[str], value: Decimal) -> tuple[Decimal, int]:
    """ "160 000", "1 250 000", "160\u00a0000" (a no-break space is a token of its own)."""
    length = 1
    while length < len(words) and length <= len(gaps):
        gap, nxt = gaps[length - 1], words[length]
        if gap == " " and _SPACE_GROUP.fullmatch(nxt):
            value, length = value * 1000 + Decimal(nxt), length + 1
        elif (
            gap == ""
            and nxt in _THOUSANDS_SPACES
            and length + 1 < len(words)
            and len(gaps) > length
            and gaps[length] == ""
            and _SPACE_GROUP.fullmatch(words[length + 1])
        ):
            value, length = value * 1000 + Decimal(words[length + 1]), length + 2
        else:
            break
    return value, length


def _read_and_a_half(lowered: Sequence[str], lex: NumberLexicon, reading: NumberReading) -> NumberReading:
    """ "twee en een halve", "2 en een half", "drie en half": add one half."""
    if reading.base % 1:
        return reading
    rest = lowered[reading.length :]
    for pattern in (("en", "een"), ("en",)):
        n = len(pattern)
        if tuple(rest[:n]) == pattern and len(rest) > n and lex.fractions.get(rest[n]) == HALF:
            value = reading.base + HALF
            return NumberReading(
                value=value,
                length=reading.length + n + 1,
                base=value,
                step=HALF,
                digits=reading.digits,
                prefix=reading.prefix,
            )
    return reading


def _read_scales(words: Sequence[str], lex: NumberLexicon, reading: NumberReading) -> NumberReading:
    """Multipliers after the number: "2,5 miljoen", "1,2 mld.", "een paar honderd", "tientallen miljoenen"."""
    if reading.suffix:
        suffix = normalize_word(reading.suffix)
        factor = lex.multipliers.get(suffix) or lex.scales.get(suffix)
        if factor is None:
            return reading
        return _scaled(reading, factor, 0, suffix="")
    if reading.approximate:
        return reading
    length, scale, vague = reading.length, ONE, reading.vague
    while length < len(words):
        word = normalize_word(words[length])
        factor = lex.scales.get(word) or lex.multipliers.get(word)
        if factor is None and vague and word in lex.vague:
            factor = lex.vague[word]
        if factor is None:
            break
        scale *= factor
        length += 1
    if length == reading.length:
        return reading
    return _scaled(reading, scale, length - reading.length)


def _scaled(reading: NumberReading, factor: Decimal, extra: int, suffix: str | None = None) -> NumberReading:
    return NumberReading(
        value=reading.base * reading.scale * factor,
        length=reading.length + extra,
        base=reading.base,
        scale=reading.scale * factor,
        step=reading.step * factor,
        digits=reading.digits,
        vague=reading.vague,
        approximate=reading.approximate,
        article=False,
        prefix=reading.prefix,
        suffix=reading.suffix if suffix is None else suffix,
        upper=reading.upper * factor if reading.upper is not None else None,
        upper_step=reading.upper_step * factor,
    )
