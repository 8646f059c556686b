// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: org.jetbrains.kotlinx:kotlinx-coroutines-core 1.9.0 (flows)
@file:Suppress("UNUSED_PARAMETER", "unused")
package kotlinx.coroutines.flow

interface Flow<out T>

interface StateFlow<out T> : Flow<T> {
    val value: T
}

interface MutableStateFlow<T> : StateFlow<T> {
    override var value: T
}

fun <T> MutableStateFlow(value: T): MutableStateFlow<T> = TODO()
fun <T> MutableStateFlow<T>.asStateFlow(): StateFlow<T> = TODO()
suspend fun <T> Flow<T>.first(predicate: suspend (T) -> Boolean): T = TODO()
