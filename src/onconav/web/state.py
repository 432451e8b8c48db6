"""What every request can reach: settings, store, answer engine, sessions, upload jobs."""

from __future__ import annotations

from dataclasses import dataclass

from onconav.answer.engine import AnswerEngine
from onconav.settings import Settings
from onconav.store import Store
from onconav.web.jobs import Jobs
from onconav.web.sessions import RateLimiter, SessionStore


@dataclass
class WebState:
    settings: Settings
    store: Store
    engine: AnswerEngine
    sessions: SessionStore
    limiter: RateLimiter
    jobs: Jobs
    # General questions from visitors without an account (multi-user mode only).
    ask_limiter: RateLimiter

    @property
    def local(self) -> bool:
        return self.settings.web_mode == "local"
