// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.ui:ui 1.7 (Compose BOM 2024.12.01) (Modifier, Alignment)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.ui

interface Modifier {
    companion object : Modifier
}

interface Alignment {
    interface Vertical
    interface Horizontal

    companion object {
        val Top: Vertical = TODO()
        val CenterVertically: Vertical = TODO()
        val Bottom: Vertical = TODO()
        val Start: Horizontal = TODO()
        val CenterHorizontally: Horizontal = TODO()
        val End: Horizontal = TODO()
        val Center: Alignment = TODO()
    }
}
