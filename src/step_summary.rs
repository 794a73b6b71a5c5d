//! One line per planned step: what the plan list shows before a run.
use suite_engine::Step;

/// A step as the plan shows it. Every field is plain text, never HTML.
#[derive(Clone, Debug, PartialEq)]
pub struct StepSummary {
    /// The step type, for `data-step-type` and styling.
    pub kind: String,
    /// The method of a request, or the step type in words.
    pub label: String,
    /// The URL template, pause length or condition.
    pub target: String,
    pub note: String,
    /// Assertion count, "skipped" or "not supported".
    pub badge: String,
    /// Seconds a pause waits, when honoured.
    pub pause_seconds: Option<f64>,
}

pub fn summarize(step: &Step) -> StepSummary {
    let (label, target, badge, pause_seconds) = match step {
        Step::Request(r) => {
            let method = if r.method.trim().is_empty() {
                "GET"
            } else {
                r.method.trim()
            };
            (
                method.to_uppercase(),
                r.url.clone(),
                count(r.assertions.len(), "assertion"),
                None,
            )
        }
        Step::Pause(p) => (
            "Pause".into(),
            format!("{} s", p.duration),
            String::new(),
            Some(p.duration),
        ),
        Step::Condition(c) => (
            "Condition".into(),
            format!("{} {} {}", c.left_value, c.comparison, c.right_value),
            count(c.steps.len(), "nested step"),
            None,
        ),
        Step::Subtest(_) => (
            "Subtest".into(),
            String::new(),
            "not supported".into(),
            None,
        ),
        Step::GhostInspector(_) => (
            "Ghost Inspector".into(),
            String::new(),
            "not supported".into(),
            None,
        ),
        Step::Unknown { step_type, .. } => (
            step_type.clone(),
            String::new(),
            "not supported".into(),
            None,
        ),
    };
    let badge = if step.skipped() {
        "skipped".into()
    } else {
        badge
    };
    StepSummary {
        kind: step.step_type().to_string(),
        label,
        target,
        note: step.note().to_string(),
        badge,
        pause_seconds: pause_seconds.filter(|_| !step.skipped()),
    }
}

fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}
