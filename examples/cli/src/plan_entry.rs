//! `cadence plan set` and `cadence plan titrate`: a dosing plan entered in
//! words on the command line, no JSON — a dose at routine moments, clock
//! times or as needed (the core's set-up form, `plan_from_form`), or a
//! titration/taper as its steps with dates and doses (the core's
//! `titration_plan`).

use clap::Args;

use cadence_core::schedule::form::{FormDays, FormTimes, PlanForm};
use cadence_core::schedule::titration::{titration_plan, StepEntry};
use cadence_core::schedule::words::plan_words;
use cadence_core::schedule::{DayOfWeek, Dose, EventTiming, Timing};
use cadence_core::time::{parse_date, parse_time};

use crate::output::print;
use crate::Ctx;

/// When in the day: routine moments or clock times.
#[derive(Debug, Args)]
pub struct WhenArgs {
    /// Routine moments, comma-separated: wake, breakfast, lunch, dinner,
    /// bedtime (doses move with the person's routine).
    #[arg(long = "moment", value_delimiter = ',')]
    moments: Vec<String>,
    /// Clock times instead, comma-separated HH:MM (local time).
    #[arg(long, value_delimiter = ',')]
    times: Vec<String>,
}

/// `cadence plan set MED --dose "50 mg" --moment breakfast ...`
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The medication: its name, or the start of its name or id.
    medication: String,
    /// The dose each time, e.g. "50 mg" or "1 tablet".
    #[arg(long)]
    dose: String,
    #[command(flatten)]
    when: WhenArgs,
    /// Only when needed (no reminders).
    #[arg(long)]
    as_needed: bool,
    /// As needed: at most this many doses in any 24 hours.
    #[arg(long)]
    max_per_day: Option<u32>,
    /// As needed: at least this many hours between doses.
    #[arg(long)]
    min_hours_apart: Option<u32>,
    /// Only on these weekdays, comma-separated (mon, tue, ...).
    #[arg(long, value_delimiter = ',')]
    days: Vec<String>,
    /// Every N days (2: every other day), from --from.
    #[arg(long)]
    every_days: Option<u32>,
    /// First day, YYYY-MM-DD (default: today).
    #[arg(long)]
    from: Option<String>,
    /// Last day, YYYY-MM-DD (default: open-ended).
    #[arg(long)]
    until: Option<String>,
}

/// `cadence plan titrate MED --moment breakfast --step 2027-03-01=25mg --step 2027-03-15=50mg`
#[derive(Debug, Args)]
pub struct TitrateArgs {
    /// The medication: its name, or the start of its name or id.
    medication: String,
    #[command(flatten)]
    when: WhenArgs,
    /// A step: DATE=DOSE, e.g. 2027-03-01=25mg or "2027-03-15=50 mg"
    /// (repeatable, at least two, in date order; each lasts until the next).
    #[arg(long = "step", required = true)]
    steps: Vec<String>,
    /// Last day of the last step (default: open-ended).
    #[arg(long)]
    until: Option<String>,
}

fn core(e: cadence_core::Error) -> String {
    e.to_string()
}

/// "50 mg", "50mg", "1 tablet".
fn dose(field: &str, s: &str) -> Result<Dose, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(|| format!("--{field}: expected an amount and a unit, e.g. \"50 mg\""))?;
    let (amount, unit) = s.split_at(split);
    let amount: f64 = amount
        .parse()
        .map_err(|_| format!("--{field}: \"{s}\" does not start with an amount, e.g. \"50 mg\""))?;
    let unit = unit.trim();
    if unit.is_empty() {
        return Err(format!("--{field}: give the unit, e.g. \"50 mg\""));
    }
    Ok(Dose::new(amount, unit))
}

/// A routine moment as people say it.
fn moment(s: &str) -> Result<EventTiming, String> {
    Ok(match s.trim().to_ascii_lowercase().as_str() {
        "wake" | "waking" => EventTiming::Wake,
        "breakfast" => EventTiming::Cm,
        "lunch" => EventTiming::Cd,
        "dinner" => EventTiming::Cv,
        "bedtime" | "bed" => EventTiming::Hs,
        "morning" => EventTiming::Morn,
        "afternoon" => EventTiming::Aft,
        "evening" => EventTiming::Eve,
        "night" => EventTiming::Night,
        other => {
            return Err(format!(
            "--moment: unknown moment \"{other}\"; one of: wake, breakfast, lunch, dinner, bedtime, \
                 morning, afternoon, evening, night"
        ))
        }
    })
}

impl WhenArgs {
    fn moments(&self) -> Result<Vec<EventTiming>, String> {
        self.moments.iter().map(|m| moment(m)).collect()
    }

