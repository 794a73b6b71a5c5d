//! The report worker's logic as the page drives it, natively: the result file's text in, the
//! report crate's outputs out, share links compressed with raw deflate (`miniz_oxide`, the
//! format of the browser's `CompressionStream("deflate-raw")`) and read back as the page
//! reads them.

use futures::executor::block_on;
use report::{compressed_budget, link_payload_bytes, results_from_html, LINK_MAX_CHARS};
use report_worker::{answer, answer_text};
use suite_engine::{bundle_to_json, load_result, load_results, RunResult};
use worker_protocol::report::{ReportAnswer, ReportCall};

const SMALL: &str = include_str!("../../report/tests/data/small-result.json");
const PAGE: &str = "https://example.test/tools/scim/";

async fn deflate(bytes: Vec<u8>) -> Option<Vec<u8>> {
    Some(miniz_oxide::deflate::compress_to_vec(&bytes, 6))
}

fn small() -> RunResult {
    load_result(SMALL).expect("the fixture reads")
}

fn text(answer: ReportAnswer) -> String {
    match answer {
        ReportAnswer::Text { text } => text,
        other => panic!("not a text: {other:?}"),
    }
}

fn link_for(page: &str) -> ReportAnswer {
    block_on(answer(
        ReportCall::ShareLink {
            results: SMALL.into(),
            page: page.into(),
        },
        deflate,
    ))
}

/// The results a link holds, read as the page reads them.
fn opened(url: &str) -> Vec<RunResult> {
    let fragment = url.split_once('#').expect("a link has a fragment").1;
    let compressed = link_payload_bytes(fragment).expect("the fragment decodes");
    let json = miniz_oxide::inflate::decompress_to_vec(&compressed).expect("it inflates");
    load_results(&String::from_utf8(json).expect("UTF-8")).expect("it reads as results")
}

#[test]
fn the_html_report_is_the_report_crates_and_reopens_as_the_result() {
    let html = text(block_on(answer(
        ReportCall::HtmlReport {
            results: SMALL.into(),
        },
        deflate,
    )));
    assert_eq!(html, report::html_report(&[small()]));
    assert_eq!(results_from_html(&html), Ok(vec![small()]));
}

#[test]
fn junit_is_the_report_crates() {
    let xml = text(block_on(answer(
        ReportCall::Junit {
            results: SMALL.into(),
        },
        deflate,
    )));
    assert_eq!(xml, report::junit_xml(&[small()]));
}

#[test]
fn a_share_link_holds_the_whole_result_when_it_fits() {
    let ReportAnswer::Link {
        url,
        omitted_bodies,
    } = link_for(&format!("{PAGE}#result=1.an-older-link"))
    else {
        panic!("a link is made");
    };
    assert!(url.starts_with(&format!("{PAGE}#result=1.")), "{url}");
    assert_eq!(omitted_bodies, 0);
    assert_eq!(opened(&url), vec![small()]);
}

#[test]
fn a_share_link_leaves_bodies_out_to_fit_a_long_page_address() {
    let whole = report::share_payload(&[small()], usize::MAX, |json| {
        miniz_oxide::deflate::compress_to_vec(json, 6).len()
    });
    // The longest page address whose budget is one byte short of the whole result.
    let page_chars = (0..LINK_MAX_CHARS)
        .find(|chars| compressed_budget(*chars, LINK_MAX_CHARS) < whole.compressed_len)
        .expect("some address is too long for the whole result");
    let page = format!("{PAGE}{}", "x".repeat(page_chars - PAGE.len()));
    let ReportAnswer::Link {
        url,
        omitted_bodies,
    } = link_for(&page)
    else {
        panic!("a link is made without some bodies");
    };
    assert!(omitted_bodies > 0);
    assert!(url.chars().count() <= LINK_MAX_CHARS);
    let back = opened(&url);
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].steps.len(), small().steps.len());
}

#[test]
fn a_page_address_too_long_for_any_link_is_said() {
    let ReportAnswer::Failed { reason } =
        link_for(&format!("{PAGE}{}", "x".repeat(LINK_MAX_CHARS)))
    else {
        panic!("no link fits");
    };
    assert!(
        reason.starts_with("the result is too large for a link"),
        "{reason}"
    );
}

#[test]
fn a_browser_that_cannot_compress_is_told_so() {
    let answer = block_on(answer(
        ReportCall::ShareLink {
            results: SMALL.into(),
            page: PAGE.into(),
        },
        |_| async { None },
    ));
    assert_eq!(
        answer,
        ReportAnswer::Failed {
            reason: "this browser cannot compress (CompressionStream): export the report instead"
                .into()
        }
    );
}

#[test]
fn a_bucket_run_is_reported_whole_and_its_link_holds_every_test() {
    let mut second = small();
    second.suite.name = "Second test".into();
    let both = vec![small(), second];
    let bundle = bundle_to_json(&both);
    let xml = text(block_on(answer(
        ReportCall::Junit {
            results: bundle.clone(),
        },
        deflate,
    )));
    assert_eq!(xml, report::junit_xml(&both));
    let html = text(block_on(answer(
        ReportCall::HtmlReport {
            results: bundle.clone(),
        },
        deflate,
    )));
    assert_eq!(results_from_html(&html), Ok(both.clone()));
    let ReportAnswer::Link { url, .. } = block_on(answer(
        ReportCall::ShareLink {
            results: bundle,
            page: PAGE.into(),
        },
        deflate,
    )) else {
        panic!("a link is made");
    };
    assert_eq!(opened(&url), both);
}

#[test]
fn on_the_wire_json_in_json_out_and_nonsense_gets_a_sentence() {
    let call = serde_json::to_string(&ReportCall::Junit {
        results: SMALL.into(),
    })
    .expect("a call serializes");
    let answer: ReportAnswer =
        serde_json::from_str(&block_on(answer_text(&call, deflate))).expect("JSON");
    assert_eq!(text(answer), report::junit_xml(&[small()]));

    for nonsense in ["", "{", r#"{"call":"pdf"}"#] {
        let answer: ReportAnswer =
            serde_json::from_str(&block_on(answer_text(nonsense, deflate))).expect("JSON");
        let ReportAnswer::Failed { reason } = answer else {
            panic!("{nonsense:?} is refused");
        };
        assert!(
            reason.starts_with("the report maker did not understand the page"),
            "{reason}"
        );
    }
    let not_results = serde_json::to_string(&ReportCall::HtmlReport {
        results: "[]".into(),
    })
    .expect("a call serializes");
    let answer: ReportAnswer =
        serde_json::from_str(&block_on(answer_text(&not_results, deflate))).expect("JSON");
    assert!(
        matches!(&answer, ReportAnswer::Failed { reason } if reason.starts_with("the results cannot be read: ")),
        "{answer:?}"
    );
}
