// The care team's side, on a therapist's or prescriber's own Cadence: the
// clients who paired with them and what each one disclosed, opened from the
// files they send (ShareFile on the client's phone). Read-only: nothing here
// reaches a client's own data, and a client's deletion notice removes
// everything they sent.
package health.cadence.kit

import health.cadence.ClientBundleView
import health.cadence.core.ImportOutcome
import health.cadence.core.PairedKey
import health.cadence.maxShareFileBytes
import java.io.ByteArrayOutputStream
import java.io.InputStream
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import java.time.LocalDate

/** One client in the inbox. */
data class ClientRow(
    /** The pairing's id (the bundles' `clientId`). */
    val id: String,
    /** The label the clinician gave them (kept on this device only). */
    val label: String,
    /** Their key's fingerprint, to compare with the one on the client's phone. */
    val fingerprint: String,
    /** The clinician confirmed the fingerprints match: files from them open. */
    val verified: Boolean,
    /** Update periods held. */
    val bundles: Int,
    /** The newest update (latest period end), or null before the first file. */
    val latest: ClientBundleView?,
)

/**
 * A client's newest update written as the clinician report, for a WebView
 * or the share sheet: only what the client shared, with the scope of their
 * consent on top. The file is in the app's private cache; its name holds no
 * name, only the period.
 */
data class ClientReport(
    val file: Path,
    /** The client (pairing id). */
    val clientId: String,
    /** The update's period. */
    val from: LocalDate,
    val to: LocalDate,
    /** "Cadence client report, 2027-02-01 to 2027-02-28" (no name: it may leave the device as a subject). */
    val title: String,
    val bytes: Long,
    val createdAt: Instant,
)

/** The inbox: paired clients by label, each with their newest update. */
data class CareTeamInbox(val clients: List<ClientRow>) {
    companion object {
        /** The largest file the core opens; [read] refuses anything bigger. */
        val MAX_FILE_BYTES: Long = maxShareFileBytes().toLong()

        /** The inbox, read from [client] (the clinician's own Cadence). */
        fun load(client: CadenceClient): CareTeamInbox = CareTeamInbox(
            client.shareClients().map { c ->
                val p = c.pairing
                ClientRow(p.id, p.label, p.fingerprint, p.verifiedAt != null, c.bundles.toInt(), client.newestClientBundle(p.id))
            },
        )

        /**
         * Pairs a client by the code their app shows, under [label]. Files
         * from them open only once the fingerprints were compared and
         * confirmed ([PairingCheck.confirm]).
         */
        fun pair(client: CadenceClient, label: String, code: String): PairedKey = client.pairClient(label.trim(), code)

        /**
         * Opens a file a client sent: an update (it replaces an earlier one
         * for the same period) or a deletion notice (everything that client
         * sent is deleted). A foreign, altered or replayed file is
         * [CadenceError.InvalidInput] and changes nothing.
         */
        fun open(client: CadenceClient, keySecret: ByteArray, bytes: ByteArray): ImportOutcome =
            client.importShareBundle(keySecret, bytes)

        /**
         * Writes [clientId]'s newest update as the clinician report into [dir]
         * (atomically: a reader never sees half a file) and deletes older
         * client reports there, so copies of a client's data do not pile up.
         * [CadenceError.NotFound] when no update from them is held.
         */
        fun report(client: CadenceClient, clientId: String, dir: Path): ClientReport {
            val html = client.clientReportHtml(clientId)
            // The core renders the update whose period ends last (the later one sent on a tie),
            // as the inbox row shows it: its period names the file.
            val newest = client.newestClientBundle(clientId)
                ?: throw CadenceError.NotFound("share bundle")
            val (from, to) = isoDate(newest.from) to isoDate(newest.to)
            val file = writeAtomically(dir, "$REPORT_PREFIX$from-$to.html", html.toByteArray(Charsets.UTF_8))
            clearReports(dir, keep = file)
            return ClientReport(file, clientId, from, to, "Cadence client report, $from to $to", Files.size(file), client.now())
        }

        /**
         * The short text summary of [clientId]'s newest update, starting with
         * what they shared (for a message or the clipboard).
         */
        fun reportText(client: CadenceClient, clientId: String): String = client.clientReportText(clientId)

        /** Deletes every client report in [dir] but [keep] (call on sign-out with keep = null). */
        fun clearReports(dir: Path, keep: Path? = null) = clearFiles(dir, REPORT_PREFIX, keep)

        private const val REPORT_PREFIX = "cadence-client-report-"

        /**
         * Reads a picked file (a content URI's stream on Android), refusing
         * one larger than [MAX_FILE_BYTES] before reading it all.
         */
        fun read(input: InputStream): ByteArray {
            val out = ByteArrayOutputStream()
            val buffer = ByteArray(64 * 1024)
            while (true) {
                val n = input.read(buffer) // not readNBytes: Android has it from API 33 only
                if (n < 0) return out.toByteArray()
                out.write(buffer, 0, n)
                if (out.size() > MAX_FILE_BYTES) {
                    throw CadenceError.InvalidInput("bundle", "is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB: not a Cadence update")
                }
            }
        }
    }
}
