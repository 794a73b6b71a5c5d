//! What the page keeps in localStorage across reloads: the environment and options (secrets
//! only when the tester asked), the loaded suite's text, and the last result as exported
//! (masked). Storage may be full or off (private windows): keeping is a convenience, so a
//! failure to keep is silent and the page works as on a first visit.
use gloo_storage::{LocalStorage, Storage};
use session::{EnvironmentDraft, Remembered, Settings};
use suite_engine::RunResult;

const SESSION_KEY: &str = "scim-suite-runner.session";
const SUITE_KEY: &str = "scim-suite-runner.suite";
const RESULT_KEY: &str = "scim-suite-runner.last-result";
/// Keys an earlier version wrote.
const OLD_ENVIRONMENT_KEY: &str = "scim-suite-runner.environment";
const OLD_OPTIONS_KEY: &str = "scim-suite-runner.options";
/// Larger texts are not kept: localStorage holds a few megabytes per site in all.
const LARGEST_KEPT: usize = 1_500_000;

#[derive(serde::Serialize, serde::Deserialize)]
struct KeptSuite {
    file_name: String,
    text: String,
}

/// What the last visit kept, as the session restores it.
pub fn restore() -> (Remembered, Option<(String, String)>, Option<Vec<RunResult>>) {
    let kept = LocalStorage::get::<Remembered>(SESSION_KEY).unwrap_or_else(|_| Remembered {
        environment: LocalStorage::get::<EnvironmentDraft>(OLD_ENVIRONMENT_KEY).unwrap_or_default(),
        settings: LocalStorage::get::<Settings>(OLD_OPTIONS_KEY).unwrap_or_default(),
    });
    let suite = LocalStorage::get::<KeptSuite>(SUITE_KEY)
        .ok()
        .map(|s| (s.file_name, s.text));
    let result = LocalStorage::raw()
        .get_item(RESULT_KEY)
        .ok()
        .flatten()
        .and_then(|text| suite_engine::load_results(&text).ok());
    (kept, suite, result)
}

pub fn keep_environment(kept: &Remembered) {
    let _ = LocalStorage::set(SESSION_KEY, kept);
}

pub fn keep_suite(file_name: &str, text: &str) {
    if text.len() > LARGEST_KEPT {
        LocalStorage::delete(SUITE_KEY);
        return;
    }
    let kept = KeptSuite {
        file_name: file_name.to_string(),
        text: text.to_string(),
    };
    let _ = LocalStorage::set(SUITE_KEY, kept);
}

/// Keeps a result as exported (masked); a result too large to keep forgets the last one.
pub fn keep_result(exported: &str) {
    if exported.len() > LARGEST_KEPT || LocalStorage::raw().set_item(RESULT_KEY, exported).is_err()
    {
        LocalStorage::delete(RESULT_KEY);
    }
}
