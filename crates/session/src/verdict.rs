//! The verdict: the one line a tester reads first, in words, counting tests (requests), not
//! pauses, and in Okta's terms where the suite marks required and optional tests; for a run
//! of several tests (a bucket export), their counts added up and "2 of 3 tests passed".

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

/// The verdict of a run of one or more tests, as the page and every export word it: the
/// tests' counts added up, the run cancelled if any test was, else failed if any failed, and
/// for several tests `2 of 3 tests passed`. `tests` gives each test's summary and outcome
/// (`None` while it runs or waits); while `running` the verdict is `Running…`.
///
/// # Example
/// ```
/// use suite_engine::{RunOutcome, Summary};
/// let (a, b) = (Summary::default(), Summary::default());
/// let v = session::run_verdict([(&a, Some(RunOutcome::Passed)), (&b, Some(RunOutcome::Failed))], false);
/// assert_eq!(v.headline, "Failed");
/// assert_eq!(v.tests.as_deref(), Some("1 of 2 tests passed"));
/// ```
pub fn run_verdict<'a>(
    tests: impl IntoIterator<Item = (&'a Summary, Option<RunOutcome>)>,
    running: bool,
) -> Verdict {
    let tests: Vec<(&Summary, Option<RunOutcome>)> = tests.into_iter().collect();
    let summary = summed(tests.iter().map(|(s, _)| *s));
    let outcome = (!running).then(|| overall_outcome(tests.iter().filter_map(|(_, o)| *o)));
    let mut v = verdict(&summary, outcome);
    if tests.len() > 1 {
        let passed = tests
            .iter()
            .filter(|(_, o)| *o == Some(RunOutcome::Passed))
            .count();
        v.tests = Some(format!("{passed} of {} tests passed", tests.len()));
    }
    v
}

/// How a run of several tests ended: cancelled if any test was, else failed if any failed.
pub(crate) fn overall_outcome(outcomes: impl IntoIterator<Item = RunOutcome>) -> RunOutcome {
    outcomes
        .into_iter()
        .fold(RunOutcome::Passed, |worst, o| match (worst, o) {
            (RunOutcome::Cancelled, _) | (_, RunOutcome::Cancelled) => RunOutcome::Cancelled,
            (RunOutcome::Failed, _) | (_, RunOutcome::Failed) => RunOutcome::Failed,
            _ => RunOutcome::Passed,
        })
}

/// Several tests' counts added up.
pub(crate) fn summed<'a>(summaries: impl IntoIterator<Item = &'a Summary>) -> Summary {
    let mut all = Summary::default();
    for s in summaries {
        add_summary(&mut all, s);
    }
    all
}

fn add_counts(into: &mut Counts, c: &Counts) {
    into.total += c.total;
    into.passed += c.passed;
    into.failed += c.failed;
    into.errored += c.errored;
    into.skipped += c.skipped;
    into.cancelled += c.cancelled;
}

fn add_summary(into: &mut Summary, s: &Summary) {
    add_counts(&mut into.steps, &s.steps);
    add_counts(&mut into.assertions, &s.assertions);
    add_counts(&mut into.script_assertions, &s.script_assertions);
    add_counts(&mut into.requests, &s.requests);
    into.pauses.total += s.pauses.total;
    into.pauses.waited += s.pauses.waited;
    into.pauses.waited_ms += s.pauses.waited_ms;
    into.pauses.skipped += s.pauses.skipped;
    into.pauses.skipped_ms += s.pauses.skipped_ms;
    for (mine, theirs) in [
        (&mut into.required, &s.required),
        (&mut into.optional, &s.optional),
    ] {
        if let Some(c) = theirs {
            add_counts(mine.get_or_insert_with(Counts::default), c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(passed: usize, failed: usize, required: Option<(usize, usize)>) -> Summary {
        Summary {
            requests: Counts {
                total: passed + failed,
                passed,
                failed,
                ..Counts::default()
            },
            required: required.map(|(passed, total)| Counts {
                total,
                passed,
                failed: total - passed,
                ..Counts::default()
            }),
            ..Summary::default()
        }
    }

    #[test]
    fn several_tests_add_up_and_the_worst_outcome_wins() {
        let (a, b, c) = (
            summary(2, 0, Some((2, 2))),
            summary(1, 1, Some((1, 2))),
            summary(1, 0, None),
        );
        let v = run_verdict(
            [
                (&a, Some(RunOutcome::Passed)),
                (&b, Some(RunOutcome::Failed)),
                (&c, Some(RunOutcome::Passed)),
            ],
            false,
        );
        assert_eq!(v.kind, VerdictKind::Failed);
        assert_eq!(v.tests.as_deref(), Some("2 of 3 tests passed"));
        assert_eq!(v.counts, "5 requests: 4 passed, 1 failed");
        assert_eq!(v.required.as_deref(), Some("3 of 4 required tests passed"));

        let cancelled = run_verdict(
            [
                (&b, Some(RunOutcome::Failed)),
                (&c, Some(RunOutcome::Cancelled)),
            ],
            false,
        );
        assert_eq!(cancelled.kind, VerdictKind::Cancelled);
        let running = run_verdict([(&a, Some(RunOutcome::Passed)), (&c, None)], true);
        assert_eq!(running.headline, "Running…");
        assert_eq!(running.tests.as_deref(), Some("1 of 2 tests passed"));
    }

    #[test]
    fn one_test_is_its_own_verdict() {
        let a = summary(1, 1, Some((1, 2)));
        assert_eq!(
            run_verdict([(&a, Some(RunOutcome::Failed))], false),
            verdict(&a, Some(RunOutcome::Failed))
        );
    }
}
