//! Time limits, cancellation and concurrent scripts.

use super::*;

#[wasm_bindgen_test]
async fn an_endless_script_times_out_and_the_next_one_runs() {
    let host = host();
    let vars = Variables::new();
    let started = js_sys::Date::now();
    let out = host
        .run(ScriptInput {
            time_limit_ms: 500,
            ..input(ScriptKind::Initial, "while (true) {}", &vars)
        })
        .await;
    let took = js_sys::Date::now() - started;
    assert_eq!(out.error, Some(ScriptError::Timeout { limit_ms: 500 }));
    assert!((500.0..1_500.0).contains(&took), "took {took} ms");

    let out = host
        .run(input(
            ScriptKind::Initial,
            "variables.set('after', 'yes');",
            &vars,
        ))
        .await;
    assert_eq!(out.error, None);
    assert_eq!(variable(&out, "after"), Some("yes"));
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a window");
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fires");
}

#[wasm_bindgen_test]
async fn a_cancelled_script_is_stopped_and_the_next_one_runs() {
    use futures::future::{select, Either};
    let host = host();
    let vars = Variables::new();
    let endless = host.run(ScriptInput {
        time_limit_ms: 60_000,
        ..input(ScriptKind::Initial, "while (true) {}", &vars)
    });
    // The engine cancels a run by dropping the script's future.
    match select(Box::pin(endless), Box::pin(sleep(100))).await {
        Either::Left(_) => panic!("an endless script finished"),
        Either::Right(_) => {}
    }
    let started = js_sys::Date::now();
    let out = host
        .run(input(ScriptKind::Initial, "log('next');", &vars))
        .await;
    assert_eq!(out.logs, ["next"]);
    assert!(js_sys::Date::now() - started < 1_000.0);
}

#[wasm_bindgen_test]
async fn two_scripts_at_once_each_get_a_worker() {
    let host = host();
    let vars = Variables::new();
    let slow = "var end = Date.now() + 200; while (Date.now() < end) {} log('slow');";
    let (a, b) = futures::join!(
        host.run(input(ScriptKind::Initial, slow, &vars)),
        host.run(input(ScriptKind::Initial, "log('quick');", &vars)),
    );
    assert_eq!(
        (a.logs, b.logs),
        (vec!["slow".to_string()], vec!["quick".to_string()])
    );
}
