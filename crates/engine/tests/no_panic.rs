//! No input may panic: arbitrary text and mutated versions of Okta's file load (or fail to)
//! without panicking, and whatever loads also runs.

use proptest::prelude::*;
use serde_json::json;
use suite_engine::*;

use crate::support::*;

fn run_quickly(suite: &Suite) {
    let options = RunOptions {
        pause_policy: PausePolicy::Skip,
        ..RunOptions::default()
    };
    let result = run_with(suite, &okta_environment(), &options, |r| {
        Ok(json_response(
            200,
            json!({"url": r.url, "Resources": [{"id": 1}]}),
        ))
    });
    let _ = result.to_json();
}

/// One edit to a text: delete a range, insert JSON-ish characters, or replace a range.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Replace(usize, usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let text = "[{}\\[\\]\":,0-9a-z .{}-]{0,12}";
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), text).prop_map(|(a, s)| Edit::Insert(a, s)),
        (any::<usize>(), 0usize..20, text).prop_map(|(a, n, s)| Edit::Replace(a, n, s)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Edit::Insert(at, s) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, s.bytes());
            }
            Edit::Replace(at, n, s) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.splice(at..end, s.bytes());
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".*") {
        if let Ok(suite) = load_suite(&text) {
            let _ = suite.variables_used();
            run_quickly(&suite);
        }
    }

    #[test]
    fn json_like_text_never_panics(text in "[{}\\[\\]\":,0-9a-z_ .{}-]{0,200}") {
        if let Ok(suite) = load_suite(&text) {
            let again = load_suite(&serde_json::to_string(&suite).expect("serializes"));
            prop_assert_eq!(again.map(|s| s.steps), Ok(suite.steps.clone()));
            run_quickly(&suite);
        }
    }

    #[test]
    fn mutated_okta_files_never_panic(edits in prop::collection::vec(edit(), 1..6)) {
        let text = apply(&okta_text(), &edits);
        match load_suite(&text) {
            Ok(suite) => {
                let _ = suite.variables_used();
                let _ = suite.counts();
                // What loads serializes back to an export that loads to the same steps.
                let again = load_suite(&serde_json::to_string(&suite).expect("serializes"));
                prop_assert_eq!(again.map(|s| s.steps), Ok(suite.steps.clone()));
                run_quickly(&suite);
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(!message.is_empty());
                let positionless = matches!(
                    e,
                    LoadError::Empty | LoadError::NotAnExport { .. } | LoadError::NoTests
                );
                prop_assert!(message.contains("line ") || positionless, "{}", message);
            }
        }
    }

    #[test]
    fn arbitrary_templates_in_every_field_never_panic(
        url in ".{0,60}", header in ".{0,40}", value in ".{0,40}", property in ".{0,30}",
    ) {
        let suite = suite_of(json!([{
            "step_type": "request", "url": url, "method": header,
            "headers": {"X": [header]}, "body": value,
            "assertions": [{"source": "response_json", "property": property, "comparison": "equal", "value": value},
                           {"source": "response_xml", "property": property, "comparison": "contains", "value": value}],
            "variables": [{"source": "response_json", "property": property, "name": "v"}]
        }, {"step_type": "condition", "left_value": value, "comparison": "is_less_than", "right_value": url, "steps": []}]));
        run_quickly(&suite);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let mut text = String::new();
    for _ in 0..10_000 {
        text.push_str("{\"steps\":[{\"step_type\":\"condition\",\"steps\":[");
    }
    assert!(load_suite(&text).is_err());
    let deep = "[".repeat(100_000);
    assert!(load_suite(&deep).is_err());
}
