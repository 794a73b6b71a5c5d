//! The self-contained HTML report: one document with its stylesheet and its result inline,
//! no script, no font, nothing fetched, under a Content-Security-Policy that forbids
//! loading anything. It works from `file://`, with JavaScript off and from any static host.
//!
//! A run of one test is reported as that test ([`crate::html_test`]). A run of several (a
//! bucket export) gets the run's verdict first (`Failed`, `1 of 2 tests passed`, the counts
//! added up), a list of its tests, then one section per test with its own verdict, tables,
//! facts and steps.
//!
//! Every value is written through `maud`, which escapes it; the only raw insertions are the
//! stylesheets (constants) and the embedded result (made safe by [`script_safe_json`]).

use maud::{html, Markup, PreEscaped, DOCTYPE};
use session::{run_verdict, Verdict, VerdictKind};
use suite_engine::{bundle_to_json, RunOutcome, RunResult, TargetKind, FORMAT_VERSION};

use crate::embed::{script_safe_json, RESULT_ELEMENT_ID};
use crate::facts::{omitted_bodies, target_urls};
use crate::html_test::{
    display_name, omitted_notice, run_facts, steps_section, test_header, tests_overview,
    verdict_block, DEMO_NOTE,
};
use crate::scope::Scope;
use crate::text::utc;

/// A line break between block elements: no effect on the page, but it keeps the golden
/// files and any diff of two reports readable line by line.
pub(crate) const NL: PreEscaped<&str> = PreEscaped("\n");

/// Forbids every fetch and every script; only the inline stylesheet and `data:` images.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLESHEET: &str = include_str!("report.css");

/// Added to the stylesheet only in a report of several tests, so a report of one test stays
/// byte for byte what it was.
const SEVERAL_STYLESHEET: &str = include_str!("report-several.css");

/// The report of a run's results (one test, or the tests of a bucket export in run order),
/// as one HTML document.
///
/// Built from the masked results ([`RunResult::masked`]), so it holds exactly what the JSON
/// export holds; that export ([`bundle_to_json`]: the result itself for one test) is
/// embedded whole for [`crate::results_from_html`].
pub fn html_report(results: &[RunResult]) -> String {
    let masked: Vec<RunResult> = results.iter().map(RunResult::masked).collect();
    let embedded = script_safe_json(&bundle_to_json(&masked));
    let verdict = run_verdict(masked.iter().map(|r| (&r.summary, Some(r.outcome))), false);
    match masked.as_slice() {
        [] => document(
            "No test result",
            "",
            &embedded,
            false,
            html! { (NL) h1 { "No test result" } p { "The run held no test." } (NL) },
        ),
        [one] => one_test(one, &verdict, &embedded),
        several @ [first, ..] => several_tests(first, several, &verdict, &embedded),
    }
}

/// The document around a report's body.
fn document(title: &str, generator: &str, embedded: &str, several: bool, body: Markup) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8"; (NL)
                meta http-equiv="Content-Security-Policy" content=(CONTENT_SECURITY_POLICY); (NL)
                meta name="referrer" content="no-referrer";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(generator);
                title { (title) } (NL)
                style {
                    (PreEscaped(STYLESHEET))
                    @if several { (PreEscaped(SEVERAL_STYLESHEET)) }
                } (NL)
                script type="application/json" id=(RESULT_ELEMENT_ID) { (PreEscaped(embedded)) } (NL)
            } (NL)
            body { (body) }
        }
    };
    page.into_string()
}

fn generator(result: &RunResult) -> String {
    format!("{} {}", result.tool.name, result.tool.version)
}

/// The report of a run of one test.
fn one_test(result: &RunResult, verdict: &Verdict, embedded: &str) -> String {
    let demo = result.target.kind == TargetKind::Demo;
    let title = format!(
        "{}{} · {} · {}",
        verdict.headline,
        if demo { " (demo)" } else { "" },
        display_name(result),
        utc(&result.started_at)
    );
    let omitted = omitted_bodies(std::slice::from_ref(result));
    let body = html! {
        (NL) (verdict_block(result, verdict, &omitted)) (NL)
        (tests_overview(Scope::ALONE, result)) (NL)
        (run_facts(Scope::ALONE, result)) (NL)
        (steps_section(Scope::ALONE, result))
        (NL)
        footer {
            p {
                "Made by " (result.tool.name) " " (result.tool.version)
                ", result format version " (result.format_version)
                ". This file holds the whole result (secrets masked): drop it on the SCIM Suite Runner's page to open it there."
            }
        } (NL)
    };
    document(&title, &generator(result), embedded, false, body)
}

