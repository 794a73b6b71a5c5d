//! "Export results" and "Open results": the engine's result file, secrets masked.
use leptos::{html, prelude::*};

use crate::browser::{download, picked_file};
use crate::files::{open_file, Expect};
use crate::state::use_app_state;

#[component]
pub fn ResultFileButtons() -> impl IntoView {
    let state = use_app_state();
    let picker = NodeRef::<html::Input>::new();
    // An export holds the tests that ran, once the run is over.
    let can_export = state.select(|s| {
        s.results()
            .is_some_and(|r| !r.running && r.tests.iter().any(|t| t.result.is_some()))
    });
    let open_error = state.select(|s| s.open_error().map(str::to_string));
    let export = move |_| {
        let results =
            state.read_untracked(|s| s.results().map(|r| r.finished()).unwrap_or_default());
        let Some(result) = results.first() else {
            return;
        };
        let stamp: String = result
            .started_at
            .chars()
            .filter(char::is_ascii_digit)
            .take(14)
            .collect();
        let name = format!("{}-{stamp}.result.json", slug(&result.suite.name));
        download(&name, &suite_engine::bundle_to_json(&results));
    };
    view! {
        <div class="actions">
            <button disabled=move || !can_export.get() on:click=export>"Export results"</button>
            <button on:click=move |_| {
                if let Some(input) = picker.get() {
                    input.click();
                }
            }>"Open results"</button>
            <input
                node_ref=picker
                id="result-file"
                type="file"
                accept=".json,application/json"
                aria-label="Result file"
                hidden
                on:change=move |e| {
                    if let Some(file) = picked_file(&e) {
                        open_file(state, file, Expect::Result);
                    }
                }
            />
            {move || {
                open_error
                    .get()
                    .map(|message| view! { <div class="error-box" role="alert">{message}</div> })
            }}
        </div>
    }
}

/// A file-name-safe form of a suite name.
fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() {
        "suite".into()
    } else {
        s
    }
}
