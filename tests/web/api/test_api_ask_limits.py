"""Visitors without an account may ask general questions on a hosted server, within limits."""

from __future__ import annotations

from web_api_helpers import Api, AppFactory

from onconav.web.app import ANONYMOUS_QUESTIONS_PER_MINUTE


def test_anonymous_questions_are_rate_limited_in_multi_user_mode(
    app_factory: AppFactory,
) -> None:
    visitor = Api(app_factory("multi"))
    statuses = [
        visitor.post("/ask", json={"question": "What is MDS?"}).status_code
        for _ in range(ANONYMOUS_QUESTIONS_PER_MINUTE + 1)
    ]
    assert statuses[:ANONYMOUS_QUESTIONS_PER_MINUTE] == [200] * ANONYMOUS_QUESTIONS_PER_MINUTE
    assert statuses[-1] == 429
    member = Api(app_factory("multi")).sign_up("someone@example.org")
    assert member.post("/ask", json={"question": "What is MDS?"}).status_code == 200


def test_local_mode_has_no_question_limit(app_factory: AppFactory) -> None:
    person = Api(app_factory("local"))
    for _ in range(ANONYMOUS_QUESTIONS_PER_MINUTE + 2):
        assert person.post("/ask", json={"question": "What is MDS?"}).status_code == 200
