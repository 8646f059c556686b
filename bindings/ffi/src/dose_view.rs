//! What the apps show for a dose, decided once in the core (`dose_view`):
//! the guidance sheet's headline and buttons, the skip reason recorded when
//! the person was not asked, each missed-dose pattern's usual parameters,
//! and every set of notification buttons. (The Today row's badge and buttons
//! come with `today`.) Pure functions: no database.

use cadence_core::dose_view::{self, GuidanceSheetView};
use cadence_core::guidance::answer::Guidance;
use cadence_core::guidance::MissedDosePattern;
use cadence_core::model::SkipReason;
use cadence_core::reminders::NotificationAction;

/// The guidance sheet of `guidance` (from `guidance`): its headline
/// ("Wait until 14:30", in the guidance's zone) and buttons, primary first.
#[uniffi::export]
pub fn guidance_sheet_view(guidance: Guidance) -> GuidanceSheetView {
    dose_view::guidance_sheet(&guidance)
}

/// The reason a skip records when the person was not asked (a
/// notification's Skip, the guidance sheet's Skip): `Other`.
#[uniffi::export]
pub fn default_skip_reason() -> SkipReason {
    dose_view::DEFAULT_SKIP_REASON
}

/// The ranges the set-up forms' pickers offer (every N days, a weekly
/// catch-up window, missed doses in a row, rule hours), from the limits the
/// core validates with.
#[uniffi::export]
pub fn form_limits() -> dose_view::FormLimits {
    dose_view::form_limits()
}

/// Each missed-dose pattern with its textbook parameters, in the order the
/// form offers them (general first): a form switching pattern starts here.
#[uniffi::export]
pub fn missed_dose_defaults() -> Vec<MissedDosePattern> {
    dose_view::missed_dose_defaults()
}

/// Every set of buttons a reminder carries (`Notification::actions`), for
/// registering all notification categories at once at launch (iOS).
#[uniffi::export]
pub fn notification_button_sets() -> Vec<Vec<NotificationAction>> {
    dose_view::notification_button_sets()
}
