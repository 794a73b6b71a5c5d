//! The plan: the loaded suite's steps in order, before anything runs.
use leptos::prelude::*;

use crate::state::use_app_state;
use crate::step_summary::{summarize, StepSummary};

#[component]
pub fn PlanView() -> impl IntoView {
    let state = use_app_state();
    move || {
        state.suite.get().map(|loaded| {
            let suite = loaded.suite;
            let rows: Vec<StepSummary> = suite.steps.iter().map(summarize).collect();
            let pause_seconds: f64 = rows.iter().filter_map(|r| r.pause_seconds).sum();
            let pauses = rows.iter().filter(|r| r.pause_seconds.is_some()).count();
            view! {
                <section class="panel" aria-labelledby="plan-heading">
                    <h2 id="plan-heading">{suite.name.clone()}</h2>
                    <p class="muted">{suite.description.clone()}</p>
                    <p class="muted">
                        {format!(
                            "{} steps from {}. {} pauses add {} s.",
                            rows.len(),
                            loaded.file_name,
                            pauses,
                            pause_seconds,
                        )}
                    </p>
                    <details class="plan" open>
                    <summary>"Steps"</summary>
                    <ol class="plan">
                        {rows
                            .into_iter()
                            .enumerate()
                            .map(|(index, row)| view! { <PlanRow index=index + 1 row=row /> })
                            .collect_view()}
                    </ol>
                    </details>
                </section>
            }
        })
    }
}

#[component]
fn PlanRow(index: usize, row: StepSummary) -> impl IntoView {
    view! {
        <li data-step=index data-step-type=row.kind>
            <span class="step-index">{index}</span>
            <span class="method">{row.label}</span>
            <span class="url-cell">
                <span class="url">{row.target}</span>
                <span class="step-note">{row.note}</span>
            </span>
            <span class="badge">{row.badge}</span>
        </li>
    }
}
