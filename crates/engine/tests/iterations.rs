//! A step whose URL uses a variable given several values (one a line) runs once per value,
//! each its own row; such a result is format version 2.

use serde_json::json;
use suite_engine::*;

use crate::support::*;

fn entitlements_suite() -> Suite {
    suite_of(json!([
        {"step_type": "request", "url": "{{base}}/ResourceTypes"},
        {"step_type": "request", "url": "{{base}}/{{endpoint}}?startIndex=1",
         "headers": {"Authorization": ["{{auth}}"]},
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]},
        {"step_type": "request", "url": "{{base}}/after/{{endpoint}}"},
        {"step_type": "request", "url": "{{base}}/last", "body": "{{endpoint}}"}
    ]))
}

#[test]
fn a_step_runs_once_per_value_and_each_run_is_a_row() {
    let env = Environment::with_variables([
        ("base", "http://h/scim/v2"),
        ("endpoint", "Entitlements\nRoles\n\n  Licenses  \n"),
        ("auth", "Bearer s3cret-token"),
    ]);
    let result = run_with(&entitlements_suite(), &env, &RunOptions::default(), |r| {
        let status = if r.url.contains("/Licenses") {
            404
        } else {
            200
        };
        Ok(json_response(status, json!({"Resources": []})))
    });
    let rows: Vec<(Vec<usize>, Option<String>, StepOutcome)> = result
        .steps
        .iter()
        .map(|s| {
            (
                s.path.clone(),
                s.request.as_ref().map(|r| r.url.clone()),
                s.outcome,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                vec![0],
                Some("http://h/scim/v2/ResourceTypes".into()),
                StepOutcome::Pass
            ),
            (
                vec![1],
                Some("http://h/scim/v2/Entitlements?startIndex=1".into()),
                StepOutcome::Pass
            ),
            (
                vec![1],
                Some("http://h/scim/v2/Roles?startIndex=1".into()),
                StepOutcome::Pass
            ),
            (
                vec![1],
                Some("http://h/scim/v2/Licenses?startIndex=1".into()),
                StepOutcome::Fail
            ),
            (
                vec![2],
                Some("http://h/scim/v2/after/Entitlements".into()),
                StepOutcome::Pass
            ),
            (
                vec![2],
                Some("http://h/scim/v2/after/Roles".into()),
                StepOutcome::Pass
            ),
            (
                vec![2],
                Some("http://h/scim/v2/after/Licenses".into()),
                StepOutcome::Pass
            ),
            (
                vec![3],
                Some("http://h/scim/v2/last".into()),
                StepOutcome::Pass
            ),
        ]
    );
    let iterations: Vec<Option<Iteration>> =
        result.steps.iter().map(|s| s.iteration.clone()).collect();
    assert_eq!(iterations[0], None);
    assert_eq!(
        iterations[3],
        Some(Iteration {
            variable: "endpoint".into(),
            value: "Licenses".into(),
            index: 2,
            count: 3
        })
    );
    // Outside the URL of a step, the first value holds.
    let last = result.steps[7]
        .request
        .as_ref()
        .and_then(|r| r.body.as_ref());
    assert_eq!(last.map(|b| b.text.as_str()), Some("Entitlements"));
    assert_eq!(result.summary.steps.total, 8);
    assert_eq!(result.summary.steps.failed, 1);
    assert_eq!(result.outcome, RunOutcome::Failed);

    // The export says version 2, holds every row, reads back, and masks secrets.
    assert_eq!(result.format_version, 2);
    let text = result.to_json();
    assert!(!text.contains("s3cret-token"));
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(value["format_version"], 2);
    assert_eq!(
        value["steps"][2]["iteration"],
        json!({"variable": "endpoint", "value": "Roles", "index": 1, "count": 3})
    );
    assert!(value["steps"][0].get("iteration").is_none());
    let loaded = load_result(&text).expect("reads back");
    assert_eq!(loaded.steps, result.masked().steps);
}

#[test]
fn a_run_without_several_values_stays_version_1_byte_for_byte_in_shape() {
    let env =
        Environment::with_variables([("base", "http://h"), ("endpoint", "Users"), ("auth", "x")]);
    let result = run_with(&entitlements_suite(), &env, &RunOptions::default(), |_| {
        Ok(json_response(200, json!({})))
    });
    assert_eq!(result.format_version, 1);
    assert_eq!(result.steps.len(), 4);
    let text = result.to_json();
    assert!(text.starts_with("{\n  \"format_version\": 1,"));
    assert!(!text.contains("\"iteration\""));
}

#[test]
fn secret_values_given_one_a_line_are_each_masked() {
    let suite = suite_of(json!([{"step_type": "request", "url": "http://h/{{token}}"}]));
    let env = Environment::with_variables([("token", "first-secret\nsecond-secret")]);
    let result = run_with(&suite, &env, &RunOptions::default(), |_| {
        Ok(json_response(200, json!({})))
    });
    assert_eq!(result.steps.len(), 2);
    let text = result.to_json();
    assert!(
        !text.contains("first-secret") && !text.contains("second-secret"),
        "{text}"
    );
}
