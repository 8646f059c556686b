// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.ui:ui-text 1.7 (Compose BOM 2024.12.01) (FontStyle: a value class in the real library;
// FontFamily: sealed there too, with more families and constructors)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.ui.text.font

class FontStyle private constructor() {
    companion object {
        val Italic = FontStyle()
        val Normal = FontStyle()
    }
}

sealed class FontFamily {
    companion object {
        val Monospace: GenericFontFamily get() = TODO()
    }
}

sealed class SystemFontFamily : FontFamily()

class GenericFontFamily internal constructor(val name: String) : SystemFontFamily()
