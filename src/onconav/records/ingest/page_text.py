"""Page text in one shape for every format: ``\\n`` line ends, no control characters,
no trailing spaces, so that line numbers and offsets mean the same everywhere."""

from __future__ import annotations

import re
import unicodedata

_LINE_ENDS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x85]")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
# Characters some PDF text layers carry that are not text: soft-hyphen markers,
# non-characters and control codes (tab and newline are kept).
_NOT_TEXT = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f\ufffe\uffff\x02]")


def tidy(text: str) -> str:
    text = _LINE_ENDS.sub("\n", text)
    text = _NOT_TEXT.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    return text.strip("\n")


def usable(text: str, *, min_visible: int = 20) -> bool:
    """Whether a text layer holds real text rather than nothing or glyph garbage
    (fonts without a character map come out as private-use or replacement characters)."""
    visible = [c for c in text if not c.isspace()]
    if len(visible) < min_visible:
        return False
    garbage = sum(
        1 for c in visible if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cn", "Cc")
    )
    word_like = sum(1 for c in visible if c.isalnum())
    return garbage <= 0.1 * len(visible) and word_like >= 0.5 * len(visible)


def visible_length(text: str) -> int:
    return sum(1 for c in text if not c.isspace())
