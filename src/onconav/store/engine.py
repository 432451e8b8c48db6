"""The database engine: SQLite in ``$ONCONAV_HOME/onconav.db`` unless a URL is given."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url

from onconav.settings import Settings

DATABASE_FILE_NAME = "onconav.db"
_SQLITE_BUSY_TIMEOUT_SECONDS = 30.0


def database_url(settings: Settings) -> URL:
    if not settings.database_url:
        return URL.create("sqlite+pysqlite", database=str(settings.home / DATABASE_FILE_NAME))
    url = make_url(settings.database_url)
    if url.drivername in ("postgresql", "postgres"):
        # psycopg 3 is the driver we ship; SQLAlchemy's bare default is psycopg2.
        url = url.set(drivername="postgresql+psycopg")
    return url


def create_store_engine(settings: Settings) -> Engine:
    url = database_url(settings)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        _prepare_private_file(url.database)
    engine = create_engine(url, connect_args={"timeout": _SQLITE_BUSY_TIMEOUT_SECONDS})
    _configure_sqlite(engine)
    return engine


def _prepare_private_file(path_text: str) -> None:
    """Create the SQLite file readable by its owner only: it holds emails and hashes in clear."""
    directory = os.path.dirname(os.path.abspath(path_text))
    os.makedirs(directory, mode=0o700, exist_ok=True)
    try:
        descriptor = os.open(path_text, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin, so that DDL
        # (migrations) is transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        # Deleted records are overwritten on disk, not merely unlinked.
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: a transaction that reads and then writes
        # cannot deadlock with another one (SQLite would fail at once, not wait). SQLite is
        # the single-user default; many concurrent users belong on PostgreSQL.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
