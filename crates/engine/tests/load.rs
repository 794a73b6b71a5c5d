//! Loading through the public API: variations and errors.

use suite_engine::*;

#[test]
fn errors_name_path_line_and_column() {
    let text = "{\n  \"steps\": [\n    {\"step_type\": \"pause\", \"duration\": 5},\n    {\"step_type\": \"pause\",\n     \"duration\": \"abc\"}\n  ]\n}";
    let err = load_suite(text).expect_err("bad duration");
    assert_eq!(
        err.to_string(),
        "steps[1].duration: expected a number of seconds, found \"abc\" (line 5, column 23)"
    );
    let LoadError::Shape {
        path, line, column, ..
    } = err
    else {
        panic!("a shape error")
    };
    assert_eq!((path.as_str(), line, column), ("steps[1].duration", 5, 23));
}

#[test]
fn nested_conditions_and_every_step_type() {
    let suite = load_suite(
        r#"{"steps": [
          {"step_type": "condition", "left_value": "{{a}}", "comparison": "equal", "right_value": "1",
           "steps": [{"step_type": "request", "url": "{{inner}}"}, {"step_type": "pause", "duration": 1}]},
          {"step_type": "subtest", "test_uuid": "t", "bucket_key": "b", "environment_uuid": "e",
           "params": {"x": 1}, "assertions": [], "variables": [{"source": "response_json", "property": "id", "name": "sub"}]},
          {"step_type": "ghost-inspector", "suite_id": "g"},
          {"step_type": "inbound-request"}
        ]}"#,
    )
    .expect("loads");
    assert_eq!(suite.counts().total, 6);
    let types: Vec<&str> = suite.steps.iter().map(Step::step_type).collect();
    assert_eq!(
        types,
        ["condition", "subtest", "ghost-inspector", "inbound-request"]
    );
    assert_eq!(suite.variables_used(), ["a", "inner"]);
    let Step::GhostInspector(g) = &suite.steps[2] else {
        panic!("ghost inspector")
    };
    assert_eq!(g.extra["suite_id"], "g");
}

#[test]
fn environments_are_offered() {
    let suite = load_suite(
        r#"{"steps": [], "environments": [{"name": "prod", "initial_variables": {"SCIMBaseURL": "https://x", "n": 5}, "script": "variables.set('a', 1);"}]}"#,
    )
    .expect("loads");
    let env = Environment::from(&suite.environments[0]);
    assert_eq!(env.name, "prod");
    assert_eq!(
        env.initial_variables,
        [
            ("SCIMBaseURL".to_string(), "https://x".to_string()),
            ("n".into(), "5".into())
        ]
    );
    assert_eq!(env.initial_script, "variables.set('a', 1);");
}

#[test]
fn file_warnings() {
    let suite = load_suite(r#"{"version": "2.0", "step_count": 3, "steps": []}"#).expect("loads");
    assert_eq!(
        suite.load_warnings(),
        [
            "export format version 2.0 is not 1.0; the file may use fields this runner does not know",
            "the file says it has 3 steps but holds 0",
        ]
    );
}

#[test]
fn a_suite_serializes_back_to_the_export_format() {
    let suite = crate::support::okta_suite();
    let text = serde_json::to_string(&suite).expect("serializes");
    let again = load_suite(&text).expect("loads again");
    assert_eq!(again.steps, suite.steps);
    assert_eq!(again.name, suite.name);
    assert_eq!(again.extra, suite.extra);
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(value["steps"][0]["step_type"], "request");
    assert_eq!(
        value["steps"][0]["headers"]["Accept"][0],
        "application/scim+json"
    );
    assert_eq!(
        value["steps"][1],
        serde_json::json!({"step_type": "pause", "skipped": false, "note": "", "duration": 5.0})
    );

    let odd = load_suite(r#"{"steps": [{"step_type": "teleport", "x": [1]}, {"x": 2, "step_type": "warp"},
        {"step_type": "condition", "steps": [{"step_type": "pause", "duration": 1, "color": "red"}]}],
        "environments": [{"name": "e", "initial_variables": {"b": "1", "a": "2"}, "extra": true}], "more": 1}"#)
        .expect("loads");
    let again = load_suite(&serde_json::to_string(&odd).expect("serializes")).expect("loads again");
    assert_eq!(again.steps, odd.steps);
    assert_eq!(again.environments, odd.environments);
    assert_eq!(again.extra, odd.extra);
}

#[test]
fn comparisons_and_sources_are_typed_at_load_and_keep_what_the_file_wrote() {
    let text = r#"{"steps": [{"step_type": "request", "url": "u", "assertions": [
        {"source": "response_json", "property": "Resources[0].id", "comparison": "not_empty"},
        {"source": "response_vibes", "comparison": "roughly", "value": "1"},
        {"source": "", "comparison": ""}],
        "variables": [{"source": "response_mood", "property": "", "name": "m"}]},
        {"step_type": "condition", "left_value": "a", "comparison": "nearly", "right_value": "b"}]}"#;
    let suite = load_suite(text).expect("loads");
    let Step::Request(r) = &suite.steps[0] else {
        panic!("a request")
    };
    let a = &r.assertions[0];
    assert_eq!(
        (a.source.clone(), a.comparison.clone()),
        (Source::Json, Comparison::NotEmpty)
    );
    assert_eq!(
        format!(
            "{} {} {}",
            a.source.label(),
            a.property,
            a.comparison.phrase()
        ),
        "JSON Resources[0].id is not empty"
    );
    assert_eq!(
        r.assertions[1].source,
        Source::Unknown("response_vibes".into())
    );
    assert_eq!(
        r.assertions[1].comparison,
        Comparison::Unknown("roughly".into())
    );
    assert_eq!(r.assertions[2].comparison, Comparison::Missing);
    assert_eq!(r.variables[0].source.as_str(), "response_mood");
    let Step::Condition(c) = &suite.steps[1] else {
        panic!("a condition")
    };
    assert_eq!(c.comparison.as_str(), "nearly");
    let written = serde_json::to_string(&suite).expect("serializes");
    let value: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(value["steps"][0]["assertions"][1]["comparison"], "roughly");
    assert_eq!(
        value["steps"][0]["assertions"][1]["source"],
        "response_vibes"
    );
    assert_eq!(
        load_suite(&written).expect("loads again").steps,
        suite.steps
    );
}

/// Found by fuzzing: a step that names its type twice would load half one type, half the
/// other, and not read back as it loaded.
#[test]
fn a_step_type_given_twice_is_an_error() {
    let err = load_suite(
        r#"{"steps": [{"url": "u", "step_type": "request", "duration": 40, "step_type": "pause"}]}"#,
    )
    .expect_err("refused");
    assert_eq!(
        err.to_string(),
        "steps[0]: step_type is given twice in this step; keep one (line 1, column 75)"
    );
}
