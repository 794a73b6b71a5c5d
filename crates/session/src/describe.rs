//! Assertions and steps in words: "JSON `Resources[0].id` is not empty", and the one line a
//! failed row shows ("Status: expected 409, got 201"). The file format's own terms stay
//! available beside these, for the tester who wants them.

use suite_engine::{AssertionOutcome, AssertionResult, Source, StepOutcome, StepResult};

/// What an assertion reads: `Status`, `Header Location`, `JSON Resources[0].id`.
pub fn subject(a: &AssertionResult) -> String {
    let property = a.property.trim();
    match a.source {
        Source::Json if property.is_empty() => "The JSON body".into(),
        ref s if s.takes_property() && !property.is_empty() => format!("{} {property}", s.label()),
        ref s => s.label().to_string(),
    }
}

/// The unit a source's numbers are in.
fn unit(source: &Source) -> &'static str {
    match source {
        Source::Time => " ms",
        Source::Size => " bytes",
        _ => "",
    }
}

/// The assertion as a sentence: `Status equals 200`, `Response time is less than
/// 600 ms`, `JSON schemas has the value "urn:x"`.
pub fn sentence(a: &AssertionResult) -> String {
    let subject = subject(a);
    let verb = a.comparison.phrase();
    match &a.expected {
        Some(e) if a.comparison.takes_value() => {
            let shown = if e.trim().parse::<f64>().is_ok() {
                format!("{e}{}", unit(&a.source))
            } else {
                format!("\"{e}\"")
            };
            format!("{subject} {verb} {shown}")
        }
        _ => format!("{subject} {verb}"),
    }
}

/// The raw terms as the file writes them: `response_json · Resources[0].id · not_empty`.
pub fn raw_terms(a: &AssertionResult) -> String {
    [
        a.source.as_str(),
        a.property.as_str(),
        a.comparison.as_str(),
    ]
    .iter()
    .filter(|t| !t.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// Why a failed or errored step failed, in one line: its first failing assertion, else the
/// failure's title, else its reason.
pub fn row_reason(step: &StepResult) -> Option<String> {
    match step.outcome {
        StepOutcome::Fail => {
            let first = step
                .assertions
                .iter()
                .find(|a| matches!(a.outcome, AssertionOutcome::Fail | AssertionOutcome::Error));
            if let Some(a) = first {
                let why = a.message.clone().unwrap_or_else(|| "did not hold".into());
                return Some(format!("{}: {why}", subject(a)));
            }
            let script = step
                .scripts
                .iter()
                .flat_map(|s| &s.assertions)
                .find(|a| !a.passed);
            if let Some(a) = script {
                return Some(format!("Script assertion: {}", a.message));
            }
            if let Some(e) = step.scripts.iter().find_map(|s| s.error.as_ref()) {
                return Some(format!("Script: {e}"));
            }
            step.reason.clone()
        }
        StepOutcome::Error => Some(match &step.failure {
            Some(f) => f.kind.title().to_string(),
            None => step.reason.clone().unwrap_or_else(|| "No response".into()),
        }),
        _ => None,
    }
}

/// A row's title: the step's note (its method and URL when it has none), and for one run
/// of a step that ran once per value, which value: `Duplicate the request … — /Roles`.
pub fn row_title(step: &StepResult) -> String {
    let title = if step.note.trim().is_empty() {
        step.request
            .as_ref()
            .map(|r| format!("{} {}", r.method, r.url))
            .unwrap_or_else(|| step.step_type.clone())
    } else {
        step.note.clone()
    };
    match &step.iteration {
        Some(i) => format!("{title} — {}", i.value),
        None => title,
    }
}

/// What tells rows apart: the step's number, and for a run per value its position
/// (`2`, `2#3`), since those rows share the number.
pub fn row_key(step: &StepResult) -> String {
    match &step.iteration {
        Some(i) => format!("{}#{}", step.number, i.index + 1),
        None => step.number.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assertion(
        source: &str,
        property: &str,
        comparison: &str,
        value: Option<&str>,
    ) -> AssertionResult {
        AssertionResult {
            source: source.into(),
            property: property.into(),
            comparison: comparison.into(),
            expected: value.map(str::to_string),
            actual: None,
            actual_missing: None,
            outcome: AssertionOutcome::Pass,
            message: None,
        }
    }

    #[test]
    fn assertions_read_as_sentences() {
        let cases = [
            (
                assertion("response_status", "", "equal_number", Some("200")),
                "Status equals 200",
            ),
            (
                assertion("response_json", "Resources[0].id", "not_empty", None),
                "JSON Resources[0].id is not empty",
            ),
            (
                assertion("response_time", "", "is_less_than", Some("600")),
                "Response time is less than 600 ms",
            ),
            (
                assertion("response_json", "schemas", "has_value", Some("urn:x")),
                "JSON schemas has the value \"urn:x\"",
            ),
            (
                assertion("response_headers", "Content-Type", "contains", Some("json")),
                "Header Content-Type contains \"json\"",
            ),
        ];
        for (a, want) in cases {
            assert_eq!(sentence(&a), want);
        }
        assert_eq!(
            raw_terms(&assertion("response_json", "a.b", "not_empty", None)),
            "response_json · a.b · not_empty"
        );
    }
}
