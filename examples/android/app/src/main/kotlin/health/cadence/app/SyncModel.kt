// The Devices & sync card's state, owned by AppModel: the person's other
// devices (pair by the code a device shows, confirm once the fingerprints
// match, remove a lost one) and "Sync now" through the sync folder. What
// syncs and how it merges is the core's; reading and writing the folder is
// the kit's SyncFolder. Every call runs off the main thread.
package health.cadence.app

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import health.cadence.kit.CadenceClient
import health.cadence.kit.CadenceError
import health.cadence.kit.DeviceRow
import health.cadence.kit.SyncFolder
import health.cadence.kit.SyncResult
import health.cadence.kit.SyncState
import java.io.File

class SyncModel internal constructor(private val app: CadenceApplication, private val calls: CoreCalls) {
    /** Null until first loaded. */
    var state by mutableStateOf<SyncState?>(null)
        private set

    /** What the last "Sync now" did, until the next one. */
    var last by mutableStateOf<SyncResult?>(null)
        private set

    /** Why the last pairing code was refused (the core's reason), or null. */
    var pairError by mutableStateOf<String?>(null)
        private set

    /**
     * The sync folder: this app's folder in shared storage
     * (Android/data/health.cadence.app/files/sync), which a computer sees over
     * USB and a folder-sync app can mirror to the other devices. The files in
     * it are sealed to each device; only names, sizes and times show.
     */
    val folderPath: String get() = folder().path

    private fun folder(): File = File(app.getExternalFilesDir(null) ?: app.filesDir, SYNC_DIR)

    private fun syncFolder(client: CadenceClient) = SyncFolder(client, folder())

    fun load() = calls.withClient({ ready -> syncFolder(ready.client).state() }) { state = it }

    /** Applies what the other devices left in the folder, then writes this device's files. */
    fun syncNow() = calls.withClient({ ready ->
        folder().mkdirs()
        app.withShareSecret { secret -> syncFolder(ready.client).sync(secret) }
    }) { result ->
        last = result
        state = result.state
    }

    /** Pairs the device showing [code] under [label]; a mistyped code stays in the form with the core's reason. */
    fun pair(label: String, code: String) = calls.withClient({ ready ->
        try {
            app.withShareSecret { secret -> ready.client.shareIdentity(secret) } // this device's keys exist first
            ready.client.pairDevice(label, code)
            null
        } catch (e: CadenceError.InvalidInput) {
            e.reason
        }
    }) { refused ->
        pairError = refused
        load()
    }

    /** The person compared [device]'s fingerprint with the one it shows for itself, and they match. */
    fun confirm(device: DeviceRow) =
        calls.withClient({ ready -> ready.client.confirmDevice(device.keyId, device.fingerprint) }) { load() }

    /** Removes a lost or sold [device] for good: nothing more is sent to it or taken from it. */
    fun remove(device: DeviceRow) = calls.withClient({ ready -> ready.client.removeDevice(device.keyId) }) { load() }

    /** Another database was swapped in (restore, start over): its devices are loaded afresh. */
    fun forget() {
        state = null
        last = null
        pairError = null
    }

    private companion object {
        const val SYNC_DIR = "sync"
    }
}
