//! Starting and cancelling a run: the engine's runner with the browser's transport, clock
//! and script host; its events become session updates for the live view.
//!
//! The page is updated at most a few times a second, not once per step: a step against a
//! nearby server takes 2 ms, and laying out each new row as it came kept the main thread from
//! the next response (see docs/benchmarks.md).
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use gloo_timers::callback::Timeout;
use leptos::{prelude::*, task::spawn_local};
use script_sandbox::WorkerScriptHost;
use session::{RerunPlan, Snapshot};
use suite_engine::{CancelHandle, Environment, RunEvent, Runner, StepResult, Target, TargetKind};

use crate::clock::BrowserClock;
use crate::demo;
use crate::state::AppState;
use crate::storage;
use crate::transport::PageTransport;

const TOOL_NAME: &str = "scim-suite-runner";

/// The shortest time between two updates of the page during a run.
const UPDATE_EVERY_MS: u32 = 200;

/// Starts a run if the session allows one; `false` when it does not.
pub fn start(state: AppState) -> bool {
    let seed = js_sys::Math::random().to_bits();
    let plan = state.update(|s| s.start_run(js_sys::Date::now(), seed).ok());
    let Some(Some(plan)) = plan else {
        return false;
    };
    let cancel = CancelHandle::new();
    state.set_cancel(Some(cancel.clone()));
    state.skip_pause.set(false);
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
        // Starts nothing: the sandbox's worker is loaded when the first script runs, so a
        // suite without scripts never downloads it.
        let scripts = WorkerScriptHost::new();
        // The tests of a bucket run one after another, each from the same environment.
        let target = target(&plan.environment).await;
        for test in &plan.tests {
            let result = Runner::new(&transport, &clock)
                .with_listener(&mut on_event)
                .with_cancel(cancel.clone())
                .with_tool(TOOL_NAME, env!("CARGO_PKG_VERSION"))
                .with_target(target.clone())
                .with_script_host(&scripts)
                .run(test, &plan.environment, &plan.options)
                .await;
            live.finish();
            // The page shows what an export holds: secrets masked.
            state.update(|s| s.finish_test(result.masked()));
            if cancel.is_cancelled() {
                break;
            }
        }
        state.update(|s| s.end_run());
        let exported = state.read_untracked(|s| {
            s.results()
                .map(|r| suite_engine::bundle_to_json(&r.finished()))
        });
        if let Some(text) = exported {
            storage::keep_result(&text);
        }
        state.set_cancel(None);
    });
    true
}

/// Runs one step again, as `plan` says; its result goes beside the first run's.
pub fn rerun(state: AppState, plan: RerunPlan) {
    spawn_local(async move {
        let clock = BrowserClock {
            skip_pause: state.skip_pause,
        };
        let scripts = WorkerScriptHost::new();
        let target = target(&plan.environment).await;
        let result = Runner::new(&PageTransport, &clock)
            .with_tool(TOOL_NAME, env!("CARGO_PKG_VERSION"))
            .with_target(target)
            .with_script_host(&scripts)
            .run_step(
                &plan.suite,
                &plan.path,
                &plan.snapshot.variables,
                &plan.snapshot.set_by_scripts,
                plan.iteration.clone(),
                &plan.environment,
                &plan.options,
            )
            .await;
        if let Some(result) = result {
            state.update(|s| s.rerun_finished(plan.test, plan.key, result));
        }
    });
}

/// A run is a demo run when any starting value points at the demo (its SCIM server or
/// its Okta org); its description names the faults the demo worker has on.
async fn target(environment: &Environment) -> Target {
    let uses = |host: &str| {
        environment
            .initial_variables
            .iter()
            .any(|(_, value)| value.contains(host))
    };
    if !demo::DEMO_HOSTS.iter().any(|h| uses(h)) {
        return Target::default();
    }
    let faults = match demo::fault_names().await {
        Ok(faults) => faults,
        // The run's requests to the demo will say why.
        Err(_) => vec!["unknown".into()],
    };
    let what = if uses(demo::DEMO_ORG_HOST) {
        "the in-page demo server and its emulated Okta org"
    } else {
        "the in-page demo server"
    };
    Target {
        kind: TargetKind::Demo,
        description: format!(
            "{what}, faults: {}",
            if faults.is_empty() {
                "none".into()
            } else {
                faults.join(", ")
            }
        ),
    }
}

