//! Step 2: the variables the suite needs, more the user adds, and the initial script.
use leptos::prelude::*;

use crate::components::demo_panel::DemoPanel;
use crate::environment::{EnvVariable, VariableRole};
use crate::state::use_app_state;
use crate::validate::check_variable;

#[component]
pub fn EnvironmentPanel() -> impl IntoView {
    let state = use_app_state();
    let env = state.environment;
    let by_role = move |role: VariableRole| {
        env.variables
            .get()
            .into_iter()
            .filter(move |v| v.role == role)
            .map(|v| v.name)
            .collect::<Vec<_>>()
    };
    // Data variables the initial script will set need no input.
    let data_needed = move || {
        let set = env.script_sets();
        by_role(VariableRole::Data)
            .into_iter()
            .filter(|name| !set.contains(name))
            .collect::<Vec<_>>()
    };
    let new_name = RwSignal::new(String::new());

    view! {
        <section class="panel" aria-labelledby="env-heading">
            <h2 id="env-heading">"2. Environment"</h2>
            <Show
                when=move || state.suite.with(Option::is_some)
                fallback=|| view! { <p class="muted">"Load a suite to see the variables it needs."</p> }
            >
                <div class="vars">
                    <For each=move || by_role(VariableRole::Environment) key=|n| n.clone() let:name>
                        <VariableInput name />
                    </For>
                </div>
                <Show when=move || !data_needed().is_empty()>
                    <div class="notice" role="note">
                        <p>
                            "The suite also uses "
                            <strong>{move || data_needed().join(", ")}</strong>
                            ", which no step sets. Suites such as Okta's expect an Initial Script to set them: paste it below, or enter values here."
                        </p>
                        <div class="vars">
                            <For each=data_needed key=|n| n.clone() let:name>
                                <VariableInput name />
                            </For>
                        </div>
                    </div>
                </Show>
                <div class="vars">
                    <For each=move || by_role(VariableRole::Custom) key=|n| n.clone() let:name>
                        <VariableInput name />
                    </For>
                </div>
                <form
                    class="add-variable"
                    on:submit=move |e| {
                        e.prevent_default();
                        if env.add_custom(&new_name.get_untracked()) {
                            new_name.set(String::new());
                        }
                    }
                >
                    <label for="new-variable">"Add a variable"</label>
                    <input
                        id="new-variable"
                        type="text"
                        placeholder="name"
                        prop:value=move || new_name.get()
                        on:input=move |e| new_name.set(event_target_value(&e))
                    />
                    <button type="submit">"Add"</button>
                </form>
                <div class="field">
                    <label for="initial-script">"Initial script"</label>
                    <textarea
                        id="initial-script"
                        class="code"
                        rows="6"
                        spellcheck="false"
                        placeholder="// JavaScript run once before the first step, e.g. Okta's Initial Script"
                        prop:value=move || env.initial_script.get()
                        on:input=move |e| env.initial_script.set(event_target_value(&e))
                    ></textarea>
                    <span class="hint">
                        {move || {
                            let set = env.script_sets();
                            if set.is_empty() {
                                String::new()
                            } else {
                                format!("This script sets {}.", set.join(", "))
                            }
                        }}
                    </span>
                </div>
                <DemoPanel />
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || env.remember_secrets.get()
                        on:change=move |e| env.remember_secrets.set(event_target_checked(&e))
                    />
                    "Remember secret values in this browser"
                </label>
            </Show>
        </section>
    }
}

#[component]
fn VariableInput(name: String) -> impl IntoView {
    let env = use_app_state().environment;
    let id = format!("var-{name}");
    let lookup = {
        let name = name.clone();
        move || {
            env.variables
                .with(|vars| vars.iter().find(|v| v.name == name).cloned())
                .unwrap_or_else(|| EnvVariable {
                    name: name.clone(),
                    value: String::new(),
                    secret: false,
                    role: VariableRole::Custom,
                })
        }
    };
    let (value_name, secret_name, remove_name) = (name.clone(), name.clone(), name.clone());
    let current = Memo::new(move |_| lookup());
    let problem = move || current.with(|v| check_variable(&v.name, &v.value));
    view! {
        <div class="field variable">
            <label for=id.clone()>{name.clone()}</label>
            <div class="variable-row">
                <input
                    id=id
                    type=move || if current.with(|v| v.secret) { "password" } else { "text" }
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || current.with(|v| v.value.clone())
                    on:input=move |e| env.set_value(&value_name, event_target_value(&e))
                />
                <label class="check small">
                    <input
                        type="checkbox"
                        prop:checked=move || current.with(|v| v.secret)
                        on:change=move |e| env.set_secret(&secret_name, event_target_checked(&e))
                    />
                    "secret"
                </label>
                <Show when=move || current.with(|v| v.role == VariableRole::Custom)>
                    {
                        let remove_name = remove_name.clone();
                        view! {
                            <button class="link" on:click=move |_| env.remove(&remove_name)>
                                "Remove"
                            </button>
                        }
                    }
                </Show>
            </div>
            {move || problem().map(|p| view! { <span class="problem">{p}</span> })}
        </div>
    }
}
