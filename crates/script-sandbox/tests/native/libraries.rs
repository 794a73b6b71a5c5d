//! Runscope's libraries: Chai's expect and should with Chai 4.5's own messages (the strings
//! below were printed by chai@4.5.0 in node), Underscore, Moment, CryptoJS, Marked and tv4,
//! each loaded only for a script that names it.

use super::*;

/// Each source fails with this message in Chai 4.5.0.
const CHAI_FAILURES: &[(&str, &str)] = &[
    ("expect(1).to.be.equal(2)", "expected 1 to equal 2"),
    (
        "expect({id: '1', userName: 'a'}).to.include.keys('emails')",
        "expected { id: '1', userName: 'a' } to contain key 'emails'",
    ),
    (
        "expect([1, 2]).to.have.length.above(5)",
        "expected [ 1, 2 ] to have a length above 5 but got 2",
    ),
    (
        "expect('abc').to.have.lengthOf(2)",
        "expected 'abc' to have a length of 2 but got 3",
    ),
    (
        "expect(404, 'status').to.equal(200)",
        "status: expected 404 to equal 200",
    ),
    (
        "expect({id: 7}).to.have.property('id').that.is.a('string')",
        "expected 7 to be a string",
    ),
    ("expect(null).to.exist", "expected null to exist"),
    (
        "expect(200).to.be.oneOf([201, 204])",
        "expected 200 to be one of [ 201, 204 ]",
    ),
    (
        "expect({a: {b: 1}}).to.deep.equal({a: {b: 2}})",
        "expected { a: { b: 1 } } to deeply equal { a: { b: 2 } }",
    ),
    (
        "expect([1, 2, 3]).to.include(4)",
        "expected [ 1, 2, 3 ] to include 4",
    ),
    (
        "expect('hello').to.match(/^x/)",
        "expected 'hello' to match /^x/",
    ),
    (
        "expect(5).to.be.within(1, 3)",
        "expected 5 to be within 1..3",
    ),
    (
        "expect(function () {}).to.throw()",
        "expected [Function] to throw an error",
    ),
    (
        "expect({schemas: ['a']}).to.have.all.keys('schemas', 'id')",
        "expected { schemas: [ 'a' ] } to have keys 'schemas', and 'id'",
    ),
    ("expect([]).to.not.be.empty", "expected [] not to be empty"),
    ("expect(1).to.not.equal(1)", "expected 1 to not equal 1"),
    ("expect(true).to.be.false", "expected true to be false"),
    (
        "expect('x').to.be.a('number')",
        "expected 'x' to be a number",
    ),
    (
        "expect({a: 1}).to.eql({a: 1, b: 2})",
        "expected { a: 1 } to deeply equal { a: 1, b: 2 }",
    ),
    (
        "expect([1, 2]).to.have.members([3])",
        "expected [ 1, 2 ] to have the same members as [ 3 ]",
    ),
    ("(1).should.equal(2)", "expected 1 to equal 2"),
    (
        "({a: 1}).should.have.property('b')",
        "expected { a: 1 } to have property 'b'",
    ),
    ("should.exist(null)", "expected null to exist"),
    (
        "'abc'.should.have.length(4)",
        "expected 'abc' to have a length of 4 but got 3",
    ),
    (
        "expect('a very long string that Chai shortens in its messages').to.equal('b')",
        "expected 'a very long string that Chai shortens…' to equal 'b'",
    ),
];

#[test]
fn expect_and_should_fail_with_chai_4_messages() {
    for (source, message) in CHAI_FAILURES {
        let out = run(source);
        assert_eq!(thrown(&out), *message, "{source}");
        let last = out.assertions.last().expect("the failure is recorded");
        assert!(!last.passed, "{source}");
        assert_eq!(last.message, *message, "{source}");
    }
}

#[test]
fn every_expect_is_recorded_with_chai_s_words_and_chai_s_own_checks_are_not() {
    let out = run(
        "expect(1).to.be.equal(1); expect({id: 1, b: 2}).to.include.keys('id');\n\
         expect([1, 2, 3]).to.have.length.above(2);\n\
         expect({id: 'x'}).to.have.property('id').that.is.a('string');\n\
         expect([1, 2]).to.have.members([2, 1]); expect(1, 'one').to.not.equal(2);",
    );
    assert_eq!(out.error, None);
    let messages: Vec<&str> = out.assertions.iter().map(|a| a.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "expected 1 to equal 1",
            "expected { id: 1, b: 2 } to contain key 'id'",
            "expected [ 1, 2, 3 ] to have a length above 2 but got 3",
            "expected { id: 'x' } to have property 'id'",
            "expected 'x' to be a string",
            "expected [ 1, 2 ] to have the same members as [ 2, 1 ]",
            "one: expected 1 to not equal 2",
        ]
    );
    assert!(out.assertions.iter().all(|a| a.passed));
}

