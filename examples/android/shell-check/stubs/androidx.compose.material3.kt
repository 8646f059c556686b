// Hand-written stub for examples/android/shell-check: only what the shell uses,
// with signatures as we read them from the library's reference docs (not
// generated, not verified against the real artifact). Bodies never run.
// Stands for: androidx.compose.material3:material3 1.3 (Compose BOM 2024.12.01)
@file:Suppress("UNUSED_PARAMETER", "unused")
package androidx.compose.material3

import android.content.Context
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.RowScope
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.font.FontStyle
import androidx.compose.ui.text.input.VisualTransformation

class ColorScheme internal constructor() {
    val primary: Color get() = TODO()
    val primaryContainer: Color get() = TODO()
    val secondaryContainer: Color get() = TODO()
    val tertiaryContainer: Color get() = TODO()
    val error: Color get() = TODO()
    val errorContainer: Color get() = TODO()
    val surfaceVariant: Color get() = TODO()
}

class Typography internal constructor() {
    val headlineSmall: TextStyle get() = TODO()
    val titleLarge: TextStyle get() = TODO()
    val titleMedium: TextStyle get() = TODO()
    val titleSmall: TextStyle get() = TODO()
    val bodyLarge: TextStyle get() = TODO()
    val bodyMedium: TextStyle get() = TODO()
    val bodySmall: TextStyle get() = TODO()
    val labelLarge: TextStyle get() = TODO()
    val labelSmall: TextStyle get() = TODO()
}

class Shapes

object MaterialTheme {
    val colorScheme: ColorScheme @Composable get() = TODO()
    val typography: Typography @Composable get() = TODO()
}

@Composable
fun MaterialTheme(
    colorScheme: ColorScheme = MaterialTheme.colorScheme,
    shapes: Shapes = Shapes(),
    typography: Typography = MaterialTheme.typography,
    content: @Composable () -> Unit,
) { TODO() }

// The real ones take every colour role, each with a default.
fun lightColorScheme(primary: Color = Color.Unspecified, primaryContainer: Color = Color.Unspecified): ColorScheme = TODO()
fun darkColorScheme(primary: Color = Color.Unspecified, primaryContainer: Color = Color.Unspecified): ColorScheme = TODO()
fun dynamicLightColorScheme(context: Context): ColorScheme = TODO()
fun dynamicDarkColorScheme(context: Context): ColorScheme = TODO()

@Composable
fun Scaffold(
    modifier: Modifier = Modifier,
    topBar: @Composable () -> Unit = {},
    bottomBar: @Composable () -> Unit = {},
    content: @Composable (PaddingValues) -> Unit,
) { TODO() }

@Composable
fun NavigationBar(modifier: Modifier = Modifier, content: @Composable RowScope.() -> Unit) { TODO() }

@Composable
fun RowScope.NavigationBarItem(
    selected: Boolean,
    onClick: () -> Unit,
    icon: @Composable () -> Unit,
    modifier: Modifier = Modifier,
    enabled: Boolean = true,
    label: @Composable (() -> Unit)? = null,
    alwaysShowLabel: Boolean = true,
) { TODO() }

@Composable
fun Icon(imageVector: ImageVector, contentDescription: String?, modifier: Modifier = Modifier, tint: Color = Color.Unspecified) { TODO() }

@Composable
fun Text(
    text: String,
    modifier: Modifier = Modifier,
    color: Color = Color.Unspecified,
    fontStyle: FontStyle? = null,
    fontFamily: FontFamily? = null,
    maxLines: Int = Int.MAX_VALUE,
    style: TextStyle = TextStyle(),
) { TODO() }

@Composable
fun Button(onClick: () -> Unit, modifier: Modifier = Modifier, enabled: Boolean = true, content: @Composable RowScope.() -> Unit) { TODO() }

@Composable
fun OutlinedButton(onClick: () -> Unit, modifier: Modifier = Modifier, enabled: Boolean = true, content: @Composable RowScope.() -> Unit) { TODO() }

@Composable
fun TextButton(onClick: () -> Unit, modifier: Modifier = Modifier, enabled: Boolean = true, content: @Composable RowScope.() -> Unit) { TODO() }

class CardColors

object CardDefaults {
    @Composable
    fun cardColors(containerColor: Color = Color.Unspecified, contentColor: Color = Color.Unspecified): CardColors = TODO()
}

@Composable
fun Card(modifier: Modifier = Modifier, colors: CardColors = CardDefaults.cardColors(), content: @Composable ColumnScope.() -> Unit) { TODO() }

@Composable
fun AlertDialog(
    onDismissRequest: () -> Unit,
    confirmButton: @Composable () -> Unit,
    modifier: Modifier = Modifier,
    dismissButton: @Composable (() -> Unit)? = null,
    icon: @Composable (() -> Unit)? = null,
    title: @Composable (() -> Unit)? = null,
    text: @Composable (() -> Unit)? = null,
) { TODO() }

@Composable
fun OutlinedTextField(
    value: String,
    onValueChange: (String) -> Unit,
    modifier: Modifier = Modifier,
    enabled: Boolean = true,
    readOnly: Boolean = false,
    label: @Composable (() -> Unit)? = null,
    placeholder: @Composable (() -> Unit)? = null,
    supportingText: @Composable (() -> Unit)? = null,
    isError: Boolean = false,
    visualTransformation: VisualTransformation = VisualTransformation.None,
    keyboardOptions: KeyboardOptions = KeyboardOptions.Default,
    singleLine: Boolean = false,
) { TODO() }

@Composable
fun Checkbox(checked: Boolean, onCheckedChange: ((Boolean) -> Unit)?, modifier: Modifier = Modifier, enabled: Boolean = true) { TODO() }

@Composable
fun RadioButton(selected: Boolean, onClick: (() -> Unit)?, modifier: Modifier = Modifier, enabled: Boolean = true) { TODO() }

@Composable
fun FilterChip(selected: Boolean, onClick: () -> Unit, label: @Composable () -> Unit, modifier: Modifier = Modifier, enabled: Boolean = true) { TODO() }

@Composable
fun DropdownMenu(expanded: Boolean, onDismissRequest: () -> Unit, modifier: Modifier = Modifier, content: @Composable ColumnScope.() -> Unit) { TODO() }

@Composable
fun DropdownMenuItem(text: @Composable () -> Unit, onClick: () -> Unit, modifier: Modifier = Modifier, enabled: Boolean = true) { TODO() }

@Composable
fun CircularProgressIndicator(modifier: Modifier = Modifier) { TODO() }
