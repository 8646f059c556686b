// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.foundation:foundation 1.7 (Compose BOM 2024.12.01) (KeyboardOptions)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.foundation.text

import androidx.compose.ui.text.input.KeyboardType

class KeyboardOptions(val keyboardType: KeyboardType = KeyboardType.Unspecified) {
    companion object {
        val Default = KeyboardOptions()
    }
}
