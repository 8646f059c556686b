// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.foundation:foundation 1.7 (Compose BOM 2024.12.01)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.foundation

import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier

class ScrollState(initial: Int)

@Composable fun rememberScrollState(initial: Int = 0): ScrollState = TODO()
fun Modifier.horizontalScroll(state: ScrollState, enabled: Boolean = true, reverseScrolling: Boolean = false): Modifier = TODO()
fun Modifier.verticalScroll(state: ScrollState, enabled: Boolean = true, reverseScrolling: Boolean = false): Modifier = TODO()
@Composable fun isSystemInDarkTheme(): Boolean = TODO()
