//! A real run of two tests: a bucket export of Okta's SPEC and Entitlements suites, run by
//! the engine against the reference server binary over HTTP, as the page runs a bucket. Its
//! report, JUnit XML and share link hold both tests, read back as both, and show no secret.

use report::{
    compressed_budget, html_report, junit_xml, link_fragment, link_payload_bytes,
    results_from_html, share_payload, LINK_MAX_CHARS,
};
use suite_engine::{load_results, RunOutcome, RunResult};

use crate::junit_schema::{assert_valid, attribute};
use crate::support::spec::{run_bucket, Server, TOKEN};

const PAGE_URL: &str = "https://example-organisation.github.io/scim-suite-runner/";

/// The results as their result file reads back (masked, as every output holds them).
fn exported(results: &[RunResult]) -> Vec<RunResult> {
    load_results(&suite_engine::bundle_to_json(results)).expect("the export reads")
}

/// What every output of a real run of two tests must hold; returns the report.
fn check_outputs(name: &str, results: &[RunResult]) -> String {
    let html = html_report(results);
    let file = exported(results);
    assert!(
        results_from_html(&html).is_ok_and(|read| read == file),
        "{name}: the report reads back as the result file"
    );
    assert!(!html.contains(TOKEN), "{name}: the report shows the token");

    let xml = junit_xml(results);
    assert_valid(&format!("bucket-{name}"), &xml);
    assert!(!xml.contains(TOKEN));
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    assert_eq!(
        attribute(&xml, "testsuites", "tests"),
        "13",
        "12 + 1 requests"
    );
    assert_eq!(xml.matches("<testcase ").count(), 13);

    let budget = compressed_budget(PAGE_URL.len(), LINK_MAX_CHARS);
    let deflate = |bytes: &[u8]| miniz_oxide::deflate::compress_to_vec(bytes, 6);
    let payload = share_payload(results, budget, |json| deflate(json).len());
    let fragment = link_fragment(&deflate(payload.json.as_bytes()));
    let link_chars = PAGE_URL.len() + 1 + fragment.len();
    println!(
        "Bucket run (SPEC + Entitlements), {name}: export {} bytes, compact JSON {} bytes, raw deflate {} bytes, link {link_chars} characters",
        suite_engine::bundle_to_json(results).len(),
        payload.json.len(),
        payload.compressed_len,
    );
    assert!(
        payload.fits && payload.omitted.is_empty(),
        "{name} fits whole"
    );
    assert!(link_chars <= LINK_MAX_CHARS);
    assert!(!payload.json.contains(TOKEN));
    // Opened as the page opens a link: decode, inflate, read.
    let bytes = link_payload_bytes(&format!("#{fragment}")).expect("decodes");
    let json = miniz_oxide::inflate::decompress_to_vec(&bytes).expect("inflates");
    let read = load_results(&String::from_utf8(json).expect("UTF-8")).expect("reads");
    assert!(read == file, "{name}: the link holds both tests");
    html
}

#[test]
fn a_bucket_run_of_two_okta_suites_is_reported_linked_and_read_back() {
    let clean = Server::start(&[]);
    let results = run_bucket(&clean.base_url);
    let names: Vec<&str> = results.iter().map(|r| r.suite.name.as_str()).collect();
    assert_eq!(
        names,
        ["Okta SCIM 2.0 SPEC Test", "Okta SCIM 2.0 Entitlements Test"]
    );
    assert!(results.iter().all(|r| r.outcome == RunOutcome::Passed));
    let html = check_outputs("passing", &results);
    assert!(html.contains("<h1>Passed</h1>"));
    assert!(html.contains(r#"<p class="ranked">2 of 2 tests passed</p>"#));
    assert!(
        html.contains(r#"<h2 id="t1-title">Test 1 of 2: Okta SCIM 2.0 SPEC Test (passed)</h2>"#)
    );
    assert!(html.contains(
        r#"<h2 id="t2-title">Test 2 of 2: Okta SCIM 2.0 Entitlements Test (passed)</h2>"#
    ));
    assert!(html.contains("13 requests: 13 passed"));
    drop(clean);

    // The SPEC suite fails one step on a server that accepts duplicates; Entitlements passes.
    let faulty = Server::start(&["--fault", "duplicates-accepted"]);
    let results = run_bucket(&faulty.base_url);
    let outcomes: Vec<RunOutcome> = results.iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes, [RunOutcome::Failed, RunOutcome::Passed]);
    let html = check_outputs("with duplicates-accepted", &results);
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("the report has no {needle:?}"))
    };
    // The run's verdict first, then each test's.
    let tests_line = r#"<p class="ranked">1 of 2 tests passed</p>"#;
    assert!(html.contains(
        "<title>Failed · 1 of 2 tests passed · Okta SCIM 2.0 SPEC Test and 1 more test · "
    ));
    assert!(at("<h1>Failed</h1>") < at(tests_line));
    assert!(at(tests_line) < at("13 requests: 12 passed, 1 failed"));
    assert!(at("13 requests: 12 passed, 1 failed") < at(r#"<h2 id="tests">Tests in this run"#));
    assert!(
        at("Okta SCIM 2.0 SPEC Test (failed)") < at("Okta SCIM 2.0 Entitlements Test (passed)")
    );
    assert!(html.contains(r#"<details class="step fail" id="t1-step-"#));
    assert!(html.contains("expected a number equal to 409, got 201"));
    let xml = junit_xml(&results);
    assert_eq!(attribute(&xml, "testsuites", "failures"), "1");
}
