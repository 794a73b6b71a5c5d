//! Step 4: the summary and one expandable row per finished step.
use std::sync::Arc;

use leptos::prelude::*;
use suite_engine::{AssertionOutcome, StepOutcome, StepResult, TargetKind};

use crate::components::result_file::ResultFileButtons;
use crate::components::step_detail::{ScriptsSection, StepDetail};
use crate::state::{use_app_state, ResultOrigin, RunState};

/// The value of a row's `data-outcome`; cancelled steps count as skipped.
pub fn outcome_attr(outcome: StepOutcome) -> &'static str {
    match outcome {
        StepOutcome::Pass => "pass",
        StepOutcome::Fail => "fail",
        StepOutcome::Error => "error",
        StepOutcome::Skipped | StepOutcome::Cancelled => "skipped",
    }
}

fn outcome_word(outcome: StepOutcome) -> &'static str {
    match outcome {
        StepOutcome::Pass => "Pass",
        StepOutcome::Fail => "Fail",
        StepOutcome::Error => "No response",
        StepOutcome::Skipped => "Skipped",
        StepOutcome::Cancelled => "Cancelled",
    }
}

/// "Expand all" and "Collapse all" set every row: how many times they were pressed, and the
/// last one pressed. A row clicked since the last press keeps its own state.
#[derive(Clone, Copy)]
struct ExpandAll(RwSignal<(u32, Option<bool>)>);

impl ExpandAll {
    fn press(self, open: bool) {
        self.0.update(|(presses, last)| {
            *presses += 1;
            *last = Some(open);
        });
    }
}

#[component]
pub fn ResultsPanel() -> impl IntoView {
    let state = use_app_state();
    let only_failures = RwSignal::new(false);
    let expand = ExpandAll(RwSignal::new((0, None)));
    provide_context(expand);
    let has_rows = move || !state.steps.with(Vec::is_empty) || state.result.with(Option::is_some);
    view! {
        <section class="panel" aria-labelledby="results-heading">
            <div class="results-head">
                <h2 id="results-heading">"4. Results"</h2>
                <ResultFileButtons />
            </div>
            {move || match state.origin.get() {
                ResultOrigin::File(name) => Some(view! {
                    <p class="notice" role="note">
                        {format!("Showing the result file {name}, read-only.")}
                    </p>
                }),
                ResultOrigin::Run => None,
            }}
            {move || {
                state.result.with(|r| {
                    r.as_ref()
                        .filter(|r| r.target.kind == TargetKind::Demo)
                        .map(|r| view! {
                            <p class="notice demo-run" role="note">
                                {format!(
                                    "Demo run: these results come from {}, not from a real SCIM server.",
                                    r.target.description,
                                )}
                            </p>
                        })
                })
            }}
            <RunNotes />
            <Show
                when=has_rows
                fallback=|| view! { <p class="muted">"Results appear here as each step finishes."</p> }
            >
                <Summary />
                <div class="toolbar">
                    <button on:click=move |_| expand.press(true)>"Expand all"</button>
                    <button on:click=move |_| expand.press(false)>"Collapse all"</button>
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || only_failures.get()
                            on:change=move |e| only_failures.set(event_target_checked(&e))
                        />
                        "Show only failures"
                    </label>
                </div>
                // Filtering is a class on the list, so rows have no effect of their own for it.
                <ol class="results" class:only-failures=move || only_failures.get()>
                    <For
                        each=move || state.steps.get().into_iter().enumerate()
                        // The pointer too: a row whose step a later secret changed is drawn again.
                        key=|(i, step)| (*i, Arc::as_ptr(step) as usize)
                        let:((_, step))
                    >
                        <StepRow step />
                    </For>
                </ol>
            </Show>
        </section>
    }
}

/// What concerns the whole run: its warnings and the initial script's output.
#[component]
fn RunNotes() -> impl IntoView {
    let state = use_app_state();
    move || {
        let result = state.result.get()?;
        let script = result.environment.initial_script_result.clone();
        if result.warnings.is_empty() && script.is_none() {
            return None;
        }
        Some(view! {
            <div class="run-notes">
                {(!result.warnings.is_empty()).then(|| view! {
                    <ul class="warnings">
                        {result.warnings.iter().map(|w| view! { <li>{w.message.clone()}</li> }).collect_view()}
                    </ul>
                })}
                {script.map(|s| view! { <ScriptsSection scripts=vec![s] /> })}
            </div>
        })
    }
}

