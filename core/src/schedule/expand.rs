//! Expansion: plans, routine history and zone history over a local date
//! window give the dose occurrences, in time order.
//!
//! Pure: the same inputs always give the same occurrences, with the same ids.
//! The window is in local dates (both ends included, at most 400 days): an
//! occurrence belongs to the local date it was planned for, in the zone its
//! plan reads times in. As-needed plans give no occurrences.

use chrono::{DateTime, Duration, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::routine::{Routine, RoutineEvent};
use crate::text::SmallString;

use super::compile::{compile_plan, CompiledPlan, Regime, Shape, SlotTime};
use super::ids;
use super::plan::{Dose, DosingPlan, ZonePolicy};
use super::timing::{BoundaryPoint, EventTiming, PeriodUnit, TimingBounds};
use super::validate::validate_window;
use super::zone::{Placed, Placer, RoutineHistory, ZoneHistory};

/// One scheduled dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DoseOccurrence {
    /// Stable id (UUID v5 of plan id, plan version, local date and slot).
    pub id: SmallString,
    /// The plan.
    pub plan_id: SmallString,
    /// The plan version it was computed from.
    pub plan_version: u32,
    /// The medication.
    pub medication_id: SmallString,
    /// The local date the dose is planned for.
    pub local_date: NaiveDate,
    /// The slot key within the date (`time@08:00`, `when@HS`,
    /// `when@C.lunch`, `dose#2`, `interval#17`; steps prefix `step1/`).
    pub slot: SmallString,
    /// The scheduled time on the wall clock of `zone`, with its UTC offset.
    pub local: DateTime<FixedOffset>,
    /// The same instant in UTC.
    pub utc: DateTime<Utc>,
    /// The zone whose wall clock `local` shows.
    pub zone: Tz,
    /// The dose.
    pub dose: Dose,
    /// The routine event it hangs on, if any.
    pub event: Option<RoutineEvent>,
    /// The FHIR `when` code it comes from, if any.
    pub when: Option<EventTiming>,
    /// The titration/taper step it belongs to (index in the plan's steps).
    pub step: Option<u32>,
    /// True if it comes closer to the previous dose of the same plan than the
    /// plan's minimum interval (or, without one, than half the planned gap),
    /// e.g. on a travel day.
    pub too_soon_after_previous: bool,
}

/// Expands `plans` over the local dates `from..=to`.
///
/// Errors: [`crate::Error::InvalidInput`] for a bad window (over 400 days,
/// reversed), an invalid plan or history.
pub fn expand(
    plans: &[DosingPlan],
    routines: &RoutineHistory,
    zones: &ZoneHistory,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DoseOccurrence>> {
    validate_window(from, to)?;
    zones.validate()?;
    routines.validate()?;
    let mut compiled = Vec::with_capacity(plans.len());
    for plan in plans {
        compiled.push(compile_plan(plan)?);
    }
    let mut chosen: Vec<Raw> = Vec::new();
    let mut raws = Vec::new();
    for (pi, (plan, c)) in plans.iter().zip(&compiled).enumerate() {
        if plan.as_needed.is_some() {
            continue;
        }
        raws.clear();
        plan_raws(plan, c, routines, zones, from, to, &mut raws);
        chosen.reserve(raws.len());
        flag_and_keep(plan, pi as u32, &raws, from, to, &mut chosen);
    }
    // `chosen` holds one run per plan, each in time order, the plans in
    // their order: a stable sort by instant gives the occurrences in time
    // order, ties in plan order. The standard stable sort finds the runs and
    // only merges them; each occurrence is then built once. The instant is
    // one integer: seconds from the earliest (a window spans a few hundred
    // days, far below 2^33 s) above the nanoseconds (below 2^31, leap
    // seconds included).
    let base = chosen.iter().map(|r| r.at.timestamp()).min().unwrap_or(0);
    let mut order: Vec<(u64, u32)> = chosen
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let secs = (r.at.timestamp() - base) as u64;
            (
                secs << 31 | u64::from(r.at.timestamp_subsec_nanos()),
                i as u32,
            )
        })
        .collect();
    order.sort_by_key(|&(at, _)| at);
    let names: Vec<PlanNames> = plans.iter().map(PlanNames::of).collect();
    let mut out = Vec::with_capacity(chosen.len());
    for &(_, i) in &order {
        let r = &chosen[i as usize];
        let pi = r.plan as usize;
        out.push(dress(&plans[pi], &names[pi], &compiled[pi], r));
    }
    Ok(out)
}

