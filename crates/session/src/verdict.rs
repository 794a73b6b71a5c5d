//! The verdict: the one line a tester reads first, in words, counting tests (requests), not
//! pauses, and in Okta's terms where the suite marks required and optional tests.

use suite_engine::{Counts, RunOutcome, Summary};

/// How the run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerdictKind {
    Running,
    Passed,
    Failed,
    Cancelled,
}

impl VerdictKind {
    /// For `data-verdict` and styling.
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Running => "running",
            VerdictKind::Passed => "pass",
            VerdictKind::Failed => "fail",
            VerdictKind::Cancelled => "cancelled",
        }
    }
}

/// The verdict in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// `Passed`, `Failed`, `Cancelled`, `Running…`.
    pub headline: String,
    /// `12 requests: 11 passed, 1 failed · 11 pauses skipped (60 s)`.
    pub counts: String,
    /// `11 of 11 required tests passed; 1 optional test failed`, when the suite marks them.
    pub required: Option<String>,
    /// `2 of 3 tests passed`, when the run held several tests (a bucket export).
    pub tests: Option<String>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn seconds(ms: f64) -> String {
    let s = ms / 1000.0;
    if (s - s.round()).abs() < 0.05 {
        format!("{:.0} s", s.round())
    } else {
        format!("{s:.1} s")
    }
}

/// `11 passed, 1 failed, 2 no response` (zero counts left out, `none ran` when all are).
fn outcomes(c: &Counts) -> String {
    let parts: Vec<String> = [
        (c.passed, "passed"),
        (c.failed, "failed"),
        (c.errored, "no response"),
        (c.skipped, "skipped"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if parts.is_empty() {
        "none ran".into()
    } else {
        parts.join(", ")
    }
}

fn pauses(summary: &Summary) -> Option<String> {
    let p = &summary.pauses;
    let mut parts = Vec::new();
    if p.waited > 0 {
        parts.push(format!(
            "{} waited ({})",
            plural(p.waited, "pause", "pauses"),
            seconds(p.waited_ms)
        ));
    }
    if p.skipped > 0 {
        parts.push(format!(
            "{} skipped ({})",
            plural(p.skipped, "pause", "pauses"),
            seconds(p.skipped_ms)
        ));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn required_line(summary: &Summary) -> Option<String> {
    let required = summary.required.as_ref()?;
    let mut line = format!(
        "{} of {} passed",
        required.passed,
        plural(required.total, "required test", "required tests")
    );
    if let Some(optional) = &summary.optional {
        let bad = optional.failed + optional.errored;
        line.push_str("; ");
        if bad > 0 {
            line.push_str(&format!(
                "{} failed",
                plural(bad, "optional test", "optional tests")
            ));
        } else {
            line.push_str(&format!(
                "{} of {} passed",
                optional.passed,
                plural(optional.total, "optional test", "optional tests")
            ));
        }
    }
    Some(line)
}

/// The verdict for `summary`; `outcome` is `None` while the run is going.
pub fn verdict(summary: &Summary, outcome: Option<RunOutcome>) -> Verdict {
    let requests = &summary.requests;
    let kind = match outcome {
        None => VerdictKind::Running,
        Some(RunOutcome::Cancelled) => VerdictKind::Cancelled,
        Some(RunOutcome::Failed) => VerdictKind::Failed,
        Some(RunOutcome::Passed) => VerdictKind::Passed,
    };
    let headline = match kind {
        VerdictKind::Running => "Running…".to_string(),
        VerdictKind::Passed => "Passed".to_string(),
        VerdictKind::Failed => "Failed".to_string(),
        VerdictKind::Cancelled => format!(
            "Cancelled after {} of {}",
            requests.ran(),
            plural(requests.total, "request", "requests")
        ),
    };
    // A cancelled run counts only what ran.
    let shown = match kind {
        VerdictKind::Cancelled | VerdictKind::Running => Counts {
            total: requests.ran(),
            skipped: 0,
            cancelled: 0,
            ..*requests
        },
        _ => *requests,
    };
    let mut counts = format!(
        "{}: {}",
        plural(shown.total, "request", "requests"),
        outcomes(&shown)
    );
    if let Some(p) = pauses(summary) {
        counts.push_str(" · ");
        counts.push_str(&p);
    }
    Verdict {
        kind,
        headline,
        counts,
        required: required_line(summary),
        tests: None,
    }
}
