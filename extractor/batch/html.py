"""Saved web pages: the article's main text and publication date, via trafilatura.

Navigation, cookie banners and footers are not press text; trafilatura is
a maintained extractor made for news pages, so no tag stripping by hand.
A page whose main text is shorter than a sentence has no article: that is a
recorded failure, not an empty document. Imported in worker processes
only (trafilatura and lxml are heavy).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from extractor.batch.errors import ItemError, Stage
from extractor.batch.records import parse_record_date

#: A main text with fewer words than this is menu debris, not an article.
MIN_MAIN_TEXT_WORDS = 5
#: A page title is prepended when the main text lacks it and it is this many words or more.
MIN_TITLE_WORDS = 4


@dataclass
class PageText:
    """The main text of a page and its publication date, when the page states one."""

    text: str
    published: dt.date | None


def _quiet() -> None:
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def page_text(html: str) -> PageText:
    """Main text (title first when the article body lacks it) and date of an HTML page; else ``ItemError``."""
    import trafilatura

    _quiet()
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"original_date": True},
        )
    except Exception as err:  # noqa: BLE001 - a page that breaks the parser is one failed document
        raise ItemError(Stage.parse, f"HTML could not be parsed: {type(err).__name__}: {err}") from err
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if len(text.split()) < MIN_MAIN_TEXT_WORDS:
        raise ItemError(Stage.parse, "no main text found in the HTML page")
    title = (getattr(result, "title", None) or "").strip()
    if len(title.split()) >= MIN_TITLE_WORDS and title not in text[: len(title) * 3]:
        text = f"{title}\n\n{text}"
    return PageText(text=text, published=parse_record_date(getattr(result, "date", None)))
