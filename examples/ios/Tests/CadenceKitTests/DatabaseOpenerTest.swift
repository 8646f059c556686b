// Launch never makes a key for a database that exists, and a lost or failing
// key store is a state to show (restore, start over, try again), not a crash.
// Mirrors examples/android/kit/src/test/.../DatabaseOpenerTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

/// A key store holding at most one key; `failing`: every read throws.
private final class FakeKeys: DatabaseKeys {
    struct Locked: Error {}
    var key: Data?
    var failing: Bool
    var made = 0

    init(key: Data? = nil, failing: Bool = false) {
        self.key = key
        self.failing = failing
    }

    func databaseKey(create: Bool) throws -> Data? {
        if failing { throw Locked() }
        if let key { return key }
        if !create { return nil }
        made += 1
        key = Data(repeating: 9, count: CadenceClient.keyBytes)
        return key
    }
}

/// Thrown (a test error, so the test fails) when the database did not open.
private struct NotOpened: Error {
    let outcome: OpenOutcome
}

private func ready(_ outcome: OpenOutcome) throws -> CadenceClient {
    guard case let .ready(client) = outcome else { throw NotOpened(outcome: outcome) }
    return client
}

private func isKeyLost(_ outcome: OpenOutcome) -> Bool {
    if case .keyLost = outcome { return true }
    return false
}

final class DatabaseOpenerTest: XCTestCase {
    func test_aNewDatabaseGetsAKeyAndOpensAgainWithIt() throws {
        let path = tempDb()
        let keys = FakeKeys()
        let first = try ready(DatabaseOpener.open(path, keys: keys))
        _ = try first.setUp(displayName: "Alex", zone: newYork)
        first.close()
        let again = try ready(DatabaseOpener.open(path, keys: keys))
        XCTAssertEqual(try again.profile()?.displayName, "Alex")
        again.close()
        XCTAssertEqual(keys.made, 1)
    }

    func test_aDatabaseWhoseKeyIsGoneIsKeyLostAndNoNewKeyIsMade() throws {
        let path = tempDb()
        try ready(DatabaseOpener.open(path, keys: FakeKeys())).close()
        let newPhone = FakeKeys() // restored to a new phone: the file came back, the key did not
        XCTAssertTrue(isKeyLost(DatabaseOpener.open(path, keys: newPhone)))
        XCTAssertEqual(newPhone.made, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path.path)) // nothing overwritten
    }

    func test_aKeyThatDoesNotOpenTheDatabaseIsKeyLost() throws {
        let path = tempDb()
        try ready(DatabaseOpener.open(path, keys: FakeKeys())).close()
        let other = FakeKeys(key: Data(repeating: 3, count: CadenceClient.keyBytes))
        XCTAssertTrue(isKeyLost(DatabaseOpener.open(path, keys: other)))
    }

    func test_aFailingKeyStoreIsAFailureToRetryNamingNoPersonalData() throws {
        let path = tempDb()
        let keys = FakeKeys(failing: true)
        guard case let .failed(reason) = DatabaseOpener.open(path, keys: keys) else {
            return XCTFail("expected a failure")
        }
        XCTAssertTrue(reason.contains("key store"), reason)
        keys.failing = false
        try ready(DatabaseOpener.open(path, keys: keys)).close() // try again works
    }
}
