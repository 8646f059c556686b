// What a restore did to the share keys: they still open on this phone, or
// the core made new ones and every pairing needs confirming again.
// Mirrors examples/android/kit/.../ShareKeysAfterRestore.kt.
import CadenceBindings
import Foundation

/// The answer of `CadenceClient.shareKeysAfterRestore(keySecret:)`.
public enum ShareKeysAfterRestore: Equatable {
    /// This phone's secret opens the share keys (or there are none yet): sharing goes on.
    case unchanged
    /// New share keys: `identity`'s pairing code and fingerprint replace
    /// `previous`'s. The `pairings` care-team pairings must be confirmed
    /// again (compare fingerprints) before anything is shared with them.
    case rekeyed(previous: ShareIdentity, identity: ShareIdentity, pairings: Int)
}
