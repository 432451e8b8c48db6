"""How onconav writes a date for people: "5 March 2024" (day first, month in words).

Month names avoid the 03/04/2024 ambiguity the records issue warns about, in every
place a date is shown: answers, the packet, the web pages.
"""

from __future__ import annotations

import datetime as dt


def long_date(value: dt.date | dt.datetime) -> str:
    return f"{value.day} {value:%B %Y}"