#[component]
fn Summary() -> impl IntoView {
    let state = use_app_state();
    // [passed, failed, no response, skipped] for steps; [passed, failed, errored] for assertions.
    let counts = Memo::new(move |_| {
        state.steps.with(|steps| {
            let (mut c, mut a) = ([0usize; 4], [0usize; 3]);
            for s in steps {
                c[match s.outcome {
                    StepOutcome::Pass => 0,
                    StepOutcome::Fail => 1,
                    StepOutcome::Error => 2,
                    _ => 3,
                }] += 1;
                for x in &s.assertions {
                    match x.outcome {
                        AssertionOutcome::Pass => a[0] += 1,
                        AssertionOutcome::Fail => a[1] += 1,
                        AssertionOutcome::Error => a[2] += 1,
                        AssertionOutcome::Skipped => {}
                    }
                }
            }
            (c, a)
        })
    });
    let verdict = move || {
        let (c, _) = counts.get();
        match state.run_state.get() {
            RunState::Running => ("running", "Running…"),
            RunState::Cancelled => ("cancelled", "Cancelled"),
            _ if c[1] + c[2] == 0 => ("pass", "Passed"),
            _ => ("fail", "Failed"),
        }
    };
    let duration = move || {
        state.result.with(|r| {
            r.as_ref()
                .map(|r| format!("{:.1} s", r.duration_ms / 1000.0))
        })
    };
    view! {
        <div class="summary" data-verdict=move || verdict().0>
            <strong class="verdict" role="status">{move || verdict().1}</strong>
            <span>{move || {
                let (c, _) = counts.get();
                format!("Steps: {} passed, {} failed, {} no response, {} skipped", c[0], c[1], c[2], c[3])
            }}</span>
            <span>{move || {
                let (_, [p, f, e]) = counts.get();
                let errored = if e > 0 { format!(", {e} could not be evaluated") } else { String::new() };
                format!("Assertions: {p} passed, {f} failed{errored}")
            }}</span>
            {move || duration().map(|d| view! { <span>{format!("Duration: {d}")}</span> })}
        </div>
    }
}

#[component]
fn StepRow(step: Arc<StepResult>) -> impl IntoView {
    let ExpandAll(expand) = expect_context::<ExpandAll>();
    // Failed steps start open; a press of Expand or Collapse all made before the row
    // existed does not apply to it.
    let failed = matches!(step.outcome, StepOutcome::Fail | StepOutcome::Error);
    let clicked = RwSignal::new((expand.get_untracked().0, failed));
    let open = move || {
        let (presses, all) = expand.get();
        match (clicked.get(), all) {
            ((at, _), Some(all)) if at < presses => all,
            ((_, mine), _) => mine,
        }
    };
    let path = step
        .path
        .iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join(".");
    let method = step
        .request
        .as_ref()
        .map(|r| r.method.clone())
        .unwrap_or_else(|| step.step_type.clone());
    let url = step
        .request
        .as_ref()
        .map(|r| r.url.clone())
        .unwrap_or_default();
    let status = match (&step.response, &step.failure) {
        (Some(r), _) => r.status.to_string(),
        (None, Some(f)) => format!("{:?}", f.kind).to_lowercase(),
        _ => String::new(),
    };
    let time = if step.duration_ms > 0.0 {
        format!("{:.0} ms", step.duration_ms)
    } else {
        String::new()
    };
    let detail_step = step.clone();
    let index_label = path.clone();
    view! {
        <li
            class="step"
            data-step=path.clone()
            data-outcome=outcome_attr(step.outcome)
        >
            <button
                class="step-line"
                aria-expanded=move || open().to_string()
                on:click=move |_| {
                    let now = !open();
                    clicked.set((expand.get_untracked().0, now));
                }
            >
                <span class="step-index">{index_label}</span>
                <span class="outcome">{outcome_word(step.outcome)}</span>
                <span class="method">{method}</span>
                <span class="url-cell">
                    <span class="url">{url}</span>
                    <span class="step-note">{step.note.clone()}</span>
                </span>
                <span class="status">{status}</span>
                <span class="time">{time}</span>
            </button>
            {move || open().then(|| view! { <StepDetail step=detail_step.clone() /> })}
        </li>
    }
}
