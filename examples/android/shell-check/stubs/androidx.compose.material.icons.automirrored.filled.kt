// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.material:material-icons-core 1.7 (Compose BOM 2024.12.01) (only icons in the core set)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.material.icons.automirrored.filled

import androidx.compose.material.icons.Icons
import androidx.compose.ui.graphics.vector.ImageVector

val Icons.AutoMirrored.Filled.List: ImageVector get() = TODO()
