//! FHIR R4 `Timing` JSON ⇄ [`Timing`].

use chrono::{DateTime, NaiveDate, SecondsFormat};
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::schedule::timing::{
    BoundaryPoint, DayOfWeek, DayRule, EventTiming, PeriodUnit, Timing, TimingBounds, TimingRepeat,
};
use crate::schedule::validate::validate_timing;

use super::json::{
    array, check_keys, decimal, fhir_path, integer, join, number, object, string, Obj,
};

/// URL of Cadence's modifier extension on `Timing.repeat` carrying a
/// [`DayRule`] (sub-extensions `kind` = `cycle` | `every_n_days` |
/// `days_of_month`, `start`, `daysOn`, `daysOff`, `every`, `day`).
pub const DAY_RULE_URL: &str = "urn:cadence:fhir:StructureDefinition:timing-day-rule";

const REPEAT_KEYS: &[&str] = &[
    "boundsDuration",
    "boundsRange",
    "boundsPeriod",
    "count",
    "countMax",
    "duration",
    "durationMax",
    "durationUnit",
    "frequency",
    "frequencyMax",
    "period",
    "periodMax",
    "periodUnit",
    "dayOfWeek",
    "timeOfDay",
    "when",
    "offset",
];

/// Reads a FHIR R4 `Timing` object, enforcing tim-1..tim-10. `path` names the
/// object in errors (e.g. `timing`).
pub fn timing_from_json(v: &Value) -> Result<Timing> {
    timing_at(v, "timing")
}

pub(super) fn timing_at(v: &Value, path: &str) -> Result<Timing> {
    let o = object(v, path)?;
    check_keys(o, path, &["event", "repeat", "code"], false)?;
    if !array(o, "event", path)?.is_empty() {
        return Err(Error::invalid(
            join(path, "event"),
            "explicit event date-times are a hospital's administration times, not a schedule \
             a person keeps at home: refused; describe the schedule with repeat",
        ));
    }
    let t = match o.get("repeat") {
        Some(r) => repeat_at(r, &join(path, "repeat"))?,
        None => match o.get("code") {
            Some(c) => from_code(c, &join(path, "code"))?,
            None => {
                return Err(Error::invalid(
                    join(path, "repeat"),
                    "a Timing needs a repeat (or a code such as BID)",
                ))
            }
        },
    };
    validate_timing(path, &t).map_err(fhir_path)?;
    Ok(t)
}

fn unit_at(o: &Obj, key: &str, path: &str) -> Result<Option<PeriodUnit>> {
    string(o, key, path)?
        .map(|s| PeriodUnit::from_code(&join(path, key), s))
        .transpose()
}

