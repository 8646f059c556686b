// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.activity:activity-ktx 1.9.3 (ActivityViewModelLazy, EdgeToEdge)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.activity

import androidx.lifecycle.ViewModel

inline fun <reified VM : ViewModel> ComponentActivity.viewModels(noinline factoryProducer: (() -> Any)? = null): Lazy<VM> = TODO()
fun ComponentActivity.enableEdgeToEdge() { TODO() }
