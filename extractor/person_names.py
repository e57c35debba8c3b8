"""The shape of a person's name in Dutch and Flemish text, without an NER model.

A name is a short run of capitalised words, optionally with initials
("J. de Vries") and one surname particle group ("Van Peteghem", "van der
Berg", "in 't Veld"). The officials component anchors names on role words;
this module only answers "is there a name starting/ending here?" and "which
part is the surname?", one sentence at a time, with linear scans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc

#: At most this many tokens in one name ("Anne-Marie van den Bossche" is 4).
MAX_NAME_TOKENS = 6
#: At most this many capitalised words without a particle ("Maria Elena Sanchez").
MAX_NAME_WORDS = 3

_INITIAL_RE = re.compile(r"^(?:[A-ZÀ-Ý][a-z]{0,2}\.)+$")
_WORD_CHARS_EXTRA = frozenset("-'’")
_ADJECTIVE_ENDINGS = ("se", "sche")
_APOSTROPHES = frozenset({"’", "'"})


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


@dataclass(frozen=True)
class NameParts:
    """A name split into given part and surname; ``key`` identifies the surname."""

    given: tuple[str, ...]
    surname: tuple[str, ...]

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(part.lower() for part in self.surname)

    @property
    def first_given(self) -> str:
        return self.given[0].lower().rstrip(".") if self.given else ""


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
        # one pass over the tokens: creating spaCy Token objects is the expensive part
        self.texts: list[str] = []
        self.lowers: list[str] = []
        self.char_starts: list[int] = []
        self.spaced: list[bool] = []  # whitespace follows the token
        opens: list[bool] = []
        for token in doc:
            self.texts.append(token.text)
            self.lowers.append(token.lower_)
            self.char_starts.append(token.idx)
            self.spaced.append(bool(token.whitespace_))
            opens.append(bool(token.is_sent_start))
        self.char_ends = [start + len(text) for start, text in zip(self.char_starts, self.texts, strict=True)]
        self._text, self._lower = self.texts, self.lowers
        n = len(self.texts)
        self.sent_start: list[int] = [0] * n
        self.sent_end: list[int] = [n] * n
        current = 0
        for i in range(n):
            if i and opens[i]:
                current = i
            self.sent_start[i] = current
        current = n
        for i in range(n - 1, -1, -1):
            self.sent_end[i] = current
            if opens[i]:
                current = i

    def block(self, indices: Iterable[int]) -> None:
        """Keep the tokens at ``indices`` (role words, ports) out of names."""
        self.blocked = self.blocked | frozenset(indices)

    # --- token classes -----------------------------------------------------------

    def is_word(self, i: int, after_particle: bool = False) -> bool:
        """A capitalised word that may be part of a name ("Peeters", "D'Hondt", "Yeşilgöz-Zegerius")."""
        if i in self.blocked:
            return False
        text = self._text[i]
        if len(text) < 2 or not text[0].isupper() or not any(c.islower() for c in text):
            return False
        if not all(c.isalpha() or c in _WORD_CHARS_EXTRA for c in text):
            return False
        if (
            self._lower[i].endswith(_ADJECTIVE_ENDINGS)
            and i + 1 < len(self._text)
            and self._text[i + 1].islower()
        ):
            return False  # a place adjective before its noun: "Antwerpse haven", "Zeeuwse politie"
        lower = self._lower[i]
        if lower in self.lexicon.blocked_words:
            return False
        return after_particle or lower not in self.lexicon.organisation_words

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
        return i not in self.blocked and bool(_INITIAL_RE.match(self._text[i]))

    def is_capitalised(self, i: int) -> bool:
        """Starts with a capital letter (words, acronyms, adjectives such as "Antwerpse")."""
        text = self._text[i]
        return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)

    def particle_at(self, i: int, limit: int | None = None) -> int:
        """Length of the longest particle group starting at token ``i`` (0 if none)."""
        limit = self.sent_end[i] if limit is None else limit
        for n in range(min(self._max_particle, limit - i), 0, -1):
            if tuple(self._lower[i : i + n]) in self.lexicon.particles:
                return n
        return 0

    # --- names ---------------------------------------------------------------------

    def forward(self, i: int) -> tuple[int, int] | None:
        """The name starting at token ``i``, or None.

        Anonymised names ("Jan P.") and bare initials give None: they are never officials.
        A lowercase particle cannot start a name; a capitalised one can ("Van Peteghem").
        """
        if i >= len(self.doc):
            return None
        limit = min(self.sent_end[i], i + MAX_NAME_TOKENS)
        j, words, last = i, 0, ""
        while j < limit:
            if self.is_initial(j):
                if words:
                    last = "initial"
                    j += 1
                    break
                j, last = j + 1, "initial"
                continue
            n = self.particle_at(j, limit)
            if n:
                if j == i and not self._text[j][0].isupper():
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
        if end <= 0:
            return None
        first = max(lowest, self.sent_start[end - 1], end - MAX_NAME_TOKENS)
        for start in range(first, end):
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
            if tuple(self._lower[s - n : s]) in self.lexicon.particles:
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
        """Given part and surname of the name ``doc[start:end]``."""
        texts = self._text[start:end]
        for k in range(start, end - 1):
            if self.particle_at(k, end) and (k > start or texts[0][0].isupper()):
                return NameParts(tuple(texts[: k - start]), tuple(texts[k - start :]))
        cut = len(texts) - 1
        if cut >= 2 and texts[cut - 1] in _APOSTROPHES and not self.spaced[start + cut - 2]:
            cut -= 2  # "D’Hondt"
        return NameParts(tuple(texts[:cut]), tuple(texts[cut:]))

    def is_strong(self, start: int, end: int) -> bool:
        """A name that can stand on its own: a given part, or a capitalised particle ("De Vries")."""
        parts = self.parts(start, end)
        return bool(parts.given) or len(parts.surname) > 1
