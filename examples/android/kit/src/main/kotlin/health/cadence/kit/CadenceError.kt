// Typed errors of the Kotlin layer: one sealed class the screens switch on.
package health.cadence.kit

import health.cadence.CadenceException

/**
 * Every error a [CadenceClient] call can throw. The core's errors keep their
 * meaning one to one; [Closed] is the layer's own (a call after `close()`).
 * Messages name fields and rules, never personal data, so they may be logged.
 */
sealed class CadenceError(message: String, cause: Throwable? = null) : Exception(message, cause) {
    /** Input broke a rule: show [reason] next to [field] (a dotted path). Nothing was stored. */
    class InvalidInput(val field: String, val reason: String, cause: Throwable? = null) :
        CadenceError("invalid input in `$field`: $reason", cause)

    /** The record ([kind]) does not exist or was deleted: refresh the screen. */
    class NotFound(val kind: String, cause: Throwable? = null) : CadenceError("$kind not found", cause)

    /** No active consent grant covers this disclosure; nothing was shared. */
    class ConsentRequired(cause: Throwable? = null) :
        CadenceError("no active consent grant covers this disclosure", cause)

    /** The key does not open the database; the file was not modified. */
    class WrongKey(cause: Throwable? = null) : CadenceError("the key does not open this database", cause)

    /** The file comes from a newer app version: ask the person to update. */
    class NewerDatabase(val found: Long, val supported: Long, cause: Throwable? = null) :
        CadenceError("the database (schema $found) is newer than this app ($supported)", cause)

    /** The file is damaged or not a Cadence database: offer restore from backup. */
    class Corrupt(val reason: String, cause: Throwable? = null) : CadenceError("damaged database: $reason", cause)

    /** Storage failed (disk full, I/O, locked too long); retrying later may work. */
    class Storage(val reason: String, cause: Throwable? = null) : CadenceError("storage failed: $reason", cause)

    /** A bug in Cadence; nothing was stored. */
    class Internal(val reason: String, cause: Throwable? = null) : CadenceError("internal error: $reason", cause)

    /** The client was closed; open a new one. */
    class Closed : CadenceError("the Cadence client is closed")

    companion object {
        /** The typed error for a generated-binding exception. */
        fun from(e: CadenceException): CadenceError = when (e) {
            is CadenceException.InvalidInput -> InvalidInput(e.field, e.reason, e)
            is CadenceException.NotFound -> NotFound(e.kind, e)
            is CadenceException.ConsentRequired -> ConsentRequired(e)
            is CadenceException.WrongKey -> WrongKey(e)
            is CadenceException.NewerDatabase -> NewerDatabase(e.found, e.supported, e)
            is CadenceException.Corrupt -> Corrupt(e.reason, e)
            is CadenceException.Storage -> Storage(e.reason, e)
            is CadenceException.Internal -> Internal(e.reason, e)
        }
    }
}