/// An occurrence before it is dressed: where, when, and which slot.
#[derive(Debug, Clone, Copy)]
struct Raw {
    at: DateTime<Utc>,
    zone: Tz,
    /// UTC offset of `zone` at `at`, seconds.
    offset: i32,
    plan: u32,
    too_soon: bool,
    date: NaiveDate,
    planned: NaiveDateTime,
    regime: u32,
    /// Slot index (calendar) or interval number (elapsed).
    slot: i64,
    event: Option<RoutineEvent>,
}

fn plan_raws(
    plan: &DosingPlan,
    c: &CompiledPlan,
    routines: &RoutineHistory,
    zones: &ZoneHistory,
    from: NaiveDate,
    to: NaiveDate,
    out: &mut Vec<Raw>,
) {
    let pinned = match plan.zone_policy {
        ZonePolicy::Pinned { zone } => Some(zone),
        ZonePolicy::FollowDevice => None,
    };
    let placer = Placer::new(pinned, zones);
    let switch = plan.step_switch_time;
    let step_ranges: Vec<(NaiveDateTime, Option<NaiveDateTime>)> = c
        .regimes
        .iter()
        .filter_map(|r| r.step_range)
        .map(|(s, e)| (s.and_time(switch), e.map(|e| e.and_time(switch))))
        .collect();
    let in_range = |(s, e): (NaiveDateTime, Option<NaiveDateTime>), t: NaiveDateTime| {
        t >= s && e.is_none_or(|e| t < e)
    };
    for (ri, r) in c.regimes.iter().enumerate() {
        let start_len = out.len();
        let own_range = r
            .step_range
            .map(|(s, e)| (s.and_time(switch), e.map(|e| e.and_time(switch))));
        let applies = |t: NaiveDateTime| match own_range {
            Some(range) => in_range(range, t),
            None => !step_ranges.iter().any(|&range| in_range(range, t)),
        };
        // Dates to generate: from the start when counting, else with a look-back
        // for the previous dose; clipped to the plan's and the step's dates.
        let mut gen_from = match (r.count, r.anchor) {
            (Some(_), Some(a)) => a,
            _ => from - chrono::Days::new(u64::from(r.lookback_days)),
        };
        let mut gen_to = to;
        if let Some(s) = plan.start {
            gen_from = gen_from.max(s);
        }
        if let Some(e) = plan.end {
            gen_to = gen_to.min(e);
        }
        if let Some((s, e)) = r.step_range {
            gen_from = gen_from.max(s.pred_opt().unwrap_or(s));
            if let Some(e) = e {
                gen_to = gen_to.min(e);
            }
        }
        if gen_from > gen_to {
            continue;
        }
        match &r.shape {
            Shape::Calendar { slots, days } => {
                let mut date = gen_from;
                while date <= gen_to {
                    if dow_ok(r.dow_mask, date) && days.selects(date) {
                        for (si, slot) in slots.iter().enumerate() {
                            let Some((placed, planned)) =
                                place_slot(&placer, routines, date, slot.time)
                            else {
                                continue;
                            };
                            if !applies(planned) || !bounds_ok(r, date, planned, placed.at) {
                                continue;
                            }
                            let event = match slot.time {
                                SlotTime::Event(e, _) => Some(e),
                                _ => None,
                            };
                            out.push(Raw {
                                at: placed.at,
                                zone: placed.zone,
                                offset: placed.offset,
                                plan: 0,
                                too_soon: false,
                                date,
                                planned,
                                regime: ri as u32,
                                slot: si as i64,
                                event,
                            });
                        }
                    }
                    match date.succ_opt() {
                        Some(d) => date = d,
                        None => break,
                    }
                }
            }
            Shape::Elapsed {
                interval_secs,
                first_time,
                ..
            } => {
                let anchor = r.anchor.expect("elapsed regimes have an anchor");
                let (first_local, first_at) = match (first_time, start_instant(r)) {
                    // A bounds start with a time is the first dose itself,
                    // on the wall clock of the plan's zone at that instant.
                    (None, Some(i)) => {
                        let offset = super::zone::offset_at(placer.zone_at(i), i);
                        (i.naive_utc() + Duration::seconds(i64::from(offset)), i)
                    }
                    _ => {
                        let first_local = match first_time {
                            Some(t) => anchor.and_time(*t),
                            None => anchor.and_time(
                                routine_at(routines, anchor).time_of(RoutineEvent::Wake, anchor),
                            ),
                        };
                        // A first dose on a date the zone skipped is read as RFC 5545 says.
                        let first_at = match placer.place(anchor, first_local) {
                            Some(p) => p.at,
                            None => {
                                super::zone::resolve_local(
                                    placer.zone_at(first_local.and_utc()),
                                    first_local,
                                )
                                .0
                            }
                        };
                        (first_local, first_at)
                    }
                };
                let step = Duration::seconds(*interval_secs);
                let lo = gen_from.and_time(NaiveTime::MIN).and_utc() - Duration::hours(27);
                let hi = gen_to.and_time(NaiveTime::MIN).and_utc() + Duration::hours(51);
                let mut k = if lo > first_at {
                    (lo - first_at).num_seconds() / interval_secs
                } else {
                    0
                };
                let max_k = r.count.map_or(i64::MAX, i64::from);
                loop {
                    if k >= max_k {
                        break;
                    }
                    let at = first_at + step * (k as i32);
                    if at >= hi {
                        break;
                    }
                    let zone = placer.zone_at(at);
                    let offset = super::zone::offset_at(zone, at);
                    let local = at.naive_utc() + Duration::seconds(i64::from(offset));
                    let date = local.date();
                    let planned = first_local + step * (k as i32);
                    if date >= gen_from
                        && date <= gen_to
                        && dow_ok(r.dow_mask, date)
                        && applies(local)
                        && bounds_ok_elapsed(r, date, at, first_at)
                    {
                        out.push(Raw {
                            at,
                            zone,
                            offset,
                            plan: 0,
                            too_soon: false,
                            date,
                            planned,
                            regime: ri as u32,
                            slot: k,
                            event: None,
                        });
                    }
                    k += 1;
                }
            }
        }
        // `count` keeps the first doses in time order; pauses apply after it.
        let mine = &mut out[start_len..];
        mine.sort_by_key(|x| (x.at, x.planned));
        if let Some(count) = r.count {
            out.truncate(start_len + (count as usize).min(out.len() - start_len));
        }
        let mut w = start_len;
        for i in start_len..out.len() {
            if !plan.holds.iter().any(|h| h.covers(out[i].date)) {
                out[w] = out[i];
                w += 1;
            }
        }
        out.truncate(w);
    }
    out.sort_by_key(|x| (x.at, x.planned, x.regime, x.slot));
}

