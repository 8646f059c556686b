// What a restore did to the share keys: they still open on this phone, or
// the core made new ones and every pairing needs confirming again.
package health.cadence.kit

import health.cadence.core.ShareIdentity

/** The answer of [CadenceClient.shareKeysAfterRestore]. */
sealed class ShareKeysAfterRestore {
    /** This phone's secret opens the share keys (or there are none yet): sharing goes on. */
    object Unchanged : ShareKeysAfterRestore()

    /**
     * New share keys: [identity]'s pairing code and fingerprint replace
     * [previous]'s. The [pairings] care-team pairings must be confirmed again
     * (compare fingerprints) before anything is shared with them.
     */
    data class Rekeyed(val previous: ShareIdentity, val identity: ShareIdentity, val pairings: Int) :
        ShareKeysAfterRestore()
}
