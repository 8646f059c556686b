// Sending to the care team: the encrypted, signed share bundle of what a
// member may see (or, after consent is revoked, the notice that tells their
// device to delete this client's data), written to an app-private file the
// app hands to the share sheet, e-mail or a messenger. Only the paired
// member's device opens it; every bundle is in the audit log.
package health.cadence.kit

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.time.Instant
import java.time.LocalDate

/** What a share file carries. */
enum class ShareFileKind {
    /** The member's granted data of a period. */
    BUNDLE,

    /** A signed notice for the member's device to delete this client's data. */
    REVOCATION,
}

/**
 * A share file written for [memberId]. The file name holds no name or
 * date, only the kind and the bundle's sequence number.
 */
data class ShareFile(
    val file: Path,
    val kind: ShareFileKind,
    val memberId: String,
    /** The data period (bundles only). */
    val from: LocalDate?,
    val to: LocalDate?,
    /** Records in the bundle (0 for a notice). */
    val records: Int,
    /** SHA-256 of the bundle, as the audit log records it (bundles only). */
    val sha256: String?,
    val bytes: Long,
    val createdAt: Instant,
) {
    companion object {
        /** The file extension the care team's Cadence opens. */
        const val EXTENSION = "cadence"

        /** The MIME type to share it as. */
        const val MIME_TYPE = "application/octet-stream"

        /** The default period of a bundle: the last 30 days. */
        const val DEFAULT_DAYS = 30L

        private const val PREFIX = "cadence-share-"

        /**
         * Can [member] be sent a bundle now: paired, the fingerprints
         * compared and confirmed ([MemberSharing.verified]), and holding an
         * active grant to data?
         */
        fun canSend(member: MemberSharing): Boolean = member.verified && member.sharedNow.isNotEmpty()

        /**
         * Encrypts and signs what [member] may see of the [days] local days
         * ending [to] (their grants decide, at this moment) and writes it to
         * [dir]. [keySecret] is the 32-byte share secret from the OS key store.
         * Audited; older share files in [dir] are deleted.
         */
        fun bundle(
            client: CadenceClient,
            keySecret: ByteArray,
            member: MemberSharing,
            dir: Path,
            to: LocalDate,
            days: Long = DEFAULT_DAYS,
        ): ShareFile {
            if (member.pairing == null) {
                throw CadenceError.InvalidInput("member", "pair with their code before sending")
            }
            val from = periodStart(to, days)
            val b = client.exportShareBundle(keySecret, member.member.id, from, to)
            val file = write(dir, "${PREFIX}bundle-${b.sequence}.$EXTENSION", b.bytes)
            return ShareFile(
                file, ShareFileKind.BUNDLE, member.member.id, isoDate(b.from), isoDate(b.to), b.recordCount.toInt(),
                b.sha256, Files.size(file), client.now(),
            )
        }

        /**
         * Writes the signed notice that tells [member]'s device to delete
         * this client's data (send it after revoking their grants); their
         * pairing then stops receiving bundles.
         */
        fun revocation(client: CadenceClient, keySecret: ByteArray, member: MemberSharing, dir: Path): ShareFile {
            val bytes = client.shareRevocationNotice(keySecret, member.member.id)
            val file = write(dir, "${PREFIX}revocation-${client.now().toEpochMilli()}.$EXTENSION", bytes)
            return ShareFile(file, ShareFileKind.REVOCATION, member.member.id, null, null, 0, null, Files.size(file), client.now())
        }

        /** Deletes every share file in [dir] but [keep] (call on sign-out with keep = null). */
        fun clearOld(dir: Path, keep: Path? = null) = clearFiles(dir, PREFIX, keep)

        private fun write(dir: Path, name: String, bytes: ByteArray): Path {
            val file = writeAtomically(dir, name, bytes)
            clearOld(dir, keep = file)
            return file
        }
    }
}

/** The first day of the [days] local days ending [to] (1 to 1830 days, else InvalidInput on `days`). */
internal fun periodStart(to: LocalDate, days: Long): LocalDate {
    if (days !in 1..(5 * 366L)) throw CadenceError.InvalidInput("days", "must be 1 to 1830")
    return to.minusDays(days - 1)
}

/**
 * Writes [bytes] to [dir]/[name] atomically (a reader never sees half a
 * file): a temporary file first, then one rename.
 */
internal fun writeAtomically(dir: Path, name: String, bytes: ByteArray): Path {
    Files.createDirectories(dir)
    val file = dir.resolve(name)
    val tmp = Files.createTempFile(dir, ".writing-", ".tmp") // matches no prefix: clearFiles leaves it
    try {
        Files.write(tmp, bytes)
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
    } finally {
        Files.deleteIfExists(tmp)
    }
    return file
}

/** Deletes the files of [dir] whose names start with [prefix], but [keep]. */
internal fun clearFiles(dir: Path, prefix: String, keep: Path?) {
    if (!Files.isDirectory(dir)) return
    Files.list(dir).use { files ->
        files.filter { it.fileName.toString().startsWith(prefix) && it != keep }.forEach(Files::deleteIfExists)
    }
}
