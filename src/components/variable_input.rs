//! One variable's input: a line, a password field for a secret, or several lines for a
//! variable that holds several values, one a line (an endpoint variable such as Okta's
//! `{{SCIMBaseURL}}{{EntitlementEndpoint}}` always may, and can be filled from the
//! server's `/ResourceTypes`).
use leptos::{prelude::*, task::spawn_local};
use session::{EnvVariable, VariableRole};
use suite_engine::{Header, HttpRequest, Transport};

use crate::state::{use_app_state, AppState};
use crate::transport::PageTransport;

/// One variable's input: a line, a password field for secrets, or several lines for a
/// variable that holds several values (an endpoint variable always may).
#[component]
pub fn VariableInput(name: String) -> impl IntoView {
    let state = use_app_state();
    let id = format!("var-{name}");
    let problem_id = format!("var-{name}-problem");
    let current = {
        let name = name.clone();
        state.select(move |s| {
            s.environment()
                .find(&name)
                .cloned()
                .unwrap_or_else(|| EnvVariable::custom(&name))
        })
    };
    // A blocker names this field when Run waits for it; otherwise the value's own check.
    let problem = {
        let name = name.clone();
        state.select(move |s| {
            let https = s.page_is_https();
            let blocker = s
                .run_blocker()
                .filter(|b| b.variable == name)
                .map(|b| (b.reason, true));
            blocker.or_else(|| {
                s.environment()
                    .find(&name)
                    .and_then(|v| v.check(https))
                    .map(|c| (c.message, c.blocks))
            })
        })
    };
    // Once several lines, it stays so while shown, so deleting a line keeps the focus.
    let asked_for_several = RwSignal::new(false);
    let several = Memo::new(move |was: Option<&bool>| {
        let was = was.copied().unwrap_or(false) || asked_for_several.get();
        current.with(|v| !v.secret && (was || v.endpoint || v.value.contains('\n')))
    });
    // Offered for what the tester supplies in a URL's path, not for base URLs (a suite
    // against several servers is several runs) nor data an initial script sets.
    let offer_several = move || {
        current.with(|v| v.in_url && !v.base_url && !v.secret && v.role != VariableRole::Data)
            && !several.get()
    };
    let needed = {
        let name = name.clone();
        state.select(move |s| s.is_needed_access_token(&name))
    };
    let (value_name, secret_name, remove_name) = (name.clone(), name.clone(), name.clone());
    let secret_label = format!("Treat {name} as a secret");
    let described = problem_id.clone();
    let several_hint_id = format!("var-{name}-several");
    let several_hint = format!(
        "One value a line: each step whose URL uses {name} runs once per value, and each run is its own row."
    );
    let set_value = move |e: leptos::ev::Event| {
        let value = event_target_value(&e);
        state.update(|s| s.set_value(&value_name, value));
    };
    let described_by = {
        let several_hint_id = several_hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if problem.with(Option::is_some) {
                ids.push(described.clone());
            }
            if several.get() {
                ids.push(several_hint_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || {
        problem
            .with(|p| p.as_ref().is_some_and(|(_, blocks)| *blocks))
            .to_string()
    };
    let field = {
        let (id, described_by) = (id.clone(), described_by.clone());
        move || {
            if several.get() {
                let rows = current.with(|v| v.value.lines().count().clamp(2, 8) + 1);
                view! {
                    <textarea
                        id=id.clone()
                        class="code several"
                        rows=rows
                        spellcheck="false"
                        aria-invalid=invalid
                        aria-describedby=described_by.clone()
                        prop:value=move || current.with(|v| v.value.clone())
                        on:input=set_value.clone()
                    ></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input
                        id=id.clone()
                        type=move || if current.with(|v| v.secret) { "password" } else { "text" }
                        autocomplete="off"
                        spellcheck="false"
                        aria-invalid=invalid
                        aria-describedby=described_by.clone()
                        prop:value=move || current.with(|v| v.value.clone())
                        on:input=set_value.clone()
                    />
                }
                .into_any()
            }
        }
    };
    let endpoint = current.with_untracked(|v| v.endpoint);
    view! {
        <div class="field variable">
            <label for=id.clone()>{name.clone()}</label>
            <div class="variable-row">
                {field}
                <label class="check small">
                    <input
                        type="checkbox"
                        aria-label=secret_label
                        prop:checked=move || current.with(|v| v.secret)
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            state.update(|s| s.set_secret(&secret_name, on));
                        }
                    />
                    <span aria-hidden="true">"secret"</span>
                </label>
                <Show when=offer_several>
                    <button
                        type="button"
                        class="link"
                        title="Give several values, one a line: the steps whose URL uses it run once per value"
                        on:click=move |_| asked_for_several.set(true)
                    >
                        "Several values"
                    </button>
                </Show>
                <Show when=move || current.with(|v| v.role == VariableRole::Custom) && !needed.get()>
                    {
                        let remove_name = remove_name.clone();
                        view! {
                            <button class="link" on:click=move |_| {
                                state.update(|s| s.remove_variable(&remove_name));
                            }>
                                "Remove"
                            </button>
                        }
                    }
                </Show>
            </div>
            <Show when=move || several.get()>
                <span class="hint" id=several_hint_id.clone()>{several_hint.clone()}</span>
            </Show>
            {endpoint.then(|| view! { <FillFromResourceTypes name=name.clone() /> })}
            {move || problem.get().map(|(message, _)| {
                view! { <span class="problem" id=problem_id.clone()>{message}</span> }
            })}
        </div>
    }
}

/// Fills an endpoint variable with the role and entitlement endpoints the server lists in
/// `/ResourceTypes`, asked with the Authorization the suite sends it (or of the demo).
#[component]
fn FillFromResourceTypes(name: String) -> impl IntoView {
    let state = use_app_state();
    let status = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let fill = move |_| {
        let name = name.clone();
        busy.set(true);
        spawn_local(async move {
            let message = fill_endpoints(state, &name).await;
            status.set(message);
            busy.set(false);
        });
    };
    view! {
        <div class="actions fill-endpoints">
            <button type="button" disabled=move || busy.get() on:click=fill>
                "Fill from the server's /ResourceTypes"
            </button>
            <span class="hint" role="status">{move || status.get()}</span>
        </div>
    }
}

/// Asks the server for its resource types and fills `name`; what to tell the tester.
async fn fill_endpoints(state: AppState, name: &str) -> String {
    // The run options' request timeout, kept within their sane range.
    let asked = state.read_untracked(|s| {
        s.resource_types_request(name)
            .map(|r| (r, s.settings().to_engine(0).request_timeout_ms))
    });
    let (request, timeout_ms) = match asked {
        Ok(asked) => asked,
        Err(why) => return why,
    };
    let mut headers = vec![Header::new("Accept", "application/scim+json")];
    if let Some(auth) = request.authorization {
        headers.push(Header::new("Authorization", auth));
    }
    let http = HttpRequest {
        method: "GET".into(),
        url: request.url,
        headers,
        body: None,
        timeout_ms,
    };
    match PageTransport.send(&http).await {
        Ok(response) => {
            let body = String::from_utf8_lossy(&response.body);
            match state.update(|s| s.fill_endpoints(name, response.status, &body)) {
                Some(Ok(1)) => "1 endpoint from /ResourceTypes.".into(),
                Some(Ok(n)) => {
                    format!("{n} endpoints from /ResourceTypes: the step runs once for each.")
                }
                Some(Err(why)) => why,
                None => String::new(),
            }
        }
        Err(failure) => format!("/ResourceTypes could not be read: {}", failure.message),
    }
}
