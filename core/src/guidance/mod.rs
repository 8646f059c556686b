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
//! | [`engine`] | [`guidance()`] and its input and answer |
//! | [`prn`] | as-needed doses: [`can_take_now`] |
//! | [`message`] | the plain English sentences |
//!
//! **Invariants** (property-tested): guidance never suggests taking a dose
//! already logged as taken, never a dose after the rule's skip point, never
//! one that would pass the maximum per period or come within the minimum
//! interval of a dose taken or of the next scheduled dose, and no sentence
//! suggests a double dose.
//!
//! **Default rule**: the general pattern ("take it when you remember unless
//! the next dose is due within 2 h"), no limits of its own.

pub mod engine;
pub mod limits;
pub mod message;
pub mod prn;
pub mod rule;
pub mod window;

pub use engine::{
    guidance, Guidance, GuidanceAction, GuidanceInput, GuidanceParams, GuidanceReason,
    GuidedOccurrence, OccurrenceLog,
};
pub use limits::{check_taken_dose, LimitBreach};
pub use prn::{can_take_now, PrnGuidance};
pub use rule::{MissedDosePattern, MissedDoseRule, WindowFallback, DEFAULT_NEAR_NEXT_HOURS};
pub use window::{
    lateness, latest_take_time, on_time_until, Lateness, EARLY_MINUTES, ON_TIME_MINUTES,
};
