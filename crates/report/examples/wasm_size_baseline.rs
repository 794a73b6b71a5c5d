//! The baseline for `wasm_size`: what the page already does with results without the report
//! crate: read them, export them, and word their verdict, steps and assertions (`session`).

use std::hint::black_box;

fn main() {
    let text: String = black_box(String::new());
    if let Ok(results) = suite_engine::load_results(&text) {
        black_box(suite_engine::bundle_to_json(&results));
        black_box(session::run_verdict(
            results.iter().map(|r| (&r.summary, Some(r.outcome))),
            false,
        ));
        for result in &results {
            black_box(serde_json::to_string(&result.masked()).unwrap_or_default());
            for step in &result.steps {
                black_box(session::row_reason(step));
                for a in &step.assertions {
                    black_box(session::sentence(a));
                    black_box(session::raw_terms(a));
                }
            }
        }
    }
}
