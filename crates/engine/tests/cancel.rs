//! Cancelling: wins over pauses and requests in flight, and leaves a valid partial result.

use std::cell::Cell;

use serde_json::json;
use suite_engine::*;

use crate::support::*;

#[test]
fn cancel_mid_pause_gives_a_partial_result() {
    let suite = okta_suite();
    let scim = Scim::new();
    let transport = FakeTransport::new(|r: &HttpRequest| scim.handle(r));
    let handle = CancelHandle::new();
    // Steps 0-2 take 5 s (one pause); the pause at step 3 runs from 5 s to 10 s.
    let clock = VirtualClock::cancelling_at(7_000.0, handle.clone());
    let mut events = Vec::new();
    let mut listener = |e: &RunEvent<'_>| events.push(event_name(e));
    let result = futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_cancel(handle.clone())
            .with_listener(&mut listener)
            .run(&suite, &okta_environment(), &RunOptions::default()),
    );
    assert_eq!(result.outcome, RunOutcome::Cancelled);
    assert_eq!(result.steps.len(), 23);
    let outcomes: Vec<StepOutcome> = result.steps.iter().map(|s| s.outcome).collect();
    assert_eq!(&outcomes[..3], [StepOutcome::Pass; 3]);
    assert_eq!(outcomes[3], StepOutcome::Cancelled);
    assert!(outcomes[4..].iter().all(|o| *o == StepOutcome::Cancelled));
    let pause = &result.steps[3];
    assert_eq!(
        pause.reason.as_deref(),
        Some("the run was cancelled during the pause")
    );
    assert_eq!(pause.pause.map(|p| p.waited_ms), Some(2_000.0));
    assert_eq!(
        result.steps[4].reason.as_deref(),
        Some("the run was cancelled before this step")
    );
    assert_eq!(result.summary.steps.cancelled, 20);
    assert_eq!(transport.sent.borrow().len(), 2);
    assert!(events.contains(&"pause finished [3] 2000".to_string()));
    assert_eq!(
        events.last().map(String::as_str),
        Some("run finished Cancelled")
    );
    // A partial result exports and reads back.
    let loaded = load_result(&result.to_json()).expect("reads back");
    assert_eq!(loaded.outcome, RunOutcome::Cancelled);
    assert_eq!(loaded.steps.len(), 23);
}

/// A transport that never answers `hang` URLs.
struct Hanging {
    started: Cell<usize>,
}

impl Transport for Hanging {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        self.started.set(self.started.get() + 1);
        if request.url.contains("hang") {
            futures::future::pending::<()>().await;
        }
        Ok(json_response(200, json!({})))
    }
}

#[test]
fn cancel_wins_over_a_request_in_flight() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": "http://h/ok"},
        {"step_type": "request", "url": "http://h/hang",
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "200"}]},
        {"step_type": "request", "url": "http://h/never"}
    ]));
    let transport = Hanging {
        started: Cell::new(0),
    };
    let clock = VirtualClock::new();
    let handle = CancelHandle::new();
    let (env, options) = (Environment::default(), RunOptions::default());
    let run = Runner::new(&transport, &clock)
        .with_cancel(handle.clone())
        .run(&suite, &env, &options);
    let canceller = async {
        while transport.started.get() < 2 {
            yield_now().await;
        }
        handle.cancel();
    };
    let (result, ()) = futures::executor::block_on(async { futures::join!(run, canceller) });
    assert_eq!(result.outcome, RunOutcome::Cancelled);
    let hung = &result.steps[1];
    assert_eq!(hung.outcome, StepOutcome::Cancelled);
    assert_eq!(
        hung.reason.as_deref(),
        Some("the run was cancelled while waiting for the response")
    );
    assert_eq!(
        hung.request.as_ref().map(|r| r.url.as_str()),
        Some("http://h/hang")
    );
    assert!(hung.response.is_none());
    assert_eq!(hung.assertions[0].outcome, AssertionOutcome::Skipped);
    assert_eq!(result.steps[2].outcome, StepOutcome::Cancelled);
    assert_eq!(transport.started.get(), 2);
}

#[test]
fn cancelled_before_the_start_runs_nothing() {
    let handle = CancelHandle::new();
    handle.cancel();
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let clock = VirtualClock::new();
    let result =
        futures::executor::block_on(Runner::new(&transport, &clock).with_cancel(handle).run(
            &okta_suite(),
            &okta_environment(),
            &RunOptions::default(),
        ));
    assert_eq!(result.outcome, RunOutcome::Cancelled);
    assert!(result
        .steps
        .iter()
        .all(|s| s.outcome == StepOutcome::Cancelled));
    assert!(transport.sent.borrow().is_empty());
    assert_eq!(
        result.summary.assertions.skipped,
        result.summary.assertions.total
    );
}

/// Runs `suite`, cancelling once its first step finished; `seen` gets every event.
fn run_cancelling_after_first_step(
    suite: &Suite,
    transport: &impl Transport,
    clock: &impl Clock,
    mut seen: impl FnMut(&RunEvent<'_>),
) -> RunResult {
    let cancel = CancelHandle::new();
    let handle = cancel.clone();
    let mut listener = |e: &RunEvent<'_>| {
        seen(e);
        if let RunEvent::StepFinished { result } = e {
            if result.path == [0] {
                handle.cancel();
            }
        }
    };
    futures::executor::block_on(
        Runner::new(transport, clock)
            .with_listener(&mut listener)
            .with_cancel(cancel)
            .run(suite, &Environment::default(), &RunOptions::default()),
    )
}

/// A cancel between two steps stops the run before the next one starts: no request, no
/// `StepStarted`, and every later step reported cancelled at once.
#[test]
fn cancel_between_steps_starts_no_further_step() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": "http://h/1"},
        {"step_type": "request", "url": "http://h/2"},
        {"step_type": "request", "url": "http://h/3"}
    ]));
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let mut events = Vec::new();
    let result = run_cancelling_after_first_step(&suite, &transport, &VirtualClock::new(), |e| {
        events.push(event_name(e))
    });
    assert_eq!(transport.sent.borrow().len(), 1);
    assert_eq!(
        events,
        [
            "run started 3",
            "step started [0]",
            "step finished [0] Pass",
            "step finished [1] Cancelled",
            "step finished [2] Cancelled",
            "run finished Cancelled",
        ]
    );
    assert_eq!(result.summary.steps.cancelled, 2);
}

/// Counts the engine's yields to the page: sleeps of 0 ms.
struct CountingClock {
    yields: Cell<usize>,
}

impl Clock for CountingClock {
    fn now_ms(&self) -> f64 {
        START_MS
    }

    async fn sleep(&self, ms: f64) {
        if ms == 0.0 {
            self.yields.set(self.yields.get() + 1);
        }
    }
}

#[test]
fn a_cancel_with_thousands_of_steps_left_yields_between_batches_of_them() {
    let steps: Vec<serde_json::Value> = (0..3500)
        .map(|i| json!({"step_type": "request", "url": format!("http://h/{i}")}))
        .collect();
    let suite = suite_of(serde_json::Value::Array(steps));
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let clock = CountingClock {
        yields: Cell::new(0),
    };
    let result = run_cancelling_after_first_step(&suite, &transport, &clock, |_| {});
    assert_eq!(transport.sent.borrow().len(), 1);
    assert_eq!(result.summary.steps.cancelled, 3499);
    // Steps 1000, 2000 and 3000 (1-based) start a new batch after a yield.
    assert_eq!(clock.yields.get(), 3);
}
