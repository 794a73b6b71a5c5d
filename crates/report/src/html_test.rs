//! One test's part of the HTML report: its verdict, Okta's required tests apart from the
//! optional ones, the run's facts, and its steps. A report of one test is exactly these; a
//! report of several has them once per test, each under its own [`Scope`].

use maud::{html, Markup};
use session::Verdict;
use suite_engine::{Counts, Importance, RunOutcome, RunResult, StepResult, TargetKind};

use crate::facts::{target_urls_of, OmittedBody};
use crate::html::NL;
use crate::html_step::{outcome_class, outcome_word, script_block, step_block, warnings_list};
use crate::scope::Scope;
use crate::text::{duration, pause_policy, size, utc};

/// The suite's name, or words saying it has none.
pub(crate) fn display_name(result: &RunResult) -> &str {
    if result.suite.name.trim().is_empty() {
        "Unnamed suite"
    } else {
        &result.suite.name
    }
}

/// The class of a verdict box for how a run or test ended.
pub(crate) fn verdict_class(outcome: RunOutcome) -> &'static str {
    match outcome {
        RunOutcome::Passed => "passed",
        RunOutcome::Failed => "failed",
        RunOutcome::Cancelled => "cancelled",
    }
}

/// The note that the requests went to the demo server, not a real one.
pub(crate) const DEMO_NOTE: &str =
    "Demo run: the requests went to the page's built-in demo server, not to a real SCIM server.";

/// The verdict of a report's only test, first: outcome, Okta's required/optional line,
/// counts, what and where, and the bodies a share link left out.
pub(crate) fn verdict_block(
    result: &RunResult,
    verdict: &Verdict,
    omitted: &[OmittedBody],
) -> Markup {
    let targets = target_urls_of(result);
    html! {
        header class={ "verdict " (verdict_class(result.outcome)) } {
            @if result.target.kind == TargetKind::Demo {
                p.demo role="note" {
                    (DEMO_NOTE)
                    @if !result.target.description.trim().is_empty() {
                        " " (result.target.description)
                    }
                }
            }
            (NL) h1 { (verdict.headline) } (NL)
            @if let Some(line) = &verdict.required {
                p.ranked { (line) }
            }
            p { (verdict.counts) }
            p.muted {
                (display_name(result))
                @for target in &targets { " · " span.mono { (target.url) } }
                " · " (utc(&result.started_at))
            }
            (omitted_notice(omitted, false))
        }
    }
}

/// The verdict of test `number` of `count`, heading its section: `Test 2 of 3: Groups (failed)`.
pub(crate) fn test_header(
    scope: Scope,
    number: usize,
    count: usize,
    result: &RunResult,
    verdict: &Verdict,
) -> Markup {
    let targets = target_urls_of(result);
    let title = html! {
        "Test " (number) " of " (count) ": " (display_name(result))
        " (" (verdict.headline.to_lowercase()) ")"
    };
    html! {
        header class={ "verdict " (verdict_class(result.outcome)) } {
            (NL) (scope.heading(1, Some("title"), title)) (NL)
            @if let Some(line) = &verdict.required {
                p.ranked { (line) }
            }
            p { (verdict.counts) }
            p.muted {
                @for target in &targets { span.mono { (target.url) } " · " }
                (utc(&result.started_at)) " · " (duration(result.duration_ms))
            }
        }
    }
}

/// Which bodies a share link left out, naming the test of each when `name_tests`.
pub(crate) fn omitted_notice(omitted: &[OmittedBody], name_tests: bool) -> Markup {
    html! {
        @if !omitted.is_empty() {
            p.notice {
                "This result came from a share link, which leaves out "
                (omitted.len()) @if omitted.len() == 1 { " body" } @else { " bodies" }
                " to stay short ("
                @for (i, body) in omitted.iter().enumerate() {
                    @if i > 0 { ", " }
                    @if name_tests { "test " (body.test_index.saturating_add(1)) " " }
                    "step " (body.number) " " (body.part.as_str())
                }
                "). Every outcome, assertion and header is here; the result file has the bodies too."
            }
        }
    }
}

/// Okta's required tests apart from its optional ones (or all request steps when the suite
/// marks neither), one row each.
pub(crate) fn tests_overview(scope: Scope, result: &RunResult) -> Markup {
    let requests: Vec<(usize, &StepResult)> = result
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.step_type == "request")
        .collect();
    let of = |importance: Option<Importance>| -> Vec<(usize, &StepResult)> {
        requests
            .iter()
            .filter(|(_, s)| s.importance == importance)
            .copied()
            .collect()
    };
    let ranked = result.summary.required.is_some() || result.summary.optional.is_some();
    let heading = scope.heading(2, Some("tests"), html! { "Tests" });
    html! {
        section aria-labelledby=(scope.labelled_by("tests")) {
            @if ranked {
                (heading)
                (tests_table(scope, "Required tests", result.summary.required.as_ref(), &of(Some(Importance::Required))))
                (tests_table(scope, "Optional tests", result.summary.optional.as_ref(), &of(Some(Importance::Optional))))
                @let other = of(None);
                @if !other.is_empty() {
                    (tests_table(scope, "Other requests", None, &other))
                }
            } @else {
                (heading)
                (tests_table(scope, "Requests", Some(&result.summary.requests), &requests))
            }
        }
    }
}

