//! Step 2: the variables the suite needs, more the tester adds, the Okta notice, the
//! initial script and the workshop demo.
use leptos::prelude::*;
use session::{VariableRole, ACCESS_TOKEN_VARIABLE};

use crate::components::demo_panel::DemoPanel;
use crate::components::okta_notice::OktaNotice;
use crate::components::variable_input::VariableInput;
use crate::on_demand;
use crate::state::use_app_state;

#[component]
pub fn EnvironmentPanel() -> impl IntoView {
    let state = use_app_state();
    let loaded = state.select(|s| s.suite().is_some());
    view! {
        <section class="panel" aria-labelledby="env-heading">
            <h2 id="env-heading">"2. Environment"</h2>
            <Show
                when=move || loaded.get()
                fallback=|| view! { <p class="muted">"Load a suite to see the variables it needs."</p> }
            >
                <Suspense>{Suspend::new(async { on_demand::show(on_demand::environment().await) })}</Suspense>
            </Show>
        </section>
    }
}

/// The loaded suite's variables, the initial script and the switches that go with them
/// (a module of its own: src/on_demand.rs).
#[component]
pub fn EnvironmentVariables() -> impl IntoView {
    let state = use_app_state();
    let names = move |role: VariableRole| {
        state.select(move |s| {
            s.environment()
                .variables
                .iter()
                .filter(|v| v.role == role)
                .map(|v| v.name.clone())
                .collect::<Vec<_>>()
        })
    };
    let environment = names(VariableRole::Environment);
    // The access token's input sits in the Okta notice while the switch is on.
    let custom = state.select(|s| {
        let bearer = s.settings().ssws_as_bearer;
        s.environment()
            .variables
            .iter()
            .filter(|v| v.role == VariableRole::Custom)
            .filter(|v| !(bearer && v.name == ACCESS_TOKEN_VARIABLE))
            .map(|v| v.name.clone())
            .collect::<Vec<_>>()
    });
    // Data variables the initial script sets need no input.
    let data_needed = state.select(|s| {
        let set = s.environment().script_sets();
        s.environment()
            .variables
            .iter()
            .filter(|v| v.role == VariableRole::Data && !set.contains(&v.name))
            .map(|v| v.name.clone())
            .collect::<Vec<_>>()
    });
    let script = state.select(|s| s.environment().initial_script.clone());
    let script_sets = state.select(|s| s.environment().script_sets());
    let remember = state.select(|s| s.environment().remember_secrets);
    let script_kept = state.select(|s| {
        let env = s.environment();
        env.remember_secrets || !env.script_holds_secret()
    });
    let new_name = RwSignal::new(String::new());

    view! {
        <div class="vars">
            <For each=move || environment.get() key=|n| n.clone() let:name>
                <VariableInput name />
            </For>
        </div>
        <OktaNotice />
        <Show when=move || !data_needed.with(Vec::is_empty)>
            <div class="notice" role="note">
                <p>
                    "The suite also uses "
                    <strong>{move || data_needed.get().join(", ")}</strong>
                    ", which no step sets. Suites such as Okta's expect an Initial Script to set them: paste it below, or enter values here."
                </p>
                <div class="vars">
                    <For each=move || data_needed.get() key=|n| n.clone() let:name>
                        <VariableInput name />
                    </For>
                </div>
            </div>
        </Show>
        <div class="vars">
            <For each=move || custom.get() key=|n| n.clone() let:name>
                <VariableInput name />
            </For>
        </div>
        <form
            class="add-variable"
            on:submit=move |e| {
                e.prevent_default();
                if state.update(|s| s.add_variable(&new_name.get_untracked())) == Some(true) {
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
                aria-describedby="initial-script-hint"
                placeholder="// JavaScript run once before the first step, e.g. Okta's Initial Script"
                prop:value=move || script.get()
                on:input=move |e| {
                    let text = event_target_value(&e);
                    state.update(|s| s.set_initial_script(text));
                }
            ></textarea>
            <span class="hint" id="initial-script-hint">
                {move || {
                    let set = script_sets.get();
                    let mut hint = if set.is_empty() {
                        String::new()
                    } else {
                        format!("This script sets {}.", set.join(", "))
                    };
                    if !script_kept.get() {
                        hint.push_str(" It holds a secret, so it is not kept after you leave the page unless you tick \"Remember secret values\".");
                    }
                    hint
                }}
            </span>
        </div>
        <DemoPanel />
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || remember.get()
                on:change=move |e| {
                    let on = event_target_checked(&e);
                    state.update(|s| s.set_remember_secrets(on));
                }
            />
            "Remember secret values in this browser"
        </label>
    }
}
