//! What the results panel shows: the rows as steps finish, their counts, the progress of a
//! run, and where the results came from.

use std::sync::Arc;

use suite_engine::{RunResult, ScriptResult, StepResult, Summary};

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

/// The results shown: one row per finished step, and their counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub origin: Origin,
    /// One row per step, in run order.
    pub rows: Rows,
    /// Counts of the rows, kept as they arrive.
    pub summary: Summary,
    pub progress: Progress,
    /// What the initial script did, once it ran.
    pub initial_script: Option<ScriptResult>,
    /// The whole result once the run ended (or the opened one); `None` while running.
    pub result: Option<Arc<RunResult>>,
}

impl Results {
    pub(crate) fn live(started_ms: f64) -> Results {
        Results {
            origin: Origin::Run,
            rows: Rows::default(),
            summary: Summary::default(),
            progress: Progress {
                started_ms,
                ..Progress::default()
            },
            initial_script: None,
            result: None,
        }
    }

    pub(crate) fn of(origin: Origin, result: RunResult) -> Results {
        let rows: Rows = result.steps.iter().cloned().map(Arc::new).collect();
        Results {
            origin,
            progress: Progress {
                total_steps: rows.len(),
                done: rows.len(),
                ..Progress::default()
            },
            rows,
            summary: result.summary,
            initial_script: result.environment.initial_script_result.clone(),
            result: Some(Arc::new(result)),
        }
    }

    pub fn is_running(&self) -> bool {
        self.result.is_none()
    }

    pub(crate) fn add_rows(&mut self, rows: Vec<Arc<StepResult>>) {
        for row in &rows {
            self.summary.add(row);
        }
        self.progress.done += rows.len();
        self.rows = self.rows.with(rows);
    }

    /// The run ended with `result` (masked): it replaces the live rows, keeping each row
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
        self.progress.current = None;
        self.progress.pause_remaining_ms = None;
        if result.environment.initial_script_result.is_some() {
            self.initial_script = result.environment.initial_script_result.clone();
        }
        self.result = Some(Arc::new(result));
    }
}