    fn clock(&self) -> Result<Vec<chrono::NaiveTime>, String> {
        self.times
            .iter()
            .map(|t| parse_time("times", t.trim()).map_err(core))
            .collect()
    }

    fn timing(&self) -> Result<Timing, String> {
        match (self.moments()?, self.clock()?) {
            (m, t) if !m.is_empty() && t.is_empty() => Ok(Timing::daily_when(&m, None)),
            (m, t) if m.is_empty() && !t.is_empty() => Ok(Timing::daily_at(&t)),
            (m, _) if m.is_empty() => Err(
                "say when: --moment breakfast (routine moments) or --times 08:00 (clock times)"
                    .into(),
            ),
            _ => Err(
                "give either --moment (routine moments) or --times (clock times), not both".into(),
            ),
        }
    }
}

fn weekday(s: &str) -> Result<DayOfWeek, String> {
    let code = s.trim().to_ascii_lowercase();
    DayOfWeek::from_code("days", &code[..code.len().min(3)]).map_err(core)
}

/// Runs `cadence plan set`.
pub fn set(ctx: &Ctx, a: SetArgs) -> Result<(), String> {
    let med = crate::names::med_id(ctx, &a.medication)?;
    let start = match &a.from {
        Some(d) => parse_date("from", d).map_err(core)?,
        None => ctx.today()?,
    };
    let times = if a.as_needed {
        if !a.when.moments.is_empty() || !a.when.times.is_empty() {
            return Err("--as-needed takes no --moment or --times".into());
        }
        FormTimes::AsNeeded {
            max_per_day: a.max_per_day,
            min_hours_apart: a.min_hours_apart,
        }
    } else {
        if a.max_per_day.is_some() || a.min_hours_apart.is_some() {
            return Err("--max-per-day and --min-hours-apart are for --as-needed plans".into());
        }
        let (m, t) = (a.when.moments()?, a.when.clock()?);
        a.when.timing()?;
        if m.is_empty() {
            FormTimes::AtClockTimes { clock_times: t }
        } else {
            FormTimes::AtMoments { moments: m }
        }
    };
    let days = match (a.days.is_empty(), a.every_days) {
        (true, None) => FormDays::EveryDay,
        (false, None) => FormDays::OnWeekdays {
            weekdays: a
                .days
                .iter()
                .map(|d| weekday(d))
                .collect::<Result<_, _>>()?,
        },
        (true, Some(every)) => FormDays::EveryNDays { every, start },
        (false, Some(_)) => return Err("give --days or --every-days, not both".into()),
    };
    let form = PlanForm {
        dose: dose("dose", &a.dose)?,
        times,
        days,
        start: Some(start),
        end: a
            .until
            .as_ref()
            .map(|d| parse_date("until", d))
            .transpose()
            .map_err(core)?,
    };
    let input = cadence_ffi::plan_from_form(form).map_err(|e| e.to_string())?;
    // A prescription imported as text only gets its schedule here (the same
    // plan, so Today stops asking for one); otherwise a new plan is added.
    let waiting = ctx
        .app
        .plans(med.clone())
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|p| p.prescribed.as_ref().is_some_and(|x| x.needs_schedule));
    if let Some(p) = waiting {
        let plan = ctx
            .app
            .update_plan(p.id, input, start, Some(ctx.now))
            .map_err(|e| e.to_string())?;
        print(ctx, &plan, &format!("Schedule set: {}.", plan_words(&plan)));
        return Ok(());
    }
    let plan = ctx
        .app
        .add_plan(med, input, Some(ctx.now))
        .map_err(|e| e.to_string())?;
    print(ctx, &plan, &format!("Plan added: {}.", plan_words(&plan)));
    Ok(())
}

/// Runs `cadence plan titrate`.
pub fn titrate(ctx: &Ctx, a: TitrateArgs) -> Result<(), String> {
    let med = crate::names::med_id(ctx, &a.medication)?;
    let timing = a.when.timing()?;
    let steps = a
        .steps
        .iter()
        .map(|s| {
            let (date, amount) = s.split_once('=').ok_or_else(|| {
                format!("--step \"{s}\": expected DATE=DOSE, e.g. 2027-03-01=25mg")
            })?;
            Ok(StepEntry {
                start: parse_date("step", date.trim()).map_err(core)?,
                dose: dose("step", amount)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let end = a
        .until
        .as_ref()
        .map(|d| parse_date("until", d))
        .transpose()
        .map_err(core)?;
    let input = titration_plan(&timing, &steps, end).map_err(core)?;
    let plan = ctx
        .app
        .add_plan(med, input, Some(ctx.now))
        .map_err(|e| e.to_string())?;
    print(ctx, &plan, &format!("Plan added: {}.", plan_words(&plan)));
    Ok(())
}
