"""Two of a person's devices kept in step through the generated Python
bindings: two `Cadence` objects on two database files, each with its own
share keys, paired and confirmed both ways, syncing through a folder (the
way an app carries the files through a cloud drive or a USB stick). What
is made on the phone appears on the tablet, private notes included; an
edit on the tablet comes back; a file applied twice changes nothing; an
altered file is refused, naming the field; once everything is confirmed,
syncing makes no more files."""
import datetime
import json
import os

import pytest

import cadence
from conftest import NOW, TEST_KEY, sertraline

UTC = datetime.timezone.utc
NY = "America/New_York"
PHONE_SECRET = bytes([1] * 32)
TABLET_SECRET = bytes([2] * 32)


def at(h, m=0):
    """A wall-clock time in New York on 2027-03-01 (EST, UTC-5)."""
    return datetime.datetime(2027, 3, 1, h + 5, m, tzinfo=UTC)


class Device:
    """One of the person's devices: its database, its host secret, and
    what it did in its last sync."""

    def __init__(self, path, secret):
        self.app = cadence.Cadence.open(str(path), TEST_KEY)
        self.secret = secret
        self.identity = self.app.create_share_keys(secret, NOW)

    def receive(self, folder, now):
        """Applies the files in `folder` addressed to this device, in file
        name order, deleting each once applied; returns what each did."""
        applied = []
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".cdsync"):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                data = f.read()
            try:
                applied.append(self.app.import_sync(self.secret, data, now))
            except cadence.CadenceError.InvalidInput as e:
                if e.field == "sync_file.recipient":
                    continue  # another device's: left for it
                raise
            os.remove(path)
        return applied

    def send(self, folder, now):
        """Writes this device's files to `folder` (a temporary name, then
        one rename, so the other device never reads half a file)."""
        written = self.app.export_sync(self.secret, now)
        for out in written:
            tmp = os.path.join(folder, "." + out.file_name + ".tmp")
            with open(tmp, "wb") as f:
                f.write(out.bytes)
            os.replace(tmp, os.path.join(folder, out.file_name))
        return written

    def sync(self, folder, now):
        """What "Sync now" does: receive, then send (so the files sent
        confirm the ones just applied). Returns (applied, written)."""
        applied = self.receive(folder, now)
        return applied, self.send(folder, now)


def pair(a, a_label, b, b_label):
    """Each device pairs the other's code and confirms the fingerprint the
    other shows for itself."""
    for this, other, label in ((a, b, b_label), (b, a, a_label)):
        shown = other.app.share_identity()
        device = this.app.pair_device(label, shown.pairing_code, NOW)
        assert device.verified_at is None
        assert this.app.confirm_device(device.key_id, shown.fingerprint, NOW).verified_at == NOW


@pytest.fixture
def devices(tmp_path):
    phone = Device(tmp_path / "phone.db", PHONE_SECRET)
    tablet = Device(tmp_path / "tablet.db", TABLET_SECRET)
    folder = tmp_path / "sync-folder"
    folder.mkdir()
    return phone, tablet, str(folder)


def set_up_phone(app):
    """A profile, Sertraline at 08:00, the 08:00 dose taken at 08:10, and a
    private journal note. Returns the medication."""
    app.set_profile(cadence.ProfileInput(display_name="Sam", home_zone=NY, current_zone=NY), NOW)
    med = app.add_medication(sertraline(), NOW)
    dosage = {"timing": {"repeat": {"timeOfDay": ["08:00:00"], "period": 1, "periodUnit": "d",
                                    "boundsPeriod": {"start": "2027-03-01"}}},
              "doseAndRate": [{"doseQuantity": {"value": 50, "unit": "mg"}}]}
    app.add_plan_from_fhir_dosage(med.id, json.dumps(dosage), NOW)
    occ = app.occurrences("2027-03-01", "2027-03-01")[0]
    app.log_dose(occ.id, cadence.DoseAction.TAKEN(at=at(8, 10), amount=None), at(8, 10))
    app.add_journal_entry(cadence.JournalEntryInput(
        occurred_at=at(9), zone=NY, detail=cadence.EntryDetail.NOTE(),
        note="only for me: sleeping badly", shareable=False), at(9))
    return med


