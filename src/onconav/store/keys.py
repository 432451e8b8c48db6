"""Where the data key comes from: ``ONCONAV_SECRET_KEY`` or ``$ONCONAV_HOME/secret.key``.

This key encrypts records at rest and is used for nothing else; web sessions are
signed with their own key (``Settings.session_key``).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import stat
from pathlib import Path

from onconav.settings import Settings
from onconav.store.crypto import KEY_BYTES
from onconav.store.errors import SecretKeyError

KEY_FILE_NAME = "secret.key"

_FORMAT_HINT = (
    "It must be the base64 encoding of exactly 32 random bytes, for example the output of: "
    'python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"'
)


def key_file_path(settings: Settings) -> Path:
    return settings.home / KEY_FILE_NAME


def parse_key(text: str, *, source: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SecretKeyError(f"{source} is not valid base64. {_FORMAT_HINT}") from None
    if len(key) != KEY_BYTES:
        raise SecretKeyError(f"{source} decodes to {len(key)} bytes, not 32. {_FORMAT_HINT}")
    return key


def load_data_key(settings: Settings, *, may_create: bool) -> bytes:
    """The data key from the environment, else from the key file, else a new key file.

    ``may_create`` is False when the database already holds encrypted data: a
    missing key then must not be silently replaced by a new one.
    """
    if settings.secret_key is not None:
        return parse_key(settings.secret_key.get_secret_value(), source="ONCONAV_SECRET_KEY")
    path = key_file_path(settings)
    if not path.exists():
        if not may_create:
            raise SecretKeyError(
                f"The key file {path} is missing, but the database already holds encrypted "
                "records. Restore the original key file or set ONCONAV_SECRET_KEY to the "
                "original key."
            )
        _create_key_file(path)
    return _read_key_file(path)


def _create_key_file(path: Path) -> None:
    """Write a new key so that no process ever sees a partly written key file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    encoded = base64.b64encode(os.urandom(KEY_BYTES)) + b"\n"
    draft = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(encoded)
            handle.flush()
            os.fsync(handle.fileno())
        # link() fails if the key file exists: the first of concurrent first runs wins.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)


def _read_key_file(path: Path) -> bytes:
    if os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise SecretKeyError(
                f"The key file {path} can be read by other users of this computer "
                f"(permissions {mode:04o}). Run: chmod 600 {path}"
            )
    return parse_key(path.read_text(encoding="ascii", errors="replace"), source=str(path))
