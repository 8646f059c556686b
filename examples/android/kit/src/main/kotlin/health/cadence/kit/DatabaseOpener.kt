// Opening the person's database at launch: a key is made only for a new
// database, never for one that exists (its key may be gone after a restore
// to a new phone: the person restores a backup or starts over, nothing is
// overwritten), and every failure is a state the app shows, never a crash.
package health.cadence.kit

import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock

/**
 * The OS key store as the opener needs it: Android Keystore, the iOS
 * Keychain, or a fake in tests.
 */
interface DatabaseKeys {
    /**
     * The database key; with [create], made and stored when there is none.
     * Null when there is none and [create] is false (the key was lost: a
     * restore to a new phone, a reset key store). Throws when the key store
     * fails (locked, unavailable).
     */
    fun databaseKey(create: Boolean): ByteArray?
}

/** Where opening left the app. */
sealed class OpenOutcome {
    /** Open: the one client every screen uses. */
    data class Ready(val client: CadenceClient) : OpenOutcome()

    /**
     * The database exists but its key is gone or does not open it: offer
     * "restore from a backup" or "start over" (which sets the file aside).
     */
    object KeyLost : OpenOutcome()

    /** Could not open for another reason; [reason] names no personal data. Offer "try again". */
    data class Failed(val reason: String) : OpenOutcome()
}

/** Opens the database at launch; call it off the main thread. */
object DatabaseOpener {
    /**
     * Opens the database at [path] with the key from [keys]: a key is
     * created only when no database file exists yet. The key bytes are
     * cleared once used.
     */
    fun open(path: Path, keys: DatabaseKeys, clock: Clock = Clock.systemUTC()): OpenOutcome {
        val exists = Files.exists(path)
        val key = try {
            keys.databaseKey(create = !exists)
        } catch (e: Exception) {
            return OpenOutcome.Failed("the key store is not available (${e.javaClass.simpleName}); try again")
        } ?: return if (exists) OpenOutcome.KeyLost else OpenOutcome.Failed("no key was made for a new database")
        return try {
            OpenOutcome.Ready(CadenceClient.open(path, key, clock))
        } catch (e: CadenceError.WrongKey) {
            OpenOutcome.KeyLost
        } catch (e: CadenceError) {
            OpenOutcome.Failed("cannot open the database (${e.javaClass.simpleName}); try again")
        } finally {
            key.fill(0)
        }
    }
}
