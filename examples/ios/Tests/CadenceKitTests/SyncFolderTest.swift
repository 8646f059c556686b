// The person's phone and tablet (two real Cadence databases) kept in step
// through one folder: what one records shows on the other after both sync,
// files for other devices and files that cannot be applied stay where they
// are, and the Devices & sync state says what is waiting.
// Mirrors examples/android/kit/src/test/.../SyncFolderTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

private let phoneSecret = Data(repeating: 1, count: 32)
private let tabletSecret = Data(repeating: 2, count: 32)
private let laptopSecret = Data(repeating: 3, count: 32)
private let march1 = LocalDate(2027, 3, 1)

final class SyncFolderTest: XCTestCase {
    /// `a` enters `b`'s pairing code under `label` and confirms the fingerprint `b` shows for itself.
    private func pairOneWay(_ a: CadenceClient, _ label: String, _ b: CadenceClient, _ bSecret: Data) throws {
        let shown = try b.shareIdentity(keySecret: bSecret)
        let device = try a.pairDevice(label, pairingCode: shown.pairingCode)
        _ = try a.confirmDevice(device.keyId, fingerprint: shown.fingerprint)
    }

    private func syncFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cadence-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func names(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    private func exists(_ file: URL) -> Bool { FileManager.default.fileExists(atPath: file.path) }

    func test_aDoseTakenAndAPrivateMoodOnThePhoneShowOnTheTabletAndTheTabletsDoseComesBack() throws {
        try withClient { phone, clock, meds in
            let tablet = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
            defer { tablet.close() }
            let dir = try syncFolder()
            let phoneSync = SyncFolder(phone, dir: dir)
            let tabletSync = SyncFolder(tablet, dir: dir)
            _ = try phone.shareIdentity(keySecret: phoneSecret)
            try pairOneWay(phone, "Tablet", tablet, tabletSecret)
            try pairOneWay(tablet, "Phone", phone, phoneSecret)
            let before = try phoneSync.state()
            XCTAssertEqual(before.devices.map(\.label), ["Tablet"])
            XCTAssertEqual(try single(before.devices).fingerprint, try tablet.shareIdentity(keySecret: tabletSecret).fingerprint)
            XCTAssertTrue(try single(before.devices).confirmed && !single(before.devices).removed)
            XCTAssertNil(before.lastSyncedAt)
            XCTAssertEqual(before.pendingFiles, 0)

            clock.instant = ny(7, 40)
            let breakfast = try XCTUnwrap(try TodayState.load(phone).sections.first).rows
            let sertraline = try XCTUnwrap(breakfast.first { $0.medicationId == meds.sertraline })
            _ = try phone.take(sertraline.occurrenceId)
            _ = try phone.logMood(Mood(valence: -2), note: "only for me", shareable: false)
            let sent = try phoneSync.sync(keySecret: phoneSecret)
            XCTAssertTrue(sent.applied.isEmpty)
            XCTAssertEqual(sent.written.map(\.lastPathComponent), try names(dir))
            XCTAssertEqual(sent.written.count, 1)
            XCTAssertEqual(sent.state.unacknowledgedFiles, 1)
            XCTAssertEqual(sent.state.lastSyncedAt, ny(7, 40))
            // The tablet sees one file waiting for it; the phone none.
            XCTAssertEqual(try tabletSync.state().incomingFiles, 1)
            XCTAssertEqual(try phoneSync.state().incomingFiles, 0)

            clock.instant = ny(7, 45)
            let got = try tabletSync.sync(keySecret: tabletSecret)
            XCTAssertEqual(got.applied.count, 1)
            XCTAssertTrue(got.changes > 0)
            XCTAssertTrue(got.refused.isEmpty)
            XCTAssertFalse(exists(try single(sent.written)), "applied files are deleted")
            XCTAssertEqual(got.written.map(\.lastPathComponent), try names(dir))
            XCTAssertEqual(got.state.incomingFiles, 0)
            XCTAssertEqual(try single(got.state.devices).lastReceivedAt, ny(7, 45))
            // The tablet's Today: the same dose taken at the same minute.
            let onTablet = try XCTUnwrap(try XCTUnwrap(try TodayState.load(tablet).sections.first).rows
                .first { $0.medicationId == meds.sertraline })
            XCTAssertEqual(onTablet.badge, .takenOnTime)
            XCTAssertEqual(onTablet.takenAt, ny(7, 40))
            let mood = try single(try tablet.journal(from: march1, to: march1).entries)
            XCTAssertEqual(mood.note, "only for me")
            XCTAssertFalse(mood.shareable)

            // The tablet logs lamotrigine; the phone gets it on its next sync.
            let lamotrigine = try XCTUnwrap(try XCTUnwrap(try TodayState.load(tablet).sections.first).rows
                .first { $0.medicationId == meds.lamotrigine })
            clock.instant = ny(7, 50)
            _ = try tablet.take(lamotrigine.occurrenceId)
            XCTAssertTrue(try tablet.syncStatus().unsentChanges > 0)
            XCTAssertEqual(try tabletSync.sync(keySecret: tabletSecret).written.count, 1)
            XCTAssertEqual(try tablet.syncStatus().unsentChanges, 0)
            XCTAssertEqual(try phoneSync.state().incomingFiles, 2)
            clock.instant = ny(8)
            let back = try phoneSync.sync(keySecret: phoneSecret)
            XCTAssertEqual(back.applied.count, 2)
            XCTAssertEqual(back.state.incomingFiles, 0)
            let onPhone = try XCTUnwrap(try XCTUnwrap(try TodayState.load(phone).sections.first).rows
                .first { $0.medicationId == meds.lamotrigine })
            XCTAssertEqual(onPhone.takenAt, ny(7, 50))
            XCTAssertEqual(try tablet.bindings.syncDump(), try phone.bindings.syncDump(),
                           "one dose log each, the same on both devices")

            // The tablet applies the phone's confirmation: nothing pending on
            // either device, and syncing again writes nothing.
            XCTAssertEqual(back.written.count, 1)
            let settled = try tabletSync.sync(keySecret: tabletSecret)
            XCTAssertTrue(settled.written.isEmpty)
            XCTAssertEqual(settled.state.pendingFiles, 0)
            XCTAssertEqual(try phoneSync.state().pendingFiles, 0)
            XCTAssertTrue(try phoneSync.sync(keySecret: phoneSecret).written.isEmpty)
            XCTAssertTrue(try names(dir).isEmpty)

            // The tablet is lost: removed on the phone, nothing more is written for it.
            _ = try phone.removeDevice(try tablet.shareIdentity(keySecret: tabletSecret).keyId)
            _ = try phone.logMood(Mood(valence: 1))
            let afterRemoval = try phoneSync.sync(keySecret: phoneSecret)
            XCTAssertTrue(afterRemoval.written.isEmpty)
            XCTAssertTrue(try single(afterRemoval.state.devices).removed)
            XCTAssertEqual(afterRemoval.state.unsentChanges, 0)
        }
    }

    func test_filesForOtherDevicesAnAlteredFileAndOneFromADeviceNotInTheGroupStayInTheFolder() throws {
        let clock = TestClock(ny(9))
        let phone = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
        defer { phone.close() }
        let tablet = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
        defer { tablet.close() }
        let laptop = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
        defer { laptop.close() }
        _ = try phone.setUp(displayName: "Alex", zone: newYork)
        _ = try phone.addMedication(medication("Sertraline", 50))
        let dir = try syncFolder()
        let notes = dir.appendingPathComponent("notes.txt")
        try Data("not a change file".utf8).write(to: notes)
        _ = try phone.shareIdentity(keySecret: phoneSecret)
        try pairOneWay(phone, "Tablet", tablet, tabletSecret)
        try pairOneWay(tablet, "Phone", phone, phoneSecret)
        // A laptop paired the phone and the tablet on its side; neither has paired it.
        try pairOneWay(laptop, "Tablet", tablet, tabletSecret)
        try pairOneWay(laptop, "Phone", phone, phoneSecret)

        let forTablet = try single(try SyncFolder(phone, dir: dir).sync(keySecret: phoneSecret).written)
        let laptopFiles = try SyncFolder(laptop, dir: dir).sync(keySecret: laptopSecret).written
        XCTAssertEqual(laptopFiles.count, 2)
        let tabletId = try tablet.shareIdentity(keySecret: tabletSecret).keyId
        let fromLaptop = try single(laptopFiles.filter { SyncFolder.isAddressedTo($0.lastPathComponent, keyId: tabletId) })
        let laptopForPhone = try single(laptopFiles.filter { $0 != fromLaptop })
        // A copy of the phone's file, altered on the way, under a later number.
        let altered = dir.appendingPathComponent(
            forTablet.lastPathComponent.replacingOccurrences(of: "-0000000001.", with: "-0000000002."))
        var bytes = try Data(contentsOf: forTablet)
        bytes[bytes.count - 10] ^= 1
        try bytes.write(to: altered)
        let tabletSync = SyncFolder(tablet, dir: dir)
        XCTAssertEqual(try tabletSync.state().incomingFiles, 3)

        clock.instant = ny(9, 5)
        let result = try tabletSync.sync(keySecret: tabletSecret)
        XCTAssertEqual(result.applied.count, 1)
        XCTAssertEqual(try tablet.medications().map(\.name), ["Sertraline"])
        let refused = Dictionary(uniqueKeysWithValues: result.refused.map { ($0.file.lastPathComponent, $0) })
        XCTAssertEqual(Set(refused.keys), [altered.lastPathComponent, fromLaptop.lastPathComponent])
        XCTAssertTrue(try XCTUnwrap(refused[altered.lastPathComponent]).field.hasPrefix("sync_file"))
        XCTAssertEqual(refused[fromLaptop.lastPathComponent]?.field, "sync_file.sender")
        // Left as they were: the refused files, the laptop's file for the phone, the note.
        XCTAssertFalse(exists(forTablet))
        for f in [altered, fromLaptop, laptopForPhone, notes] { XCTAssertTrue(exists(f), f.lastPathComponent) }
        XCTAssertEqual(result.state.incomingFiles, 2)

        // The person pairs the laptop on the tablet too: its file applies on the next sync.
        try pairOneWay(tablet, "Laptop", laptop, laptopSecret)
        let next = try tabletSync.sync(keySecret: tabletSecret)
        XCTAssertEqual(next.applied.map(\.senderKeyId), [try laptop.shareIdentity(keySecret: laptopSecret).keyId])
        XCTAssertEqual(next.refused.map { $0.file.lastPathComponent }, [altered.lastPathComponent])
        XCTAssertFalse(exists(fromLaptop))
        XCTAssertEqual(next.state.incomingFiles, 1)
        XCTAssertTrue(exists(laptopForPhone))
    }

    func test_aWrongSecretAppliesNothingAndWritesNothing() throws {
        try withClient { phone, clock, _ in
            let tablet = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
            defer { tablet.close() }
            let dir = try syncFolder()
            _ = try phone.shareIdentity(keySecret: phoneSecret)
            try pairOneWay(phone, "Tablet", tablet, tabletSecret)
            try pairOneWay(tablet, "Phone", phone, phoneSecret)
            _ = try SyncFolder(phone, dir: dir).sync(keySecret: phoneSecret)
            let before = try names(dir)
            XCTAssertEqual(clientError(try SyncFolder(tablet, dir: dir).sync(keySecret: phoneSecret)), .wrongKey)
            XCTAssertEqual(try names(dir), before)
            XCTAssertTrue(try tablet.medications().isEmpty)
            XCTAssertEqual(try SyncFolder(tablet, dir: dir).state().incomingFiles, 1)
        }
    }

    func test_onlyChangeFilesNamedForThisDeviceArePicked() {
        let id = "ab46d987c0ffee0011223344556677889"
        XCTAssertTrue(SyncFolder.isAddressedTo("cadence-813af49a-to-ab46d987-0000000001.cdsync", keyId: id))
        XCTAssertFalse(SyncFolder.isAddressedTo("cadence-ab46d987-to-813af49a-0000000001.cdsync", keyId: id))
        XCTAssertFalse(SyncFolder.isAddressedTo("cadence-813af49a-to-ab46d987-0000000001.cdsync.tmp", keyId: id))
        XCTAssertFalse(SyncFolder.isAddressedTo(".writing-123.tmp", keyId: id))
        XCTAssertFalse(SyncFolder.isAddressedTo("cadence-813af49a-to-ab46d987-0000000001 (1).cdsync", keyId: id))
        XCTAssertFalse(SyncFolder.isAddressedTo("cadence-813af49a-to-ab46d987-0000000001.cdsync", keyId: "ab46"))
    }
}