/// The report of a run of several tests.
fn several_tests(
    first: &RunResult,
    results: &[RunResult],
    verdict: &Verdict,
    embedded: &str,
) -> String {
    let demo = results.iter().any(|r| r.target.kind == TargetKind::Demo);
    let more = results.len().saturating_sub(1);
    let title = format!(
        "{}{} · {} · {} and {} · {}",
        verdict.headline,
        if demo { " (demo)" } else { "" },
        verdict.tests.as_deref().unwrap_or_default(),
        display_name(first),
        if more == 1 {
            "1 more test".to_string()
        } else {
            format!("{more} more tests")
        },
        utc(&first.started_at)
    );
    let body = html! {
        (NL) (run_header(first, results, verdict)) (NL)
        (tests_list(results)) (NL)
        @for (i, result) in results.iter().enumerate() {
            @let scope = Scope::test(i + 1);
            section.test id={ "test-" (i + 1) } aria-labelledby=(scope.id("title")) {
                (NL) (test_header(scope, i + 1, results.len(), result, &session::verdict(&result.summary, Some(result.outcome)))) (NL)
                (tests_overview(scope, result)) (NL)
                (run_facts(scope, result)) (NL)
                (steps_section(scope, result)) (NL)
            } (NL)
        }
        footer {
            p {
                "Made by " (first.tool.name) " " (first.tool.version)
                ", result format version " (FORMAT_VERSION)
                ". This file holds the whole result of its " (results.len())
                " tests (secrets masked): drop it on the SCIM Suite Runner's page to open it there."
            }
        } (NL)
    };
    document(&title, &generator(first), embedded, true, body)
}

/// The run's verdict first: outcome, how many tests passed, Okta's required/optional line
/// and the counts of every test together, what and where.
fn run_header(first: &RunResult, results: &[RunResult], verdict: &Verdict) -> Markup {
    let class = match verdict.kind {
        VerdictKind::Passed => "passed",
        VerdictKind::Failed => "failed",
        VerdictKind::Cancelled | VerdictKind::Running => "cancelled",
    };
    let demo: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.target.kind == TargetKind::Demo)
        .map(|(i, _)| i + 1)
        .collect();
    let targets = target_urls(results);
    let omitted = omitted_bodies(results);
    html! {
        header class={ "verdict " (class) } {
            @if demo.len() == results.len() {
                p.demo role="note" {
                    (DEMO_NOTE)
                    @if !first.target.description.trim().is_empty() {
                        " " (first.target.description)
                    }
                }
            } @else if !demo.is_empty() {
                p.demo role="note" {
                    "Demo run: " @if demo.len() == 1 { "test " } @else { "tests " }
                    @for (i, n) in demo.iter().enumerate() { @if i > 0 { ", " } (n) }
                    " of " (results.len())
                    " went to the page's built-in demo server, not to a real SCIM server."
                }
            }
            (NL) h1 { (verdict.headline) } (NL)
            @if let Some(line) = &verdict.tests {
                p.ranked { (line) }
            }
            @if let Some(line) = &verdict.required {
                p.ranked { (line) }
            }
            p { (verdict.counts) }
            p.muted {
                (results.len()) " tests"
                @for target in &targets { " · " span.mono { (target.url) } }
                " · " (utc(&first.started_at))
            }
            (omitted_notice(&omitted, true))
        }
    }
}

/// One row per test: its number (a link to its section), name, counts and outcome.
fn tests_list(results: &[RunResult]) -> Markup {
    html! {
        section aria-labelledby="tests" {
            h2 id="tests" { "Tests in this run" }
            div.table-wrap {
                table.tests {
                    colgroup { col.step; col; col.outcome; }
                    thead { tr { th { "Test" } th { "Name" } th { "Outcome" } } }
                    tbody {
                        @for (i, result) in results.iter().enumerate() {
                            @let verdict = session::verdict(&result.summary, Some(result.outcome));
                            @let (class, word) = outcome_badge(result.outcome);
                            (NL)
                            tr class=(class) {
                                td { a href={ "#test-" (i + 1) } { (i + 1) } }
                                td {
                                    (display_name(result)) br;
                                    span.muted {
                                        (verdict.counts)
                                        @if let Some(line) = &verdict.required { br; (line) }
                                    }
                                }
                                td { span class={ "badge " (class) } { (word) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A test's outcome as a badge: its class and word.
fn outcome_badge(outcome: RunOutcome) -> (&'static str, &'static str) {
    match outcome {
        RunOutcome::Passed => ("pass", "Passed"),
        RunOutcome::Failed => ("fail", "Failed"),
        RunOutcome::Cancelled => ("cancelled", "Cancelled"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html_step::{outcome_class, outcome_word};
    use suite_engine::StepOutcome;

    #[test]
    fn the_policy_forbids_loading_and_running_anything() {
        assert!(CONTENT_SECURITY_POLICY
            .starts_with("default-src 'none'; style-src 'unsafe-inline'; img-src data:"));
        for css in [STYLESHEET, SEVERAL_STYLESHEET] {
            assert!(!css.contains("url("), "the stylesheet loads nothing");
            assert!(!css.contains("@import"));
            assert!(!css.contains("</style"));
        }
    }

    #[test]
    fn a_step_outcome_has_a_class_and_a_word() {
        assert_eq!(outcome_class(StepOutcome::Error), "error");
        assert_eq!(outcome_word(StepOutcome::Error), "No response");
    }
}
