// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.foundation:foundation 1.7 (Compose BOM 2024.12.01) (selection)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.foundation.selection

import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role

fun Modifier.selectable(selected: Boolean, enabled: Boolean = true, role: Role? = null, onClick: () -> Unit): Modifier = TODO()
fun Modifier.selectableGroup(): Modifier = TODO()
