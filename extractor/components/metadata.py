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

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from extractor.extensions import add_warning, doc_value, set_doc_value
from extractor.hash_memo import HashMemo
from extractor.token_table import token_table

#: Characters that end a sentence: spaCy's Sentencizer defaults ("." "!" "?" and their kin in other scripts).
SENTENCE_FINAL = frozenset(Sentencizer.default_punct_chars)
#: Bits of a token text's code (``MetadataComponent._code``); the stop-word list bits start at STOP_SHIFT.
FINAL, PUNCT, LINE_BREAK, WORD = 1, 2, 4, 8
STOP_SHIFT = 4
#: ``SENT_START`` value of a token that starts no sentence (spaCy stores -1 as a wrapped uint64).
_NOT_START = int(numpy.iinfo(numpy.uint64).max)
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
        # stop bits -> [is in list 0, is in list 1, ...]: a histogram of the words' bits times this
        # matrix counts the words of every list at once
        combos = numpy.arange(1 << len(self._lists))
        self._list_matrix = (combos[:, None] >> numpy.arange(len(self._lists))) & 1

    def __call__(self, doc: Doc) -> Doc:
        # ``doc_value``, not ``doc._``: each ``doc._`` builds a proxy, and each read through it costs as much
        if doc_value(doc, "warnings") is None:
            set_doc_value(doc, "warnings", [])
        table = token_table(doc)  # built here, once, for every component after this one
        head_end = min(PREFIX_TOKENS, len(table))
        # the prefix is a few tokens: no need for all of doc.text (== doc[:head_end].text_with_ws)
        head = table.text(0, head_end) + (table.gaps[head_end - 1] if head_end else "")
        published, body_start = parse_prefix(head)
        set_doc_value(doc, "body_start", body_start)
        if body_start and published is None:
            add_warning(doc, f"metadata prefix {head[:body_start].strip()!r} is not a valid date")
        if doc_value(doc, "published") is None:
            set_doc_value(doc, "published", published)
        codes = table.codes(self._codes)
        self._set_sentence_starts(doc, codes)
        self._check_language(doc, codes)
        return doc

    def _set_sentence_starts(self, doc: Doc, codes: numpy.ndarray) -> None:
        """Sentence starts as spaCy's Sentencizer sets them, plus one after every line break.

        The Sentencizer rule (its default punctuation characters, same result) on
        the token codes instead of Token objects: a token starts a sentence when
        it is neither punctuation nor a sentence-final character and such a
        character ("." "!" "?") stands between it and the previous such token.
        A line break also ends a sentence: headlines and paragraphs often carry no
        full stop. Starts already set on the Doc are kept (as the Sentencizer
        does), except that a line break always starts one. Written through the
        attribute array in one go: setting ``token.is_sent_start`` token by token
        re-checks the whole Doc each time (quadratic).
        """
        n = len(codes)
        if not n:
            return
        final = (codes & FINAL) != 0
        finals = final.nonzero()[0]
        # a sentence starts at the first token after a final character that is neither punctuation
        # nor final itself; several finals in a row ("?!", "...") share that token
        candidates = (~final & ((codes & PUNCT) == 0)).nonzero()[0]
        following = candidates.searchsorted(finals, side="right")
        starts = candidates[following[following < len(candidates)]]
        breaks = (codes & LINE_BREAK).nonzero()[0] + 1
        if len(breaks) and breaks[-1] == n:  # a line break at the end starts nothing
            breaks = breaks[:-1]
        array = numpy.full(n, _NOT_START, dtype=numpy.uint64)
        array[starts] = 1
        array[0] = 1
        given = doc.to_array(SENT_START)  # one attribute id (not a list): a 1-d array
        # ``doc.has_annotation("SENT_START")`` (a Python step per token) from the array; when
        # nothing is given (so in our pipeline), keeping what is given changes nothing
        if given.any() and (n == 1 or given[1:].any() or "sents" in doc.user_hooks):
            array = numpy.where(given != 0, given, array)
        array[breaks] = 1  # a line break always starts a sentence, whatever was given
        doc.from_array([SENT_START], array.reshape(-1, 1))

    def _code(self, text: str) -> int:
        """What a token text is to the sentence rule (FINAL, PUNCT: spaCy's IS_PUNCT, LINE_BREAK bits)
        and to the language check (WORD: IS_ALPHA, and the stop-word lists of its LOWER form)."""
        lexeme = self.vocab[text]
        code = FINAL if text in SENTENCE_FINAL else 0
        if lexeme.is_punct:
            code |= PUNCT
        if text.isspace() and "\n" in text:
            code |= LINE_BREAK
        if text.isalpha():
            code |= WORD | self._stop_bits.get(lexeme.lower_, 0) << STOP_SHIFT
        return code

    def _check_language(self, doc: Doc, codes: numpy.ndarray) -> None:
        """Flag the Doc when its first words do not look Dutch.

        The words (spaCy's IS_ALPHA tokens) are counted by the stop-word bits of
        their codes, for all lists at once: a few numpy calls per Doc.
        """
        # the first words decide: a long document is not read whole for this
        sample = codes[:LANGUAGE_SAMPLE_TOKENS]
        words = sample[(sample & WORD) != 0] >> STOP_SHIFT
        if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
            return
        counts = (numpy.bincount(words, minlength=len(self._list_matrix)) @ self._list_matrix).tolist()
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