/// The run's events, applied to the session at most every [`UPDATE_EVERY_MS`]: finished
/// steps and the current step wait in `pending` until then.
#[derive(Clone)]
struct LiveView {
    state: AppState,
    pending: Rc<RefCell<Pending>>,
}

#[derive(Default)]
struct Pending {
    steps: Vec<Arc<StepResult>>,
    current: Option<(String, String)>,
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
            RunEvent::InitialScriptFinished { result } => {
                let result = (*result).clone();
                state.update(|s| s.initial_script_finished(result));
            }
            RunEvent::StepStarted {
                path,
                note,
                step_type,
                variables,
            } => {
                // Kept to run the step again; in memory only, never saved or shown.
                if *step_type == "request" {
                    let snapshot = Snapshot {
                        variables: variables.values.clone(),
                        set_by_scripts: variables.set_by_scripts.clone(),
                    };
                    state.update_quietly(|s| s.step_starting_with(path.to_vec(), snapshot));
                }
                let number: Vec<String> = path.iter().map(|i| (i + 1).to_string()).collect();
                let title = if note.is_empty() { step_type } else { note };
                self.pending.borrow_mut().current = Some((number.join("."), title.to_string()));
                self.update_soon();
            }
            RunEvent::StepFinished { result } => {
                state.update_quietly(|s| s.step_done(result));
                self.pending
                    .borrow_mut()
                    .steps
                    .push(Arc::new((*result).clone()));
                self.update_soon();
            }
            // A pause is long: show where the run is, then count down each tick.
            RunEvent::PauseStarted { duration_ms, .. } => {
                self.update_now();
                state.update(|s| s.pause_remaining(Some(*duration_ms)));
            }
            RunEvent::PauseTick { remaining_ms, .. } => {
                state.update(|s| s.pause_remaining(Some(*remaining_ms)));
            }
            RunEvent::PauseFinished { .. } => {
                state.skip_pause.set(false);
                state.update(|s| s.pause_remaining(None));
            }
            RunEvent::RunStarted { .. } | RunEvent::RunFinished { .. } => {}
        }
    }

    /// Shows what waits now if the page was not updated lately, else when the timer fires.
    fn update_soon(&self) {
        if self.pending.borrow().timer.is_none() {
            self.update_now();
            self.hold_back();
        }
    }

    /// Holds updates back for [`UPDATE_EVERY_MS`]; then shows what came meanwhile, if
    /// anything, and holds back again.
    fn hold_back(&self) {
        let live = self.clone();
        let timer = Timeout::new(UPDATE_EVERY_MS, move || {
            live.pending.borrow_mut().timer = None;
            let waiting = {
                let p = live.pending.borrow();
                !p.steps.is_empty() || p.current.is_some()
            };
            if waiting {
                live.update_now();
                live.hold_back();
            }
        });
        self.pending.borrow_mut().timer = Some(timer);
    }

    fn update_now(&self) {
        let (steps, current) = {
            let mut p = self.pending.borrow_mut();
            (std::mem::take(&mut p.steps), p.current.take())
        };
        if steps.is_empty() && current.is_none() {
            return;
        }
        self.state.update(|s| {
            if !steps.is_empty() {
                s.steps_finished(steps);
            }
            if let Some((number, note)) = current {
                s.step_started(number, note);
            }
        });
    }

    /// The run ended: no more holding back, everything shown.
    fn finish(&self) {
        // Dropping the timer cancels it.
        drop(self.pending.borrow_mut().timer.take());
        self.update_now();
    }
}
