//! The sandbox natively (QuickJS through rquickjs, the same prelude and limits as the
//! browser's worker), as one test binary: `cargo test -p script-sandbox --features native`.
//! The browser's worker is tested end to end in tests/e2e/ (scripts, sandbox-security).

mod api;
mod chai;
mod engine;
mod isolation;
mod libraries;
mod lifecycle;
mod limits;
mod network;
mod okta;

use script_sandbox::NativeScriptHost;
use suite_engine::{ScriptError, ScriptHost, ScriptInput, ScriptKind, ScriptOutput, Variables};

fn host() -> NativeScriptHost {
    NativeScriptHost::new()
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

/// Runs a future to its end; the native host's is ready at its first poll.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    futures::executor::block_on(future)
}

fn run_input(input: ScriptInput<'_>) -> ScriptOutput {
    block_on(host().run(input))
}

fn run(source: &str) -> ScriptOutput {
    run_input(input(ScriptKind::Initial, source, &Variables::new()))
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
