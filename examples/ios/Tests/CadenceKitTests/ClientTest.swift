// The client's lifetime, Foundation surface and typed errors.
// Mirrors examples/android/kit/src/test/.../ClientTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

final class ClientTest: XCTestCase {
    func test_aClosedClientRefusesCallsWithATypedErrorAndClosingTwiceIsHarmless() throws {
        let c = try CadenceClient.open(tempDb(), key: testKey)
        c.close()
        c.close()
        XCTAssertEqual(clientError(try c.today()), .closed)
    }

    func test_aWrongKeyIsWrongKeyAndTheRightKeyOpensTheFileAgain() throws {
        let path = tempDb()
        let key = Data((0..<CadenceClient.keyBytes).map { UInt8($0) })
        let first = try CadenceClient.open(path, key: key)
        _ = try first.setUp(displayName: "Alex", zone: newYork)
        first.close()
        let wrong = Data(repeating: 7, count: CadenceClient.keyBytes)
        XCTAssertEqual(clientError(try CadenceClient.open(path, key: wrong)), .wrongKey)
        let again = try CadenceClient.open(path, key: key)
        defer { again.close() }
        XCTAssertEqual(try again.profile()?.displayName, "Alex")
    }

    func test_badInputNamesTheFieldAndStoresNothing() throws {
        try withClient { c, _, _ in
            XCTAssertEqual(invalidField(try c.addMedication(medication("", 10))), "medication.name")
            XCTAssertEqual(try c.medications().count, 3)
            let nf = clientError(try c.guidance(unknownId))
            guard case .notFound? = nf else { return XCTFail("expected notFound, got \(String(describing: nf))") }
            XCTAssertFalse(nf?.message.contains(unknownId) ?? true)
        }
    }

    func test_aFixedOffsetIsRefusedAsAZoneBecauseItWouldNotFollowDST() throws {
        try withClient { c, _, _ in
            // Foundation's fixed offsets are named "GMT+0200", "GMT-0500", "GMT+0530".
            for seconds in [2 * 3600, -5 * 3600, 5 * 3600 + 1800] {
                let offset = try XCTUnwrap(TimeZone(secondsFromGMT: seconds))
                XCTAssertEqual(invalidField(try c.deviceZoneChanged(offset)), "zone", offset.identifier)
            }
            // Darwin may name UTC "GMT"; either is an IANA name the core keeps as given.
            let utc = try XCTUnwrap(TimeZone(identifier: "UTC"))
            try c.deviceZoneChanged(utc)
            XCTAssertEqual(try c.profile()?.currentZone, utc.identifier)
        }
    }

    func test_movingBreakfastMovesTheMorningDosesAndTodaySpeaksJavaTime() throws {
        // Kotlin's name; here Today speaks LocalDate, LocalTime and TimeZone.
        try withClient { c, _, _ in
            let before = try TodayState.load(c)
            XCTAssertEqual(before.date, LocalDate(2027, 3, 1))
            XCTAssertEqual(before.zone.identifier, newYork.identifier)
            XCTAssertEqual(before.sections.first?.time, LocalTime(7, 30))
            _ = try c.setRoutineTime(.breakfast, dayKind: .weekday, time: LocalTime(9, 15))
            let after = try TodayState.load(c)
            let breakfast = try XCTUnwrap(after.sections.first { $0.moment == .breakfast })
            XCTAssertEqual(breakfast.time, LocalTime(9, 15))
            XCTAssertTrue(breakfast.rows.allSatisfy { $0.time == LocalTime(9, 15) })
        }
    }

    func test_aBackupRestoresTheDayAsItWasAndAWrongPassphraseChangesNothing() throws {
        try withClient { c, clock, m in
            let file = tempDir("cadence-backup").appendingPathComponent("backup.cadence")
            clock.instant = ny(7, 40)
            func row(_ med: String) throws -> DoseRow {
                try single(try XCTUnwrap(TodayState.load(c).sections.first).rows.filter { $0.medicationId == med })
            }
            _ = try c.take(try row(m.sertraline).occurrenceId)
            _ = try c.backupTo(file, passphrase: "correct horse battery")
            XCTAssertEqual(try TodayState.load(c).taken, 1)
            _ = try c.verifyBackup(file, passphrase: "correct horse battery")

            _ = try c.take(try row(m.lamotrigine).occurrenceId)
            XCTAssertEqual(clientError(try c.restoreFrom(file, passphrase: "wrong horse battery")), .wrongKey)
            XCTAssertEqual(try TodayState.load(c).taken, 2)
            _ = try c.restoreFrom(file, passphrase: "correct horse battery")
            XCTAssertEqual(try TodayState.load(c).taken, 1)
            XCTAssertEqual(try row(m.sertraline).badge, .takenOnTime)
            XCTAssertEqual(invalidField(try c.backupTo(file, passphrase: "short")), "passphrase")
        }
    }

    func test_aRecoveryKeyIsTwelveWordsAndRestoresHoweverItIsTypedBack() throws {
        try withClient { c, _, m in
            let file = tempDir("cadence-backup").appendingPathComponent("backup.cadence")
            let words = try CadenceClient.newRecoveryKey()
            XCTAssertEqual(words.split(separator: " ").count, 12)
            XCTAssertNotEqual(words, try CadenceClient.newRecoveryKey())
            _ = try c.backupTo(file, passphrase: words)
            _ = try c.stopMedication(m.quetiapine, on: LocalDate(2027, 3, 1))
            XCTAssertFalse(try c.medications().contains { $0.id == m.quetiapine })
            // Written on paper, typed back in capitals, one word a line.
            _ = try c.restoreFrom(file, passphrase: words.uppercased().replacingOccurrences(of: " ", with: "\n"))
            XCTAssertTrue(try c.medications().contains { $0.id == m.quetiapine })
            // A chosen passphrase needs 12 characters now.
            XCTAssertEqual(invalidField(try c.backupTo(file, passphrase: "elevenchars")), "passphrase")
        }
    }

    func test_aBackupRestoredOnANewPhoneGetsNewShareKeysThisPhoneOpensOnce() throws {
        let oldPhone = Data(repeating: 1, count: CadenceClient.keyBytes)
        let newPhone = Data(repeating: 2, count: CadenceClient.keyBytes)
        let file = tempDir("cadence-backup").appendingPathComponent("backup.cadence")
        let before = try withClient { c, _, _ -> ShareIdentity in
            let identity = try c.shareIdentity(keySecret: oldPhone)
            XCTAssertEqual(try c.shareKeysAfterRestore(keySecret: oldPhone), .unchanged) // same phone: nothing to do
            _ = try c.backupTo(file, passphrase: "correct horse battery")
            return identity
        }
        try withClient { c, _, _ in
            _ = try c.restoreFrom(file, passphrase: "correct horse battery")
            // The old phone's seal: this phone's secret does not open the keys.
            XCTAssertThrowsError(try c.bindings.createShareKeys(keySecret: newPhone, now: c.now()))
            guard case let .rekeyed(previous, identity, pairings) = try c.shareKeysAfterRestore(keySecret: newPhone) else {
                return XCTFail("expected new keys")
            }
            XCTAssertEqual(previous.fingerprint, before.fingerprint)
            XCTAssertNotEqual(identity.fingerprint, before.fingerprint)
            XCTAssertEqual(pairings, 0)
            XCTAssertEqual(try c.bindings.createShareKeys(keySecret: newPhone, now: c.now()), identity) // opens now
            XCTAssertEqual(try c.shareKeysAfterRestore(keySecret: newPhone), .unchanged) // once only
        }
    }
}
