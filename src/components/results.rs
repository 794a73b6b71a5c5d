//! Step 4: what the run found. The verdict first, in words; then causes that several steps
//! share; filters; one row per step, each saying why it failed.
use leptos::prelude::*;
use session::{
    shared_causes, Cause, Filter, Origin, Phase, Replaces, Session, TestStatus, VerdictKind,
};
use suite_engine::{RunOutcome, TargetKind};

use crate::components::causes::{CausesView, SharedCauses};
use crate::components::result_file::ResultFileButtons;
use crate::components::step_detail::ScriptsSection;
use crate::components::step_list::StepList;
use crate::on_demand;
use crate::state::{settled, use_app_state};
use crate::storage;

#[component]
pub fn ResultsPanel() -> impl IntoView {
    let state = use_app_state();
    let has_results = state.select(|s| s.results().is_some());
    view! {
        <section class="panel results-panel" aria-labelledby="results-heading">
            <div class="results-head">
                <h2 id="results-heading">"4. Results"</h2>
                <ResultFileButtons />
            </div>
            <OpenConfirmation />
            <Show
                when=move || has_results.get()
                fallback=|| view! { <p class="muted">"Results appear here as each step finishes."</p> }
            >
                <Suspense>{Suspend::new(async { on_demand::show(on_demand::results().await) })}</Suspense>
            </Show>
        </section>
    }
}

/// The results shown: what they are, the verdict, the filters and each test's steps (a module
/// of its own: src/on_demand.rs).
#[component]
pub fn ResultsBody() -> impl IntoView {
    let state = use_app_state();
    let filter = RwSignal::new(Filter::default());
    let tests = state.select(|s| s.results().map_or(0, |r| r.tests.len()));
    view! {
        <AboutResults />
        <VerdictView />
        <Filters filter />
        <For each=move || 0..tests.get() key=|i| *i let:index>
            <TestSection index filter several=Signal::derive(move || tests.get() > 1) />
        </For>
    }
}

/// Opening a result over a run going, or over one made here, asks first.
#[component]
fn OpenConfirmation() -> impl IntoView {
    let state = use_app_state();
    let pending = state.select(|s| s.pending_open().map(|p| (p.origin.clone(), p.replaces)));
    move || {
        let (origin, replaces) = pending.get()?;
        let what = match &origin {
            Origin::File(name) => format!("Open {name}?"),
            _ => "Open the shared result?".into(),
        };
        let why = match replaces {
            Replaces::RunningRun => "A run is going: opening this result cancels it.",
            Replaces::FinishedRun => {
                "It replaces the results of the run you made here. Export them first if you want to keep them."
            }
        };
        Some(view! {
            <div class="confirm" role="alertdialog" aria-labelledby="confirm-what" aria-describedby="confirm-why">
                <p><strong id="confirm-what">{what}</strong>" "<span id="confirm-why">{why}</span></p>
                <div class="actions">
                    <button class="primary" on:click=move |_| {
                        if replaces == Replaces::RunningRun {
                            state.cancel_run();
                        }
                        state.update(Session::confirm_open);
                        let exported = state.read_untracked(|s| {
                            s.results().map(|r| suite_engine::bundle_to_json(&r.finished()))
                        });
                        if let Some(text) = exported {
                            storage::keep_result(&text);
                        }
                    }>"Open it"</button>
                    <button on:click=move |_| { state.update(Session::keep_current); }>"Keep what is shown"</button>
                </div>
            </div>
        })
    }
}

/// What the results are: a run here, or a read-only result with its suite, time, target
/// and tool.
#[component]
fn AboutResults() -> impl IntoView {
    let state = use_app_state();
    let about = state.select(|s| {
        let r = s.results()?;
        let result = r.tests.iter().find_map(|t| t.result.clone())?;
        Some((r.origin.clone(), result, r.tests.len()))
    });
    move || {
        let (origin, result, tests) = about.get()?;
        let source = match origin {
            Origin::Run => None,
            Origin::File(name) => Some(format!("Read-only result, opened from {name}.")),
            Origin::Link => Some("Read-only result, opened from a share link.".into()),
            Origin::Restored => Some(
                "Read-only result: your last results, kept from before the page reloaded.".into(),
            ),
        };
        let target = match result.target.kind {
            TargetKind::Demo => format!(
                "Demo run: these results come from {}, not from a real SCIM server.",
                result.target.description
            ),
            TargetKind::Server => String::new(),
        };
        let when = result
            .started_at
            .replace('T', " ")
            .trim_end_matches('Z')
            .to_string();
        let suite = match tests {
            1 if result.suite.name.is_empty() => "an unnamed suite".to_string(),
            1 => result.suite.name.clone(),
            n => format!("{n} tests"),
        };
        Some(view! {
            <div class="about-results">
                {source.map(|s| view! { <p class="notice read-only" role="note">{s}</p> })}
                {(!target.is_empty()).then(|| view! { <p class="notice demo-run" role="note">{target}</p> })}
                <p class="muted about-line">
                    {format!("{suite} · started {when} UTC · {:.1} s · {} {}", result.duration_ms / 1000.0, result.tool.name, result.tool.version)}
                </p>
            </div>
        })
    }
}

