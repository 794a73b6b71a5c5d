//! Any bytes: load them as an export; whatever loads lists its variables and problems,
//! and serializes back to an export that loads to the same steps.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(export) = suite_engine::load_export_bytes(data) else {
        return;
    };
    for test in &export.tests {
        let used = test.variables_used();
        let problems = test.problems(&used[..used.len() / 2]);
        let _ = problems.summary();
        let _ = test.environment_variables();
        let text = serde_json::to_string(test).expect("a loaded suite serializes");
        let again = suite_engine::load_suite(&text).expect("a serialized suite loads");
        assert_eq!(again.steps, test.steps, "steps change through a round trip");
    }
});
