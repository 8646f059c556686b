// Typed errors of the Swift layer: one enum the screens switch on. Mirrors
// the Kotlin layer's `CadenceError` (the generated Swift enum already has
// that name, hence `CadenceClientError`).
import CadenceBindings
import Foundation

/// Every error a `CadenceClient` call can throw. The core's errors keep their
/// meaning one to one; `closed` is the layer's own (a call after `close()`).
/// Messages name fields and rules, never personal data, so they may be logged.
public enum CadenceClientError: Error, Equatable, Hashable, Sendable, LocalizedError, CustomStringConvertible {
    /// Input broke a rule: show `reason` next to `field` (a dotted path). Nothing was stored.
    case invalidInput(field: String, reason: String)
    /// The record (`kind`) does not exist or was deleted: refresh the screen.
    case notFound(kind: String)
    /// No active consent grant covers this disclosure; nothing was shared.
    case consentRequired
    /// The key does not open the database; the file was not modified.
    case wrongKey
    /// The file comes from a newer app version: ask the person to update.
    case newerDatabase(found: Int64, supported: Int64)
    /// The file is damaged or not a Cadence database: offer restore from backup.
    case corrupt(reason: String)
    /// Storage failed (disk full, I/O, locked too long); retrying later may work.
    case storage(reason: String)
    /// A bug in Cadence; nothing was stored.
    case `internal`(reason: String)
    /// The client was closed; open a new one.
    case closed

    /// The message (Kotlin's `Exception.message`).
    public var message: String {
        switch self {
        case let .invalidInput(field, reason): return "invalid input in `\(field)`: \(reason)"
        case let .notFound(kind): return "\(kind) not found"
        case .consentRequired: return "no active consent grant covers this disclosure"
        case .wrongKey: return "the key does not open this database"
        case let .newerDatabase(found, supported):
            return "the database (schema \(found)) is newer than this app (\(supported))"
        case let .corrupt(reason): return "damaged database: \(reason)"
        case let .storage(reason): return "storage failed: \(reason)"
        case let .internal(reason): return "internal error: \(reason)"
        case .closed: return "the Cadence client is closed"
        }
    }

    public var errorDescription: String? { message }

    public var description: String { message }

    /// The typed error for a generated-binding error.
    public static func from(_ e: CadenceError) -> CadenceClientError {
        switch e {
        case let .InvalidInput(field, reason): return .invalidInput(field: field, reason: reason)
        case let .NotFound(kind): return .notFound(kind: kind)
        case .ConsentRequired: return .consentRequired
        case .WrongKey: return .wrongKey
        case let .NewerDatabase(found, supported): return .newerDatabase(found: found, supported: supported)
        case let .Corrupt(reason): return .corrupt(reason: reason)
        case let .Storage(reason): return .storage(reason: reason)
        case let .Internal(reason): return .internal(reason: reason)
        }
    }
}
