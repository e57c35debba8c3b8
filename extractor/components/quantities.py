"""The ``customs_quantities`` component: amounts of goods and money ("ruim 160 ton", "€ 2,5 miljoen").

The scan visits only the tokens that can start an amount (digits, a number
word, a currency sign), found with one test per distinct token text
(``TokenTable.where``). A one-word number that the next word can neither
continue nor give a unit ("in 2021 werd", "een onderzoek": most of them) is
skipped at once; at the others it reads a number phrase with
``extractor.numbers.read_number`` and looks for a unit right after it (or a
currency before it). Only a number with a goods or money unit is a quantity:
staff, percentages, ages, dates and counts of shipments have none. Around the
amount it looks for a hedge ("ruim", "ongeveer", "tot"), a range ("300 tot
350 kilo": two amounts) and a restatement ("160 ton (oftewel 160.000 kilo)":
one amount with an alternate).

Units, hedges and linking words are data (patterns/units.jsonl,
qualifiers.jsonl, quantity_links.jsonl, number_words.jsonl), tokenized with
``nlp.make_doc`` into lookup tables keyed by one token, so that the scan only
does dictionary lookups.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.components.base import PatternComponent
from extractor.extensions import doc_value, register_extensions, set_doc_value, set_span_value
from extractor.hash_memo import HashMemo, TextMemo
from extractor.numbers import (
    NumberLexicon,
    NumberReading,
    NumberWordEntry,
    continues_number,
    is_plain_number,
    number_word_endings,
    parse_approximate_word,
    parse_number_word,
    read_number,
    read_token,
)
from extractor.schema import AlternateAmount, Qualifier, Quantity, Unit
from extractor.token_table import TokenTable, token_table

#: unit -> (base unit, factor): mass in kg, volume in l
BASE_UNITS: dict[Unit, tuple[Unit, Decimal]] = {
    Unit.g: (Unit.kg, Decimal("0.001")),
    Unit.kg: (Unit.kg, Decimal(1)),
    Unit.t: (Unit.kg, Decimal(1000)),
    Unit.l: (Unit.l, Decimal(1)),
    Unit.pieces: (Unit.pieces, Decimal(1)),
    Unit.EUR: (Unit.EUR, Decimal(1)),
}

#: Two figures of one phrase restate each other when they differ by at most this
#: share (after normalisation) or by at most one unit of the rounder figure's last digit.
RESTATEMENT_TOLERANCE = Decimal("0.1")
#: At most this many words (adjectives: "illegale", "gestolen") between a number and a pieces word.
MAX_PIECES_GAP = 2
#: At most this many words (the goods: "pure cocaïne") between an amount and its restatement in brackets.
MAX_GOODS_GAP = 2
#: A closed compound ending in a pieces word counts when that word is at least this long
#: ("cannabisplanten"); shorter heads need a hyphen ("xtc-pil"), so that "april" is no pill.
MIN_COMPOUND_HEAD = 5
#: How many tokens a number phrase may span ("twee en een halve", "enkele honderden duizenden").
MAX_NUMBER_TOKENS = 8
#: Entries kept in the per-component string caches before they are emptied (bounded memory).
MAX_CACHE = 200_000
#: An amount without a unit may borrow the unit of an amount this many tokens before it ...
ELLIPSIS_WINDOW = 40
#: ... when it is written with a multiplier of at least a million ("248 miljoen").
ELLIPSIS_MIN_SCALE = 1_000_000
#: How far back a from-word ("van 70 ton ... tot 50 ton") may stand before "tot".
FROM_WINDOW = 12


SENTENCE_ENDS = frozenset({".", "!", "?", ";"})


#: What a one-word number is on its own (see ``QuantitiesComponent._lone_kind``).
_Lone = Literal["never", "glued", "article", "figure"]
#: The kinds of lone number a word may go on from (``QuantitiesComponent._followed_kinds``).
_AFTER_ANY: frozenset[_Lone] = frozenset({"glued", "article", "figure"})
_AFTER_NUMBER: frozenset[_Lone] = frozenset({"article", "figure"})
_AFTER_LINK: frozenset[_Lone] = frozenset({"glued", "figure"})
_AFTER_FIGURE: frozenset[_Lone] = frozenset({"figure"})
_AFTER_NONE: frozenset[_Lone] = frozenset()

class Position(str, Enum):
    after = "after"
    before = "before"
    both = "both"


class UnitEntry(BaseModel):
    """One line of units.jsonl: forms of one canonical unit."""

    model_config = ConfigDict(extra="forbid")

    forms: list[str] = Field(min_length=1)
    unit: Unit
    position: Position = Position.after
    digits_only: bool = False
    case_sensitive: bool = False
    compound_head: bool = False
    compound_start: bool = Field(
        False, description="also the first part of a compound ('namaak' in 'namaakhandtassen')"
    )
    marks_goods: bool = Field(
        False, description="an adjective that makes any following noun counted goods ('nagemaakte sneakers')"
    )


class QualifierEntry(BaseModel):
    """One line of qualifiers.jsonl: a hedge phrase and what it means."""

    model_config = ConfigDict(extra="forbid")

    phrase: str = Field(min_length=1)
    qualifier: Qualifier
    position: Literal["before", "after"] = "before"
    cancelled_by: list[str] = Field(default_factory=list)
    range_end: bool = False


class LinkEntry(BaseModel):
    """One line of quantity_links.jsonl: a word between two amounts."""

    model_config = ConfigDict(extra="forbid")

    phrase: str = Field(min_length=1)
    role: Literal["restatement", "range", "range_opener", "range_from"]
    needs_opener: bool = False
    same_unit: bool = Field(
        True, description="restatement: may repeat the unit ('of' may not: '5 kilo of 6 kilo')."
    )


@dataclass(frozen=True)
class _Phrase:
    """A phrase of the tables: its tokens (lower case unless case-sensitive) and its entry."""

    tokens: tuple[str, ...]
    entry: BaseModel
    case_sensitive: bool = False


@dataclass(slots=True)
class _Tokens:
    """The strings of one document's tokens (the lists of its ``TokenTable``), and where its prose starts.

    Not frozen: a frozen dataclass sets each field through ``object.__setattr__``, once per Doc.
    """

    texts: list[str]
    lowers: list[str]
    gaps: list[str]  # whitespace after each token: "" or " "
    lo: int  # first token at or after doc._.body_start: nothing is read before it
    n: int  # the number of tokens (an attribute: ``len()`` would be a Python call on every lookup)

    @classmethod
    def of(cls, table: TokenTable, body_start: int) -> _Tokens:
        return cls(table.texts, table.lowers, table.gaps, bisect_left(table.idx, body_start), len(table))


@dataclass(slots=True)
class _Found:
    """An amount found in the text, before it becomes a schema record."""

    start: int  # token span of the whole phrase (hedge included)
    end: int
    value: Decimal
    unit: Unit
    qualifier: Qualifier = Qualifier.exact
    step: Decimal = Decimal(1)
    scale: Decimal = Decimal(1)  # the multiplier of the figure ("miljoen"): shared by a range
    alternates: list[_Found] = field(default_factory=list)


class _PhraseTable:
    """Phrases indexed by one token (the first or, with ``by_last``, the last), longest first."""

    def __init__(self, phrases: Iterable[_Phrase], *, by_last: bool = False) -> None:
        #: key token -> (offset of the key token, length, tokens, case-sensitive, phrase), longest first
        self.index: dict[str, list[tuple[int, int, tuple[str, ...], bool, _Phrase]]] = {}
        for phrase in phrases:
            size = len(phrase.tokens)
            key, offset = (phrase.tokens[-1], size - 1) if by_last else (phrase.tokens[0], 0)
            entry = (offset, size, phrase.tokens, phrase.case_sensitive, phrase)
            self.index.setdefault(key.lower(), []).append(entry)
        for bucket in self.index.values():
            bucket.sort(key=lambda entry: -entry[1])

    def at(self, tokens: _Tokens, i: int) -> list[tuple[int, int, _Phrase]]:
        """(start, end, phrase) of the phrases starting (with ``by_last``: ending) at token i.

        Callers on the scan's hot path test ``tokens.lowers[i] in table.index``
        first: most words start no phrase, and the test costs no call.
        """
        if i < tokens.lo or i >= tokens.n:
            return []
        bucket = self.index.get(tokens.lowers[i])
        if bucket is None:
            return []
        hits = []
        for offset, size, words, case_sensitive, phrase in bucket:
            start = i - offset
            end = start + size
            if start < tokens.lo or end > tokens.n:
                continue
            if case_sensitive:
                if tuple(tokens.texts[start:end]) == words:
                    hits.append((start, end, phrase))
            elif size == 1 or tuple(tokens.lowers[start:end]) == words:  # one word: the key matched it
                hits.append((start, end, phrase))
        return hits


class QuantitiesComponent(PatternComponent):
    """Finds amounts of goods and money; sets ``doc._.quantities`` (spans with ``span._.quantity``)."""

    files = {
        "units": ("units.jsonl", UnitEntry),
        "qualifiers": ("qualifiers.jsonl", QualifierEntry),
        "links": ("quantity_links.jsonl", LinkEntry),
        "number_words": ("number_words.jsonl", NumberWordEntry),
    }

    def compile(self) -> None:
        """Tokenize every phrase with the pipeline's tokenizer into the lookup tables."""
        self.lexicon = NumberLexicon.from_entries(self.entries["number_words"])
        lex = self.lexicon
        self.start_words = frozenset({*lex.vague, *lex.articles, *(words[0] for words in lex.phrases)})
        self.number_endings = number_word_endings(lex)
        #: the last letters of every start word and number word ending (see ``_can_start``): three,
        #: or fewer if an ending is shorter (a word that ends in an ending ends in its last letters)
        self.tail_size = min(3, *map(len, self.number_endings))
        tail = self.tail_size
        self.start_tails = frozenset(word[-tail:] for word in (*self.start_words, *self.number_endings))
        units: list[_Phrase] = []
        self.glued_units: dict[str, UnitEntry] = {}
        self.compound_heads: list[tuple[str, UnitEntry]] = []
        self.compound_starts: list[tuple[str, UnitEntry]] = []
        self.goods_markers: dict[str, UnitEntry] = {}
        for entry in self.entries["units"]:
            for form in entry.forms:
                if entry.compound_start:
                    self.compound_starts.append((form.lower(), entry))
                if entry.marks_goods:
                    self.goods_markers[form.lower()] = entry
                if entry.compound_start or entry.marks_goods:
                    continue
                units.append(_Phrase(self._tokens(form, entry.case_sensitive), entry, entry.case_sensitive))
                self.glued_units.setdefault(form if entry.case_sensitive else form.lower(), entry)
                if entry.compound_head:
                    self.compound_heads.append((form.lower(), entry))
        self.units = _PhraseTable(units)
        # the units that may follow a number in digits, in words: ``units`` less the others, same order
        after = [p for p in units if _unit(p).position is not Position.before]
        self.units_after_digits = _PhraseTable(after)
        self.units_after_words = _PhraseTable(p for p in after if not _unit(p).digits_only)
        self.compound_start_forms = tuple(form for form, _entry in self.compound_starts)
        self.compound_head_forms = tuple(form for form, _entry in self.compound_heads)
        self.currency_first = {p.tokens[0].lower() for p in units if _unit(p).position is not Position.after}
        qualifiers = [_Phrase(self._tokens(e.phrase), e) for e in self.entries["qualifiers"]]
        self.qualifiers_before = _PhraseTable(
            (p for p in qualifiers if _qualifier(p).position == "before"), by_last=True
        )
        self.qualifiers_after = _PhraseTable(p for p in qualifiers if _qualifier(p).position == "after")
        self.qualifiers_opening = _PhraseTable(p for p in qualifiers if _qualifier(p).position == "before")
        self.glued_qualifiers = {p.tokens[0]: _qualifier(p) for p in qualifiers if len(p.tokens) == 1}
        links = [_Phrase(self._tokens(e.phrase), e) for e in self.entries["links"]]
        self.links = _PhraseTable(links)
        #: the tokens that may open a restatement: a bracket, a comma, the first word of a restatement link
        self.restatement_starts = {"(", ",", *(p.tokens[0] for p in links if _link(p).role == "restatement")}
        self.openers = _PhraseTable((p for p in links if _link(p).role == "range_opener"), by_last=True)
        self.from_words = {p.tokens[0] for p in links if _link(p).role == "range_from" and len(p.tokens) == 1}
        self.stop_words = frozenset(self.nlp.Defaults.stop_words)
        self._start_memo = HashMemo(self._can_start)  # for whole Docs, by string hash
        self._starts = TextMemo(self._can_start)  # for single texts
        # ``partial``, not a lambda: no Python frame of its own on each new string
        self._readings = TextMemo(partial(read_token, lexicon=lex))  # one token on its own
        self._continues = TextMemo(partial(continues_number, lexicon=lex))
        self._lone = TextMemo(self._lone_kind)
        self._followers = TextMemo(self._followed_kinds)
        self._compounds = TextMemo(self._compound_unit)
        register_extensions()

    def _tokens(self, phrase: str, case_sensitive: bool = False) -> tuple[str, ...]:
        tokens = tuple(t.text for t in self.nlp.make_doc(phrase))
        return tokens if case_sensitive else tuple(t.lower() for t in tokens)

    # --- the scan ---------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        table = token_table(doc)
        tokens = _Tokens.of(table, doc_value(doc, "body_start") or 0)  # no ``doc._`` proxy
        spans: list[Span] = []
        i = tokens.lo
        last: _Found | None = None
        texts, lone, followers = tokens.texts, self._lone, self._followers
        for candidate in table.where(self._start_memo):
            if candidate < i:
                continue
            # A one-word number at which, given the word after it, no amount can start?
            # Most candidates are: the article "een" ("een onderzoek"), years and days
            # ("in 2021 werd", "op 12 maart"), ages ("een 34-jarige man"). Both tests are
            # cached per token text, and written out here: no call for the common case.
            kind = lone[texts[candidate]]
            if kind is not None and (
                kind == "never" or candidate + 1 >= tokens.n or kind not in followers[texts[candidate + 1]]
            ):
                continue
            found, i = self._amounts_at(tokens, candidate)
            if not found and last is not None and candidate - last.end <= ELLIPSIS_WINDOW:
                found, i = self._elliptic_at(tokens, candidate, last.unit)
            if found:
                last = found[-1]
                for item in found:
                    spans.append(self._span(doc, table, item))
        set_doc_value(doc, "quantities", spans)
        return doc

    def _elliptic_at(self, tokens: _Tokens, i: int, unit: Unit) -> tuple[list[_Found], int]:
        """A figure in millions that leaves out the unit of the amount just before it.

        "bijna 6 miljoen euro ..., een jaar later al ruim 9 miljoen"; "ruim 310
        miljoen sigaretten ... in de Rotterdamse haven: 248 miljoen". Only
        figures with a multiplier word qualify: a bare number is too often a
        count of something else.
        """
        reading = self._read(tokens, i)
        if reading is None or reading.scale < ELLIPSIS_MIN_SCALE or reading.upper is not None:
            return [], i + 1
        after = i + reading.length
        if after < tokens.n and self._goods_word_like(tokens.lowers[after]):
            return [], i + 1  # "17 miljoen inwoners" counts something else
        found = self._amount_at(tokens, i, allow_range=False, default_unit=unit)
        if not found:
            return [], i + 1
        return found, found[-1].end

    def _lone_kind(self, text: str) -> _Lone | None:
        """What the token is on its own, as far as ``_amount_at`` is concerned (None: read it in full).

        ``never``: digits that make no number ("06-1234"), or with something
        glued before them that is no currency or hedge ("A12"); ``glued``: a
        figure with a glued word that is no unit ("34-jarige"), an amount only
        as the first of a range; ``article``: "een", a number only before a
        measure unit; ``figure``: a number with nothing glued to it ("2021",
        "twee"). Figures with a multiplier ("5mln") may borrow a unit from an
        earlier amount, and are always read.
        """
        if text.lower() in self.units.index:
            return None
        if is_plain_number(text):  # most new figures ("160.000", "2021"): no reading built
            return "figure"
        return self._reading_kind(text)

    def _reading_kind(self, text: str) -> _Lone | None:
        """``_lone_kind`` of a token that is no unit, from its reading (``is_plain_number`` skips this)."""
        reading = self._readings[text]
        if reading is None:
            return "never" if any(map(str.isdigit, text)) else None
        if reading.prefix:  # a currency ("EUR400") or a hedge ("±50"), else nothing
            currency = self._glued_unit(reading.prefix, before=True)
            hedge = self.glued_qualifiers.get(reading.prefix.lower())
            return None if currency is not None or hedge is not None else "never"
        if reading.vague or reading.approximate or reading.upper is not None or reading.scale != 1:
            return None
        if reading.suffix:
            return None if self._glued_unit(reading.suffix, before=False) is not None else "glued"
        return "article" if reading.article else "figure"

    def _followed_kinds(self, text: str) -> frozenset[_Lone]:
        """The kinds of lone number after which an amount may go on with this word (asked once per word).

        A superset of what ``_amount_at`` accepts: after a glued figure only a
        range link; after an article a word of the number
        (``continues_number``: "een paar", "een halve"), a unit, a goods marker
        or compound; after a figure also a range link ("300 tot 350") or an
        adjective before a pieces word ("1200 illegale sigaretten").
        """
        lower = text.lower()
        link = lower in self.links.index
        # the tests themselves, not their memos: this answer is kept, and most words asked
        # here (after a year or a day) are never asked about again
        if (
            lower in self.units.index
            or lower in self.goods_markers
            or continues_number(text, self.lexicon)
            or self._compound_unit(lower) is not None
        ):
            return _AFTER_ANY if link else _AFTER_NUMBER
        if link:
            return _AFTER_LINK
        return _AFTER_FIGURE if self._adjective_like(lower) else _AFTER_NONE

    def _can_start(self, text: str) -> bool:
        """Could an amount start at this token: digits, a currency sign or a number word?"""
        lower = text.lower()
        if lower in self.currency_first:
            return True
        if not text.isalpha():  # a letter is never a digit: only the other tokens need the digit test
            return any(map(str.isdigit, text))
        if text.isascii() and lower[-self.tail_size :] not in self.start_tails:
            return False  # most words: the exact tests below all need a word to end in one of these
        if lower in self.start_words:  # vague words, articles, first words of phrases
            return True
        if text.isascii() and not lower.endswith(self.number_endings):
            return False  # most words: normalising changes no ASCII word, so this test is exact
        lex = self.lexicon
        return parse_number_word(lower, lex) is not None or parse_approximate_word(lower, lex) is not None

    def _amounts_at(self, tokens: _Tokens, i: int) -> tuple[list[_Found], int]:
        """The amounts of the phrase starting at token i (one, or two for a range) and where it ends."""
        found = self._amount_at(tokens, i, allow_range=True)
        if not found:
            return [], i + 1
        if len(found) == 1:
            return found, self._restatement(tokens, found[0])
        return found, max(f.end for f in found)

    def _read(self, tokens: _Tokens, j: int) -> NumberReading | None:
        """The number phrase at token j; from that token alone (cached) when the next word cannot go on."""
        if j >= tokens.n:
            return None
        if j + 1 == tokens.n or not self._continues[tokens.texts[j + 1]]:
            return self._readings[tokens.texts[j]]
        end = j + MAX_NUMBER_TOKENS
        return read_number(tokens.texts[j:end], self.lexicon, tokens.gaps[j:end])

    def _amount_at(
        self,
        tokens: _Tokens,
        i: int,
        *,
        allow_range: bool,
        hedges: bool = True,
        default_unit: Unit | None = None,
    ) -> list[_Found]:
        """The amount (or the two amounts of a range) whose number or currency starts at token i.

        ``default_unit`` is the unit of a number that has none of its own: the
        currency of the first number of "€ 5 à 8 miljoen".
        """
        currency: Unit | None = None
        j = i
        if i < tokens.n and tokens.lowers[i] in self.currency_first:
            for _start, end, phrase in self.units.at(tokens, i):
                if _unit(phrase).position is not Position.after and end < tokens.n:
                    currency, j = _unit(phrase).unit, end
                    break
        reading = self._read(tokens, j)
        if reading is None:
            return []
        num_end = j + reading.length
        glued_hedge: Qualifier | None = None
        if reading.prefix:  # "EUR400.000", "±50"
            prefix_unit = self._glued_unit(reading.prefix, before=True)
            prefix_hedge = self.glued_qualifiers.get(reading.prefix.lower())
            if prefix_unit is not None and currency is None:
                currency = prefix_unit
            elif prefix_hedge is not None:
                glued_hedge = prefix_hedge.qualifier
            else:
                return []
        unit, unit_end = self._unit_after(tokens, reading, num_end)
        if currency is not None:
            if unit is not Unit.EUR and allow_range and reading.upper is None:
                ranged = self._range(tokens, reading, i, num_end, currency)
                if ranged:  # "€ 5 à 8 miljoen", "tussen € 2 en € 3 miljoen"
                    return ranged
            unit_end = unit_end if unit is Unit.EUR else num_end
            unit = Unit.EUR
        elif unit is None and default_unit is not None:
            unit, unit_end = default_unit, num_end
        if reading.upper is not None:
            return _token_range(reading, i, num_end, unit, unit_end)
        if unit is None:
            return self._range(tokens, reading, i, num_end, None) if allow_range else []
        if reading.article and unit is Unit.pieces:  # "een wapen" is no count
            return []
        found = _Found(i, unit_end, reading.value, unit, step=reading.step, scale=reading.scale)
        if reading.vague:
            found.qualifier = Qualifier.vague
        elif hedges:
            self._hedge(tokens, found, reading, glued_hedge)
        return [found]

    # --- units --------------------------------------------------------------------------

    def _glued_unit(self, text: str, *, before: bool) -> Unit | None:
        """The unit of a form glued to the digits ("40kg", "EUR400.000"), if it may stand there."""
        entry = self.glued_units.get(text) or self.glued_units.get(text.lower())
        if entry is None or (entry.case_sensitive and text not in self.glued_units):
            return None
        if entry.position is (Position.after if before else Position.before):
            return None
        return entry.unit

    def _unit_after(self, tokens: _Tokens, reading: NumberReading, k: int) -> tuple[Unit | None, int]:
        """The unit right after the number ending at token k (or glued to it) and the token after it."""
        if reading.suffix:
            return self._glued_unit(reading.suffix, before=False), k
        hit = self._unit_phrase(tokens, reading, k)
        if hit is not None:
            return hit
        # "1,5 miljoen illegale sigaretten": adjectives before a pieces word
        for gap in range(1, MAX_PIECES_GAP + 1):
            if k + gap > tokens.n or not self._adjective_like(tokens.lowers[k + gap - 1]):
                break
            marker = self.goods_markers.get(tokens.lowers[k + gap - 1])
            if marker is not None and k + gap < tokens.n and self._goods_word_like(tokens.lowers[k + gap]):
                return marker.unit, k + gap + 1  # "24.000 nagemaakte sneakers"
            hit = self._unit_phrase(tokens, reading, k + gap)
            if hit is not None and hit[0] is Unit.pieces:
                return hit
        return None, k

    def _unit_phrase(self, tokens: _Tokens, reading: NumberReading, k: int) -> tuple[Unit, int] | None:
        if k >= tokens.n:
            return None
        lower = tokens.lowers[k]
        units = self.units_after_digits if reading.digits else self.units_after_words
        if lower in units.index:
            for _start, end, phrase in units.at(tokens, k):  # the longest
                return _unit(phrase).unit, end
        unit = self._compounds[lower]
        return None if unit is None else (unit, k + 1)

    def _compound_unit(self, word: str) -> Unit | None:
        """The unit of a compound ending in a pieces word ("xtc-pillen") or of goods ("namaaktassen").

        Asked through ``self._compounds``, once per word.
        """
        if not word.startswith(self.compound_start_forms) and not word.endswith(self.compound_head_forms):
            return None  # most words: one test each instead of one per form
        for start, entry in self.compound_starts:
            if word.startswith(start) and len(word) > len(start) + 2 and word.replace("-", "").isalpha():
                return entry.unit
        for head, entry in self.compound_heads:
            if word.endswith(head) and len(word) > len(head):
                joined = word[-len(head) - 1] == "-"
                if joined or (len(head) >= MIN_COMPOUND_HEAD and word.isalpha()):
                    return entry.unit
        return None

    def _goods_word_like(self, word: str) -> bool:
        """A content word ("cocaïne", "pure"), not a function word or punctuation."""
        return word.isalpha() and word not in self.stop_words

    def _adjective_like(self, word: str) -> bool:
        """An attributive adjective or participle ("illegale", "gestolen"), not a noun or function word."""
        if not word.isalpha() or word in self.stop_words:
            return False
        return word.endswith("e") or (word.endswith("en") and word.startswith(("ge", "ver", "be", "ont")))

    # --- ranges -------------------------------------------------------------------------

    def _range(
        self, tokens: _Tokens, reading: NumberReading, i: int, num_end: int, currency: Unit | None
    ) -> list[_Found]:
        """ "300 tot 350 kilo", "tussen 300 en 350 kilo", "5 à 8 miljoen euro": two amounts.

        The first number takes the unit (and the multiplier) of the second.
        """
        if reading.vague or reading.article:
            return []
        for _start, link_end, phrase in self.links.at(tokens, num_end):
            entry = _link(phrase)
            if entry.role != "range" or (entry.needs_opener and not self.openers.at(tokens, i - 1)):
                continue
            second = self._amount_at(tokens, link_end, allow_range=False, hedges=False, default_unit=currency)
            if len(second) != 1:
                continue
            upper = second[0]
            if currency is not None and upper.unit is not Unit.EUR:
                continue
            value, step = reading.value, reading.step
            if reading.scale == 1 and upper.scale > 1 and reading.value * upper.scale <= upper.value:
                value, step = reading.value * upper.scale, reading.step * upper.scale
            if value > upper.value or value <= 0:
                continue
            lower = _Found(i, num_end, value, upper.unit, step=step, scale=upper.scale)
            self._hedge(tokens, lower, reading, None, allow_upper_bound=False)
            if lower.qualifier is Qualifier.approximately:  # "ongeveer 300 à 350 kilo"
                upper.qualifier = Qualifier.approximately
            return [lower, upper]
        return []

    # --- hedges -------------------------------------------------------------------------

    def _hedge(
        self,
        tokens: _Tokens,
        found: _Found,
        reading: NumberReading,
        glued: Qualifier | None,
        *,
        allow_upper_bound: bool = True,
    ) -> None:
        """Set the qualifier of ``found`` and widen its span over the hedge words."""
        if reading.approximate:
            found.qualifier = Qualifier.approximately
            return
        if glued is not None:
            found.qualifier = glued
            return
        # most amounts have no hedge: look a word up before asking the tables
        before, after = found.start - 1, found.end
        if before >= tokens.lo and tokens.lowers[before] in self.qualifiers_before.index:
            for start, _end, phrase in self.qualifiers_before.at(tokens, before):
                entry = _qualifier(phrase)
                if entry.range_end and (not allow_upper_bound or self._closes_from_range(tokens, start)):
                    return
                if entry.cancelled_by:
                    window = tokens.lowers[max(tokens.lo, start - 2) : start]
                    if any(word in entry.cancelled_by for word in window):
                        return
                found.qualifier, found.start = entry.qualifier, start
                return
        if after < tokens.n and tokens.lowers[after] in self.qualifiers_after.index:
            for _start, end, phrase in self.qualifiers_after.at(tokens, after):
                if end < tokens.n and self.qualifiers_opening.at(tokens, end - 1):
                    return  # "2,1 miljoen stuks en meer dan 1,1 miljoen ...": the next amount's hedge
                found.qualifier, found.end = _qualifier(phrase).qualifier, end
                return

    def _closes_from_range(self, tokens: _Tokens, k: int) -> bool:
        """Does "tot" at token k close a range: "van 70 ton in 2021 tot 50 ton", "300 kilo tot 350 kilo"?"""
        if k - 1 >= tokens.lo and (
            any(map(str.isdigit, tokens.texts[k - 1])) or self.units.at(tokens, k - 1)
        ):
            return True
        for back in range(k - 1, max(tokens.lo, k - FROM_WINDOW) - 1, -1):
            if tokens.lowers[back] in SENTENCE_ENDS:
                return False
            if tokens.lowers[back] in self.from_words:
                return any(
                    self._starts[tokens.texts[n]] and self._read(tokens, n) is not None
                    for n in range(back + 1, min(back + 4, k))
                )
        return False

    # --- restatements -------------------------------------------------------------------

    def _restatement(self, tokens: _Tokens, main: _Found) -> int:
        """Attach "(oftewel 160.000 kilo)" to the amount before it; returns where the scan goes on."""
        lowers, n = tokens.lowers, tokens.n
        k = main.end
        opens = k < n and lowers[k] in self.restatement_starts
        if not opens and "(" not in lowers[k + 1 : k + 1 + MAX_GOODS_GAP]:
            return main.end  # most amounts: no bracket, comma or restatement word right after them
        # "160 ton cocaïne (oftewel 160.000 kilo)": the goods may stand before the bracket
        for gap in range(1, MAX_GOODS_GAP + 1):
            if k + gap < n and lowers[k + gap] == "(":
                if all(self._goods_word_like(lowers[m]) for m in range(k, k + gap)):
                    k += gap
                break
        paren = k < n and lowers[k] == "("
        if paren or (k < n and lowers[k] == ","):
            k += 1
        linked, same_unit = False, True
        if k < n and lowers[k] in self.links.index:
            for _start, end, phrase in self.links.at(tokens, k):
                if _link(phrase).role == "restatement":
                    k, linked, same_unit = end, True, _link(phrase).same_unit
                    break
        if not (paren or linked) or k >= n:
            return main.end
        hedge_start = k
        for _start, end, _phrase in self.qualifiers_opening.at(tokens, k):  # "(ruim 2,1 miljoen euro)"
            k = end
            break
        alternate = self._amount_at(tokens, k, allow_range=False, hedges=False)
        if len(alternate) != 1 or not _restates(main, alternate[0], same_unit=same_unit):
            return main.end
        alternate[0].start = hedge_start
        main.alternates.append(alternate[0])
        after = alternate[0].end
        if paren and after < n and lowers[after] == ")":
            after += 1
        return after

    # --- records ------------------------------------------------------------------------

    def _span(self, doc: Doc, table: TokenTable, found: _Found) -> Span:
        """The record's Span; its text and offsets come from the token table (no Token objects).

        The records are validated from dicts by the models' validators: the
        same checks as ``model_validate`` (and as keyword arguments), without
        its Python wrapper, on the hot path of every amount.
        """
        fields = _amount_fields(table, found)
        fields["qualifier"] = found.qualifier
        alternates: list[AlternateAmount] = []
        for alt in found.alternates:  # mostly none: a loop, not a list comprehension (a call of its own)
            alternates.append(_validate_alternate(_amount_fields(table, alt)))
        fields["alternates"] = alternates
        span = Span(doc, found.start, found.end)
        set_span_value(span, "quantity", _validate_quantity(fields))
        return span


