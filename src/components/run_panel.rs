//! Step 3: run options, Run and Cancel, and live progress.
use leptos::{html, prelude::*, task::spawn_local};
use session::{PauseChoice, Phase, Session, Settings};

use crate::components::hosts::HostList;
use crate::on_demand;
use crate::state::{use_app_state, AppState};

/// Changes one option through the session.
fn set(state: AppState, change: impl FnOnce(&mut Settings)) {
    state.update(|s| {
        let mut settings = s.settings().clone();
        change(&mut settings);
        s.set_settings(settings);
    });
}

#[component]
pub fn RunPanel() -> impl IntoView {
    let state = use_app_state();
    let settings = state.select(|s| s.settings().clone());
    let running = state.select(Session::is_running);
    let blocker = state.select(|s| s.run_blocker());
    let HostList(hosts) = expect_context::<HostList>();
    let unapproved = Memo::new(move |_| {
        hosts.with(|h| {
            h.unapproved_secret_hosts()
                .iter()
                .map(|o| o.to_string())
                .collect::<Vec<_>>()
        })
    });
    let progress = NodeRef::<html::Div>::new();
    let pause_radio = move |choice: PauseChoice, label: &'static str| {
        view! {
            <label class="check">
                <input
                    type="radio"
                    name="pause-policy"
                    prop:checked=move || settings.with(|s| s.pause == choice)
                    on:change=move |_| set(state, |s| s.pause = choice)
                />
                {label}
            </label>
        }
    };
    let start = move |_| {
        spawn_local(async move {
            match on_demand::start_run(state).await {
                Ok(true) => {
                    // Where the run shows itself: the progress, in view and focused.
                    request_animation_frame(move || {
                        if let Some(el) = progress.get() {
                            let _ = el.focus();
                            el.scroll_into_view();
                        }
                    });
                }
                Ok(false) => {}
                Err(_) => state.part_missing.set(true),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="run-heading">
            <h2 id="run-heading">"3. Run"</h2>
            <fieldset class="options">
                <legend>"Pauses"</legend>
                {pause_radio(PauseChoice::Honour, "Wait as the suite says")}
                <span class="inline">
                    {pause_radio(PauseChoice::Cap, "Wait at most")}
                    <SecondsInput
                        value=Signal::derive(move || settings.with(|s| s.cap_seconds))
                        on_change=move |v| set(state, |s| s.cap_seconds = v)
                        min=0.0
                        label="Longest pause in seconds"
                    />
                    " s"
                </span>
                {pause_radio(PauseChoice::Skip, "Skip pauses")}
            </fieldset>
            <div class="options-row">
                <label class="inline">
                    "Request timeout "
                    <SecondsInput
                        value=Signal::derive(move || settings.with(|s| s.timeout_seconds))
                        on_change=move |v| set(state, |s| s.timeout_seconds = v)
                        min=0.1
                        label="Request timeout in seconds"
                    />
                    " s"
                </label>
                <label class="inline">
                    "Script time limit "
                    <SecondsInput
                        value=Signal::derive(move || settings.with(|s| s.script_seconds))
                        on_change=move |v| set(state, |s| s.script_seconds = v)
                        min=0.1
                        label="Script time limit in seconds"
                    />
                    " s"
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || settings.with(|s| s.stop_on_first_failure)
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            set(state, |s| s.stop_on_first_failure = on);
                        }
                    />
                    "Stop at the first failure"
                </label>
            </div>
            <div class="actions">
                <button
                    class="primary"
                    disabled=move || blocker.with(Option::is_some)
                    aria-describedby="run-blocker"
                    on:click=start
                >
                    "Run"
                </button>
                <button disabled=move || !running.get() on:click=move |_| state.cancel_run()>
                    "Cancel"
                </button>
                <span class="hint" id="run-blocker">
                    {move || blocker.get().filter(|b| !running.get() || b.variable.is_empty()).map(|b| b.reason)}
                </span>
            </div>
            {move || {
                let hosts = unapproved.get();
                (!hosts.is_empty()).then(|| view! {
                    <p class="notice warn-hosts" role="note">
                        {format!(
                            "Requests that would carry a secret to {} will not be sent: you have not allowed {} to receive secrets (see \"Where the requests go\" in the plan).",
                            hosts.join(", "),
                            if hosts.len() == 1 { "it" } else { "them" },
                        )}
                    </p>
                })
            }}
            <ProgressView node=progress />
        </section>
    }
}

/// A number of seconds; values below `min` are raised to it, text that is not a number is
/// ignored until it is one.
#[component]
fn SecondsInput(
    value: Signal<f64>,
    on_change: impl Fn(f64) + 'static,
    min: f64,
    label: &'static str,
) -> impl IntoView {
    view! {
        <input
            type="number"
            min=min
            step="1"
            class="narrow"
            aria-label=label
            prop:value=move || value.get().to_string()
            on:input=move |e| {
                if let Ok(s) = event_target_value(&e).parse::<f64>() {
                    if s.is_finite() {
                        on_change(s.max(min));
                    }
                }
            }
        />
    }
}

#[component]
fn ProgressView(node: NodeRef<html::Div>) -> impl IntoView {
    let state = use_app_state();
    let phase = state.select(Session::phase);
    let progress = state.select(|s| s.results().map(|r| r.progress.clone()));
    let elapsed = RwSignal::new(0.0);
    // Ticks the elapsed time while a run is going.
    let ticker = leptos::prelude::set_interval_with_handle(
        move || {
            if phase.get_untracked() == Phase::Running {
                let started = progress.with_untracked(|p| p.as_ref().map_or(0.0, |p| p.started_ms));
                elapsed.set((js_sys::Date::now() - started) / 1000.0);
            }
        },
        std::time::Duration::from_millis(250),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
    });
    let visible = move || matches!(phase.get(), Phase::Running | Phase::Finished);
    view! {
        // Not a live region: it changes several times a second, too often to announce; the
        // results' verdict announces the end of the run.
        <div class="progress" node_ref=node tabindex="-1" aria-label="Run progress" hidden=move || !visible()>
            <progress
                max=move || progress.with(|p| p.as_ref().map_or(1, |p| p.total_steps.max(1)))
                value=move || progress.with(|p| p.as_ref().map_or(0, |p| p.done))
            ></progress>
            <div class="progress-text">
                <span>
                    {move || progress.with(|p| {
                        p.as_ref().map(|p| format!("{} of {} steps", p.done, p.total_steps)).unwrap_or_default()
                    })}
                </span>
                <span>{move || format!("{:.1} s", elapsed.get())}</span>
                <span class="current">
                    {move || match phase.get() {
                        Phase::Running => progress.with(|p| {
                            p.as_ref()
                                .and_then(|p| p.current.as_ref())
                                .map(|(number, note)| format!("Step {number}: {note}"))
                                .unwrap_or_default()
                        }),
                        _ => "Finished".into(),
                    }}
                </span>
            </div>
            {move || {
                let remaining = progress.with(|p| p.as_ref().and_then(|p| p.pause_remaining_ms))?;
                (phase.get() == Phase::Running).then(|| {
                    view! {
                        <div class="pause-countdown">
                            {format!("Pausing: {:.0} s left ", (remaining / 1000.0).ceil())}
                            <button on:click=move |_| state.skip_pause.set(true)>"Skip pause"</button>
                        </div>
                    }
                })
            }}
        </div>
    }
}
