//! Starting and cancelling a run: the engine's runner with the browser's transport, clock
//! and script host, its events turned into signal updates for the live view.
use std::sync::Arc;

use leptos::{prelude::*, task::spawn_local};
use script_sandbox::WorkerScriptHost;
use suite_engine::{CancelHandle, Environment, RunEvent, RunOutcome, Runner, Target, TargetKind};

use crate::clock::BrowserClock;
use crate::demo;
use crate::state::{AppState, Progress, ResultOrigin, RunState};
use crate::transport::PageTransport;

const TOOL_NAME: &str = "scim-suite-runner";

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
        let mut on_event = move |event: &RunEvent<'_>| on_event(state, event);
        let runner = Runner::new(&transport, &clock)
            .with_listener(&mut on_event)
            .with_cancel(cancel)
            .with_tool(TOOL_NAME, env!("CARGO_PKG_VERSION"))
            .with_target(target(&environment));
        // Without a sandbox the engine runs no script and says so on each step.
        let sandbox = WorkerScriptHost::new();
        let result = match &sandbox {
            Ok(host) => {
                runner
                    .with_script_host(host)
                    .run(&loaded.suite, &environment, &options)
                    .await
            }
            Err(why) => {
                leptos::logging::warn!("{why}");
                runner.run(&loaded.suite, &environment, &options).await
            }
        };
        // From here on the page shows what an export holds: secrets masked, even on screen.
        let result = result.masked();
        state
            .steps
            .set(result.steps.iter().cloned().map(Arc::new).collect());
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

fn on_event(state: AppState, event: &RunEvent<'_>) {
    match event {
        RunEvent::RunStarted { total_steps, .. } => state.progress.set(Progress {
            total_steps: *total_steps,
            started_ms: js_sys::Date::now(),
            ..Progress::default()
        }),
        RunEvent::StepStarted {
            note, step_type, ..
        } => state.progress.update(|p| {
            p.current_note = if note.is_empty() {
                (*step_type).to_string()
            } else {
                (*note).to_string()
            };
        }),
        RunEvent::StepFinished { result } => {
            let result = Arc::new((*result).clone());
            state.steps.update(|steps| steps.push(result));
            state.progress.update(|p| p.steps_done += 1);
        }
        RunEvent::PauseStarted { duration_ms, .. } => {
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
