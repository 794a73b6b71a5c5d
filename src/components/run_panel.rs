//! Step 3: run options, Run and Cancel, and live progress.
use leptos::prelude::*;

use crate::options::PauseChoice;
use crate::run;
use crate::state::{use_app_state, RunState};

#[component]
pub fn RunPanel() -> impl IntoView {
    let state = use_app_state();
    let settings = state.settings;
    let running = move || state.run_state.get() == RunState::Running;
    let can_run = move || state.suite.with(Option::is_some) && !running();
    let pause_radio = move |choice: PauseChoice, label: &'static str| {
        view! {
            <label class="check">
                <input
                    type="radio"
                    name="pause-policy"
                    prop:checked=move || settings.pause.get() == choice
                    on:change=move |_| settings.pause.set(choice)
                />
                {label}
            </label>
        }
    };
    view! {
        <section class="panel" aria-labelledby="run-heading">
            <h2 id="run-heading">"3. Run"</h2>
            <fieldset class="options">
                <legend>"Pauses"</legend>
                {pause_radio(PauseChoice::Honour, "Wait as the suite says")}
                <span class="inline">
                    {pause_radio(PauseChoice::Cap, "Wait at most")}
                    <SecondsInput value=settings.cap_seconds min=0.0 label="Longest pause in seconds" />
                    " s"
                </span>
                {pause_radio(PauseChoice::Skip, "Skip pauses")}
            </fieldset>
            <div class="options-row">
                <label class="inline">
                    "Request timeout "
                    <SecondsInput value=settings.timeout_seconds min=0.1 label="Request timeout in seconds" />
                    " s"
                </label>
                <label class="inline">
                    "Script time limit "
                    <SecondsInput value=settings.script_seconds min=0.1 label="Script time limit in seconds" />
                    " s"
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || settings.stop_on_first_failure.get()
                        on:change=move |e| settings.stop_on_first_failure.set(event_target_checked(&e))
                    />
                    "Stop at the first failure"
                </label>
            </div>
            <div class="actions">
                <button class="primary" disabled=move || !can_run() on:click=move |_| run::start(state)>
                    "Run"
                </button>
                <button disabled=move || !running() on:click=move |_| run::cancel(state)>
                    "Cancel"
                </button>
            </div>
            <ProgressView />
        </section>
    }
}

/// A number of seconds; values below `min` are raised to it, text that is not a number is
/// ignored until it is one.
#[component]
fn SecondsInput(value: RwSignal<f64>, min: f64, label: &'static str) -> impl IntoView {
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
                    value.set(s.max(min));
                }
            }
        />
    }
}

#[component]
fn ProgressView() -> impl IntoView {
    let state = use_app_state();
    let elapsed = RwSignal::new(0.0);
    // Ticks the elapsed time while a run is going.
    let ticker = leptos::prelude::set_interval_with_handle(
        move || {
            if state.run_state.get_untracked() == RunState::Running {
                let started = state.progress.with_untracked(|p| p.started_ms);
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
    let visible = move || state.run_state.get() != RunState::Idle;
    view! {
        <Show when=visible>
            // Not a live region: it changes several times a second, too often to announce;
            // the summary's verdict announces the end of the run.
            <div class="progress">
                <progress
                    max=move || state.progress.with(|p| p.total_steps.max(1))
                    value=move || state.progress.with(|p| p.steps_done)
                ></progress>
                <div class="progress-text">
                    <span>
                        {move || {
                            state
                                .progress
                                .with(|p| format!("{} of {} steps", p.steps_done, p.total_steps))
                        }}
                    </span>
                    <span>{move || format!("{:.1} s", elapsed.get())}</span>
                    <span class="current">
                        {move || match state.run_state.get() {
                            RunState::Running => state.progress.with(|p| p.current_note.clone()),
                            RunState::Cancelled => "Cancelled".into(),
                            _ => "Finished".into(),
                        }}
                    </span>
                </div>
                {move || {
                    let remaining = state.progress.with(|p| p.pause_remaining_ms)?;
                    (state.run_state.get() == RunState::Running)
                        .then(|| {
                            view! {
                                <div class="pause-countdown">
                                    {format!("Pausing: {:.0} s left ", (remaining / 1000.0).ceil())}
                                    <button on:click=move |_| state.skip_pause.set(true)>
                                        "Skip pause"
                                    </button>
                                </div>
                            }
                        })
                }}
            </div>
        </Show>
    }
}
