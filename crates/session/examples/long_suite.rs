//! Times what loading and editing a long suite costs natively: `cargo run --release -p session
//! --example long_suite -- 100000`.
use std::time::Instant;

use session::Session;

fn main() {
    let steps: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let list: Vec<String> = (0..steps)
        .map(|i| format!(r#"{{"step_type":"request","method":"GET","url":"{{{{base}}}}/items/{i}","assertions":[{{"source":"response_status","comparison":"equal_number","value":200}}]}}"#))
        .collect();
    let text = format!(r#"{{"name":"long","steps":[{}]}}"#, list.join(","));
    let mut session = Session::new(false);
    let t = Instant::now();
    session.load_suite("long.json", &text);
    println!("load_suite: {:?}", t.elapsed());
    let test = session.suite().map(|s| s.tests[0].clone()).expect("loaded");
    let t = Instant::now();
    let used = test.variables_used();
    println!("variables_used: {:?}", t.elapsed());
    let t = Instant::now();
    let problems = test.problems::<String>(&[]);
    println!("problems ({}): {:?}", problems.items.len(), t.elapsed());
    let t = Instant::now();
    let _ = test.problems(&used);
    println!("problems, all supplied: {:?}", t.elapsed());
    let t = Instant::now();
    session.set_value("base", "http://127.0.0.1:1".into());
    println!("set_value: {:?}", t.elapsed());
    let t = Instant::now();
    let hosts = session.hosts();
    println!("hosts: {:?} ({:?})", t.elapsed(), hosts.rows.len());
    let t = Instant::now();
    let _ = session.environment().to_engine();
    println!("environment to_engine: {:?}", t.elapsed());
}
