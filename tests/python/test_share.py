"""Client to therapist through the generated Python bindings: pairing,
an encrypted and signed bundle under consent, import on the other side,
the structured update, replay refused, revocation deleting the copy."""
import json

import pytest

import cadence
from conftest import NOW, TEST_KEY, sertraline

CLIENT_SECRET = bytes([1] * 32)
THERAPIST_SECRET = bytes([2] * 32)


def test_client_to_therapist_round_trip(tmp_path):
    client = cadence.Cadence.open(str(tmp_path / "client.db"), TEST_KEY)
    therapist = cadence.Cadence.open(str(tmp_path / "therapist.db"), TEST_KEY)
    client.add_medication(sertraline(), NOW)
    member = client.add_care_member(cadence.CareMemberInput(
        name="Dr Lee", role=cadence.MemberRole.THERAPIST, channel=cadence.ContactChannel.PORTAL,
        contact="", notes=""), NOW)
    client_keys = client.create_share_keys(CLIENT_SECRET, NOW)
    therapist_keys = therapist.create_share_keys(THERAPIST_SECRET, NOW)
    paired = client.pair_recipient(member.id, therapist_keys.pairing_code, NOW)
    assert paired.fingerprint == therapist_keys.fingerprint
    assert paired.verified_at is None
    client_pairing = therapist.pair_client("Alex", client_keys.pairing_code, NOW)
    # Nothing is sealed for a key nobody compared.
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        client.export_share_bundle(CLIENT_SECRET, member.id, "2027-02-01", "2027-03-01", NOW)
    assert e.value.field == "pairing.verified"
    # Both compared the fingerprints: each confirms the other's.
    assert client.confirm_pairing(paired.id, therapist_keys.fingerprint, NOW).verified_at == NOW
    therapist.confirm_pairing(client_pairing.id, client_keys.fingerprint, NOW)

    # Deny by default: no grant, no bundle.
    with pytest.raises(cadence.CadenceError.ConsentRequired):
        client.export_share_bundle(CLIENT_SECRET, member.id, "2027-02-01", "2027-03-01", NOW)
    client.grant_consent(cadence.ConsentGrantInput(
        member_id=member.id, kind=cadence.GrantKind.DATA,
        categories=[cadence.ConsentCategory.MEDICATION_LIST], data_from="2027-01-01",
        data_to=None, expires_at=None, purpose="treatment"), NOW)
    bundle = client.export_share_bundle(CLIENT_SECRET, member.id, "2027-02-01", "2027-03-01", NOW)
    assert b"Sertraline" not in bundle.bytes  # encrypted

    outcome = therapist.import_share_bundle(THERAPIST_SECRET, bundle.bytes, NOW)
    assert isinstance(outcome, cadence.ImportOutcome.IMPORTED)
    [view] = therapist.client_bundles(outcome.client_id)
    disclosed = json.loads(view.disclosure_json)
    assert [m["medication"]["name"] for m in disclosed["medications"]] == ["Sertraline"]
    update = json.loads(view.update_json)
    assert update["adherence"] is None  # the dose log was not granted

    # The same bundle again is a replay: refused, nothing changes.
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        therapist.import_share_bundle(THERAPIST_SECRET, bundle.bytes, NOW)
    assert e.value.field.startswith("bundle")
    # A tampered bundle is refused.
    tampered = bytearray(bundle.bytes)
    tampered[len(tampered) // 2] ^= 1
    with pytest.raises(cadence.CadenceError):
        therapist.import_share_bundle(THERAPIST_SECRET, bytes(tampered), NOW)

    # The client revokes: the therapist's copy is deleted on import.
    notice = client.share_revocation_notice(CLIENT_SECRET, member.id, NOW)
    revoked = therapist.import_share_bundle(THERAPIST_SECRET, notice, NOW)
    assert isinstance(revoked, cadence.ImportOutcome.REVOKED)
    assert therapist.client_bundles(outcome.client_id) == []
    assert [a.kind for a in client.audit_log()] == [cadence.DisclosureKind.SHARE_BUNDLE]
