//! Small helpers to read FHIR JSON with errors that name the path.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

pub(super) type Obj = Map<String, Value>;

pub(super) fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Obj> {
    v.as_object()
        .ok_or_else(|| Error::invalid(path, "must be a JSON object"))
}

pub(super) fn join(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

/// Refuses elements outside `allowed` (plus `id`, `extension`) and any
/// `modifierExtension` unless `allow_modifier` is set.
pub(super) fn check_keys(
    o: &Obj,
    path: &str,
    allowed: &[&str],
    allow_modifier: bool,
) -> Result<()> {
    for k in o.keys() {
        let ok = allowed.contains(&k.as_str())
            || k == "id"
            || k == "extension"
            || (allow_modifier && k == "modifierExtension");
        if !ok {
            let reason = if k == "modifierExtension" {
                "an unknown modifier extension changes the meaning: refused"
            } else {
                "unknown or unsupported element"
            };
            return Err(Error::invalid(join(path, k), reason));
        }
    }
    Ok(())
}

pub(super) fn number(o: &Obj, key: &str, path: &str) -> Result<Option<f64>> {
    match o.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| Error::invalid(join(path, key), "must be a number")),
    }
}

/// A FHIR `positiveInt` (`positive`) or `unsignedInt`.
pub(super) fn integer(o: &Obj, key: &str, path: &str, positive: bool) -> Result<Option<u32>> {
    let Some(v) = o.get(key) else { return Ok(None) };
    let field = join(path, key);
    let kind = if positive {
        "positiveInt"
    } else {
        "unsignedInt"
    };
    if let Some(i) = v.as_i64() {
        if i < 0 {
            return Err(Error::invalid(
                field,
                format!("must not be negative ({kind})"),
            ));
        }
        if positive && i == 0 {
            return Err(Error::invalid(field, "must be at least 1 (positiveInt)"));
        }
        return u32::try_from(i)
            .map(Some)
            .map_err(|_| Error::invalid(field, "is too large"));
    }
    if v.as_f64().is_some_and(|f| f < 0.0) {
        return Err(Error::invalid(
            field,
            format!("must not be negative ({kind})"),
        ));
    }
    Err(Error::invalid(
        field,
        format!("must be a whole number ({kind})"),
    ))
}

pub(super) fn string<'a>(o: &'a Obj, key: &str, path: &str) -> Result<Option<&'a str>> {
    match o.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_str()
            .map(Some)
            .ok_or_else(|| Error::invalid(join(path, key), "must be a string")),
    }
}

pub(super) fn boolean(o: &Obj, key: &str, path: &str) -> Result<Option<bool>> {
    match o.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| Error::invalid(join(path, key), "must be true or false")),
    }
}

pub(super) fn array<'a>(o: &'a Obj, key: &str, path: &str) -> Result<&'a [Value]> {
    match o.get(key) {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(Error::invalid(join(path, key), "must be a JSON array")),
    }
}

/// A JSON number for a FHIR decimal: whole numbers are written as integers.
pub(super) fn decimal(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

/// Rewrites a model path (`timing.repeat.period_max`) to FHIR names
/// (`timing.repeat.periodMax`).
pub(super) fn fhir_path(e: Error) -> Error {
    match e {
        Error::InvalidInput { field, reason } => {
            let mut out = String::with_capacity(field.len());
            let mut up = false;
            for c in field.chars() {
                if c == '_' {
                    up = true;
                } else if up {
                    out.extend(c.to_uppercase());
                    up = false;
                } else {
                    out.push(c);
                }
            }
            Error::invalid(out, reason)
        }
        other => other,
    }
}
