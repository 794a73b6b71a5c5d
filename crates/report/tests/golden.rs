//! The HTML report and the JUnit XML of a fixed small result, and of a fixed run of two
//! tests, against the files in `tests/expected/` (rewrite them with
//! `UPDATE_GOLDEN=1 cargo test -p report`).

use report::{html_report, junit_xml};

use crate::support::golden::assert_golden;
use crate::support::{small_result, two_tests};

#[test]
fn html_report_of_the_small_result() {
    assert_golden("small-result.html", &html_report(&[small_result()]));
}

#[test]
fn junit_xml_of_the_small_result() {
    assert_golden("small-result.junit.xml", &junit_xml(&[small_result()]));
}

#[test]
fn html_report_of_two_tests() {
    assert_golden("two-tests.html", &html_report(&two_tests()));
}

#[test]
fn junit_xml_of_two_tests() {
    assert_golden("two-tests.junit.xml", &junit_xml(&two_tests()));
}

#[test]
fn the_report_shows_what_a_reviewer_needs_first() {
    let html = html_report(&[small_result()]);
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("the report has no {needle:?}"))
    };
    // The verdict, then Okta's required tests apart from the optional ones, then the run's
    // facts, then the steps.
    assert!(at("<h1>Failed</h1>") < at("1 of 3 required tests passed; 1 optional test failed"));
    assert!(at("optional test failed") < at("<h3>Required tests"));
    assert!(at("<h3>Required tests") < at("<h3>Optional tests"));
    assert!(at("<h3>Optional tests") < at(r#"<h2 id="run">"#));
    for fact in [
        "Small SCIM check",
        "293261b2b5b22d13ccf8d379c8f1cda57ea01eea6a57573b275bf475850ea4e5",
        "https://scim.example.test/scim/v2</span> (SCIMBaseURL)",
        "a real server",
        "suite-engine 0.1.0",
        "2024-05-13 13:58:51 UTC",
        "1.2 s",
        "Pauses capped at 1 s each",
    ] {
        assert!(
            at(fact) < at(r#"<h2 id="steps">"#),
            "{fact} comes before the steps"
        );
    }
    // Failing steps are open, passing ones closed; a pause is a separator, not a test.
    assert!(html.contains(r#"<details class="step fail" id="step-2" open>"#));
    assert!(html.contains(r#"<details class="step error" id="step-3" open>"#));
    assert!(html.contains(r#"<details class="step pass" id="step-0">"#));
    assert!(html.contains(r#"<div class="pause" role="separator">"#));
    assert!(
        !html.contains(r#"id="step-1""#),
        "the pause is no step block"
    );
    // Assertions with expected and actual; the no-response step's kind and message.
    assert!(html.contains("expected a number equal to 409, got 201"));
    assert!(html.contains("No response: Blocked by CORS"));
    assert!(html.contains("the server did not allow this page's origin"));
    // Script output and variables.
    assert!(html.contains("created u-2"));
    assert!(html.contains("expected 201 to equal 409"));
    assert!(html.contains("idUserTwo = u-2"));
}

#[test]
fn a_demo_run_says_so_before_anything_else() {
    let mut result = small_result();
    result.target.kind = suite_engine::TargetKind::Demo;
    result.target.description = "Faults on: duplicates-accepted.".into();
    let html = html_report(std::slice::from_ref(&result));
    let demo = html
        .find("Demo run: the requests went to the page")
        .expect("the demo banner");
    assert!(demo < html.find("<h1>").expect("the verdict"));
    assert!(html.contains("<title>Failed (demo) · "));
    assert!(html.contains("Faults on: duplicates-accepted."));
    assert!(report::junit_xml(std::slice::from_ref(&result))
        .contains(r#"<property name="target.kind" value="demo"/>"#));
}

#[test]
fn a_run_of_two_tests_shows_the_run_first_then_each_test() {
    let html = html_report(&two_tests());
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("the report has no {needle:?}"))
    };
    assert!(html.contains(
        "<title>Failed · 1 of 2 tests passed · Small SCIM check and 1 more test · 2024-05-13 13:58:51 UTC</title>"
    ));
    let order = [
        "<h1>Failed</h1>",
        r#"<p class="ranked">1 of 2 tests passed</p>"#,
        "6 requests: 3 passed, 1 failed, 1 no response, 1 skipped",
        r#"<h2 id="tests">Tests in this run</h2>"#,
        r##"<a href="#test-2">2</a>"##,
        r#"<section class="test" id="test-1" aria-labelledby="t1-title">"#,
        r#"<h2 id="t1-title">Test 1 of 2: Small SCIM check (failed)</h2>"#,
        r#"<h3 id="t1-steps">Steps</h3>"#,
        r#"<details class="step fail" id="t1-step-2" open>"#,
        r#"<h2 id="t2-title">Test 2 of 2: Groups check (passed)</h2>"#,
        r#"<h4>Requests <span class="muted">(2 of 2 passed)</span></h4>"#,
        r#"<details class="step pass" id="t2-step-1">"#,
        "This file holds the whole result of its 2 tests",
    ];
    for pair in order.windows(2) {
        assert!(
            at(pair[0]) < at(pair[1]),
            "{:?} before {:?}",
            pair[0],
            pair[1]
        );
    }
    // Only a report of several tests carries the extra stylesheet.
    assert!(html.contains("section.test h3"));
    assert!(!html_report(&[small_result()]).contains("section.test"));
}

#[test]
fn a_demo_run_of_two_tests_says_so_before_anything_else() {
    let mut results = two_tests();
    results[1].target.kind = suite_engine::TargetKind::Demo;
    let html = html_report(&results);
    assert!(html.contains(
        "Demo run: test 2 of 2 went to the page's built-in demo server, not to a real SCIM server."
    ));
    assert!(html.contains("<title>Failed (demo) · "));
    for r in &mut results {
        r.target.kind = suite_engine::TargetKind::Demo;
        r.target.description = "Faults on: none.".into();
    }
    let html = html_report(&results);
    let demo = html
        .find("Demo run: the requests went to the page's built-in demo server, not to a real SCIM server. Faults on: none.")
        .expect("the demo banner");
    assert!(demo < html.find("<h1>").expect("the verdict"));
}
