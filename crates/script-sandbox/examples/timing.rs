//! Time per script in the native host: a new QuickJS runtime, the prelude and a small
//! post-response script, then Okta's Initial Script, then a script naming each library
//! (evaluated from node_modules/ in every runtime); the figures in docs/benchmarks.md.
//!
//! `cargo run --release -p script-sandbox --features native --example timing`

use std::time::Instant;

use script_sandbox::NativeScriptHost;
use suite_engine::{ScriptHost, ScriptInput, ScriptKind, ScriptResponse, Variables};

const RUNS: u32 = 1_000;
/// Fewer for the library scripts: each evaluates a library of 50 to 360 KB.
const LIBRARY_RUNS: u32 = 200;

/// A post-response script per library, as Runscope scripts use them.
const LIBRARY_SCRIPTS: &[(&str, &str)] = &[
    (
        "Chai's expect",
        "var data = JSON.parse(response.body);\n\
         expect(response.status).to.be.equal(200);\n\
         expect(data).to.include.keys('Resources');\n\
         expect(data.Resources).to.have.length.above(0);",
    ),
    (
        "Underscore",
        "variables.set('ids', _.pluck(JSON.parse(response.body).Resources, 'id').join());",
    ),
    (
        "Moment",
        "variables.set('when', moment.utc().add(1, 'day').format('YYYY-MM-DD'));",
    ),
    (
        "CryptoJS",
        "variables.set('sig', CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA256(response.body, 'k')));",
    ),
    ("Marked", "log(marked('**' + response.status + '**'));"),
    (
        "tv4",
        "assert.isTrue(tv4.validate(JSON.parse(response.body), {type: 'object', required: ['Resources']}));",
    ),
];

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
    let mut scripts = vec![
        (
            "a small post-response script".to_string(),
            ScriptKind::PostResponse,
            small,
            RUNS,
        ),
        (
            "Okta's Initial Script".to_string(),
            ScriptKind::Initial,
            OKTA_INITIAL_SCRIPT,
            RUNS,
        ),
    ];
    for (library, source) in LIBRARY_SCRIPTS {
        scripts.push((
            format!("a script naming {library}"),
            ScriptKind::PostResponse,
            source,
            LIBRARY_RUNS,
        ));
    }
    for (what, kind, source, runs) in scripts {
        let started = Instant::now();
        for _ in 0..runs {
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
        let per_script = started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        println!("native, {what}: {per_script:.2} ms per script (mean of {runs})");
    }
}
