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
