// Words for the kit's enums: each code maps to a string resource, so the
// app localizes them (days of the week come from java.time, in the phone's language);
// a missed-dose plan in words, with its hours and days.
package health.cadence.app

import androidx.annotation.StringRes
import androidx.compose.runtime.Composable
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import health.cadence.core.ConsentCategory
import health.cadence.core.DoseForm
import health.cadence.core.EventTiming
import health.cadence.core.GrantStatus
import health.cadence.core.MemberRole
import health.cadence.core.MissedDosePattern
import health.cadence.core.RoutineEvent
import health.cadence.core.SeverityBand
import health.cadence.core.SkipReason
import health.cadence.core.WindowFallback
import health.cadence.core.DoseBadge
import health.cadence.core.DoseRowAction
import health.cadence.kit.GuidanceSheet
import health.cadence.kit.MissedDoseKind
import health.cadence.core.SheetButton
import java.text.NumberFormat
import java.time.DayOfWeek
import java.time.format.TextStyle
import java.util.Locale

@StringRes
internal fun momentLabel(moment: RoutineEvent): Int = when (moment) {
    RoutineEvent.WAKE -> R.string.moment_wake
    RoutineEvent.BREAKFAST -> R.string.moment_breakfast
    RoutineEvent.LUNCH -> R.string.moment_lunch
    RoutineEvent.DINNER -> R.string.moment_dinner
    RoutineEvent.BEDTIME -> R.string.moment_bedtime
    RoutineEvent.MORNING -> R.string.moment_morning
    RoutineEvent.AFTERNOON -> R.string.moment_afternoon
    RoutineEvent.EVENING -> R.string.moment_evening
    RoutineEvent.NIGHT -> R.string.moment_night
}

/** A dose's routine moment ("with breakfast"); null for codes the form does not offer. */
@StringRes
internal fun timingLabel(timing: EventTiming): Int? = when (timing) {
    EventTiming.WAKE -> R.string.timing_wake
    EventTiming.CM -> R.string.timing_breakfast
    EventTiming.CD -> R.string.timing_lunch
    EventTiming.CV -> R.string.timing_dinner
    EventTiming.HS -> R.string.timing_bedtime
    else -> null
}

/** [timingLabel], else the FHIR code itself ("MORN.early"): a prescriber's plan may use any of the 26. */
@Composable
internal fun timingText(timing: EventTiming): String =
    timingLabel(timing)?.let { stringResource(it) } ?: timing.name.split('_').let { parts ->
        parts.first() + parts.drop(1).joinToString("") { ".${it.lowercase()}" }
    }

@StringRes
internal fun formLabel(form: DoseForm): Int = when (form) {
    DoseForm.TABLET -> R.string.form_tablet
    DoseForm.CAPSULE -> R.string.form_capsule
    DoseForm.LIQUID -> R.string.form_liquid
    DoseForm.INJECTION -> R.string.form_injection
    DoseForm.PATCH -> R.string.form_patch
    DoseForm.INHALER -> R.string.form_inhaler
    DoseForm.DROPS -> R.string.form_drops
    DoseForm.OTHER -> R.string.form_other
}

/** "Mon": the phone's language, from java.time. */
internal fun dayLabel(day: DayOfWeek): String = day.getDisplayName(TextStyle.SHORT, Locale.getDefault())

@StringRes
internal fun badgeLabel(badge: DoseBadge): Int = when (badge) {
    DoseBadge.UPCOMING -> R.string.badge_upcoming
    DoseBadge.DUE -> R.string.badge_due
    DoseBadge.LATE -> R.string.badge_late
    DoseBadge.TAKEN_ON_TIME -> R.string.badge_taken
    DoseBadge.TAKEN_LATE -> R.string.badge_taken_late
    DoseBadge.SKIPPED -> R.string.badge_skipped
    DoseBadge.MISSED -> R.string.badge_missed
}

@StringRes
internal fun actionLabel(action: DoseRowAction): Int = when (action) {
    DoseRowAction.TAKE -> R.string.row_take
    DoseRowAction.SKIP -> R.string.row_skip
    DoseRowAction.SNOOZE -> R.string.row_snooze
    DoseRowAction.GUIDANCE -> R.string.row_guidance
    DoseRowAction.UNDO -> R.string.row_undo
}

@StringRes
internal fun sheetLabel(button: SheetButton, sheet: GuidanceSheet): Int = when (button) {
    SheetButton.TAKE_NOW -> R.string.sheet_take_now
    SheetButton.SKIP_DOSE -> R.string.sheet_skip
    SheetButton.REMIND_AT -> if (sheet.takeAt != null) R.string.sheet_remind else R.string.close
    SheetButton.CONTACT_PRESCRIBER -> R.string.sheet_contact
    SheetButton.CLOSE -> R.string.close
}

@StringRes
internal fun skipLabel(reason: SkipReason): Int = when (reason) {
    SkipReason.SIDE_EFFECTS -> R.string.skip_side_effects
    SkipReason.FORGOT -> R.string.skip_forgot
    SkipReason.RAN_OUT -> R.string.skip_ran_out
    SkipReason.COST -> R.string.skip_cost
    SkipReason.COULD_NOT_GET_TO_PHARMACY -> R.string.skip_pharmacy
    SkipReason.FELT_BETTER -> R.string.skip_felt_better
    SkipReason.FELT_WORSE -> R.string.skip_felt_worse
    SkipReason.OTHER -> R.string.skip_other
}

