// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.ui:ui 1.7 (Compose BOM 2024.12.01) (resources)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.ui.res

import androidx.annotation.PluralsRes
import androidx.annotation.StringRes
import androidx.compose.runtime.Composable

@Composable fun stringResource(@StringRes id: Int): String = TODO()
@Composable fun stringResource(@StringRes id: Int, vararg formatArgs: Any): String = TODO()
@Composable fun stringArrayResource(id: Int): Array<String> = TODO()
@Composable fun pluralStringResource(@PluralsRes id: Int, count: Int): String = TODO()
@Composable fun pluralStringResource(@PluralsRes id: Int, count: Int, vararg formatArgs: Any): String = TODO()
