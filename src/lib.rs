//! The browser app: a leptos client-side page over the suite engine.
//!
//! `main.rs` only mounts [`App`]; everything lives here so in-browser tests can mount pieces.
mod browser;
mod clock;
pub mod components;
mod demo;
mod fetch;
mod files;
mod offline;
mod on_demand;
mod report_worker;
mod run;
mod share;
pub mod state;
mod step_summary;
mod storage;
mod transport;
pub mod worker;

use leptos::prelude::*;

use components::{
    environment::EnvironmentPanel, results::ResultsPanel, run_panel::RunPanel,
    suite_loader::SuiteLoader,
};

#[component]
pub fn App() -> impl IntoView {
    let state = state::provide_app_state();
    components::hosts::provide_host_list();
    // The phase, and "cancelled" for a run here that was cancelled: what tests and styles key on.
    let run_state = state.select(|s| match (s.phase(), s.verdict().map(|v| v.kind)) {
        (session::Phase::Finished, Some(session::VerdictKind::Cancelled)) => "cancelled",
        (phase, _) => phase.as_str(),
    });
    // A share link opens its result; so does one pasted into this tab's address later.
    files::open_link_in_address(state);
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        files::open_link_in_address(state)
    });
    on_cleanup(move || on_hash.remove());
    let large_text = state.select(|s| s.settings().large_text);
    let suite_loaded = state.select(|s| s.suite().is_some());
    // The text size is the root's, so every rem follows it.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let size = if large_text.get() { "large" } else { "normal" };
            let _ = root.set_attribute("data-text-size", size);
        }
    });
    view! {
        <main data-run-state=move || run_state.get()>
            <header class="app-header">
                <div class="header-row">
                    <h1>"SCIM Suite Runner"</h1>
                    <button
                        class="text-size"
                        aria-pressed=move || large_text.get().to_string()
                        on:click=move |_| {
                            state.update(|s| {
                                let mut settings = s.settings().clone();
                                settings.large_text = !settings.large_text;
                                s.set_settings(settings);
                            });
                        }
                    >
                        "Larger text"
                    </button>
                </div>
                <p>
                    "Run Okta's SCIM 2.0 SPEC Test, or any Runscope test export, against your SCIM server from this page. Nothing is sent anywhere but to the server you name."
                </p>
                <offline::UpdateNotice />
                <Show when=move || state.part_missing.get()>
                    <on_demand::PartMissing />
                </Show>
            </header>
            <SuiteLoader />
            // The plan shows only a loaded suite; its module comes with the first one.
            <Show when=move || suite_loaded.get()>
                <Suspense>{Suspend::new(async { on_demand::show(on_demand::plan().await) })}</Suspense>
            </Show>
            <EnvironmentPanel />
            <RunPanel />
            <ResultsPanel />
        </main>
    }
}