fn repeat_at(v: &Value, path: &str) -> Result<Timing> {
    let o = object(v, path)?;
    check_keys(o, path, REPEAT_KEYS, true)?;
    let mut day_rule = None;
    for (i, m) in array(o, "modifierExtension", path)?.iter().enumerate() {
        let at = format!("{path}.modifierExtension[{i}]");
        let mo = object(m, &at)?;
        if string(mo, "url", &at)? != Some(DAY_RULE_URL) {
            return Err(Error::invalid(
                at,
                "an unknown modifier extension changes the meaning: refused",
            ));
        }
        if day_rule.is_some() {
            return Err(Error::invalid(at, "at most one day rule"));
        }
        day_rule = Some(day_rule_from(mo, &at)?);
    }
    if o.contains_key("boundsRange") {
        return Err(Error::invalid(
            join(path, "boundsRange"),
            "boundsRange gives no single end to plan for; use boundsDuration or boundsPeriod",
        ));
    }
    if o.contains_key("boundsDuration") && o.contains_key("boundsPeriod") {
        return Err(Error::invalid(
            join(path, "boundsPeriod"),
            "bounds[x] takes one form only",
        ));
    }
    let bounds = if let Some(b) = o.get("boundsDuration") {
        let at = join(path, "boundsDuration");
        let (value, unit) = quantity_time(b, &at)?;
        Some(TimingBounds::Duration { value, unit })
    } else if let Some(b) = o.get("boundsPeriod") {
        let at = join(path, "boundsPeriod");
        let bo = object(b, &at)?;
        check_keys(bo, &at, &["start", "end"], false)?;
        let start = string(bo, "start", &at)?
            .map(|s| date_time(s, &join(&at, "start"), false))
            .transpose()?;
        let end = string(bo, "end", &at)?
            .map(|s| date_time(s, &join(&at, "end"), true))
            .transpose()?;
        Some(TimingBounds::Period { start, end })
    } else {
        None
    };
    let mut r = TimingRepeat {
        bounds,
        count: integer(o, "count", path, true)?,
        count_max: integer(o, "countMax", path, true)?,
        duration: number(o, "duration", path)?,
        duration_max: number(o, "durationMax", path)?,
        duration_unit: unit_at(o, "durationUnit", path)?,
        frequency: integer(o, "frequency", path, true)?,
        frequency_max: integer(o, "frequencyMax", path, true)?,
        period: number(o, "period", path)?,
        period_max: number(o, "periodMax", path)?,
        period_unit: unit_at(o, "periodUnit", path)?,
        offset: integer(o, "offset", path, false)?,
        ..TimingRepeat::default()
    };
    for (i, d) in array(o, "dayOfWeek", path)?.iter().enumerate() {
        let at = format!("{path}.dayOfWeek[{i}]");
        r.day_of_week.push(DayOfWeek::from_code(
            &at,
            d.as_str()
                .ok_or_else(|| Error::invalid(&at, "must be a string"))?,
        )?);
    }
    for (i, t) in array(o, "timeOfDay", path)?.iter().enumerate() {
        let at = format!("{path}.timeOfDay[{i}]");
        r.time_of_day.push(crate::time::parse_time(
            &at,
            t.as_str()
                .ok_or_else(|| Error::invalid(&at, "must be a string"))?,
        )?);
    }
    for (i, w) in array(o, "when", path)?.iter().enumerate() {
        let at = format!("{path}.when[{i}]");
        r.when.push(EventTiming::from_fhir_code(
            &at,
            w.as_str()
                .ok_or_else(|| Error::invalid(&at, "must be a string"))?,
        )?);
    }
    Ok(Timing {
        repeat: r,
        day_rule,
    })
}

/// A FHIR Duration/Quantity of time: its value and unit (`code`, else `unit`).
pub(super) fn quantity_time(v: &Value, path: &str) -> Result<(f64, PeriodUnit)> {
    let o = object(v, path)?;
    check_keys(
        o,
        path,
        &["value", "unit", "system", "code", "comparator"],
        false,
    )?;
    if o.contains_key("comparator") {
        return Err(Error::invalid(
            join(path, "comparator"),
            "a comparator makes the length uncertain: refused",
        ));
    }
    let value =
        number(o, "value", path)?.ok_or_else(|| Error::invalid(join(path, "value"), "required"))?;
    let code = string(o, "code", path)?.or(string(o, "unit", path)?);
    let code = code.ok_or_else(|| {
        Error::invalid(join(path, "code"), "tim-1: a duration needs a unit of time")
    })?;
    Ok((value, PeriodUnit::from_code(&join(path, "code"), code)?))
}

