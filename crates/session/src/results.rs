//! What the results panel shows: the rows as steps finish, their counts, the progress of a
//! run, and where the results came from.

use std::sync::Arc;

use crate::rerun::Reruns;
use suite_engine::{RunOutcome, RunResult, ScriptResult, StepResult, Summary};

use crate::verdict::{overall_outcome, summed};

/// Where the results on screen came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A run in this page.
    Run,
    /// A result file the tester opened (its name), read-only.
    File(String),
    /// A share link, read-only.
    Link,
    /// The last results from before the page was reloaded, read-only.
    Restored,
}

impl Origin {
    /// Results from anywhere but a run in this page are read-only.
    pub fn is_read_only(&self) -> bool {
        *self != Origin::Run
    }
}

/// How far a run has got.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// Steps in the suite, nested ones included.
    pub total_steps: usize,
    /// Steps finished.
    pub done: usize,
    /// The running step's number and note.
    pub current: Option<(String, String)>,
    /// Milliseconds left in the pause being waited.
    pub pause_remaining_ms: Option<f64>,
    /// When the run started (the page's clock, milliseconds).
    pub started_ms: f64,
}

/// The rows shown, in run order: one shared list, replaced (never changed in place) when
/// rows arrive. Two `Rows` are equal when they are the same list, so a view can tell in
/// constant time whether the rows changed, whatever their number.
#[derive(Clone, Debug, Default)]
pub struct Rows(Arc<Vec<Arc<StepResult>>>);

impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Rows {
    type Target = [Arc<StepResult>];
    fn deref(&self) -> &[Arc<StepResult>] {
        &self.0
    }
}

impl Rows {
    fn with(&self, more: impl IntoIterator<Item = Arc<StepResult>>) -> Rows {
        let mut rows = Vec::with_capacity(self.0.len() + 16);
        rows.extend(self.0.iter().cloned());
        rows.extend(more);
        Rows(Arc::new(rows))
    }
}

impl FromIterator<Arc<StepResult>> for Rows {
    fn from_iter<I: IntoIterator<Item = Arc<StepResult>>>(iter: I) -> Rows {
        Rows(Arc::new(iter.into_iter().collect()))
    }
}

/// Where one test of a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestStatus {
    /// Not reached yet.
    Waiting,
    Running,
    Done,
    /// The run was cancelled before this test started.
    NotRun,
}

/// One test's results: one row per finished step, and their counts.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResults {
    /// The test's name.
    pub name: String,
    pub status: TestStatus,
    /// One row per step, in run order.
    pub rows: Rows,
    /// Counts of the rows, kept as they arrive.
    pub summary: Summary,
    /// What the initial script did before this test, once it ran.
    pub initial_script: Option<ScriptResult>,
    /// The test's whole result once it ended (or the opened one).
    pub result: Option<Arc<RunResult>>,
    /// What running its steps again needs, and the re-runs.
    pub reruns: Reruns,
}

impl TestResults {
    fn waiting(name: String) -> TestResults {
        TestResults {
            name,
            status: TestStatus::Waiting,
            rows: Rows::default(),
            summary: Summary::default(),
            initial_script: None,
            result: None,
            reruns: Reruns::default(),
        }
    }

    fn of(result: RunResult) -> TestResults {
        TestResults {
            name: result.suite.name.clone(),
            status: TestStatus::Done,
            rows: result.steps.iter().cloned().map(Arc::new).collect(),
            summary: result.summary,
            initial_script: result.environment.initial_script_result.clone(),
            result: Some(Arc::new(result)),
            reruns: Reruns::default(),
        }
    }

    /// How the test ended; `None` while it runs or waits.
    pub fn outcome(&self) -> Option<RunOutcome> {
        match self.status {
            TestStatus::NotRun => Some(RunOutcome::Cancelled),
            _ => self.result.as_ref().map(|r| r.outcome),
        }
    }

    pub(crate) fn add_rows(&mut self, rows: Vec<Arc<StepResult>>) {
        for row in &rows {
            self.summary.add(row);
        }
        self.rows = self.rows.with(rows);
    }

    /// The test ended with `result` (masked): it replaces the live rows, keeping each row
    /// whose step did not change, so only rows a later secret changed are drawn again.
    pub(crate) fn finish(&mut self, result: RunResult) {
        let rows = result
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| match self.rows.get(i) {
                Some(row) if **row == *step => row.clone(),
                _ => Arc::new(step.clone()),
            })
            .collect();
        self.rows = rows;
        self.summary = result.summary;
        if result.environment.initial_script_result.is_some() {
            self.initial_script = result.environment.initial_script_result.clone();
        }
        self.status = TestStatus::Done;
        self.result = Some(Arc::new(result));
    }
}

/// The results shown: one [`TestResults`] per test run (one for a single-test file).
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub origin: Origin,
    pub tests: Vec<TestResults>,
    pub progress: Progress,
    /// A run is going.
    pub running: bool,
    /// Which test the run is at.
    pub current: usize,
}

impl Results {
    pub(crate) fn live(started_ms: f64, names: Vec<String>, total_steps: usize) -> Results {
        let mut tests: Vec<TestResults> = names.into_iter().map(TestResults::waiting).collect();
        if let Some(first) = tests.first_mut() {
            first.status = TestStatus::Running;
        }
        Results {
            origin: Origin::Run,
            tests,
            progress: Progress {
                started_ms,
                total_steps,
                ..Progress::default()
            },
            running: true,
            current: 0,
        }
    }

    pub(crate) fn of(origin: Origin, results: Vec<RunResult>) -> Results {
        let tests: Vec<TestResults> = results.into_iter().map(TestResults::of).collect();
        let steps = tests.iter().map(|t| t.rows.len()).sum();
        Results {
            origin,
            tests,
            progress: Progress {
                total_steps: steps,
                done: steps,
                ..Progress::default()
            },
            running: false,
            current: 0,
        }
    }

    /// The test the run is at, while it runs.
    pub(crate) fn current_mut(&mut self) -> Option<&mut TestResults> {
        let i = self.current;
        self.tests
            .get_mut(i)
            .filter(|t| t.status == TestStatus::Running)
    }

    /// Counts of every test together.
    pub fn summary(&self) -> Summary {
        summed(self.tests.iter().map(|t| &t.summary))
    }

    /// How the run ended, once it has: cancelled if any test was, else failed if any failed.
    pub fn outcome(&self) -> Option<RunOutcome> {
        if self.running {
            return None;
        }
        Some(overall_outcome(
            self.tests.iter().filter_map(TestResults::outcome),
        ))
    }

    /// The results of the tests that ran, masked: what an export holds.
    pub fn finished(&self) -> Vec<RunResult> {
        self.tests
            .iter()
            .filter_map(|t| t.result.as_deref().cloned())
            .collect()
    }
}
