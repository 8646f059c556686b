//! FHIR R4 Timing and Dosage import/export: examples from the spec, the CLI
//! path, and export-then-import round trips over generated timings.

use cadence_core::model::routine::Routine;
use cadence_core::schedule::fhir::*;
use cadence_core::schedule::*;
use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;
use serde_json::json;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn spec_style_examples_import() {
    // "BID with meals", "every 8 hours", "Mon/Wed/Fri at 09:00 for 4 weeks".
    let t = timing_from_json(
        &json!({"repeat": {"frequency": 2, "period": 1, "periodUnit": "d", "when": ["CM", "CV"]}}),
    )
    .unwrap();
    assert_eq!(t.repeat.when, vec![EventTiming::Cm, EventTiming::Cv]);
    let t = timing_from_json(&json!({"repeat": {"frequency": 1, "period": 8, "periodUnit": "h"}, "code": {"text": "q8h"}})).unwrap();
    assert_eq!(
        (t.repeat.period, t.repeat.period_unit),
        (Some(8.0), Some(PeriodUnit::Hour))
    );
    let t = timing_from_json(&json!({"repeat": {
        "boundsDuration": {"value": 4, "unit": "wk", "system": "http://unitsofmeasure.org", "code": "wk"},
        "frequency": 3, "period": 1, "periodUnit": "wk", "dayOfWeek": ["mon", "wed", "fri"], "timeOfDay": ["09:00:00"]
    }})).unwrap();
    assert_eq!(
        t.repeat.bounds,
        Some(TimingBounds::Duration {
            value: 4.0,
            unit: PeriodUnit::Week
        })
    );
    let t = timing_from_json(&json!({"code": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", "code": "TID"}]}})).unwrap();
    assert_eq!(t.repeat.frequency, Some(3));
    let t =
        timing_from_json(&json!({"repeat": {"boundsPeriod": {"start": "2027-03", "end": "2027"}}}))
            .unwrap();
    assert_eq!(
        t.repeat.bounds,
        Some(TimingBounds::Period {
            start: Some(BoundaryPoint::Date {
                date: d(2027, 3, 1)
            }),
            end: Some(BoundaryPoint::Date {
                date: d(2027, 12, 31)
            })
        })
    );
}

#[test]
fn cli_path_expands_a_timing_file() {
    let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let occ = expand_fhir_json(
        &json!({"repeat": {"timeOfDay": ["02:30:00"]}}),
        tz,
        &Routine::default(),
        d(2027, 3, 14),
        d(2027, 3, 14),
    )
    .unwrap();
    assert_eq!(occ.len(), 1);
    assert_eq!(occ[0].local.to_rfc3339(), "2027-03-14T03:30:00-04:00");
    assert_eq!(
        occ[0]
            .utc
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "2027-03-14T07:30:00Z"
    );
    // Same file, same ids.
    let again = expand_fhir_json(
        &json!({"repeat": {"timeOfDay": ["02:30:00"]}}),
        tz,
        &Routine::default(),
        d(2027, 3, 14),
        d(2027, 3, 14),
    )
    .unwrap();
    assert_eq!(occ[0].id, again[0].id);
    // A Dosage with a timing and a dose.
    let dosage = json!({
        "text": "50 mg at night",
        "timing": {"repeat": {"when": ["HS"], "offset": 30}},
        "doseAndRate": [{"doseQuantity": {"value": 50, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}]
    });
    let occ = expand_fhir_json(
        &dosage,
        tz,
        &Routine::default(),
        d(2027, 5, 3),
        d(2027, 5, 4),
    )
    .unwrap();
    assert_eq!(occ.len(), 2);
    assert_eq!(occ[0].dose, Dose::new(50.0, "mg"));
    assert_eq!(occ[0].local.to_rfc3339(), "2027-05-03T23:00:00-04:00");
    // An elapsed timing starts on `from` at wake time.
    let occ = expand_fhir_json(
        &json!({"repeat": {"frequency": 1, "period": 8, "periodUnit": "h"}}),
        tz,
        &Routine::default(),
        d(2027, 5, 3),
        d(2027, 5, 3),
    )
    .unwrap();
    assert_eq!(
        occ.iter().map(|o| o.local.to_rfc3339()).collect::<Vec<_>>(),
        [
            "2027-05-03T07:00:00-04:00",
            "2027-05-03T15:00:00-04:00",
            "2027-05-03T23:00:00-04:00"
        ]
    );
    // As needed: nothing scheduled.
    let prn = json!({"asNeededBoolean": true, "timing": {"repeat": {"frequency": 1, "period": 4, "periodUnit": "h"}}});
    assert!(
        expand_fhir_json(&prn, tz, &Routine::default(), d(2027, 5, 3), d(2027, 5, 3))
            .unwrap()
            .is_empty()
    );
    let err = expand_fhir_json(
        &json!({"repeat": {"timeOfDay": ["08:00:00"]}}),
        tz,
        &Routine::default(),
        d(2027, 1, 1),
        d(2028, 12, 31),
    )
    .unwrap_err();
    assert!(err.to_string().contains("window"), "{err}");
}

#[test]
fn dosage_as_needed_with_maxima_builds_a_prn_plan() {
    let j = json!({
        "asNeededCodeableConcept": {"text": "headache"},
        "timing": {"repeat": {"frequency": 1, "period": 4, "periodUnit": "h"}},
        "doseAndRate": [{"type": {"text": "ordered"}, "doseQuantity": {"value": 500, "unit": "mg"}}],
        "maxDosePerPeriod": {"numerator": {"value": 4000, "unit": "mg"}, "denominator": {"value": 24, "unit": "h", "code": "h"}},
        "maxDosePerAdministration": {"value": 1000, "unit": "mg"},
        "route": {"text": "oral"}
    });
    let d = dosage_from_json(&j).unwrap();
    assert!(d.as_needed);
    assert_eq!(d.as_needed_reason.as_deref(), Some("headache"));
    let plan = plan_from_dosage(
        &d,
        "0b6c3a52-5f7e-4a4e-9a53-1f1de3a1c001",
        "0b6c3a52-5f7e-4a4e-9a53-1f1de3a1c002",
        default_dose(),
    )
    .unwrap();
    let a = plan.as_needed.clone().unwrap();
    assert_eq!(a.min_interval_minutes, Some(240));
    assert_eq!(
        a.max_per_period,
        Some(MaxPerPeriod {
            amount: Dose::new(4000.0, "mg"),
            period_minutes: 1440
        })
    );
    assert_eq!(a.max_per_administration, Some(Dose::new(1000.0, "mg")));
    assert_eq!(plan.dose, Dose::new(500.0, "mg"));
    assert_eq!(dosage_from_json(&dosage_to_json(&d)).unwrap(), d);
    // Bad dosages.
    let bad = [
        (
            json!({"maxDosePerPeriod": {"numerator": {"value": 4}, "denominator": {"value": 1, "unit": "tablet"}}}),
            "dosage.maxDosePerPeriod.denominator",
        ),
        (
            json!({"doseAndRate": [{"doseRange": {}}]}),
            "dosage.doseAndRate[0].doseRange.high",
        ),
        (
            json!({"doseAndRate": [{"doseQuantity": {"value": -1}}]}),
            "dosage.doseAndRate[0].doseQuantity.value",
        ),
        (json!({"asNeededBoolean": "yes"}), "dosage.asNeededBoolean"),
        (
            json!({"timing": {"repeat": {"when": ["CV"], "offset": 5}}}),
            "dosage.timing.repeat.offset",
        ),
        (json!({"dosis": 1}), "dosage.dosis"),
    ];
    for (j, field) in bad {
        match dosage_from_json(&j) {
            Err(cadence_core::Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{j}: {other:?}"),
        }
    }
}

#[test]
fn day_rules_travel_as_a_modifier_extension() {
    let t = Timing {
        repeat: TimingRepeat {
            time_of_day: vec![NaiveTime::from_hms_opt(9, 0, 0).unwrap()],
            ..Default::default()
        },
        day_rule: Some(DayRule::Cycle {
            start: d(2027, 1, 1),
            days_on: 21,
            days_off: 7,
        }),
    };
    let j = timing_to_json(&t);
    assert_eq!(j["repeat"]["modifierExtension"][0]["url"], DAY_RULE_URL);
    assert_eq!(timing_from_json(&j).unwrap(), t);
}

fn arb_time() -> impl Strategy<Value = NaiveTime> {
    (0u32..24, 0u32..60, prop_oneof![Just(0u32), 0u32..60])
        .prop_map(|(h, m, s)| NaiveTime::from_hms_opt(h, m, s).unwrap())
}

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..3000).prop_map(|n| d(2025, 1, 1) + chrono::Duration::days(n))
}

fn arb_point() -> impl Strategy<Value = BoundaryPoint> {
    prop_oneof![
        arb_date().prop_map(|date| BoundaryPoint::Date { date }),
        (arb_date(), arb_time(), -12i32..14).prop_map(|(date, time, h)| {
            let off = chrono::FixedOffset::east_opt(h * 3600).unwrap();
            BoundaryPoint::Instant {
                at: date.and_time(time).and_local_timezone(off).unwrap(),
            }
        }),
    ]
}

fn arb_unit() -> impl Strategy<Value = PeriodUnit> {
    proptest::sample::select(PeriodUnit::ALL.to_vec())
}

prop_compose! {
    fn arb_timing()(
        use_when in any::<bool>(),
        times in proptest::collection::btree_set(arb_time(), 0..4),
        when in proptest::sample::subsequence(EventTiming::ALL.to_vec(), 0..5),
        offset in proptest::option::of(0u32..720),
        freq in proptest::option::of((1u32..10, 0u32..5)),
        period in proptest::option::of((1u32..100, 0u32..10, arb_unit(), any::<bool>())),
        duration in proptest::option::of((0u32..100, proptest::option::of(0u32..5), arb_unit())),
        count in proptest::option::of((1u32..1000, proptest::option::of(0u32..10))),
        days in proptest::sample::subsequence(DayOfWeek::ALL.to_vec(), 0..7),
        bounds in proptest::option::of(prop_oneof![
            (1u32..100, arb_unit()).prop_map(|(v, unit)| TimingBounds::Duration { value: f64::from(v), unit }),
            (proptest::option::of(arb_point()), proptest::option::of(arb_point())).prop_map(|(start, end)| {
                let (start, end) = match (start, end) {
                    (Some(a), Some(b)) if b.date() < a.date() => (Some(b), Some(a)),
                    other => other,
                };
                TimingBounds::Period { start, end }
            }),
        ]),
        rule in proptest::option::of(prop_oneof![
            (arb_date(), 1u32..40, 0u32..20).prop_map(|(start, days_on, days_off)| DayRule::Cycle { start, days_on, days_off }),
            (arb_date(), 1u32..40).prop_map(|(start, every)| DayRule::EveryNDays { start, every }),
            proptest::collection::btree_set(1u8..=31, 1..5).prop_map(|s| DayRule::DaysOfMonth { days: s.into_iter().collect() }),
        ]),
    ) -> Timing {
        let mut r = TimingRepeat::default();
        if use_when {
            r.when = when.clone();
            if r.when.iter().all(|w| !w.forbids_offset()) && !r.when.is_empty() { r.offset = offset; }
        } else {
            r.time_of_day = times.into_iter().collect();
        }
        if let Some((f, extra)) = freq { r.frequency = Some(f); if extra > 0 { r.frequency_max = Some(f + extra); } }
        if let Some((p, extra, unit, half)) = period {
            let p = if half { f64::from(p) + 0.5 } else { f64::from(p) };
            r.period = Some(p);
            r.period_unit = Some(unit);
            if extra > 0 { r.period_max = Some(p + f64::from(extra)); }
        }
        if let Some((v, extra, unit)) = duration {
            r.duration = Some(f64::from(v));
            r.duration_unit = Some(unit);
            if let Some(e) = extra { r.duration_max = Some(f64::from(v + e)); }
        }
        if let Some((c, extra)) = count { r.count = Some(c); if let Some(e) = extra { r.count_max = Some(c + e); } }
        r.day_of_week = days;
        r.bounds = bounds;
        Timing { repeat: r, day_rule: rule }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_round_trips(t in arb_timing()) {
        prop_assume!(validate_timing("timing", &t).is_ok());
        let j = timing_to_json(&t);
        let back = timing_from_json(&j).map_err(|e| TestCaseError::fail(format!("{e}: {j}")))?;
        prop_assert_eq!(&back, &t);
        let dosage = Dosage { timing: Some(t), dose: Some(Quantity { value: 2.5, unit: Some("mL".into()), system: None, code: None }), ..Dosage::default() };
        prop_assert_eq!(dosage_from_json(&dosage_to_json(&dosage)).unwrap(), dosage);
    }
}

/// Expands a FHIR Dosage as a plan in `zone` over `from..=to` (UTC instants
/// and local times).
fn dosage_doses(
    dosage: &serde_json::Value,
    zone: chrono_tz::Tz,
    policy: ZonePolicy,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<DoseOccurrence> {
    let mut plan = plan_from_dosage(
        &dosage_from_json(dosage).unwrap(),
        "7b1f1c1e-0000-4000-8000-000000000001",
        "7b1f1c1e-0000-4000-8000-000000000002",
        default_dose(),
    )
    .unwrap();
    plan.zone_policy = policy;
    expand(
        &[plan],
        &RoutineHistory::fixed(Routine::default()),
        &ZoneHistory::fixed(zone),
        from,
        to,
    )
    .unwrap()
}

#[test]
fn an_every_8_hours_plan_starts_at_the_hour_the_prescriber_gave() {
    // An antibiotic from 22:00: 22:00, 06:00, 14:00, ... (not 00:30 the
    // next day, as when only the start's date was read).
    let berlin = chrono_tz::Europe::Berlin;
    let dosage = json!({"timing": {"repeat": {"frequency": 1, "period": 8, "periodUnit": "h",
        "boundsPeriod": {"start": "2027-05-01T22:00:00+02:00"}}}});
    let occ = dosage_doses(
        &dosage,
        berlin,
        ZonePolicy::FollowDevice,
        d(2027, 5, 1),
        d(2027, 5, 2),
    );
    let times: Vec<String> = occ.iter().map(|o| o.local.to_rfc3339()).collect();
    assert_eq!(
        times,
        [
            "2027-05-01T22:00:00+02:00",
            "2027-05-02T06:00:00+02:00",
            "2027-05-02T14:00:00+02:00",
            "2027-05-02T22:00:00+02:00"
        ]
    );
    // Export and import keep the start, and so the same doses and ids.
    let plan = plan_from_dosage(
        &dosage_from_json(&dosage).unwrap(),
        "7b1f1c1e-0000-4000-8000-000000000001",
        "7b1f1c1e-0000-4000-8000-000000000002",
        default_dose(),
    )
    .unwrap();
    let exported = dosage_to_json(&dosage_of_plan(&plan));
    assert_eq!(
        exported["timing"]["repeat"]["boundsPeriod"]["start"],
        "2027-05-01T22:00:00+02:00"
    );
    let again = dosage_doses(
        &exported,
        berlin,
        ZonePolicy::FollowDevice,
        d(2027, 5, 1),
        d(2027, 5, 2),
    );
    assert_eq!(again, occ);
    // Pinned to the home zone, the same instants read on that zone's clock.
    let pinned = dosage_doses(
        &dosage,
        chrono_tz::America::New_York,
        ZonePolicy::Pinned { zone: berlin },
        d(2027, 5, 1),
        d(2027, 5, 2),
    );
    assert_eq!(pinned[0].utc, occ[0].utc);
    assert_eq!(pinned[0].local.to_rfc3339(), "2027-05-01T22:00:00+02:00");
}

#[test]
fn an_elapsed_plan_stays_8_hours_apart_across_dst_from_its_start_instant() {
    let ny = chrono_tz::America::New_York;
    // 22:00 EST the night before spring forward, then every 8 elapsed hours.
    let dosage = json!({"timing": {"repeat": {"frequency": 1, "period": 8, "periodUnit": "h",
        "boundsPeriod": {"start": "2027-03-13T22:00:00-05:00"}}}});
    let occ = dosage_doses(
        &dosage,
        ny,
        ZonePolicy::FollowDevice,
        d(2027, 3, 13),
        d(2027, 3, 14),
    );
    let times: Vec<String> = occ.iter().map(|o| o.local.to_rfc3339()).collect();
    assert_eq!(
        times,
        [
            "2027-03-13T22:00:00-05:00",
            "2027-03-14T07:00:00-04:00",
            "2027-03-14T15:00:00-04:00",
            "2027-03-14T23:00:00-04:00"
        ]
    );
    assert!(occ
        .windows(2)
        .all(|w| w[1].utc - w[0].utc == chrono::Duration::hours(8)));
    // Without a time in the start, the first dose is at the person's wake
    // time on the start date (a Saturday: 08:30 in the default routine).
    let dated = json!({"timing": {"repeat": {"frequency": 1, "period": 8, "periodUnit": "h",
        "boundsPeriod": {"start": "2027-03-13"}}}});
    let occ = dosage_doses(
        &dated,
        ny,
        ZonePolicy::FollowDevice,
        d(2027, 3, 13),
        d(2027, 3, 13),
    );
    assert_eq!(occ[0].local.to_rfc3339(), "2027-03-13T08:30:00-05:00");
}
