//! A run's results as evidence, made in the page's report worker: the HTML report, JUnit XML
//! and share links (the report crate's outputs), which most visits never ask for, so they stay
//! out of the page's first load. Every output is made from the result file's text, the masked
//! JSON the page exports.
//!
//! This file is the worker's logic, plain and tested natively with any raw-deflate
//! compressor; `main.rs` wires it to the worker's messages and the browser's
//! `CompressionStream`.
//!
//! ```
//! use report_worker::answer;
//! use worker_protocol::report::{ReportAnswer, ReportCall};
//!
//! let call = ReportCall::Junit { results: "not a result".into() };
//! let answer = futures::executor::block_on(answer(call, |_| async { None }));
//! let ReportAnswer::Failed { reason } = answer else { panic!("nonsense is refused") };
//! assert!(reason.starts_with("the results cannot be read: "));
//! ```

#![deny(missing_docs)]

use std::cell::Cell;
use std::future::Future;

use report::{compressed_budget, link_fragment, share_payload_async, LINK_MAX_CHARS};
use suite_engine::RunResult;
use worker_protocol::report::{ReportAnswer, ReportCall};

const CANNOT_COMPRESS: &str =
    "this browser cannot compress (CompressionStream): export the report instead";

/// The answer to `call`. `deflate` compresses bytes as raw deflate (RFC 1951), `None` when it
/// cannot; only share links use it.
pub async fn answer<F, Fut>(call: ReportCall, deflate: F) -> ReportAnswer
where
    F: Fn(Vec<u8>) -> Fut,
    Fut: Future<Output = Option<Vec<u8>>>,
{
    let text = match &call {
        ReportCall::HtmlReport { results }
        | ReportCall::Junit { results }
        | ReportCall::ShareLink { results, .. } => results,
    };
    let results = match suite_engine::load_results(text) {
        Ok(results) => results,
        Err(e) => {
            return ReportAnswer::Failed {
                reason: format!("the results cannot be read: {e}"),
            }
        }
    };
    // A run's tests, one or several (a bucket): each output holds them all.
    match call {
        ReportCall::HtmlReport { .. } => ReportAnswer::Text {
            text: report::html_report(&results),
        },
        ReportCall::Junit { .. } => ReportAnswer::Text {
            text: report::junit_xml(&results),
        },
        ReportCall::ShareLink { page, .. } => share_link(&results, &page, deflate).await,
    }
}

/// A link to `page` that opens `results`, within the link length the report crate allows:
/// bodies are left out, largest first, until it fits.
async fn share_link<F, Fut>(results: &[RunResult], page: &str, deflate: F) -> ReportAnswer
where
    F: Fn(Vec<u8>) -> Fut,
    Fut: Future<Output = Option<Vec<u8>>>,
{
    let page = page.split('#').next().unwrap_or(page);
    let budget = compressed_budget(page.chars().count(), LINK_MAX_CHARS);
    let cannot_compress = Cell::new(false);
    let payload = share_payload_async(results, budget, |json: Vec<u8>| {
        let compressed = deflate(json);
        let cannot_compress = &cannot_compress;
        async move {
            let compressed = compressed.await;
            cannot_compress.set(compressed.is_none());
            compressed.map_or(usize::MAX, |c| c.len())
        }
    })
    .await;
    let failed = |reason: &str| ReportAnswer::Failed {
        reason: reason.into(),
    };
    if cannot_compress.get() {
        return failed(CANNOT_COMPRESS);
    }
    if !payload.fits {
        return failed("the result is too large for a link, even without its bodies: export the report or the result file instead");
    }
    match deflate(payload.json.into_bytes()).await {
        Some(compressed) => ReportAnswer::Link {
            url: format!("{page}#{}", link_fragment(&compressed)),
            omitted_bodies: payload.omitted.len(),
        },
        None => failed(CANNOT_COMPRESS),
    }
}

/// [`answer`] on the wire: the call's JSON in, the answer's JSON out.
pub async fn answer_text<F, Fut>(call: &str, deflate: F) -> String
where
    F: Fn(Vec<u8>) -> Fut,
    Fut: Future<Output = Option<Vec<u8>>>,
{
    let answer = match serde_json::from_str::<ReportCall>(call) {
        Ok(call) => answer(call, deflate).await,
        Err(e) => ReportAnswer::Failed {
            reason: format!("the report maker did not understand the page ({e})"),
        },
    };
    serde_json::to_string(&answer).unwrap_or_else(|_| {
        r#"{"answer":"failed","reason":"the report maker could not write its answer"}"#.into()
    })
}
