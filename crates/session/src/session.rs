//! [`Session`]: everything the page shows, changed only through its methods.

use std::sync::Arc;

use suite_engine::{Environment, RunOptions, RunResult, ScriptResult, StepResult, Suite, Summary};

use crate::environment::{Blocker, EnvironmentDraft};
use crate::remember::Remembered;
use crate::rerun::Snapshot;
use crate::results::{Origin, Results, TestStatus};
use crate::settings::Settings;
use crate::verdict::{run_verdict, Verdict};

/// A suite file the tester loaded, with the text it came from (a result records its hash):
/// one test, or the several tests of a bucket export.
#[derive(Clone, Debug)]
pub struct LoadedSuite {
    pub file_name: String,
    pub text: Arc<str>,
    /// At least one.
    pub tests: Vec<Arc<Suite>>,
    /// The file is a list of tests (a bucket export), even of one.
    pub is_bucket: bool,
}

/// The same load (the same shared tests, not equal copies): a view tells in constant time
/// whether the suite changed, where comparing 100,000 steps at each update of a run would not.
impl PartialEq for LoadedSuite {
    fn eq(&self, other: &LoadedSuite) -> bool {
        self.file_name == other.file_name
            && Arc::ptr_eq(&self.text, &other.text)
            && self.is_bucket == other.is_bucket
            && self.tests.len() == other.tests.len()
            && self
                .tests
                .iter()
                .zip(&other.tests)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl LoadedSuite {
    /// The file's name for people: its one test's name, else the file's.
    pub fn title(&self) -> String {
        match self.tests.as_slice() {
            [one] if !self.is_bucket && !one.name.trim().is_empty() => one.name.clone(),
            _ => self.file_name.clone(),
        }
    }
}

/// Where the page stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// No suite and no results.
    Empty,
    /// A suite is loaded; nothing ran since.
    Loaded,
    /// A run is going.
    Running,
    /// A run in this page ended (passed, failed or cancelled).
    Finished,
    /// Results from a file, a link or before a reload, shown read-only.
    Opened,
}

impl Phase {
    /// For the root's `data-run-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Empty => "empty",
            Phase::Loaded => "idle",
            Phase::Running => "running",
            Phase::Finished => "done",
            Phase::Opened => "opened",
        }
    }
}

/// What a run needs: handed to the app, which runs the tests in order with the engine,
/// each from the same environment.
#[derive(Clone, Debug)]
pub struct RunPlan {
    pub tests: Vec<Arc<Suite>>,
    pub environment: Environment,
    pub options: RunOptions,
}

/// A result waiting for the tester to say it may replace the results on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingOpen {
    pub origin: Origin,
    pub results: Arc<Vec<RunResult>>,
    /// Why asking: the run going, or one made here and not yet exported.
    pub replaces: Replaces,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replaces {
    /// A run is going; opening cancels it.
    RunningRun,
    /// The results of a run made in this page.
    FinishedRun,
}

/// How an open went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    Opened,
    /// The tester must confirm first: see [`Session::pending_open`].
    NeedsConfirmation,
}

/// The page's state. Components read it and call its methods; nothing else changes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    page_is_https: bool,
    suite: Option<LoadedSuite>,
    /// Which of the file's tests run.
    selected: Vec<bool>,
    environment: EnvironmentDraft,
    settings: Settings,
    results: Option<Results>,
    load_error: Option<String>,
    open_error: Option<String>,
    pending_open: Option<PendingOpen>,
    /// Origins the tester ticked to receive secrets.
    pub(crate) approved_origins: Vec<String>,
    /// Origins the page answers itself (the workshop demo).
    pub(crate) in_page_origins: Vec<String>,
}

impl Session {
    /// An empty session for a page served over https (`true`) or http.
    pub fn new(page_is_https: bool) -> Session {
        Session {
            page_is_https,
            suite: None,
            selected: Vec::new(),
            environment: EnvironmentDraft::default(),
            settings: Settings::default(),
            results: None,
            load_error: None,
            open_error: None,
            pending_open: None,
            approved_origins: Vec::new(),
            in_page_origins: Vec::new(),
        }
    }

