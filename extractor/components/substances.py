"""The ``customs_substances`` component: what was smuggled ("coke", "hasjplaten", "sigaretten").

Terms live in ``patterns/substances.jsonl``. Whole terms (also multi-word:
"contant geld", "verdovende middelen") match on the lower-cased tokens; terms
flagged ``prefix`` also match Dutch compounds that start with them
("cocaïnevangst", "xtc-pillen"). A whole-term match wins over a prefix match
("namaaksigaretten" is cigarettes, not counterfeit).

Both tests look at token texts only, once per distinct text, ever: one
``HashMemo`` code per text answers both (see ``_code``), and a Doc's codes are
one ``TokenTable.codes``. A press text names a substance a few times among
hundreds of tokens, so the work follows the candidates, not the tokens.
Spans are made only for the matches kept: overlaps are rare, and without
them the matches in order of position are what ``filter_spans`` would keep.
"""

from __future__ import annotations

from itertools import pairwise
from operator import itemgetter

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.components.base import PatternComponent
from extractor.extensions import doc_value, set_doc_value, set_span_value
from extractor.hash_memo import HashMemo
from extractor.schema import Substance
from extractor.token_table import TokenTable, token_table

#: (start, end, substance) of a match, in tokens
_Match = tuple[int, int, Substance]

#: Prefix terms shorter than this would match too many unrelated words.
MIN_PREFIX_LENGTH = 3
#: The bit of ``SubstancesComponent._code`` that says a term may start at the token.
_TERM_START = 1


class SubstanceEntry(BaseModel):
    """One line of patterns/substances.jsonl."""

    model_config = ConfigDict(extra="forbid")

    term: str = Field(min_length=2, description="The word or phrase as written, any case.")
    substance: Substance = Field(description="Canonical substance it names.")
    prefix: bool = Field(False, description="Also match compounds starting with the term.")


class SubstancesComponent(PatternComponent):
    """Marks substance mentions: ``doc._.substances`` spans with ``span._.substance``."""

    files = {"terms": ("substances.jsonl", SubstanceEntry)}

    def compile(self) -> None:
        """Terms tokenized like the text and indexed by their first token; prefix terms longest first."""
        by_term: dict[str, Substance] = {}
        prefixes: dict[str, Substance] = {}
        for entry in self.entries["terms"]:
            key = entry.term.lower()
            by_term[key] = entry.substance
            if entry.prefix and len(key) >= MIN_PREFIX_LENGTH:
                prefixes[key] = entry.substance
        #: first lower-cased token -> (lower-cased tokens, substance) of the terms starting with it
        self.terms: dict[str, list[tuple[tuple[str, ...], Substance]]] = {}
        for key, substance in by_term.items():
            words = tuple(token.lower_ for token in self.nlp.make_doc(key))
            self.terms.setdefault(words[0], []).append((words, substance))
        # longest prefix first, so that "methamfetamine" beats "meth"
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[0]))
        self.prefix_starts = frozenset(key[:MIN_PREFIX_LENGTH] for key in prefixes)
        #: code >> 1 of a compound -> its substance (0: no compound); see ``_code``
        self.compound_substances: list[Substance | None] = [None, *Substance]
        self._codes = HashMemo(self._code)

    def __call__(self, doc: Doc) -> Doc:
        table = token_table(doc)
        codes = table.codes(self._codes)
        candidates = codes.nonzero()[0]
        if not len(candidates):
            set_doc_value(doc, "substances", [])  # no ``doc._`` proxy: see ``doc_value``
            return doc
        lowers, compound_substances = table.lowers, self.compound_substances
        matches: list[_Match] = []
        compounds: list[_Match] = []
        for i, code in zip(candidates.tolist(), codes.take(candidates).tolist(), strict=True):
            for words, substance in self.terms.get(lowers[i], ()):
                end = i + len(words)
                if end == i + 1 or tuple(lowers[i:end]) == words:  # one word: the key matched it
                    matches.append((i, end, substance))
            if code > _TERM_START:
                compounds.append((i, i + 1, compound_substances[code >> 1]))  # type: ignore[arg-type]
        if compounds:
            covered = {i for start, end, _substance in matches for i in range(start, end)}
            matches.extend(match for match in compounds if match[0] not in covered)
        spans = self._spans(doc, table, matches, doc_value(doc, "body_start") or 0)
        set_doc_value(doc, "substances", spans)
        return doc

    def _spans(self, doc: Doc, table: TokenTable, matches: list[_Match], body_start: int) -> list[Span]:
        """The Spans of the matches that ``filter_spans`` keeps and that start in the body.

        Without overlaps it would keep them all, in order of position: then
        Spans are made for the kept ones only, and ``filter_spans`` is not run.
        """
        ordered = sorted(matches, key=itemgetter(0))
        if all(a[1] <= b[0] for a, b in pairwise(ordered)):
            kept = [match for match in ordered if table.idx[match[0]] >= body_start]
            return [self._span(doc, match) for match in kept]
        spans = [self._span(doc, match) for match in matches]
        return [s for s in filter_spans(spans) if s.start_char >= body_start]

    @staticmethod
    def _span(doc: Doc, match: _Match) -> Span:
        """A match's Span, its substance stored without an Underscore proxy (``set_span_value``)."""
        start, end, substance = match
        span = Span(doc, start, end)
        set_span_value(span, "substance", substance)
        return span

    def _code(self, text: str) -> int:
        """What a token with this text may be, as one int (asked once per distinct text).

        Bit 0 (``_TERM_START``): a term may start here; the bits above: the
        position in ``compound_substances`` of the substance of the longest
        prefix term that starts this word ("cocaïnevangst"), 0 for none.
        """
        lower = text.lower()
        code = _TERM_START if lower in self.terms else 0
        if (text.isalpha() or "-" in text) and lower[:MIN_PREFIX_LENGTH] in self.prefix_starts:
            substance = next((s for key, s in self.prefixes if lower.startswith(key)), None)
            if substance is not None:
                code |= self.compound_substances.index(substance) << 1
        return code


@Language.factory(
    "customs_substances",
    default_config={"patterns_path": None},
    assigns=["doc._.substances", "span._.substance"],
)
def make_substances(nlp: Language, name: str, *, patterns_path: str | None) -> SubstancesComponent:
    return SubstancesComponent(nlp, name, patterns_path=patterns_path)
