//! The run's environment: variable values, which are secret, and the initial script.
//! Non-secret values are remembered in localStorage; secrets only when the user asks.
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use suite_engine::{is_secret_variable, script_sets, Environment, Suite};

const STORAGE_KEY: &str = "scim-suite-runner.environment";

/// Why a variable is offered as an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VariableRole {
    /// A base URL or a credential: what an environment supplies.
    Environment,
    /// Data the suite expects an initial script to set.
    Data,
    /// Added by the user.
    Custom,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnvVariable {
    pub name: String,
    pub value: String,
    pub secret: bool,
    pub role: VariableRole,
}

#[derive(Default, Serialize, Deserialize)]
struct Remembered {
    variables: Vec<EnvVariable>,
    initial_script: String,
    remember_secrets: bool,
}

#[derive(Clone, Copy)]
pub struct EnvironmentState {
    pub variables: RwSignal<Vec<EnvVariable>>,
    pub initial_script: RwSignal<String>,
    pub remember_secrets: RwSignal<bool>,
}

impl EnvironmentState {
    /// The remembered environment, saved again whenever it changes.
    pub fn load_remembered() -> EnvironmentState {
        let saved: Remembered = LocalStorage::get(STORAGE_KEY).unwrap_or_default();
        let state = EnvironmentState {
            variables: RwSignal::new(saved.variables),
            initial_script: RwSignal::new(saved.initial_script),
            remember_secrets: RwSignal::new(saved.remember_secrets),
        };
        Effect::new(move |_| state.save());
        state
    }

    fn save(&self) {
        let remember_secrets = self.remember_secrets.get();
        let variables = self
            .variables
            .get()
            .into_iter()
            .map(|mut v| {
                if v.secret && !remember_secrets {
                    v.value.clear();
                }
                v
            })
            .collect();
        let saved = Remembered {
            variables,
            initial_script: self.initial_script.get(),
            remember_secrets,
        };
        // Storage may be full or disabled (private windows); remembering is a convenience.
        let _ = LocalStorage::set(STORAGE_KEY, saved);
    }

    /// Offers an input for each variable `suite` needs, keeping values already entered.
    /// A suite's own environment (rare in exports) fills what is still empty.
    pub fn adopt_suite(&self, suite: &Suite) {
        let environment = suite.environment_variables();
        let from_file = suite.environments.first();
        if let Some(env) = from_file {
            if self.initial_script.get_untracked().trim().is_empty() {
                self.initial_script.set(env.script.clone());
            }
        }
        self.variables.update(|vars| {
            let old = std::mem::take(vars);
            let find = |name: &str| old.iter().find(|v| v.name == name);
            for name in suite.variables_used() {
                let role = if environment.contains(&name) {
                    VariableRole::Environment
                } else {
                    VariableRole::Data
                };
                let file_value = from_file
                    .and_then(|e| e.initial_variables.iter().find(|(n, _)| *n == name))
                    .map(|(_, v)| v.clone());
                vars.push(match find(&name) {
                    Some(v) => EnvVariable { role, ..v.clone() },
                    None => EnvVariable {
                        secret: is_secret_variable(&name),
                        value: file_value.unwrap_or_default(),
                        name,
                        role,
                    },
                });
            }
            let custom = old
                .iter()
                .filter(|v| v.role == VariableRole::Custom && find_in(vars, &v.name).is_none());
            vars.extend(custom.cloned().collect::<Vec<_>>());
        });
    }

    /// Adds a user-defined variable; `false` if the name is empty or taken.
    pub fn add_custom(&self, name: &str) -> bool {
        let name = name.trim();
        if name.is_empty() || find_in(&self.variables.get_untracked(), name).is_some() {
            return false;
        }
        self.variables.update(|vars| {
            vars.push(EnvVariable {
                name: name.to_string(),
                value: String::new(),
                secret: is_secret_variable(name),
                role: VariableRole::Custom,
            })
        });
        true
    }

    pub fn remove(&self, name: &str) {
        self.variables
            .update(|vars| vars.retain(|v| v.name != name));
    }

    pub fn set_value(&self, name: &str, value: String) {
        self.variables.update(|vars| {
            if let Some(v) = vars.iter_mut().find(|v| v.name == name) {
                v.value = value;
            }
        });
    }

    pub fn set_secret(&self, name: &str, secret: bool) {
        self.variables.update(|vars| {
            if let Some(v) = vars.iter_mut().find(|v| v.name == name) {
                v.secret = secret;
            }
        });
    }

    /// Names the initial script sets, found without running it.
    pub fn script_sets(&self) -> Vec<String> {
        script_sets(&self.initial_script.get())
    }

    /// What the engine runs with. Empty values are left out, so a variable the initial
    /// script sets is not overwritten by an empty input, and a missing one is reported.
    pub fn to_engine(&self) -> Environment {
        let vars = self.variables.get_untracked();
        Environment {
            name: "local".into(),
            initial_variables: vars
                .iter()
                .filter(|v| !v.value.is_empty())
                .map(|v| (v.name.clone(), v.value.clone()))
                .collect(),
            initial_script: self.initial_script.get_untracked(),
            secrets: vars
                .iter()
                .filter(|v| v.secret)
                .map(|v| v.name.clone())
                .collect(),
        }
    }
}

fn find_in<'a>(vars: &'a [EnvVariable], name: &str) -> Option<&'a EnvVariable> {
    vars.iter().find(|v| v.name == name)
}
