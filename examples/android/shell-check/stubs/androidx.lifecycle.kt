// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.lifecycle:lifecycle-viewmodel(-ktx) 2.8.7
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.lifecycle

import android.app.Application
import kotlinx.coroutines.CoroutineScope

abstract class ViewModel

open class AndroidViewModel(application: Application) : ViewModel() {
    fun <T : Application> getApplication(): T = TODO()
}

val ViewModel.viewModelScope: CoroutineScope get() = TODO()
