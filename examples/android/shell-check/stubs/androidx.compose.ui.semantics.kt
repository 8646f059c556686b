// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.ui:ui 1.7 (Compose BOM 2024.12.01) (semantics)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.ui.semantics

@JvmInline
value class Role private constructor(private val value: Int) {
    companion object {
        val RadioButton: Role = Role(3)
    }
}