fn dow_ok(mask: u8, date: NaiveDate) -> bool {
    use chrono::Datelike;
    mask & (1 << date.weekday().num_days_from_monday()) != 0
}

/// The routine version in force from the start of `date` (for anchors that
/// are not slots).
fn routine_at(h: &RoutineHistory, date: NaiveDate) -> &Routine {
    let t = date.and_time(NaiveTime::MIN).and_utc();
    let j = h.changes.partition_point(|c| c.from <= t);
    if j == 0 {
        &h.initial
    } else {
        &h.changes[j - 1].routine
    }
}

/// The planned wall-clock time of a slot under one routine.
fn slot_local(routine: &Routine, date: NaiveDate, time: SlotTime) -> NaiveDateTime {
    match time {
        SlotTime::Clock(t) => date.and_time(t),
        SlotTime::Event(e, delta) => {
            date.and_time(routine.time_of(e, date)) + Duration::minutes(i64::from(delta))
        }
        SlotTime::Noon(delta) => {
            date.and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon"))
                + Duration::minutes(i64::from(delta))
        }
        SlotTime::Spread(i, n) => {
            let wake = date.and_time(routine.time_of(RoutineEvent::Wake, date));
            let mut bed = date.and_time(routine.time_of(RoutineEvent::Bedtime, date));
            if bed <= wake {
                bed += Duration::days(1);
            }
            let span = (bed - wake).num_seconds();
            wake + Duration::seconds(span * i64::from(i) / i64::from(n - 1))
        }
    }
}

