"""The data key: from ONCONAV_SECRET_KEY, or a private generated key file; wrong keys refused."""

from __future__ import annotations

import base64
import multiprocessing
import os
import stat

import pytest
from pydantic import SecretStr
from store_helpers import make_document, make_fact, new_key

from onconav.settings import Settings
from onconav.store import SecretKeyError, Store
from onconav.store.keys import KEY_FILE_NAME


def _without_env_key(settings: Settings) -> Settings:
    return settings.model_copy(update={"secret_key": None})


def _with_key(settings: Settings, key: str) -> Settings:
    return settings.model_copy(update={"secret_key": SecretStr(key)})


def _add_record(store: Store) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    store.add_document(user.id, patient.id, [make_document("d1")], {"d1": [make_fact("d1")]}, b"x")


def _read_record(store: Store) -> str:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    return store.facts(user.id, patient.id)[0].fact.name


def test_the_environment_key_is_used_and_no_key_file_is_written(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_key()
    monkeypatch.setenv("ONCONAV_SECRET_KEY", key)
    from_env = Settings(home=store_settings.home, database_url=store_settings.database_url)
    assert from_env.secret_key is not None
    with Store.open(from_env) as store:
        _add_record(store)
    with Store.open(_with_key(store_settings, key)) as store:
        assert _read_record(store) == "hemoglobin"
    assert not (store_settings.home / KEY_FILE_NAME).exists()


@pytest.mark.parametrize(
    ("bad_key", "expected"),
    [
        ("not base64 at all!", "not valid base64"),
        (base64.b64encode(os.urandom(16)).decode(), "16 bytes, not 32"),
        (base64.b64encode(os.urandom(33)).decode(), "33 bytes, not 32"),
        ("", "0 bytes, not 32"),
    ],
)
def test_a_malformed_environment_key_is_refused_clearly(
    store_settings: Settings, bad_key: str, expected: str
) -> None:
    with pytest.raises(SecretKeyError, match=expected) as raised:
        Store.open(_with_key(store_settings, bad_key))
    assert "ONCONAV_SECRET_KEY" in str(raised.value)
    assert "base64" in str(raised.value)


def test_a_generated_key_file_is_private_and_reused(store_settings: Settings) -> None:
    settings = _without_env_key(store_settings)
    with Store.open(settings) as store:
        _add_record(store)
    key_file = settings.home / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(base64.b64decode(key_file.read_text().strip(), validate=True)) == 32
    first_key = key_file.read_bytes()
    with Store.open(settings) as store:
        assert _read_record(store) == "hemoglobin"
    assert key_file.read_bytes() == first_key


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
def test_a_key_file_others_can_read_is_refused(store_settings: Settings, mode: int) -> None:
    settings = _without_env_key(store_settings)
    Store.open(settings).close()
    key_file = settings.home / KEY_FILE_NAME
    key_file.chmod(mode)
    with pytest.raises(SecretKeyError, match="chmod 600") as raised:
        Store.open(settings)
    assert f"{mode:04o}" in str(raised.value)


def test_a_damaged_key_file_is_refused(store_settings: Settings) -> None:
    settings = _without_env_key(store_settings)
    settings.home.mkdir(parents=True)
    key_file = settings.home / KEY_FILE_NAME
    key_file.write_text("short\n")
    key_file.chmod(0o600)
    with pytest.raises(SecretKeyError, match=KEY_FILE_NAME):
        Store.open(settings)


def test_a_wrong_key_is_a_clear_error_not_garbage(store_settings: Settings) -> None:
    with Store.open(store_settings) as store:
        _add_record(store)
    with pytest.raises(SecretKeyError, match="not the key this database was encrypted with"):
        Store.open(_with_key(store_settings, new_key()))
    # The right key still works afterwards.
    with Store.open(store_settings) as store:
        assert _read_record(store) == "hemoglobin"


def test_a_lost_key_file_is_not_silently_replaced(store_settings: Settings) -> None:
    settings = _without_env_key(store_settings)
    with Store.open(settings) as store:
        _add_record(store)
    key_file = settings.home / KEY_FILE_NAME
    key_file.unlink()
    with pytest.raises(SecretKeyError, match="missing"):
        Store.open(settings)
    assert not key_file.exists()


def _open_and_add(settings: Settings, label: str) -> str:
    with Store.open(settings) as store:
        user = store.local_user()
        patient = store.get_or_create_patient(user.id, label)
        store.add_document(user.id, patient.id, [make_document(f"d-{label}")], {}, label.encode())
    return (settings.home / KEY_FILE_NAME).read_text()


@pytest.mark.slow
def test_first_runs_racing_each_other_agree_on_one_key(store_settings: Settings) -> None:
    settings = _without_env_key(store_settings)
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        keys = pool.starmap(_open_and_add, [(settings, f"P{number}") for number in range(8)])
    assert len(set(keys)) == 1
    with Store.open(settings) as store:
        user = store.local_user()
        assert len(store.list_patients(user.id)) == 8
        for patient in store.list_patients(user.id):
            assert store.original_bytes(user.id, f"d-{patient.label}") == patient.label.encode()