fn tests_table(
    scope: Scope,
    heading: &str,
    counts: Option<&Counts>,
    rows: &[(usize, &StepResult)],
) -> Markup {
    html! {
        @if !rows.is_empty() {
            (scope.heading(3, None, html! {
                (heading)
                @if let Some(c) = counts {
                    " " span.muted { "(" (c.passed) " of " (c.total) " passed)" }
                }
            }))
            div.table-wrap {
                table.tests {
                    colgroup { col.step; col; col.outcome; }
                    thead { tr { th { "Step" } th { "Test" } th { "Outcome" } } }
                    tbody {
                        @for (index, step) in rows {
                            (NL)
                            tr class=(outcome_class(step.outcome)) {
                                td { a href={ "#" (scope.id(&format!("step-{index}"))) } { (step.number) } }
                                td {
                                    (step.note)
                                    @if let Some(why) = session::row_reason(step) {
                                        br; span.muted { (why) }
                                    }
                                }
                                td { span class={ "badge " (outcome_class(step.outcome)) } { (outcome_word(step.outcome)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Suite, target, tool, times, options and environment.
pub(crate) fn run_facts(scope: Scope, result: &RunResult) -> Markup {
    let options = &result.options;
    let targets = target_urls_of(result);
    let kind = match result.target.kind {
        TargetKind::Server => "a real server (the URL the tester gave)",
        TargetKind::Demo => "the demo server built into the page (no network)",
    };
    let env = &result.environment;
    html! {
        section aria-labelledby=(scope.labelled_by("run")) {
            (scope.heading(2, Some("run"), html! { "The run" }))
            dl.facts {
                (NL) dt { "Suite" } dd { (display_name(result)) }
                @if !result.suite.description.trim().is_empty() {
                    dt { "Description" } dd { (result.suite.description) }
                }
                dt { "Suite file SHA-256" } dd.mono { (result.suite.sha256) }
                dt { "Target" }
                dd {
                    @for target in &targets {
                        span.mono { (target.url) } " (" (target.variable) ")" br;
                    }
                    @if targets.is_empty() { span.muted { "no base URL in the environment" } br; }
                    (kind)
                    @if !result.target.description.trim().is_empty() { ": " (result.target.description) }
                }
                dt { "Tool" } dd { (result.tool.name) " " (result.tool.version) }
                dt { "Started" } dd { (utc(&result.started_at)) }
                dt { "Finished" } dd { (utc(&result.finished_at)) }
                dt { "Duration" } dd { (duration(result.duration_ms)) }
                dt { "Options" }
                dd {
                    "Pauses " (pause_policy(&options.pause_policy))
                    "; " @if options.stop_on_first_failure { "stop at the first failure" } @else { "run every step" }
                    "; request timeout " (duration(options.request_timeout_ms as f64))
                    "; script time limit " (duration(options.script_time_limit_ms as f64))
                    "; bodies kept up to " (size(options.body_limit_bytes))
                    "; seed " (options.seed)
                }
                @if !env.name.trim().is_empty() {
                    dt { "Environment" } dd { (env.name) }
                }
            }
            @if !env.variables.is_empty() {
                (scope.heading(3, None, html! { "Initial variables" }))
                div.table-wrap {
                    table {
                        thead { tr { th { "Name" } th { "Value" } } }
                        tbody {
                            @for v in &env.variables {
                                (NL) tr { td.mono { (v.name) } td.mono { (v.value) } }
                            }
                        }
                    }
                }
            }
            @if !env.initial_script.trim().is_empty() {
                (scope.heading(3, None, html! { "Initial script" }))
                pre { (env.initial_script) }
                @if let Some(script) = &env.initial_script_result {
                    (script_block(scope, script))
                }
            }
            @if !result.warnings.is_empty() {
                (scope.heading(3, None, html! { "Warnings" }))
                (warnings_list(&result.warnings))
            }
        }
    }
}

/// Every step, failing ones open.
pub(crate) fn steps_section(scope: Scope, result: &RunResult) -> Markup {
    html! {
        section aria-labelledby=(scope.labelled_by("steps")) {
            (scope.heading(2, Some("steps"), html! { "Steps" })) (NL)
            @for (index, step) in result.steps.iter().enumerate() {
                (step_block(scope, index, step)) (NL)
            }
            @if result.steps.is_empty() {
                p.muted { "No step ran." }
            }
        }
    }
}
