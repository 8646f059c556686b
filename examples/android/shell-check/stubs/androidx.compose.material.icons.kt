// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.material:material-icons-core 1.7 (Compose BOM 2024.12.01)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.material.icons

object Icons {
    object Filled

    /** Icons mirrored in right-to-left layouts (since 1.6; Icons.Filled.List and others are deprecated for them). */
    object AutoMirrored {
        object Filled
    }

    val Default = Filled
}
