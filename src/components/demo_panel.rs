//! Workshop mode's controls: point the suite at the in-page demo (a SCIM server and an
//! emulated Okta org that provisions it), switch its faults, reset its data. Opening the
//! panel loads the demo's worker, and says when it is there: from then on the demo runs with
//! the network off.
use leptos::{prelude::*, task::spawn_local};
use scim_faults::{Fault, FaultInfo, FAULTS};

use crate::demo::{self, DEMO_BASE_URL, DEMO_ORG_URL, DEMO_SLOW_MS, DEMO_TOKEN};
use crate::state::use_app_state;

#[component]
pub fn DemoPanel() -> impl IntoView {
    let state = use_app_state();
    // The demo's own state, mirrored for the checkboxes: not the session's.
    let faults = RwSignal::new(Vec::<Fault>::new());
    let status = RwSignal::new(String::new());
    // Whether the demo's worker is there: None while it loads (or before the panel opens).
    let loaded = RwSignal::new(None::<Result<(), String>>);
    let load = move || {
        if loaded.get_untracked().is_some_and(|l| l.is_ok()) && demo::is_started() {
            return;
        }
        loaded.set(None);
        spawn_local(async move {
            let demo = demo::loaded().await;
            // "Runs with the network off from now on": the run's own parts come now too.
            let parts = crate::on_demand::parts_for_a_run().await;
            loaded.set(Some(demo.and(parts)));
        });
    };
    // Calls reach the demo in the order made; a failure is said in the panel.
    let report = move |done: Result<(), String>, message: &str| {
        status.set(match done {
            Ok(()) => message.to_string(),
            Err(why) => format!("{}.", capitalized(&why)),
        });
    };
    let use_demo = move |_| {
        load();
        let known = demo::crud_variables();
        state.update(|s| s.fill_known(&known, DEMO_BASE_URL, &format!("Bearer {DEMO_TOKEN}")));
        status.set(format!(
            "Requests to {DEMO_BASE_URL} and {DEMO_ORG_URL} are answered inside this page."
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
            let fails = fails_in_okta_suites(info);
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
                            let set = demo::set_faults(&faults.get_untracked());
                            spawn_local(async move {
                                if let Err(why) = set.await {
                                    report(Err(why), "");
                                }
                            });
                        }
                    />
                    <span>
                        <strong>{label}</strong>" "<span class="muted">{summary}". "{fails}</span>
                    </span>
                </label>
            }
        })
    });
    view! {
        <details class="demo" on:toggle=move |_| load()>
            <summary>"Workshop demo server: run without a network"</summary>
            <p>
                "A SCIM 2.0 server inside this page at "<code>{DEMO_BASE_URL}</code>
                ", seeded with 5 users and 3 groups and with Okta's entitlement endpoints, and an Okta org at "
                <code>{DEMO_ORG_URL}</code>
                " that provisions it as Okta does, half a second after each change: Okta's SPEC, CRUD and Entitlements suites all run here. Nothing leaves the browser, and demo results say so on screen and in the export."
            </p>
            <div class="actions">
                <button on:click=use_demo>"Demo server"</button>
                <button on:click=move |_| {
                    let reset = demo::reset();
                    spawn_local(async move {
                        report(
                            reset.await,
                            "The demo data is back to its seeded users and groups, and the org is empty.",
                        );
                    });
                }>"Reset demo data"</button>
                <span class="hint" role="status">{move || status.get()}</span>
            </div>
            <p class="hint demo-loaded" role="status">
                {move || match loaded.get() {
                    None => "Loading the demo server…".to_string(),
                    Some(Ok(())) => "The demo server is loaded: it runs with the network off from now on.".to_string(),
                    Some(Err(why)) => format!("{}.", capitalized(&why)),
                }}
            </p>
            <fieldset class="faults">
                <legend>"Faults: make the demo server fail on purpose"</legend>
                {toggles.collect_view()}
            </fieldset>
        </details>
    }
}

/// Which of Okta's suites a fault fails, counted from the fault table:
/// `Fails 3 SPEC steps.`, `Fails 2 CRUD steps.`, `Fails no step of Okta's suites.`
fn fails_in_okta_suites(info: &FaultInfo) -> String {
    let count = |n: usize, suite: &str| match n {
        0 => None,
        1 => Some(format!("1 {suite} step")),
        n => Some(format!("{n} {suite} steps")),
    };
    let parts: Vec<String> = [
        count(info.spec_fails.len(), "SPEC"),
        count(info.crud_fails.len(), "CRUD"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "Fails no step of Okta's suites.".into()
    } else {
        format!("Fails {}.", parts.join(" and "))
    }
}

/// `why` as the start of a sentence.
fn capitalized(why: &str) -> String {
    let mut chars = why.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
