"""One table of token strings and offsets per Doc, shared by every component.

spaCy builds a new Python ``Token`` object on every ``doc[i]`` and on every
step of ``for token in doc``: about a microsecond each, which made Token
objects a quarter of the pipeline's time when each component walked the
Doc on its own. The table reads the attribute array once
(``doc.to_array``), turns hashes into strings through a memo of distinct
strings, and keeps plain lists. Components index lists instead of Tokens,
and test a property once per distinct string (``TokenTable.where``) instead
of once per token.

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

import numpy
from spacy.attrs import IDX, LOWER, ORTH, SENT_START, SPACY
from spacy.tokens import Doc

#: Distinct strings (and test results) kept in a memo before it is emptied: bounded memory.
MAX_MEMO = 200_000
_GAPS = ("", " ")  # spaCy keeps at most one trailing space per token

#: hash -> string, shared by all Docs of all vocabularies (a hash is a function of its string).
_STRINGS: dict[int, str] = {}
#: Doc -> its table; an entry goes when its Doc is garbage-collected.
_TABLES: weakref.WeakKeyDictionary[Doc, TokenTable] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class TokenTable:
    """The strings of one Doc's tokens, as lists indexed like the Doc."""

    texts: list[str]  # token.text
    lowers: list[str]  # token.lower_
    gaps: list[str]  # token.whitespace_: "" or " "
    idx: list[int]  # token.idx: character offset of the token's first character
    distinct: numpy.ndarray  # distinct ORTH hashes of the Doc
    inverse: numpy.ndarray  # position -> index into ``distinct``

    def __len__(self) -> int:
        return len(self.texts)

    def end_char(self, i: int) -> int:
        """Character offset just after token ``i`` (``token.idx + len(token)``)."""
        return self.idx[i] + len(self.texts[i])

    def text(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` as ``doc[start:end].text`` gives it."""
        if start >= end:
            return ""
        parts = []
        for i in range(start, end - 1):
            parts.append(self.texts[i])
            parts.append(self.gaps[i])
        parts.append(self.texts[end - 1])
        return "".join(parts)

    def where(self, test: Callable[[str], bool], memo: dict[str, bool] | None = None) -> list[int]:
        """Positions of the tokens whose text passes ``test``, testing each distinct text once.

        ``memo`` (text -> result) carries results over from Doc to Doc; it is
        emptied when it grows past ``MAX_MEMO`` entries.
        """
        if memo is None:
            memo = {}
        elif len(memo) > MAX_MEMO:
            memo.clear()
        results = []
        for key in self.distinct.tolist():
            text = _STRINGS[key]
            result = memo.get(text)
            if result is None:
                result = memo[text] = bool(test(text))
            results.append(result)
        if not any(results):
            return []
        passed = numpy.fromiter(results, dtype=bool, count=len(results))
        return numpy.flatnonzero(passed[self.inverse]).tolist()


def token_table(doc: Doc) -> TokenTable:
    """The Doc's table, built on first use and cached on the Doc."""
    table = _TABLES.get(doc)
    if table is None or len(table) != len(doc):  # built anew after a retokenization
        table = _TABLES[doc] = build_table(doc)
    return table


def build_table(doc: Doc) -> TokenTable:
    """Read the attribute array once and turn hashes into strings through the shared memo."""
    if len(_STRINGS) > MAX_MEMO:
        _STRINGS.clear()
    array = doc.to_array([ORTH, LOWER, SPACY, IDX])
    distinct, inverse = numpy.unique(array[:, 0], return_inverse=True)
    strings = doc.vocab.strings
    for key in numpy.unique(array[:, :2]).tolist():
        if key not in _STRINGS:
            _STRINGS[key] = strings[key]
    lookup = _STRINGS.__getitem__
    return TokenTable(
        texts=list(map(lookup, array[:, 0].tolist())),
        lowers=list(map(lookup, array[:, 1].tolist())),
        gaps=list(map(_GAPS.__getitem__, array[:, 2].tolist())),
        idx=array[:, 3].tolist(),
        distinct=distinct,
        inverse=inverse.reshape(-1),
    )


def sentence_starts(doc: Doc) -> list[int]:
    """Token positions that start a sentence (token 0 always does), read from the array."""
    if not len(doc):
        return []
    flags = doc.to_array([SENT_START]).reshape(-1)
    starts = numpy.flatnonzero(flags == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts
