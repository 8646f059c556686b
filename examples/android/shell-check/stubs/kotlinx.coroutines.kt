// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: org.jetbrains.kotlinx:kotlinx-coroutines-core 1.9.0
@file:Suppress("UNUSED_PARAMETER", "unused")
package kotlinx.coroutines

import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

interface CoroutineScope {
    val coroutineContext: CoroutineContext
}

interface Job

abstract class CoroutineDispatcher : CoroutineContext.Element

object Dispatchers {
    val IO: CoroutineDispatcher = TODO()
    val Main: CoroutineDispatcher = TODO()
    val Default: CoroutineDispatcher = TODO()
}

suspend fun <T> withContext(context: CoroutineContext, block: suspend CoroutineScope.() -> T): T = TODO()
fun CoroutineScope.launch(context: CoroutineContext = EmptyCoroutineContext, block: suspend CoroutineScope.() -> Unit): Job = TODO()
fun <T> runBlocking(context: CoroutineContext = EmptyCoroutineContext, block: suspend CoroutineScope.() -> T): T = TODO()
suspend fun <T> withTimeoutOrNull(timeMillis: Long, block: suspend CoroutineScope.() -> T): T? = TODO()