@StringRes
internal fun roleLabel(role: MemberRole): Int = when (role) {
    MemberRole.THERAPIST -> R.string.role_therapist
    MemberRole.PRESCRIBER -> R.string.role_prescriber
    MemberRole.PHARMACIST -> R.string.role_pharmacist
    MemberRole.CAREGIVER -> R.string.role_caregiver
    MemberRole.OTHER -> R.string.role_other
}

@StringRes
internal fun statusLabel(status: GrantStatus): Int = when (status) {
    GrantStatus.ACTIVE -> R.string.grant_active
    GrantStatus.REVOKED -> R.string.grant_revoked
    GrantStatus.EXPIRED -> R.string.grant_expired
}

@StringRes
internal fun bandLabel(band: SeverityBand): Int = when (band) {
    SeverityBand.MINIMAL -> R.string.band_minimal
    SeverityBand.MILD -> R.string.band_mild
    SeverityBand.MODERATE -> R.string.band_moderate
    SeverityBand.MODERATELY_SEVERE -> R.string.band_moderately_severe
    SeverityBand.SEVERE -> R.string.band_severe
}

@StringRes
internal fun categoryLabel(category: ConsentCategory): Int = when (category) {
    ConsentCategory.MEDICATION_LIST -> R.string.category_medication_list
    ConsentCategory.DOSE_LOG -> R.string.category_dose_log
    ConsentCategory.MOOD -> R.string.category_mood
    ConsentCategory.SIDE_EFFECTS -> R.string.category_side_effects
    ConsentCategory.QUESTIONNAIRES -> R.string.category_questionnaires
    ConsentCategory.SUBSTANCE_USE -> R.string.category_substance_use
    ConsentCategory.GOALS -> R.string.category_goals
    ConsentCategory.SHAREABLE_NOTES -> R.string.category_shareable_notes
    ConsentCategory.CARE_PLAN -> R.string.category_care_plan
}

@Composable
internal fun categoryList(categories: Collection<ConsentCategory>): String {
    val context = LocalContext.current
    return categories.joinToString { context.getString(categoryLabel(it)) }
}

@StringRes
internal fun missedDoseKindLabel(kind: MissedDoseKind): Int = when (kind) {
    MissedDoseKind.GENERAL -> R.string.missed_kind_general
    MissedDoseKind.NARROW_WINDOW -> R.string.missed_kind_narrow_window
    MissedDoseKind.TAKE_EVEN_IF_TWO -> R.string.missed_kind_take_even_if_two
    MissedDoseKind.SKIP_IF_LATE -> R.string.missed_kind_skip_if_late
    MissedDoseKind.WEEKLY_WINDOW -> R.string.missed_kind_weekly_window
    MissedDoseKind.CONTACT_PRESCRIBER_AFTER_MISSED -> R.string.missed_kind_contact_after
}

/** What to do once a narrow window or "take even if two" has passed, as a choice. */
@StringRes
internal fun fallbackLabel(fallback: WindowFallback): Int = when (fallback) {
    WindowFallback.SKIP -> R.string.missed_otherwise_skip
    WindowFallback.CONTACT_PRESCRIBER -> R.string.missed_otherwise_contact
}

/** "take it unless the next dose is due within 2 h": a missed-dose pattern with its numbers, in words. */
@Composable
internal fun missedDoseText(pattern: MissedDosePattern): String = when (pattern) {
    is MissedDosePattern.General -> stringResource(R.string.missed_rule_general, hoursText(pattern.nearNextHours))
    is MissedDosePattern.NarrowWindow ->
        stringResource(R.string.missed_rule_narrow_window, hoursText(pattern.windowHours), thenText(pattern.otherwise))
    is MissedDosePattern.TakeEvenIfTwo ->
        stringResource(R.string.missed_rule_take_even_if_two, hoursText(pattern.takeWithinHours), thenText(pattern.otherwise))
    is MissedDosePattern.SkipIfLate -> stringResource(R.string.missed_rule_skip_if_late, hoursText(pattern.skipAfterHours))
    is MissedDosePattern.WeeklyWindow -> pattern.windowDays.toInt().let { days ->
        pluralStringResource(R.plurals.missed_rule_weekly_window, days, days, hoursText(pattern.minHoursBeforeNext))
    }
    is MissedDosePattern.ContactPrescriberAfterMissed -> pattern.missedDoses.toInt().let { doses ->
        pluralStringResource(R.plurals.missed_rule_contact_after, doses, doses, hoursText(pattern.nearNextHours))
    }
}

@Composable
private fun thenText(fallback: WindowFallback): String = stringResource(
    when (fallback) {
        WindowFallback.SKIP -> R.string.missed_rule_then_skip
        WindowFallback.CONTACT_PRESCRIBER -> R.string.missed_rule_then_contact
    },
)

/** Hours as the phone writes numbers ("2", "1.5" or "1,5"), without grouping. */
internal fun hoursText(hours: Double): String =
    NumberFormat.getNumberInstance().apply {
        isGroupingUsed = false
        maximumFractionDigits = 2
    }.format(hours)
