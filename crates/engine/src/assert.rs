//! Assertions: the 15 comparisons, each its own `eval_*` behind one `match`.
//!
//! Values are compared through their text form: strings as they are, numbers shortest (`1`,
//! not `1.0`), booleans `true`/`false`, `null` as empty, lists and objects as compact JSON.
//! When the source has no value (a missing path, a body that is not JSON) every comparison
//! fails except `empty`, `not_equal` and `does_not_contain`, and the message says why.

use serde_json::Value;

use crate::comparison::Comparison;
use crate::lenient::number_text;
use crate::model::Assertion;
use crate::result::{AssertionOutcome, AssertionResult};
use crate::source::{self, Read, Received};

/// The actual side of a comparison.
pub(crate) enum Actual<'a> {
    Value(&'a Value),
    /// No value, and why.
    Missing(&'a str),
}

/// Pass, or fail with one sentence.
pub(crate) type Verdict = Result<(), String>;

/// The text form of a value.
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => number_text(n),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value or text as a number, if it is one.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => parse_number(s),
        _ => None,
    }
}

fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let numeric = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'));
    numeric.then(|| t.parse::<f64>().ok()).flatten()
}

/// Quotes a text for a message, shortened when long.
fn q(s: &str) -> String {
    const MAX: usize = 120;
    if s.chars().count() <= MAX {
        format!("\"{s}\"")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("\"{head}…\"")
    }
}

/// Describes an actual value for a message.
fn shown(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Number(n) => number_text(n),
        Value::Bool(b) => b.to_string(),
        Value::Array(a) if a.is_empty() => "an empty list".into(),
        Value::Object(o) if o.is_empty() => "an empty object".into(),
        Value::Array(_) | Value::Object(_) => {
            let json = v.to_string();
            let quoted = q(&json);
            quoted[1..quoted.len() - 1].to_string()
        }
        other => q(&text(other)),
    }
}

/// Evaluates one comparison; one that is unknown cannot pass.
pub(crate) fn eval(c: &Comparison, actual: &Actual<'_>, expected: &str) -> Verdict {
    use Comparison::*;
    match c {
        Equal => eval_equal(actual, expected),
        NotEqual => eval_not_equal(actual, expected),
        Empty => eval_empty(actual),
        NotEmpty => eval_not_empty(actual),
        Contains => eval_contains(actual, expected),
        DoesNotContain => eval_does_not_contain(actual, expected),
        IsANumber => eval_is_a_number(actual),
        EqualNumber => eval_number(actual, expected, "equal to", |a, e| a == e),
        IsLessThan => eval_number(actual, expected, "less than", |a, e| a < e),
        IsLessThanOrEqual => eval_number(actual, expected, "at most", |a, e| a <= e),
        IsGreaterThan => eval_number(actual, expected, "greater than", |a, e| a > e),
        IsGreaterThanOrEqual => eval_number(actual, expected, "at least", |a, e| a >= e),
        HasKey => eval_has_key(actual, expected),
        HasValue => eval_has_value(actual, expected),
        IsNull => eval_is_null(actual),
        Missing | Unknown(_) => Err(c.problem().unwrap_or_default()),
    }
}

fn eval_equal(actual: &Actual<'_>, expected: &str) -> Verdict {
    match actual {
        Actual::Missing(why) => Err(format!("expected {}, but {why}", q(expected))),
        Actual::Value(v) if text(v) == expected => Ok(()),
        Actual::Value(v) => Err(format!("expected {}, got {}", q(expected), shown(v))),
    }
}