#[test]
fn a_failed_expect_has_expected_and_actual_and_a_caught_one_still_fails() {
    let out = run(
        "try { expect(JSON.parse('{\"status\": 404}').status).to.equal(200) } \
         catch (e) { log(e.name, e instanceof chai.AssertionError) }",
    );
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["AssertionError true"]);
    let failed = &out.assertions[0];
    assert!(!failed.passed);
    assert_eq!(failed.expected.as_deref(), Some("200"));
    assert_eq!(failed.actual.as_deref(), Some("404"));
    // The project's assert and Chai's expect side by side, in the order they ran.
    let out = run("assert.equal(1, 1); expect(2).to.equal(2); assert.ok(true)");
    let messages: Vec<&str> = out.assertions.iter().map(|a| a.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "expected 1 to equal 1",
            "expected 2 to equal 2",
            "expected true to be truthy"
        ]
    );
}

#[test]
fn should_extends_objects_only_for_a_script_that_names_it() {
    let out = run("expect(1).to.equal(1); log(typeof ({})['sho' + 'uld'])");
    assert_eq!(out.logs, ["undefined"]);
    let out = run("log(typeof ({}).should); ({id: 1}).should.have.property('id')");
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["object"]);
    // The next script's objects are plain again: every script gets a new runtime.
    let out = run("log(typeof Object.prototype['sho' + 'uld'])");
    assert_eq!(out.logs, ["undefined"]);
}

#[test]
fn a_library_is_there_only_for_a_script_that_names_it() {
    let hidden = "var names = ['ch' + 'ai', 'ex' + 'pect', 'mo' + 'ment', 'Crypto' + 'JS', \
                  'mar' + 'ked', 'tv' + '4', String.fromCharCode(95)];\n\
                  log(names.map(function (n) { return typeof globalThis[n] }).join(' '))";
    let out = run(hidden);
    assert_eq!(
        out.logs,
        ["undefined undefined undefined undefined undefined undefined undefined"]
    );
    let out =
        run("log(_.VERSION, typeof globalThis['mo' + 'ment'], typeof globalThis['ch' + 'ai'])");
    assert_eq!(out.logs, ["1.13.8 undefined undefined"]);
}

#[test]
fn underscore_moment_cryptojs_marked_and_tv4_work_as_runscope_scripts_use_them() {
    let out = run(r#"
        var users = [{id: 'a', active: true}, {id: 'b', active: false}];
        log(_.pluck(_.where(users, {active: true}), 'id').join(), _.VERSION);
        log(moment.utc('2024-02-28T10:00:00Z').add(1, 'day').format('YYYY-MM-DD dddd'), moment.version);
        variables.set('stamp', moment().toISOString());
        log(CryptoJS.HmacSHA256('message', 'key').toString());
        log(CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA1('GET\n\n\n1700000000\n/bucket/key', 'secret')));
        log(CryptoJS.MD5('scim').toString(CryptoJS.enc.Hex));
        log(JSON.stringify(marked('# Hi *there*')), typeof marked.parse);
        var schema = {type: 'object', required: ['userName'], properties: {id: {type: 'string'}}};
        log(tv4.validate({id: 1}, schema), tv4.error.message);
    "#);
    assert_eq!(out.error, None);
    assert_eq!(
        out.logs,
        [
            "a 1.13.8",
            "2024-02-29 Thursday 2.31.0",
            "6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a",
            "ttILp01friat+0Gqvst/iuTEpFg=",
            "b044ed6f48fb9b7eb557ea402e28e44a",
            r#""<h1>Hi <em>there</em></h1>\n" function"#,
            "false Missing required property: userName",
        ]
    );
    let stamp = variable(&out, "stamp").unwrap_or_default();
    assert!(stamp.len() == 24 && stamp.ends_with('Z'), "{stamp}");
}

#[test]
fn a_library_that_throws_fails_the_script_with_its_own_message() {
    let out = run("log('before'); marked(null); log('after')");
    assert_eq!(out.logs, ["before"]);
    assert_eq!(
        thrown(&out),
        "Error: marked(): input parameter is undefined or null\n\
         Please report this to https://github.com/markedjs/marked."
    );
    let out = run("CryptoJS.enc.Base64.parse(null)");
    assert!(thrown(&out).starts_with("TypeError"), "{}", thrown(&out));
}

#[test]
fn a_library_this_runner_lacks_is_named() {
    let out = run("var data = xml2json.toJson(response.body)");
    assert_eq!(
        thrown(&out),
        "Error: xml2json (xml2json) is not available in this runner"
    );
}

#[test]
fn libraries_count_against_the_script_s_time() {
    let vars = Variables::new();
    let mut endless = input(
        ScriptKind::Initial,
        "expect(1).to.equal(1); moment(); CryptoJS.MD5('a'); marked('a'); while (true) {}",
        &vars,
    );
    endless.time_limit_ms = 300;
    let started = std::time::Instant::now();
    let out = run_input(endless);
    assert_eq!(out.error, Some(ScriptError::Timeout { limit_ms: 300 }));
    assert!(started.elapsed().as_millis() < 2_000);
}
