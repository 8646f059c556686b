//! # Missed-dose guidance
//!
//! What to do about a dose that is due, late or missed: a pure engine from
//! the prescriber's [`MissedDoseRule`], the occurrence, the doses actually
//! taken around it and `now` to one structured [`Guidance`] ([`guidance()`]),
//! with a reason code and the values behind it so the apps can word it in
//! their own language. Nothing here reads the clock or the store.
//!
//! | module | concept |
//! |---|---|
//! | [`rule`] | the prescriber's rule: pattern, parameters, limits, note |
//! | [`window`] | the skip point, the grace window, late versus missed |
//! | [`limits`] | maximum per period and minimum interval; breaches of a dose taken |
//! | [`answer`] | the engine's input and answer, as plain data |
//! | [`engine`] | [`guidance()`]: the order of questions |
//! | [`catch_up`] | the catch-up invariant; [`guidance_input`] from a medication's doses and log |
//! | [`prn`] | as-needed doses: [`can_take_now`] |
//! | [`message`] | the plain English sentences |
//!
//! **Invariants** (property-tested, and by a simulated person who follows
//! every answer: `tests/guidance_follow.rs`): guidance never suggests taking
//! a dose already logged as taken, never a dose after the rule's skip point,
//! never one that would pass the maximum per period or come within the
//! minimum interval (or, without one, [`MIN_GAP_MINUTES`]) of a dose taken
//! or of the next scheduled dose, and no sentence suggests a double dose.
//!
//! **One catch-up at a time**, whatever the pattern: when a later occurrence
//! of the same medication is already due or past, an older missed one is
//! never made up (skip, [`GuidanceReason::LaterDoseDue`]: "a later dose is
//! already due; take that one instead"); and a dose taken after a missed
//! occurrence's time (scheduled, extra or as-needed) is its catch-up (skip,
//! [`GuidanceReason::DoseTakenSince`]). The skip point itself ends when the
//! next dose becomes due ([`due_from`]), and [`catch_up::with_catch_ups`]
//! ends it at a dose taken since, so the Today view's statuses, the
//! reminder plan's missed notices and snoozes, which read these take-by
//! times, follow the same rule.
//!
//! **Default rule**: the general pattern ("take it when you remember unless
//! the next dose is due within 2 h"), no limits of its own.

pub mod answer;
pub mod catch_up;
pub mod engine;
pub mod limits;
pub mod message;
pub mod prn;
pub mod rule;
pub mod window;

pub use catch_up::guidance_input;
pub use engine::{
    guidance, Guidance, GuidanceAction, GuidanceInput, GuidanceParams, GuidanceReason,
    GuidedOccurrence, OccurrenceLog,
};
pub use limits::{check_taken_as_needed, check_taken_dose, min_gap, LimitBreach, MIN_GAP_MINUTES};
pub use prn::{can_take_now, PrnGuidance};
pub use rule::{MissedDosePattern, MissedDoseRule, WindowFallback, DEFAULT_NEAR_NEXT_HOURS};
pub use window::{
    due_from, lateness, latest_take_time, on_time_until, Lateness, EARLY_MINUTES, ON_TIME_MINUTES,
};
