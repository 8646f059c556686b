// Shared test fixtures: a settable clock, a fake OS notification store, and
// a client in New York with a morning, a twice-daily and a bedtime medication.
// Mirrors examples/android/kit/src/test/.../Fixtures.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

/// A clock tests move by hand.
final class TestClock: CadenceClock {
    var instant: Date

    init(_ instant: Date) { self.instant = instant }

    func now() -> Date { instant }

    /// Moves the clock forward.
    func advanceMinutes(_ minutes: Int64) {
        instant = instant.addingTimeInterval(TimeInterval(minutes * 60))
    }
}

/// The OS as the scheduler sees it: a set of at most `hardLimit` pending
/// notifications (iOS: 64, the plan's length; Android's AlarmManager keeps
/// hundreds) that fire and leave the set `lagMinutes` after their time
/// (Android in Doze delivers late). `permitted` false is the user turning
/// notifications off.
final class FakeOs: OsNotifications {
    let capacity: Int
    let lagMinutes: Int64
    let hardLimit: Int
    var pending: [String: CadenceBindings.Notification] = [:]
    /// Schedules are accepted (the permission at scheduling time).
    var permitted = true
    /// The OS shows notifications (turned off later, scheduled ones stay but show nothing).
    var notificationsAllowed = true
    var exactTiming = true
    var reportsEveryDelivery = true
    /// Ids armed while `exactTiming` was false.
    var inexact: Set<String> = []
    var scheduleCalls = 0
    var cancelCalls = 0

    init(capacity: Int = 64, lagMinutes: Int64 = 0, hardLimit: Int? = nil) {
        self.capacity = capacity
        self.lagMinutes = lagMinutes
        self.hardLimit = hardLimit ?? capacity
    }

    func pendingIds() -> Set<String> { Set(pending.keys) }

    func inexactIds() -> Set<String> { inexact.intersection(pending.keys) }

    func schedule(_ notification: CadenceBindings.Notification) -> Bool {
        scheduleCalls += 1
        if !permitted || (pending[notification.id] == nil && pending.count >= hardLimit) { return false }
        pending[notification.id] = notification
        if exactTiming { inexact.remove(notification.id) } else { inexact.insert(notification.id) }
        return true
    }

    func cancel(_ id: String) {
        cancelCalls += 1
        pending[id] = nil
        inexact.remove(id)
    }

    /// Fires (removes and returns) every notification delivered by `now`, soonest first.
    func fire(_ now: Date) -> [CadenceBindings.Notification] {
        let lag = TimeInterval(lagMinutes * 60)
        let due = pending.values.filter { $0.fireAt.addingTimeInterval(lag) <= now }.sorted { ($0.fireAt, $0.id) < ($1.fireAt, $1.id) }
        for n in due {
            pending[n.id] = nil
        }
        return due
    }
}

let newYork = TimeZone(identifier: "America/New_York")!

/// 2027-03-01 (a Monday) at `h`:`m` in New York, as an instant.
func ny(_ h: Int, _ m: Int = 0, date: LocalDate = LocalDate(2027, 3, 1)) -> Date {
    date.atTime(LocalTime(h, m), in: newYork)
}

func tempDb() -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cadence-kit-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("cadence.db")
}

/// The database key of every test file (the kit opens encrypted files only).
var testKey: Data { Data((0..<CadenceClient.keyBytes).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }) }

/// Both people compared the fingerprints on their screens and they match:
/// every unverified pairing of `c` is confirmed.
func confirmPairings(_ c: CadenceClient, keySecret: Data) throws {
    let mine = try c.shareIdentity(keySecret: keySecret)
    for p in try c.pairedKeys() where p.verifiedAt == nil && p.revokedAt == nil {
        _ = try PairingCheck.of(p, mine: mine).confirm(c)
    }
}

func tempDir(_ prefix: String) -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

func medication(_ name: String, _ mg: Double) -> MedicationInput {
    MedicationInput(name: name, strength: Strength(amount: mg, unit: "mg"), form: .tablet, instructions: "",
                    prescriberNotes: "", expectedOnset: OnsetWindow(minDays: 14, maxDays: 42), startedOn: "2027-02-01")
}

/// A FHIR Dosage taking `mg` at the EventTiming `codes`, from `start`.
func dosage(_ codes: [String], _ mg: Double, start: String = "2027-03-01") -> String {
    let when = codes.map { "\"\($0)\"" }.joined(separator: ", ")
    return """
        {"timing": {"repeat": {"when": [\(when)], "period": 1, "periodUnit": "d",
            "boundsPeriod": {"start": "\(start)"}}},
            "doseAndRate": [{"doseQuantity": {"value": \(mg), "unit": "mg"}}]}
        """
}

/// Ids of the client's three medications.
struct Meds {
    let sertraline: String
    let lamotrigine: String
    let quetiapine: String
}

/// A client set up at 06:00 on 2027-03-01 in New York: sertraline with
/// breakfast (07:30), lamotrigine at breakfast and dinner (18:30), quetiapine
/// at bedtime (22:30).
func withClient<T>(start: Date = ny(6), _ body: (CadenceClient, TestClock, Meds) throws -> T) throws -> T {
    let clock = TestClock(start)
    let c = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
    defer { c.close() }
    _ = try c.setUp(displayName: "Alex", zone: newYork)
    let s = try c.addMedication(medication("Sertraline", 50)).id
    _ = try c.addPlanFromFhirDosage(s, dosageJson: dosage(["CM"], 100))
    let l = try c.addMedication(medication("Lamotrigine", 25)).id
    _ = try c.addPlanFromFhirDosage(l, dosageJson: dosage(["CM", "CV"], 25))
    let q = try c.addMedication(medication("Quetiapine", 25)).id
    _ = try c.addPlanFromFhirDosage(q, dosageJson: dosage(["HS"], 50))
    return try body(c, clock, Meds(sertraline: s, lamotrigine: l, quetiapine: q))
}

/// A well-formed id no record has.
let unknownId = "00000000-0000-4000-8000-000000000000"

/// The `CadenceClientError` `body` throws; fails the test (and returns nil)
/// when it throws nothing or another error. Kotlin: `assertThrows`.
func clientError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath,
                    line: UInt = #line) -> CadenceClientError? {
    do {
        _ = try body()
        XCTFail("expected a CadenceClientError, nothing was thrown", file: file, line: line)
    } catch let error as CadenceClientError {
        return error
    } catch {
        XCTFail("expected a CadenceClientError, got \(error)", file: file, line: line)
    }
    return nil
}

/// The `field` of the `invalidInput` error `body` throws (nil, failing the
/// test, for anything else).
func invalidField<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath,
                     line: UInt = #line) -> String? {
    guard case let .invalidInput(field, _)? = clientError(try body(), file: file, line: line) else {
        XCTFail("expected CadenceClientError.invalidInput", file: file, line: line)
        return nil
    }
    return field
}

/// The only element of `items` (failing the test when there are more or none).
func single<T>(_ items: [T], file: StaticString = #filePath, line: UInt = #line) throws -> T {
    XCTAssertEqual(items.count, 1, "expected exactly one element", file: file, line: line)
    return try XCTUnwrap(items.first, file: file, line: line)
}

/// A small seeded generator (SplitMix64): the property tests replay by seed.
/// Swift's SystemRandomNumberGenerator cannot be seeded.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