    pub fn phase(&self) -> Phase {
        match &self.results {
            Some(r) if r.running => Phase::Running,
            Some(r) if r.origin == Origin::Run => Phase::Finished,
            Some(_) => Phase::Opened,
            None if self.suite.is_some() => Phase::Loaded,
            None => Phase::Empty,
        }
    }

    pub fn is_running(&self) -> bool {
        self.phase() == Phase::Running
    }

    pub fn suite(&self) -> Option<&LoadedSuite> {
        self.suite.as_ref()
    }

    pub fn environment(&self) -> &EnvironmentDraft {
        &self.environment
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn results(&self) -> Option<&Results> {
        self.results.as_ref()
    }

    /// Why the last suite did not load; the suite loaded before stays.
    pub fn load_error(&self) -> Option<&str> {
        self.load_error.as_deref()
    }

    /// Why the last result did not open; the results shown before stay.
    pub fn open_error(&self) -> Option<&str> {
        self.open_error.as_deref()
    }

    pub fn pending_open(&self) -> Option<&PendingOpen> {
        self.pending_open.as_ref()
    }

    pub fn page_is_https(&self) -> bool {
        self.page_is_https
    }

    // ---- loading ----

    /// Loads a suite file (one test, or a bucket export of several) from its text. On
    /// failure the suite loaded before stays and [`Session::load_error`] says why; `false`
    /// then.
    pub fn load_suite(&mut self, file_name: &str, text: &str) -> bool {
        if self.is_running() {
            self.load_error =
                Some("A run is going: cancel it before loading another suite.".into());
            return false;
        }
        match suite_engine::load_export(text) {
            Ok(export) => {
                let tests: Vec<Arc<Suite>> = export.tests.into_iter().map(Arc::new).collect();
                self.environment.adopt_tests(&tests);
                self.selected = vec![true; tests.len()];
                self.suite = Some(LoadedSuite {
                    file_name: file_name.to_string(),
                    text: text.into(),
                    tests,
                    is_bucket: export.is_bucket,
                });
                self.load_error = None;
                self.results = None;
                true
            }
            Err(error) => {
                self.load_error = Some(format!("{file_name} is not a suite we can load: {error}"));
                false
            }
        }
    }

    /// Which of the file's tests run, by index.
    pub fn selected(&self) -> &[bool] {
        &self.selected
    }

    /// Picks a test of a bucket to run, or leaves it out.
    pub fn select_test(&mut self, index: usize, run: bool) {
        if let Some(s) = self.selected.get_mut(index) {
            *s = run;
        }
    }

    /// Picks every test, or none.
    pub fn select_all(&mut self, run: bool) {
        self.selected.iter_mut().for_each(|s| *s = run);
    }

    fn selected_tests(&self) -> Vec<Arc<Suite>> {
        self.suite
            .iter()
            .flat_map(|l| l.tests.iter().zip(&self.selected))
            .filter(|(_, run)| **run)
            .map(|(t, _)| t.clone())
            .collect()
    }

    /// A file or link that was meant to load but could not be read.
    pub fn fail_load(&mut self, message: String) {
        self.load_error = Some(message);
    }

    /// Shows results read-only (one, or the several of a bundle). Over a run going, or the
    /// results of a run made here, it waits for [`Session::confirm_open`].
    pub fn open_result(&mut self, origin: Origin, results: Vec<RunResult>) -> Opening {
        self.open_error = None;
        let replaces = match self.phase() {
            Phase::Running => Some(Replaces::RunningRun),
            Phase::Finished => Some(Replaces::FinishedRun),
            _ => None,
        };
        match replaces {
            Some(replaces) => {
                self.pending_open = Some(PendingOpen {
                    origin,
                    results: Arc::new(results),
                    replaces,
                });
                Opening::NeedsConfirmation
            }
            None => {
                self.results = Some(Results::of(origin, results));
                Opening::Opened
            }
        }
    }

    /// The tester agreed: the pending result replaces what is shown. A run going must be
    /// cancelled by the caller; its late events are ignored.
    pub fn confirm_open(&mut self) {
        if let Some(p) = self.pending_open.take() {
            let results = Arc::try_unwrap(p.results).unwrap_or_else(|shared| (*shared).clone());
            self.results = Some(Results::of(p.origin, results));
        }
    }

    /// The tester kept what is shown.
    pub fn keep_current(&mut self) {
        self.pending_open = None;
    }

    /// A result file or link that could not be read.
    pub fn fail_open(&mut self, message: String) {
        self.open_error = Some(message);
    }

    // ---- the environment and the options ----

    pub fn set_value(&mut self, name: &str, value: String) {
        self.environment.set_value(name, value);
    }

    pub fn set_secret(&mut self, name: &str, secret: bool) {
        self.environment.set_secret(name, secret);
    }

    pub fn add_variable(&mut self, name: &str) -> bool {
        self.environment.add_custom(name)
    }

    /// Removes a tester's own variable; not the access token while the Bearer switch needs it.
    pub fn remove_variable(&mut self, name: &str) {
        if !self.is_needed_access_token(name) {
            self.environment.remove_custom(name);
        }
    }

    pub fn set_initial_script(&mut self, script: String) {
        self.environment.initial_script = script;
    }

    pub fn set_remember_secrets(&mut self, remember: bool) {
        self.environment.remember_secrets = remember;
    }

    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
    }

