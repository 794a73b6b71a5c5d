//! The plan: the loaded suite's steps in order, before anything runs.
use leptos::prelude::*;

use crate::state::use_app_state;
use crate::step_summary::{summarize, StepSummary};

#[component]
pub fn PlanView() -> impl IntoView {
    let state = use_app_state();
    let suite = state.select(|s| s.suite().cloned());
    move || {
        suite.get().map(|loaded| {
            let suite = loaded.suite;
            let rows: Vec<StepSummary> = suite.steps.iter().map(summarize).collect();
            let pause_seconds: f64 = rows.iter().filter_map(|r| r.pause_seconds).sum();
            let pauses = rows.iter().filter(|r| r.pause_seconds.is_some()).count();
            view! {
                <section class="panel" aria-labelledby="plan-heading">
                    <h2 id="plan-heading">
                        {if suite.name.trim().is_empty() { loaded.file_name.clone() } else { suite.name.clone() }}
                    </h2>
                    <p class="muted">{suite.description.clone()}</p>
                    <p class="muted">{plan_line(rows.len(), &loaded.file_name, pauses, pause_seconds)}</p>
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

/// "23 steps from okta.json. 11 pauses add 60 s."
fn plan_line(steps: usize, file: &str, pauses: usize, pause_seconds: f64) -> String {
    let mut line = match steps {
        0 => format!("{file} has no steps to run."),
        1 => format!("1 step from {file}."),
        n => format!("{n} steps from {file}."),
    };
    match pauses {
        0 => {}
        1 => line.push_str(&format!(" 1 pause adds {pause_seconds} s.")),
        n => line.push_str(&format!(" {n} pauses add {pause_seconds} s.")),
    }
    line
}
