// The process-wide pieces: one CadenceClient (opened off the main thread
// with the key from KeyVault), the reminder scheduler, and backup/restore.
package health.cadence.app

import android.app.Application
import android.net.Uri
import android.util.Log
import health.cadence.kit.CadenceClient
import health.cadence.kit.CadenceError
import health.cadence.kit.Reconciliation
import health.cadence.kit.ReminderStatus
import health.cadence.kit.ReminderScheduler
import health.cadence.kit.ShareKeysAfterRestore
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.io.File
import java.io.FileNotFoundException
import java.time.ZoneId
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

/** Where the database is. */
sealed interface Session {
    /** Being opened (or replaced). */
    data object Opening : Session

    /** Open: every screen and receiver uses this one client. */
    class Ready(val client: CadenceClient, val scheduler: ReminderScheduler) : Session

    /** The device key is gone ([KeyVault.KeyLostException]): restore from a backup, or start over. */
    data object KeyLost : Session

    /** Could not open; [reason] is safe to show (no personal data). */
    class Failed(val reason: String) : Session
}

class CadenceApplication : Application() {
    /** Core calls from receivers and screens: never on the main thread. */
    val io: ExecutorService = Executors.newFixedThreadPool(2)

    /** Opens the database; separate from [io] so a receiver waiting for it never blocks it. */
    private val opener: ExecutorService = Executors.newSingleThreadExecutor()

    lateinit var alarms: AlarmScheduler
        private set
    private lateinit var vault: KeyVault

    private val state = MutableStateFlow<Session>(Session.Opening)
    val session: StateFlow<Session> = state.asStateFlow()

    /** Why reminders may not reach the person (the kit's status; null before the first reconcile). */
    private val status = MutableStateFlow<ReminderStatus?>(null)
    val reminderStatus: StateFlow<ReminderStatus?> = status.asStateFlow()

    /**
     * In noBackupFilesDir: it is encrypted with a key that only this device's
     * Keystore can unwrap, so a copy anywhere else is useless.
     */
    private val database: File get() = File(noBackupFilesDir, "cadence.db")

    override fun onCreate() {
        super.onCreate()
        alarms = AlarmScheduler(this)
        vault = KeyVault(this)
        ReminderReceiver.createChannels(this)
        opener.execute { state.value = open() }
    }

    /**
     * The open session, waiting up to [timeoutMillis] while the database opens
     * (short enough for a broadcast's goAsync budget); null when it cannot be
     * opened. Blocks: call off the main thread.
     */
    fun awaitReady(timeoutMillis: Long = 8_000): Session.Ready? = runBlocking {
        withTimeoutOrNull(timeoutMillis) { session.first { it !is Session.Opening } } as? Session.Ready
    }

    /**
     * Runs [use] with the share secret (pairing, share files), cleared
     * afterwards. Blocks on the Keystore: call off the main thread. Throws
     * [KeyVault.KeyLostException] when it can no longer be unwrapped.
     */
    fun <T> withShareSecret(use: (ByteArray) -> T): T {
        val secret = vault.shareSecret()
        try {
            return use(secret)
        } finally {
            secret.fill(0)
        }
    }

    /** Tries to open again (after [Session.Failed]). */
    fun retry() = opener.execute { state.value = open() }

    /**
     * Makes the OS's alarms match the core's plan and arms the next reconcile.
     * Blocks; never throws (failures are logged without personal data).
     */
    fun reconcile(ready: Session.Ready): Reconciliation? = try {
        // With the device zone: a change the app missed reaches the core first.
        ready.scheduler.reconcile(ZoneId.systemDefault()).also { afterReconcile(ready, it) }
    } catch (e: CadenceError) {
        Log.w(TAG, "reconcile: ${e.message}")
        null
    }

    /** After any reconcile (also the ones the kit runs after a notification action). */
    fun afterReconcile(ready: Session.Ready, done: Reconciliation) {
        alarms.armReconcile(done.nextReconcileAt)
        status.value = ready.scheduler.status(done)
    }

    /**
     * Tells the core the device's zone when it differs from the profile's
     * (a TIMEZONE_CHANGED broadcast, or a change while the app was stopped).
     */
    fun syncZone(ready: Session.Ready, zone: ZoneId = ZoneId.systemDefault()) {
        try {
            val profile = ready.client.profile() ?: return
            if (profile.currentZone != zone.id) ready.client.deviceZoneChanged(zone)
        } catch (e: CadenceError) {
            Log.w(TAG, "zone: ${e.message}") // e.g. a fixed-offset zone the core refuses
        }
    }

