"""The shape of a person's name in Dutch and Flemish text, without an NER model.

A name is a short run of capitalised words, optionally with initials
("J. de Vries") and one surname particle group ("Van Peteghem", "van der
Berg", "in 't Veld"). The officials component anchors names on role words;
this module only answers "is there a name starting/ending here?" and "which
part is the surname?", one sentence at a time, with linear scans.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc

from extractor.hash_memo import TextMemo
from extractor.token_table import MAX_MEMO, sentence_starts, token_table

#: At most this many tokens in one name ("Anne-Marie van den Bossche" is 4).
MAX_NAME_TOKENS = 6
#: At most this many capitalised words without a particle ("Maria Elena Sanchez").
MAX_NAME_WORDS = 3

_INITIAL_RE = re.compile(r"^(?:[A-ZÀ-Ý][a-z]{0,2}\.)+$")
_WORD_CHARS_EXTRA = frozenset("-'’")
_ADJECTIVE_ENDINGS = ("se", "sche")
_APOSTROPHES = frozenset({"’", "'"})

# What a token text is, as bit flags (``NameLexicon.word_class``)
_WORD = 1  # shaped like a name word and not a blocked word
_ORGANISATION = 2  # an organisation word: a surname only after a particle
_ADJECTIVE = 4  # ends like a place adjective ("Antwerpse")
_INITIAL = 8  # "J.", "A.J.", "Th."
_CAPITALISED = 16  # starts with a capital, has a letter
_PARTICLE_START = 32  # first word of a particle group ("van", "in")
_NAME_START = 64  # may start a name: a word, an initial, a particle, the "D" of "D’Hondt"


@dataclass(frozen=True)
class NameLexicon:
    """What the name scanner needs to know about words."""

    particles: frozenset[tuple[str, ...]]
    #: lowercase words that are never part of a name (function words, months, adjectives ...)
    blocked_words: frozenset[str]
    #: lowercase organisation words: not a name, except as a surname after a particle ("Van 't Hof")
    organisation_words: frozenset[str] = frozenset()

    @cached_property
    def max_particle_len(self) -> int:
        return max((len(p) for p in self.particles), default=0)

    @cached_property
    def particle_starts(self) -> frozenset[str]:
        """First words of the particle groups: a token without one starts no particle."""
        return frozenset(p[0] for p in self.particles if p)

    @cached_property
    def classes(self) -> TextMemo[int]:
        """text -> its ``word_class`` flags, kept from Doc to Doc (names recur, and tests run per text)."""
        return TextMemo(self._classify, MAX_MEMO)

    def word_class(self, text: str) -> int:
        """The flags of ``text`` (``_WORD``, ``_INITIAL`` ...), computed once per distinct text."""
        return self.classes[text]

    def _classify(self, text: str) -> int:
        lower = text.lower()
        flags = 0
        if (
            len(text) >= 2
            and text[0].isupper()
            and any(c.islower() for c in text)
            and all(c.isalpha() or c in _WORD_CHARS_EXTRA for c in text)
            and lower not in self.blocked_words
        ):
            flags |= _WORD
        if lower in self.organisation_words:
            flags |= _ORGANISATION
        if lower.endswith(_ADJECTIVE_ENDINGS):
            flags |= _ADJECTIVE
        if _INITIAL_RE.match(text):
            flags |= _INITIAL
        if text and text[0].isupper() and any(c.isalpha() for c in text):
            flags |= _CAPITALISED
        if lower in self.particle_starts:
            flags |= _PARTICLE_START
        if flags & (_WORD | _INITIAL | _PARTICLE_START) or (len(text) == 1 and text.isupper()):
            flags |= _NAME_START
        return flags


class NameParts:
    """A name split into given part and surname; ``key`` identifies the surname.

    ``key`` and ``first_given`` are asked of every candidate and mention of the name, so they are
    computed here, once (plain attributes: a ``cached_property`` takes a lock on first use).
    """

    __slots__ = ("given", "surname", "key", "first_given")

    def __init__(self, given: tuple[str, ...], surname: tuple[str, ...]) -> None:
        self.given = given
        self.surname = surname
        self.key: tuple[str, ...] = tuple([part.lower() for part in surname])
        self.first_given: str = given[0].lower().rstrip(".") if given else ""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NameParts):
            return NotImplemented
        return self.given == other.given and self.surname == other.surname

    def __hash__(self) -> int:
        return hash((self.given, self.surname))

    def __repr__(self) -> str:
        return f"NameParts(given={self.given!r}, surname={self.surname!r})"


def compatible_given(a: str, b: str) -> bool:
    """Whether two given-name forms may belong to one person ("" = unknown, "j" fits "jan")."""
    if not a or not b:
        return True
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) <= 2 and long_.startswith(short)


class NameScanner:
    """Name shapes in one Doc. ``blocked`` token indices (role words, ports) never join a name."""

    def __init__(self, doc: Doc, lexicon: NameLexicon, blocked: Iterable[int] = ()) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.blocked = frozenset(blocked)
        self._max_particle = lexicon.max_particle_len
        self._particles = lexicon.particles
        #: text -> ``word_class`` flags: subscripted directly in the scans, without a call per token
        self._classes: TextMemo[int] = lexicon.classes
        # the Doc's shared token table: no Token objects, nothing built per token here
        table = token_table(doc)
        self.table = table
        self.texts: list[str] = table.texts
        self.lowers: list[str] = table.lowers
        self.char_starts: list[int] = table.idx
        self.spaced: list[str] = table.gaps  # " " (truthy) when whitespace follows the token
        self._text, self._lower = self.texts, self.lowers
        self._parts: dict[tuple[int, int], NameParts] = {}
        self._starts: list[int] | None = None  # ``_sentence_starts``, read on first use

    def _sentence_starts(self) -> list[int]:
        """Token positions that start a sentence, read on first use.

        Looked up by bisection at the few candidate tokens rather than spread into
        per-token lists: Docs without a role or speech word never ask at all.
        """
        starts = self._starts
        if starts is None:
            starts = self._starts = sentence_starts(self.doc)
        return starts

    def sentence_start(self, i: int) -> int:
        """Index of the first token of token ``i``'s sentence."""
        starts = self._starts or self._sentence_starts()
        return starts[bisect_right(starts, i) - 1]

    def sentence_end(self, i: int) -> int:
        """Index just after the last token of token ``i``'s sentence."""
        starts = self._starts or self._sentence_starts()
        k = bisect_right(starts, i)
        return starts[k] if k < len(starts) else len(self.texts)

    def text(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` (``TokenTable.text``)."""
        return self.table.text(start, end)

    def block(self, indices: Iterable[int]) -> None:
        """Keep the tokens at ``indices`` (role words, ports) out of names."""
        self.blocked = self.blocked | frozenset(indices)

    # --- token classes -----------------------------------------------------------

    def is_word(self, i: int, after_particle: bool = False) -> bool:
        """A capitalised word that may be part of a name ("Peeters", "D'Hondt", "Yeşilgöz-Zegerius")."""
        if i in self.blocked:
            return False
        flags = self._classes[self._text[i]]
        if not flags & _WORD:
            return False
        if flags & _ADJECTIVE and i + 1 < len(self._text) and self._text[i + 1].islower():
            return False  # a place adjective before its noun: "Antwerpse haven", "Zeeuwse politie"
        return after_particle or not flags & _ORGANISATION

    def word_end(self, i: int, after_particle: bool = False) -> int:
        """End of the name word starting at ``i`` (0 if none); "D’Hondt" is three tokens."""
        if self.is_word(i, after_particle):
            return i + 1
        if (
            i + 2 < len(self._text)
            and len(self._text[i]) == 1
            and self._text[i].isupper()
            and self._text[i + 1] in _APOSTROPHES
            and not self.spaced[i]
            and not self.spaced[i + 1]
            and i not in self.blocked
            and self.is_word(i + 2)
        ):
            return i + 3
        return 0

    def is_initial(self, i: int) -> bool:
        """An initial such as "J.", "A.J." or "Th."."""
        return i not in self.blocked and bool(self._classes[self._text[i]] & _INITIAL)

    def is_capitalised(self, i: int) -> bool:
        """Starts with a capital letter (words, acronyms, adjectives such as "Antwerpse")."""
        return bool(self._classes[self._text[i]] & _CAPITALISED)

    def particle_at(self, i: int, limit: int | None = None) -> int:
        """Length of the longest particle group starting at token ``i`` (0 if none)."""
        limit = self.sentence_end(i) if limit is None else limit
        if limit <= i or not self._classes[self._text[i]] & _PARTICLE_START:
            return 0
        return self._particle_len(i, limit)

    def _particle_len(self, i: int, limit: int) -> int:
        """``particle_at`` for a token known to start a particle group, before ``limit`` (> ``i``)."""
        lowers, particles = self._lower, self._particles
        for n in range(min(self._max_particle, limit - i), 0, -1):
            if tuple(lowers[i : i + n]) in particles:
                return n
        return 0

    # --- names ---------------------------------------------------------------------

    def forward(self, i: int) -> tuple[int, int] | None:
        """The name starting at token ``i``, or None.

        Anonymised names ("Jan P.") and bare initials give None: they are never officials.
        A lowercase particle cannot start a name; a capitalised one can ("Van Peteghem").
        """
        texts, classes = self._text, self._classes
        if i >= len(texts) or not classes[texts[i]] & _NAME_START:
            return None
        limit = min(self.sentence_end(i), i + MAX_NAME_TOKENS)
        blocked = self.blocked
        j, words, last = i, 0, ""
        while j < limit:
            flags = classes[texts[j]]  # the token's classes read once (``is_initial``, ``particle_at``)
            if flags & _INITIAL and j not in blocked:
                if words:
                    last = "initial"
                    j += 1
                    break
                j, last = j + 1, "initial"
                continue
            n = self._particle_len(j, limit) if flags & _PARTICLE_START else 0
            if n:
                if j == i and not texts[j][0].isupper():
                    return None
                surname_end = self.word_end(j + n, after_particle=True) if j + n < limit else 0
                if words > 1 or not surname_end or surname_end > limit:
                    break
                j, words, last = surname_end, words + 1, "word"
                break
            word_end = self.word_end(j)
            if word_end and word_end <= limit:
                j, words, last = word_end, words + 1, "word"
                if words >= MAX_NAME_WORDS:
                    break
                continue
            break
        if words == 0 or last != "word":
            return None
        return i, j

    def ending_at(self, end: int, lowest: int = 0) -> tuple[int, int] | None:
        """The longest name that ends exactly before token ``end``."""
        if end <= 0 or not self.is_word(end - 1, after_particle=True):
            return None  # every name ends in a name word: most tokens end none
        first = max(lowest, self.sentence_start(end - 1), end - MAX_NAME_TOKENS)
        texts, classes = self._text, self._classes
        for start in range(first, end):
            if not classes[texts[start]] & _NAME_START:
                continue  # ``forward``'s first test, without the call
            found = self.forward(start)
            if found is not None and found[1] == end:
                return found
        return None

    def split_run(self, start: int, end: int, keep: int = 1) -> int | None:
        """Where a name closes a capitalised run, keeping ``keep`` tokens for the organisation.

        "Financiën Vincent Van Peteghem" -> the index of "Vincent"; "Functioneel Parket" -> None.
        The name is one given word or initials plus the surname; a bare surname only
        counts when it starts with a capitalised particle ("Financiën Van Peteghem").
        """
        last = end - 1
        floor = start + keep  # the name may not start before this token
        if last < floor or not self.is_word(last, after_particle=True):
            return None
        s = last
        for n in range(min(self._max_particle, s - floor), 0, -1):
            if tuple(self._lower[s - n : s]) in self._particles:
                s -= n
                break
        surname_start = s
        if surname_start == last and not self.is_word(last):
            return None  # an organisation word is a surname only after a particle ("Van 't Hof")
        has_given = False
        while s - 1 >= floor and self.is_initial(s - 1):
            s, has_given = s - 1, True
        if not has_given and s - 1 >= floor and self.is_word(s - 1) and not self.particle_at(s - 1, s):
            s, has_given = s - 1, True
        if not has_given and not (surname_start < last and self._text[s][0].isupper()):
            return None
        found = self.forward(s)
        return s if found is not None and found[1] == end else None

    def parts(self, start: int, end: int) -> NameParts:
        """Given part and surname of the name ``doc[start:end]`` (asked several times per name: memoised)."""
        parts = self._parts.get((start, end))
        if parts is None:
            parts = self._parts[start, end] = self._split(start, end)
        return parts

    def _split(self, start: int, end: int) -> NameParts:
        """``parts`` without the memo."""
        texts = self._text[start:end]
        classes = self._classes
        for k, text in enumerate(texts[:-1], start):  # ``particle_at(k, end)``, its first test inline
            if (
                classes[text] & _PARTICLE_START
                and self._particle_len(k, end)
                and (k > start or texts[0][0].isupper())
            ):
                return NameParts(tuple(texts[: k - start]), tuple(texts[k - start :]))
        cut = len(texts) - 1
        if cut >= 2 and texts[cut - 1] in _APOSTROPHES and not self.spaced[start + cut - 2]:
            cut -= 2  # "D’Hondt"
        return NameParts(tuple(texts[:cut]), tuple(texts[cut:]))

    def is_strong(self, start: int, end: int) -> bool:
        """A name that can stand on its own: a given part, or a capitalised particle ("De Vries")."""
        parts = self.parts(start, end)
        return bool(parts.given) or len(parts.surname) > 1
