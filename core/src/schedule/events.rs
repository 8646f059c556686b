//! How FHIR `when` codes resolve to the person's routine
//! ([`crate::model::routine`]).
//!
//! | code | routine event | time |
//! |---|---|---|
//! | `WAKE`, `PHS` | wake | wake + offset |
//! | `HS` | bedtime | bedtime + offset |
//! | `MORN`, `AFT`, `EVE`, `NIGHT` | morning, afternoon, evening, night | event + offset |
//! | `MORN.early`, `AFT.early`, `EVE.early` | morning, afternoon, evening | event − 60 min + offset |
//! | `MORN.late`, `AFT.late`, `EVE.late` | morning, afternoon, evening | event + 60 min + offset |
//! | `NOON` | none | 12:00 + offset (FHIR defines NOON as a clock time, not lunch) |
//! | `C` | breakfast, lunch, dinner (three slots) | the meal |
//! | `CM`, `CD`, `CV` | breakfast, lunch, dinner | the meal (no offset: tim-9) |
//! | `AC` | each meal (three slots) | meal − offset (default 30 min) |
//! | `ACM`, `ACD`, `ACV` | breakfast, lunch, dinner | meal − offset (default 30 min) |
//! | `PC` | each meal (three slots) | meal + offset (default 30 min) |
//! | `PCM`, `PCD`, `PCV` | breakfast, lunch, dinner | meal + offset (default 30 min) |
//!
//! The offset is at most 720 minutes. A resolved time may fall on the
//! previous or next calendar day (bedtime 23:30 + 60 min): the slot still
//! belongs to the date it was planned for.

use crate::model::routine::RoutineEvent;

use super::timing::EventTiming;

/// Minutes between a `.early` / `.late` code and its base event.
pub const EARLY_LATE_MINUTES: i32 = 60;
/// Offset used for `AC*` and `PC*` codes when the timing gives none.
pub const DEFAULT_MEAL_OFFSET_MINUTES: u32 = 30;
/// Largest `offset` accepted, in minutes.
pub const MAX_OFFSET_MINUTES: u32 = 720;

/// The anchor of one slot produced by a `when` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventAnchor {
    /// The routine event, or `None` for `NOON` (12:00).
    pub event: Option<RoutineEvent>,
    /// Minutes added to the event's time (negative: before it).
    pub delta_minutes: i32,
    /// The slot suffix that tells the meals of `C`/`AC`/`PC` apart
    /// (`breakfast`, `lunch`, `dinner`), else `None`.
    pub meal: Option<&'static str>,
}

const MEALS: [RoutineEvent; 3] = [
    RoutineEvent::Breakfast,
    RoutineEvent::Lunch,
    RoutineEvent::Dinner,
];

