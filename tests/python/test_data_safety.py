"""Data safety through the generated Python bindings: 8 threads sharing one
Cadence object, and an encrypted backup restored into a fresh database."""
import datetime
import threading

import pytest

import cadence
from conftest import NOW, sertraline

KEY = bytes(range(32))
PASS = "correct horse battery staple"


def extra(med_id, i):
    return cadence.UnscheduledDose(
        medication_id=med_id, kind=cadence.DoseKind.AS_NEEDED,
        taken_at=NOW + datetime.timedelta(seconds=i), amount=1.0, unit="tablet", note="")


def test_eight_threads_share_one_object_without_lost_writes(db_path):
    app = cadence.Cadence.open(db_path, KEY)
    med = app.add_medication(sertraline(), NOW)
    errors, ids, lock = [], [], threading.Lock()

    def work(t):
        try:
            for k in range(60):
                if k % 3 == 0:
                    e = app.log_unscheduled_dose(extra(med.id, t * 1000 + k), NOW)
                    with lock:
                        ids.append(e.id)
                elif k % 3 == 1:
                    app.today(NOW)
                else:
                    app.medications(False)
        except Exception as e:  # noqa: BLE001 - any failure fails the test
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    logged = app.logs_between(NOW - datetime.timedelta(days=1), NOW + datetime.timedelta(days=1))
    assert sorted(e.id for e in logged) == sorted(ids)
    assert len(ids) == 8 * 20
    assert app.integrity_check() == []


def test_backup_restores_into_a_new_phone_and_bad_secrets_are_typed(tmp_path):
    old = cadence.Cadence.open(str(tmp_path / "old.db"), KEY)
    old.add_medication(sertraline(), NOW)
    out = str(tmp_path / "backup.cadence")
    info = old.backup_to(out, passphrase=PASS, now=NOW)
    assert info.schema_version == cadence.schema_version()
    assert info.created_at == NOW
    assert {t.table: t.rows for t in info.tables}["medication"] == 1
    assert b"Sertraline" not in open(out, "rb").read()

    new = cadence.Cadence.open(str(tmp_path / "new.db"), bytes(32))
    with pytest.raises(cadence.CadenceError.WrongKey):
        new.restore_from(out, passphrase="wrong passphrase")
    with pytest.raises(cadence.CadenceError.InvalidInput):
        new.restore_from(out)
    truncated = str(tmp_path / "cut.cadence")
    open(truncated, "wb").write(open(out, "rb").read()[:5000])
    with pytest.raises(cadence.CadenceError.Corrupt):
        new.restore_from(truncated, passphrase=PASS)
    assert new.medications(True) == []
    assert new.verify_backup(out, passphrase=PASS) == info
    assert new.restore_from(out, passphrase=PASS) == info
    assert [m.name for m in new.medications(False)] == ["Sertraline"]
    new.add_medication(sertraline(name="Lithium"), NOW)
    assert len(new.medications(False)) == 2
