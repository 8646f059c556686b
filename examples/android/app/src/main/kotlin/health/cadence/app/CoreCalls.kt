// Core calls off the main thread for the screens' models (AppModel and the
// MedicinesModel it owns): one busy count and one message for the whole app.
package health.cadence.app

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import health.cadence.kit.CadenceError
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.IOException
import java.io.UncheckedIOException
import java.security.GeneralSecurityException

internal class CoreCalls(private val app: CadenceApplication, private val scope: CoroutineScope) {
    /** A message to show once: the core's (free of personal data) or the app's. */
    var message by mutableStateOf<String?>(null)
    private var running by mutableStateOf(0)
    val busy: Boolean get() = running > 0

    /**
     * Runs [work] on Dispatchers.IO with the open client (waiting while the
     * database opens), then [then] on the main thread with its result.
     */
    fun <T> withClient(work: (Session.Ready) -> T, then: (T) -> Unit = {}) = guarded {
        val ready = app.session.first { it !is Session.Opening } as? Session.Ready ?: return@guarded
        then(withContext(Dispatchers.IO) { work(ready) })
    }

    /** Errors become [message]; IO and key-store failures say so without paths. */
    fun guarded(block: suspend () -> Unit) {
        scope.launch {
            running++
            try {
                block()
            } catch (e: CadenceError) {
                message = e.message
            } catch (e: IOException) {
                message = app.getString(R.string.error_files)
            } catch (e: UncheckedIOException) {
                message = app.getString(R.string.error_files)
            } catch (e: KeyVault.KeyLostException) {
                message = app.getString(R.string.error_share_key) // only the share secret is read here
            } catch (e: GeneralSecurityException) {
                message = app.getString(R.string.error_key_store)
            } finally {
                running--
            }
        }
    }
}
