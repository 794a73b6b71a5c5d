//! Limits that keep the page alive: memory, stack, input and output.

use std::time::Instant;

use suite_engine::ScriptResponse;

use super::*;

#[test]
fn a_script_allocating_in_a_loop_is_stopped_at_the_memory_limit() {
    let started = Instant::now();
    let out = run_input(ScriptInput {
        time_limit_ms: 60_000,
        ..input(
            ScriptKind::Initial,
            "log('before'); var a = []; for (;;) a.push('x'.repeat(1000) + a.length);",
            &Variables::new(),
        )
    });
    assert_eq!(out.error, Some(ScriptError::MemoryLimit { limit_mb: 128 }));
    assert_eq!(
        out.error.map(|e| e.to_string()).as_deref(),
        Some("the script used more than 128 MB of memory and was stopped")
    );
    assert_eq!(out.logs, ["before"]);
    assert!(started.elapsed().as_secs() < 30);
    assert_eq!(run("log('next')").logs, ["next"]);
}

#[test]
fn one_allocation_larger_than_the_limit_is_refused() {
    for source in [
        "new ArrayBuffer(200 * 1024 * 1024)",
        "'x'.repeat(200 * 1024 * 1024)",
    ] {
        let out = run(source);
        assert_eq!(
            out.error,
            Some(ScriptError::MemoryLimit { limit_mb: 128 }),
            "{source}"
        );
    }
}

#[test]
fn a_script_logging_500_mb_keeps_1_mb_and_says_so() {
    let started = Instant::now();
    let out = run_input(ScriptInput {
        time_limit_ms: 30_000,
        ..input(
            ScriptKind::Initial,
            "var chunk = 'x'.repeat(1024 * 1024); for (var i = 0; i < 500; i++) log(chunk);",
            &Variables::new(),
        )
    });
    assert_eq!(out.error, None);
    assert_eq!(out.logs.len(), 2, "one whole line and the note");
    assert_eq!(out.logs[0].len(), 1024 * 1024);
    assert_eq!(
        out.logs[1],
        "… the log was cut at 1 MB or 10,000 lines: 499 more lines were not kept"
    );
    assert!(started.elapsed().as_secs() < 10);

    let out = run("for (var i = 0; i < 20000; i++) log(i);");
    assert_eq!(out.logs.len(), 10_001);
    assert!(out.logs[10_000].ends_with("10000 more lines were not kept"));
}

#[test]
fn assertions_beyond_the_cap_are_counted_and_a_dropped_failure_still_fails() {
    let out = run("for (var i = 0; i < 10005; i++) assert.isTrue(true);\n\
         try { assert.isTrue(false, 'dropped') } catch (e) {}");
    assert_eq!(out.assertions.len(), 10_001);
    let summary = &out.assertions[10_000];
    assert!(!summary.passed);
    assert_eq!(
        summary.message,
        "… 6 more assertions were not kept (1 of them failed)"
    );
    let out = run(&format!("assert.isTrue(false, '{}')", "m".repeat(5000)));
    assert_eq!(out.assertions[0].message.chars().count(), 4001);
}

#[test]
fn variables_beyond_the_cap_are_refused_by_name() {
    let out = run("for (var i = 0; i < 10001; i++) variables.set('v' + i, i);");
    assert_eq!(
        thrown(&out),
        "Error: variables.set: a script may set at most 10000 variables"
    );
    assert_eq!(out.variables_set.len(), 10_000);
    let out = run("variables.set('big', 'x'.repeat(9 * 1024 * 1024));");
    assert_eq!(
        thrown(&out),
        "Error: variables.set('big'): the variables a script sets may hold at most 8 MB in all"
    );
}

#[test]
fn deep_recursion_is_a_range_error() {
    for source in [
        "function f(n) { return f(n + 1) + 1 } f(0)",
        "function f(n) { return [1].map(() => f(n + 1)) } f(0)",
        "var a = []; for (var i = 0; i < 1e5; i++) a = [a]; String(a)",
        "JSON.parse('['.repeat(1e6))",
        "var o = { toString() { return String(this) } }; String(o)",
    ] {
        let out = run(source);
        assert_eq!(
            out.error,
            Some(ScriptError::Thrown {
                message: "RangeError: Maximum call stack size exceeded".into()
            }),
            "{source}"
        );
    }
}

#[test]
fn a_response_too_large_to_hand_to_a_script_is_not_run() {
    let response = ScriptResponse {
        body: "x".repeat(20 * 1024 * 1024),
        ..ScriptResponse::default()
    };
    let vars = Variables::new();
    let out = run_input(ScriptInput {
        response: Some(&response),
        ..input(ScriptKind::PostResponse, "log(response.body.length)", &vars)
    });
    assert_eq!(
        out.error,
        Some(ScriptError::InputTooLarge {
            size_mb: 21,
            limit_mb: 16
        })
    );
    assert!(out.error.is_some_and(|e| e.fails_step()));
    let response = ScriptResponse {
        body: "y".repeat(10 * 1024 * 1024),
        ..ScriptResponse::default()
    };
    let out = run_input(ScriptInput {
        response: Some(&response),
        ..input(ScriptKind::PostResponse, "log(response.body.length)", &vars)
    });
    assert_eq!(out.logs, ["10485760"]);
}
