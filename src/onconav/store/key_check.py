"""Proving the data key is the one the database was written with, before anything is read.

A known value is encrypted under the key when the database is first opened; a
later key that cannot decrypt it is refused with a clear message, instead of
every record failing one by one.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from onconav.settings import Settings
from onconav.store.crypto import RecordCipher
from onconav.store.errors import DecryptionError, SecretKeyError
from onconav.store.keys import load_data_key
from onconav.store.schema import MetaRow

_KEY_CHECK = "key_check"
_KEY_CHECK_PLAINTEXT = b"onconav data key check"
_META_TABLE = "store_meta"


def checked_cipher(engine: Engine, settings: Settings) -> RecordCipher:
    """The cipher for the configured data key, once the key is known to be the right one."""
    with Session(engine) as session, session.begin():
        check = session.get(MetaRow, _KEY_CHECK)
        # A new key may only be generated while the database holds nothing encrypted.
        cipher = RecordCipher(load_data_key(settings, may_create=check is None))
        if check is None:
            sealed = cipher.encrypt(
                _KEY_CHECK_PLAINTEXT, table=_META_TABLE, row_id=_KEY_CHECK, patient_id=""
            )
            session.add(MetaRow(name=_KEY_CHECK, value=sealed))
            return cipher
        try:
            cipher.decrypt(check.value, table=_META_TABLE, row_id=_KEY_CHECK, patient_id="")
        except DecryptionError:
            raise SecretKeyError(
                "The secret key is not the key this database was encrypted with. Restore the "
                "original key file (secret.key in the onconav home folder) or set "
                "ONCONAV_SECRET_KEY to the original key."
            ) from None
        return cipher
