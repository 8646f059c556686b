// The person's own devices kept in step through a folder they choose (a
// cloud drive's folder, a USB stick, a folder a desktop shares): "Sync now"
// applies the change files addressed to this device and writes this
// device's own, and the Devices & sync screen shows where it stands. The
// files are sealed by the core to one device each: whatever hosts the
// folder sees file names, sizes and times, never a dose or a note.
package health.cadence.kit

import health.cadence.core.SyncApplied
import health.cadence.core.SyncStatus
import health.cadence.maxSyncFileBytes
import java.io.File
import java.io.IOException
import java.time.Instant

/** One of the person's other devices, as the Devices & sync screen lists it. */
data class DeviceRow(
    /** The device's key id (hex): what [CadenceClient.confirmDevice] and [CadenceClient.removeDevice] take. */
    val keyId: String,
    /** The name the person gave it. */
    val label: String,
    /** Its fingerprint, to compare with the one the device shows for itself. */
    val fingerprint: String,
    /** The fingerprints were compared and confirmed: files go to it and come from it. */
    val confirmed: Boolean,
    /** Removed from the group for good. */
    val removed: Boolean,
    /** When a file was last made for it. */
    val lastSentAt: Instant?,
    /** When a file from it was last applied here. */
    val lastReceivedAt: Instant?,
    /** Files made for it that it has not confirmed applying yet. */
    val unacknowledgedFiles: Int,
)

/** What the Devices & sync screen shows. */
data class SyncState(
    /** The other devices of the group, as the core lists them. */
    val devices: List<DeviceRow>,
    /** The last time a file was made or applied here, or null before the first sync. */
    val lastSyncedAt: Instant?,
    /** Files in the folder addressed to this device, not applied yet. */
    val incomingFiles: Int,
    /** Files this device made that their device has not confirmed applying yet. */
    val unacknowledgedFiles: Int,
    /** Changes made here not yet in a file for every device. */
    val unsentChanges: Int,
) {
    /** Files on their way: waiting here to be applied, or sent and not yet confirmed. */
    val pendingFiles: Int get() = incomingFiles + unacknowledgedFiles

    /** Devices paired here whose fingerprint is still to be compared. */
    val toConfirm: List<DeviceRow> get() = devices.filter { !it.confirmed && !it.removed }
}

/**
 * A file in the folder addressed to this device that it could not apply
 * ([field] and [reason] are the core's: altered or cut short, from a
 * device not confirmed yet or removed, from a newer Cadence...). It stays in
 * the folder, untouched: a later sync tries it again (after the person
 * confirms that device, or updates the app).
 */
data class RefusedFile(val file: File, val field: String, val reason: String)

/** What one [SyncFolder.sync] did, and the state after it. */
data class SyncResult(
    /** The files applied here (each deleted from the folder), in file-name order. */
    val applied: List<SyncApplied>,
    /** This device's files written to the folder, one per device with something new. */
    val written: List<File>,
    /** Files addressed to this device it could not apply (left in the folder). */
    val refused: List<RefusedFile>,
    val state: SyncState,
) {
    /** Record versions new here. */
    val changes: Long get() = applied.sumOf { it.changes.toLong() }
}

/**
 * The sync folder [dir] of [client]. Calls are synchronous file and SQLite
 * work: make them off the main thread. One sync runs at a time per folder
 * object.
 *
 * Files are picked by name: the core names each `cadence-<sender>-to-
 * <recipient>-<number>.cdsync`, with the first 8 hex digits of the two key
 * ids of its clear header, so a device never reads (or downloads, on a
 * cloud drive) the files of the others. The core checks the header itself
 * and refuses anything not for this device.
 */
class SyncFolder(private val client: CadenceClient, val dir: File) {
    private val lock = Any()

    companion object {
        /** The extension of change files. */
        const val EXTENSION = "cdsync"

        /** Is [fileName] a change file addressed to the device with key id [keyId]? */
        fun isAddressedTo(fileName: String, keyId: String): Boolean =
            keyId.length >= 8 &&
                Regex("cadence-[0-9a-f]{8}-to-${Regex.escape(keyId.take(8).lowercase())}-[0-9]{10}\\.$EXTENSION")
                    .matches(fileName)
    }

    /** Where sync stands: the devices, last synced, files waiting in the folder and files not confirmed yet. */
    fun state(): SyncState = synchronized(lock) { stateOf(client.syncStatus(), incoming().size) }

    /**
     * "Sync now": applies every file in the folder addressed to this device,
     * in file-name order (each device's files in the order it made them),
     * deleting each once applied (or found applied before); then writes this
     * device's own files (a snapshot for a device that has had nothing yet,
     * else the changes since its last file, and the confirmation of the
     * files just applied), each atomically (a temporary name, then one
     * rename), so another device never reads half a file.
     *
     * A file that is refused stays in the folder and is listed in
     * [SyncResult.refused]; the others are still applied. [keySecret] (the
     * 32-byte share secret from the OS key store) unseals this device's
     * keys: a wrong one is [CadenceError.WrongKey] and nothing is applied
     * or written. A file that disappears while syncing (another device's
     * app cleaning up) is skipped.
     */
    fun sync(keySecret: ByteArray): SyncResult = synchronized(lock) {
        val me = client.shareIdentity(keySecret)
        val applied = mutableListOf<SyncApplied>()
        val refused = mutableListOf<RefusedFile>()
        for (file in incoming(me.keyId)) {
            if (file.length() > maxSyncFileBytes().toLong()) {
                refused += RefusedFile(file, "sync_file", "larger than a change file can be")
                continue
            }
            val bytes = try {
                file.readBytes()
            } catch (e: IOException) {
                continue // gone meanwhile
            }
            try {
                applied += client.importSync(keySecret, bytes)
            } catch (e: CadenceError.InvalidInput) {
                // Named like this device but addressed to another: not ours to touch.
                if (e.field != "sync_file.recipient") refused += RefusedFile(file, e.field, e.reason)
                continue
            }
            file.delete()
        }
        val written = client.exportSync(keySecret).map { out ->
            writeAtomically(dir.toPath(), out.fileName, out.bytes).toFile()
        }
        SyncResult(applied, written, refused, stateOf(client.syncStatus(), incoming(me.keyId).size))
    }

    private fun incoming(): List<File> {
        val me = client.existingShareIdentity() ?: return emptyList()
        return incoming(me.keyId)
    }

    private fun incoming(keyId: String): List<File> =
        (dir.listFiles() ?: emptyArray())
            .filter { it.isFile && isAddressedTo(it.name, keyId) }
            .sortedBy { it.name }

    private fun stateOf(status: SyncStatus, incoming: Int) = SyncState(
        devices = status.devices.map {
            DeviceRow(
                it.keyId, it.label, it.fingerprint, it.verifiedAt != null, it.removedAt != null,
                it.lastSentAt, it.lastReceivedAt, it.unacknowledgedFiles.toInt(),
            )
        },
        lastSyncedAt = status.lastSyncedAt,
        incomingFiles = incoming,
        unacknowledgedFiles = status.unacknowledgedFiles.toInt(),
        unsentChanges = status.unsentChanges.toInt(),
    )
}