/// Places a slot, following the routine history: the slot takes each later
/// routine version whose change came no later than its time under the
/// version before.
fn place_slot(
    placer: &Placer<'_>,
    h: &RoutineHistory,
    date: NaiveDate,
    time: SlotTime,
) -> Option<(Placed, NaiveDateTime)> {
    if let SlotTime::Clock(_) | SlotTime::Noon(_) = time {
        let local = slot_local(&h.initial, date, time);
        return placer.place(date, local).map(|p| (p, local));
    }
    // Versions that changed well before this date (three days covers any
    // offset, zone and `when` offset) are settled: start from the last one.
    let settled = date.and_time(NaiveTime::MIN).and_utc() - Duration::days(3);
    let j = h.changes.partition_point(|c| c.from < settled);
    let base = if j == 0 {
        &h.initial
    } else {
        &h.changes[j - 1].routine
    };
    let mut local = slot_local(base, date, time);
    let mut placed = placer.place(date, local)?;
    for c in &h.changes[j..] {
        if c.from > placed.at {
            break;
        }
        local = slot_local(&c.routine, date, time);
        placed = placer.place(date, local)?;
    }
    Some((placed, local))
}

fn duration_end(anchor: NaiveDateTime, value: f64, unit: PeriodUnit) -> NaiveDateTime {
    match unit {
        PeriodUnit::Month | PeriodUnit::Year => {
            let months = if unit == PeriodUnit::Year {
                value * 12.0
            } else {
                value
            };
            anchor
                .checked_add_months(Months::new(months.ceil().min(12_000.0) as u32))
                .unwrap_or(NaiveDateTime::MAX)
        }
        _ => anchor + Duration::seconds((value * unit.nominal_seconds()).min(1e11) as i64),
    }
}

fn bounds_ok(r: &Regime, date: NaiveDate, planned: NaiveDateTime, at: DateTime<Utc>) -> bool {
    match &r.bounds {
        None => true,
        Some(TimingBounds::Period { start, end }) => {
            let after_start = start.as_ref().is_none_or(|s| match s.instant() {
                Some(i) => at >= i,
                None => date >= s.date(),
            });
            let before_end = end.as_ref().is_none_or(|e| match e.instant() {
                Some(i) => at <= i,
                None => date <= e.date(),
            });
            after_start && before_end
        }
        Some(TimingBounds::Duration { value, unit }) => match r.anchor {
            Some(a) => planned < duration_end(a.and_time(NaiveTime::MIN), *value, *unit),
            None => true,
        },
    }
}

/// The instant of the regime's `boundsPeriod.start`, when it carries a time.
fn start_instant(r: &Regime) -> Option<DateTime<Utc>> {
    match &r.bounds {
        Some(TimingBounds::Period {
            start: Some(BoundaryPoint::Instant { at }),
            ..
        }) => Some(at.with_timezone(&Utc)),
        _ => None,
    }
}

