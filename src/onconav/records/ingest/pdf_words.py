"""The words of a PDF page with their positions, from pypdfium2's character boxes.

Used only for pages that need layout analysis. Each character's loose box (the font's
full height, the same for every character on a line) is read straight from pdfium, about
5 ms for a dense page; words are runs of characters that are not spaces, on one line,
without a wide gap. pdfplumber gives the same words but takes 40-90 ms a page.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from onconav.records.ingest.layout import Box

# A gap wider than this share of the line height splits a word even without a space.
WORD_GAP = 0.6


def page_words(text_page: pdfium.PdfTextPage, page_height: float) -> list[Box] | None:
    """Words in top-down coordinates (points), or None when characters and text do not
    line up one to one (characters outside the basic plane), and the caller keeps the
    text layer as it is."""
    count = text_page.count_chars()
    text = text_page.get_text_range(0, count)
    if len(text) != count:
        return None
    words: list[Box] = []
    current: list[str] = []
    left = right = top = bottom = 0.0
    rect = pdfium_raw.FS_RECTF()
    for index, char in enumerate(text):
        if char.isspace() or not pdfium_raw.FPDFText_GetLooseCharBox(text_page, index, rect):
            if current:
                words.append(Box(left, right, top, bottom, "".join(current)))
                current = []
            continue
        char_top, char_bottom = page_height - rect.top, page_height - rect.bottom
        if current:
            height = max(bottom - top, 0.1)
            same_line = abs((char_top + char_bottom) / 2 - (top + bottom) / 2) < height / 2
            gap = rect.left - right
            if same_line and -height < gap <= WORD_GAP * height:
                current.append(char)
                right = max(right, rect.right)
                top, bottom = min(top, char_top), max(bottom, char_bottom)
                continue
            words.append(Box(left, right, top, bottom, "".join(current)))
        current = [char]
        left, right, top, bottom = rect.left, rect.right, char_top, char_bottom
    if current:
        words.append(Box(left, right, top, bottom, "".join(current)))
    return words
