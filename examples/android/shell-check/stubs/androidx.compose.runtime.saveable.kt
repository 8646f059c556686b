// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.runtime:runtime-saveable 1.7 (Compose BOM 2024.12.01)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.runtime.saveable

import androidx.compose.runtime.Composable

@Composable fun <T : Any> rememberSaveable(vararg inputs: Any?, key: String? = null, init: () -> T): T = init()