fn bounds_ok_elapsed(r: &Regime, date: NaiveDate, at: DateTime<Utc>, first: DateTime<Utc>) -> bool {
    match &r.bounds {
        Some(TimingBounds::Duration { value, unit }) if unit.is_elapsed() => {
            at < first + Duration::seconds((value * unit.nominal_seconds()).min(1e11) as i64)
        }
        _ => bounds_ok(r, date, date.and_time(NaiveTime::MIN), at),
    }
}

/// Flags doses that come too soon after the previous one of the plan and
/// keeps those in the window.
fn flag_and_keep(
    plan: &DosingPlan,
    pi: u32,
    raws: &[Raw],
    from: NaiveDate,
    to: NaiveDate,
    out: &mut Vec<Raw>,
) {
    let min = plan
        .min_interval_minutes
        .map(|m| Duration::minutes(i64::from(m)));
    for (i, raw) in raws.iter().enumerate() {
        if raw.date < from || raw.date > to {
            continue;
        }
        let too_soon = i > 0 && {
            let prev = &raws[i - 1];
            let gap = raw.at - prev.at;
            match min {
                Some(m) => gap < m,
                None => gap * 2 < raw.planned - prev.planned,
            }
        };
        out.push(Raw {
            plan: pi,
            too_soon,
            ..*raw
        });
    }
}

/// A plan's ids as every occurrence carries them, made once per expansion.
struct PlanNames {
    /// The plan id's 16 bytes in occurrence id names.
    key: [u8; 16],
    plan_id: SmallString,
    medication_id: SmallString,
}

impl PlanNames {
    fn of(plan: &DosingPlan) -> PlanNames {
        PlanNames {
            key: ids::plan_key(&plan.id),
            plan_id: SmallString::from(&plan.id),
            medication_id: SmallString::from(&plan.medication_id),
        }
    }
}

/// Builds the occurrence of a kept record: no allocation for ids, slot keys
/// and units of usual length (see [`SmallString`]).
fn dress(plan: &DosingPlan, names: &PlanNames, c: &CompiledPlan, raw: &Raw) -> DoseOccurrence {
    let r = &c.regimes[raw.regime as usize];
    let (slot, dose, when) = match &r.shape {
        Shape::Calendar { slots, .. } => {
            let s = &slots[raw.slot as usize];
            (s.key.clone(), s.dose.clone(), s.when)
        }
        Shape::Elapsed {
            key_prefix, dose, ..
        } => {
            let mut digits = [0u8; 24];
            let digits = itoa(raw.slot, &mut digits);
            let mut buf = [0u8; 64];
            let n = key_prefix.len() + digits.len();
            let key = if n <= buf.len() {
                buf[..key_prefix.len()].copy_from_slice(key_prefix.as_bytes());
                buf[key_prefix.len()..n].copy_from_slice(digits.as_bytes());
                SmallString::from(std::str::from_utf8(&buf[..n]).expect("prefix and digits"))
            } else {
                SmallString::from(format!("{key_prefix}{digits}"))
            };
            (key, dose.clone(), None)
        }
    };
    let mut idbuf = [0u8; 36];
    let id = ids::uuid_with_key(&names.key, plan.version, raw.date, &slot)
        .hyphenated()
        .encode_lower(&mut idbuf);
    let offset = FixedOffset::east_opt(raw.offset).expect("zone offsets are within a day");
    DoseOccurrence {
        id: SmallString::from(&*id),
        plan_id: names.plan_id.clone(),
        plan_version: plan.version,
        medication_id: names.medication_id.clone(),
        local_date: raw.date,
        slot,
        local: raw.at.with_timezone(&offset),
        utc: raw.at,
        zone: raw.zone,
        dose,
        event: raw.event,
        when,
        step: r.step,
        too_soon_after_previous: raw.too_soon,
    }
}

fn itoa(mut v: i64, buf: &mut [u8; 24]) -> &str {
    let mut i = buf.len();
    if v == 0 {
        i -= 1;
        buf[i] = b'0';
    }
    while v > 0 {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    std::str::from_utf8(&buf[i..]).expect("ascii digits")
}
