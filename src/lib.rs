//! The browser app: a leptos client-side page over the suite engine.
//!
//! `main.rs` only mounts [`App`]; everything lives here so in-browser tests can mount pieces.
mod browser;
mod clock;
pub mod components;
mod demo;
pub mod environment;
mod fetch;
mod files;
pub mod options;
mod run;
pub mod state;
mod step_summary;
mod transport;
mod validate;

use leptos::prelude::*;

use components::{
    environment::EnvironmentPanel, plan::PlanView, results::ResultsPanel, run_panel::RunPanel,
    suite_loader::SuiteLoader,
};

#[component]
pub fn App() -> impl IntoView {
    let state = state::provide_app_state();
    view! {
        <main data-run-state=move || state.run_state.get().as_str()>
            <header class="app-header">
                <h1>"SCIM Suite Runner"</h1>
                <p>
                    "Run Okta's SCIM 2.0 SPEC Test, or any Runscope test export, against your SCIM server from this page. Nothing is sent anywhere but to the server you name."
                </p>
            </header>
            <SuiteLoader />
            <PlanView />
            <EnvironmentPanel />
            <RunPanel />
            <ResultsPanel />
        </main>
    }
}
