// Words for what a client's update and journal hold (symptoms, severities,
// questionnaires, adherence trends), numbers as the phone writes them, and
// why the inbox refused a file, by the field the kit or the core names.
package health.cadence.app

import androidx.annotation.StringRes
import health.cadence.core.Instrument
import health.cadence.core.Severity
import health.cadence.core.Symptom
import health.cadence.core.TrendDirection
import java.text.NumberFormat

@StringRes
internal fun symptomLabel(symptom: Symptom): Int = when (symptom) {
    Symptom.NAUSEA -> R.string.symptom_nausea
    Symptom.SLEEPINESS -> R.string.symptom_sleepiness
    Symptom.INSOMNIA -> R.string.symptom_insomnia
    Symptom.WEIGHT_CHANGE -> R.string.symptom_weight_change
    Symptom.SEXUAL_SIDE_EFFECTS -> R.string.symptom_sexual
    Symptom.RESTLESSNESS -> R.string.symptom_restlessness
    Symptom.TREMOR -> R.string.symptom_tremor
    Symptom.DIZZINESS -> R.string.symptom_dizziness
    Symptom.HEADACHE -> R.string.symptom_headache
    Symptom.RASH -> R.string.symptom_rash
    Symptom.DRY_MOUTH -> R.string.symptom_dry_mouth
    Symptom.CONSTIPATION -> R.string.symptom_constipation
    Symptom.DIARRHOEA -> R.string.symptom_diarrhoea
    Symptom.SWEATING -> R.string.symptom_sweating
    Symptom.FATIGUE -> R.string.symptom_fatigue
    Symptom.APPETITE_CHANGE -> R.string.symptom_appetite_change
    Symptom.EMOTIONAL_BLUNTING -> R.string.symptom_emotional_blunting
    Symptom.OTHER -> R.string.symptom_other
}

@StringRes
internal fun severityLabel(severity: Severity): Int = when (severity) {
    Severity.NONE -> R.string.severity_none
    Severity.MILD -> R.string.severity_mild
    Severity.MODERATE -> R.string.severity_moderate
    Severity.SEVERE -> R.string.severity_severe
}

@StringRes
internal fun instrumentLabel(instrument: Instrument): Int = when (instrument) {
    Instrument.PHQ9 -> R.string.phq9_title
    Instrument.GAD7 -> R.string.gad7_title
}

@StringRes
internal fun trendLabel(direction: TrendDirection): Int = when (direction) {
    TrendDirection.HIGHER -> R.string.trend_higher
    TrendDirection.STEADY -> R.string.trend_steady
    TrendDirection.LOWER -> R.string.trend_lower
    TrendDirection.NOT_COMPARABLE -> R.string.trend_not_comparable
}

/**
 * Why a file was not opened, by the field named: `bundle` (not a Cadence
 * file, damaged or too large), `bundle.sender`, `bundle.sequence`,
 * `bundle.signature`, `bundle.version`; anything else under `bundle.` is a
 * damaged file.
 */
@StringRes
internal fun refusalLabel(field: String): Int = when (field) {
    "bundle.sender" -> R.string.inbox_refused_sender
    "bundle.sequence" -> R.string.inbox_refused_sequence
    "bundle.signature" -> R.string.inbox_refused_signature
    "bundle.version", "bundle.content.version" -> R.string.inbox_refused_version
    else -> R.string.inbox_refused_damaged
}

/** A percentage the core gives as 0 to 100 ("87 %" as the phone writes it); null: nothing to measure. */
internal fun percentText(percent: Double?): String? =
    percent?.let { NumberFormat.getPercentInstance().apply { maximumFractionDigits = 0 }.format(it / 100) }

/** A mood average on the -3 to +3 scale, signed, one decimal ("+1.5"). */
internal fun moodText(average: Double): String {
    val text = NumberFormat.getNumberInstance().apply {
        minimumFractionDigits = 1
        maximumFractionDigits = 1
    }.format(average)
    return if (average > 0) "+$text" else text
}
