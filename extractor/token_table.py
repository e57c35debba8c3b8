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
breaks), so they are read fresh with ``sentence_starts`` (or, by the component
that builds the table, with it: ``token_table_with``).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat

import numpy
from spacy.attrs import IDX, LOWER, ORTH, SENT_START, SPACY
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

from extractor.hash_memo import HashMemo

#: Distinct strings (and test results) kept in a memo before it is emptied: bounded memory.
MAX_MEMO = 200_000
_GAPS = numpy.array(["", " "], dtype=object)  # spaCy keeps at most one trailing space per token
_MISSING = repeat(-1)  # ``dict.get`` default for ``map``: an id never given out
#: The attribute columns a table is read from, in this order.
_TABLE_ATTRS = (ORTH, LOWER, SPACY, IDX)

#: ``describe(positions)`` of ``StringIds.ids_of``: (texts, lower hashes, lower texts) of some tokens.
Describe = Callable[[list[int]], tuple[list[str], list[int], list[str]]]

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
        # id -> (text, lower text), side by side: one ``take`` (and one cache line per string) for both
        self._strings = numpy.empty((0, 2), dtype=object)
        self._lower_hashes = numpy.empty(0, dtype=numpy.uint64)

    def __len__(self) -> int:
        return len(self.texts)

    def ids_of(self, orths: list[int], describe: Describe) -> numpy.ndarray:
        """The ids of ``orths`` as an int64 array; strings without one are numbered first.

        ``describe(positions)`` gives the texts, lower hashes and lower texts of the strings at
        ``positions`` (of ``orths``).
        """
        ids = numpy.fromiter(map(self.ids.get, orths, _MISSING), dtype=numpy.int64, count=len(orths))
        # (not ``ids.min()`` first: most Docs bring new strings, and ``min`` costs as much as this)
        missing = (ids < 0).nonzero()[0].tolist()
        if missing:  # new strings: a few per Doc, described and stored in bulk
            firsts = list({orths[i]: i for i in missing}.values())  # one position per new string
            self.add([orths[i] for i in firsts], *describe(firsts))
            ids[missing] = list(map(self.ids.__getitem__, map(orths.__getitem__, missing)))
        return ids

    def add(self, orths: list[int], texts: list[str], lower_hashes: list[int], lowers: list[str]) -> None:
        """Number the strings (orth hashes ``orths``, ``texts``, ...) that have no id yet."""
        size = len(self.texts)
        end = size + len(orths)
        if end > len(self._strings):
            room = max(end, 2 * size, 1024)
            self._strings = numpy.resize(self._strings, (room, 2))  # the rows kept stay first
            self._lower_hashes = numpy.resize(self._lower_hashes, room)
        self.ids.update(zip(orths, range(size, end), strict=True))
        self.texts += texts
        # slices, not one numpy item per string: each numpy call costs more than its work here
        self._strings[size:end, 0] = texts
        self._strings[size:end, 1] = lowers
        self._lower_hashes[size:end] = lower_hashes

    def strings_of(
        self, ids: numpy.ndarray, lower_hashes: numpy.ndarray
    ) -> tuple[list[str], list[str] | None]:
        """The texts and lower-case forms of ``ids``; no lower-case forms when ``lower_hashes`` (the
        Doc's) are not the kept ones."""
        texts, lowers = self._strings.take(ids, axis=0).T.tolist()
        # bytes compared at C speed: ``(a == b).all()`` is two numpy calls with Python around them
        if self._lower_hashes.take(ids).tobytes() != lower_hashes.tobytes():
            return texts, None
        return texts, lowers


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
        return STRING_IDS.ids_of(self.orths, self._describe)

    def _describe(self, positions: list[int]) -> tuple[list[str], list[int], list[str]]:
        """``StringIds.ids_of``'s ``describe`` from the table's own strings."""
        lowers = [self.lowers[i] for i in positions]
        return [self.texts[i] for i in positions], list(map(get_string_id, lowers)), lowers


def token_table(doc: Doc) -> TokenTable:
    """The Doc's table, built on first use and cached on the Doc."""
    table = _kept_table(doc)
    if table is None:
        table = _TABLES[doc] = build_table(doc)
    return table


def token_table_with(doc: Doc, attr: int) -> tuple[TokenTable, numpy.ndarray]:
    """The Doc's table (as ``token_table``) and the Doc's current ``attr`` values (a 1-d uint64 array).

    For the component that builds the table and needs one attribute more (``customs_metadata``:
    SENT_START, which changes and so is not kept): read in the table's own ``to_array`` call when
    the table is built, which costs a fraction of a call of its own.
    """
    table = _kept_table(doc)
    if table is not None:
        return table, doc.to_array(attr)
    array = doc.to_array([*_TABLE_ATTRS, attr])
    table = _TABLES[doc] = _table_of(doc, array)
    return table, array[:, len(_TABLE_ATTRS)]


def build_table(doc: Doc) -> TokenTable:
    """The Doc's table, built anew (``token_table`` keeps it)."""
    return _table_of(doc, doc.to_array(_TABLE_ATTRS))


def _kept_table(doc: Doc) -> TokenTable | None:
    """The table kept for the Doc, unless there is none or it is stale (built before a retokenization)."""
    table = _TABLES.get(doc)
    return table if table is not None and len(table) == len(doc) else None


def _table_of(doc: Doc, array: numpy.ndarray) -> TokenTable:
    """The table from the Doc's attribute array (``_TABLE_ATTRS`` first); strings come from the shared
    numbering by id.

    One ``map`` of a dict lookup over the token hashes finds the ids (strings
    not seen before are numbered first); the rest are numpy ``take``\\ s: no
    Python step per token.
    """
    if len(STRING_IDS) > MAX_MEMO:
        STRING_IDS.clear()
    orths, lower_hashes = array[:, 0].tolist(), array[:, 1]
    strings = doc.vocab.strings

    def describe(positions: list[int]) -> tuple[list[str], list[int], list[str]]:
        texts, lowers = [], []
        new_lower_hashes = lower_hashes.take(positions).tolist()
        for i, lower in zip(positions, new_lower_hashes, strict=True):
            texts.append(strings[orths[i]])
            # most new strings are lower-case already: their lower form is the same str object
            lowers.append(texts[-1] if lower == orths[i] else _lower_text(lower, strings))
        return texts, new_lower_hashes, lowers

    ids = STRING_IDS.ids_of(orths, describe)
    texts, lowers = STRING_IDS.strings_of(ids, lower_hashes)
    if lowers is None:  # another vocabulary's lower-case forms
        lowers = list(map(strings.__getitem__, lower_hashes.tolist()))
    return TokenTable(
        texts=texts,
        lowers=lowers,
        gaps=_GAPS.take(array[:, 2]).tolist(),
        idx=array[:, 3].tolist(),
        orths=orths,
        ids=ids,
        generation=STRING_IDS.generation,
    )


def _lower_text(lower: int, strings: StringStore) -> str:
    """The string of hash ``lower``: kept already when it is a numbered token text (a StringStore lookup,
    a hash probe and a UTF-8 decode, spared), else from ``strings``."""
    known = STRING_IDS.ids.get(lower)
    return strings[lower] if known is None else STRING_IDS.texts[known]


def sentence_starts(doc: Doc) -> list[int]:
    """Token positions that start a sentence (token 0 always does), read from the array."""
    if not len(doc):
        return []
    flags = doc.to_array(SENT_START)  # one attribute id (not a list): a 1-d array
    starts = (flags == 1).nonzero()[0].tolist()  # ``nonzero``: less Python around it than ``flatnonzero``
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts
