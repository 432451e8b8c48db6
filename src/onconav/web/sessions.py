"""Sessions and CSRF protection.

Every visitor has a session, signed in or not: even the local single-user app needs
CSRF protection, because any web page the person visits could post a form to
127.0.0.1. The cookie holds only a signed random session id (Secure, HttpOnly,
SameSite=Lax); the session itself lives on the server, so signing out ends it for
good. The signing key is never the key that encrypts records.
"""

from __future__ import annotations

import base64
import hmac
import os
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from onconav.settings import Settings

COOKIE_NAME = "onconav_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SESSION_KEY_FILE = "session.key"


@dataclass
class Session:
    id: str
    csrf: str
    created: float
    user_id: str | None = None
    data: dict[str, str] = field(default_factory=dict)


def load_session_key(settings: Settings) -> bytes:
    """The session-signing key: ONCONAV_SESSION_KEY, or a generated 0600 key file.

    Separate from the records key (ONCONAV_SECRET_KEY / secret.key) by design.
    """
    if settings.session_key is not None:
        return settings.session_key.get_secret_value().encode()
    path = Path(settings.home) / SESSION_KEY_FILE
    if path.exists():
        if path.stat().st_mode & 0o077:
            raise PermissionError(f"{path} must be readable only by its owner (chmod 600).")
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = base64.urlsafe_b64encode(os.urandom(32))
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    return key


# Visitors who never sign in (and clients that never keep cookies) must not fill memory:
# anonymous sessions live shorter, and past the cap the oldest anonymous ones go first.
ANONYMOUS_MAX_AGE_SECONDS = 2 * 3600
MAX_SESSIONS = 20_000


class SessionStore:
    """Server-side sessions in memory (one process), bounded in number and age."""

    def __init__(
        self, key: bytes, max_age_seconds: int, *, max_sessions: int = MAX_SESSIONS
    ) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt="onconav-session")
        self._max_age = max_age_seconds
        self._max_sessions = max_sessions
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def max_age(self) -> int:
        return self._max_age

    def new(self) -> Session:
        session = Session(
            id=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), created=time.time()
        )
        with self._lock:
            self._prune()
            self._sessions[session.id] = session
            self._enforce_cap()
        return session

    def cookie_value(self, session: Session) -> str:
        return self._serializer.dumps(session.id)

    def from_cookie(self, value: str | None) -> Session | None:
        if not value:
            return None
        try:
            session_id = self._serializer.loads(value, max_age=self._max_age)
        except BadSignature:
            return None
        with self._lock:
            session = self._sessions.get(str(session_id))
        if session is None or time.time() - session.created > self._lifetime(session):
            return None
        return session

    def _lifetime(self, session: Session) -> float:
        if session.user_id is None:
            return min(self._max_age, ANONYMOUS_MAX_AGE_SECONDS)
        return self._max_age

    def __len__(self) -> int:
        return len(self._sessions)

    def sign_in(self, session: Session, user_id: str) -> Session:
        """A fresh session id and CSRF token on sign-in (defeats session fixation)."""
        fresh = self.new()
        fresh.user_id = user_id
        self.end(session)
        return fresh

    def end(self, session: Session) -> None:
        with self._lock:
            self._sessions.pop(session.id, None)

    def end_all_for(self, user_id: str) -> None:
        with self._lock:
            for key in [k for k, s in self._sessions.items() if s.user_id == user_id]:
                del self._sessions[key]

    def _prune(self) -> None:
        now = time.time()
        expired = [k for k, s in self._sessions.items() if now - s.created > self._lifetime(s)]
        for key in expired:
            del self._sessions[key]

    def _enforce_cap(self) -> None:
        excess = len(self._sessions) - self._max_sessions
        if excess <= 0:
            return
        # Oldest first (insertion order); anonymous sessions before signed-in ones.
        anonymous = [k for k, s in self._sessions.items() if s.user_id is None]
        signed_in = [k for k, s in self._sessions.items() if s.user_id is not None]
        for key in (anonymous + signed_in)[:excess]:
            del self._sessions[key]


def csrf_matches(session: Session, token: str | None) -> bool:
    return token is not None and hmac.compare_digest(session.csrf, token)


# A sign-up is counted apart from any email (an email always contains "@").
SIGN_UP_KEY = "sign-up"
_WINDOW_SECONDS = 60.0
PURGE_ABOVE = 10_000


class RateLimiter:
    """At most N attempts per minute per (address, key), and optionally per address.

    For sign-in the key is the email: N tries per account from one address, and the
    per-address cap stops one address from trying a few passwords on many accounts.
    Old entries are dropped as the table grows, so unique keys cannot fill memory.
    """

    def __init__(self, per_minute: int, per_address_per_minute: int | None = None) -> None:
        self._per_minute = per_minute
        self._per_address = per_address_per_minute
        self._attempts: dict[tuple[str, str | None], list[float]] = {}
        self._lock = threading.Lock()

    def allow(self, address: str, key: str = "") -> bool:
        buckets: list[tuple[tuple[str, str | None], int]] = [
            ((address, key.strip().lower()), self._per_minute)
        ]
        if self._per_address is not None:
            buckets.append(((address, None), self._per_address))
        now = time.monotonic()
        with self._lock:
            if len(self._attempts) > PURGE_ABOVE:
                self._purge(now)
            recents = [self._recent(bucket, now) for bucket, _ in buckets]
            if any(
                len(recent) >= limit for recent, (_, limit) in zip(recents, buckets, strict=True)
            ):
                return False
            for recent, (bucket, _) in zip(recents, buckets, strict=True):
                recent.append(now)
                self._attempts[bucket] = recent
            return True

    def __len__(self) -> int:
        return len(self._attempts)

    def _recent(self, bucket: tuple[str, str | None], now: float) -> list[float]:
        return [t for t in self._attempts.get(bucket, []) if now - t < _WINDOW_SECONDS]

    def _purge(self, now: float) -> None:
        self._attempts = {
            bucket: times
            for bucket, times in self._attempts.items()
            if times and now - times[-1] < _WINDOW_SECONDS
        }