#: ``Quantity.model_validate`` and ``AlternateAmount.model_validate`` without the classmethod wrapper.
_validate_quantity = Quantity.__pydantic_validator__.validate_python
_validate_alternate = AlternateAmount.__pydantic_validator__.validate_python


def _amount_fields(table: TokenTable, found: _Found) -> dict[str, object]:
    """The fields that a ``Quantity`` and an ``AlternateAmount`` share: text, offsets, value, unit."""
    base_unit, factor = BASE_UNITS[found.unit]
    return {
        "text": table.text(found.start, found.end),
        "start": table.idx[found.start],
        "end": table.end_char(found.end - 1),
        "value": float(found.value),
        "unit": found.unit,
        "normalized_value": float(found.value * factor),
        "normalized_unit": base_unit,
    }


def _unit(phrase: _Phrase) -> UnitEntry:
    return phrase.entry  # type: ignore[return-value]


def _qualifier(phrase: _Phrase) -> QualifierEntry:
    return phrase.entry  # type: ignore[return-value]


def _link(phrase: _Phrase) -> LinkEntry:
    return phrase.entry  # type: ignore[return-value]


def _token_range(
    reading: NumberReading, i: int, num_end: int, unit: Unit | None, unit_end: int
) -> list[_Found]:
    """ "300-350 kilo", "5-8 miljoen euro": one token, two amounts (the multiplier is shared)."""
    if unit is None or reading.upper is None:
        return []
    value = reading.value if reading.base <= reading.upper / reading.scale else reading.base
    if value > reading.upper:
        return []
    return [
        _Found(i, num_end, value, unit, step=reading.step),
        _Found(i, unit_end, reading.upper, unit, step=reading.upper_step),
    ]


