"""Per-string test results kept by dense string id, looked up for a whole Doc at C speed.

A component that asks "could this token start an amount / a name / a year?"
asks it of the same few thousand strings over and over. Asking it once per
distinct string of each Doc (``numpy.unique`` and a Python loop) still cost
~0.4 µs/word per component, and sorted numpy arrays with ``searchsorted``
were no faster on Docs of a few hundred tokens. ``map`` of a dict's ``get``
over the Doc's hashes runs in C, but it still cost 15-30 µs per component
and Doc, mostly because nearly every Doc brings a few strings never seen
before.

So the token table numbers the distinct strings densely (``DenseStrings``:
one dict lookup per token, once per Doc) and ``at`` keeps each memo's
results in a numpy array indexed by that number: a Doc's results are one
``take``. A memo tests the strings numbered since its last call first (the
new strings of the Doc, as a rule), so that it need not look for untested
ones in the Doc: a test may be asked about a string of a Doc it was not
called on, and must depend on the string alone. Each string is still tested
in Python once, ever (until the memo is emptied).

``TextMemo`` is the plain counterpart for questions asked of one string at a
time (around a candidate), not of a whole Doc.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

import numpy

#: Strings a ``TextMemo`` keeps before it is emptied: bounded memory on endless archives.
MAX_TEXTS = 200_000
#: Marks a dense id whose string this memo has not tested (a test result must be a larger int64).
UNTESTED = numpy.iinfo(numpy.int64).min
#: At most this many strings numbered since a memo's last call are tested at once (else only the Doc's).
EAGER_GAP = 1024


class DenseStrings(Protocol):
    """Strings numbered 0, 1, 2 ... (see ``token_table.StringIds``); a new ``generation`` renumbers them."""

    generation: int
    texts: list[str]  # id -> string


class HashMemo:
    """``test(string) -> int`` remembered per string (by its dense id); ``at`` answers for a whole Doc."""

    def __init__(self, test: Callable[[str], int]) -> None:
        self.test = test
        self._generation = -1  # of the numbering ``_dense`` is indexed by
        self._dense = numpy.empty(0, dtype=numpy.int64)  # id -> result, UNTESTED where not asked yet
        self._tested_below = 0  # every id below this one is tested

    def at(self, ids: numpy.ndarray, strings: DenseStrings) -> numpy.ndarray:
        """``test`` of the string of every dense id in ``ids``, as an int64 array in the same order.

        When every id below ``len(strings.texts)`` was tested (the common case: a
        memo asked about every Doc), it is one ``take``. The strings numbered since
        the last call are few (the new strings of a Doc or two) and are tested
        first; after a long gap (a memo new to a big numbering), only the Doc's.
        """
        size = len(strings.texts)
        if self._generation != strings.generation or len(self._dense) < size:
            self._grow(strings)
        tested = self._tested_below
        if tested < size:
            if size - tested <= EAGER_GAP:
                # the newest ids are one stretch: a slice, not a list of ids, on both sides
                self._dense[tested:size] = list(map(self.test, strings.texts[tested:size]))
                self._tested_below = size
            else:
                found = self._dense.take(ids)
                if len(found) and found.min() == UNTESTED:
                    self._test(list(set(ids[found == UNTESTED].tolist())), strings)
        return self._dense.take(ids)

    def _test(self, untested: list[int], strings: DenseStrings) -> None:
        """Fill in the results of the dense ids ``untested``: one test per id (one id per string)."""
        self._dense[untested] = list(map(self.test, map(strings.texts.__getitem__, untested)))

    def _grow(self, strings: DenseStrings) -> None:
        """Room for every id of ``strings`` (doubling); all of it untested after a renumbering."""
        if self._generation != strings.generation:
            self._generation = strings.generation
            self._dense = numpy.empty(0, dtype=numpy.int64)
            self._tested_below = 0
        size = max(len(strings.texts), 2 * len(self._dense), 1024)
        dense = numpy.full(size, UNTESTED, dtype=numpy.int64)
        dense[: len(self._dense)] = self._dense
        self._dense = dense


_V = TypeVar("_V")


class TextMemo(dict[str, _V]):
    """``test(text)`` computed on first use and kept: ``memo[text]``.

    A hit is a plain subscript, with no Python call, for the questions the
    rules ask of the same words again and again. Emptied when it holds more
    than ``limit`` strings, so that memory stays bounded on endless archives.
    """

    def __init__(self, test: Callable[[str], _V], limit: int = MAX_TEXTS) -> None:
        super().__init__()
        self.test = test
        self.limit = limit

    def __missing__(self, text: str) -> _V:
        if len(self) > self.limit:
            self.clear()
        value = self[text] = self.test(text)
        return value
