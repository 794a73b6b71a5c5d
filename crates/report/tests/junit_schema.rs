//! JUnit XML validated against the Jenkins xunit plugin's `junit-10.xsd` (kept in
//! `tests/data/` with its source and licence) by `xmllint --schema` (Debian's
//! `libxml2-utils`, installed by `scripts/setup`): the fixed result, the fixed run of two
//! tests, hostile strings, and real runs of Okta's SPEC suite against the reference server
//! with and without faults (a real run of two tests: `bucket_run.rs`).

use std::path::PathBuf;
use std::process::Command;

use report::junit_xml;
use suite_engine::StepOutcome;

use crate::support::small_result;
use crate::support::spec::{run_spec, Server, SpecRun};

/// Validates `xml` against the schema, naming it `name` in a failure.
pub fn assert_valid(name: &str, xml: &str) {
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/junit-10.xsd");
    let file = std::env::temp_dir().join(format!("report-{}-{name}.xml", std::process::id()));
    std::fs::write(&file, xml).expect("the XML is written");
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint did not run ({e}): run scripts/setup, which installs libxml2-utils")
        });
    let _ = std::fs::remove_file(&file);
    assert!(
        output.status.success(),
        "{name} is not valid JUnit XML:\n{}\n{xml}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `name="value"` of the first element named `element`.
pub fn attribute(xml: &str, element: &str, name: &str) -> String {
    let start = xml.find(&format!("<{element} ")).expect("the element");
    let rest = &xml[start..];
    let at = rest.find(&format!(" {name}=\"")).expect("the attribute") + name.len() + 3;
    rest[at..at + rest[at..].find('"').expect("its end")].to_string()
}

#[test]
fn the_small_result_is_valid_junit() {
    let xml = junit_xml(&[small_result()]);
    assert_valid("small", &xml);
    assert_eq!(
        attribute(&xml, "testsuite", "tests"),
        "4",
        "request steps only"
    );
    assert_eq!(attribute(&xml, "testsuite", "failures"), "1");
    assert_eq!(attribute(&xml, "testsuite", "errors"), "1");
    assert_eq!(attribute(&xml, "testsuite", "skipped"), "1");
    assert_eq!(attribute(&xml, "testsuite", "time"), "1.234");
}

#[test]
fn a_run_of_two_tests_is_valid_junit() {
    // The golden file's text: a testsuite per test, the totals added up.
    let xml = junit_xml(&crate::support::two_tests());
    assert_valid("two-tests", &xml);
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    assert_eq!(
        attribute(&xml, "testsuites", "tests"),
        "6",
        "4 + 2 requests"
    );
    assert_eq!(attribute(&xml, "testsuites", "failures"), "1");
    assert_eq!(attribute(&xml, "testsuites", "errors"), "1");
    assert_eq!(attribute(&xml, "testsuites", "time"), "1.314");
    let second = &xml[xml.rfind("<testsuite ").expect("the second suite")..];
    assert_eq!(attribute(second, "testsuite", "name"), "Groups check");
    assert_eq!(attribute(second, "testsuite", "tests"), "2");
}

#[test]
fn hostile_strings_stay_valid_junit() {
    assert_valid("hostile", &junit_xml(&[crate::escaping::hostile_result()]));
    assert_valid(
        "hostile-two-tests",
        &junit_xml(&crate::escaping::hostile_two_tests()),
    );
}

#[test]
fn okta_spec_runs_are_valid_junit() {
    let clean = Server::start(&[]);
    let passed = run_spec(&clean.base_url, SpecRun::default());
    let xml = junit_xml(std::slice::from_ref(&passed));
    assert_valid("spec-passed", &xml);
    assert_eq!(
        attribute(&xml, "testsuite", "name"),
        "Okta SCIM 2.0 SPEC Test"
    );
    assert_eq!(
        attribute(&xml, "testsuite", "tests"),
        "12",
        "12 requests; the 11 pauses are left out"
    );
    assert_eq!(attribute(&xml, "testsuite", "failures"), "0", "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 12);
    assert!(xml.contains(r#"<property name="verdict.required" value="11 of 11 required tests passed; 1 of 1 optional test passed"/>"#), "{xml}");
    drop(clean);

    let faulty = Server::start(&["--fault", "duplicates-accepted"]);
    let failed = run_spec(&faulty.base_url, SpecRun::default());
    let xml = junit_xml(std::slice::from_ref(&failed));
    assert_valid("spec-duplicates-accepted", &xml);
    assert_eq!(attribute(&xml, "testsuite", "failures"), "1", "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 1);
    let failure = &xml[xml.find("<failure ").expect("a failure")..];
    assert!(
        failure.contains("expected a number equal to 409, got 201"),
        "{failure}"
    );
    let case = &xml[..xml.find("<failure ").expect("a failure")];
    assert!(case.rfind("<testcase ").is_some_and(
        |i| case[i..].contains("Expect failure when recreating user with same values")
    ));

    let stopped = run_spec(
        &faulty.base_url,
        SpecRun {
            stop_on_first_failure: true,
        },
    );
    let xml = junit_xml(std::slice::from_ref(&stopped));
    assert_valid("spec-stopped", &xml);
    let skipped = stopped
        .steps
        .iter()
        .filter(|s| s.step_type == "request" && s.outcome == StepOutcome::Skipped)
        .count();
    assert!(skipped > 0, "steps after the failure are skipped");
    assert_eq!(attribute(&xml, "testsuite", "skipped"), skipped.to_string());
    assert_eq!(xml.matches("<skipped ").count(), skipped);
    drop(faulty);

    // Nothing listens: every request errors with no response.
    let gone = Server::start(&[]);
    let url = gone.base_url.clone();
    drop(gone);
    let unreachable = run_spec(&url, SpecRun::default());
    let xml = junit_xml(std::slice::from_ref(&unreachable));
    assert_valid("spec-unreachable", &xml);
    assert_eq!(attribute(&xml, "testsuite", "errors"), "12", "{xml}");
    assert!(
        xml.contains(r#"<error message="No response: Could not connect" type="network">"#),
        "{xml}"
    );
}
