// The care team's inbox on a therapist's own Cadence: pairing a client,
// opening the files they send, the update holding only what was granted,
// a later file for the same period replacing the first, and the deletion
// notice removing everything.
// Mirrors examples/android/kit/src/test/.../CareTeamInboxTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

private let march1 = LocalDate(2027, 3, 1)
private let alexSecret = Data(repeating: 1, count: 32)
private let joSecret = Data(repeating: 2, count: 32)

/// A stream of `limit` bytes and a little more that counts what it served
/// (Kotlin: an `InputStream` object). Only `read` is overridden: the kit
/// calls nothing else, and Foundation's abstract stream implements nothing.
private final class CountingStream: InputStream {
    let limit: Int64
    private(set) var served: Int64 = 0

    init(limit: Int64) {
        self.limit = limit
        super.init(data: Data())
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        if served > limit { return 0 } // the end
        served += Int64(len)
        return len
    }
}

final class CareTeamInboxTest: XCTestCase {
    /// A share file read as the app reads a picked one: through the kit's capped reader.
    private func readFile(_ file: URL) throws -> Data {
        let input = try XCTUnwrap(InputStream(url: file))
        input.open()
        defer { input.close() }
        return try CareTeamInbox.read(input)
    }

    func test_aTherapistPairsAClientOpensTheirUpdateAndSeesOnlyWhatWasGranted() throws {
        try withClient { alex, clock, _ in
            let jo = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
            defer { jo.close() }
            _ = try jo.setUp(displayName: "Jo Park", zone: newYork)
            XCTAssertTrue(try CareTeamInbox.load(jo).clients.isEmpty)
            let jp = try alex.addCareMember(CareMemberInput(name: "Jo Park", role: .therapist, channel: .portal)).id
            _ = try alex.pairRecipient(jp, pairingCode: try jo.shareIdentity(keySecret: joSecret).pairingCode)
            let paired = try CareTeamInbox.pair(jo, label: " Alex ", code: try alex.shareIdentity(keySecret: alexSecret).pairingCode)
            try confirmPairings(alex, keySecret: alexSecret)
            try confirmPairings(jo, keySecret: joSecret)
            XCTAssertEqual(paired.fingerprint, try alex.shareIdentity(keySecret: alexSecret).fingerprint)
            XCTAssertNil(try single(try CareTeamInbox.load(jo).clients).latest)

            // Alex grants the dose log only; takes breakfast and logs a mood.
            _ = try alex.grant(jp, categories: [.doseLog], dataFrom: march1)
            clock.instant = ny(7, 40)
            for row in try XCTUnwrap(try TodayState.load(alex).sections.first).rows {
                _ = try alex.take(row.occurrenceId)
            }
            _ = try alex.logMood(Mood(valence: 2), shareable: true)
            let dir = tempDir("inbox")
            let member = try single(try SharingState.load(alex).members)
            let sent = try ShareFile.bundle(alex, keySecret: alexSecret, member: member, dir: dir, to: march1, days: 1)

            let bytes = try readFile(sent.file)
            let opened = try CareTeamInbox.open(jo, keySecret: joSecret, bytes: bytes)
            guard case let .imported(clientId, _, _, _, _) = opened else { return XCTFail("\(opened)") }
            let row = try single(try CareTeamInbox.load(jo).clients)
            XCTAssertEqual(row.label, "Alex")
            XCTAssertEqual(row.id, clientId)
            XCTAssertEqual(row.bundles, 1)
            let update = try XCTUnwrap(row.latest).update
            let adherence = try XCTUnwrap(update.adherence)
            XCTAssertEqual(adherence.overall.taken, 2)
            XCTAssertNil(update.mood) // mood was not granted
            XCTAssertEqual(try XCTUnwrap(row.latest).categories, [.doseLog])
            XCTAssertTrue(update.questions.isEmpty)

            // Alex adds mood and sends the same day again: it replaces the first.
            _ = try alex.grant(jp, categories: [.mood], dataFrom: march1)
            let again = try ShareFile.bundle(alex, keySecret: alexSecret, member: try single(try SharingState.load(alex).members),
                                             dir: dir, to: march1, days: 1)
            let second = try CareTeamInbox.open(jo, keySecret: joSecret, bytes: try Data(contentsOf: again.file))
            guard case let .imported(_, _, _, _, superseded) = second else { return XCTFail("\(second)") }
            XCTAssertTrue(superseded)
            let latest = try single(try CareTeamInbox.load(jo).clients)
            XCTAssertEqual(latest.bundles, 1)
            XCTAssertEqual(try XCTUnwrap(latest.latest).update.mood?.checkIns, 1)
            XCTAssertEqual(Set(try XCTUnwrap(latest.latest).categories), [.doseLog, .mood])

            // The same file twice is a replay: refused, nothing changes.
            let field = invalidField(try CareTeamInbox.open(jo, keySecret: joSecret, bytes: try Data(contentsOf: again.file)))
            XCTAssertTrue(field?.hasPrefix("bundle") == true, String(describing: field))

            // Alex revokes and sends the notice: Jo's copy is gone.
            for grant in try single(try SharingState.load(alex).members).grants {
                _ = try alex.revoke(grant.id)
            }
            let notice = try ShareFile.revocation(alex, keySecret: alexSecret, member: try single(try SharingState.load(alex).members),
                                                  dir: dir)
            let deleted = try CareTeamInbox.open(jo, keySecret: joSecret, bytes: try Data(contentsOf: notice.file))
            guard case let .revoked(_, bundlesDeleted) = deleted else { return XCTFail("\(deleted)") }
            XCTAssertEqual(bundlesDeleted, 1)
            XCTAssertTrue(try CareTeamInbox.load(jo).clients.allSatisfy { $0.bundles == 0 && $0.latest == nil })
        }
    }

