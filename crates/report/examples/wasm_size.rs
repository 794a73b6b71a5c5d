//! Measures what the report crate adds to a wasm build: every output of the crate, called on
//! results read at run time (`black_box` keeps the optimizer from dropping any of it).
//! Compare with `wasm_size_baseline`, which reads and exports results only, as the page
//! already does. Built by `crates/report/wasm-size.sh`.

use std::hint::black_box;

fn main() {
    let text: String = black_box(String::new());
    if let Ok(results) = suite_engine::load_results(&text) {
        black_box(suite_engine::bundle_to_json(&results));
        black_box(session::run_verdict(
            results.iter().map(|r| (&r.summary, Some(r.outcome))),
            false,
        ));
        black_box(report::html_report(&results));
        black_box(report::junit_xml(&results));
        black_box(report::share_payload(&results, black_box(9000), |j| {
            j.len()
        }));
        black_box(report::link_fragment(text.as_bytes()));
        black_box(report::link_payload_bytes(&text).is_ok());
    }
    black_box(report::results_from_html(&text).is_ok());
}
