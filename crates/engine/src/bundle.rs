//! Several results in one file: the tests of a bucket export, run one after another with one
//! environment. A single result is written as it always was; several are a bundle,
//! `{"format_version": 2, "results": [result, …]}`, each result whole inside.

use serde_json::Value;

use crate::error::ResultError;
use crate::result::{load_result, RunResult, FORMAT_VERSION};

/// The export of one or more results, every secret masked: one result as
/// [`RunResult::to_json`] writes it, several as a bundle.
///
/// # Example
/// ```
/// # use suite_engine::*;
/// # let one = || -> RunResult {
/// #     let suite = load_suite(r#"{"name": "A", "steps": []}"#).expect("loads");
/// #     struct T; impl Transport for T { async fn send(&self, _: &HttpRequest) -> Result<HttpResponse, RequestFailure> { Ok(HttpResponse::default()) } }
/// #     struct C; impl Clock for C { fn now_ms(&self) -> f64 { 0.0 } async fn sleep(&self, _: f64) {} }
/// #     futures::executor::block_on(Runner::new(&T, &C).run(&suite, &Environment::default(), &RunOptions::default()))
/// # };
/// let text = bundle_to_json(&[one(), one()]);
/// assert_eq!(load_results(&text)?.len(), 2);
/// assert_eq!(load_results(&bundle_to_json(&[one()]))?.len(), 1);
/// # Ok::<(), ResultError>(())
/// ```
pub fn bundle_to_json(results: &[RunResult]) -> String {
    match results {
        [one] => one.to_json(),
        several => {
            let items: Vec<Value> = several
                .iter()
                .map(|r| serde_json::from_str(&r.to_json()).unwrap_or(Value::Null))
                .collect();
            let bundle = serde_json::json!({
                "format_version": FORMAT_VERSION,
                "results": items,
            });
            serde_json::to_string_pretty(&bundle).unwrap_or_default()
        }
    }
}

/// Reads a result file: one result, or a bundle of several.
///
/// # Errors
/// As [`load_result`]; for a bundle, the message names the result that could not be read.
pub fn load_results(text: &str) -> Result<Vec<RunResult>, ResultError> {
    let items = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(mut top)) if top.get("results").is_some_and(Value::is_array) => {
            let version = top.get("format_version").and_then(Value::as_u64);
            match version {
                Some(v) if v > u64::from(FORMAT_VERSION) => {
                    return Err(ResultError::UnsupportedVersion { found: v })
                }
                Some(2..) => {}
                _ => {
                    return Err(ResultError::Invalid {
                        message: "a file of several results needs format_version 2".into(),
                    })
                }
            }
            match top.remove("results") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            }
        }
        _ => return load_result(text).map(|r| vec![r]),
    };
    if items.is_empty() {
        return Err(ResultError::Invalid {
            message: "the file holds a list of results, but it is empty".into(),
        });
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            load_result(&item.to_string()).map_err(|e| ResultError::Invalid {
                message: format!("result {} of {}: {e}", i + 1, items.len()),
            })
        })
        .collect()
}