#[component]
fn VerdictView() -> impl IntoView {
    let state = use_app_state();
    let verdict = state.select(Session::verdict);
    let phase = state.select(Session::phase);
    // One announcement when the run ends: a live region that exists before it is filled.
    let announced = move || {
        if phase.get() != Phase::Finished {
            return String::new();
        }
        verdict
            .get()
            .map(|v| {
                let parts: Vec<String> = [Some(v.headline), v.tests, v.required, Some(v.counts)]
                    .into_iter()
                    .flatten()
                    .collect();
                parts.join(". ")
            })
            .unwrap_or_default()
    };
    view! {
        <div class="sr-only" role="status">{announced}</div>
        {move || verdict.get().map(|v| view! {
            <div class="summary" data-verdict=v.kind.as_str()>
                <strong class="verdict">{v.headline.clone()}</strong>
                {v.tests.clone().map(|t| view! { <span class="tests-line">{t}</span> })}
                {v.required.clone().map(|r| view! { <span class="required-line">{r}</span> })}
                <span class="counts">{v.counts.clone()}</span>
                {(v.kind == VerdictKind::Running).then(|| view! { <span class="muted">"so far"</span> })}
            </div>
        })}
    }
}

/// Which test of the run a component shows.
#[derive(Clone, Copy)]
pub struct TestIndex(pub usize);

/// One test's results: its heading when the run held several, what concerns it as a whole,
/// causes its steps share, and its steps.
#[component]
fn TestSection(index: usize, filter: RwSignal<Filter>, several: Signal<bool>) -> impl IntoView {
    let state = use_app_state();
    let rows = state.select(move |s| {
        s.results()
            .and_then(|r| r.tests.get(index))
            .map(|t| t.rows.clone())
            .unwrap_or_default()
    });
    let causes: Memo<Vec<Cause>> = Memo::new(move |_| rows.with(|r| shared_causes(r)));
    provide_context(causes);
    provide_context(SharedCauses(settled(move || {
        causes.with(|c| c.iter().map(Cause::key).collect())
    })));
    provide_context(TestIndex(index));
    let heading = state.select(move |s| {
        let r = s.results()?;
        let t = r.tests.get(index)?;
        let status = match (t.status, t.outcome()) {
            (TestStatus::Waiting, _) => "waiting",
            (TestStatus::Running, _) => "running",
            (TestStatus::NotRun, _) => "not run: the run was cancelled",
            (_, Some(RunOutcome::Passed)) => "passed",
            (_, Some(RunOutcome::Failed)) => "failed",
            (_, _) => "cancelled",
        };
        let name = if t.name.trim().is_empty() {
            "Unnamed test".to_string()
        } else {
            t.name.clone()
        };
        Some(format!(
            "Test {} of {}: {name} ({status})",
            index + 1,
            r.tests.len()
        ))
    });
    view! {
        <section class="test-section" aria-label=move || heading.get().unwrap_or_default()>
            {move || several.get().then(|| view! { <h3 class="test-heading">{heading.get()}</h3> })}
            <TestNotes index />
            <CausesView />
            <StepList filter rows prefix=format!("t{index}") />
        </section>
    }
}

/// What concerns a test as a whole: its warnings, and what the initial script set and logged.
#[component]
fn TestNotes(index: usize) -> impl IntoView {
    let state = use_app_state();
    let notes = state.select(move |s| {
        let t = s.results()?.tests.get(index)?;
        let warnings: Vec<String> = t
            .result
            .as_ref()
            .map(|x| x.warnings.iter().map(|w| w.message.clone()).collect())
            .unwrap_or_default();
        Some((warnings, t.initial_script.clone()))
    });
    move || {
        let (warnings, script) = notes.get()?;
        if warnings.is_empty() && script.is_none() {
            return None;
        }
        let set = script
            .as_ref()
            .map(|s| s.variables_set.clone())
            .unwrap_or_default();
        Some(view! {
            <div class="run-notes">
                {(!warnings.is_empty()).then(|| view! {
                    <ul class="warnings">
                        {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                    </ul>
                })}
                {(!set.is_empty()).then(|| view! {
                    <div class="script-values">
                        <h3>"Values the initial script set"</h3>
                        <table class="kv">
                            <tbody>
                                {set.into_iter().map(|v| view! {
                                    <tr><th scope="row">{v.name}</th><td class="mono">{v.value}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })}
                {script.filter(|s| s.error.is_some() || !s.logs.is_empty() || !s.assertions.is_empty())
                    .map(|s| view! { <ScriptsSection scripts=vec![s] /> })}
            </div>
        })
    }
}

#[component]
fn Filters(filter: RwSignal<Filter>) -> impl IntoView {
    let state = use_app_state();
    let marks_required = state.select(|s| s.summary().is_some_and(|x| x.required.is_some()));
    view! {
        <div class="toolbar filters" role="group" aria-label="Filter the steps">
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || filter.with(|f| f.failed_only)
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        filter.update(|f| f.failed_only = on);
                    }
                />
                "Failed only"
            </label>
            <Show when=move || marks_required.get()>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || filter.with(|f| f.required_only)
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            filter.update(|f| f.required_only = on);
                        }
                    />
                    "Required tests only"
                </label>
            </Show>
            <label class="inline">
                "Status "
                <select on:change=move |e| {
                    let class = event_target_value(&e).parse::<u16>().ok();
                    filter.update(|f| f.status_class = class);
                }>
                    <option value="" selected=move || filter.with(|f| f.status_class.is_none())>"any"</option>
                    {[2u16, 3, 4, 5].into_iter().map(|c| view! {
                        <option value=c.to_string() selected=move || filter.with(|f| f.status_class == Some(c))>
                            {format!("{c}xx")}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label class="inline search">
                "Find "
                <input
                    type="search"
                    placeholder="in notes and URLs"
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |e| {
                        let text = event_target_value(&e);
                        filter.update(|f| f.text = text);
                    }
                />
            </label>
        </div>
    }
}
