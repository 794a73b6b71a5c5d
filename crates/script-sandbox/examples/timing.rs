//! Time per script in the native host: a new QuickJS runtime, the prelude and a small
//! post-response script, then Okta's Initial Script; the figures in docs/benchmarks.md.
//!
//! `cargo run --release -p script-sandbox --features native --example timing`

use std::time::Instant;

use script_sandbox::NativeScriptHost;
use suite_engine::{ScriptHost, ScriptInput, ScriptKind, ScriptResponse, Variables};

const RUNS: u32 = 1_000;

const OKTA_INITIAL_SCRIPT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/okta/Initial_Script_Spec.txt"
));

fn main() {
    let host = NativeScriptHost::new();
    let variables: Variables = [("auth", "Bearer t")].into_iter().collect();
    let response = ScriptResponse {
        status: 200,
        reason: "OK".into(),
        body: r#"{"totalResults": 1, "Resources": [{"id": "g1"}]}"#.into(),
        ..ScriptResponse::default()
    };
    let small = "var data = JSON.parse(response.body);\n\
                 assert.equal(response.status, 200, 'status');\n\
                 variables.set('group', data.Resources[0].id);";
    for (what, kind, source) in [
        (
            "a small post-response script",
            ScriptKind::PostResponse,
            small,
        ),
        (
            "Okta's Initial Script",
            ScriptKind::Initial,
            OKTA_INITIAL_SCRIPT,
        ),
    ] {
        let started = Instant::now();
        for _ in 0..RUNS {
            let input = ScriptInput {
                kind,
                source,
                variables: &variables,
                request: None,
                response: Some(&response),
                time_limit_ms: 5_000,
            };
            let output = futures::executor::block_on(host.run(input));
            if let Some(error) = output.error {
                eprintln!("{what}: {error}");
                std::process::exit(1);
            }
        }
        let per_script = started.elapsed().as_secs_f64() * 1000.0 / f64::from(RUNS);
        println!("native, {what}: {per_script:.2} ms per script (mean of {RUNS})");
    }
}
