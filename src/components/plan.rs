//! The plan: the loaded file's tests and their steps in order, before anything runs, with
//! what cannot run as written marked on its step and summed up above. A bucket export (a
//! file of several tests) lists each test with a box to pick it.
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use suite_engine::{Problems, Suite};

use crate::components::hosts::HostsView;
use crate::state::use_app_state;
use crate::step_summary::{summarize, StepSummary};

/// Steps listed at first, and added by each "List more": a suite of 100,000 steps costs no
/// more to draw, and to keep marked while variables are typed, than one of a few hundred.
const LISTED_FIRST: usize = 200;
const LISTED_MORE: usize = 1000;

/// Each step's problems (those of steps nested in it included), by the step's index.
type ProblemsByStep = HashMap<usize, Vec<String>>;

#[component]
pub fn PlanView() -> impl IntoView {
    let state = use_app_state();
    let loaded = state.select(|s| s.suite().cloned());
    // The names the environment will give: values typed in, and what the initial script sets.
    let supplied = state.select(|s| {
        let env = s.environment();
        let mut names: Vec<String> = env
            .variables
            .iter()
            .filter(|v| !v.value.is_empty())
            .map(|v| v.name.clone())
            .collect();
        names.extend(env.script_sets());
        names.sort();
        names.dedup();
        names
    });
    move || {
        loaded.get().map(|loaded| {
            let several = loaded.is_bucket || loaded.tests.len() > 1;
            let title = loaded.title();
            let file_name = loaded.file_name.clone();
            let tests = loaded.tests.clone();
            let count = tests.len();
            view! {
                <section class="panel" aria-labelledby="plan-heading">
                    <h2 id="plan-heading">{title}</h2>
                    {several.then(|| view! {
                        <p class="muted">
                            {format!("{file_name} holds {count} tests (a bucket export). Pick the ones to run; they run in order, each from the same environment.")}
                        </p>
                        <div class="actions">
                            <button on:click=move |_| { state.update(|s| s.select_all(true)); }>"Pick all"</button>
                            <button on:click=move |_| { state.update(|s| s.select_all(false)); }>"Pick none"</button>
                        </div>
                    })}
                    {tests.into_iter().enumerate().map(|(index, test)| view! {
                        <TestPlan index test several file_name=file_name.clone() supplied />
                    }).collect_view()}
                    <HostsView />
                </section>
            }
        })
    }
}

/// One test's plan: description, counts, problems, steps.
#[component]
fn TestPlan(
    index: usize,
    test: Arc<Suite>,
    several: bool,
    file_name: String,
    supplied: Memo<Vec<String>>,
) -> impl IntoView {
    let state = use_app_state();
    let problems = {
        let test = test.clone();
        Memo::new(move |_| supplied.with(|names| test.problems(names)))
    };
    let rows: Vec<StepSummary> = test.steps.iter().map(summarize).collect();
    let pause_seconds: f64 = rows.iter().filter_map(|r| r.pause_seconds).sum();
    let pauses = rows.iter().filter(|r| r.pause_seconds.is_some()).count();
    let name = if test.name.trim().is_empty() {
        format!("Test {}", index + 1)
    } else {
        test.name.clone()
    };
    let picked = state.select(move |s| s.selected().get(index).copied().unwrap_or(false));
    let line = plan_line(rows.len(), &file_name, pauses, pause_seconds);
    let steps = view! { <PlanSteps rows problems /> };
    let summary = move || {
        problems.with(|p| {
            (!p.is_empty())
                .then(|| view! { <p class="problems-summary" role="note">{p.summary()}</p> })
        })
    };
    if several {
        view! {
            <div class="test-plan">
                <div class="test-pick">
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || picked.get()
                            on:change=move |e| {
                                let on = event_target_checked(&e);
                                state.update(|s| s.select_test(index, on));
                            }
                        />
                        {format!("Run {name}")}
                    </label>
                    <span class="muted">{line}</span>
                </div>
                {summary}
                <details>
                    <summary>{format!("Steps of {name}")}</summary>
                    <p class="muted">{test.description.clone()}</p>
                    {steps}
                </details>
            </div>
        }
        .into_any()
    } else {
        view! {
            <p class="muted">{test.description.clone()}</p>
            <p class="muted">{line}</p>
            {summary}
            <details class="plan" open>
                <summary>"Steps"</summary>
                {steps}
            </details>
        }
        .into_any()
    }
}

/// The first [`LISTED_FIRST`] steps, and more on request.
#[component]
fn PlanSteps(rows: Vec<StepSummary>, problems: Memo<Problems>) -> impl IntoView {
    let total = rows.len();
    let rows = Arc::new(rows);
    let listed = RwSignal::new(LISTED_FIRST.min(total));
    let by_step = Memo::new(move |_| {
        problems.with(|p| {
            let mut by_step = ProblemsByStep::new();
            for item in &p.items {
                if let Some(&index) = item.path.first() {
                    by_step.entry(index).or_default().push(item.message.clone());
                }
            }
            by_step
        })
    });
    let more = move || {
        let now = listed.get();
        (now < total).then(|| {
            let next = LISTED_MORE.min(total - now);
            view! {
                <p class="plan-more">
                    <span class="muted">{format!("{now} of {total} steps listed.")}</span>
                    " "
                    <button on:click=move |_| listed.update(|n| *n += next)>
                        {format!("List {next} more")}
                    </button>
                </p>
            }
        })
    };
    view! {
        <ol class="plan">
            <For each=move || 0..listed.get() key=|index| *index let:index>
                {rows.get(index).cloned().map(|row| view! { <PlanRow index row by_step /> })}
            </For>
        </ol>
        {more}
    }
}

#[component]
fn PlanRow(index: usize, row: StepSummary, by_step: Memo<ProblemsByStep>) -> impl IntoView {
    // This step's problems and those of steps nested in it.
    let mine = Memo::new(move |_| by_step.with(|b| b.get(&index).cloned().unwrap_or_default()));
    let number = index + 1;
    view! {
        <li data-step=number data-step-type=row.kind data-problem=move || mine.with(|m| !m.is_empty()).to_string()>
            <span class="step-index">{number}</span>
            <span class="method">{row.label}</span>
            <span class="url-cell">
                <span class="url">{row.target}</span>
                <span class="step-note">{row.note}</span>
                {move || {
                    let mine = mine.get();
                    (!mine.is_empty()).then(|| view! {
                        <ul class="step-problems">
                            {mine.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                        </ul>
                    })
                }}
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
