//! Parts of the page that most first visits never use, loaded on first use (issue #16): the
//! suite reader, the plan, the Environment panel's variables, a run and its results.
//!
//! With the `split` feature (the release build), each part ends up in its own WebAssembly
//! module, named by the first word of its `on_demand!` (the suite reader's two functions share
//! one): `wasm_split` (leptos's code splitting, with its `fallible` option so a
//! module that cannot be downloaded is an `Err`, not a panic that kills the page) marks it, and
//! `scripts/split.mjs` cuts the modules out after cargo. Without the feature (tests, clippy,
//! native builds) they are plain async functions that call the code directly.
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use session::Remembered;
use suite_engine::RunResult;

use crate::components::{environment::EnvironmentVariables, plan::PlanView, results::ResultsBody};
use crate::state::AppState;

/// One function in its own module (`split`), or a direct call.
macro_rules! on_demand {
    ($(#[doc = $doc:literal])* $module:ident => fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block) => {
        $(#[doc = $doc])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name($($arg: $ty),*) -> Result<$ret, SplitLoaderError> {
            Ok($body)
        }

        $(#[doc = $doc])*
        #[cfg(not(feature = "split"))]
        pub async fn $name($($arg: $ty),*) -> Result<$ret, SplitLoaderError> {
            Ok($body)
        }
    };
}

on_demand! {
    /// Reads a suite file and loads it (the engine's reader).
    scim_runner_suite_reader => fn load_suite(state: AppState, file_name: String, text: String) -> () {
        state.load_suite_now(&file_name, &text)
    }
}

on_demand! {
    /// Starts from what the last visit kept, a suite among it.
    scim_runner_suite_reader => fn restore_with_suite(
        state: AppState,
        kept: Remembered,
        file_name: String,
        text: String,
        result: Option<Vec<RunResult>>
    ) -> () {
        state.update(|s| s.restore(kept, Some((file_name, text)), result));
    }
}

on_demand! {
    /// Starts a run if the session allows one; `false` when it does not.
    scim_runner_run => fn start_run(state: AppState) -> bool {
        crate::run::start(state)
    }
}

on_demand! {
    /// The loaded suite's plan.
    scim_runner_plan => fn plan() -> AnyView {
        view! { <PlanView /> }.into_any()
    }
}

on_demand! {
    /// The Environment panel's variables, script and switches, once a suite is loaded.
    scim_runner_environment => fn environment() -> AnyView {
        view! { <EnvironmentVariables /> }.into_any()
    }
}

on_demand! {
    /// The results: verdict, filters and each test's steps.
    scim_runner_results => fn results() -> AnyView {
        view! { <ResultsBody /> }.into_any()
    }
}

on_demand! {
    /// Nothing but its module: a run's code, fetched before a workshop goes offline.
    scim_runner_run => fn run_part() -> () {}
}

on_demand! {
    /// Nothing but its module: the results' code, fetched before a workshop goes offline.
    scim_runner_results => fn results_part() -> () {}
}

/// Fetches the parts a run needs, so that workshop mode runs with the network off once its
/// demo has loaded, on a first visit too (before the service worker has kept them).
pub async fn parts_for_a_run() -> Result<(), String> {
    let run = run_part().await;
    let results = results_part().await;
    run.and(results).map_err(|_| {
        "part of this page could not be downloaded: check the connection, then reload the page"
            .to_string()
    })
}

/// A part of the page from its module: shown once it is in, or a message when it could not be
/// downloaded.
pub fn show(part: Result<AnyView, SplitLoaderError>) -> AnyView {
    part.unwrap_or_else(|_| view! { <PartMissing /> }.into_any())
}

/// Said where a part of the page could not be downloaded.
#[component]
pub fn PartMissing() -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            "Part of this page could not be downloaded, so it cannot be shown or used yet. Check the connection, then reload the page."
        </div>
    }
}