    /// What keeps Run disabled, if anything.
    pub fn run_blocker(&self) -> Option<Blocker> {
        if self.suite.is_none() {
            return Some(Blocker {
                variable: String::new(),
                reason: "Load a suite first.".into(),
            });
        }
        if self.is_running() {
            return Some(Blocker {
                variable: String::new(),
                reason: "A run is going.".into(),
            });
        }
        if !self.selected.contains(&true) {
            return Some(Blocker {
                variable: String::new(),
                reason: "Pick at least one test to run.".into(),
            });
        }
        self.environment
            .blocker(self.page_is_https)
            .or_else(|| self.access_token_blocker())
    }

    // ---- a run ----

    /// Starts a run at `now_ms` (the page's clock), with `seed` for its random values.
    ///
    /// # Errors
    /// What keeps it from starting: see [`Session::run_blocker`].
    pub fn start_run(&mut self, now_ms: f64, seed: u64) -> Result<RunPlan, Blocker> {
        if let Some(blocker) = self.run_blocker() {
            return Err(blocker);
        }
        let tests = self.selected_tests();
        self.pending_open = None;
        let names = tests.iter().map(|t| t.name.clone()).collect();
        let total = tests.iter().map(|t| t.counts().total).sum();
        self.results = Some(Results::live(now_ms, names, total));
        let options = RunOptions {
            host_policy: self.host_policy(),
            ..self.settings.to_engine(seed)
        };
        Ok(RunPlan {
            tests,
            environment: self.environment.to_engine(),
            options,
        })
    }

    fn live(&mut self) -> Option<&mut Results> {
        self.results
            .as_mut()
            .filter(|r| r.running && r.origin == Origin::Run)
    }

    /// The initial script ran (masked), before the current test.
    pub fn initial_script_finished(&mut self, result: ScriptResult) {
        if let Some(t) = self.live().and_then(Results::current_mut) {
            t.initial_script = Some(result);
        }
    }

    /// A step started: its number and rendered (masked) note.
    pub fn step_started(&mut self, number: String, note: String) {
        if let Some(r) = self.live() {
            r.progress.current = Some((number, note));
        }
    }

