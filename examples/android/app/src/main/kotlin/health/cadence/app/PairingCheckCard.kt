// The comparison that turns a pairing on, the same on the client's phone and
// the clinician's device: the other device's fingerprint as this one received
// it, and this device's own. The two people read them to each other (side by
// side, or on a call: not through the channel the code travelled on), and
// only "Both match" enables sharing. Until then the kit offers no Send and
// the core seals nothing for the key, nor opens files from it.
package health.cadence.app

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp

/** Both fingerprints and the one button that confirms the pairing; [mine] is null until this device's identity is loaded. */
@Composable
internal fun PairingCheckCard(theirs: String, mine: String?, busy: Boolean, onMatch: () -> Unit) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(stringResource(R.string.pairing_check_title), style = MaterialTheme.typography.titleSmall)
        Text(stringResource(R.string.pairing_check_explained))
        Text(stringResource(R.string.pairing_check_theirs, theirs), fontFamily = FontFamily.Monospace)
        if (mine != null) Text(stringResource(R.string.pairing_check_mine, mine), fontFamily = FontFamily.Monospace)
        Button(onClick = onMatch, enabled = mine != null && !busy) { Text(stringResource(R.string.pairing_check_match)) }
        Text(stringResource(R.string.pairing_check_differ), style = MaterialTheme.typography.bodySmall)
    }
}
