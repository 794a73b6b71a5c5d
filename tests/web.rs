//! In-browser tests of the app's components, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use scim_suite_runner::{components::suite_loader::SuiteLoader, state};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SMALL_SUITE: &str = r#"{"name": "Tiny", "steps": [
    {"step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/Users"},
    {"step_type": "pause", "duration": 5}
]}"#;

fn mount_loader() -> state::AppState {
    let container = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = mount_to(container.unchecked_into(), move || {
        tx.send(state::provide_app_state()).unwrap();
        view! { <SuiteLoader /> }
    });
    handle.forget();
    rx.recv().unwrap()
}

use wasm_bindgen::JsCast;

#[wasm_bindgen_test]
async fn a_bad_file_shows_why_and_keeps_the_loaded_suite() {
    let state = mount_loader();
    state.load_suite_text("tiny.json".into(), SMALL_SUITE.into());
    state.load_suite_text("broken.json".into(), "{\"name\": \"x\", \"steps\": [".into());
    leptos::task::tick().await;

    let kept = state.suite.get_untracked().expect("the first suite stays loaded");
    assert_eq!(kept.file_name, "tiny.json");
    let alert = document().query_selector("[role=alert]").unwrap().expect("an error is shown");
    let text = alert.text_content().unwrap();
    assert!(text.contains("broken.json"), "{text}");
    assert!(text.contains("line 1"), "{text}");
}
