//! The baseline for `wasm_size`: what the page already does with a result without the report
//! crate: read it, export it, and word its verdict, steps and assertions (`session`).

use std::hint::black_box;

fn main() {
    let text: String = black_box(String::new());
    if let Ok(result) = suite_engine::load_result(&text) {
        black_box(result.to_json());
        black_box(session::verdict(&result.summary, Some(result.outcome)));
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
