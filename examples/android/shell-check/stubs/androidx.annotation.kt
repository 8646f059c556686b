// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.annotation:annotation (an annotation class, which the .pyi stubs cannot express)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.annotation

@Target(
    AnnotationTarget.VALUE_PARAMETER, AnnotationTarget.FUNCTION, AnnotationTarget.PROPERTY,
    AnnotationTarget.FIELD, AnnotationTarget.LOCAL_VARIABLE,
)
annotation class StringRes

@Target(
    AnnotationTarget.VALUE_PARAMETER, AnnotationTarget.FUNCTION, AnnotationTarget.PROPERTY,
    AnnotationTarget.FIELD, AnnotationTarget.LOCAL_VARIABLE,
)
annotation class PluralsRes
