"""Store fixtures: every test runs on SQLite, and on PostgreSQL when
``ONCONAV_TEST_DATABASE_URL`` is set (each test in its own schema)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, create_engine, make_url, text
from store_helpers import new_key

from onconav.settings import Settings
from onconav.store import Store
from onconav.store.engine import create_store_engine

TEST_DATABASE_URL_VARIABLE = "ONCONAV_TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def _no_store_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own ONCONAV_* variables must not reach the store under test."""
    for name in ("ONCONAV_HOME", "ONCONAV_DATABASE_URL", "ONCONAV_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)


def _postgres_schema_url(base_url: str, schema: str) -> str:
    url = make_url(base_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    home = tmp_path / "home"
    if request.param == "sqlite":
        yield Settings(home=home, secret_key=SecretStr(new_key()))
        return
    base_url = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    if not base_url:
        pytest.skip(f"{TEST_DATABASE_URL_VARIABLE} is not set")
    schema = f"onconav_test_{uuid.uuid4().hex}"
    admin_url = make_url(_postgres_schema_url(base_url, "public"))
    admin = create_engine(admin_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield Settings(
            home=home,
            database_url=_postgres_schema_url(base_url, schema),
            secret_key=SecretStr(new_key()),
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(store_settings: Settings) -> Iterator[Store]:
    with Store.open(store_settings) as opened:
        yield opened


@pytest.fixture
def raw_engine(store_settings: Settings, store: Store) -> Iterator[Engine]:
    """A second engine on the same database, for looking at (and tampering with) raw rows."""
    engine = create_store_engine(store_settings)
    yield engine
    engine.dispose()
