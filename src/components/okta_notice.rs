//! Before a run: a suite that calls an Okta org with an API token (`Authorization: SSWS …`)
//! cannot do so from a web page. Says why and what to do instead, and holds the switch that
//! sends an OAuth 2.0 access token (`Bearer`) in its place.
//!
//! What it says is what Okta's documents say (the Enable CORS and Implement OAuth for Okta
//! guides, the 2020.04.0 release note on CORS for Bearer tokens, and the scopes and CORS
//! marks in Okta's management API specification); see the README's "Okta orgs" section.
use leptos::prelude::*;
use session::ACCESS_TOKEN_VARIABLE;

use crate::components::variable_input::VariableInput;
use crate::demo::{DEMO_HOSTS, DEMO_ORG_URL};
use crate::state::use_app_state;

/// The Okta API scopes the CRUD suites' calls need, per Okta's API specification:
/// users (create, replace, activate, deactivate), apps (read the app, assign and remove
/// users; `manage` covers `read`).
const SCOPES: [&str; 2] = ["okta.users.manage", "okta.apps.manage"];
/// What the entitlements CRUD variant's grant adds.
const GRANT_SCOPE: &str = "okta.governance.entitlements.manage";

#[component]
pub fn OktaNotice() -> impl IntoView {
    let state = use_app_state();
    // Computed from what it reads (the suite, the environment, the switch), and so not again
    // at each update of a run: it walks every step of the suite.
    let reads = state.select(|s| {
        (
            s.suite().cloned(),
            s.environment().clone(),
            s.settings().ssws_as_bearer,
        )
    });
    // Read, not only tracked: a memo never read is never computed, and then never tells its
    // readers of a change.
    let notice = Memo::new(move |_| {
        reads.with(|_| state.read_untracked(|s| s.api_token_notice(DEMO_HOSTS)))
    });
    let origin = gloo_utils::window().location().origin().unwrap_or_default();
    move || {
        notice.get().map(|n| {
            let explained = !n.steps.is_empty();
            let steps = steps_phrase(&n.steps);
            let hosts = if n.hosts.is_empty() {
                "your Okta org".to_string()
            } else {
                n.hosts.join(", ")
            };
            let origin = origin.clone();
            view! {
                <div class="notice okta-notice" role="note" aria-labelledby="okta-notice-heading">
                    <h3 id="okta-notice-heading">
                        "Okta's API does not take API tokens from a web page"
                    </h3>
                    {explained.then(|| view! {
                        <p>
                            {steps}" call "<strong>{hosts}</strong>" with an Okta API token ("
                            <code>"Authorization: SSWS …"</code>
                            "). Okta answers requests from a page in a browser (CORS) only for origins the org trusts and only on some of its endpoints, and the app endpoints this suite calls (read the app, assign and remove a user) are not among them. With an OAuth 2.0 access token ("
                            <code>"Bearer"</code>
                            ") Okta answers every endpoint. So, as written, at least the app steps get no response here and the suite cannot pass."
                        </p>
                        <p>"To run it against a real org from this page:"</p>
                        <ol>
                            <li>
                                "In the org's Admin Console, under Security › API › Trusted Origins, add this page's origin "
                                <code>{origin}</code>
                                " with the type CORS. (Okta's guides differ on whether an access token needs it; adding it covers both.)"
                            </li>
                            <li>
                                "Create an OAuth 2.0 (OpenID Connect) app integration in the org and, on its Okta API Scopes tab, grant "
                                <code>{SCOPES[0]}</code>" and "<code>{SCOPES[1]}</code>
                                " (and "<code>{GRANT_SCOPE}</code>" for Okta's entitlements CRUD suite). Sign in through it to get an access token from the org authorization server; it lasts one hour."
                            </li>
                            <li>
                                "Turn on the switch below and paste the access token into "
                                <code>{ACCESS_TOKEN_VARIABLE}</code>"."
                            </li>
                        </ol>
                    })}
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=n.bearer
                            on:change=move |e| {
                                let on = event_target_checked(&e);
                                state.update(|s| s.set_ssws_as_bearer(on));
                            }
                        />
                        "Send the API token headers as "
                        <code>{format!("Bearer <{ACCESS_TOKEN_VARIABLE}>")}</code>
                    </label>
                    {n.bearer.then(|| view! {
                        <VariableInput name=ACCESS_TOKEN_VARIABLE.to_string() />
                        <p class="hint">
                            "Each step's request shows the header as sent (masked), and the export records that the switch was on."
                        </p>
                    })}
                    {explained.then(|| view! {
                        <p class="hint">
                            "In a workshop, the demo org at "<code>{DEMO_ORG_URL}</code>
                            " takes the suite's headers as written: open the workshop demo server below and click Demo server."
                        </p>
                    })}
                </div>
            }
        })
    }
}

/// `Step 1`, `Steps 1 and 3`, `Steps 1, 2, 3 and 6`.
fn steps_phrase(steps: &[String]) -> String {
    match steps {
        [] => String::new(),
        [one] => format!("Step {one}"),
        [rest @ .., last] => format!("Steps {} and {last}", rest.join(", ")),
    }
}
