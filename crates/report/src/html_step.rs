//! One step of the HTML report: a `<details>` element (open when the step failed or got no
//! response) with the request, the response, each assertion's expected and actual value,
//! variables, script output and warnings; a pause is a separator, not a test. Ids and
//! heading levels come from the test's [`Scope`].

use maud::{html, Markup};
use suite_engine::{
    AssertionOutcome, AssertionResult, Body, Header, Importance, ReceivedResponse, ScriptKind,
    ScriptResult, SentRequest, StepOutcome, StepResult, Warning,
};

use crate::html::NL;
use crate::scope::Scope;
use crate::text::{duration, pretty_body, size};

/// The CSS class of an outcome.
pub(crate) fn outcome_class(outcome: StepOutcome) -> &'static str {
    match outcome {
        StepOutcome::Pass => "pass",
        StepOutcome::Fail => "fail",
        StepOutcome::Error => "error",
        StepOutcome::Skipped => "skipped",
        StepOutcome::Cancelled => "cancelled",
    }
}

/// An outcome in a word a tester reads.
pub(crate) fn outcome_word(outcome: StepOutcome) -> &'static str {
    match outcome {
        StepOutcome::Pass => "Passed",
        StepOutcome::Fail => "Failed",
        StepOutcome::Error => "No response",
        StepOutcome::Skipped => "Skipped",
        StepOutcome::Cancelled => "Cancelled",
    }
}

fn assertion_word(outcome: AssertionOutcome) -> (&'static str, &'static str) {
    match outcome {
        AssertionOutcome::Pass => ("pass", "Passed"),
        AssertionOutcome::Fail => ("fail", "Failed"),
        AssertionOutcome::Error => ("error", "Could not check"),
        AssertionOutcome::Skipped => ("skipped", "Not checked"),
    }
}

/// The step at `index` of the result's steps.
pub(crate) fn step_block(scope: Scope, index: usize, step: &StepResult) -> Markup {
    if step.step_type == "pause" {
        return pause_separator(step);
    }
    let failed = matches!(step.outcome, StepOutcome::Fail | StepOutcome::Error);
    let class = outcome_class(step.outcome);
    html! {
        details class={ "step " (class) } id=(scope.id(&format!("step-{index}"))) open[failed] {
            summary {
                span.num { (step.number) }
                " "
                span class={ "badge " (class) } { (outcome_word(step.outcome)) }
                " "
                span.title {
                    @if step.note.trim().is_empty() { (step_kind(step)) } @else { (step.note) }
                }
                @match step.importance {
                    Some(Importance::Required) => { " " span.tag { "Required" } }
                    Some(Importance::Optional) => { " " span.tag { "Optional" } }
                    None => {}
                }
                @if let Some(it) = &step.iteration {
                    " " span.tag { (it.variable) " = " (it.value) " (" (it.index.saturating_add(1)) " of " (it.count) ")" }
                }
                @if step.started_at_ms.is_some() {
                    " " span.muted { (duration(step.duration_ms)) }
                }
                @if let Some(why) = session::row_reason(step) {
                    span.why { (why) }
                }
            }
            (NL)
            div.content {
                @if let Some(reason) = &step.reason {
                    p.muted { (reason) }
                }
                @if let Some(failure) = &step.failure {
                    div.failure {
                        p { strong { "No response: " (failure.kind.title()) } " " span.muted { "(" (failure.kind.as_str()) ")" } }
                        p { (failure.message) }
                    }
                }
                @if let Some(c) = &step.condition {
                    (scope.heading(3, None, html! { "Condition" }))
                    p.mono { (c.left) " " (c.comparison.as_str()) " " (c.right) }
                    p { @if c.held { "It held: the steps inside ran." } @else { "It did not hold: the steps inside were skipped." } }
                }
                @if let Some(request) = &step.request { (request_block(scope, request)) }
                @if let Some(response) = &step.response { (response_block(scope, response)) }
                @if !step.assertions.is_empty() { (assertions_table(scope, &step.assertions)) }
                @if !step.variables.is_empty() {
                    (NL) (scope.heading(3, None, html! { "Variables" }))
                    div.table-wrap { table {
                        thead { tr { th { "Name" } th { "From" } th { "Value" } } }
                        tbody {
                            @for x in &step.variables {
                                tr class=[x.error.as_ref().map(|_| "error")] {
                                    td.mono { (x.name) }
                                    td { (x.source.label()) @if !x.property.is_empty() { " " span.mono { (x.property) } } }
                                    td {
                                        @if let Some(v) = &x.value { span.mono { (v) } }
                                        @if let Some(e) = &x.error { (e) }
                                    }
                                }
                            }
                        }
                    } }
                }
                @for script in &step.scripts { (script_block(scope, script)) }
                @if !step.warnings.is_empty() {
                    (NL) (scope.heading(3, None, html! { "Warnings" }))
                    (warnings_list(&step.warnings))
                }
            }
        }
    }
}

fn step_kind(step: &StepResult) -> String {
    match step.step_type.as_str() {
        "request" => "Request".into(),
        "condition" => "Condition".into(),
        other => format!("{other} step"),
    }
}

