//! In-browser tests of the app's components, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]
// A failed expectation in a test should stop it loudly.
#![allow(clippy::unwrap_used)]

use leptos::prelude::*;
use scim_suite_runner::components::{environment::EnvironmentPanel, suite_loader::SuiteLoader};
use scim_suite_runner::state;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SMALL_SUITE: &str = r#"{"name": "Tiny", "steps": [
    {"step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/Users?filter={{randomEmail}}",
     "headers": {"Authorization": ["{{auth}}"]}},
    {"step_type": "pause", "duration": 5}
]}"#;

/// Mounts the given panels in a fresh container with fresh state; returns the state and
/// the container.
fn mount<V: IntoView + 'static>(panels: fn() -> V) -> (state::AppState, web_sys::HtmlElement) {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let container: web_sys::HtmlElement =
        document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = mount_to(container.clone(), move || {
        tx.send(state::provide_app_state()).unwrap();
        panels()
    });
    handle.forget();
    (rx.recv().unwrap(), container)
}

fn input(container: &web_sys::HtmlElement, id: &str) -> Option<web_sys::HtmlInputElement> {
    container
        .query_selector(&format!("[id='{id}']"))
        .unwrap()
        .map(|e| e.unchecked_into())
}

#[wasm_bindgen_test]
async fn a_bad_file_shows_why_and_keeps_the_loaded_suite() {
    let (state, container) = mount(|| view! { <SuiteLoader /> });
    state.load_suite_now("tiny.json", SMALL_SUITE);
    state.load_suite_now("broken.json", "{\"name\": \"x\", \"steps\": [");
    leptos::task::tick().await;

    let kept = state
        .read_untracked(|s| s.suite().map(|l| l.file_name.clone()))
        .expect("the first suite stays loaded");
    assert_eq!(kept, "tiny.json");
    let alert = container
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an error is shown");
    let text = alert.text_content().unwrap();
    assert!(text.contains("broken.json"), "{text}");
    assert!(text.contains("line 1"), "{text}");
}

#[wasm_bindgen_test]
async fn the_environment_offers_what_the_suite_needs_and_hides_secrets() {
    let (state, container) = mount(|| view! { <EnvironmentPanel /> });
    state.load_suite_now("tiny.json", SMALL_SUITE);
    leptos::task::tick().await;

    let base = input(&container, "var-SCIMBaseURL").expect("an input for the base URL");
    assert_eq!(base.type_(), "text");
    let auth = input(&container, "var-auth").expect("an input for auth");
    assert_eq!(auth.type_(), "password", "auth is a secret");
    let note = container
        .query_selector("[role=note]")
        .unwrap()
        .expect("a note on script variables");
    assert!(note.text_content().unwrap().contains("randomEmail"));

    // Once the initial script sets it, the variable needs no input.
    state.update(|s| s.set_initial_script(r#"variables.set("randomEmail", "a@b.c");"#.into()));
    leptos::task::tick().await;
    assert!(input(&container, "var-randomEmail").is_none());
    assert!(container.query_selector("[role=note]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn values_are_checked_and_secrets_are_not_remembered_unless_asked() {
    let (state, container) = mount(|| view! { <EnvironmentPanel /> });
    state.load_suite_now("tiny.json", SMALL_SUITE);
    state.update(|s| {
        s.set_value("SCIMBaseURL", "example.com/scim".into());
        s.set_value("auth", "token-without-scheme".into());
    });
    leptos::task::tick().await;
    let problems: Vec<String> = (0..2)
        .filter_map(|i| container.query_selector_all(".problem").unwrap().get(i))
        .map(|n| n.text_content().unwrap())
        .collect();
    assert!(
        problems.iter().any(|p| p.contains("Not a URL")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("Bearer")),
        "{problems:?}"
    );

    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let saved = stored
        .get_item("scim-suite-runner.session")
        .unwrap()
        .unwrap();
    assert!(
        saved.contains("example.com/scim"),
        "non-secret values are remembered"
    );
    assert!(
        !saved.contains("token-without-scheme"),
        "secrets are not: {saved}"
    );
    state.update(|s| s.set_remember_secrets(true));
    leptos::task::tick().await;
    let saved = stored
        .get_item("scim-suite-runner.session")
        .unwrap()
        .unwrap();
    assert!(
        saved.contains("token-without-scheme"),
        "unless the user asks"
    );
}
