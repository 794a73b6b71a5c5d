//! The engine's cost per step as suites grow: prints a table, asserts nothing.
//!
//! `cargo bench -p suite-engine --bench steps` (or `-- 5000` for one size) runs generated suites of 1,000, 10,000 and
//! 100,000 request steps against a transport that answers at once, with a listener that
//! keeps a copy of every step as the page does, and reports the microseconds per step to
//! load, to run, to export (masked JSON) and, after a cancel halfway, to report the rest.
//! Two servers: one that answers every step alike, and one that hands out a new session
//! cookie and token with every response (each a new secret the masker must find from then
//! on). A steady cost per step is what keeps a long run linear.

use std::cell::Cell;
use std::time::Duration;

use serde_json::json;
use suite_engine::*;

/// A transport that answers at once: `rotating` gives each response a new secret cookie.
struct Instant200 {
    rotating: bool,
    count: Cell<u64>,
}

impl Transport for Instant200 {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let n = self.count.get();
        self.count.set(n + 1);
        let id = format!("u-{}", n % 1000);
        let body = json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": id, "userName": format!("user{n}@example.com"), "active": true,
            "name": {"givenName": "Ann", "familyName": "Example"},
            "meta": {"resourceType": "User", "location": request.url},
        });
        let mut headers = vec![Header::new("Content-Type", "application/scim+json")];
        if self.rotating {
            headers.push(Header::new(
                "Set-Cookie",
                format!(
                    "AWSALB=session-{n:012}-{:016x}; Path=/; HttpOnly",
                    n * 2_654_435_761
                ),
            ));
            headers.push(Header::new("X-Session-Token", format!("tok-{n:020}")));
        }
        Ok(HttpResponse {
            status: 200,
            reason: "OK".into(),
            headers,
            body: body.to_string().into_bytes(),
            ..HttpResponse::default()
        })
    }
}

struct Still;

impl Clock for Still {
    fn now_ms(&self) -> f64 {
        1_700_000_000_000.0
    }
    async fn sleep(&self, _ms: f64) {}
}

fn suite_text(steps: usize) -> String {
    let step = json!({
        "step_type": "request", "note": "Get user {{id}}",
        "url": "{{SCIMBaseURL}}/Users/{{id}}",
        "headers": {"Authorization": ["{{auth}}"], "Accept": ["application/scim+json"]},
        "variables": [{"source": "response_json", "property": "id", "name": "id"}],
        "assertions": [
            {"source": "response_status", "comparison": "equal_number", "value": "200"},
            {"source": "response_json", "property": "active", "comparison": "equal", "value": "true"},
            {"source": "response_headers", "property": "Content-Type", "comparison": "contains", "value": "scim"}
        ]
    });
    json!({"name": "generated", "steps": vec![step; steps]}).to_string()
}

/// Time this thread spent on a CPU: unlike the wall clock, it leaves out the time other
/// programs on a shared machine take.
fn cpu_now() -> Duration {
    CPU_START.with(|start| start.elapsed())
}

thread_local! {
    static CPU_START: cpu_time::ThreadTime = cpu_time::ThreadTime::now();
}

fn micros_per(elapsed: Duration, n: usize) -> f64 {
    elapsed.as_secs_f64() * 1e6 / n as f64
}

/// Microseconds per step: to run, to export, to report the rest after a cancel halfway.
fn measure(suite: &Suite, env: &Environment, options: &RunOptions, rotating: bool) -> [f64; 3] {
    let n = suite.steps.len();
    let transport = Instant200 {
        rotating,
        count: Cell::new(0),
    };
    let mut kept: Vec<StepResult> = Vec::with_capacity(n);
    let mut on_event = |e: &RunEvent<'_>| {
        if let RunEvent::StepFinished { result } = e {
            kept.push((*result).clone());
        }
    };
    let started = cpu_now();
    let result = futures::executor::block_on(
        Runner::new(&transport, &Still)
            .with_listener(&mut on_event)
            .run(suite, env, options),
    );
    let run = micros_per(cpu_now() - started, n);
    assert_eq!(result.summary.steps.passed, n, "every step passes");

    let started = cpu_now();
    let exported = result.to_json();
    let export = micros_per(cpu_now() - started, n);
    assert!(!exported.contains("bench-token"));
    drop((kept, exported, result));

    // Cancel halfway; time the engine takes to report the other half.
    let cancel = CancelHandle::new();
    let (handle, half) = (cancel.clone(), n / 2);
    let cancelled_at = Cell::new(None);
    let mut on_event = |e: &RunEvent<'_>| {
        if let RunEvent::StepFinished { result } = e {
            if result.path == [half] {
                handle.cancel();
                cancelled_at.set(Some(cpu_now()));
            }
        }
    };
    let transport = Instant200 {
        rotating,
        count: Cell::new(0),
    };
    let result = futures::executor::block_on(
        Runner::new(&transport, &Still)
            .with_listener(&mut on_event)
            .with_cancel(cancel)
            .run(suite, env, options),
    );
    let after = cancelled_at
        .get()
        .map_or(0.0, |at| micros_per(cpu_now() - at, n - half - 1));
    assert_eq!(result.summary.steps.cancelled, n - half - 1);
    [run, export, after]
}

fn main() {
    let env = Environment::with_variables([
        ("SCIMBaseURL", "https://scim.example.com/scim/v2"),
        ("auth", "Bearer bench-token-0123456789abcdef"),
        ("id", "u-0"),
    ]);
    let options = RunOptions {
        host_policy: HostPolicy::only(["https://scim.example.com"]),
        ..RunOptions::default()
    };
    println!("µs of CPU per step (release build), best of {REPEATS} for fewer than 100,000 steps");
    println!("| steps | server | load | run | export | report after cancel |");
    println!("| ---: | --- | ---: | ---: | ---: | ---: |");
    // `cargo bench --bench steps -- 5000` runs that size only.
    let mut sizes: Vec<usize> = std::env::args().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
    for n in sizes {
        let text = suite_text(n);
        let started = cpu_now();
        let suite = load_suite(&text).expect("the generated suite loads");
        let load = micros_per(cpu_now() - started, n);
        let repeats = if n < 100_000 { REPEATS } else { 1 };
        for rotating in [false, true] {
            let mut best = [f64::INFINITY; 3];
            for _ in 0..repeats {
                let m = measure(&suite, &env, &options, rotating);
                for (b, x) in best.iter_mut().zip(m) {
                    *b = b.min(x);
                }
            }
            let [run, export, after] = best;
            let server = if rotating {
                "new secret each response"
            } else {
                "same answer"
            };
            println!("| {n} | {server} | {load:.1} | {run:.1} | {export:.1} | {after:.2} |");
        }
    }
}

const REPEATS: usize = 3;