    /// A step of the current test is starting with these variables: kept, in memory only,
    /// to run it again later (see [`Session::rerun_plan`]).
    pub fn step_starting_with(&mut self, path: Vec<usize>, snapshot: Snapshot) {
        if let Some(t) = self.live().and_then(Results::current_mut) {
            t.reruns.step_started(path, snapshot);
        }
    }

    /// A step of the current test finished (masked): what keeps its variables for a re-run.
    /// The rows themselves arrive in batches through [`Session::steps_finished`].
    pub fn step_done(&mut self, row: &StepResult) {
        if let Some(t) = self.live().and_then(Results::current_mut) {
            t.reruns.step_finished(row);
        }
    }

    pub(crate) fn results_mut(&mut self) -> Option<&mut Results> {
        self.results.as_mut()
    }

    /// Steps of the current test finished (masked), in order.
    pub fn steps_finished(&mut self, rows: Vec<Arc<StepResult>>) {
        if let Some(r) = self.live() {
            r.progress.done += rows.len();
            if let Some(t) = r.current_mut() {
                t.add_rows(rows);
            }
        }
    }

    /// A pause is being waited (`Some(ms left)`) or ended (`None`).
    pub fn pause_remaining(&mut self, ms: Option<f64>) {
        if let Some(r) = self.live() {
            r.progress.pause_remaining_ms = ms;
        }
    }

    /// The current test ended with its masked result; the next one, if any, starts.
    pub fn finish_test(&mut self, result: RunResult) {
        if let Some(r) = self.live() {
            if let Some(t) = r.current_mut() {
                t.finish(result);
            }
            r.current += 1;
            let next = r.current;
            if let Some(t) = r.tests.get_mut(next) {
                t.status = TestStatus::Running;
            }
        }
    }

    /// The run ended: tests it did not reach (it was cancelled) are marked not run.
    pub fn end_run(&mut self) {
        if let Some(r) = self.live() {
            for t in &mut r.tests {
                if matches!(t.status, TestStatus::Waiting | TestStatus::Running) {
                    t.status = TestStatus::NotRun;
                }
            }
            r.running = false;
            r.progress.current = None;
            r.progress.pause_remaining_ms = None;
        }
    }

    // ---- what the results say ----

    /// The counts shown, of every test together: live during a run.
    pub fn summary(&self) -> Option<Summary> {
        self.results.as_ref().map(Results::summary)
    }

    /// The verdict line, once there are results.
    pub fn verdict(&self) -> Option<Verdict> {
        let r = self.results.as_ref()?;
        Some(run_verdict(
            r.tests.iter().map(|t| (&t.summary, t.outcome())),
            r.running,
        ))
    }

    // ---- across reloads ----

    /// What to keep across a reload (secrets only when the tester asked).
    pub fn remembered(&self) -> Remembered {
        Remembered {
            environment: self.environment.to_remember(),
            settings: self.settings.clone(),
        }
    }

    /// Starts from what was kept: the environment and options, the suite's file name and
    /// text, the last result. A suite that no longer loads is dropped without a word.
    pub fn restore(
        &mut self,
        kept: Remembered,
        suite: Option<(String, String)>,
        last_result: Option<Vec<RunResult>>,
    ) {
        self.environment = kept.environment;
        self.settings = kept.settings;
        if let Some((name, text)) = suite {
            self.load_suite(&name, &text);
            self.load_error = None;
        }
        self.restore_result(last_result);
    }

    /// [`Session::restore`] without a suite, and without the suite reader's code: the page
    /// loads that code on first use (its src/on_demand.rs).
    pub fn restore_without_suite(&mut self, kept: Remembered, last_result: Option<Vec<RunResult>>) {
        self.environment = kept.environment;
        self.settings = kept.settings;
        self.restore_result(last_result);
    }

    fn restore_result(&mut self, last_result: Option<Vec<RunResult>>) {
        if let Some(results) = last_result.filter(|r| !r.is_empty()) {
            self.results = Some(Results::of(Origin::Restored, results));
        }
    }
}
