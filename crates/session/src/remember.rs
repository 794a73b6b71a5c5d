//! What the page keeps across a reload: the environment (secret values only when the tester
//! asked) and the run options. The suite's text and the last result are kept apart by the
//! page, as they were loaded and as they are exported.

use serde::{Deserialize, Serialize};

use crate::environment::EnvironmentDraft;
use crate::settings::Settings;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub environment: EnvironmentDraft,
    pub settings: Settings,
}
