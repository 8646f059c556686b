//! `cadence med import FILE` and `cadence med export ID`: prescriptions as
//! FHIR R4 MedicationRequests.

use clap::Args;

use cadence_core::schedule::DosingPlan;
use cadence_core::time::parse_date;
use cadence_ffi::{plan_dose_words, ImportedMedication};

use crate::output::{line, print};
use crate::Ctx;

/// `med import` arguments.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A FHIR R4 MedicationRequest JSON file.
    pub file: String,
    /// The local date the plans start (default: the request's validity
    /// start or authoredOn, else today). "For 4 days" counts from it.
    #[arg(long)]
    pub start: Option<String>,
}

fn plan_line(p: &DosingPlan) -> String {
    let pr = p.prescribed.as_ref();
    let text = pr.and_then(|x| x.text.as_deref()).unwrap_or("");
    if p.needs_schedule() {
        return format!(
            "  plan {}: needs a schedule (no reminders): \"{text}\"",
            p.id
        );
    }
    let mut s = if p.steps.is_empty() {
        format!("  plan {}: {}", p.id, plan_dose_words(p.clone()))
    } else {
        let steps: Vec<String> = p
            .steps
            .iter()
            .map(|st| {
                let words = cadence_core::schedule::dose_words(&st.dose, None);
                match st.days {
                    Some(d) => format!("{words} for {d} days"),
                    None => format!("{words} from then on"),
                }
            })
            .collect();
        format!("  plan {}: steps {}", p.id, steps.join(", then "))
    };
    if p.as_needed.is_some() {
        s.push_str(", as needed");
    }
    if let Some(start) = p.start {
        s.push_str(&format!(", from {start}"));
    }
    if let Some(end) = p.end {
        s.push_str(&format!(" to {end}"));
    }
    if !text.is_empty() {
        s.push_str(&format!(" (\"{text}\")"));
    }
    s
}

/// `cadence med import FILE [--start DATE]`
pub fn import(ctx: &Ctx, args: ImportArgs) -> Result<(), String> {
    let text = std::fs::read_to_string(&args.file).map_err(|e| format!("{}: {e}", args.file))?;
    let start = args
        .start
        .as_deref()
        .map(|s| parse_date("start", s))
        .transpose()
        .map_err(|e| e.to_string())?;
    let ImportedMedication { medication, plans } = ctx
        .app
        .import_medication_request(text, start, Some(ctx.now))
        .map_err(|e| e.to_string())?;
    let mut out = format!("imported {} ({})", medication.name, medication.id);
    for p in &plans {
        out.push('\n');
        out.push_str(&plan_line(p));
    }
    print(
        ctx,
        &serde_json::json!({ "medication": medication, "plans": plans }),
        &out,
    );
    Ok(())
}

/// `cadence med export ID`: the MedicationRequest JSON.
pub fn export(ctx: &Ctx, id: String) -> Result<(), String> {
    let json = ctx.app.medication_request(id).map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    line(&serde_json::to_string_pretty(&v).expect("serialisable"));
    Ok(())
}
