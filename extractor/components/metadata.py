"""The ``customs_metadata`` component: the ' date YYYY-MM[-DD]' prefix and a language check.

Runs first. The prefix gives the publication date when none was passed and is
not prose: ``doc._.body_start`` tells later components where prose begins, so
that nothing is extracted from the prefix while offsets still refer to the
original string.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import spacy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extractor.extensions import add_warning

PREFIX_RE = re.compile(r"\A\s*date\s+(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?=\s|\Z)\s*", re.IGNORECASE)

#: Tokens at the start of a Doc in which a ' date ...' prefix is looked for.
PREFIX_TOKENS = 16
#: Tokens at the start of a Doc whose words decide the language check.
LANGUAGE_SAMPLE_TOKENS = 3000
#: Texts shorter than this many words are too short to judge their language.
MIN_WORDS_FOR_LANGUAGE_CHECK = 12
#: Languages whose function words (spaCy's stop word lists) compete with Dutch.
OTHER_LANGUAGES = ("en", "de", "fr", "es", "it", "pt")


def _stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop word list of ``lang``, read from its file alone.

    Importing ``spacy.lang.fr.stop_words`` as a module runs ``spacy.lang.fr``'s
    package init, which builds French tokenizer exceptions (seconds of start-up).
    """
    path = Path(spacy.__file__).parent / "lang" / lang / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"_customs_stop_words_{lang}", path)
    if spec is None or spec.loader is None:
        return frozenset()
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def parse_prefix(text: str) -> tuple[dt.date | None, int]:
    """(publication date, offset where the prose starts) of a text with or without prefix."""
    match = PREFIX_RE.match(text)
    if not match:
        return None, 0
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        published = dt.date(year, month, day)
    except ValueError:
        published = None
    return published, match.end()


class MetadataComponent:
    """Sets ``doc._.published`` and ``doc._.body_start``, ends sentences at line breaks, checks the language.

    The language check counts function words: a text in which another
    language's stop words outnumber Dutch ones, or with fewer Dutch ones than
    ``min_stopword_ratio``, is flagged (not dropped: the warning travels with
    the record).
    """

    def __init__(self, nlp: Language, name: str, *, min_stopword_ratio: float) -> None:
        self.name = name
        self.min_stopword_ratio = min_stopword_ratio
        self.stop_words = frozenset(nlp.Defaults.stop_words)
        self.other_stop_words = {lang: _stop_words(lang) for lang in OTHER_LANGUAGES}

    def __call__(self, doc: Doc) -> Doc:
        if doc._.warnings is None:
            doc._.warnings = []
        head = doc[:PREFIX_TOKENS].text_with_ws  # the prefix is a few tokens: no need for all of doc.text
        published, body_start = parse_prefix(head)
        doc._.body_start = body_start
        if body_start and published is None:
            add_warning(doc, f"metadata prefix {head[:body_start].strip()!r} is not a valid date")
        if doc._.published is None:
            doc._.published = published
        self._break_sentences_at_newlines(doc)
        self._check_language(doc)
        return doc

    @staticmethod
    def _break_sentences_at_newlines(doc: Doc) -> None:
        """A line break ends a sentence: headlines and paragraphs often carry no full stop.

        Set through the attribute array in one go: setting ``token.is_sent_start``
        one token at a time re-checks the whole Doc each time (quadratic).
        """
        if len(doc) < 2:
            return
        starts = doc.to_array([SENT_START, IS_SPACE, ORTH])
        newline = {key for key in set(starts[:, 2].tolist()) if "\n" in doc.vocab.strings[key]}
        changed = False
        for i in range(len(doc) - 1):
            if starts[i, 1] and starts[i, 2] in newline and starts[i + 1, 0] != 1:
                starts[i + 1, 0] = 1
                changed = True
        if changed:
            doc.from_array([SENT_START], starts[:, :1].copy())

    def _check_language(self, doc: Doc) -> None:
        # the first words decide: a long document is not read whole for this
        words = [t.lower_ for t in doc[:LANGUAGE_SAMPLE_TOKENS] if t.is_alpha]
        if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
            return
        dutch = sum(w in self.stop_words for w in words) / len(words)
        rivals = {
            lang: sum(w in stops for w in words) / len(words) for lang, stops in self.other_stop_words.items()
        }
        best = max(rivals, key=rivals.__getitem__)
        if rivals[best] > dutch or dutch < self.min_stopword_ratio:
            add_warning(
                doc,
                f"text does not look Dutch ({dutch:.0%} Dutch function words, {rivals[best]:.0%} '{best}')",
            )


@Language.factory(
    "customs_metadata",
    default_config={"min_stopword_ratio": 0.12},
    assigns=["doc._.published", "doc._.body_start", "doc._.warnings"],
)
def make_metadata(nlp: Language, name: str, *, min_stopword_ratio: float) -> MetadataComponent:
    return MetadataComponent(nlp, name, min_stopword_ratio=min_stopword_ratio)
