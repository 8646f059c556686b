// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.ui:ui-text 1.7 (Compose BOM 2024.12.01)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.ui.text.input

class KeyboardType private constructor() {
    companion object {
        val Unspecified = KeyboardType()
        val Text = KeyboardType()
        val Ascii = KeyboardType()
        val Number = KeyboardType()
        val Phone = KeyboardType()
        val Email = KeyboardType()
        val Password = KeyboardType()
        val Decimal = KeyboardType()
    }
}

// The real one is a fun interface over AnnotatedString; the shell only passes instances.
interface VisualTransformation {
    companion object {
        val None: VisualTransformation = TODO()
    }
}

class PasswordVisualTransformation(val mask: Char = '\u2022') : VisualTransformation
