// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.activity:activity 1.9.3 (ActivityResultContracts)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.activity.result.contract

import android.net.Uri

abstract class ActivityResultContract<I, O>

class ActivityResultContracts {
    class RequestPermission : ActivityResultContract<String, Boolean>()
    open class CreateDocument(mimeType: String) : ActivityResultContract<String, Uri?>()
    open class OpenDocument : ActivityResultContract<Array<String>, Uri?>()
}
