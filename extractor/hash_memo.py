"""Per-string test results keyed by spaCy string hash, looked up for a whole Doc at C speed.

A component that asks "could this token start an amount / a name / a year?"
asks it of the same few thousand strings over and over. Asking it once per
distinct string of each Doc (``numpy.unique`` and a Python loop) still cost
~0.4 µs/word per component, and sorted numpy arrays with ``searchsorted``
were no faster on Docs of a few hundred tokens. What is cheap is ``map``
of a dict's ``get`` over the Doc's hashes: the loop runs in C. Strings not
seen before are found with a set difference (also in C) and tested in Python
once, ever (until the memo is emptied at ``MAX_ENTRIES``).
"""

from __future__ import annotations

from collections.abc import Callable

#: Results kept before the memo is emptied: bounded memory on endless archives.
MAX_ENTRIES = 500_000


class HashMemo:
    """``test(string) -> int`` remembered per string hash; ``values`` answers for a Doc's hashes."""

    def __init__(self, test: Callable[[str], int]) -> None:
        self.test = test
        self.results: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.results)

    def values(self, keys: list[int], string: Callable[[int], str]) -> list[int]:
        """``test`` of the string of every hash in ``keys`` (``string(hash)`` gives it), in order."""
        results = self.results
        values = list(map(results.get, keys))
        if None not in values:
            return values
        if len(results) > MAX_ENTRIES:
            results.clear()
        test = self.test
        for key in set(keys).difference(results):
            results[key] = int(test(string(key)))
        return list(map(results.__getitem__, keys))
