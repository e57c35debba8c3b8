"""The shared token table and the per-string memos: same answers as Token objects, whatever the numbering."""

from __future__ import annotations

import spacy
from spacy.attrs import LOWER

import extractor.token_table as tt
from extractor.extensions import doc_value, set_doc_value
from extractor.hash_memo import HashMemo

TEXTS = [
    "De douane vond 1.200 kilo cocaïne in de haven van Antwerpen.\n\nNog een zin!",
    "Op Schiphol werd 3 kg heroïne gevonden. Wat?  Ja.",
    "  Begint met spaties,\teindigt met een tab\t",
    "",
]


def _check(nlp: spacy.Language, text: str) -> None:
    doc = nlp.make_doc(text)
    table = tt.build_table(doc)
    assert table.texts == [t.text for t in doc]
    assert table.lowers == [t.lower_ for t in doc]
    assert table.gaps == [t.whitespace_ for t in doc]
    assert table.idx == [t.idx for t in doc]
    spans = [(a, b) for a in range(len(doc) + 1) for b in range(len(doc) + 1)]
    assert [table.text(a, b) for a, b in spans] == [doc[a:b].text for a, b in spans]
    memo = HashMemo(lambda s: len(s) if s[:1].isupper() else 0)
    assert table.codes(memo).tolist() == [len(t.text) if t.text[:1].isupper() else 0 for t in doc]
    assert table.where(memo) == [t.i for t in doc if t.text[:1].isupper()]


def test_table_reads_as_tokens() -> None:
    nlp = spacy.blank("nl")
    for text in TEXTS:
        _check(nlp, text)


def test_table_after_the_numbering_is_emptied() -> None:
    """A table built before ``StringIds.clear`` still answers (its ids are looked up again)."""
    nlp = spacy.blank("nl")
    doc = nlp.make_doc(TEXTS[0])
    table = tt.token_table(doc)
    memo = HashMemo(str.isalpha)
    before = table.where(memo)
    tt.STRING_IDS.clear()
    tt.build_table(nlp.make_doc("Iets anders."))
    assert table.where(memo) == before == [t.i for t in doc if t.text.isalpha()]
    _check(nlp, TEXTS[1])


def test_lower_forms_of_another_vocabulary() -> None:
    """LOWER is a vocabulary's lexeme attribute: a table takes its own Doc's."""
    nlp = spacy.blank("nl")
    shouting = spacy.blank("nl")
    shouting.vocab.lex_attr_getters[LOWER] = str.upper
    for text in TEXTS:
        _check(nlp, text)
        _check(shouting, text)
        _check(nlp, text)


def test_doc_values_without_proxy() -> None:
    doc = spacy.blank("nl").make_doc("tekst")
    assert doc_value(doc, "body_start") == 0 and doc_value(doc, "warnings") is None
    set_doc_value(doc, "body_start", 7)
    set_doc_value(doc, "warnings", ["w"])
    assert doc._.body_start == 7 and doc._.warnings == ["w"]
    doc._.source = "s"
    assert doc_value(doc, "source") == "s"


def test_table_with_an_attribute_column() -> None:
    """``token_table_with`` reads one attribute more in the table's own ``to_array``, or on its own when
    the table is kept already; the table is the one ``token_table`` gives."""
    from spacy.attrs import SENT_START

    nlp = spacy.blank("nl")
    for text in TEXTS:
        doc = nlp.make_doc(text)
        if len(doc) > 2:
            doc[2].is_sent_start = True
        table, given = tt.token_table_with(doc, SENT_START)
        assert given.tolist() == doc.to_array(SENT_START).tolist()
        assert table is tt.token_table(doc)
        assert table.texts == [t.text for t in doc] and table.idx == [t.idx for t in doc]
        again, given_again = tt.token_table_with(doc, SENT_START)
        assert again is table and given_again.tolist() == given.tolist()


def test_numbering_grows_past_its_first_room() -> None:
    """Strings added in bulk keep their ids, texts and lower forms when the arrays grow."""
    nlp = spacy.blank("nl")
    tt.STRING_IDS.clear()
    words = [f"Woord{i}" for i in range(3000)]
    doc = nlp.make_doc(" ".join(words))
    table = tt.build_table(doc)
    assert table.texts == words and table.lowers == [w.lower() for w in words]
    again = tt.build_table(nlp.make_doc(" ".join(reversed(words))))
    assert again.texts == words[::-1] and again.ids.tolist() == table.ids.tolist()[::-1]