def _restates(first: _Found, second: _Found, *, same_unit: bool = True) -> bool:
    """Same dimension and a close value: the same amount said twice.

    Close is within ``RESTATEMENT_TOLERANCE``; across units ("ruim 2 ton
    (2.400 kilo)") also within one unit of the rounder figure's last digit.
    ``same_unit=False`` (after "of") requires another unit: "5 kilo of 6 kilo"
    are two amounts.
    """
    if second.qualifier is Qualifier.vague or first.qualifier is Qualifier.vague:
        return False
    if first.unit is second.unit and not same_unit:
        return False
    base_a, factor_a = BASE_UNITS[first.unit]
    base_b, factor_b = BASE_UNITS[second.unit]
    if base_a is not base_b:
        return False
    a, b = first.value * factor_a, second.value * factor_b
    if a <= 0 or b <= 0:
        return False
    diff = abs(a - b)
    if diff <= RESTATEMENT_TOLERANCE * max(a, b):
        return True
    return first.unit is not second.unit and diff <= max(first.step * factor_a, second.step * factor_b)


@Language.factory(
    "customs_quantities",
    default_config={"patterns_path": None},
    assigns=["doc._.quantities"],
)
def make_quantities(nlp: Language, name: str, *, patterns_path: str | None) -> QuantitiesComponent:
    return QuantitiesComponent(nlp, name, patterns_path=patterns_path)
