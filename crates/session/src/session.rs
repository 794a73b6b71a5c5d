//! [`Session`]: everything the page shows, changed only through its methods.

use std::sync::Arc;

use suite_engine::{Environment, RunOptions, RunResult, ScriptResult, StepResult, Suite, Summary};

use crate::environment::{Blocker, EnvironmentDraft};
use crate::remember::Remembered;
use crate::results::{Origin, Results};
use crate::settings::Settings;
use crate::verdict::{verdict, Verdict};

/// A suite the tester loaded, with the text it came from (the result records its hash).
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedSuite {
    pub file_name: String,
    pub text: Arc<str>,
    pub suite: Arc<Suite>,
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

/// What a run needs: handed to the app, which runs it with the engine.
#[derive(Clone, Debug)]
pub struct RunPlan {
    pub suite: Arc<Suite>,
    pub environment: Environment,
    pub options: RunOptions,
}

/// A result waiting for the tester to say it may replace the results on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingOpen {
    pub origin: Origin,
    pub result: Arc<RunResult>,
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
    environment: EnvironmentDraft,
    settings: Settings,
    results: Option<Results>,
    load_error: Option<String>,
    open_error: Option<String>,
    pending_open: Option<PendingOpen>,
}

impl Session {
    /// An empty session for a page served over https (`true`) or http.
    pub fn new(page_is_https: bool) -> Session {
        Session {
            page_is_https,
            suite: None,
            environment: EnvironmentDraft::default(),
            settings: Settings::default(),
            results: None,
            load_error: None,
            open_error: None,
            pending_open: None,
        }
    }

    pub fn phase(&self) -> Phase {
        match &self.results {
            Some(r) if r.is_running() => Phase::Running,
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

    /// Loads a suite from its file text. On failure the suite loaded before stays and
    /// [`Session::load_error`] says why; `false` then.
    pub fn load_suite(&mut self, file_name: &str, text: &str) -> bool {
        if self.is_running() {
            self.load_error =
                Some("A run is going: cancel it before loading another suite.".into());
            return false;
        }
        match suite_engine::load_suite(text) {
            Ok(suite) => {
                self.environment.adopt_suite(&suite);
                self.suite = Some(LoadedSuite {
                    file_name: file_name.to_string(),
                    text: text.into(),
                    suite: Arc::new(suite),
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

    /// A file or link that was meant to load but could not be read.
    pub fn fail_load(&mut self, message: String) {
        self.load_error = Some(message);
    }

    /// Shows a result read-only. Over a run going, or the unexported results of a run made
    /// here, it waits for [`Session::confirm_open`].
    pub fn open_result(&mut self, origin: Origin, result: RunResult) -> Opening {
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
                    result: Arc::new(result),
                    replaces,
                });
                Opening::NeedsConfirmation
            }
            None => {
                self.results = Some(Results::of(origin, result));
                Opening::Opened
            }
        }
    }

    /// The tester agreed: the pending result replaces what is shown. A run going must be
    /// cancelled by the caller; its late events are ignored.
    pub fn confirm_open(&mut self) {
        if let Some(p) = self.pending_open.take() {
            let result = Arc::try_unwrap(p.result).unwrap_or_else(|shared| (*shared).clone());
            self.results = Some(Results::of(p.origin, result));
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
        let suite = self
            .suite
            .as_ref()
            .map(|s| s.suite.clone())
            .ok_or_else(|| Blocker {
                variable: String::new(),
                reason: "Load a suite first.".into(),
            })?;
        self.pending_open = None;
        let mut results = Results::live(now_ms);
        results.progress.total_steps = suite.counts().total;
        self.results = Some(results);
        Ok(RunPlan {
            suite,
            environment: self.environment.to_engine(),
            options: self.settings.to_engine(seed),
        })
    }

    fn live(&mut self) -> Option<&mut Results> {
        self.results
            .as_mut()
            .filter(|r| r.is_running() && r.origin == Origin::Run)
    }

    /// The initial script ran (masked).
    pub fn initial_script_finished(&mut self, result: ScriptResult) {
        if let Some(r) = self.live() {
            r.initial_script = Some(result);
        }
    }

    /// A step started: its number and rendered (masked) note.
    pub fn step_started(&mut self, number: String, note: String) {
        if let Some(r) = self.live() {
            r.progress.current = Some((number, note));
        }
    }

    /// Steps finished (masked), in order.
    pub fn steps_finished(&mut self, rows: Vec<Arc<StepResult>>) {
        if let Some(r) = self.live() {
            r.add_rows(rows);
        }
    }

    /// A pause is being waited (`Some(ms left)`) or ended (`None`).
    pub fn pause_remaining(&mut self, ms: Option<f64>) {
        if let Some(r) = self.live() {
            r.progress.pause_remaining_ms = ms;
        }
    }

    /// The run ended with its masked result.
    pub fn finish_run(&mut self, result: RunResult) {
        if let Some(r) = self.live() {
            r.finish(result);
        }
    }

    // ---- what the results say ----

    /// The counts shown: the live ones during a run, else the result's.
    pub fn summary(&self) -> Option<Summary> {
        self.results.as_ref().map(|r| r.summary)
    }

    /// The verdict line, once there are results.
    pub fn verdict(&self) -> Option<Verdict> {
        let r = self.results.as_ref()?;
        Some(verdict(&r.summary, r.result.as_ref().map(|x| x.outcome)))
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
        last_result: Option<RunResult>,
    ) {
        self.environment = kept.environment;
        self.settings = kept.settings;
        if let Some((name, text)) = suite {
            self.load_suite(&name, &text);
            self.load_error = None;
        }
        if let Some(result) = last_result {
            self.results = Some(Results::of(Origin::Restored, result));
        }
    }
}
