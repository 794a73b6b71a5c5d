//! The self-contained HTML report: one document with its stylesheet and its result inline,
//! no script, no font, nothing fetched, under a Content-Security-Policy that forbids
//! loading anything. It works from `file://`, with JavaScript off and from any static host.
//!
//! Every value is written through `maud`, which escapes it; the only raw insertions are the
//! stylesheet (a constant) and the embedded result (made safe by [`script_safe_json`]).

use maud::{html, Markup, PreEscaped, DOCTYPE};

/// A line break between block elements: no effect on the page, but it keeps the golden
/// files and any diff of two reports readable line by line.
pub(crate) const NL: PreEscaped<&str> = PreEscaped("\n");
use session::{verdict, Verdict};
use suite_engine::{Counts, Importance, RunOutcome, RunResult, StepResult, TargetKind};

use crate::embed::{script_safe_json, RESULT_ELEMENT_ID};
use crate::facts::{omitted_bodies, target_urls};
use crate::html_step::{outcome_class, outcome_word, step_block, warnings_list};
use crate::text::{duration, pause_policy, size, utc};

/// Forbids every fetch and every script; only the inline stylesheet and `data:` images.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLESHEET: &str = include_str!("report.css");

/// The report for `result`, as one HTML document.
///
/// Built from the masked result ([`RunResult::masked`]), so it holds exactly what the JSON
/// export holds; that export is embedded whole for [`crate::result_from_html`].
pub fn html_report(result: &RunResult) -> String {
    let result = result.masked();
    let verdict = verdict(&result.summary, Some(result.outcome));
    let demo = result.target.kind == TargetKind::Demo;
    let title = format!(
        "{}{} · {} · {}",
        verdict.headline,
        if demo { " (demo)" } else { "" },
        display_name(&result),
        utc(&result.started_at)
    );
    let embedded = script_safe_json(&result.to_json());
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8"; (NL)
                meta http-equiv="Content-Security-Policy" content=(CONTENT_SECURITY_POLICY); (NL)
                meta name="referrer" content="no-referrer";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("{} {}", result.tool.name, result.tool.version));
                title { (title) } (NL)
                style { (PreEscaped(STYLESHEET)) } (NL)
                script type="application/json" id=(RESULT_ELEMENT_ID) { (PreEscaped(embedded)) } (NL)
            } (NL)
            body {
                (NL) (verdict_block(&result, &verdict)) (NL)
                (tests_overview(&result)) (NL)
                (run_facts(&result)) (NL)
                section aria-labelledby="steps" {
                    h2 id="steps" { "Steps" } (NL)
                    @for (index, step) in result.steps.iter().enumerate() {
                        (step_block(index, step)) (NL)
                    }
                    @if result.steps.is_empty() {
                        p.muted { "No step ran." }
                    }
                }
                (NL)
                footer {
                    p {
                        "Made by " (result.tool.name) " " (result.tool.version)
                        ", result format version " (result.format_version)
                        ". This file holds the whole result (secrets masked): drop it on the SCIM Suite Runner's page to open it there."
                    }
                } (NL)
            }
        }
    };
    page.into_string()
}

fn display_name(result: &RunResult) -> &str {
    if result.suite.name.trim().is_empty() {
        "Unnamed suite"
    } else {
        &result.suite.name
    }
}

/// The verdict first: outcome, Okta's required/optional line, counts, what and where.
fn verdict_block(result: &RunResult, verdict: &Verdict) -> Markup {
    let class = match result.outcome {
        RunOutcome::Passed => "passed",
        RunOutcome::Failed => "failed",
        RunOutcome::Cancelled => "cancelled",
    };
    let targets = target_urls(result);
    let omitted = omitted_bodies(result);
    html! {
        header class={ "verdict " (class) } {
            @if result.target.kind == TargetKind::Demo {
                p.demo role="note" {
                    "Demo run: the requests went to the page's built-in demo server, not to a real SCIM server."
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
            @if !omitted.is_empty() {
                p.notice {
                    "This result came from a share link, which leaves out "
                    (omitted.len()) @if omitted.len() == 1 { " body" } @else { " bodies" }
                    " to stay short ("
                    @for (i, body) in omitted.iter().enumerate() {
                        @if i > 0 { ", " }
                        "step " (body.number) " " (body.part.as_str())
                    }
                    "). Every outcome, assertion and header is here; the result file has the bodies too."
                }
            }
        }
    }
}

/// Okta's required tests apart from its optional ones (or all request steps when the suite
/// marks neither), one row each.
fn tests_overview(result: &RunResult) -> Markup {
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
    html! {
        section aria-labelledby="tests" {
            @if ranked {
                h2 id="tests" { "Tests" }
                (tests_table("Required tests", result.summary.required.as_ref(), &of(Some(Importance::Required))))
                (tests_table("Optional tests", result.summary.optional.as_ref(), &of(Some(Importance::Optional))))
                @let other = of(None);
                @if !other.is_empty() {
                    (tests_table("Other requests", None, &other))
                }
            } @else {
                h2 id="tests" { "Tests" }
                (tests_table("Requests", Some(&result.summary.requests), &requests))
            }
        }
    }
}

fn tests_table(heading: &str, counts: Option<&Counts>, rows: &[(usize, &StepResult)]) -> Markup {
    html! {
        @if !rows.is_empty() {
            h3 {
                (heading)
                @if let Some(c) = counts {
                    " " span.muted { "(" (c.passed) " of " (c.total) " passed)" }
                }
            }
            div.table-wrap {
                table.tests {
                    colgroup { col.step; col; col.outcome; }
                    thead { tr { th { "Step" } th { "Test" } th { "Outcome" } } }
                    tbody {
                        @for (index, step) in rows {
                            (NL)
                            tr class=(outcome_class(step.outcome)) {
                                td { a href={ "#step-" (index) } { (step.number) } }
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
fn run_facts(result: &RunResult) -> Markup {
    let options = &result.options;
    let targets = target_urls(result);
    let kind = match result.target.kind {
        TargetKind::Server => "a real server (the URL the tester gave)",
        TargetKind::Demo => "the demo server built into the page (no network)",
    };
    let env = &result.environment;
    html! {
        section aria-labelledby="run" {
            h2 id="run" { "The run" }
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
                h3 { "Initial variables" }
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
                h3 { "Initial script" }
                pre { (env.initial_script) }
                @if let Some(script) = &env.initial_script_result {
                    (crate::html_step::script_block(script))
                }
            }
            @if !result.warnings.is_empty() {
                h3 { "Warnings" }
                (warnings_list(&result.warnings))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use suite_engine::StepOutcome;

    #[test]
    fn the_policy_forbids_loading_and_running_anything() {
        assert!(CONTENT_SECURITY_POLICY
            .starts_with("default-src 'none'; style-src 'unsafe-inline'; img-src data:"));
        assert!(!STYLESHEET.contains("url("), "the stylesheet loads nothing");
        assert!(!STYLESHEET.contains("@import"));
        assert!(!STYLESHEET.contains("</style"));
    }

    #[test]
    fn a_step_outcome_has_a_class_and_a_word() {
        assert_eq!(outcome_class(StepOutcome::Error), "error");
        assert_eq!(outcome_word(StepOutcome::Error), "No response");
    }
}
