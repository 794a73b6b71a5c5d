//! Time limits, and scripts one after another or at once.

use std::time::Instant;

use super::*;

#[test]
fn an_endless_script_times_out_and_the_next_one_runs() {
    let vars = Variables::new();
    let started = Instant::now();
    let out = run_input(ScriptInput {
        time_limit_ms: 500,
        ..input(
            ScriptKind::Initial,
            "log('started'); while (true) {}",
            &vars,
        )
    });
    let took = started.elapsed().as_millis();
    assert_eq!(out.error, Some(ScriptError::Timeout { limit_ms: 500 }));
    assert!((500..1_500).contains(&took), "took {took} ms");
    // What it did before it was stopped is kept.
    assert_eq!(out.logs, ["started"]);

    let out = run_input(input(
        ScriptKind::Initial,
        "variables.set('after', 'yes');",
        &vars,
    ));
    assert_eq!(out.error, None);
    assert_eq!(variable(&out, "after"), Some("yes"));
}

#[test]
fn a_stop_cannot_be_caught() {
    let out = run_input(ScriptInput {
        time_limit_ms: 300,
        ..input(
            ScriptKind::Initial,
            "for (;;) { try { while (true) {} } catch (e) { log('caught ' + e) } }",
            &Variables::new(),
        )
    });
    assert_eq!(out.error, Some(ScriptError::Timeout { limit_ms: 300 }));
    assert!(out.logs.is_empty(), "{:?}", out.logs);
}

#[test]
fn catastrophic_backtracking_is_stopped_at_the_limit() {
    let started = Instant::now();
    let out = run_input(ScriptInput {
        time_limit_ms: 300,
        ..input(
            ScriptKind::Initial,
            "/(a+)+b/.test('a'.repeat(40))",
            &Variables::new(),
        )
    });
    assert_eq!(out.error, Some(ScriptError::Timeout { limit_ms: 300 }));
    assert!(started.elapsed().as_millis() < 1_300);
}

#[test]
fn two_scripts_at_once_each_finish() {
    let host = host();
    let vars = Variables::new();
    let slow = "var end = Date.now() + 200; while (Date.now() < end) {} log('slow');";
    let (a, b) = block_on(async {
        futures::join!(
            host.run(input(ScriptKind::Initial, slow, &vars)),
            host.run(input(ScriptKind::Initial, "log('quick');", &vars)),
        )
    });
    assert_eq!(
        (a.logs, b.logs),
        (vec!["slow".to_string()], vec!["quick".to_string()])
    );
}
