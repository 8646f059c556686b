// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.runtime:runtime 1.7 (Compose BOM 2024.12.01)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.runtime

import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.reflect.KProperty
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.StateFlow

@Target(AnnotationTarget.FUNCTION, AnnotationTarget.TYPE, AnnotationTarget.TYPE_PARAMETER, AnnotationTarget.PROPERTY_GETTER)
annotation class Composable

@Target(AnnotationTarget.FUNCTION, AnnotationTarget.TYPE, AnnotationTarget.PROPERTY_GETTER)
annotation class DisallowComposableCalls

interface State<out T> {
    val value: T
}

interface MutableState<T> : State<T> {
    override var value: T
}

fun <T> mutableStateOf(value: T): MutableState<T> = TODO()
operator fun <T> State<T>.getValue(thisObj: Any?, property: KProperty<*>): T = TODO()
operator fun <T> MutableState<T>.setValue(thisObj: Any?, property: KProperty<*>, value: T) { TODO() }

@Composable inline fun <T> remember(crossinline calculation: @DisallowComposableCalls () -> T): T = calculation()
@Composable inline fun <T> remember(key1: Any?, crossinline calculation: @DisallowComposableCalls () -> T): T = calculation()
@Composable fun LaunchedEffect(key1: Any?, block: suspend CoroutineScope.() -> Unit) { TODO() }
@Composable fun <T> StateFlow<T>.collectAsState(context: CoroutineContext = EmptyCoroutineContext): State<T> = TODO()
