// The Sharing tab's state, owned by AppModel: the care team and their grants,
// this phone's sharing code, pairing with a member's device, and the encrypted
// files sent to them (an update, or the notice to delete), each loaded or
// written off the main thread. What a member may see is the kit's and the
// core's to decide; every file written is in the audit log.
package health.cadence.app

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import health.cadence.core.CareMemberInput
import health.cadence.core.ConsentCategory
import health.cadence.core.ContactChannel
import health.cadence.core.MemberRole
import health.cadence.core.ShareIdentity
import health.cadence.kit.CadenceError
import health.cadence.kit.ConsentDraft
import health.cadence.kit.MemberSharing
import health.cadence.kit.PairingCheck
import health.cadence.kit.ShareFile
import health.cadence.kit.SharingState
import java.io.File
import java.time.LocalDate

class SharingModel internal constructor(private val app: CadenceApplication, private val calls: CoreCalls) {
    /** Null until first loaded. */
    var state by mutableStateOf<SharingState?>(null)
        private set
    var draft by mutableStateOf<ConsentDraft?>(null)
        private set

    /** This phone's pairing code and fingerprint, for the care team (null until loaded). */
    var identity by mutableStateOf<ShareIdentity?>(null)
        private set

    /** The member whose pairing code is being typed, and why the last one was refused. */
    var pairing by mutableStateOf<MemberSharing?>(null)
        private set
    var pairError by mutableStateOf<String?>(null)
        private set

    /** The last update written (its file is kept until the next share file). */
    var sent by mutableStateOf<ShareFile?>(null)
        private set

    /** A file for the share sheet, once: the screen opens it, then calls [sendOpened]. */
    var toSend by mutableStateOf<ShareFile?>(null)
        private set

    /** A paired member whose grant was just revoked: offer the notice to delete. */
    var revoked by mutableStateOf<MemberSharing?>(null)
        private set

    val busy: Boolean get() = calls.busy

    /** Share files live in cache/share (res/xml/file_paths.xml shares only this folder and the reports'). */
    private val shareDir get() = File(app.cacheDir, SHARE_DIR).toPath()

    fun load() = calls.withClient({ ready -> SharingState.load(ready.client) }) { state = it }

    /** This phone's sharing identity; the keys are made on first use. */
    fun loadIdentity() = calls.withClient({ ready ->
        app.withShareSecret { secret -> ready.client.shareIdentity(secret) }
    }) { identity = it }

    // ---- the care team and consent ----

    fun addMember(name: String, role: MemberRole) = calls.withClient({ ready ->
        ready.client.addCareMember(CareMemberInput(name.trim(), role, ContactChannel.IN_PERSON))
    }) { load() }

    /** Starts a grant for [memberId]: nothing ticked, data from today. */
    fun newGrant(memberId: String) =
        calls.withClient({ ready -> ready.client.localDate() }) { today -> draft = ConsentDraft(memberId, dataFrom = today) }

    fun toggle(category: ConsentCategory) {
        draft = draft?.toggle(category)
    }

    fun shareFrom(date: LocalDate) {
        draft = draft?.copy(dataFrom = date)
    }

    fun cancelGrant() {
        draft = null
    }

    fun grant() {
        val current = draft ?: return
        calls.withClient({ ready -> current.grant(ready.client) }) {
            draft = null
            load()
        }
    }

    /** Revokes a grant of [member]; when their device is paired, offers the notice to delete. */
    fun revoke(grantId: String, member: MemberSharing) = calls.withClient({ ready -> ready.client.revoke(grantId) }) {
        if (member.pairing != null) revoked = member
        load()
    }

    // ---- pairing ----

    fun startPairing(member: MemberSharing) {
        pairing = member
        pairError = null
    }

    fun cancelPairing() {
        pairing = null
        pairError = null
    }

    /** Pairs the member with the code their device shows; a mistyped code stays in the dialog. */
    fun pair(code: String) {
        val member = pairing ?: return
        calls.withClient({ ready ->
            try {
                ready.client.pairRecipient(member.member.id, code)
                null
            } catch (e: CadenceError.InvalidInput) {
                e.reason
            }
        }) { refused ->
            if (refused == null) {
                cancelPairing()
                load() // their card now shows the comparison (PairingCheckCard)
            } else {
                pairError = refused
            }
        }
    }

    /**
     * The person compared both fingerprints with [member] and they match:
     * the pairing is confirmed, and Send appears.
     */
    fun confirm(member: MemberSharing) {
        val pairing = member.pairing ?: return
        calls.withClient({ ready ->
            app.withShareSecret { secret -> PairingCheck.of(pairing, ready.client.shareIdentity(secret)).confirm(ready.client) }
        }) { load() }
    }

    // ---- sending ----

    /** Writes the update of the last 30 days for [member], then hands it to the share sheet. Audited. */
    fun send(member: MemberSharing) = calls.withClient({ ready ->
        app.withShareSecret { secret -> ShareFile.bundle(ready.client, secret, member, shareDir, to = ready.client.localDate()) }
    }) { file ->
        sent = file
        toSend = file
        load()
    }

    /** Opens the last update in the share sheet again (the same file: nothing new is disclosed). */
    fun sendAgain() {
        toSend = sent
    }

    /** Writes the notice for [member]'s device to delete this client's data; their pairing ends. */
    fun tellToDelete(member: MemberSharing) = calls.withClient({ ready ->
        app.withShareSecret { secret -> ShareFile.revocation(ready.client, secret, member, shareDir) }
    }) { file ->
        revoked = null
        sent = null // the notice replaced the last update's file
        toSend = file
        load()
    }

    fun notNow() {
        revoked = null
    }

    fun sendOpened() {
        toSend = null
    }

    /** Another database was swapped in (restore, start over): its identity and care team are loaded afresh. */
    fun forget() {
        state = null
        identity = null
        sent = null
        revoked = null
    }

    private companion object {
        const val SHARE_DIR = "share"
    }
}
