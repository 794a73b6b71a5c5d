//! One step opened: why it failed first (the assertions that did not hold, or why no response
//! came), then the request, the response, the timings, the other assertions, the variables
//! and the scripts. Built only when a row opens, so a long run costs nothing until someone
//! looks.
use std::sync::Arc;

use leptos::prelude::*;
use session::{cause_of, curl_command, raw_terms, sentence};
use suite_engine::{
    AssertionOutcome, AssertionResult, Header, ReceivedResponse, ScriptKind, ScriptResult,
    SentRequest, StepOutcome, StepResult, WarningKind,
};

use crate::browser::copy_text;
use crate::components::causes::SharedCauses;
use crate::components::failure_help::FailureHelp;
use crate::components::results::TestIndex;
use crate::run;
use crate::state::use_app_state;

/// Values longer than this are shortened, with a way to see them whole.
const SHORT: usize = 160;

/// "Run this step again", and the re-runs beside the first run.
#[component]
fn Reruns(step: Arc<StepResult>) -> impl IntoView {
    let state = use_app_state();
    let TestIndex(test) = expect_context::<TestIndex>();
    let can = {
        let step = step.clone();
        state.select(move |s| s.can_rerun(test, &step))
    };
    let runs = {
        let step = step.clone();
        state.select(move |s| s.reruns_of(test, &step))
    };
    let waiting = RwSignal::new(false);
    let run_again = {
        let step = step.clone();
        move |_| {
            if let Some(plan) = state.read_untracked(|s| s.rerun_plan(test, &step)) {
                waiting.set(true);
                run::rerun(state, plan);
            }
        }
    };
    // A new re-run ends the wait.
    Effect::new(move |seen: Option<usize>| {
        let n = runs.with(Vec::len);
        if seen.is_some_and(|before| n > before) {
            waiting.set(false);
        }
        n
    });
    view! {
        <div class="reruns">
            <Show when=move || can.get()>
                <button on:click=run_again.clone() disabled=move || waiting.get()>
                    {move || if waiting.get() { "Running again…" } else { "Run this step again" }}
                </button>
                <span class="hint">" with the variables it had, beside this run"</span>
            </Show>
            {move || runs.get().into_iter().enumerate().map(|(i, again)| {
                let word = match again.outcome {
                    StepOutcome::Pass => "passed",
                    StepOutcome::Fail => "failed",
                    StepOutcome::Error => "got no response",
                    _ => "did not run",
                };
                let why = session::row_reason(&again).map(|r| format!(": {r}")).unwrap_or_default();
                let outcome = format!("{:?}", again.outcome).to_lowercase();
                view! {
                    <details class="rerun" data-outcome=outcome>
                        <summary>{format!("Run again ({}) {word}{why}", i + 1)}</summary>
                        // A step shown inside a step: erased, so the two components' view
                        // types do not contain each other.
                        {view! { <StepDetail step=again again=true /> }.into_any()}
                    </details>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn StepDetail(
    step: Arc<StepResult>,
    /// A re-run shown beside the first run: no controls of its own.
    #[prop(optional)]
    again: bool,
) -> impl IntoView {
    let SharedCauses(causes) = expect_context::<SharedCauses>();
    let s = step.clone();
    let (failing, holding): (Vec<AssertionResult>, Vec<AssertionResult>) = s
        .assertions
        .iter()
        .cloned()
        .partition(|a| matches!(a.outcome, AssertionOutcome::Fail | AssertionOutcome::Error));
    let none_evaluated = holding
        .iter()
        .all(|a| a.outcome == AssertionOutcome::Skipped);
    // Headers not sent are listed with the request.
    let warnings: Vec<String> = s
        .warnings
        .iter()
        .filter(|w| w.kind != WarningKind::HeaderNotSent)
        .map(|w| w.message.clone())
        .collect();
    let failure = s.failure.clone();
    let request = s.request.clone();
    let shared = {
        let step = step.clone();
        move || causes.with(|c| cause_of(c, &step).is_some())
    };
    let rerun_step = step.clone();
    view! {
        <div class="step-detail">
            {(!again && s.step_type == "request").then(|| view! { <Reruns step=rerun_step.clone() /> })}
            {(!failing.is_empty()).then(|| view! {
                <AssertionsSection title="What did not hold" assertions=failing />
            })}
            {failure.map(|f| {
                let request = request.clone();
                move || {
                    if shared() {
                        view! {
                            <p class="reason">
                                {format!("{}: the note above the steps says why and what to change.", f.kind.title())}
                            </p>
                        }
                        .into_any()
                    } else {
                        view! { <FailureHelp kind=f.kind message=f.message.clone() request=request.clone() /> }.into_any()
                    }
                }
            })}
            {(s.failure.is_none()).then(|| s.reason.clone()).flatten().map(|r| view! { <p class="reason">{r}</p> })}
            {(!warnings.is_empty()).then(|| view! {
                <ul class="warnings">
                    {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                </ul>
            })}
            {s.request.clone().map(|r| view! { <RequestSection request=r /> })}
            {s.response.clone().map(|r| view! { <ResponseSection response=r /> })}
            {(s.request.is_some()).then(|| view! { <TimingSection step=step.clone() /> })}
            {match (holding.is_empty(), none_evaluated) {
                (true, _) => None,
                (false, false) => Some(view! { <AssertionsSection title="Assertions" assertions=holding /> }.into_any()),
                (false, true) => Some(view! {
                    <details class="not-evaluated">
                        <summary>{format!("{} not evaluated: {}", count(holding.len(), "assertion"), if s.outcome == StepOutcome::Error { "the step got no response" } else { "the step did not run" })}</summary>
                        <AssertionsSection title="Assertions" assertions=holding />
                    </details>
                }.into_any()),
            }}
            {(!s.variables.is_empty()).then(|| view! { <VariablesSection step=step.clone() /> })}
            {(!s.scripts.is_empty()).then(|| view! { <ScriptsSection scripts=s.scripts.clone() /> })}
            {s.condition.clone().map(|c| view! {
                <p>{format!("Condition: {:?} {} {:?}: {}", c.left, c.comparison, c.right,
                    if c.held { "held, nested steps ran" } else { "did not hold, nested steps skipped" })}</p>
            })}
        </div>
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn headers_table(headers: &[Header]) -> impl IntoView {
    view! {
        <table class="kv">
            <tbody>
                {headers.iter().map(|h| view! {
                    <tr><th scope="row">{h.name.clone()}</th><td>{h.value.clone()}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Copies the request as a curl command; with the box ticked, the tester's own secret values
/// are put back where the request shows them masked.
#[component]
fn CopyAsCurl(request: SentRequest) -> impl IntoView {
    let state = use_app_state();
    let with_secrets = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let text = if with_secrets.get_untracked() {
            let values: Vec<(String, String)> = state.read_untracked(|s| {
                s.environment()
                    .variables
                    .iter()
                    .map(|v| (v.name.clone(), v.value.clone()))
                    .collect()
            });
            let value_of = move |name: &str| {
                values
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            };
            curl_command(&request, Some(&value_of))
        } else {
            curl_command(&request, None)
        };
        copy_text(&text);
        copied.set(true);
    };
    view! {
        <div class="actions curl">
            <button on:click=copy>{move || if copied.get() { "Copied" } else { "Copy as curl" }}</button>
            <label class="check small">
                <input
                    type="checkbox"
                    prop:checked=move || with_secrets.get()
                    on:change=move |e| {
                        with_secrets.set(event_target_checked(&e));
                        copied.set(false);
                    }
                />
                "with my secret values"
            </label>
        </div>
    }
}

#[component]
fn RequestSection(request: SentRequest) -> impl IntoView {
    let not_sent = request.headers_not_sent.clone();
    let for_curl = request.clone();
    view! {
        <section class="detail">
            <h3>"Request"</h3>
            <p class="mono">{format!("{} {}", request.method, request.url)}</p>
            <CopyAsCurl request=for_curl />
            {headers_table(&request.headers)}
            {(!not_sent.is_empty()).then(|| view! {
                <div class="not-sent">
                    <h4>"Not sent: browsers do not let a page set these"</h4>
                    <ul>
                        {not_sent.iter().map(|h| view! {
                            <li><strong>{h.name.clone()}</strong>": "{h.reason.clone()}</li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {request.body.map(|b| view! { <BodyView text=b.text size=b.size_bytes truncated=b.truncated /> })}
        </section>
    }
}

#[component]
fn ResponseSection(response: ReceivedResponse) -> impl IntoView {
    view! {
        <section class="detail">
            <h3>"Response"</h3>
            <p class="mono">{format!("{} {}", response.status, response.reason)}</p>
            {headers_table(&response.headers)}
            <p class="hint">
                "A page sees only the response headers the server exposes through CORS."
            </p>
            <BodyView text=response.body.text size=response.body.size_bytes truncated=response.body.truncated />
        </section>
    }
}

/// A body, pretty-printed when it is JSON, with a raw view.
#[component]
fn BodyView(text: String, size: u64, truncated: bool) -> impl IntoView {
    let raw = RwSignal::new(false);
    let pretty = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok());
    let is_json = pretty.is_some();
    let shown = move || {
        if raw.get() {
            text.clone()
        } else {
            pretty.clone().unwrap_or_else(|| text.clone())
        }
    };
    view! {
        <div class="body">
            <div class="body-head">
                <span class="muted">
                    {format!("Body, {size} bytes{}", if truncated { ", cut to the size limit" } else { "" })}
                </span>
                {is_json.then(|| view! {
                    <button class="link" on:click=move |_| raw.update(|r| *r = !*r)>
                        {move || if raw.get() { "Pretty" } else { "Raw" }}
                    </button>
                })}
            </div>
            // Focusable, so a keyboard can scroll a long body.
            <pre class="code" tabindex="0" aria-label="Body">{shown}</pre>
        </div>
    }
}

/// Where the step's time went; the parts add up to the time its row shows.
#[component]
fn TimingSection(step: Arc<StepResult>) -> impl IntoView {
    let timings = step.response.as_ref().and_then(|r| r.timings);
    let exchange = step.response.as_ref().map(|r| r.time_ms);
    let total = step.duration_ms;
    let row = |name: &'static str, ms: Option<f64>| {
        ms.map(|ms| view! { <tr><th scope="row">{name}</th><td>{format!("{ms:.1} ms")}</td></tr> })
    };
    let rest = exchange.map(|e| (total - e).max(0.0));
    let detailed = timings.is_some_and(|t| t.ttfb_ms.is_some());
    view! {
        <section class="detail">
            <h3>"Timing"</h3>
            <table class="kv">
                <tbody>
                    {timings.filter(|_| detailed).map(|t| view! {
                        {row("DNS", t.dns_ms)}
                        {row("Connect", t.connect_ms)}
                        {row("TLS", t.tls_ms)}
                        {row("Waiting (TTFB)", t.ttfb_ms)}
                        {row("Download", t.download_ms)}
                    })}
                    {row("Request and response", exchange)}
                    {row("Scripts, extraction and assertions", rest)}
                    {row("Step in all", Some(total))}
                </tbody>
            </table>
            {(!detailed && exchange.is_some()).then(|| view! {
                <p class="hint">
                    "The phases (DNS, connect, waiting) are hidden: the server does not send Timing-Allow-Origin."
                </p>
            })}
        </section>
    }
}

/// A value shown whole when short, else shortened with a way to see it whole.
fn long_value(text: String) -> AnyView {
    let count = text.chars().count();
    if count <= SHORT {
        return view! { <span class="mono">{text}</span> }.into_any();
    }
    let head: String = text.chars().take(SHORT).collect();
    view! {
        <span class="mono">{format!("{head}…")}</span>
        <details class="whole">
            <summary>{format!("Show all {count} characters")}</summary>
            <pre class="code" tabindex="0">{text}</pre>
        </details>
    }
    .into_any()
}

#[component]
fn AssertionsSection(title: &'static str, assertions: Vec<AssertionResult>) -> impl IntoView {
    view! {
        <section class="detail">
            <h3>{title}</h3>
            <table class="assertions">
                <thead>
                    <tr><th scope="col">"Assertion"</th><th scope="col">"Expected"</th><th scope="col">"Actual"</th><th scope="col">"Result"</th></tr>
                </thead>
                <tbody>
                    {assertions.into_iter().map(|a| {
                        let outcome = match a.outcome {
                            AssertionOutcome::Pass => "pass",
                            AssertionOutcome::Fail => "fail",
                            AssertionOutcome::Error => "error",
                            AssertionOutcome::Skipped => "not run",
                        };
                        let actual = a.actual.clone().or_else(|| a.actual_missing.clone()).unwrap_or_default();
                        let terms = raw_terms(&a);
                        view! {
                            <tr data-outcome=outcome>
                                <td data-label="Assertion">
                                    <span class="sentence" title=terms.clone()>{sentence(&a)}</span>
                                    <span class="terms muted">{terms}</span>
                                </td>
                                <td data-label="Expected">{long_value(a.expected.clone().unwrap_or_default())}</td>
                                <td data-label="Actual">{long_value(actual)}</td>
                                <td data-label="Result">
                                    <span class="outcome">{outcome}</span>
                                    {a.message.clone().map(|m| view! { <div class="message">{m}</div> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn VariablesSection(step: Arc<StepResult>) -> impl IntoView {
    view! {
        <section class="detail">
            <h3>"Variables"</h3>
            <table class="kv">
                <tbody>
                    {step.variables.iter().map(|v| view! {
                        <tr>
                            <th scope="row">{v.name.clone()}</th>
                            <td class="mono">
                                {v.value.clone().unwrap_or_default()}
                                {v.error.clone().map(|e| view! { <span class="problem">{e}</span> })}
                            </td>
                            <td class="muted">{format!("{} {}", v.source, v.property)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

fn script_kind(kind: ScriptKind) -> &'static str {
    match kind {
        ScriptKind::Initial => "Initial",
        ScriptKind::PreRequest => "Pre-request",
        ScriptKind::PostResponse => "Post-response",
    }
}

/// Each script's errors, assertions and logs, in run order.
#[component]
pub fn ScriptsSection(scripts: Vec<ScriptResult>) -> impl IntoView {
    view! {
        <section class="detail">
            <h3>"Scripts"</h3>
            {scripts.iter().map(|s| view! {
                <div class="script">
                    <h4>{format!("{} script {}", script_kind(s.kind), s.index + 1)}</h4>
                    {s.error.clone().map(|e| view! { <p class="problem">{e.to_string()}</p> })}
                    <ul class="script-assertions">
                        {s.assertions.iter().map(|a| view! {
                            <li data-outcome=if a.passed { "pass" } else { "fail" }>
                                {if a.passed { "✓ " } else { "✗ " }}{a.message.clone()}
                                {a.expected.clone().map(|e| view! { <span class="mono">{format!(" expected {e}")}</span> })}
                                {a.actual.clone().map(|e| view! { <span class="mono">{format!(", actual {e}")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                    {(!s.logs.is_empty()).then(|| view! { <pre class="code" tabindex="0" aria-label="Script log">{s.logs.join("\n")}</pre> })}
                </div>
            }).collect_view()}
        </section>
    }
}
