//! The sandbox in headless Chromium, as one test binary:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p script-sandbox --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

mod api;
mod engine;
mod lifecycle;
mod okta;
mod sandbox;

use script_sandbox::WorkerScriptHost;
use suite_engine::{
    ScriptError, ScriptHost, ScriptInput, ScriptKind, ScriptOutput, ScriptRequest, ScriptResponse,
    Variables,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> WorkerScriptHost {
    WorkerScriptHost::new().expect("workers start in Chromium")
}

fn input<'a>(kind: ScriptKind, source: &'a str, variables: &'a Variables) -> ScriptInput<'a> {
    ScriptInput {
        kind,
        source,
        variables,
        request: None,
        response: None,
        time_limit_ms: 2_000,
    }
}

async fn run(source: &str) -> ScriptOutput {
    host()
        .run(input(ScriptKind::Initial, source, &Variables::new()))
        .await
}

fn thrown(out: &ScriptOutput) -> &str {
    match &out.error {
        Some(ScriptError::Thrown { message }) => message,
        other => panic!("expected a thrown error, got {other:?}"),
    }
}

fn variable<'a>(out: &'a ScriptOutput, name: &str) -> Option<&'a str> {
    out.variables_set
        .iter()
        .rev()
        .find(|v| v.name == name)
        .map(|v| v.value.as_str())
}
