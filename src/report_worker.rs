//! Evidence made off the page's first load: the HTML report, JUnit XML and share links come
//! from the report worker (`crates/report-worker`), started the first time one is asked for
//! and kept for the page's lifetime. Each is made from the result file's text, so it holds
//! exactly what "Export results" holds. Reading a link or a report back stays in the page
//! (src/share.rs, src/files.rs).
use suite_engine::RunResult;
use worker_protocol::report::{ReportAnswer, ReportCall};

use crate::worker::OnDemandWorker;

thread_local! {
    static WORKER: OnDemandWorker = const {
        OnDemandWorker::new("report-worker", "the report maker")
    };
}

/// A link made for a result.
#[derive(Clone)]
pub struct Made {
    pub url: String,
    /// How many request and response bodies were left out to fit, if any.
    pub omitted_bodies: usize,
}

/// The worker's answer to `call`; a `Failed` answer becomes the error.
async fn ask(call: ReportCall) -> Result<ReportAnswer, String> {
    let text = serde_json::to_string(&call).unwrap_or_default();
    let answer = WORKER.with(|w| w.call(&text)).await?;
    match serde_json::from_str::<ReportAnswer>(&answer) {
        Ok(ReportAnswer::Failed { reason }) => Err(reason),
        Ok(answer) => Ok(answer),
        Err(_) => Err("the report maker answered something unreadable".into()),
    }
}

/// The result file's text of `results`, or that there is nothing yet.
fn result_file(results: &[RunResult]) -> Result<String, String> {
    if results.is_empty() {
        return Err("there is no result yet".into());
    }
    Ok(suite_engine::bundle_to_json(results))
}

async fn text(call: ReportCall) -> Result<String, String> {
    match ask(call).await? {
        ReportAnswer::Text { text } => Ok(text),
        _ => Err("the report maker answered out of turn".into()),
    }
}

/// The self-contained HTML report of `results`.
///
/// # Errors
/// A sentence for the tester: no result yet, or the report maker did not load.
pub async fn html_report(results: &[RunResult]) -> Result<String, String> {
    text(ReportCall::HtmlReport {
        results: result_file(results)?,
    })
    .await
}

/// JUnit XML of `results`.
///
/// # Errors
/// As [`html_report`].
pub async fn junit_xml(results: &[RunResult]) -> Result<String, String> {
    text(ReportCall::Junit {
        results: result_file(results)?,
    })
    .await
}

/// The share link for `results`: this page's address with the results in its fragment,
/// within the link length the report crate allows.
///
/// # Errors
/// A sentence for the tester: the browser cannot compress, the result is too large for a
/// link even without its bodies, or the report maker did not load.
pub async fn share_link(results: &[RunResult]) -> Result<Made, String> {
    let results = result_file(results)?;
    let page = gloo_utils::window()
        .location()
        .href()
        .map_err(|_| "this page has no address".to_string())?;
    match ask(ReportCall::ShareLink { results, page }).await? {
        ReportAnswer::Link {
            url,
            omitted_bodies,
        } => Ok(Made {
            url,
            omitted_bodies,
        }),
        _ => Err("the report maker answered out of turn".into()),
    }
}
