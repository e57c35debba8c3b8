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
from dataclasses import dataclass
from itertools import compress

import numpy
from spacy.attrs import IDX, LOWER, ORTH, SENT_START, SPACY
from spacy.tokens import Doc

from extractor.hash_memo import HashMemo

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
    orths: list[int]  # ORTH hash of each token

    def __len__(self) -> int:
        return len(self.texts)

    def end_char(self, i: int) -> int:
        """Character offset just after token ``i`` (``token.idx + len(token)``)."""
        return self.idx[i] + len(self.texts[i])

    def text(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` as ``doc[start:end].text`` gives it."""
        if start >= end:
            return ""
        last = end - 1
        return "".join(map(str.__add__, self.texts[start:last], self.gaps[start:last])) + self.texts[last]

    def where(self, memo: HashMemo) -> list[int]:
        """Positions of the tokens whose text passes ``memo``'s test (each string tested once, ever)."""
        return list(compress(range(len(self.texts)), memo.values(self.orths, _STRINGS.__getitem__)))

    def codes(self, memo: HashMemo) -> numpy.ndarray:
        """``memo``'s test of every token's text, as an int array indexed like the Doc.

        One ``code`` can answer several questions at once as bit flags. The
        results are kept per string hash across Docs (see ``HashMemo``).
        """
        values = memo.values(self.orths, _STRINGS.__getitem__)
        return numpy.fromiter(values, dtype=numpy.int64, count=len(values))


def token_table(doc: Doc) -> TokenTable:
    """The Doc's table, built on first use and cached on the Doc."""
    table = _TABLES.get(doc)
    if table is None or len(table) != len(doc):  # built anew after a retokenization
        table = _TABLES[doc] = build_table(doc)
    return table


def build_table(doc: Doc) -> TokenTable:
    """Read the attribute array once and turn hashes into strings through the shared memo.

    The strings not seen before are found with a set difference and the rest
    with ``map``: no Python step per token.
    """
    if len(_STRINGS) > MAX_MEMO:
        _STRINGS.clear()
    array = doc.to_array([ORTH, LOWER, SPACY, IDX])
    orths, lowers = array[:, 0].tolist(), array[:, 1].tolist()
    new = set(orths).union(lowers).difference(_STRINGS)
    if new:
        strings = doc.vocab.strings
        _STRINGS.update((key, strings[key]) for key in new)
    lookup = _STRINGS.__getitem__
    return TokenTable(
        texts=list(map(lookup, orths)),
        lowers=list(map(lookup, lowers)),
        gaps=list(map(_GAPS.__getitem__, array[:, 2].tolist())),
        idx=array[:, 3].tolist(),
        orths=orths,
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
