"""Server-side sessions stay bounded: anonymous visitors cannot fill memory."""

from __future__ import annotations

import time

import pytest

from onconav.web.sessions import ANONYMOUS_MAX_AGE_SECONDS, PURGE_ABOVE, RateLimiter, SessionStore

KEY = b"k" * 32


def test_the_number_of_sessions_is_capped_anonymous_first() -> None:
    store = SessionStore(KEY, 3600, max_sessions=5)
    signed_in = store.sign_in(store.new(), "user-1")
    cookie = store.cookie_value(signed_in)
    for _ in range(20):
        store.new()
    assert len(store) == 5
    assert store.from_cookie(cookie) is not None  # the signed-in person was not logged out


def test_anonymous_sessions_expire_sooner_than_signed_in_ones() -> None:
    store = SessionStore(KEY, 12 * 3600)
    anonymous = store.new()
    signed_in = store.sign_in(store.new(), "user-1")
    old = time.time() - ANONYMOUS_MAX_AGE_SECONDS - 60
    anonymous.created = old
    signed_in.created = old
    assert store.from_cookie(store.cookie_value(anonymous)) is None
    assert store.from_cookie(store.cookie_value(signed_in)) is not None


def test_a_forged_or_ended_session_is_refused() -> None:
    store = SessionStore(KEY, 3600)
    session = store.new()
    cookie = store.cookie_value(session)
    assert store.from_cookie(cookie[:-2] + "xx") is None
    assert SessionStore(b"other" * 8, 3600).from_cookie(cookie) is None
    store.end(session)
    assert store.from_cookie(cookie) is None


def test_the_rate_limiter_counts_per_key_and_per_address() -> None:
    limiter = RateLimiter(2, per_address_per_minute=3)
    assert limiter.allow("10.0.0.1", "a@example.org")
    assert limiter.allow("10.0.0.1", "A@example.org ")  # the same account
    assert not limiter.allow("10.0.0.1", "a@example.org")  # 2 per account
    assert limiter.allow("10.0.0.1", "b@example.org")  # third try from this address
    assert not limiter.allow("10.0.0.1", "c@example.org")  # 3 per address
    assert limiter.allow("10.0.0.2", "a@example.org")  # another address is counted apart


def test_the_rate_limiter_forgets_old_attempts_as_it_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    limiter = RateLimiter(1)
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    for n in range(PURGE_ABOVE + 1):
        limiter.allow(f"10.0.{n // 250}.{n % 250}")
    now[0] += 61
    limiter.allow("10.9.9.9")
    assert len(limiter) == 1
