//! The variables a suite needs: names as Runscope allows them, in the order the run meets
//! them, and fast on large suites.

use serde_json::json;
use suite_engine::*;

use crate::support::*;

#[test]
fn a_variable_set_by_a_later_step_is_still_needed_by_an_earlier_one() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": "{{SCIMBaseURL}}/Users", "headers": {"Authorization": ["{{auth}}"]}},
        {"step_type": "request", "url": "{{SCIMBaseURL}}/Groups",
         "scripts": ["variables.set(\"SCIMBaseURL\", \"http://elsewhere\"); variables.set('id', 1);"]},
        {"step_type": "request", "url": "{{SCIMBaseURL}}/Users/{{id}}/{{later}}",
         "variables": [{"source": "response_json", "property": "x", "name": "later"}]},
        {"step_type": "request", "url": "{{SCIMBaseURL}}/x/{{later}}"}
    ]));
    assert_eq!(suite.variables_used(), ["SCIMBaseURL", "auth", "later"]);
    assert_eq!(suite.environment_variables(), ["SCIMBaseURL", "auth"]);
}

#[test]
fn pre_request_scripts_set_before_the_request_and_assertions_come_last() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": "http://h/{{token}}",
         "before_scripts": ["variables.set('token', 't');"],
         "variables": [{"source": "response_json", "property": "id", "name": "id"}],
         "assertions": [{"source": "response_json", "property": "id", "comparison": "equal", "value": "{{id}}"},
                        {"source": "response_json", "property": "n", "comparison": "equal", "value": "{{n}}"}]}
    ]));
    assert_eq!(suite.variables_used(), ["n"]);
}

#[test]
fn names_with_spaces_are_needed_rendered_and_warned_about() {
    let text = std::fs::read_to_string(corpus(
        "ujihisa-okta-scim-beta-SCIM_tests_for_Runscope.json",
    ))
    .expect("corpus file");
    let suite = load_suite(&text).expect("loads");
    let used = suite.variables_used();
    assert_eq!(used[0], "SCIM Base URL");
    assert!(suite
        .environment_variables()
        .contains(&"SCIM Base URL".to_string()));

    let one = suite_of(json!([{"step_type": "request", "url": "{{SCIM Base URL}}/Users"}]));
    let sent = run_with(
        &one,
        &Environment::with_variables([("SCIM Base URL", "http://h/scim")]),
        &RunOptions::default(),
        |_| Ok(json_response(200, json!({}))),
    );
    assert_eq!(
        sent.steps[0].request.as_ref().map(|r| r.url.as_str()),
        Some("http://h/scim/Users")
    );
    let missing = run_with(
        &one,
        &Environment::default(),
        &RunOptions::default(),
        |_| Ok(json_response(200, json!({}))),
    );
    assert_eq!(
        missing.steps[0].warnings[0].message,
        "undefined variable SCIM Base URL"
    );
}

/// A suite of `n` request steps shaped like Okta's: URL, headers, a body, assertions, an
/// extraction and, every tenth step, a script that sets a variable.
fn big_suite_text(n: usize) -> String {
    let steps: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            json!({"step_type": "request", "method": "POST", "note": format!("step {i}"),
                "url": format!("{{{{SCIMBaseURL}}}}/Users/{{{{id{}}}}}", i % 100),
                "headers": {"Authorization": ["{{auth}}"], "Accept": ["application/scim+json"]},
                "body": format!("{{\"userName\":\"{{{{user{}}}}}\"}}", i % 50),
                "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200},
                               {"source": "response_json", "property": "id", "comparison": "not_empty"}],
                "variables": [{"source": "response_json", "property": "id", "name": format!("id{i}")}],
                "scripts": if i % 10 == 0 { vec![format!("variables.set('v{i}', 1);")] } else { vec![] }})
        })
        .collect();
    json!({"name": "big", "steps": steps}).to_string()
}

/// Prints load and `variables_used` times at 1k, 10k and 100k steps. Run with
/// `cargo test --release -p suite-engine --test engine -- --ignored --nocapture timings`.
#[test]
#[ignore = "a benchmark: prints timings"]
fn timings_of_load_and_variables_used() {
    for n in [1_000, 10_000, 100_000] {
        let text = big_suite_text(n);
        let start = std::time::Instant::now();
        let suite = load_suite(&text).expect("loads");
        let loaded = start.elapsed();
        let start = std::time::Instant::now();
        let used = suite.variables_used();
        let listed = start.elapsed();
        let start = std::time::Instant::now();
        let problems = suite.problems(&["SCIMBaseURL", "auth"]);
        let checked = start.elapsed();
        println!(
            "{n:>7} steps, {:>6.1} MB: load {:>8.1} ms, variables_used {:>7.1} ms ({} names), problems {:>7.1} ms ({})",
            text.len() as f64 / 1e6,
            loaded.as_secs_f64() * 1e3,
            listed.as_secs_f64() * 1e3,
            used.len(),
            checked.as_secs_f64() * 1e3,
            problems.items.len(),
        );
    }
}

#[test]
fn variables_used_stays_linear() {
    // 20,000 steps with 20,000 distinct names: quadratic list searches took seconds here.
    let steps: Vec<serde_json::Value> = (0..20_000)
        .map(|i| json!({"step_type": "request", "url": format!("http://h/{{{{v{i}}}}}"),
                        "variables": [{"source": "response_json", "property": "id", "name": format!("w{i}")}]}))
        .collect();
    let suite = suite_of(json!(steps));
    let start = std::time::Instant::now();
    assert_eq!(suite.variables_used().len(), 20_000);
    assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
}
