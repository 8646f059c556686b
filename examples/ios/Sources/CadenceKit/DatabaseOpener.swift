// Opening the person's database at launch: a key is made only for a new
// database, never for one that exists (its key may be gone after a restore
// to a new phone: the person restores a backup or starts over, nothing is
// overwritten), and every failure is a state the app shows, never a crash.
// Mirrors examples/android/kit/.../DatabaseOpener.kt.
import CadenceBindings
import Foundation

/// The OS key store as the opener needs it: the iOS Keychain, Android
/// Keystore, or a fake in tests.
public protocol DatabaseKeys: AnyObject {
    /// The database key; with `create`, made and stored when there is none.
    /// Nil when there is none and `create` is false (the key was lost: a
    /// restore to a new phone, a reset Keychain). Throws when the key store
    /// fails (locked, unavailable).
    func databaseKey(create: Bool) throws -> Data?
}

/// Where opening left the app.
public enum OpenOutcome {
    /// Open: the one client every screen uses.
    case ready(client: CadenceClient)
    /// The database exists but its key is gone or does not open it: offer
    /// "restore from a backup" or "start over" (which sets the file aside).
    case keyLost
    /// Could not open for another reason; `reason` names no personal data. Offer "try again".
    case failed(reason: String)
}

/// Opens the database at launch; call it off the main thread.
public enum DatabaseOpener {
    /// Opens the database at `path` with the key from `keys`: a key is
    /// created only when no database file exists yet.
    public static func open(_ path: URL, keys: DatabaseKeys, clock: CadenceClock = SystemClock()) -> OpenOutcome {
        let exists = FileManager.default.fileExists(atPath: path.path)
        let key: Data?
        do {
            key = try keys.databaseKey(create: !exists)
        } catch {
            return .failed(reason: "the key store is not available (\(type(of: error))); try again")
        }
        guard let key else {
            return exists ? .keyLost : .failed(reason: "no key was made for a new database")
        }
        do {
            return .ready(client: try CadenceClient.open(path, key: key, clock: clock))
        } catch CadenceClientError.wrongKey {
            return .keyLost
        } catch {
            return .failed(reason: "cannot open the database (\(type(of: error))); try again")
        }
    }
}