    func test_theTherapistsReportOfAnUpdateShowsTheScopeAndOnlyTheSectionsShared() throws {
        try withClient { alex, clock, _ in
            let jo = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
            defer { jo.close() }
            _ = try jo.setUp(displayName: "Jo Park", zone: newYork)
            let jp = try alex.addCareMember(CareMemberInput(name: "Jo Park", role: .therapist, channel: .portal)).id
            _ = try alex.pairRecipient(jp, pairingCode: try jo.shareIdentity(keySecret: joSecret).pairingCode)
            let clientId = try CareTeamInbox.pair(jo, label: "Alex", code: try alex.shareIdentity(keySecret: alexSecret).pairingCode).id
            try confirmPairings(alex, keySecret: alexSecret)
            try confirmPairings(jo, keySecret: joSecret)
            let dir = tempDir("reports")
            XCTAssertThrowsError(try CareTeamInbox.report(jo, clientId: clientId, dir: dir)) { error in
                guard case let .notFound(kind)? = error as? CadenceClientError else { return XCTFail("\(error)") }
                XCTAssertEqual(kind, "share bundle")
            }

            // Alex shares the dose log only: takes breakfast, logs a mood, sends the day.
            _ = try alex.grant(jp, categories: [.doseLog], dataFrom: march1)
            clock.instant = ny(7, 40)
            for row in try XCTUnwrap(try TodayState.load(alex).sections.first).rows {
                _ = try alex.take(row.occurrenceId)
            }
            _ = try alex.logMood(Mood(valence: 2), shareable: true)
            let sent = try ShareFile.bundle(alex, keySecret: alexSecret, member: try single(try SharingState.load(alex).members),
                                            dir: tempDir("send"), to: march1, days: 1)
            _ = try CareTeamInbox.open(jo, keySecret: joSecret, bytes: try Data(contentsOf: sent.file))

            let report = try CareTeamInbox.report(jo, clientId: clientId, dir: dir)
            XCTAssertEqual(report.from, march1)
            XCTAssertEqual(report.to, march1)
            XCTAssertEqual(report.title, "Cadence client report, 2027-03-01 to 2027-03-01")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [report.file.lastPathComponent])
            let html = try String(contentsOf: report.file, encoding: .utf8)
            let size = try FileManager.default.attributesOfItem(atPath: report.file.path)[.size] as? Int64
            XCTAssertEqual(size, report.bytes)
            let scope = "Shared by the client: dose log 1 Mar 2027. Not shared: medication list, mood, side effects, "
                + "questionnaires, substance use, goals, journal notes, care plan."
            XCTAssertTrue(html.contains("<p class=\"meta scope\">\(scope)</p>"), html)
            for chart in ["calendar", "timing", "barriers"] {
                XCTAssertTrue(html.contains("id=\"chart-\(chart)\""), chart)
            }
            for absent in ["id=\"chart-mood\"", "id=\"chart-side-effects\"", "Sertraline", "<h2>Medications</h2>"] {
                XCTAssertFalse(html.contains(absent), absent)
            }
            let text = try CareTeamInbox.reportText(jo, clientId: clientId)
            XCTAssertTrue(text.hasPrefix("\(scope)\nCadence update 2027-03-01 to 2027-03-01\nDoses taken: 2 of"), text)

            // A newer report replaces the file; older ones are deleted.
            try Data([1]).write(to: dir.appendingPathComponent("cadence-client-report-2027-01-01-2027-01-31.html"))
            let again = try CareTeamInbox.report(jo, clientId: clientId, dir: dir)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [again.file.lastPathComponent])
            try CareTeamInbox.clearReports(dir)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).count, 0)
        }
    }

    func test_aFileLargerThanTheCoreOpensIsRefusedBeforeItIsReadWhole() throws {
        let huge = CountingStream(limit: CareTeamInbox.maxFileBytes + 10)
        XCTAssertEqual(invalidField(try CareTeamInbox.read(huge)), "bundle")
        XCTAssertTrue(huge.served <= CareTeamInbox.maxFileBytes + 64 * 1024)
        let small = InputStream(data: Data([1, 2, 3]))
        small.open()
        defer { small.close() }
        XCTAssertEqual(try CareTeamInbox.read(small).count, 3)
    }
}
