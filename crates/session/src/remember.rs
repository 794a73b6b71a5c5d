//! What the page keeps across a reload: the environment (secret values only when the tester
//! asked), the run options and the loaded suite. The last result is kept apart by the page,
//! as its export.

use serde::{Deserialize, Serialize};

use crate::environment::EnvironmentDraft;
use crate::settings::Settings;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub environment: EnvironmentDraft,
    pub settings: Settings,
    /// The suite's file name and text.
    pub suite: Option<(String, String)>,
}
