"""Tables (SQLAlchemy 2 typed declarative). Private to the store package.

Every table holding record content carries ``patient_id`` so that deleting a
patient can remove everything of theirs with one statement per table, and so
each ciphertext can be bound to its patient. Record content is only ever stored
in ``*ciphertext`` columns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

ID_LENGTH = 32
DOCUMENT_ID_LENGTH = 64
DIGEST_LENGTH = 64
LABEL_LENGTH = 100
EMAIL_LENGTH = 320

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValueError("store timestamps must be timezone-aware")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)  # type: ignore[no-any-return]
        return value.astimezone(dt.UTC)  # type: ignore[no-any-return]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _patient_id_column() -> MappedColumn[Any]:
    """The patient a row belongs to: indexed, and deleted with the patient."""
    return mapped_column(
        String(ID_LENGTH), ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class PatientRow(Base):
    __tablename__ = "patients"
    __table_args__ = (UniqueConstraint("owner_id", "label"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    owner_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ShareRow(Base):
    """Read-only access to a patient for another user."""

    __tablename__ = "shares"

    patient_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class BlobRow(Base):
    """An uploaded file's bytes, addressed by a digest keyed with the data key and patient."""

    __tablename__ = "blobs"

    digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), primary_key=True)
    patient_id: Mapped[str] = _patient_id_column()
    size: Mapped[int] = mapped_column(BigInteger)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(DOCUMENT_ID_LENGTH), primary_key=True)
    patient_id: Mapped[str] = _patient_id_column()
    blob_digest: Mapped[str] = mapped_column(
        String(DIGEST_LENGTH), ForeignKey("blobs.digest"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    format: Mapped[str] = mapped_column(String(20))
    media_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    page_count: Mapped[int] = mapped_column(Integer)
    warnings_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class PageRow(Base):
    __tablename__ = "pages"

    document_id: Mapped[str] = mapped_column(
        String(DOCUMENT_ID_LENGTH),
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[str] = _patient_id_column()
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class FactRow(Base):
    __tablename__ = "facts"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        String(DOCUMENT_ID_LENGTH), ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    patient_id: Mapped[str] = _patient_id_column()
    position: Mapped[int] = mapped_column(Integer)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class CorrectionRow(Base):
    __tablename__ = "corrections"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    fact_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("facts.id", ondelete="CASCADE"), index=True
    )
    patient_id: Mapped[str] = _patient_id_column()
    author_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class AuditRow(Base):
    """Actions only: who, what, which object, when. Never record content."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[str | None] = mapped_column(String(DOCUMENT_ID_LENGTH))
    patient_id: Mapped[str | None] = _patient_id_column()


class MetaRow(Base):
    """Store-wide values, e.g. the key check that tells a wrong key from damaged data."""

    __tablename__ = "store_meta"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
