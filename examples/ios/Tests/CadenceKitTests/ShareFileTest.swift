// Sending to the care team from the app: the bundle file only the paired
// member's device opens, holding what they were granted; the deletion notice
// after consent is revoked; and no copies left behind.
// Mirrors examples/android/kit/src/test/.../ShareFileTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

private let march1 = LocalDate(2027, 3, 1)
private let alexSecret = Data(repeating: 1, count: 32)
private let joSecret = Data(repeating: 2, count: 32)

final class ShareFileTest: XCTestCase {
    /// Alex's client with a therapist Jo (their own device, paired both ways when `paired`).
    private func withTherapist<T>(
        paired: Bool = true,
        _ body: (CadenceClient, CadenceClient, String, URL) throws -> T
    ) throws -> T {
        try withClient { alex, clock, _ in
            let jo = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
            defer { jo.close() }
            _ = try jo.setUp(displayName: "Jo Park", zone: newYork)
            let memberId = try alex.addCareMember(CareMemberInput(name: "Jo Park", role: .therapist, channel: .portal)).id
            if paired {
                _ = try alex.pairRecipient(memberId, pairingCode: try jo.shareIdentity(keySecret: joSecret).pairingCode)
                _ = try jo.pairClient(label: "Alex", pairingCode: try alex.shareIdentity(keySecret: alexSecret).pairingCode)
                try confirmPairings(alex, keySecret: alexSecret)
                try confirmPairings(jo, keySecret: joSecret)
            }
            return try body(alex, jo, memberId, tempDir("cadence-share"))
        }
    }

    private func member(_ c: CadenceClient, _ id: String) throws -> MemberSharing {
        try single(try SharingState.load(c).members.filter { $0.member.id == id })
    }

    private func exists(_ file: URL) -> Bool { FileManager.default.fileExists(atPath: file.path) }

    func test_aBundleFileOpensOnThePairedMembersDeviceWithWhatTheyWereGranted() throws {
        try withTherapist { alex, jo, jp, dir in
            XCTAssertFalse(ShareFile.canSend(try member(alex, jp))) // paired, but nothing granted yet
            _ = try alex.grant(jp, categories: [.doseLog], dataFrom: march1)
            let clock = try XCTUnwrap(alex.clock as? TestClock)
            clock.instant = ny(7, 40)
            let morning = try XCTUnwrap(try TodayState.load(alex).sections.first)
            _ = try alex.take(try XCTUnwrap(morning.rows.first).occurrenceId)
            let jo1 = try member(alex, jp)
            XCTAssertTrue(ShareFile.canSend(jo1))

            let sent = try ShareFile.bundle(alex, keySecret: alexSecret, member: jo1, dir: dir, to: march1)
            XCTAssertEqual(sent.kind, .bundle)
            XCTAssertEqual(sent.file.lastPathComponent, "cadence-share-bundle-1.cadence") // no name, no date
            XCTAssertEqual(sent.from, march1.minusDays(29))
            XCTAssertEqual(sent.to, march1)
            let size = try FileManager.default.attributesOfItem(atPath: sent.file.path)[.size] as? Int64
            XCTAssertEqual(size, sent.bytes)
            XCTAssertTrue(sent.records > 0)

            let opened = try jo.importShareBundle(keySecret: joSecret, bundle: try Data(contentsOf: sent.file))
            guard case let .imported(_, sequence, _, openedTo, _) = opened else { return XCTFail("\(opened)") }
            XCTAssertEqual(sequence, 1)
            XCTAssertEqual(openedTo, march1.toIso())
            // The audit log shows exactly this file.
            let audit = try single(try SharingState.load(alex).disclosures)
            XCTAssertEqual(audit.kind, .shareBundle)
            XCTAssertEqual(audit.sha256, sent.sha256)
        }
    }

    func test_sharingTurnsOnOnlyWhenBothPeopleConfirmedTheFingerprintsMatch() throws {
        try withTherapist(paired: false) { alex, jo, jp, dir in
            _ = try alex.grant(jp, categories: [.doseLog], dataFrom: march1)
            let joId = try jo.shareIdentity(keySecret: joSecret)
            let alexId = try alex.shareIdentity(keySecret: alexSecret)
            _ = try alex.pairRecipient(jp, pairingCode: joId.pairingCode)
            let clientPairing = try CareTeamInbox.pair(jo, label: "Alex", code: alexId.pairingCode)
            // Paired but not compared: no Send, and the core refuses to seal for the key.
            let paired = try member(alex, jp)
            XCTAssertFalse(paired.verified)
            XCTAssertFalse(ShareFile.canSend(paired))
            XCTAssertEqual(invalidField(try alex.exportShareBundle(keySecret: alexSecret, memberId: jp, from: march1,
                                                                   to: march1)), "pairing.verified")
            // The comparison screen on Alex's phone: Jo's fingerprint as received, and Alex's own for Jo to check.
            let check = PairingCheck.of(paired.pairing!, mine: alexId)
            XCTAssertEqual(check.theirs, joId.fingerprint)
            XCTAssertEqual(check.mine, alexId.fingerprint)
            XCTAssertNil(check.verifiedAt)
            // A fingerprint from another key is refused and turns nothing on.
            XCTAssertEqual(invalidField(try alex.confirmPairing(check.pairingId, fingerprint: alexId.fingerprint)),
                           "fingerprint")
            XCTAssertFalse(try member(alex, jp).verified)
            _ = try check.confirm(alex)
            let confirmed = try member(alex, jp)
            XCTAssertTrue(confirmed.verified)
            XCTAssertTrue(ShareFile.canSend(confirmed))
            let sent = try ShareFile.bundle(alex, keySecret: alexSecret, member: confirmed, dir: dir, to: march1)
            // Jo has not confirmed Alex's fingerprint yet: the file does not open, nothing is held.
            XCTAssertFalse(try CareTeamInbox.load(jo).clients[0].verified)
            XCTAssertEqual(invalidField(try CareTeamInbox.open(jo, keySecret: joSecret,
                                                               bytes: try Data(contentsOf: sent.file))), "pairing.verified")
            XCTAssertEqual(try CareTeamInbox.load(jo).clients[0].bundles, 0)
            _ = try PairingCheck.of(clientPairing, mine: joId).confirm(jo)
            XCTAssertTrue(try CareTeamInbox.load(jo).clients[0].verified)
            let outcome = try CareTeamInbox.open(jo, keySecret: joSecret, bytes: try Data(contentsOf: sent.file))
            guard case .imported = outcome else { return XCTFail("\(outcome)") }
        }
    }