fn eval_not_equal(actual: &Actual<'_>, expected: &str) -> Verdict {
    match eval_equal(actual, expected) {
        Ok(()) => Err(format!(
            "expected anything but {}, got exactly that",
            q(expected)
        )),
        Err(_) => Ok(()),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn eval_empty(actual: &Actual<'_>) -> Verdict {
    match actual {
        Actual::Value(v) if !is_empty(v) => {
            Err(format!("expected an empty value, got {}", shown(v)))
        }
        _ => Ok(()),
    }
}

fn eval_not_empty(actual: &Actual<'_>) -> Verdict {
    match actual {
        Actual::Missing(why) => Err(format!("expected a value, but {why}")),
        Actual::Value(v) if is_empty(v) => Err(format!("expected a value, got {}", shown(v))),
        Actual::Value(_) => Ok(()),
    }
}

fn contains(v: &Value, expected: &str) -> bool {
    match v {
        Value::String(s) => s.contains(expected),
        Value::Array(items) => items.iter().any(|i| text(i) == expected),
        Value::Object(o) => o.contains_key(expected),
        Value::Null => false,
        other => text(other).contains(expected),
    }
}

fn eval_contains(actual: &Actual<'_>, expected: &str) -> Verdict {
    match actual {
        Actual::Missing(why) => Err(format!(
            "expected something containing {}, but {why}",
            q(expected)
        )),
        Actual::Value(v) if contains(v, expected) => Ok(()),
        Actual::Value(v @ Value::Array(_)) => Err(format!(
            "expected a list with an element {}, got {}",
            q(expected),
            shown(v)
        )),
        Actual::Value(v @ Value::Object(_)) => Err(format!(
            "expected an object with the key {}, got {}",
            q(expected),
            shown(v)
        )),
        Actual::Value(v) => Err(format!("expected {} to contain {}", shown(v), q(expected))),
    }
}

fn eval_does_not_contain(actual: &Actual<'_>, expected: &str) -> Verdict {
    match actual {
        Actual::Value(v) if contains(v, expected) => Err(format!(
            "expected {} not to contain {}",
            shown(v),
            q(expected)
        )),
        _ => Ok(()),
    }
}

fn eval_is_a_number(actual: &Actual<'_>) -> Verdict {
    match actual {
        Actual::Missing(why) => Err(format!("expected a number, but {why}")),
        Actual::Value(v) if number(v).is_some() => Ok(()),
        Actual::Value(v) => Err(format!("expected a number, got {}", shown(v))),
    }
}

fn eval_number(
    actual: &Actual<'_>,
    expected: &str,
    relation: &str,
    holds: fn(f64, f64) -> bool,
) -> Verdict {
    let Some(e) = parse_number(expected) else {
        return Err(format!(
            "the expected value {} is not a number",
            q(expected)
        ));
    };
    let want = format!("a number {relation} {}", number_text_f(e));
    match actual {
        Actual::Missing(why) => Err(format!("expected {want}, but {why}")),
        Actual::Value(v) => match number(v) {
            None => Err(format!(
                "expected {want}, got {}, which is not a number",
                shown(v)
            )),
            Some(a) if holds(a, e) => Ok(()),
            Some(a) => Err(format!("expected {want}, got {}", number_text_f(a))),
        },
    }
}

fn number_text_f(f: f64) -> String {
    crate::lenient::float_text(f)
}

fn eval_has_key(actual: &Actual<'_>, expected: &str) -> Verdict {
    match actual {
        Actual::Missing(why) => Err(format!(
            "expected an object with the key {}, but {why}",
            q(expected)
        )),
        Actual::Value(Value::Object(o)) if o.contains_key(expected) => Ok(()),
        Actual::Value(v) => Err(format!(
            "expected an object with the key {}, got {}",
            q(expected),
            shown(v)
        )),
    }
}

fn eval_has_value(actual: &Actual<'_>, expected: &str) -> Verdict {
    let found = match actual {
        Actual::Missing(why) => {
            return Err(format!(
                "expected a list or object holding {}, but {why}",
                q(expected)
            ))
        }
        Actual::Value(Value::Array(items)) => items.iter().any(|i| text(i) == expected),
        Actual::Value(Value::Object(o)) => o.values().any(|i| text(i) == expected),
        Actual::Value(_) => false,
    };
    match actual {
        Actual::Value(v) if !found => Err(format!(
            "expected a list or object holding {}, got {}",
            q(expected),
            shown(v)
        )),
        _ => Ok(()),
    }
}

fn eval_is_null(actual: &Actual<'_>) -> Verdict {
    match actual {
        Actual::Missing(why) => Err(format!("expected null, but {why}")),
        Actual::Value(Value::Null) => Ok(()),
        Actual::Value(v) => Err(format!("expected null, got {}", shown(v))),
    }
}

/// Checks one assertion against a response; `expected` is the rendered `value`.
pub(crate) fn check(a: &Assertion, expected: Option<String>, r: &Received<'_>) -> AssertionResult {
    let mut result = AssertionResult {
        source: a.source.clone(),
        property: a.property.clone(),
        comparison: a.comparison.clone(),
        expected,
        actual: None,
        actual_missing: None,
        outcome: AssertionOutcome::Pass,
        message: None,
    };
    if let Some(e) = a.comparison.problem() {
        return result.error(e);
    }
    let read = source::read(&a.source, &a.property, r);
    let actual = match &read {
        Read::Error(e) => return result.error(e.clone()),
        Read::Missing(why) => {
            result.actual_missing = Some(why.clone());
            Actual::Missing(why)
        }
        Read::Value(v) => {
            result.actual = Some(text(v));
            Actual::Value(v)
        }
    };
    if let Err(message) = eval(
        &a.comparison,
        &actual,
        result.expected.as_deref().unwrap_or(""),
    ) {
        result.outcome = AssertionOutcome::Fail;
        result.message = Some(message);
    }
    result
}

/// Compares two rendered texts (a condition step).
pub(crate) fn compare(comparison: &Comparison, left: &str, right: &str) -> Result<bool, String> {
    if let Some(e) = comparison.problem() {
        return Err(e);
    }
    let v = Value::from(left);
    Ok(eval(comparison, &Actual::Value(&v), right).is_ok())
}

#[cfg(test)]
mod tests;
