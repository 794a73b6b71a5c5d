//! Table tests: every comparison over strings, numbers, booleans, null, lists, objects and
//! missing values.

use super::*;
use serde_json::json;

/// `None` is a missing value.
fn run(comparison: &str, actual: Option<Value>, expected: &str) -> Verdict {
    let c = Comparison::parse(comparison);
    assert!(c.is_known(), "{comparison}");
    match &actual {
        Some(v) => eval(&c, &Actual::Value(v), expected),
        None => eval(&c, &Actual::Missing("x does not exist"), expected),
    }
}

#[test]
fn every_comparison_over_every_kind() {
    let s = || Some(json!("abc"));
    let n = || Some(json!(200));
    let f = || Some(json!(1.0));
    let t = || Some(json!(true));
    let fa = || Some(json!(false));
    let null = || Some(Value::Null);
    let arr = || Some(json!(["urn:a", 2, true]));
    let obj = || Some(json!({"k": "v", "n": 1}));
    let e_s = || Some(json!(""));
    let e_a = || Some(json!([]));
    let e_o = || Some(json!({}));
    let missing = || None;
    #[rustfmt::skip]
    let table: Vec<(&str, Option<Value>, &str, bool)> = vec![
        // equal: text forms, exact and case-sensitive
        ("equal", s(), "abc", true), ("equal", s(), "ABC", false),
        ("equal", n(), "200", true), ("equal", n(), "200.0", false),
        ("equal", f(), "1", true), ("equal", t(), "true", true), ("equal", fa(), "false", true),
        ("equal", null(), "", true), ("equal", null(), "null", false),
        ("equal", arr(), r#"["urn:a",2,true]"#, true), ("equal", obj(), r#"{"k":"v","n":1}"#, true),
        ("equal", missing(), "", false),
        // not_equal
        ("not_equal", s(), "abd", true), ("not_equal", s(), "abc", false),
        ("not_equal", n(), "200", false), ("not_equal", t(), "false", true),
        ("not_equal", null(), "", false), ("not_equal", arr(), "x", true),
        ("not_equal", obj(), "x", true), ("not_equal", missing(), "x", true),
        // empty
        ("empty", e_s(), "", true), ("empty", e_a(), "", true), ("empty", e_o(), "", true),
        ("empty", null(), "", true), ("empty", missing(), "", true),
        ("empty", s(), "", false), ("empty", n(), "", false), ("empty", fa(), "", false),
        ("empty", arr(), "", false), ("empty", obj(), "", false),
        // not_empty: false and 0 are values
        ("not_empty", s(), "", true), ("not_empty", n(), "", true), ("not_empty", fa(), "", true),
        ("not_empty", Some(json!(0)), "", true), ("not_empty", arr(), "", true), ("not_empty", obj(), "", true),
        ("not_empty", e_s(), "", false), ("not_empty", e_a(), "", false), ("not_empty", e_o(), "", false),
        ("not_empty", null(), "", false), ("not_empty", missing(), "", false),
        // contains: substring, list element, object key
        ("contains", s(), "bc", true), ("contains", s(), "x", false),
        ("contains", n(), "20", true), ("contains", t(), "ru", true),
        ("contains", arr(), "urn:a", true), ("contains", arr(), "2", true), ("contains", arr(), "urn", false),
        ("contains", obj(), "k", true), ("contains", obj(), "v", false),
        ("contains", null(), "", false), ("contains", missing(), "a", false),
        // does_not_contain
        ("does_not_contain", s(), "x", true), ("does_not_contain", s(), "b", false),
        ("does_not_contain", n(), "3", true), ("does_not_contain", arr(), "urn:a", false),
        ("does_not_contain", obj(), "v", true), ("does_not_contain", null(), "a", true),
        ("does_not_contain", missing(), "a", true),
        // is_a_number
        ("is_a_number", n(), "", true), ("is_a_number", f(), "", true), ("is_a_number", Some(json!("12.5")), "", true),
        ("is_a_number", Some(json!(" -3 ")), "", true), ("is_a_number", s(), "", false),
        ("is_a_number", Some(json!("NaN")), "", false), ("is_a_number", Some(json!("inf")), "", false),
        ("is_a_number", t(), "", false), ("is_a_number", null(), "", false), ("is_a_number", e_s(), "", false),
        ("is_a_number", arr(), "", false), ("is_a_number", obj(), "", false), ("is_a_number", missing(), "", false),
        // equal_number
        ("equal_number", n(), "200", true), ("equal_number", n(), "200.0", true), ("equal_number", n(), "201", false),
        ("equal_number", Some(json!("0")), "0", true), ("equal_number", f(), "1", true),
        ("equal_number", s(), "1", false), ("equal_number", t(), "1", false), ("equal_number", null(), "0", false),
        ("equal_number", arr(), "1", false), ("equal_number", obj(), "1", false),
        ("equal_number", missing(), "1", false), ("equal_number", n(), "abc", false),
        // ordering
        ("is_less_than", Some(json!(120)), "600", true), ("is_less_than", Some(json!(600)), "600", false),
        ("is_less_than", Some(json!("5")), "6", true), ("is_less_than", s(), "6", false),
        ("is_less_than", null(), "6", false), ("is_less_than", missing(), "6", false),
        ("is_less_than_or_equal", Some(json!(600)), "600", true), ("is_less_than_or_equal", Some(json!(601)), "600", false),
        ("is_less_than_or_equal", t(), "1", false),
        ("is_greater_than", n(), "199", true), ("is_greater_than", n(), "200", false),
        ("is_greater_than", arr(), "0", false), ("is_greater_than", n(), "x", false),
        ("is_greater_than_or_equal", n(), "200", true), ("is_greater_than_or_equal", n(), "201", false),
        ("is_greater_than_or_equal", obj(), "0", false), ("is_greater_than_or_equal", missing(), "0", false),
        // has_key
        ("has_key", obj(), "k", true), ("has_key", obj(), "v", false), ("has_key", arr(), "0", false),
        ("has_key", s(), "a", false), ("has_key", null(), "", false), ("has_key", missing(), "k", false),
        // has_value
        ("has_value", arr(), "urn:a", true), ("has_value", arr(), "true", true), ("has_value", arr(), "urn", false),
        ("has_value", obj(), "v", true), ("has_value", obj(), "1", true), ("has_value", obj(), "k", false),
        ("has_value", s(), "abc", false), ("has_value", n(), "200", false), ("has_value", null(), "", false),
        ("has_value", missing(), "x", false),
        // is_null: a missing path is not null
        ("is_null", null(), "", true), ("is_null", e_s(), "", false), ("is_null", s(), "", false),
        ("is_null", n(), "", false), ("is_null", fa(), "", false), ("is_null", e_a(), "", false),
        ("is_null", e_o(), "", false), ("is_null", missing(), "", false),
    ];
    let mut wrong = Vec::new();
    for (comparison, actual, expected, pass) in table {
        let verdict = run(comparison, actual.clone(), expected);
        if verdict.is_ok() != pass {
            wrong.push(format!("{comparison} {actual:?} {expected:?}: {verdict:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "unexpected verdicts:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn failure_messages_are_plain_sentences() {
    let m = |c: &str, a: Option<Value>, e: &str| run(c, a, e).err().unwrap_or_default();
    assert_eq!(
        m("equal", Some(json!("a")), "b"),
        r#"expected "b", got "a""#
    );
    assert_eq!(
        m("equal", None, "b"),
        r#"expected "b", but x does not exist"#
    );
    assert_eq!(
        m("equal_number", Some(json!(404)), "200"),
        "expected a number equal to 200, got 404"
    );
    assert_eq!(
        m("equal_number", Some(json!("abc")), "200"),
        r#"expected a number equal to 200, got "abc", which is not a number"#
    );
    assert_eq!(
        m("is_less_than", Some(json!(700)), "600"),
        "expected a number less than 600, got 700"
    );
    assert_eq!(
        m("not_empty", Some(json!("")), ""),
        r#"expected a value, got """#
    );
    assert_eq!(
        m("not_empty", None, ""),
        "expected a value, but x does not exist"
    );
    assert_eq!(
        m("empty", Some(json!([1])), ""),
        "expected an empty value, got [1]"
    );
    assert_eq!(
        m("has_value", Some(json!(["a"])), "b"),
        r#"expected a list or object holding "b", got ["a"]"#
    );
    assert_eq!(
        m("is_null", Some(json!(false)), ""),
        "expected null, got false"
    );
    assert_eq!(
        m("equal_number", Some(json!(1)), "one"),
        r#"the expected value "one" is not a number"#
    );
}

#[test]
fn unknown_comparison_and_source_are_errors_on_the_assertion() {
    let r = Received::new(200, &[], "{}", 1.0, 2);
    let a = |source: &str, comparison: &str| Assertion {
        source: source.into(),
        property: String::new(),
        comparison: comparison.into(),
        value: Some("200".into()),
    };
    let res = check(
        &a("response_status", "roughly_equal"),
        Some("200".into()),
        &r,
    );
    assert_eq!(res.outcome, AssertionOutcome::Error);
    assert_eq!(
        res.message.as_deref(),
        Some("unknown comparison roughly_equal")
    );
    let res = check(&a("response_mood", "equal"), Some("200".into()), &r);
    assert_eq!(res.outcome, AssertionOutcome::Error);
    assert_eq!(res.message.as_deref(), Some("unknown source response_mood"));
    let res = check(
        &a("response_status", "equal_number"),
        Some("200".into()),
        &r,
    );
    assert_eq!(res.outcome, AssertionOutcome::Pass);
    assert_eq!(res.actual.as_deref(), Some("200"));
}

#[test]
fn missing_values_keep_the_reason() {
    let r = Received::new(200, &[], "not json", 1.0, 8);
    let a = Assertion {
        source: "response_json".into(),
        property: "id".into(),
        comparison: "not_empty".into(),
        value: None,
    };
    let res = check(&a, None, &r);
    assert_eq!(res.outcome, AssertionOutcome::Fail);
    assert_eq!(res.actual, None);
    assert_eq!(
        res.actual_missing.as_deref(),
        Some("response body is not JSON")
    );
    assert_eq!(
        res.message.as_deref(),
        Some("expected a value, but response body is not JSON")
    );
}

#[test]
fn conditions_compare_rendered_texts() {
    assert_eq!(compare(&"equal".into(), "a", "a"), Ok(true));
    assert_eq!(compare(&"is_greater_than".into(), "10", "9"), Ok(true));
    assert_eq!(compare(&"empty".into(), "", ""), Ok(true));
    assert_eq!(
        compare(&"nearly".into(), "a", "a"),
        Err("unknown comparison nearly".into())
    );
}
