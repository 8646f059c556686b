// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.activity:activity 1.9.3 (generic, so not taken from the .pyi stubs)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.activity.result

abstract class ActivityResultLauncher<I> {
    abstract fun launch(input: I)
}
