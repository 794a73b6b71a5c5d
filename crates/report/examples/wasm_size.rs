//! Measures what the report crate adds to a wasm build: every output of the crate, called on
//! a result read at run time (`black_box` keeps the optimizer from dropping any of it).
//! Compare with `wasm_size_baseline`, which reads and exports a result only, as the page
//! already does. Built by `crates/report/wasm-size.sh`.

use std::hint::black_box;

fn main() {
    let text: String = black_box(String::new());
    if let Ok(result) = suite_engine::load_result(&text) {
        black_box(result.to_json());
        black_box(session::verdict(&result.summary, Some(result.outcome)));
        black_box(report::html_report(&result));
        black_box(report::junit_xml(&result));
        black_box(report::share_payload(&result, black_box(9000), |j| j.len()));
        black_box(report::link_fragment(text.as_bytes()));
        black_box(report::link_payload_bytes(&text).is_ok());
    }
    black_box(report::result_from_html(&text).is_ok());
}