    /**
     * Writes an encrypted backup protected by [passphrase] to [target] (a
     * document the person picked). Blocks; throws [CadenceError] or IOException.
     */
    fun backup(ready: Session.Ready, target: Uri, passphrase: String) {
        val file = File(cacheDir, "backup.cadence")
        try {
            ready.client.backupTo(file.toPath(), passphrase)
            val out = contentResolver.openOutputStream(target, "wt") ?: throw FileNotFoundException("backup target")
            out.use { sink -> file.inputStream().use { it.copyTo(sink) } }
        } finally {
            file.delete()
        }
    }

    /**
     * Restores the backup at [source] (opened with [passphrase]). With an open
     * database the core verifies and swaps it in place (a wrong passphrase
     * changes nothing). After [Session.KeyLost] the backup is verified first,
     * then becomes a new database under new keys. Either way the share keys
     * inside are then made to open with this phone's share secret: a backup
     * from another phone gets new ones ([ShareKeysAfterRestore.Rekeyed], the
     * person confirms each pairing again). Blocks; throws [CadenceError]
     * (WrongKey: wrong passphrase) or IOException.
     */
    fun restore(source: Uri, passphrase: String): ShareKeysAfterRestore {
        val copy = File(cacheDir, "restore.cadence")
        try {
            val input = contentResolver.openInputStream(source) ?: throw FileNotFoundException("backup")
            input.use { stream -> copy.outputStream().use { stream.copyTo(it) } }
            val current = session.value
            if (current is Session.Ready) {
                current.client.restoreFrom(copy.toPath(), passphrase)
                reconcile(current)
            } else {
                verify(copy, passphrase)
                replaceDatabase { client -> client.restoreFrom(copy.toPath(), passphrase) }
            }
        } finally {
            copy.delete()
        }
        val ready = session.value as? Session.Ready ?: return ShareKeysAfterRestore.Unchanged
        return withShareSecret { ready.client.shareKeysAfterRestore(it) }
    }

    /** After [Session.KeyLost]: an empty database under new keys. Blocks. */
    fun startOver() = replaceDatabase {}

    private fun open(): Session = try {
        val key = vault.databaseKey(create = !database.exists())
        val client = try {
            CadenceClient.open(database.toPath(), key)
        } finally {
            key.fill(0)
        }
        Session.Ready(client, ReminderScheduler(client, alarms)).also { ready ->
            syncZone(ready)
            reconcile(ready)
        }
    } catch (e: KeyVault.KeyLostException) {
        Session.KeyLost
    } catch (e: CadenceError.WrongKey) {
        Session.KeyLost
    } catch (e: CadenceError) {
        Session.Failed(e.message ?: "cannot open the database")
    } catch (e: LinkageError) {
        Session.Failed("libcadence_ffi.so is missing from this build (see examples/android/README.md)")
    } catch (e: Exception) {
        Session.Failed("cannot open the database (${e.javaClass.simpleName}); try again")
    }

    /** Checks a backup before anything is replaced, using a scratch database. */
    private fun verify(backup: File, passphrase: String) {
        val scratch = File(cacheDir, "verify.db")
        try {
            // A throwaway key: the kit opens encrypted files only.
            val key = ByteArray(CadenceClient.KEY_BYTES).also { java.security.SecureRandom().nextBytes(it) }
            try {
                CadenceClient.open(scratch.toPath(), key).use { it.verifyBackup(backup.toPath(), passphrase) }
            } finally {
                key.fill(0)
            }
        } finally {
            for (suffix in listOf("", "-wal", "-shm")) File(scratch.path + suffix).delete()
        }
    }

    /**
     * Moves the current (unreadable) files aside, forgets the keys, opens a
     * new database, lets [fill] put data into it, and publishes it.
     */
    @Synchronized
    private fun replaceDatabase(fill: (CadenceClient) -> Unit) {
        (session.value as? Session.Ready)?.client?.close()
        state.value = Session.Opening
        val aside = File(noBackupFilesDir, "unreadable").apply { mkdirs() }
        for (suffix in listOf("", "-wal", "-shm")) {
            val file = File(database.path + suffix)
            if (file.exists()) file.renameTo(File(aside, file.name))
        }
        vault.reset()
        val next = open()
        try {
            if (next is Session.Ready) {
                fill(next.client)
                reconcile(next)
            }
        } finally {
            state.value = next
        }
    }

    /** A generated-binding call, with its error turned into the kit's [CadenceError]. */
    private companion object {
        const val TAG = "Cadence"
    }
}
