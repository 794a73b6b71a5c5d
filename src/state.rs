//! App state shared through a context: the loaded suite, the environment, the run.
use std::sync::Arc;

use leptos::prelude::*;
use suite_engine::{CancelHandle, RunResult, StepResult, Suite};

use crate::environment::EnvironmentState;
use crate::options::RunSettings;

/// A suite the user loaded, with the file text it came from (the result records its hash).
#[derive(Clone)]
pub struct LoadedSuite {
    pub file_name: String,
    pub text: Arc<str>,
    pub suite: Arc<Suite>,
}

/// What the page is doing; shown as the root's `data-run-state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Idle,
    Running,
    Done,
    Cancelled,
}

impl RunState {
    pub fn as_str(self) -> &'static str {
        match self {
            RunState::Idle => "idle",
            RunState::Running => "running",
            RunState::Done => "done",
            RunState::Cancelled => "cancelled",
        }
    }
}

/// Live progress of the current run, for the progress bar.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub total_steps: usize,
    pub steps_done: usize,
    pub started_ms: f64,
    pub current_note: String,
    /// Milliseconds left in the pause being waited, if any.
    pub pause_remaining_ms: Option<f64>,
}

/// Where the results on screen came from.
#[derive(Clone, Debug, PartialEq)]
pub enum ResultOrigin {
    /// A run in this page.
    Run,
    /// A result file opened read-only.
    File(String),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub suite: RwSignal<Option<LoadedSuite>>,
    /// Why the last file did not load; what was loaded before stays.
    pub load_error: RwSignal<Option<String>>,
    /// Why the last result file did not open.
    pub open_error: RwSignal<Option<String>>,
    pub environment: EnvironmentState,
    pub settings: RunSettings,
    pub run_state: RwSignal<RunState>,
    pub progress: RwSignal<Progress>,
    /// Step results in the order they finished; shared, never copied per render.
    pub steps: RwSignal<Vec<Arc<StepResult>>>,
    /// The finished run (or opened file), for the summary and the export.
    pub result: RwSignal<Option<Arc<RunResult>>>,
    pub origin: RwSignal<ResultOrigin>,
    pub cancel: StoredValue<Option<CancelHandle>>,
    /// Set by "Skip pause"; the clock ends the current pause and the runner clears it.
    pub skip_pause: RwSignal<bool>,
}

impl AppState {
    /// Parses `text` with the engine; on failure keeps the current suite and shows why.
    pub fn load_suite_text(&self, file_name: String, text: String) {
        match suite_engine::load_suite(&text) {
            Ok(suite) => {
                self.environment.adopt_suite(&suite);
                self.suite.set(Some(LoadedSuite {
                    file_name,
                    text: text.into(),
                    suite: Arc::new(suite),
                }));
                self.load_error.set(None);
                self.clear_results();
            }
            Err(error) => self.load_error.set(Some(format!(
                "{file_name} is not a suite we can load: {error}"
            ))),
        }
    }

    /// Shows a result file read-only, in place of any run.
    pub fn show_result(&self, file_name: String, result: RunResult) {
        self.steps
            .set(result.steps.iter().cloned().map(Arc::new).collect());
        self.run_state.set(match result.outcome {
            suite_engine::RunOutcome::Cancelled => RunState::Cancelled,
            _ => RunState::Done,
        });
        self.result.set(Some(Arc::new(result)));
        self.origin.set(ResultOrigin::File(file_name));
    }

    pub fn clear_results(&self) {
        self.steps.set(Vec::new());
        self.result.set(None);
        self.run_state.set(RunState::Idle);
        self.origin.set(ResultOrigin::Run);
    }
}

pub fn provide_app_state() -> AppState {
    let state = AppState {
        suite: RwSignal::new(None),
        load_error: RwSignal::new(None),
        open_error: RwSignal::new(None),
        environment: EnvironmentState::load_remembered(),
        settings: RunSettings::load_remembered(),
        run_state: RwSignal::new(RunState::Idle),
        progress: RwSignal::new(Progress::default()),
        steps: RwSignal::new(Vec::new()),
        result: RwSignal::new(None),
        origin: RwSignal::new(ResultOrigin::Run),
        cancel: StoredValue::new(None),
        skip_pause: RwSignal::new(false),
    };
    provide_context(state);
    state
}

pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
