//! Reading a picked or dropped file into a suite or a result, whichever it is.
use leptos::task::spawn_local;

use session::{Opening, Origin};
use suite_engine::RunResult;

use crate::browser::read_file_text;
use crate::state::AppState;
use crate::storage;

/// What the user meant to open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Result,
    /// A suite, or a result file picked or dropped where a suite goes: a result file has
    /// `format_version` and opens as one; anything else is taken as a suite.
    Either,
}

pub fn open_file(state: AppState, file: web_sys::File, expect: Expect) {
    spawn_local(async move {
        let name = file.name();
        let text = match read_file_text(&file).await {
            Ok(text) => text,
            Err(message) => return report(state, expect, message),
        };
        let is_result = match expect {
            Expect::Result => true,
            Expect::Either => looks_like_result(&text),
        };
        if is_result {
            open_result_text(state, Origin::File(name.clone()), &name, &text);
        } else {
            state.load_suite(&name, &text);
        }
    });
}

/// Opens a result file's text read-only (a result file, a bundle, or an HTML report with its
/// embedded result); what cannot be read says why.
pub fn open_result_text(state: AppState, origin: Origin, name: &str, text: &str) {
    let read = if looks_like_html(text) {
        report::results_from_html(text).map_err(|e| e.to_string())
    } else {
        suite_engine::load_results(text).map_err(|e| e.to_string())
    };
    open_results(state, origin, name, read);
}

/// Shows results read-only, or says why they could not be read.
pub fn open_results(
    state: AppState,
    origin: Origin,
    name: &str,
    read: Result<Vec<RunResult>, String>,
) {
    match read {
        Ok(results) => {
            let exported = suite_engine::bundle_to_json(&results);
            if state.update(|s| s.open_result(origin, results)) == Some(Opening::Opened) {
                storage::keep_result(&exported);
            }
        }
        Err(e) => {
            let message = match origin {
                Origin::Link => format!("The share link could not be opened: {e}."),
                _ => format!("{name} is not a result file we can open: {e}"),
            };
            state.update(|s| s.fail_open(message));
        }
    }
}

/// Opens the share link in the page's address, if there is one.
pub fn open_link_in_address(state: AppState) {
    if !crate::share::page_has_link() {
        return;
    }
    spawn_local(async move {
        let read = crate::share::read_link().await;
        open_results(state, Origin::Link, "The share link", read);
    });
}

fn report(state: AppState, expect: Expect, message: String) {
    state.update(|s| match expect {
        Expect::Result => s.fail_open(message),
        Expect::Either => s.fail_load(message),
    });
}

fn looks_like_html(text: &str) -> bool {
    text.trim_start().starts_with('<')
}

fn looks_like_result(text: &str) -> bool {
    if looks_like_html(text) {
        return text.contains(report::RESULT_ELEMENT_ID);
    }
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .is_some_and(|v| {
            v.get("format_version").is_some()
                && (v.get("steps").is_some() || v.get("results").is_some())
        })
}
