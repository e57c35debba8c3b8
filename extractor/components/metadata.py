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
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from extractor.extensions import add_warning, doc_value, set_doc_value
from extractor.hash_memo import HashMemo
from extractor.token_table import token_table_with

#: Characters that end a sentence: spaCy's Sentencizer defaults ("." "!" "?" and their kin in other scripts).
SENTENCE_FINAL = frozenset(Sentencizer.default_punct_chars)
#: Bits of a token text's code (``MetadataComponent._code``). The low byte is its kind for the sentence
#: rule: FINAL (a sentence-final character), OPEN (neither that nor punctuation: a token that can start
#: a sentence) and LINE_BREAK (whitespace with a newline: always OPEN too). From bit ``WORD_SHIFT`` on
#: come WORD and the stop-word list bits, so that ``code >> WORD_SHIFT`` numbers the (word?, lists)
#: combinations for the language check.
FINAL, OPEN, LINE_BREAK = 1, 2, 4
WORD_SHIFT = 8
WORD = 1 << WORD_SHIFT
STOP_SHIFT = WORD_SHIFT + 1


def _kinds(test: Callable[[int], bool]) -> bytes:
    """The token kinds (low bytes of codes made of FINAL, OPEN, LINE_BREAK) that pass ``test``, escaped."""
    return re.escape(bytes(kind for kind in range(8) if test(kind)))


#: Over a Doc's kinds (one byte per token), one match per sentence end: the tokens since the previous
#: match (neither finals nor line breaks), then a final character with the punctuation or finals after
#: it (the Sentencizer rule: the next OPEN token starts a sentence, and ``"?!"`` or ``"..."`` share it)
#: or a line break. A match can only fail in the tail after the last sentence end, so the matches
#: follow each other without gaps from token 0: the running sum of their lengths is the position of
#: the token after each (``findall`` and ``accumulate``, no Python step per match). The rule part takes
#: the whole run of punctuation at once, so the scan stays linear however long the run is.
SENTENCE_END = re.compile(
    b"[%s]*(?:[%s][%s]*|[%s])"
    % (
        _kinds(lambda kind: not kind & (FINAL | LINE_BREAK)),
        _kinds(lambda kind: bool(kind & FINAL)),
        _kinds(lambda kind: not kind & OPEN),
        _kinds(lambda kind: bool(kind & LINE_BREAK)),
    )
)
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
        # ``code >> WORD_SHIFT`` -> [is a word, is a word in list 0, in list 1, ...] (stop bits are only
        # set on words): a histogram of the tokens' shifted codes times this matrix counts the words
        # and the words of every list at once
        combos = numpy.arange(2 << len(self._lists))
        self._count_matrix = (combos[:, None] >> numpy.arange(1 + len(self._lists))) & 1

    def __call__(self, doc: Doc) -> Doc:
        # ``doc_value``, not ``doc._``: each ``doc._`` builds a proxy, and each read through it costs as much
        if doc_value(doc, "warnings") is None:
            set_doc_value(doc, "warnings", [])
        # built here, once, for every component after this one; the sentence starts given before come
        # with it
        table, given = token_table_with(doc, SENT_START)
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
        self._set_sentence_starts(doc, codes, given)
        self._check_language(doc, codes)
        return doc

    def _set_sentence_starts(self, doc: Doc, codes: numpy.ndarray, given: numpy.ndarray) -> None:
        """Sentence starts as spaCy's Sentencizer sets them, plus one after every line break.

        The Sentencizer rule (its default punctuation characters, same result) on
        the token codes instead of Token objects: a token starts a sentence when
        it is neither punctuation nor a sentence-final character (OPEN) and such a
        character ("." "!" "?") stands between it and the previous OPEN token.
        A line break also ends a sentence: headlines and paragraphs often carry no
        full stop. Starts already set on the Doc (``given``, its SENT_START values)
        are kept, as the Sentencizer does, except that a line break always starts
        one. Written through the attribute array in one go: setting
        ``token.is_sent_start`` token by token re-checks the whole Doc each time
        (quadratic). A Doc has some two hundred tokens, so that a numpy call costs
        more than its work: the rule runs as one regular expression over one byte
        per token, and the starts are written into a byte string.
        """
        n = len(codes)
        if not n:
            return
        ends = SENTENCE_END.findall(codes.astype(numpy.uint8).tobytes())  # the low byte: the kind
        # one byte per token: 1 where a sentence starts, -1 (as int8) where none does; one more
        # byte at the end for a match that ends with the Doc (no token follows)
        flags = bytearray(b"\xff") * (n + 1)
        flags[0] = 1
        # ``doc.has_annotation("SENT_START")`` (a Python step per token) from the array; when
        # nothing is given (so in our pipeline), keeping what is given changes nothing
        keep_given = bool(numpy.count_nonzero(given)) and (
            n == 1 or bool(given[1:].any()) or "sents" in doc.user_hooks
        )
        lines = []  # starts after a line break, which overrule what is given
        for after, end in zip(accumulate(map(len, ends)), ends, strict=True):
            if keep_given and end[-1] & LINE_BREAK:  # a line break's match ends with it
                lines.append(after)
            else:
                flags[after] = 1
        array = numpy.frombuffer(flags, dtype=numpy.int8, count=n).astype(numpy.uint64)  # -1 wraps as spaCy's
        if keep_given:
            array = numpy.where(given != 0, given, array)
            array[[line for line in lines if line < n]] = 1  # a line break starts one, whatever was given
        doc.from_array([SENT_START], array)  # a 1-d array is read as one column

    def _code(self, text: str) -> int:
        """What a token text is to the sentence rule (FINAL; OPEN: neither FINAL nor spaCy's IS_PUNCT;
        LINE_BREAK) and to the language check (WORD: IS_ALPHA, and the stop-word lists of its LOWER form)."""
        lexeme = self.vocab[text]
        code = FINAL if text in SENTENCE_FINAL else 0 if lexeme.is_punct else OPEN
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
        shifted = codes[:LANGUAGE_SAMPLE_TOKENS] >> WORD_SHIFT
        counts = numpy.bincount(shifted, minlength=len(self._count_matrix)) @ self._count_matrix
        words, dutch_words, *rival_words = counts.tolist()
        if words < MIN_WORDS_FOR_LANGUAGE_CHECK:
            return
        dutch = dutch_words / words
        most = max(rival_words)  # the first language with the most, as ``max`` over the dict found it
        best = list(self.other_stop_words)[rival_words.index(most)]
        if most / words > dutch or dutch < self.min_stopword_ratio:
            add_warning(
                doc,
                f"text does not look Dutch ({dutch:.0%} Dutch function words, {most / words:.0%} '{best}')",
            )


@Language.factory(
    "customs_metadata",
    default_config={"min_stopword_ratio": 0.12},
    assigns=["token.is_sent_start", "doc._.published", "doc._.body_start", "doc._.warnings"],
)
def make_metadata(nlp: Language, name: str, *, min_stopword_ratio: float) -> MetadataComponent:
    return MetadataComponent(nlp, name, min_stopword_ratio=min_stopword_ratio)
