//! Loading a suite: file picker, drag-and-drop anywhere on the page, or pasted JSON.
use leptos::{ev, prelude::*, task::spawn_local};

use crate::browser::{dropped_file, picked_file};
use crate::files::{open_file, Expect};
use crate::state::{use_app_state, AppState};

/// Accepts a suite or result file dropped anywhere on the page.
fn listen_for_drops() {
    let state = use_app_state();
    let body = || document().body();
    let handles = [
        window_event_listener(ev::dragover, move |e| {
            e.prevent_default();
            if let Some(b) = body() {
                let _ = b.class_list().add_1("dragging");
            }
        }),
        window_event_listener(ev::dragleave, move |_| {
            if let Some(b) = body() {
                let _ = b.class_list().remove_1("dragging");
            }
        }),
        window_event_listener(ev::drop, move |e| {
            e.prevent_default();
            if let Some(b) = body() {
                let _ = b.class_list().remove_1("dragging");
            }
            if let Some(file) = dropped_file(&e) {
                open_file(state, file, Expect::Either);
            }
        }),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
}

/// Suites shipped in `suites/`: file name and button title.
const BUNDLED: [(&str, &str); 1] = [("scim-quick-check.json", "SCIM quick check")];

/// Fetches a bundled suite from beside the page, so it works from any sub-path.
fn load_bundled(state: AppState, file: &'static str) {
    spawn_local(async move {
        let url = format!("suites/{file}");
        let text = match gloo_net::http::Request::get(&url).send().await {
            Ok(r) if r.ok() => r.text().await.map_err(|e| e.to_string()),
            Ok(r) => Err(format!("the page's server answered {}", r.status())),
            Err(e) => Err(e.to_string()),
        };
        match text {
            Ok(text) => state.load_suite(file, &text),
            Err(e) => {
                state.update(|s| {
                    s.fail_load(format!("Could not load the bundled suite {file}: {e}"))
                });
            }
        }
    });
}

#[component]
pub fn SuiteLoader() -> impl IntoView {
    let state = use_app_state();
    listen_for_drops();
    let pasted = RwSignal::new(String::new());
    let running = state.select(|s| s.is_running());
    let load_error = state.select(|s| s.load_error().map(str::to_string));

    view! {
        <section class="panel" aria-labelledby="load-heading">
            <h2 id="load-heading">"1. Load a suite"</h2>
            <div class="field">
                <label for="suite-file">"Suite file"</label>
                <input
                    id="suite-file"
                    type="file"
                    disabled=move || running.get()
                    accept=".json,application/json"
                    on:change=move |e| {
                        if let Some(file) = picked_file(&e) {
                            open_file(state, file, Expect::Either);
                        }
                    }
                />
                <span class="drop-hint">
                    "A Runscope / BlazeMeter test export (.json), such as Okta's SCIM 2.0 SPEC Test. You can also drop the file anywhere on this page."
                </span>
            </div>
            <div class="bundled">
                <span>"Or start with a bundled suite: "</span>
                {BUNDLED
                    .iter()
                    .map(|(file, title)| {
                        view! {
                            <button disabled=move || running.get() on:click=move |_| load_bundled(state, file)>
                                {*title}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <details class="okta-help">
                <summary>"Where to get Okta's SCIM 2.0 SPEC Test"</summary>
                <ol>
                    <li>
                        "Okta publishes it in its guide to testing a SCIM integration (developer.okta.com, \"Test your SCIM API\"): download the "
                        <strong>"Okta SCIM 2.0 SPEC Test"</strong>
                        " JSON file and its "<strong>"Initial Script"</strong>"."
                    </li>
                    <li>"Pick the JSON file above, or drop it on this page. Nothing is uploaded: it stays in this browser."</li>
                    <li>"Paste the Initial Script into the Initial script box in step 2, then set SCIMBaseURL and auth."</li>
                </ol>
            </details>
            <details>
                <summary>"Paste suite JSON"</summary>
                <div class="field">
                    <label for="suite-paste">"Suite JSON"</label>
                    <textarea
                        id="suite-paste"
                        prop:value=move || pasted.get()
                        on:input=move |e| pasted.set(event_target_value(&e))
                    ></textarea>
                </div>
                <button disabled=move || running.get() on:click=move |_| {
                    state.load_suite("The pasted text", &pasted.get_untracked())
                }>"Load pasted JSON"</button>
            </details>
            {move || {
                load_error
                    .get()
                    .map(|message| view! { <div class="error-box" role="alert">{message}</div> })
            }}
        </section>
    }
}
