//! A report opens again as the results it was made from (one, or the tests of a bucket
//! export); a file that is not a report, one cut short, one edited into something else and
//! one from a newer version each get a clear message, and no input panics.

use report::{html_report, results_from_html, ReportReadError};
use suite_engine::{bundle_to_json, load_result, load_results};

use crate::support::{small_result, two_tests};

/// The text of a report's data block, its escapes undone.
fn embedded_text(html: &str) -> String {
    let opening = r#"<script type="application/json" id="scim-suite-result">"#;
    let start = html.find(opening).expect("the block") + opening.len();
    let end = start + html[start..].find("</script>").expect("its end");
    html[start..end]
        .replace(r"\u003c", "<")
        .replace(r"\u003e", ">")
        .replace(r"\u0026", "&")
}

#[test]
fn a_report_reads_back_as_its_result() {
    let result = small_result();
    let html = html_report(std::slice::from_ref(&result));
    let read = results_from_html(&html).expect("the report reads back");
    assert_eq!(read, std::slice::from_ref(&result));
    assert_eq!(
        read,
        [load_result(&result.to_json()).expect("the export reads")]
    );
}

#[test]
fn the_embedded_text_is_the_json_export() {
    let result = small_result();
    let html = html_report(std::slice::from_ref(&result));
    assert_eq!(embedded_text(&html), result.to_json());
}

#[test]
fn a_report_of_two_tests_reads_back_as_both() {
    let results = two_tests();
    let html = html_report(&results);
    // The data block holds the bundle, exactly as the result file of the run.
    let text = embedded_text(&html);
    assert_eq!(text, bundle_to_json(&results));
    assert!(text.starts_with("{\n  \"format_version\": 2,\n  \"results\": ["));
    let read = results_from_html(&html).expect("the report reads back");
    assert_eq!(read, results);
    assert_eq!(read, load_results(&text).expect("the bundle reads"));
}

#[test]
fn a_report_of_two_tests_edited_or_newer_says_so() {
    let html = html_report(&two_tests());
    // The bundle from a newer version.
    let newer = html.replacen("\"format_version\": 2,", "\"format_version\": 7,", 1);
    assert_eq!(
        results_from_html(&newer),
        Err(ReportReadError::NewerVersion { found: 7 })
    );
    // One test inside it edited: the message says which.
    let edited = html.replacen("\"outcome\": \"passed\"", "\"outcome\": 3", 1);
    let err = results_from_html(&edited).expect_err("edited");
    assert!(matches!(err, ReportReadError::Invalid { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(
            "the result inside this report was changed and no longer reads (result 2 of 2: "
        ),
        "{err}"
    );
    // Its list of results emptied.
    let start = html.find("\"results\": [").expect("the list") + "\"results\": [".len();
    let end = html.find("]\n}</script>").expect("its end");
    let emptied = format!("{}{}", &html[..start], &html[end..]);
    let err = results_from_html(&emptied).expect_err("empty");
    assert_eq!(
        err.to_string(),
        "the result inside this report was changed and no longer reads (the file holds a list of results, but it is empty); export the report again"
    );
    // Cut short in its second test.
    let second = html.find("Groups check").expect("the second test");
    assert_eq!(
        results_from_html(&html[..second]),
        Err(ReportReadError::Unterminated)
    );
}

#[test]
fn a_file_without_a_result_says_so() {
    for text in [
        "",
        "<!DOCTYPE html><html><body><p>My own page</p></body></html>",
        &small_result().to_json(),
        "<script type=\"application/json\" id=\"other\">{}</script>",
    ] {
        let err = results_from_html(text).expect_err("no result");
        assert_eq!(err, ReportReadError::NoResult);
    }
    assert_eq!(
        ReportReadError::NoResult.to_string(),
        "this HTML file holds no test result: open a report exported by the SCIM Suite Runner, or its result file"
    );
}

#[test]
fn a_report_cut_short_says_so() {
    let html = html_report(&[small_result()]);
    let middle = html.find("\"steps\"").expect("the steps");
    let err = results_from_html(&html[..middle]).expect_err("cut off");
    assert_eq!(err, ReportReadError::Unterminated);
    assert!(err
        .to_string()
        .starts_with("the result inside this report is cut off"));
}

#[test]
fn a_report_edited_into_invalid_json_says_so() {
    let html = html_report(&[small_result()]).replacen(
        "\"format_version\": 1,",
        "\"format_version\": 1,,",
        1,
    );
    let err = results_from_html(&html).expect_err("invalid");
    assert!(matches!(err, ReportReadError::Invalid { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("the result inside this report was changed and no longer reads ("),
        "{err}"
    );
    // A value of the wrong kind, too.
    let html =
        html_report(&[small_result()]).replacen("\"outcome\": \"failed\"", "\"outcome\": 3", 1);
    assert!(matches!(
        results_from_html(&html),
        Err(ReportReadError::Invalid { .. })
    ));
}

#[test]
fn a_report_from_a_newer_version_says_so() {
    let html = html_report(&[small_result()]).replacen(
        "\"format_version\": 1,",
        "\"format_version\": 99,",
        1,
    );
    let err = results_from_html(&html).expect_err("newer");
    assert_eq!(err, ReportReadError::NewerVersion { found: 99 });
    assert_eq!(
        err.to_string(),
        format!(
            "this report was made by a newer version of the SCIM Suite Runner (result format 99, this page reads up to {}); open it with the newer page",
            suite_engine::FORMAT_VERSION
        )
    );
}

#[test]
fn no_cut_of_a_report_panics() {
    let html = html_report(&crate::escaping::hostile_two_tests());
    let mut cuts = 0;
    for end in (0..html.len())
        .step_by(97)
        .filter(|&i| html.is_char_boundary(i))
    {
        let _ = results_from_html(&html[..end]);
        let _ = results_from_html(&html[end..]);
        cuts += 1;
    }
    assert!(cuts > 100);
}

#[test]
fn a_run_of_no_test_gives_outputs_that_say_so() {
    let html = html_report(&[]);
    assert!(html.contains("<h1>No test result</h1>"));
    assert_eq!(
        results_from_html(&html).map_err(|e| e.to_string()),
        Err("the result inside this report was changed and no longer reads (the file holds a list of results, but it is empty); export the report again".into())
    );
    let xml = report::junit_xml(&[]);
    crate::junit_schema::assert_valid("no-tests", &xml);
    assert!(
        xml.contains(
            r#"<testsuites name="No tests" tests="0" failures="0" errors="0" time="0.000">"#
        ),
        "{xml}"
    );
    let payload = report::share_payload(&[], 100, |json| json.len());
    assert_eq!(payload.json, r#"{"format_version":2,"results":[]}"#);
    assert_eq!(report::file_stem(&[]), "result");
}
