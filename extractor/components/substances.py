"""The ``customs_substances`` component: what was smuggled ("coke", "hasjplaten", "sigaretten").

Terms live in ``patterns/substances.jsonl``. Whole terms (also multi-word:
"contant geld", "verdovende middelen") are found with a PhraseMatcher on the
lower-cased text; terms flagged ``prefix`` also match Dutch compounds that
start with them ("cocaïnevangst", "xtc-pillen"). A whole-term match wins over
a prefix match ("namaaksigaretten" is cigarettes, not counterfeit).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.components.base import PatternComponent
from extractor.schema import Substance

#: Prefix terms shorter than this would match too many unrelated words.
MIN_PREFIX_LENGTH = 3


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
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.by_term: dict[str, Substance] = {}
        prefixes: dict[str, Substance] = {}
        for entry in self.entries["terms"]:
            key = entry.term.lower()
            self.by_term[key] = entry.substance
            self.matcher.add(key, [self.nlp.make_doc(key)])
            if entry.prefix and len(key) >= MIN_PREFIX_LENGTH:
                prefixes[key] = entry.substance
        # longest prefix first, so that "methamfetamine" beats "meth"
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[0]))
        self.prefix_starts = frozenset(key[:MIN_PREFIX_LENGTH] for key in prefixes)

    def __call__(self, doc: Doc) -> Doc:
        body_start = doc._.body_start or 0
        spans: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end)
            span._.substance = self.by_term[self.nlp.vocab.strings[match_id]]
            spans.append(span)
        covered = {i for span in spans for i in range(span.start, span.end)}
        for token in doc:
            if token.i in covered or not token.is_alpha and "-" not in token.text:
                continue
            lower = token.lower_
            if lower[:MIN_PREFIX_LENGTH] not in self.prefix_starts:
                continue
            for key, substance in self.prefixes:
                if lower.startswith(key):
                    span = Span(doc, token.i, token.i + 1)
                    span._.substance = substance
                    spans.append(span)
                    break
        doc._.substances = [s for s in filter_spans(spans) if s.start_char >= body_start]
        return doc


@Language.factory(
    "customs_substances",
    default_config={"patterns_path": None},
    assigns=["doc._.substances", "span._.substance"],
)
def make_substances(nlp: Language, name: str, *, patterns_path: str | None) -> SubstancesComponent:
    return SubstancesComponent(nlp, name, patterns_path=patterns_path)