def the_dose(app, now):
    [group] = app.today(now).groups
    [dose] = group.doses
    return dose


def test_what_the_phone_records_appears_on_the_tablet_and_an_edit_comes_back(devices):
    phone, tablet, folder = devices
    pair(phone, "Phone", tablet, "Tablet")
    med = set_up_phone(phone.app)
    assert tablet.app.medications() == []

    _, written = phone.sync(folder, at(10))
    assert [(w.recipient_label, w.kind) for w in written] == [("Tablet", cadence.SyncFileKind.SNAPSHOT)]
    assert b"Sertraline" not in written[0].bytes and b"sleeping" not in written[0].bytes  # sealed
    assert phone.app.sync_status().unacknowledged_files == 1

    applied, _ = tablet.sync(folder, at(10, 5))
    assert len(applied) == 1 and applied[0].changes > 0 and not applied[0].already_applied
    assert applied[0].sender_key_id == phone.identity.key_id
    # The medication, the dose taken at 08:10 and the private note, on the tablet.
    assert [m.name for m in tablet.app.medications()] == ["Sertraline"]
    dose = the_dose(tablet.app, at(10, 5))
    assert isinstance(dose.status, cadence.OccurrenceStatus.TAKEN)
    [log] = tablet.app.logs_between(at(0), at(18))
    assert log.taken_at == at(8, 10)
    [note] = tablet.app.journal_entries(cadence.JournalQuery()).entries
    assert (note.note, note.shareable) == ("only for me: sleeping badly", False)

    # The tablet renames the medication and edits the note; the phone gets both.
    tablet.app.update_medication(med.id, sertraline(name="Sertraline 50"), at(11))
    tablet.app.update_journal_entry(note.id, cadence.JournalEntryInput(
        occurred_at=at(9), zone=NY, detail=cadence.EntryDetail.NOTE(),
        note="only for me: sleeping better", shareable=False), at(11))
    _, written = tablet.sync(folder, at(11, 1))
    assert [w.recipient_label for w in written] == ["Phone"]
    applied = phone.receive(folder, at(11, 2))
    # A round trip: the tablet's reply confirmed every file the phone sent.
    assert phone.app.sync_status().unacknowledged_files == 0
    assert phone.app.sync_status().devices[0].unacknowledged_files == 0
    assert sum(a.changes for a in applied) > 0
    assert phone.app.medication(med.id).name == "Sertraline 50"
    assert [e.note for e in phone.app.journal_entries(cadence.JournalQuery()).entries] == [
        "only for me: sleeping better"]
    assert phone.app.sync_dump() == tablet.app.sync_dump()

    # What each shows about the other: the label, the fingerprint the
    # other device shows for itself, confirmed, not removed, synced.
    for this, other, label in ((phone, tablet, "Tablet"), (tablet, phone, "Phone")):
        status = this.app.sync_status()
        [d] = status.devices
        assert (d.label, d.key_id, d.fingerprint) == (label, other.identity.key_id, other.identity.fingerprint)
        assert d.verified_at == NOW and d.removed_at is None
        assert d.last_received_at is not None and d.last_sent_at is not None
        assert status.last_synced_at >= at(11)
        assert status.unsent_changes == 0


def test_an_edit_on_the_tablet_waits_as_an_unsent_change_until_it_syncs(devices):
    phone, tablet, folder = devices
    pair(phone, "Phone", tablet, "Tablet")
    med = set_up_phone(phone.app)
    phone.sync(folder, at(10))
    tablet.sync(folder, at(10, 5))
    phone.sync(folder, at(10, 6))
    assert tablet.app.sync_status().unsent_changes == 0
    tablet.app.update_medication(med.id, sertraline(instructions="With breakfast, not after 10"), at(11))
    assert tablet.app.sync_status().unsent_changes > 0
    tablet.sync(folder, at(11, 1))
    assert tablet.app.sync_status().unsent_changes == 0
    assert phone.app.medication(med.id).instructions == "With breakfast"  # not yet synced
    phone.sync(folder, at(11, 2))
    assert phone.app.medication(med.id).instructions == "With breakfast, not after 10"


