// The "For clinicians" page's state, owned by AppModel: a therapist's or
// prescriber's own Cadence as the care team's inbox. Pairing a client by the
// code their app shows, opening the files they send (an update, or the notice
// that deletes what they sent), and the clients with their newest update, each
// loaded or read off the main thread. Read-only: what a client disclosed is
// the kit's and the core's to check and to store.
package health.cadence.app

import android.net.Uri
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import health.cadence.core.ImportOutcome
import health.cadence.core.PairedKey
import health.cadence.kit.CadenceError
import health.cadence.kit.CareTeamInbox
import health.cadence.kit.ClientReport
import health.cadence.kit.ClientRow
import java.io.File
import java.io.FileNotFoundException

/** What became of the last file opened. */
sealed class InboxFile {
    /** Opened: an update stored, or that client's data deleted. */
    class Opened(val outcome: ImportOutcome) : InboxFile()

    /** Refused by the kit or the core: the field it names and why (the core's English). Nothing changed. */
    class Refused(val field: String, val reason: String) : InboxFile()

    /** Made for another device (the core's WrongKey): nothing changed. */
    data object OtherDevice : InboxFile()
}

class InboxModel internal constructor(private val app: CadenceApplication, private val calls: CoreCalls) {
    /** Null until first loaded. */
    var state by mutableStateOf<CareTeamInbox?>(null)
        private set

    /** The client just paired: compare their fingerprint with the one on their phone. */
    var paired by mutableStateOf<PairedKey?>(null)
        private set

    /** Why the last pairing was refused (the field it names: label or pairing_code). */
    var pairRefused by mutableStateOf<CadenceError.InvalidInput?>(null)
        private set

    /** The last file opened or refused, until dismissed. */
    var file by mutableStateOf<InboxFile?>(null)
        private set

    /** The client whose newest update is open full screen. */
    var selectedId by mutableStateOf<String?>(null)
        private set
    val selected: ClientRow? get() = selectedId?.let { id -> state?.clients?.find { it.id == id } }

    /** The open client's update as the clinician report, written for a viewer or the share sheet; null until made. */
    var report by mutableStateOf<ClientReport?>(null)
        private set

    val busy: Boolean get() = calls.busy

    fun load() = calls.withClient({ ready -> CareTeamInbox.load(ready.client) }) { state = it }

    // ---- pairing ----

    /** Pairs a client under [label] with the code their app shows; [onPaired] clears the form. */
    fun pair(label: String, code: String, onPaired: () -> Unit) = calls.withClient({ ready ->
        try {
            CareTeamInbox.pair(ready.client, label, code)
        } catch (e: CadenceError.InvalidInput) {
            e
        }
    }) { result ->
        when (result) {
            is PairedKey -> {
                paired = result
                pairRefused = null
                onPaired()
                load()
            }
            is CadenceError.InvalidInput -> pairRefused = result
        }
    }

    /** The pairing form changed: the refusal no longer applies. */
    fun editPairing() {
        pairRefused = null
    }

    /**
     * The clinician compared both fingerprints with the client and they
     * match: files from them open from now on. [theirs] is the fingerprint
     * the screen showed.
     */
    fun confirm(pairingId: String, theirs: String) = calls.withClient({ ready -> ready.client.confirmPairing(pairingId, theirs) }) {
        if (paired?.id == pairingId) paired = null
        load()
    }

    // ---- opening files ----

    /**
     * Reads the picked file (within the core's size limit) and opens it with
     * this device's share secret: an update is stored, replacing one for the
     * same period; a deletion notice removes everything that client sent.
     */
    fun open(uri: Uri) = calls.withClient({ ready ->
        val result = try {
            val input = app.contentResolver.openInputStream(uri) ?: throw FileNotFoundException("update")
            val bytes = input.use(CareTeamInbox::read)
            InboxFile.Opened(app.withShareSecret { secret -> CareTeamInbox.open(ready.client, secret, bytes) })
        } catch (e: CadenceError.InvalidInput) {
            InboxFile.Refused(e.field, e.reason)
        } catch (e: CadenceError.WrongKey) {
            InboxFile.OtherDevice
        }
        result to CareTeamInbox.load(ready.client)
    }) { (result, inbox) ->
        state = inbox
        file = result
    }

    /** The label of the client a file came from (a revoked client keeps theirs). */
    fun labelOf(outcome: ImportOutcome): String? {
        val id = when (outcome) {
            is ImportOutcome.Imported -> outcome.clientId
            is ImportOutcome.Revoked -> outcome.clientId
        }
        return state?.clients?.find { it.id == id }?.label
    }

    fun dismissFile() {
        file = null
    }

    // ---- a client's update ----

    fun openClient(row: ClientRow) {
        selectedId = row.id
        report = null
    }

    fun closeClient() {
        selectedId = null
        report = null
    }

    /**
     * Writes [row]'s newest update as the clinician report (its charts, only
     * what the client shared, the scope on top) into cache/reports, the
     * FileProvider's folder; the previous client report there is deleted.
     */
    fun createReport(row: ClientRow) = calls.withClient({ ready ->
        CareTeamInbox.report(ready.client, row.id, File(app.cacheDir, REPORTS_DIR).toPath())
    }) { report = it }

    /** Another database was swapped in (restore, start over): its clients are loaded afresh. */
    fun forget() {
        state = null
        paired = null
        pairRefused = null
        file = null
        selectedId = null
        report = null
    }
}