fn pause_separator(step: &StepResult) -> Markup {
    let pause = step.pause.unwrap_or_default();
    let waited = step.outcome == StepOutcome::Pass || pause.waited_ms > 0.0;
    html! {
        div.pause role="separator" {
            span {
                "Pause " (step.number) ": "
                @if waited { "waited " (duration(pause.waited_ms)) } @else { "not waited" }
                " of " (duration(pause.requested_ms))
                @if let Some(reason) = &step.reason { " · " (reason) }
            }
        }
    }
}

fn headers_table(headers: &[Header]) -> Markup {
    html! {
        @if !headers.is_empty() {
            div.table-wrap { table {
                tbody {
                    @for h in headers { (NL) tr { th.mono scope="row" { (h.name) } td.mono { (h.value) } } }
                }
            } }
        }
    }
}

fn body_block(body: &Body) -> Markup {
    html! {
        @if body.omitted {
            p.notice {
                "Body (" (size(body.size_bytes)) ") left out of this share link to keep it short; the result file has it."
            }
        } @else if body.size_bytes > 0 || !body.text.is_empty() {
            p.muted {
                "Body, " (size(body.size_bytes))
                @if body.truncated { ", cut to the run's size limit" }
            }
            pre { (pretty_body(&body.text)) }
        } @else {
            p.muted { "No body." }
        }
    }
}

fn request_block(scope: Scope, request: &SentRequest) -> Markup {
    html! {
        (NL) (scope.heading(3, None, html! { "Request" }))
        p.mono { (request.method) " " (request.url) }
        (headers_table(&request.headers))
        @if !request.headers_not_sent.is_empty() {
            (scope.heading(4, None, html! { "Headers not sent" }))
            ul {
                @for h in &request.headers_not_sent { li { span.mono { (h.name) } ": " (h.reason) } }
            }
        }
        @if let Some(body) = &request.body { (body_block(body)) }
    }
}

fn response_block(scope: Scope, response: &ReceivedResponse) -> Markup {
    html! {
        (NL) (scope.heading(3, None, html! { "Response" }))
        p.mono { (response.status) " " (response.reason) " " span.muted { "in " (duration(response.time_ms)) } }
        (headers_table(&response.headers))
        (body_block(&response.body))
    }
}

fn assertions_table(scope: Scope, assertions: &[AssertionResult]) -> Markup {
    html! {
        (NL) (scope.heading(3, None, html! { "Assertions" }))
        div.table-wrap { table {
            thead { tr { th { "Assertion" } th { "Expected" } th { "Actual" } th { "Result" } } }
            tbody {
                @for a in assertions {
                    @let (class, word) = assertion_word(a.outcome);
                    (NL)
                    tr class=(class) {
                        td {
                            (session::sentence(a)) br;
                            span.muted.mono { (session::raw_terms(a)) }
                        }
                        td.mono { @if let Some(e) = &a.expected { (e) } }
                        td {
                            @if let Some(v) = &a.actual { span.mono { (v) } }
                            @if let Some(missing) = &a.actual_missing { em { (missing) } }
                        }
                        td {
                            span class={ "badge " (class) } { (word) }
                            @if let Some(m) = &a.message { br; (m) }
                        }
                    }
                }
            }
        } }
    }
}

/// What one script did.
pub(crate) fn script_block(scope: Scope, script: &ScriptResult) -> Markup {
    let kind = match script.kind {
        ScriptKind::Initial => "Initial script",
        ScriptKind::PreRequest => "Pre-request script",
        ScriptKind::PostResponse => "Post-response script",
    };
    html! {
        (NL) (scope.heading(3, None, html! {
            (kind)
            @if script.kind != ScriptKind::Initial { " " (script.index.saturating_add(1)) } @else { ": what it did" }
        }))
        @if script.changed_request { p.muted { "It changed the request." } }
        @if let Some(e) = &script.error {
            div.failure { p { (e.to_string()) } }
        }
        @if !script.logs.is_empty() {
            (scope.heading(4, None, html! { "Log" }))
            pre { @for line in &script.logs { (line) "\n" } }
        }
        @if !script.assertions.is_empty() {
            (scope.heading(4, None, html! { "Script assertions" }))
            ul {
                @for a in &script.assertions {
                    li {
                        @if a.passed { span class="badge pass" { "Passed" } } @else { span class="badge fail" { "Failed" } }
                        " " (a.message)
                        @if a.expected.is_some() || a.actual.is_some() {
                            " " span.muted {
                                "(expected " span.mono { (a.expected.as_deref().unwrap_or("")) }
                                ", actual " span.mono { (a.actual.as_deref().unwrap_or("")) } ")"
                            }
                        }
                    }
                }
            }
        }
        @if !script.variables_set.is_empty() {
            (scope.heading(4, None, html! { "Variables set" }))
            ul { @for v in &script.variables_set { li { span.mono { (v.name) " = " (v.value) } } } }
        }
    }
}

/// Warnings as a list.
pub(crate) fn warnings_list(warnings: &[Warning]) -> Markup {
    html! {
        ul { @for w in warnings { li { (w.message) } } }
    }
}
