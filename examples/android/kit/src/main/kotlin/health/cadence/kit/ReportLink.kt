// The report link: the clinician report written to an app-private file the
// app opens in a viewer or hands to the share sheet.
package health.cadence.kit

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import java.time.LocalDate

/**
 * A written report. The file is in the app's private cache; on Android it is
 * shared through a FileProvider content URI, on iOS through the share sheet.
 * Only notes the person marked shareable are in it.
 */
data class ReportLink(
    val file: Path,
    val from: LocalDate,
    val to: LocalDate,
    /** "Cadence report, 2027-01-01 to 2027-03-31". */
    val title: String,
    val bytes: Long,
    val createdAt: Instant,
) {
    companion object {
        /** The default report window: the last 90 days, as a visit usually covers. */
        const val DEFAULT_DAYS = 90L

        private const val PREFIX = "cadence-report-"

        /**
         * Writes the report of the [days] local days ending [to] into [dir]
         * (atomically: a reader never sees half a file) and deletes older
         * reports there, so copies of health data do not pile up.
         */
        fun create(client: CadenceClient, dir: Path, to: LocalDate, days: Long = DEFAULT_DAYS): ReportLink {
            val from = periodStart(to, days)
            val html = client.reportHtml(from, to)
            val file = writeAtomically(dir, "$PREFIX$from-$to.html", html.toByteArray(Charsets.UTF_8))
            clearOld(dir, keep = file)
            return ReportLink(file, from, to, "Cadence report, $from to $to", Files.size(file), client.now())
        }

        /** Deletes every report file in [dir] but [keep] (call on sign-out with keep = null). */
        fun clearOld(dir: Path, keep: Path? = null) = clearFiles(dir, PREFIX, keep)
    }
}
