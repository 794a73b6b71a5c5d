//! Progress events: what a runner tells its [`Listener`] while it works.

use std::collections::HashSet;

use crate::result::{RunResult, ScriptResult, StepResult};
use crate::variables::Variables;

/// Something that happened during a run. Borrowed: copy what you keep.
#[derive(Clone, Copy, Debug)]
pub enum RunEvent<'a> {
    /// The run started.
    RunStarted {
        /// The suite's name.
        suite_name: &'a str,
        /// Steps in the suite, nested ones included.
        total_steps: usize,
    },
    /// The initial script ran, with what it did (values it set, logs), secrets masked as in
    /// an export. Not sent when there is no initial script.
    InitialScriptFinished {
        /// The script's result.
        result: &'a ScriptResult,
    },
    /// A step started.
    StepStarted {
        /// The step's index path.
        path: &'a [usize],
        /// Its `step_type`, masked like the note.
        step_type: &'a str,
        /// Its rendered note, every secret the run knows so far masked (it shows while the
        /// step runs).
        note: &'a str,
        /// The run's variables as the step starts, secrets unmasked: what
        /// [`crate::Runner::run_step`] needs to run the step again. Keep them in memory only.
        variables: VariablesNow<'a>,
    },
    /// A step finished (run, skipped or cancelled) with its full result, every secret the run
    /// knows so far masked as in an export. A secret met later (a token a later step
    /// extracts) is masked only in the run's result.
    StepFinished {
        /// The step's result.
        result: &'a StepResult,
    },
    /// A pause began.
    PauseStarted {
        /// The pause step's index path.
        path: &'a [usize],
        /// How long the run will wait, in milliseconds.
        duration_ms: f64,
    },
    /// About once a second during a pause.
    PauseTick {
        /// The pause step's index path.
        path: &'a [usize],
        /// Milliseconds left.
        remaining_ms: f64,
    },
    /// A pause ended (or was cancelled).
    PauseFinished {
        /// The pause step's index path.
        path: &'a [usize],
        /// How long the run waited, in milliseconds.
        waited_ms: f64,
    },
    /// The run finished; the same result the runner returns.
    RunFinished {
        /// The run's result.
        result: &'a RunResult,
    },
}

/// The run's variables at a moment, and which of them a script set (a script can read every
/// secret, so such a value may hold one: the host check treats it so).
#[derive(Clone, Copy, Debug)]
pub struct VariablesNow<'a> {
    /// The variables.
    pub values: &'a Variables,
    /// Names whose value a script set last.
    pub set_by_scripts: &'a HashSet<String>,
}

/// Receives [`RunEvent`]s. Any `FnMut(&RunEvent)` closure is a listener.
pub trait Listener {
    /// Called for each event, in order.
    fn on_event(&mut self, event: &RunEvent<'_>);
}

impl<F: FnMut(&RunEvent<'_>)> Listener for F {
    fn on_event(&mut self, event: &RunEvent<'_>) {
        self(event);
    }
}
