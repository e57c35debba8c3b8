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
from collections import Counter
from itertools import compress
from pathlib import Path

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from extractor.extensions import add_warning
from extractor.hash_memo import HashMemo
from extractor.token_table import TokenTable, token_table

#: Characters that end a sentence: spaCy's Sentencizer defaults ("." "!" "?" and their kin in other scripts).
SENTENCE_FINAL = frozenset(Sentencizer.default_punct_chars)
#: Bits of a token text's code (``MetadataComponent._code``).
FINAL, PUNCT, LINE_BREAK = 1, 2, 4
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
    """Sets sentence starts, ``doc._.published`` and ``doc._.body_start``, and checks the language.

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
        # stop word -> bits of the lists it is in (bit 0: Dutch): one lookup per word for all lists
        self._lists = [self.stop_words, *self.other_stop_words.values()]
        self._stop_bits: dict[str, int] = {}
        self.vocab = nlp.vocab
        self._codes = HashMemo(self._code)
        for bit, words in enumerate(self._lists):
            for word in words:
                self._stop_bits[word] = self._stop_bits.get(word, 0) | 1 << bit

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one Underscore proxy for the whole call: each ``doc._`` builds a new one
        if ext.warnings is None:
            ext.warnings = []
        table = token_table(doc)  # built here, once, for every component after this one
        head_end = min(PREFIX_TOKENS, len(table))
        # the prefix is a few tokens: no need for all of doc.text (== doc[:head_end].text_with_ws)
        head = table.text(0, head_end) + (table.gaps[head_end - 1] if head_end else "")
        published, body_start = parse_prefix(head)
        ext.body_start = body_start
        if body_start and published is None:
            add_warning(doc, f"metadata prefix {head[:body_start].strip()!r} is not a valid date")
        if ext.published is None:
            ext.published = published
        self._set_sentence_starts(doc, table)
        self._check_language(doc, table)
        return doc

    def _set_sentence_starts(self, doc: Doc, table: TokenTable) -> None:
        """Sentence starts as spaCy's Sentencizer sets them, plus one after every line break.

        The Sentencizer rule (its default punctuation characters, same result) in
        numpy instead of a loop over Token objects: a token starts a sentence when
        it is neither punctuation nor a sentence-final character and such a
        character ("." "!" "?") stands between it and the previous such token.
        A line break also ends a sentence: headlines and paragraphs often carry no
        full stop. Starts already set on the Doc are kept (as the Sentencizer
        does), except that a line break always starts one. Written through the
        attribute array in one go: setting ``token.is_sent_start`` token by token
        re-checks the whole Doc each time (quadratic).
        """
        n = len(table)
        if not n:
            return
        codes = table.codes(self._codes)
        words = numpy.flatnonzero((codes & (FINAL | PUNCT)) == 0)
        finals_before = numpy.cumsum(codes & FINAL)[words]
        starts = numpy.full(n, -1, dtype=numpy.int64)
        starts[0] = 1
        starts[words[finals_before > numpy.concatenate(([0], finals_before[:-1]))]] = 1
        if doc.has_annotation("SENT_START"):  # keep what was set before (not so in our pipeline)
            given = doc.to_array([SENT_START]).astype(numpy.int64)
            starts = numpy.where(given != 0, given, starts)
        # tokens but the last that are whitespace with a line break
        starts[numpy.flatnonzero(codes[:-1] & LINE_BREAK) + 1] = 1
        # spaCy stores -1 as a wrapped uint64
        doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))

    def _code(self, text: str) -> int:
        """What a token text is to the sentence rule: FINAL, PUNCT (spaCy's IS_PUNCT), LINE_BREAK bits."""
        code = FINAL if text in SENTENCE_FINAL else 0
        if self.vocab[text].is_punct:
            code |= PUNCT
        if text.isspace() and "\n" in text:
            code |= LINE_BREAK
        return code

    def _check_language(self, doc: Doc, table: TokenTable) -> None:
        """Flag the Doc when its first words do not look Dutch.

        The words (spaCy's IS_ALPHA tokens) are counted by stop-word bits for all lists
        at once, with C-level passes: no Token objects, no Python step per word.
        """
        # the first words decide: a long document is not read whole for this
        sample = slice(0, LANGUAGE_SAMPLE_TOKENS)
        words = list(compress(table.lowers[sample], map(str.isalpha, table.texts[sample])))
        if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
            return
        counts = [0] * len(self._lists)
        for bits, count in Counter(map(self._stop_bits.get, words)).items():
            for bit in range(len(counts)) if bits else ():
                if bits >> bit & 1:
                    counts[bit] += count
        dutch = counts[0] / len(words)
        rivals = {
            lang: count / len(words) for lang, count in zip(self.other_stop_words, counts[1:], strict=True)
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
    assigns=["token.is_sent_start", "doc._.published", "doc._.body_start", "doc._.warnings"],
)
def make_metadata(nlp: Language, name: str, *, min_stopword_ratio: float) -> MetadataComponent:
    return MetadataComponent(nlp, name, min_stopword_ratio=min_stopword_ratio)
