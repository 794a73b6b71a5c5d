//! Reading a picked or dropped file into a suite or a result, whichever it is.
use leptos::task::spawn_local;

use session::{Opening, Origin};

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

/// Opens a result file's text read-only; what cannot be read says why.
pub fn open_result_text(state: AppState, origin: Origin, name: &str, text: &str) {
    match suite_engine::load_results(text) {
        Ok(results) => {
            let exported = suite_engine::bundle_to_json(&results);
            if state.update(|s| s.open_result(origin, results)) == Some(Opening::Opened) {
                storage::keep_result(&exported);
            }
        }
        Err(e) => {
            state.update(|s| s.fail_open(format!("{name} is not a result file we can open: {e}")));
        }
    }
}

fn report(state: AppState, expect: Expect, message: String) {
    state.update(|s| match expect {
        Expect::Result => s.fail_open(message),
        Expect::Either => s.fail_load(message),
    });
}

fn looks_like_result(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .is_some_and(|v| {
            v.get("format_version").is_some()
                && (v.get("steps").is_some() || v.get("results").is_some())
        })
}