/// The anchors of a `when` code with the timing's `offset`: one for most
/// codes, three (one per meal) for `C`, `AC` and `PC`.
pub fn anchors(code: EventTiming, offset: Option<u32>) -> impl Iterator<Item = EventAnchor> {
    use EventTiming as E;
    use RoutineEvent as R;
    let off = offset.map_or(0, |o| o as i32);
    let meal_off = offset.unwrap_or(DEFAULT_MEAL_OFFSET_MINUTES) as i32;
    let one = |event: Option<R>, delta: i32| (event, delta, false);
    let (event, delta, all_meals) = match code {
        E::Wake | E::Phs => one(Some(R::Wake), off),
        E::Hs => one(Some(R::Bedtime), off),
        E::Morn => one(Some(R::Morning), off),
        E::MornEarly => one(Some(R::Morning), off - EARLY_LATE_MINUTES),
        E::MornLate => one(Some(R::Morning), off + EARLY_LATE_MINUTES),
        E::Noon => one(None, off),
        E::Aft => one(Some(R::Afternoon), off),
        E::AftEarly => one(Some(R::Afternoon), off - EARLY_LATE_MINUTES),
        E::AftLate => one(Some(R::Afternoon), off + EARLY_LATE_MINUTES),
        E::Eve => one(Some(R::Evening), off),
        E::EveEarly => one(Some(R::Evening), off - EARLY_LATE_MINUTES),
        E::EveLate => one(Some(R::Evening), off + EARLY_LATE_MINUTES),
        E::Night => one(Some(R::Night), off),
        E::C => (None, 0, true),
        E::Cm => one(Some(R::Breakfast), 0),
        E::Cd => one(Some(R::Lunch), 0),
        E::Cv => one(Some(R::Dinner), 0),
        E::Ac => (None, -meal_off, true),
        E::Acm => one(Some(R::Breakfast), -meal_off),
        E::Acd => one(Some(R::Lunch), -meal_off),
        E::Acv => one(Some(R::Dinner), -meal_off),
        E::Pc => (None, meal_off, true),
        E::Pcm => one(Some(R::Breakfast), meal_off),
        E::Pcd => one(Some(R::Lunch), meal_off),
        E::Pcv => one(Some(R::Dinner), meal_off),
    };
    let n = if all_meals { 3 } else { 1 };
    (0..n).map(move |i| {
        if all_meals {
            EventAnchor {
                event: Some(MEALS[i]),
                delta_minutes: delta,
                meal: Some(MEALS[i].code()),
            }
        } else {
            EventAnchor {
                event,
                delta_minutes: delta,
                meal: None,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(code: EventTiming, offset: Option<u32>) -> EventAnchor {
        let v: Vec<_> = anchors(code, offset).collect();
        assert_eq!(v.len(), 1, "{code:?}");
        v[0]
    }

    #[test]
    fn every_code_resolves_to_its_documented_event() {
        use EventTiming as E;
        use RoutineEvent as R;
        let table = [
            (E::Wake, Some(R::Wake), 0),
            (E::Phs, Some(R::Wake), 0),
            (E::Hs, Some(R::Bedtime), 0),
            (E::Morn, Some(R::Morning), 0),
            (E::MornEarly, Some(R::Morning), -60),
            (E::MornLate, Some(R::Morning), 60),
            (E::Noon, None, 0),
            (E::Aft, Some(R::Afternoon), 0),
            (E::AftEarly, Some(R::Afternoon), -60),
            (E::AftLate, Some(R::Afternoon), 60),
            (E::Eve, Some(R::Evening), 0),
            (E::EveEarly, Some(R::Evening), -60),
            (E::EveLate, Some(R::Evening), 60),
            (E::Night, Some(R::Night), 0),
            (E::Cm, Some(R::Breakfast), 0),
            (E::Cd, Some(R::Lunch), 0),
            (E::Cv, Some(R::Dinner), 0),
            (E::Acm, Some(R::Breakfast), -30),
            (E::Acd, Some(R::Lunch), -30),
            (E::Acv, Some(R::Dinner), -30),
            (E::Pcm, Some(R::Breakfast), 30),
            (E::Pcd, Some(R::Lunch), 30),
            (E::Pcv, Some(R::Dinner), 30),
        ];
        for (code, event, delta) in table {
            let a = one(code, None);
            assert_eq!((a.event, a.delta_minutes), (event, delta), "{code:?}");
        }
        for code in [E::C, E::Ac, E::Pc] {
            let v: Vec<_> = anchors(code, None).collect();
            assert_eq!(
                v.iter().map(|a| a.event.unwrap()).collect::<Vec<_>>(),
                MEALS.to_vec()
            );
            assert_eq!(v[1].meal, Some("lunch"));
        }
        assert_eq!(table.len() + 3, EventTiming::ALL.len());
    }

    #[test]
    fn ac_offsets_subtract_and_others_add() {
        assert_eq!(one(EventTiming::Acm, Some(45)).delta_minutes, -45);
        assert_eq!(one(EventTiming::Pcv, Some(45)).delta_minutes, 45);
        assert_eq!(one(EventTiming::Hs, Some(15)).delta_minutes, 15);
        assert_eq!(one(EventTiming::MornEarly, Some(15)).delta_minutes, -45);
        assert!(anchors(EventTiming::Ac, Some(10)).all(|a| a.delta_minutes == -10));
        assert_eq!(one(EventTiming::Acm, Some(0)).delta_minutes, 0);
    }
}
