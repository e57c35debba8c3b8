"""One table of token strings and offsets per Doc, shared by every component.

spaCy builds a new Python ``Token`` object on every ``doc[i]`` and on every
step of ``for token in doc``: about a microsecond each, which made Token
objects a quarter of the pipeline's time when each component walked the
Doc on its own. The table reads the attribute array once
(``doc.to_array``), turns hashes into strings through a memo of distinct
strings, and keeps plain lists. Components index lists instead of Tokens,
and test a property once per distinct string, ever (``TokenTable.where``
with a ``HashMemo``), instead of once per token.

The table is built on first use and kept in a weak map keyed by the Doc
(not in ``doc.user_data``, which ``Doc.to_bytes`` would try to serialise);
tokens do not change after the tokenizer, so it stays valid for the whole
pipeline, and it goes when the Doc goes.
Sentence starts do change (``customs_metadata`` ends sentences at line
breaks), so they are read fresh with ``sentence_starts``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat

import numpy
from spacy.attrs import IDX, LOWER, ORTH, SENT_START, SPACY
from spacy.strings import get_string_id
from spacy.tokens import Doc

from extractor.hash_memo import HashMemo

#: Distinct strings (and test results) kept in a memo before it is emptied: bounded memory.
MAX_MEMO = 200_000
_GAPS = numpy.array(["", " "], dtype=object)  # spaCy keeps at most one trailing space per token
_MISSING = repeat(-1)  # ``dict.get`` default for ``map``: an id never given out

#: Doc -> its table; an entry goes when its Doc is garbage-collected.
_TABLES: weakref.WeakKeyDictionary[Doc, TokenTable] = weakref.WeakKeyDictionary()


class StringIds:
    """Dense ids 0, 1, 2 ... for the token strings seen so far, with their lower-case forms.

    A hash is a function of its string, so one numbering serves the Docs of every
    vocabulary. Finding a Doc's ids is the one dict lookup per token; the strings,
    their lower-case forms and every ``HashMemo`` result are then numpy ``take``\\ s
    by id. The lower-case form is a vocabulary's lexeme attribute: it is kept with
    the LOWER hash it was read with, and a Doc whose LOWER hashes differ reads its own.
    Emptied at ``MAX_MEMO`` strings; ``generation`` then tells old ids from new.
    """

    def __init__(self) -> None:
        self.generation = 0
        self.clear()

    def clear(self) -> None:
        """Forget every string; ids given out before are stale (``generation`` changes)."""
        self.generation += 1
        self.ids: dict[int, int] = {}
        self.texts: list[str] = []
        self._texts = numpy.empty(0, dtype=object)
        self._lower_hashes = numpy.empty(0, dtype=numpy.uint64)
        self._lowers = numpy.empty(0, dtype=object)

    def __len__(self) -> int:
        return len(self.texts)

    def ids_of(self, orths: list[int], describe: Callable[[int], tuple[str, int, str]]) -> numpy.ndarray:
        """The ids of ``orths`` as an int64 array; strings without one are numbered first.

        ``describe(i)`` gives (text, lower hash, lower text) of the string at position ``i``.
        """
        ids = numpy.fromiter(map(self.ids.get, orths, _MISSING), dtype=numpy.int64, count=len(orths))
        if len(ids) and ids.min() < 0:  # new strings: a few per Doc, looked at one by one
            missing = (ids < 0).nonzero()[0].tolist()
            first = {orths[i]: i for i in missing}
            self.add([(orth, *describe(i)) for orth, i in first.items()])
            ids[missing] = [self.ids[orths[i]] for i in missing]
        return ids

    def add(self, new: list[tuple[int, str, int, str]]) -> None:
        """Number ``(orth hash, text, lower hash, lower text)`` of strings without an id."""
        size = len(self.texts)
        if size + len(new) > len(self._texts):
            room = max(size + len(new), 2 * size, 1024)
            self._texts = numpy.resize(self._texts, room)
            self._lower_hashes = numpy.resize(self._lower_hashes, room)
            self._lowers = numpy.resize(self._lowers, room)
        for i, (orth, text, lower_hash, lower) in enumerate(new, size):
            self.ids[orth] = i
            self.texts.append(text)
            self._texts[i], self._lower_hashes[i], self._lowers[i] = text, lower_hash, lower

    def texts_of(self, ids: numpy.ndarray) -> list[str]:
        return self._texts.take(ids).tolist()

    def lowers_of(self, ids: numpy.ndarray, lower_hashes: numpy.ndarray) -> list[str] | None:
        """The lower-case forms of ``ids``; None when ``lower_hashes`` (the Doc's) are not the kept ones."""
        if not (self._lower_hashes.take(ids) == lower_hashes).all():
            return None
        return self._lowers.take(ids).tolist()


#: The numbering shared by all tables.
STRING_IDS = StringIds()


@dataclass(slots=True)
class TokenTable:
    """The strings of one Doc's tokens, as lists indexed like the Doc."""

    texts: list[str]  # token.text
    lowers: list[str]  # token.lower_
    gaps: list[str]  # token.whitespace_: "" or " "
    idx: list[int]  # token.idx: character offset of the token's first character
    orths: list[int]  # ORTH hash of each token
    ids: numpy.ndarray  # ``STRING_IDS`` id of each token's text (of numbering ``generation``)
    generation: int
    _doc_text: str | None = None  # ``doc.text``, joined on first use by ``text``

    def __len__(self) -> int:
        return len(self.texts)

    def end_char(self, i: int) -> int:
        """Character offset just after token ``i`` (``token.idx + len(token)``)."""
        return self.idx[i] + len(self.texts[i])

    def text(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` as ``doc[start:end].text`` gives it.

        A slice of the Doc's text, which is joined once (tokens and gaps
        interleaved) on the first call that spans more than one token: the
        components ask for some thirty stretches per Doc, and adding each token
        to its gap made a new string per token each time.
        """
        if end - start <= 1:
            return self.texts[start] if end > start else ""
        if self._doc_text is None:
            joined = [""] * (2 * len(self.texts))
            joined[::2] = self.texts
            joined[1::2] = self.gaps
            self._doc_text = "".join(joined)
        return self._doc_text[self.idx[start] : self.idx[end - 1] + len(self.texts[end - 1])]

    def where(self, memo: HashMemo) -> list[int]:
        """Positions of the tokens whose text passes ``memo``'s test (each string tested once, ever)."""
        return self.codes(memo).nonzero()[0].tolist()

    def codes(self, memo: HashMemo) -> numpy.ndarray:
        """``memo``'s test of every token's text, as an int array indexed like the Doc.

        One ``code`` can answer several questions at once as bit flags. The
        results are kept per string across Docs (see ``HashMemo.at``).
        """
        return memo.at(self._current_ids(), STRING_IDS)

    def _current_ids(self) -> numpy.ndarray:
        """``ids``, or the tokens' ids in the current numbering when it was emptied since the build."""
        if self.generation == STRING_IDS.generation:
            return self.ids
        return STRING_IDS.ids_of(
            self.orths, lambda i: (self.texts[i], get_string_id(self.lowers[i]), self.lowers[i])
        )


def token_table(doc: Doc) -> TokenTable:
    """The Doc's table, built on first use and cached on the Doc."""
    table = _TABLES.get(doc)
    if table is None or len(table) != len(doc):  # built anew after a retokenization
        table = _TABLES[doc] = build_table(doc)
    return table


def build_table(doc: Doc) -> TokenTable:
    """Read the attribute array once; strings come from the shared numbering by id.

    One ``map`` of a dict lookup over the token hashes finds the ids (strings
    not seen before are numbered first); the rest are numpy ``take``\\ s: no
    Python step per token.
    """
    if len(STRING_IDS) > MAX_MEMO:
        STRING_IDS.clear()
    array = doc.to_array([ORTH, LOWER, SPACY, IDX])
    orths, lower_hashes = array[:, 0].tolist(), array[:, 1]
    strings = doc.vocab.strings

    def describe(i: int) -> tuple[str, int, str]:
        lower = int(lower_hashes[i])
        return strings[orths[i]], lower, strings[lower]

    ids = STRING_IDS.ids_of(orths, describe)
    lowers = STRING_IDS.lowers_of(ids, lower_hashes)
    if lowers is None:  # another vocabulary's lower-case forms
        lowers = list(map(strings.__getitem__, lower_hashes.tolist()))
    return TokenTable(
        texts=STRING_IDS.texts_of(ids),
        lowers=lowers,
        gaps=_GAPS.take(array[:, 2]).tolist(),
        idx=array[:, 3].tolist(),
        orths=orths,
        ids=ids,
        generation=STRING_IDS.generation,
    )


def sentence_starts(doc: Doc) -> list[int]:
    """Token positions that start a sentence (token 0 always does), read from the array."""
    if not len(doc):
        return []
    flags = doc.to_array(SENT_START)  # one attribute id (not a list): a 1-d array
    starts = (flags == 1).nonzero()[0].tolist()  # ``nonzero``: less Python around it than ``flatnonzero``
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts
