//! The plain data of Cadence: medications, the person's profile and routine.
//! Records carry no behaviour beyond validation; engines and the store use them.

pub mod dose_log;
pub mod medication;
pub mod profile;
pub mod routine;
pub mod sync;

pub use dose_log::{
    DoseAction, DoseKind, DoseLogEdit, DoseLogEntry, DoseLogVersion, DoseWarning, LogStatus,
    SkipReason, Supply, UnscheduledDose,
};
pub use medication::{
    DoseForm, Medication, MedicationInput, MedicationStatus, OnsetWindow, Strength,
};
pub use profile::{Profile, ProfileInput};
pub use routine::{DayKind, Routine, RoutineEvent, RoutineOverride, RoutineTime};

// The plain types defined beside the engine that gives them meaning (a
// `DosingPlan` in `schedule/`, a `MissedDoseRule` in `guidance/`, ...),
// named here so that persistence depends on the model vocabulary alone:
// types, limits, and a record's own derivations (an id in canonical form, a
// questionnaire's score, a journal input checked into its stored form and
// figures). No engine behaviour — expansion, guidance, reminders, the
// consent policy, analytics, rendering, crypto — is reachable from here.
pub use crate::care::{
    AuditEntry, CareMember, CareMemberInput, CarePlan, CarePlanInput, CategoryCount,
    ConsentCategory, ConsentGrant, ConsentGrantInput, ContactChannel, DisclosureKind, GrantKind,
    GrantStatus, MemberRole,
};
pub use crate::guidance::catch_up::TakenEntry;
pub use crate::guidance::MissedDoseRule;
pub use crate::journal::limits::{
    DEFAULT_PAGE_SIZE, MAX_ESCALATION_RULES, MAX_GOALS, MAX_IMPORT_ENTRIES, MAX_PAGE_SIZE,
    MAX_SUMMARY_DAYS,
};
pub(crate) use crate::journal::summary::{Figures, SummaryRow};
pub(crate) use crate::journal::{canonical_id, score, PreparedEntry};
pub use crate::journal::{
    CareContact, CareRole, CrisisResource, DailySummary, EntryDetail, EntryKind, Escalation,
    EscalationAction, EscalationContacts, EscalationRule, EscalationRuleInput, EscalationTrigger,
    Goal, GoalInput, Instrument, JournalEntry, JournalEntryInput, JournalPage, JournalQuery,
    LifeArea, LoggedEntry, MedicationOnDate, Severity, Substance,
};
pub use crate::reminders::diff::MAX_SCHEDULED_IDS;
pub use crate::reminders::forecast::SupplyOnHand;
pub use crate::reminders::model::{MAX_ALERT_RECIPIENTS, MAX_CHECK_INS};
pub use crate::reminders::{
    AlertRecipient, AlertRecipientInput, CheckInInput, CheckInPrompt, DeliveryReport,
    IssuedNotification, MedicationReminderSettings, NotificationKind, ReminderPreferences,
};
pub use crate::schedule::{
    DayOfWeek, DoseOccurrence, DosingPlan, RoutineChange, RoutineHistory, ScheduleContext,
    TakenDose, ZoneChange, ZoneHistory,
};
pub use crate::share::crypto::PublicIdentity;
pub use crate::share::{BundleContent, ClientBundle, ImportOutcome, PeerRole};
pub use crate::text::SmallString;
