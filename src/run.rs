//! Starting and cancelling a run: the engine's runner with the browser's transport, clock
//! and script host, its events turned into signal updates for the live view.
//!
//! The page is updated at most a few times a second, not once per step: a step against a
//! nearby server takes 2 ms, and laying out a new row, the progress bar and the summary after
//! each one kept the main thread from the next response (a run took 3 times as long as the
//! same requests in a plain `fetch` loop; see docs/benchmarks.md).
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use gloo_timers::callback::Timeout;

use leptos::{prelude::*, task::spawn_local};
use script_sandbox::WorkerScriptHost;
use suite_engine::{
    CancelHandle, Environment, RunEvent, RunOutcome, Runner, StepResult, Target, TargetKind,
};

use crate::clock::BrowserClock;
use crate::demo;
use crate::state::{AppState, Progress, ResultOrigin, RunState};
use crate::transport::PageTransport;

const TOOL_NAME: &str = "scim-suite-runner";

/// The shortest time between two updates of the page during a run.
const UPDATE_EVERY_MS: u32 = 200;

pub fn start(state: AppState) {
    let Some(loaded) = state.suite.get_untracked() else {
        return;
    };
    if state.run_state.get_untracked() == RunState::Running {
        return;
    }
    let environment = state.environment.to_engine();
    let options = state.settings.to_engine();
    let cancel = CancelHandle::new();
    state.cancel.set_value(Some(cancel.clone()));
    state.steps.set(Vec::new());
    state.result.set(None);
    state.origin.set(ResultOrigin::Run);
    state.skip_pause.set(false);
    state.run_state.set(RunState::Running);

    spawn_local(async move {
        let clock = BrowserClock {
            skip_pause: state.skip_pause,
        };
        let transport = PageTransport;
        let live = LiveView::new(state);
        let mut on_event = {
            let live = live.clone();
            move |event: &RunEvent<'_>| live.on_event(event)
        };
        let runner = Runner::new(&transport, &clock)
            .with_listener(&mut on_event)
            .with_cancel(cancel)
            .with_tool(TOOL_NAME, env!("CARGO_PKG_VERSION"))
            .with_target(target(&environment));
        // Starts nothing: the sandbox's worker is loaded when the first script runs, so a
        // suite without scripts never downloads it.
        let scripts = WorkerScriptHost::new();
        let result = runner
            .with_script_host(&scripts)
            .run(&loaded.suite, &environment, &options)
            .await;
        live.finish();
        let result = result.masked();
        // The page shows what an export holds: secrets masked. Live rows were masked with the
        // secrets known when their step ended; only a row that a later secret changes is
        // drawn again.
        let shown = state.steps.get_untracked();
        let steps = result
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| match shown.get(i) {
                Some(row) if **row == *step => row.clone(),
                _ => Arc::new(step.clone()),
            })
            .collect();
        state.steps.set(steps);
        state.run_state.set(match result.outcome {
            RunOutcome::Cancelled => RunState::Cancelled,
            _ => RunState::Done,
        });
        state.result.set(Some(Arc::new(result)));
        state.cancel.set_value(None);
    });
}

/// A run is a demo run when any starting value points at the demo server.
fn target(environment: &Environment) -> Target {
    let demo = environment
        .initial_variables
        .iter()
        .any(|(_, value)| value.contains(demo::DEMO_HOST));
    if !demo {
        return Target::default();
    }
    let faults = demo::fault_names();
    Target {
        kind: TargetKind::Demo,
        description: format!(
            "the in-page demo server, faults: {}",
            if faults.is_empty() {
                "none".into()
            } else {
                faults.join(", ")
            }
        ),
    }
}

pub fn cancel(state: AppState) {
    state.cancel.with_value(|handle| {
        if let Some(handle) = handle {
            handle.cancel();
        }
    });
}

/// The run's events, applied to the page's signals at most every [`UPDATE_EVERY_MS`]:
/// finished steps and the current note wait in `pending` until then.
#[derive(Clone)]
struct LiveView {
    state: AppState,
    pending: Rc<RefCell<Pending>>,
}

#[derive(Default)]
struct Pending {
    steps: Vec<Arc<StepResult>>,
    current_note: Option<String>,
    /// Set while updates are held back; when it fires, what waits is shown.
    timer: Option<Timeout>,
}

impl LiveView {
    fn new(state: AppState) -> LiveView {
        LiveView {
            state,
            pending: Rc::default(),
        }
    }

    fn on_event(&self, event: &RunEvent<'_>) {
        let state = self.state;
        match event {
            RunEvent::RunStarted { total_steps, .. } => state.progress.set(Progress {
                total_steps: *total_steps,
                started_ms: js_sys::Date::now(),
                ..Progress::default()
            }),
            RunEvent::StepStarted {
                note, step_type, ..
            } => {
                let note = if note.is_empty() { step_type } else { note };
                self.pending.borrow_mut().current_note = Some((*note).to_string());
                self.update_soon();
            }
            RunEvent::StepFinished { result } => {
                let result = Arc::new((*result).clone());
                self.pending.borrow_mut().steps.push(result);
                self.update_soon();
            }
            // A pause is long: show where the run is, then count down each tick.
            RunEvent::PauseStarted { duration_ms, .. } => {
                self.update_now();
                state
                    .progress
                    .update(|p| p.pause_remaining_ms = Some(*duration_ms));
            }
            RunEvent::PauseTick { remaining_ms, .. } => {
                state
                    .progress
                    .update(|p| p.pause_remaining_ms = Some(*remaining_ms));
            }
            RunEvent::PauseFinished { .. } => {
                state.skip_pause.set(false);
                state.progress.update(|p| p.pause_remaining_ms = None);
            }
            RunEvent::RunFinished { .. } => {}
        }
    }

    /// Shows what waits now if the page was not updated lately, else when the timer fires.
    fn update_soon(&self) {
        if self.pending.borrow().timer.is_none() {
            self.update_now();
            self.hold_back();
        }
    }

    /// Holds updates back for [`UPDATE_EVERY_MS`]; then shows what came meanwhile, if anything,
    /// and holds back again.
    fn hold_back(&self) {
        let live = self.clone();
        let timer = Timeout::new(UPDATE_EVERY_MS, move || {
            live.pending.borrow_mut().timer = None;
            let waiting = {
                let p = live.pending.borrow();
                !p.steps.is_empty() || p.current_note.is_some()
            };
            if waiting {
                live.update_now();
                live.hold_back();
            }
        });
        self.pending.borrow_mut().timer = Some(timer);
    }

    fn update_now(&self) {
        let (steps, note) = {
            let mut p = self.pending.borrow_mut();
            (std::mem::take(&mut p.steps), p.current_note.take())
        };
        if !steps.is_empty() {
            let done = steps.len();
            self.state.steps.update(|s| s.extend(steps));
            self.state.progress.update(|p| p.steps_done += done);
        }
        if let Some(note) = note {
            self.state.progress.update(|p| p.current_note = note);
        }
    }

    /// The run ended: no more holding back, everything shown.
    fn finish(&self) {
        // Dropping the timer cancels it.
        drop(self.pending.borrow_mut().timer.take());
        self.update_now();
    }
}
