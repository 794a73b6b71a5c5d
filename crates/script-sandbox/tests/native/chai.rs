//! `assert`: Chai's assert interface with Chai 4's messages.

use super::*;

#[test]
fn a_failing_assert_equal_has_message_expected_and_actual() {
    let out = run("assert.equal(1, 1); assert.equal(1, 2, 'msg'); log('not reached');");
    assert_eq!(out.assertions.len(), 2);
    let (passed, failed) = (&out.assertions[0], &out.assertions[1]);
    assert!(passed.passed);
    assert_eq!(passed.message, "expected 1 to equal 1");
    assert!(!failed.passed);
    assert_eq!(failed.message, "msg: expected 1 to equal 2");
    assert_eq!(failed.expected.as_deref(), Some("2"));
    assert_eq!(failed.actual.as_deref(), Some("1"));
    assert_eq!(thrown(&out), "msg: expected 1 to equal 2");
    assert!(out.logs.is_empty());
}

#[test]
fn chai_assertions_pass_and_fail_as_chai_does() {
    let passing = r#"
        assert(true, 'plain'); assert.ok(1); assert.notOk(0); assert.notEqual(1, 2);
        assert.strictEqual('a', 'a'); assert.notStrictEqual(1, '1');
        assert.deepEqual({a: [1, {b: 2}]}, {a: [1, {b: 2}]}); assert.notDeepEqual({a: 1}, {a: 2});
        assert.isTrue(true); assert.isFalse(false); assert.isNull(null); assert.isNotNull(0);
        assert.isUndefined(undefined); assert.isDefined(null); assert.isArray([]);
        assert.isObject({}); assert.isString(''); assert.isNumber(1); assert.isBoolean(false);
        assert.typeOf([], 'array'); assert.include('abc', 'b'); assert.include([1, 2], 2);
        assert.include({a: 1, b: 2}, {a: 1}); assert.notInclude([1], 3); assert.match('abc', /b/);
        assert.lengthOf([1, 2], 2); assert.lengthOf('abc', 3); assert.property({a: 1}, 'a');
        assert.isAbove(2, 1); assert.sameMembers([1, 2], [2, 1]); assert.equal(3, '3');
    "#;
    let out = run(passing);
    assert_eq!(
        out.error,
        None,
        "{:?}",
        out.assertions.iter().find(|a| !a.passed)
    );
    assert_eq!(out.assertions.len(), 31);
    assert!(out.assertions.iter().all(|a| a.passed));

    let failures = [
        ("assert(false, 'custom')", "custom"),
        ("assert.ok('')", "expected '' to be truthy"),
        ("assert.strictEqual(1, '1')", "expected 1 to equal '1'"),
        (
            "assert.deepEqual({a: 1}, {a: 2})",
            "expected { a: 1 } to deeply equal { a: 2 }",
        ),
        ("assert.isNull(1, 'id')", "id: expected 1 to equal null"),
        ("assert.isArray('x')", "expected 'x' to be an array"),
        ("assert.isObject([])", "expected [] to be an object"),
        ("assert.typeOf(1, 'string')", "expected 1 to be a string"),
        (
            "assert.include([1, 2], 3)",
            "expected [ 1, 2 ] to include 3",
        ),
        (
            "assert.notInclude('abc', 'b')",
            "expected 'abc' to not include 'b'",
        ),
        ("assert.match('abc', /x/)", "expected 'abc' to match /x/"),
        (
            "assert.lengthOf([1], 2)",
            "expected [ 1 ] to have a length of 2 but got 1",
        ),
        (
            "assert.property({a: 1}, 'b')",
            "expected { a: 1 } to have property 'b'",
        ),
        ("assert.fail('stop here')", "stop here"),
        (
            "assert.isDefined(undefined)",
            "expected undefined to not equal undefined",
        ),
        (
            "assert.equal('a very long string that Chai shortens in messages', 1)",
            "expected 'a very long string that Chai shortens…' to equal 1",
        ),
        (
            "assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], [])",
            "expected [ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …(4) ] to deeply equal []",
        ),
        (
            "assert.closeEnough(1, 2)",
            "Error: assert.closeEnough is not available in this runner",
        ),
    ];
    let vars = Variables::new();
    for (source, message) in failures {
        let out = run_input(input(ScriptKind::Initial, source, &vars));
        assert_eq!(thrown(&out), message, "{source}");
        if !message.starts_with("Error:") {
            assert_eq!(out.assertions.len(), 1, "{source}");
            assert!(!out.assertions[0].passed);
            assert_eq!(out.assertions[0].message, message);
        }
    }
}

#[test]
fn a_caught_failure_is_still_recorded_and_fails() {
    let out = run("try { assert.isTrue(false, 'caught') } catch (e) { log(e.name) }");
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["AssertionError"]);
    assert_eq!(out.assertions.len(), 1);
    assert!(!out.assertions[0].passed);
}