def test_the_same_file_twice_changes_nothing_and_an_altered_file_is_refused(devices):
    phone, tablet, folder = devices
    pair(phone, "Phone", tablet, "Tablet")
    set_up_phone(phone.app)
    [out] = phone.app.export_sync(PHONE_SECRET, at(10))
    before = tablet.app.sync_dump()

    # Altered anywhere after the clear magic: a typed error naming the file's
    # field, and nothing changes.
    for i in (8, 9, 40, len(out.bytes) // 2, len(out.bytes) - 1):
        tampered = bytearray(out.bytes)
        tampered[i] ^= 0x01
        with pytest.raises(cadence.CadenceError.InvalidInput) as e:
            tablet.app.import_sync(TABLET_SECRET, bytes(tampered), at(10, 1))
        assert e.value.field.startswith("sync_file"), (i, e.value.field)
        assert "Sertraline" not in str(e.value) and "sleeping" not in str(e.value)
    # Cut short (a copy interrupted).
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        tablet.app.import_sync(TABLET_SECRET, out.bytes[:len(out.bytes) // 2], at(10, 1))
    assert e.value.field.startswith("sync_file")
    # Not a change file at all.
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        tablet.app.import_sync(TABLET_SECRET, b"%PDF-1.7 not a change file", at(10, 1))
    assert e.value.field == "sync_file"
    assert tablet.app.sync_dump() == before
    assert tablet.app.medications() == []

    first = tablet.app.import_sync(TABLET_SECRET, out.bytes, at(10, 2))
    assert first.changes > 0 and not first.already_applied
    after = tablet.app.sync_dump()
    again = tablet.app.import_sync(TABLET_SECRET, out.bytes, at(10, 3))
    assert again.already_applied and again.changes == 0
    assert (again.sender_key_id, again.sequence) == (first.sender_key_id, first.sequence)
    assert tablet.app.sync_dump() == after
    # The file is the tablet's: the phone itself refuses it, for its recipient.
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        phone.app.import_sync(PHONE_SECRET, out.bytes, at(10, 4))
    assert e.value.field == "sync_file.recipient"
    # A wrong secret does not open this device's keys.
    with pytest.raises(cadence.CadenceError.WrongKey):
        tablet.app.import_sync(bytes([9] * 32), out.bytes, at(10, 5))


def test_a_device_joins_only_once_both_fingerprints_are_confirmed(devices):
    phone, tablet, folder = devices
    set_up_phone(phone.app)
    shown = tablet.app.share_identity()
    # Its own code is refused; a typo'd fingerprint confirms nothing.
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        phone.app.pair_device("Me", phone.identity.pairing_code, NOW)
    assert e.value.field == "code"
    device = phone.app.pair_device("Tablet", shown.pairing_code, NOW)
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        phone.app.confirm_device(device.key_id, "0000 0000 0000", NOW)
    assert e.value.field == "fingerprint"
    with pytest.raises(cadence.CadenceError.NotFound) as e:
        phone.app.confirm_device("00" * 16, shown.fingerprint, NOW)
    assert e.value.kind == "device"
    # Unconfirmed: nothing is made for it.
    assert phone.app.export_sync(PHONE_SECRET, at(10)) == []
    [listed] = phone.app.sync_status().devices
    assert (listed.label, listed.verified_at) == ("Tablet", None)
    phone.app.confirm_device(device.key_id, shown.fingerprint, NOW)
    phone.sync(folder, at(10))
    # The tablet has not paired the phone: it refuses the phone's file.
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        tablet.sync(folder, at(10, 1))
    assert e.value.field == "sync_file.sender"
    assert tablet.app.medications() == []
    assert len(os.listdir(folder)) == 1  # left in place for later
    back = tablet.app.pair_device("Phone", phone.identity.pairing_code, NOW)
    tablet.app.confirm_device(back.key_id, phone.identity.fingerprint, NOW)
    tablet.sync(folder, at(10, 2))
    assert [m.name for m in tablet.app.medications()] == ["Sertraline"]


def test_a_removed_device_gets_no_more_files_and_its_files_are_refused(devices):
    phone, tablet, folder = devices
    pair(phone, "Phone", tablet, "Tablet")
    set_up_phone(phone.app)
    phone.sync(folder, at(10))
    tablet.sync(folder, at(10, 1))
    phone.sync(folder, at(10, 2))
    tablet_id = tablet.identity.key_id
    removed = phone.app.remove_device(tablet_id, at(12))
    assert removed.removed_at == at(12)
    [listed] = phone.app.sync_status().devices
    assert listed.removed_at == at(12)
    phone.app.update_medication(phone.app.medications()[0].id, sertraline(instructions="After breakfast"),
                                at(12, 1))
    assert phone.app.sync_status().unsent_changes == 0  # no device left to send it to
    assert phone.app.export_sync(PHONE_SECRET, at(12, 2)) == []
    # A file the tablet made before it learned it was removed is refused.
    tablet.app.update_medication(phone.app.medications()[0].id, sertraline(name="x"), at(12, 3))
    [late] = tablet.app.export_sync(TABLET_SECRET, at(12, 4))
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        phone.app.import_sync(PHONE_SECRET, late.bytes, at(12, 5))
    assert e.value.field == "sync_file.sender" and "removed" in e.value.reason
    assert phone.app.medications()[0].name == "Sertraline"
    with pytest.raises(cadence.CadenceError.InvalidInput):
        phone.app.confirm_device(tablet_id, tablet.identity.fingerprint, at(12, 6))


def test_two_devices_in_step_stop_making_files_once_everything_is_confirmed(devices):
    phone, tablet, folder = devices
    pair(phone, "Phone", tablet, "Tablet")
    set_up_phone(phone.app)
    # Phone: snapshot. Tablet: applies it, sends its snapshot (confirming the
    # phone's). Phone: applies it, confirms it. Tablet: applies the
    # confirmation, and nothing is owed any more.
    assert len(phone.sync(folder, at(10))[1]) == 1
    assert len(tablet.sync(folder, at(10, 5))[1]) == 1
    applied, written = phone.sync(folder, at(10, 10))
    assert len(applied) == 1 and len(written) == 1  # a confirmation only
    assert phone.app.sync_status().unacknowledged_files == 0
    applied, written = tablet.sync(folder, at(10, 15))
    assert [a.changes for a in applied] == [0] and written == []
    assert tablet.app.sync_status().unacknowledged_files == 0
    # Quiet from then on: syncing again makes no file on either device.
    for minute in (20, 25, 30):
        assert phone.sync(folder, at(10, minute)) == ([], [])
        assert tablet.sync(folder, at(10, minute + 1)) == ([], [])
    assert os.listdir(folder) == []
    # A new change wakes it up once, and it settles again.
    phone.app.add_journal_entry(cadence.JournalEntryInput(
        occurred_at=at(11), zone=NY, detail=cadence.EntryDetail.NOTE(), note="later", shareable=False), at(11))
    assert phone.app.sync_status().unsent_changes == 1
    assert len(phone.sync(folder, at(11, 1))[1]) == 1
    assert len(tablet.sync(folder, at(11, 2))[1]) == 1  # its confirmation
    applied, written = phone.sync(folder, at(11, 3))
    assert [(a.sender_key_id, a.changes) for a in applied] == [(tablet.identity.key_id, 0)]
    assert written == []
    assert phone.app.sync_status().unacknowledged_files == 0
    assert tablet.app.sync_status().unacknowledged_files == 0
    assert [e.note for e in tablet.app.journal_entries(cadence.JournalQuery()).entries].count("later") == 1