/// A FHIR `date` or `dateTime`. A partial date (`2027`, `2027-03`) means its
/// first day as a start and its last day as an end.
fn date_time(s: &str, path: &str, is_end: bool) -> Result<BoundaryPoint> {
    let bad = || {
        Error::invalid(
            path,
            "expected a FHIR date or dateTime (YYYY-MM-DD, or with a time and an offset)",
        )
    };
    if s.contains('T') {
        let at = DateTime::parse_from_rfc3339(s).map_err(|_| bad())?;
        return Ok(BoundaryPoint::Instant { at });
    }
    let parts: Vec<&str> = s.split('-').collect();
    let num = |x: &str, len: usize| -> Result<u32> {
        if x.len() == len && x.bytes().all(|b| b.is_ascii_digit()) {
            x.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let date = match parts.as_slice() {
        [y] => {
            let y = num(y, 4)? as i32;
            if is_end {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
        [y, m] => {
            let first =
                NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, 1).ok_or_else(bad)?;
            if is_end {
                first
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|d| d.pred_opt())
            } else {
                Some(first)
            }
        }
        [y, m, d] => NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, num(d, 2)?),
        _ => None,
    };
    Ok(BoundaryPoint::Date {
        date: date.ok_or_else(bad)?,
    })
}

fn point_to_json(p: &BoundaryPoint) -> Value {
    match p {
        BoundaryPoint::Date { date } => Value::from(date.format("%Y-%m-%d").to_string()),
        BoundaryPoint::Instant { at } => {
            Value::from(at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        }
    }
}

fn from_code(v: &Value, path: &str) -> Result<Timing> {
    let o = object(v, path)?;
    let mut codes: Vec<&str> = Vec::new();
    for c in array(o, "coding", path)? {
        if let Some(code) = c.get("code").and_then(Value::as_str) {
            codes.push(code);
        }
    }
    if let Some(t) = string(o, "text", path)? {
        codes.push(t);
    }
    let mut r = TimingRepeat::default();
    let per = |r: &mut TimingRepeat, f: u32, p: f64, u: PeriodUnit| {
        r.frequency = Some(f);
        r.period = Some(p);
        r.period_unit = Some(u);
    };
    for c in codes {
        match c.trim().to_ascii_uppercase().as_str() {
            "QD" => per(&mut r, 1, 1.0, PeriodUnit::Day),
            "BID" => per(&mut r, 2, 1.0, PeriodUnit::Day),
            "TID" => per(&mut r, 3, 1.0, PeriodUnit::Day),
            "QID" => per(&mut r, 4, 1.0, PeriodUnit::Day),
            "QOD" => per(&mut r, 1, 2.0, PeriodUnit::Day),
            "WK" => per(&mut r, 1, 1.0, PeriodUnit::Week),
            "MO" => per(&mut r, 1, 1.0, PeriodUnit::Month),
            "AM" => r.when = vec![EventTiming::Morn],
            "PM" => r.when = vec![EventTiming::Aft],
            "BED" => r.when = vec![EventTiming::Hs],
            h if h.len() == 3
                && h.starts_with('Q')
                && h.ends_with('H')
                && (b'1'..=b'8').contains(&h.as_bytes()[1]) =>
            {
                per(
                    &mut r,
                    1,
                    f64::from(h.as_bytes()[1] - b'0'),
                    PeriodUnit::Hour,
                )
            }
            _ => continue,
        }
        return Ok(Timing {
            repeat: r,
            day_rule: None,
        });
    }
    Err(Error::invalid(path, "without a repeat, the code must be one of BID, TID, QID, QD, QOD, AM, PM, BED, WK, MO, Q1H..Q8H"))
}

fn day_rule_from(o: &Obj, path: &str) -> Result<DayRule> {
    let mut kind = None;
    let mut start = None;
    let mut days_on = None;
    let mut days_off = None;
    let mut every = None;
    let mut days = Vec::new();
    for (i, e) in array(o, "extension", path)?.iter().enumerate() {
        let at = format!("{path}.extension[{i}]");
        let eo = object(e, &at)?;
        let url = string(eo, "url", &at)?.unwrap_or("");
        match url {
            "kind" => kind = string(eo, "valueCode", &at)?.map(str::to_owned),
            "start" => {
                let s = string(eo, "valueDate", &at)?
                    .ok_or_else(|| Error::invalid(&at, "needs valueDate"))?;
                start = Some(crate::time::parse_date(&join(&at, "valueDate"), s)?);
            }
            "daysOn" => days_on = integer(eo, "valuePositiveInt", &at, true)?,
            "daysOff" => days_off = integer(eo, "valueUnsignedInt", &at, false)?,
            "every" => every = integer(eo, "valuePositiveInt", &at, true)?,
            "day" => days.push(
                integer(eo, "valuePositiveInt", &at, true)?
                    .filter(|d| *d <= 31)
                    .ok_or_else(|| Error::invalid(&at, "a day of the month is 1 to 31"))?
                    as u8,
            ),
            _ => {
                return Err(Error::invalid(
                    join(&at, "url"),
                    "unknown part of the day rule",
                ))
            }
        }
    }
    let need = |what: &str| Error::invalid(path, format!("the day rule needs `{what}`"));
    match kind.as_deref() {
        Some("cycle") => Ok(DayRule::Cycle {
            start: start.ok_or_else(|| need("start"))?,
            days_on: days_on.ok_or_else(|| need("daysOn"))?,
            days_off: days_off.ok_or_else(|| need("daysOff"))?,
        }),
        Some("every_n_days") => Ok(DayRule::EveryNDays {
            start: start.ok_or_else(|| need("start"))?,
            every: every.ok_or_else(|| need("every"))?,
        }),
        Some("days_of_month") => Ok(DayRule::DaysOfMonth { days }),
        _ => Err(need("kind (cycle, every_n_days or days_of_month)")),
    }
}

fn day_rule_to_json(rule: &DayRule) -> Value {
    let part = |url: &str, key: &str, v: Value| json!({ "url": url, key: v });
    let date = |d: &NaiveDate| Value::from(d.format("%Y-%m-%d").to_string());
    let parts = match rule {
        DayRule::Cycle {
            start,
            days_on,
            days_off,
        } => vec![
            part("kind", "valueCode", "cycle".into()),
            part("start", "valueDate", date(start)),
            part("daysOn", "valuePositiveInt", (*days_on).into()),
            part("daysOff", "valueUnsignedInt", (*days_off).into()),
        ],
        DayRule::EveryNDays { start, every } => vec![
            part("kind", "valueCode", "every_n_days".into()),
            part("start", "valueDate", date(start)),
            part("every", "valuePositiveInt", (*every).into()),
        ],
        DayRule::DaysOfMonth { days } => {
            let mut v = vec![part("kind", "valueCode", "days_of_month".into())];
            v.extend(
                days.iter()
                    .map(|d| part("day", "valuePositiveInt", (*d).into())),
            );
            v
        }
    };
    json!({ "url": DAY_RULE_URL, "extension": parts })
}

/// Writes a [`Timing`] as a FHIR R4 `Timing` object.
pub fn timing_to_json(t: &Timing) -> Value {
    let r = &t.repeat;
    let mut o = Map::new();
    match &r.bounds {
        Some(TimingBounds::Duration { value, unit }) => {
            o.insert(
                "boundsDuration".into(),
                json!({ "value": decimal(*value), "unit": unit.code(), "system": "http://unitsofmeasure.org", "code": unit.code() }),
            );
        }
        Some(TimingBounds::Period { start, end }) => {
            let mut p = Map::new();
            if let Some(s) = start {
                p.insert("start".into(), point_to_json(s));
            }
            if let Some(e) = end {
                p.insert("end".into(), point_to_json(e));
            }
            o.insert("boundsPeriod".into(), Value::Object(p));
        }
        None => {}
    }
    let mut put_int = |k: &str, v: Option<u32>| {
        if let Some(v) = v {
            o.insert(k.into(), v.into());
        }
    };
    put_int("count", r.count);
    put_int("countMax", r.count_max);
    put_int("frequency", r.frequency);
    put_int("frequencyMax", r.frequency_max);
    put_int("offset", r.offset);
    for (k, v) in [
        ("duration", r.duration),
        ("durationMax", r.duration_max),
        ("period", r.period),
        ("periodMax", r.period_max),
    ] {
        if let Some(v) = v {
            o.insert(k.into(), decimal(v));
        }
    }
    for (k, v) in [
        ("durationUnit", r.duration_unit),
        ("periodUnit", r.period_unit),
    ] {
        if let Some(u) = v {
            o.insert(k.into(), u.code().into());
        }
    }
    if !r.day_of_week.is_empty() {
        o.insert(
            "dayOfWeek".into(),
            r.day_of_week
                .iter()
                .map(|d| Value::from(d.code()))
                .collect(),
        );
    }
    if !r.time_of_day.is_empty() {
        o.insert(
            "timeOfDay".into(),
            r.time_of_day
                .iter()
                .map(|t| Value::from(t.format("%H:%M:%S").to_string()))
                .collect(),
        );
    }
    if !r.when.is_empty() {
        o.insert(
            "when".into(),
            r.when.iter().map(|w| Value::from(w.fhir_code())).collect(),
        );
    }
    if let Some(rule) = &t.day_rule {
        o.insert(
            "modifierExtension".into(),
            Value::Array(vec![day_rule_to_json(rule)]),
        );
    }
    json!({ "repeat": o })
}
