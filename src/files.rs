//! Reading a picked or dropped file into a suite or a result, whichever it is.
use leptos::{prelude::*, task::spawn_local};

use crate::browser::read_file_text;
use crate::state::AppState;

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
            match suite_engine::load_result(&text) {
                Ok(result) => {
                    state.open_error.set(None);
                    state.show_result(name, result);
                }
                Err(e) => state.open_error.set(Some(format!(
                    "{name} is not a result file we can open: {e}"
                ))),
            }
        } else {
            state.load_suite_text(name, text);
        }
    });
}

fn report(state: AppState, expect: Expect, message: String) {
    match expect {
        Expect::Result => state.open_error.set(Some(message)),
        Expect::Either => state.load_error.set(Some(message)),
    }
}

fn looks_like_result(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .is_some_and(|v| v.get("format_version").is_some() && v.get("steps").is_some())
}
