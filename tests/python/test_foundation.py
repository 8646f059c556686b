"""Foundation behaviour through the generated Python bindings."""
import shutil
import sqlite3
import threading

import pytest

import cadence
from conftest import NOW, TEST_KEY, sertraline

KEY = bytes(range(32))


def test_medication_round_trips_through_a_real_file(db_path):
    app = cadence.Cadence.open(db_path, TEST_KEY)
    med = app.add_medication(sertraline(), NOW)
    app.set_profile(cadence.ProfileInput(display_name="Sam", home_zone="America/New_York",
                                         current_zone="Europe/Lisbon"), NOW)
    del app
    again = cadence.Cadence.open(db_path, TEST_KEY)
    got = again.medication(med.id)
    assert got.name == "Sertraline"
    assert got.expected_onset == cadence.OnsetWindow(min_days=14, max_days=42)
    assert got.created_at == NOW
    assert again.profile().current_zone == "Europe/Lisbon"


def test_invalid_input_names_the_field_and_stores_nothing(app):
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        app.add_medication(sertraline(strength=cadence.Strength(amount=-5.0, unit="mg")), NOW)
    assert e.value.field == "medication.strength.amount"
    assert app.medications(True) == []


def test_missing_record_is_not_found(app):
    with pytest.raises(cadence.CadenceError.NotFound):
        app.medication("6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10")


def test_plain_sqlite_cannot_read_an_encrypted_file(db_path):
    app = cadence.Cadence.open(db_path, KEY)
    app.add_medication(sertraline(), NOW)
    assert app.is_encrypted()
    del app
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db_path).execute("SELECT name FROM medication").fetchall()


def test_wrong_key_is_typed_and_leaves_the_file_identical(db_path):
    cadence.Cadence.open(db_path, KEY).add_medication(sertraline(), NOW)
    before = open(db_path, "rb").read()
    with pytest.raises(cadence.CadenceError.WrongKey):
        cadence.Cadence.open(db_path, bytes(32))
    with pytest.raises(cadence.CadenceError.WrongKey):
        cadence.Cadence.open_unencrypted_for_tools(db_path)
    assert open(db_path, "rb").read() == before
    assert len(cadence.Cadence.open(db_path, KEY).medications(False)) == 1


def test_open_requires_a_key_and_a_plain_file_only_opens_by_its_named_call(db_path):
    # No plaintext default: the key is a required argument.
    with pytest.raises(TypeError):
        cadence.Cadence.open(db_path)
    plain = cadence.Cadence.open_unencrypted_for_tools(db_path)
    plain.add_medication(sertraline(), NOW)
    assert not plain.is_encrypted()
    del plain
    # `open` refuses the plain file, whatever the key; the file is untouched.
    before = open(db_path, "rb").read()
    assert before.startswith(b"SQLite format 3")
    with pytest.raises(cadence.CadenceError.WrongKey):
        cadence.Cadence.open(db_path, KEY)
    assert open(db_path, "rb").read() == before


def test_a_plain_file_can_be_encrypted_and_rekeyed(db_path):
    app = cadence.Cadence.open_unencrypted_for_tools(db_path)
    med = app.add_medication(sertraline(), NOW)
    app.change_key(KEY)
    assert app.medication(med.id).name == "Sertraline"
    del app
    with pytest.raises(cadence.CadenceError.WrongKey):
        cadence.Cadence.open_unencrypted_for_tools(db_path)
    app = cadence.Cadence.open(db_path, KEY)
    new_key = bytes([9] * 32)
    app.change_key(new_key)
    del app
    with pytest.raises(cadence.CadenceError.WrongKey):
        cadence.Cadence.open(db_path, KEY)
    assert cadence.Cadence.open(db_path, new_key).medication(med.id).name == "Sertraline"


def test_a_key_of_the_wrong_length_is_invalid_input(db_path):
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        cadence.Cadence.open(db_path, b"short")
    assert e.value.field == "key"


def test_a_database_from_a_newer_app_is_refused(tmp_path):
    path = str(tmp_path / "future.db")
    cadence.Cadence.open_unencrypted_for_tools(path)
    # Copy, then bump the version with plain sqlite3 as a newer build would.
    future = str(tmp_path / "future2.db")
    shutil.copy(path, future)
    con = sqlite3.connect(future)
    con.execute("PRAGMA user_version = 999")
    con.commit()
    con.close()
    with pytest.raises(cadence.CadenceError.NewerDatabase) as e:
        cadence.Cadence.open_unencrypted_for_tools(future)
    assert e.value.found == 999


def test_routine_defaults_and_weekend_variant(app):
    assert app.routine_time_of(cadence.RoutineEvent.BEDTIME, "2027-03-01") == "22:30"
    app.set_routine_times([cadence.RoutineTime(event=cadence.RoutineEvent.WAKE,
                                               day_kind=cadence.DayKind.WEEKEND,
                                               time="10:00")], NOW)
    assert app.routine_time_of(cadence.RoutineEvent.WAKE, "2027-03-06") == "10:00"
    assert app.routine_time_of(cadence.RoutineEvent.WAKE, "2027-03-05") == "07:00"


def test_many_threads_write_without_losing_anything(app):
    def worker(t):
        for i in range(10):
            app.add_medication(sertraline(name=f"Med {t}-{i}"), NOW)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(app.medications(False)) == 80
