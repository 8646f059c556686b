//! Use cases: journal.

use chrono::{DateTime, NaiveDate, Utc};

use super::App;
use crate::error::Result;
use crate::journal::limits::MAX_SUMMARY_DAYS;
use crate::journal::summary::summarise;
use crate::journal::{evaluate, EntryDetail};
use crate::journal::{
    DailySummary, Escalation, EscalationContacts, EscalationRule, EscalationRuleInput, Goal,
    GoalInput, JournalEntry, JournalEntryInput, JournalPage, JournalQuery, LoggedEntry,
};
use crate::store::journal::EscalationInputs;

/// The entry with the escalations the care team's rules raise for it (PHQ-9
/// item 9 above 0 always raises the crisis escalation).
fn raised(entry: JournalEntry, inputs: &EscalationInputs) -> LoggedEntry {
    let relevant = matches!(
        entry.detail,
        EntryDetail::SideEffect { .. } | EntryDetail::Questionnaire { .. }
    );
    let escalations = if relevant {
        evaluate(&entry, &inputs.rules, &inputs.medications, &inputs.contacts)
    } else {
        Vec::new()
    };
    LoggedEntry { entry, escalations }
}

impl App {
    /// Writes a journal entry and returns it with the escalations it raised
    /// (PHQ-9 item 9 above 0 always raises the crisis escalation).
    pub fn add_journal_entry(
        &self,
        input: &JournalEntryInput,
        now: DateTime<Utc>,
    ) -> Result<LoggedEntry> {
        let (entry, inputs) = self.store.add_journal_entry(input, now)?;
        Ok(raised(entry, &inputs))
    }

    /// Writes many entries in one transaction (moving a journal between
    /// devices, restoring a backup) and returns their ids in order. All or
    /// nothing; at most 10,000 per call; no escalations are raised for
    /// imported history.
    pub fn import_journal_entries(
        &self,
        inputs: &[JournalEntryInput],
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        self.store.import_journal_entries(inputs, now)
    }

    /// Replaces an entry's content. The entry as it was is kept (see
    /// [`Store::journal_entry_history`]); its kind cannot change. Returns the
    /// new version with the escalations it raises.
    pub fn update_journal_entry(
        &self,
        id: &str,
        input: &JournalEntryInput,
        now: DateTime<Utc>,
    ) -> Result<LoggedEntry> {
        let (entry, inputs) = self.store.update_journal_entry(id, input, now)?;
        Ok(raised(entry, &inputs))
    }

    /// Soft-deletes an entry: it disappears from every list, summary and
    /// history at once; [`Store::purge_deleted`] removes it and every earlier
    /// version of it from the file.
    pub fn delete_journal_entry(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        self.store.delete_journal_entry(id, now)
    }

    /// One entry.
    pub fn journal_entry(&self, id: &str) -> Result<JournalEntry> {
        self.store.journal_entry(id)
    }

    /// The earlier versions of an entry, oldest first (the current one is
    /// [`Store::journal_entry`]). Empty for an entry never edited.
    pub fn journal_entry_history(&self, id: &str) -> Result<Vec<JournalEntry>> {
        self.store.journal_entry_history(id)
    }

    /// The escalations a stored entry raises under today's rules and contacts
    /// (for showing them again after the app restarts).
    pub fn journal_entry_escalations(&self, id: &str) -> Result<Vec<Escalation>> {
        let (entry, inputs) = self.store.journal_entry_with_rules(id)?;
        Ok(raised(entry, &inputs).escalations)
    }

    /// Adds a care-team escalation rule.
    pub fn add_escalation_rule(
        &self,
        input: &EscalationRuleInput,
        now: DateTime<Utc>,
    ) -> Result<EscalationRule> {
        self.store.add_escalation_rule(input, now)
    }

    /// Every escalation rule, oldest first.
    pub fn escalation_rules(&self) -> Result<Vec<EscalationRule>> {
        self.store.escalation_rules()
    }

    /// Removes a rule (for good: rules are care-team settings, not journal).
    pub fn delete_escalation_rule(&self, id: &str) -> Result<()> {
        self.store.delete_escalation_rule(id)
    }

    /// Replaces the care-team contacts and crisis resources escalations show.
    pub fn set_escalation_contacts(&self, contacts: &EscalationContacts) -> Result<()> {
        self.store.set_escalation_contacts(contacts)
    }

    /// The care-team contacts and crisis resources (empty until the app sets them).
    pub fn escalation_contacts(&self) -> Result<EscalationContacts> {
        self.store.escalation_contacts()
    }

    /// Adds a goal (active).
    pub fn add_goal(&self, input: &GoalInput, now: DateTime<Utc>) -> Result<Goal> {
        self.store.add_goal(input, now)
    }

    /// Replaces a goal's area, title and why.
    pub fn update_goal(&self, id: &str, input: &GoalInput, now: DateTime<Utc>) -> Result<Goal> {
        self.store.update_goal(id, input, now)
    }

    /// Archives (`false`) or re-activates (`true`) a goal; its check-ins stay.
    pub fn set_goal_active(&self, id: &str, active: bool, now: DateTime<Utc>) -> Result<Goal> {
        self.store.set_goal_active(id, active, now)
    }

    /// Soft-deletes a goal and its check-ins (other entries only lose the
    /// link when the goal is purged).
    pub fn delete_goal(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        self.store.delete_goal(id, now)
    }

    /// One goal.
    pub fn goal(&self, id: &str) -> Result<Goal> {
        self.store.goal(id)
    }

    /// Goals, oldest first; archived ones only when asked.
    pub fn goals(&self, include_archived: bool) -> Result<Vec<Goal>> {
        self.store.goals(include_archived)
    }

    /// One page of entries, newest first. Filters: local dates `from..=to`,
    /// kinds, a medication (side effects linked to it), a goal. Pass the
    /// page's `next_cursor` to get the next one; pages stay stable while
    /// entries are added.
    pub fn journal_entries(&self, query: &JournalQuery) -> Result<JournalPage> {
        self.store.journal_entries(query)
    }

    /// One summary per local date from `from` to `to` (inclusive, at most
    /// 3660 days), days without entries included, for charts.
    pub fn daily_summaries(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DailySummary>> {
        if to < from {
            return Err(crate::Error::invalid(
                "summary.to",
                "must not be before `from`",
            ));
        }
        if (to - from).num_days() >= MAX_SUMMARY_DAYS {
            return Err(crate::Error::invalid(
                "summary.to",
                format!("at most {MAX_SUMMARY_DAYS} days per request"),
            ));
        }
        Ok(summarise(from, to, &self.store.summary_rows(from, to)?))
    }
}
