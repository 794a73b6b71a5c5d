//! Problems before the run: every kind, at its step, with a summary line.

use serde_json::json;
use suite_engine::*;

use crate::support::*;

#[test]
fn every_kind_of_problem_is_found_at_its_step() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": ""},
        {"step_type": "request", "method": "GET", "url": "/etc/passwd",
         "headers": {"Accept-Charset": ["utf-8"], "Accept": ["application/json"]}},
        {"step_type": "teleport"},
        {"step_type": "condition", "left_value": "{{flag}}", "comparison": "about", "right_value": "1",
         "steps": [{"step_type": "request", "method": "TRACE", "url": "https://h/",
                    "scripts": ["expect(JSON.parse(response.body).id).to.equal(1); log(xml2json(response.body));"],
                    "assertions": [{"source": "response_body", "comparison": "equal", "value": "1"}],
                    "variables": [{"source": "nowhere", "property": "", "name": "v"}]}]},
        {"step_type": "subtest"},
        {"step_type": "request", "url": "{{SCIM Base URL}}/Users", "auth": {"auth_type": "oauth_2"},
         "binary_body": "AAEC"}
    ]));
    let problems = suite.problems(&[] as &[&str]);
    let found: Vec<(Vec<usize>, ProblemKind, String)> = problems
        .items
        .iter()
        .map(|p| (p.path.clone(), p.kind, p.message.clone()))
        .collect();
    use ProblemKind::*;
    let expected: Vec<(Vec<usize>, ProblemKind, &str)> = vec![
        (vec![0], MissingUrl, "the step has no URL"),
        (vec![1], MalformedUrl, "the URL \"/etc/passwd\" does not start with http://, https:// or a variable"),
        (vec![1], NotSentByBrowser, "a browser will not send the Accept-Charset header: browsers set this header themselves; a page may not"),
        (vec![2], UnknownStepType, "unknown step type teleport; it will be skipped"),
        (vec![3], UnknownComparison, "the condition has an unknown comparison about; its steps will be skipped"),
        (vec![3], UndefinedVariable, "{{flag}} is not defined: nothing sets it before this step and the environment does not give it"),
        (vec![3, 0], NotSentByBrowser, "browsers do not let a page send TRACE requests"),
        (vec![3, 0], UnknownSource, "assertion 1 has an unknown source response_body"),
        (vec![3, 0], UnknownSource, "variable v cannot be extracted: unknown source nowhere"),
        (vec![3, 0], MissingLibrary, "a script uses xml2json (`xml2json`), which this runner does not have yet; it will fail"),
        (vec![4], RunscopeOnly, "subtest steps run inside Runscope only; it will be skipped"),
        (vec![5], Unsupported, "auth type oauth_2 works inside Runscope only; no Authorization header will be added"),
        (vec![5], Unsupported, "binary bodies are not supported; the request will be sent without it"),
        (vec![5], UndefinedVariable, "{{SCIM Base URL}} is not defined: nothing sets it before this step and the environment does not give it"),
    ];
    let expected: Vec<(Vec<usize>, ProblemKind, String)> = expected
        .into_iter()
        .map(|(p, k, m)| (p, k, m.to_string()))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(
        problems.summary(),
        "7 of 7 steps have problems: 1 missing URL (step 1), 1 malformed URL (step 2), \
         2 headers or methods a browser will not send (steps 2 and 4.1), 1 unknown step type (step 3), \
         1 unknown comparison (step 4), 2 undefined variables (steps 4 and 6), 2 unknown sources (step 4.1), \
         1 missing script library (step 4.1), 1 Runscope-only step (step 5), 2 unsupported features (step 6)."
    );
    assert_eq!(problems.for_step(&[3, 0]).count(), 4);
    // Supplied names are not undefined.
    let fewer = suite.problems(&["flag", "SCIM Base URL"]);
    assert!(fewer.items.iter().all(|p| p.kind != UndefinedVariable));
}

#[test]
fn okta_s_suite_has_only_the_headers_a_browser_drops() {
    let suite = okta_suite();
    let script = std::fs::read_to_string(okta_path().with_file_name("Initial_Script_Spec.txt"))
        .expect("Okta's Initial Script is readable");
    let mut supplied = script_sets(&script);
    supplied.extend(["SCIMBaseURL".to_string(), "auth".to_string()]);
    let problems = suite.problems(&supplied);
    assert!(
        problems
            .items
            .iter()
            .all(|p| p.kind == ProblemKind::NotSentByBrowser),
        "{problems:?}"
    );
    let none = suite.problems(&[] as &[&str]);
    assert!(
        none.summary().contains("undefined variables"),
        "{}",
        none.summary()
    );
    assert_eq!(
        suite_of(json!([{"step_type": "pause", "duration": 1}]))
            .problems(&[] as &[&str])
            .summary(),
        "The step can run as written."
    );
}
