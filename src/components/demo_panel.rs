//! Workshop mode's controls: point the suite at the in-page demo server, switch its faults.
use leptos::prelude::*;
use scim_server::{Fault, FAULTS};

use session::VariableRole;

use crate::demo::{self, DEMO_BASE_URL, DEMO_SLOW_MS, DEMO_TOKEN};
use crate::state::use_app_state;

#[component]
pub fn DemoPanel() -> impl IntoView {
    let state = use_app_state();
    let faults = RwSignal::new(Vec::<Fault>::new());
    let status = RwSignal::new(String::new());
    let use_demo = move |_| {
        state.update(|s| {
            let inputs: Vec<(String, bool, bool)> = s
                .environment()
                .variables
                .iter()
                .filter(|v| v.role == VariableRole::Environment)
                .map(|v| {
                    (
                        v.name.clone(),
                        v.base_url || v.name.to_ascii_lowercase().contains("url"),
                        v.secret,
                    )
                })
                .collect();
            for (name, is_url, secret) in inputs {
                if is_url {
                    s.set_value(&name, DEMO_BASE_URL.into());
                } else if secret {
                    s.set_value(&name, format!("Bearer {DEMO_TOKEN}"));
                }
            }
        });
        status.set(format!(
            "Requests to {DEMO_BASE_URL} are answered inside this page."
        ));
    };
    // no-cors means nothing without a network between page and server.
    let toggles = FAULTS.iter().filter(|f| f.name != "no-cors").map(|info| {
        let fault: Option<Fault> = if info.name == "slow" {
            Some(Fault::Slow { ms: DEMO_SLOW_MS })
        } else {
            info.name.parse().ok()
        };
        fault.map(|fault| {
            // The slow fault's summary says "MS" where the command line takes a number.
            let (label, summary) = if info.name == "slow" {
                (
                    format!("slow={DEMO_SLOW_MS}"),
                    info.summary.replace("MS", &DEMO_SLOW_MS.to_string()),
                )
            } else {
                (info.name.to_string(), info.summary.to_string())
            };
            view! {
                <label class="check fault">
                    <input
                        type="checkbox"
                        prop:checked=move || faults.with(|f| f.contains(&fault))
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            faults.update(|f| {
                                f.retain(|x| *x != fault);
                                if on {
                                    f.push(fault);
                                }
                            });
                            demo::set_faults(&faults.get_untracked());
                        }
                    />
                    <span><strong>{label}</strong>" "<span class="muted">{summary}</span></span>
                </label>
            }
        })
    });
    view! {
        <details class="demo">
            <summary>"Workshop demo server: run without a network"</summary>
            <p>
                "A SCIM 2.0 server inside this page, seeded with 5 users and 3 groups. Requests to "
                <code>{DEMO_BASE_URL}</code>
                " never leave the browser, and demo results say so on screen and in the export."
            </p>
            <div class="actions">
                <button on:click=use_demo>"Demo server"</button>
                <button on:click=move |_| {
                    demo::reset();
                    status.set("The demo data is back to its seeded users and groups.".into());
                }>"Reset demo data"</button>
                <span class="hint" role="status">{move || status.get()}</span>
            </div>
            <fieldset class="faults">
                <legend>"Faults: make the demo server fail on purpose"</legend>
                {toggles.collect_view()}
            </fieldset>
        </details>
    }
}
