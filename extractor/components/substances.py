"""The ``customs_substances`` component: what was smuggled ("coke", "hasjplaten", "sigaretten").

Terms live in ``patterns/substances.jsonl``. Whole terms (also multi-word:
"contant geld", "verdovende middelen") match on the lower-cased tokens; terms
flagged ``prefix`` also match Dutch compounds that start with them
("cocaïnevangst", "xtc-pillen"). A whole-term match wins over a prefix match
("namaaksigaretten" is cigarettes, not counterfeit).

Both tests look at token texts only, once per distinct text of the Doc
(``TokenTable.where``): a press text names a substance a few times among
hundreds of tokens, so the work follows the candidates, not the tokens.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.components.base import PatternComponent
from extractor.extensions import set_span_value
from extractor.hash_memo import HashMemo
from extractor.schema import Substance
from extractor.token_table import MAX_MEMO, token_table

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
        self._compounds: dict[str, Substance | None] = {}
        self._candidates = HashMemo(self._may_match)

    def __call__(self, doc: Doc) -> Doc:
        table = token_table(doc)
        lowers = table.lowers
        matches: list[tuple[int, int, Substance]] = []
        compounds: list[int] = []
        for i in table.where(self._candidates):
            for words, substance in self.terms.get(lowers[i], ()):
                if tuple(lowers[i : i + len(words)]) == words:
                    matches.append((i, i + len(words), substance))
            if self._compound(table.texts[i]) is not None:
                compounds.append(i)
        covered = {i for start, end, _substance in matches for i in range(start, end)}
        matches.extend((i, i + 1, self._compound(table.texts[i])) for i in compounds if i not in covered)
        spans: list[Span] = []
        for start, end, substance in matches:
            span = Span(doc, start, end)
            set_span_value(span, "substance", substance)
            spans.append(span)
        body_start = doc._.body_start or 0
        doc._.substances = [s for s in filter_spans(spans) if s.start_char >= body_start]
        return doc

    def _may_match(self, text: str) -> bool:
        """Could a term start at a token with this text, or is it a compound of a prefix term?"""
        return text.lower() in self.terms or self._compound(text) is not None

    def _compound(self, text: str) -> Substance | None:
        """The substance of the longest prefix term that starts this word ("cocaïnevangst"), cached."""
        if text in self._compounds:
            return self._compounds[text]
        if len(self._compounds) > MAX_MEMO:
            self._compounds.clear()
        substance = None
        lower = text.lower()
        if (text.isalpha() or "-" in text) and lower[:MIN_PREFIX_LENGTH] in self.prefix_starts:
            substance = next((s for key, s in self.prefixes if lower.startswith(key)), None)
        self._compounds[text] = substance
        return substance


@Language.factory(
    "customs_substances",
    default_config={"patterns_path": None},
    assigns=["doc._.substances", "span._.substance"],
)
def make_substances(nlp: Language, name: str, *, patterns_path: str | None) -> SubstancesComponent:
    return SubstancesComponent(nlp, name, patterns_path=patterns_path)