    func test_nothingIsWrittenBeforePairingAndAnotherDeviceCannotOpenABundle() throws {
        try withTherapist(paired: false) { alex, jo, jp, dir in
            _ = try alex.grant(jp, categories: [.doseLog], dataFrom: march1)
            let unpaired = try member(alex, jp)
            XCTAssertFalse(ShareFile.canSend(unpaired))
            XCTAssertEqual(invalidField(try ShareFile.bundle(alex, keySecret: alexSecret, member: unpaired, dir: dir,
                                                             to: march1)), "member")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).count, 0)

            // Paired with someone else's code: Jo's device refuses the file.
            let sam = try CadenceClient.open(tempDb(), key: testKey, clock: alex.clock)
            defer { sam.close() }
            _ = try sam.setUp(displayName: "Sam", zone: newYork)
            _ = try alex.pairRecipient(jp, pairingCode: try sam.shareIdentity(keySecret: Data(repeating: 3, count: 32)).pairingCode)
            _ = try jo.pairClient(label: "Alex", pairingCode: try alex.shareIdentity(keySecret: alexSecret).pairingCode)
            try confirmPairings(alex, keySecret: alexSecret)
            try confirmPairings(jo, keySecret: joSecret)
            let file = try ShareFile.bundle(alex, keySecret: alexSecret, member: try member(alex, jp), dir: dir, to: march1).file
            let bytes = try Data(contentsOf: file)
            switch clientError(try jo.importShareBundle(keySecret: joSecret, bundle: bytes)) {
            case .invalidInput?, .wrongKey?: break
            case let other: XCTFail("opened a bundle sealed for another key: \(String(describing: other))")
            }
            // Pairing again with Jo's own code: the screen shows Jo's fingerprint, and Jo opens the next file.
            XCTAssertEqual(try member(alex, jp).pairing?.fingerprint,
                           try sam.shareIdentity(keySecret: Data(repeating: 3, count: 32)).fingerprint)
            (alex.clock as? TestClock)?.advanceMinutes(1)
            _ = try alex.pairRecipient(jp, pairingCode: try jo.shareIdentity(keySecret: joSecret).pairingCode)
            let unconfirmed = try member(alex, jp)
            XCTAssertEqual(unconfirmed.pairing?.fingerprint, try jo.shareIdentity(keySecret: joSecret).fingerprint)
            XCTAssertFalse(ShareFile.canSend(unconfirmed)) // a new pairing waits for the comparison
            try confirmPairings(alex, keySecret: alexSecret)
            let repaired = try member(alex, jp)
            XCTAssertTrue(ShareFile.canSend(repaired))
            let next = try ShareFile.bundle(alex, keySecret: alexSecret, member: repaired, dir: dir, to: march1).file
            let outcome = try jo.importShareBundle(keySecret: joSecret, bundle: try Data(contentsOf: next))
            guard case .imported = outcome else { return XCTFail("\(outcome)") }
        }
    }

    func test_afterRevokingTheNoticeDeletesTheDataOnTheirDeviceAndOnlyTheNewestFileIsKept() throws {
        try withTherapist { alex, jo, jp, dir in
            let grant = try alex.grant(jp, categories: [.doseLog], dataFrom: march1)
            let first = try ShareFile.bundle(alex, keySecret: alexSecret, member: try member(alex, jp), dir: dir, to: march1)
            _ = try jo.importShareBundle(keySecret: joSecret, bundle: try Data(contentsOf: first.file))
            let report = try ReportLink.create(alex, dir: dir, to: march1)

            _ = try alex.revoke(grant.id)
            let revoked = try member(alex, jp)
            XCTAssertFalse(ShareFile.canSend(revoked))
            let notice = try ShareFile.revocation(alex, keySecret: alexSecret, member: revoked, dir: dir)
            XCTAssertEqual(notice.kind, .revocation)
            XCTAssertEqual(notice.records, 0)
            let outcome = try jo.importShareBundle(keySecret: joSecret, bundle: try Data(contentsOf: notice.file))
            guard case let .revoked(_, bundlesDeleted) = outcome else { return XCTFail("\(outcome)") }
            XCTAssertEqual(bundlesDeleted, 1)

            // The bundle file is gone; the report (another kind of file) is not.
            XCTAssertFalse(exists(first.file))
            XCTAssertTrue(exists(report.file))
            XCTAssertTrue(exists(notice.file))
            try ShareFile.clearOld(dir)
            XCTAssertFalse(exists(notice.file))
        }
    }
}
