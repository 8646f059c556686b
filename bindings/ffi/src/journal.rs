//! The journal API of the [`Cadence`] object: mood, side effects, substance
//! use, PHQ-9 / GAD-7, goal check-ins and notes, with edit history, soft
//! delete, paged queries and daily summaries; goals; and the care team's
//! escalation rules and contacts.
//!
//! Writing or editing an entry returns a `LoggedEntry`: the entry and the
//! escalations it raised. The app must show every escalation at once — a
//! PHQ-9 with item 9 above 0 always raises the crisis escalation.

use chrono::{DateTime, NaiveDate, Utc};

use cadence_core::journal::{
    self, DailySummary, Escalation, EscalationContacts, EscalationRule, EscalationRuleInput, Goal,
    GoalInput, JournalEntry, JournalEntryInput, JournalPage, JournalQuery, LoggedEntry,
    QuestionnaireAnswers, QuestionnaireScore,
};

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

/// Scores a PHQ-9 or GAD-7 without saving it (to show the result before the
/// person confirms): exact total, severity band and LOINC codes. A missing
/// or out-of-range answer is `InvalidInput` naming the item
/// (`journal.phq9.item_4`).
#[uniffi::export]
pub fn score_questionnaire(
    answers: QuestionnaireAnswers,
) -> Result<QuestionnaireScore, CadenceError> {
    call(|| journal::score(&answers))
}

/// Emotion labels the app can offer first on a mood check-in (the person
/// may type others).
#[uniffi::export]
pub fn suggested_emotions() -> Vec<String> {
    journal::SUGGESTED_EMOTIONS
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[uniffi::export]
impl Cadence {
    // ---- entries ----

    /// Writes a journal entry. Returns it with the escalations it raised,
    /// most urgent first (usually none); show every one at once. The note is
    /// private unless `input.shareable`.
    #[uniffi::method(default(now = None))]
    pub fn add_journal_entry(
        &self,
        input: JournalEntryInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<LoggedEntry, CadenceError> {
        call(|| self.app.add_journal_entry(&input, now_or_clock(now)))
    }

    /// Replaces an entry's content; the version before is kept and readable
    /// with `journal_entry_history`. The kind cannot change. Returns the new
    /// version with the escalations it raises.
    #[uniffi::method(default(now = None))]
    pub fn update_journal_entry(
        &self,
        id: String,
        input: JournalEntryInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<LoggedEntry, CadenceError> {
        call(|| {
            self.app
                .update_journal_entry(&id, &input, now_or_clock(now))
        })
    }

    /// Deletes an entry (soft: gone from every list and summary at once;
    /// removed from the file with all its earlier versions by `purge_deleted`).
    #[uniffi::method(default(now = None))]
    pub fn delete_journal_entry(
        &self,
        id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<(), CadenceError> {
        call(|| self.app.delete_journal_entry(&id, now_or_clock(now)))
    }

    /// One entry by id.
    pub fn journal_entry(&self, id: String) -> Result<JournalEntry, CadenceError> {
        call(|| self.app.journal_entry(&id))
    }

    /// The earlier versions of an entry, oldest first (empty if never edited).
    pub fn journal_entry_history(&self, id: String) -> Result<Vec<JournalEntry>, CadenceError> {
        call(|| self.app.journal_entry_history(&id))
    }

    /// The escalations a stored entry raises under the current rules and
    /// contacts (to show them again after a restart).
    pub fn journal_entry_escalations(&self, id: String) -> Result<Vec<Escalation>, CadenceError> {
        call(|| self.app.journal_entry_escalations(&id))
    }

    /// One page of entries, newest first, filtered by local dates, kinds,
    /// medication or goal. Pass the page's `next_cursor` back for the next.
    pub fn journal_entries(&self, query: JournalQuery) -> Result<JournalPage, CadenceError> {
        call(|| self.app.journal_entries(&query))
    }

    /// One summary per local date from `from` to `to` (inclusive, at most
    /// 3660 days), empty days included: mood, sleep, side effects,
    /// substances, questionnaire totals, goal progress. For charts.
    pub fn daily_summaries(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DailySummary>, CadenceError> {
        call(|| self.app.daily_summaries(from, to))
    }

    // ---- goals ----

    /// Adds a goal: what matters to the person, in their words.
    #[uniffi::method(default(now = None))]
    pub fn add_goal(
        &self,
        input: GoalInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<Goal, CadenceError> {
        call(|| self.app.add_goal(&input, now_or_clock(now)))
    }

    /// Replaces a goal's area, title and why.
    #[uniffi::method(default(now = None))]
    pub fn update_goal(
        &self,
        id: String,
        input: GoalInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<Goal, CadenceError> {
        call(|| self.app.update_goal(&id, &input, now_or_clock(now)))
    }

    /// Archives (`active = false`) or re-activates a goal; check-ins stay.
    #[uniffi::method(default(now = None))]
    pub fn set_goal_active(
        &self,
        id: String,
        active: bool,
        now: Option<DateTime<Utc>>,
    ) -> Result<Goal, CadenceError> {
        call(|| self.app.set_goal_active(&id, active, now_or_clock(now)))
    }

    /// Deletes a goal and its check-ins (soft; `purge_deleted` removes them).
    #[uniffi::method(default(now = None))]
    pub fn delete_goal(&self, id: String, now: Option<DateTime<Utc>>) -> Result<(), CadenceError> {
        call(|| self.app.delete_goal(&id, now_or_clock(now)))
    }

    /// One goal by id.
    pub fn goal(&self, id: String) -> Result<Goal, CadenceError> {
        call(|| self.app.goal(&id))
    }

    /// Goals, oldest first; archived ones only when `include_archived`.
    #[uniffi::method(default(include_archived = false))]
    pub fn goals(&self, include_archived: bool) -> Result<Vec<Goal>, CadenceError> {
        call(|| self.app.goals(include_archived))
    }

    // ---- escalation settings (set by the care team through the app) ----

    /// Adds an escalation rule ("any rash while on lamotrigine: contact the
    /// prescriber today"). The PHQ-9 item 9 crisis rule is built in.
    #[uniffi::method(default(now = None))]
    pub fn add_escalation_rule(
        &self,
        input: EscalationRuleInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<EscalationRule, CadenceError> {
        call(|| self.app.add_escalation_rule(&input, now_or_clock(now)))
    }

    /// Every escalation rule, oldest first.
    pub fn escalation_rules(&self) -> Result<Vec<EscalationRule>, CadenceError> {
        call(|| self.app.escalation_rules())
    }

    /// Removes an escalation rule.
    pub fn delete_escalation_rule(&self, id: String) -> Result<(), CadenceError> {
        call(|| self.app.delete_escalation_rule(&id))
    }

    /// Replaces the care-team contacts and crisis resources that escalations
    /// show. The core holds no numbers of its own: configure the resources of
    /// the person's country here.
    pub fn set_escalation_contacts(
        &self,
        contacts: EscalationContacts,
    ) -> Result<(), CadenceError> {
        call(|| self.app.set_escalation_contacts(&contacts))
    }

    /// The configured care-team contacts and crisis resources.
    pub fn escalation_contacts(&self) -> Result<EscalationContacts, CadenceError> {
        call(|| self.app.escalation_contacts())
    }
}
