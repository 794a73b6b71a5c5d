//! One step opened: request, response, connection, assertions, variables, scripts.
//! Built only when a row opens, so a long run costs nothing until someone looks.
use std::sync::Arc;

use leptos::prelude::*;
use suite_engine::{
    AssertionOutcome, Header, ReceivedResponse, ScriptKind, ScriptResult, SentRequest, StepResult,
    Timings,
};

use crate::components::failure_help::FailureHelp;

#[component]
pub fn StepDetail(step: Arc<StepResult>) -> impl IntoView {
    let s = step.clone();
    view! {
        <div class="step-detail">
            {s.reason.clone().map(|r| view! { <p class="reason">{r}</p> })}
            {(!s.warnings.is_empty()).then(|| view! {
                <ul class="warnings">
                    {s.warnings.iter().map(|w| view! { <li>{w.message.clone()}</li> }).collect_view()}
                </ul>
            })}
            {s.failure.clone().map(|f| view! { <FailureHelp failure=f request=s.request.clone() /> })}
            {s.request.clone().map(|r| view! { <RequestSection request=r /> })}
            {s.response.clone().map(|r| view! { <ResponseSection response=r /> })}
            {(s.request.is_some()).then(|| view! { <ConnectionSection step=step.clone() /> })}
            {(!s.assertions.is_empty()).then(|| view! { <AssertionsSection step=step.clone() /> })}
            {(!s.variables.is_empty()).then(|| view! { <VariablesSection step=step.clone() /> })}
            {(!s.scripts.is_empty()).then(|| view! { <ScriptsSection scripts=s.scripts.clone() /> })}
            {s.pause.map(|p| view! {
                <p>{format!("Waited {:.1} s of {:.1} s.", p.waited_ms / 1000.0, p.requested_ms / 1000.0)}</p>
            })}
            {s.condition.clone().map(|c| view! {
                <p>{format!("Condition: {:?} {} {:?}: {}", c.left, c.comparison, c.right,
                    if c.held { "held, nested steps ran" } else { "did not hold, nested steps skipped" })}</p>
            })}
        </div>
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

#[component]
fn RequestSection(request: SentRequest) -> impl IntoView {
    let not_sent = request.headers_not_sent.clone();
    view! {
        <section class="detail">
            <h3>"Request"</h3>
            <p class="mono">{format!("{} {}", request.method, request.url)}</p>
            {headers_table(&request.headers)}
            {(!not_sent.is_empty()).then(|| view! {
                <div class="not-sent">
                    <h4>"Headers the browser refused to send"</h4>
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
            <pre class="code">{shown}</pre>
        </div>
    }
}

#[component]
fn ConnectionSection(step: Arc<StepResult>) -> impl IntoView {
    let timings: Option<Timings> = step.response.as_ref().and_then(|r| r.timings);
    let total = step.response.as_ref().map(|r| r.time_ms);
    let row = |name: &'static str, ms: Option<f64>| {
        ms.map(|ms| view! { <tr><th scope="row">{name}</th><td>{format!("{ms:.1} ms")}</td></tr> })
    };
    let detailed = timings.is_some_and(|t| t.ttfb_ms.is_some());
    view! {
        <section class="detail">
            <h3>"Connection"</h3>
            <table class="kv">
                <tbody>
                    {timings.map(|t| view! {
                        {row("DNS", t.dns_ms)}
                        {row("Connect", t.connect_ms)}
                        {row("TLS", t.tls_ms)}
                        {row("Waiting (TTFB)", t.ttfb_ms)}
                        {row("Download", t.download_ms)}
                    })}
                    {row("Total", total)}
                </tbody>
            </table>
            {(!detailed).then(|| view! {
                <p class="hint">
                    "Only the total is known: the server does not send Timing-Allow-Origin, so the browser hides the phases."
                </p>
            })}
        </section>
    }
}

#[component]
fn AssertionsSection(step: Arc<StepResult>) -> impl IntoView {
    view! {
        <section class="detail">
            <h3>"Assertions"</h3>
            <table class="assertions">
                <thead>
                    <tr><th>"Source"</th><th>"Property"</th><th>"Comparison"</th><th>"Expected"</th><th>"Actual"</th><th>"Result"</th></tr>
                </thead>
                <tbody>
                    {step.assertions.iter().map(|a| {
                        let outcome = match a.outcome {
                            AssertionOutcome::Pass => "pass",
                            AssertionOutcome::Fail => "fail",
                            AssertionOutcome::Error => "error",
                            AssertionOutcome::Skipped => "not run",
                        };
                        let actual = a.actual.clone().or_else(|| a.actual_missing.clone()).unwrap_or_default();
                        view! {
                            <tr data-outcome=outcome>
                                <td class="ident">{a.source.to_string()}</td>
                                <td class="mono">{a.property.clone()}</td>
                                <td class="ident">{a.comparison.to_string()}</td>
                                <td class="mono">{a.expected.clone().unwrap_or_default()}</td>
                                <td class="mono">{actual}</td>
                                <td>
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
                    {(!s.logs.is_empty()).then(|| view! { <pre class="code">{s.logs.join("\n")}</pre> })}
                </div>
            }).collect_view()}
        </section>
    }
}
