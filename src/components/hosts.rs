//! Where the suite's requests go, before the run: each host, how many requests, what secrets
//! they would carry, and whether the tester approved it. A secret goes only to a host the
//! tester approved: the server they typed, the page's own demo, or one they tick here.
use leptos::prelude::*;
use session::{Approval, HostRow, Hosts, HostsInput};

use crate::state::use_app_state;

/// The host list, computed only when what it depends on changes; shared by the plan and
/// the run panel.
#[derive(Clone, Copy)]
pub struct HostList(pub Memo<Hosts>);

/// Provides the host list for the panels below.
pub fn provide_host_list() {
    let state = use_app_state();
    let input = state.select(|s| s.hosts_input());
    provide_context(HostList(Memo::new(move |_| input.with(HostsInput::hosts))));
}

#[component]
pub fn HostsView() -> impl IntoView {
    let HostList(hosts) = expect_context::<HostList>();
    move || {
        let hosts = hosts.get();
        if hosts.rows.is_empty() && hosts.unknown.is_empty() {
            return None;
        }
        let rows = hosts.rows.clone();
        let unknown = hosts.unknown.clone();
        Some(view! {
            <section class="hosts" aria-labelledby="hosts-heading">
                <h3 id="hosts-heading">"Where the requests go"</h3>
                <table class="hosts-table">
                    <thead>
                        <tr>
                            <th scope="col">"Host"</th>
                            <th scope="col">"Requests"</th>
                            <th scope="col">"Secrets sent there"</th>
                            <th scope="col">"May receive secrets"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! { <HostLine row /> }).collect_view()}
                    </tbody>
                </table>
                {(!unknown.is_empty()).then(|| view! {
                    <p class="hint">"Known only during the run (a request carrying a secret there is sent only to a host approved above):"</p>
                    <ul class="hint">{unknown.into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}</ul>
                })}
            </section>
        })
    }
}

#[component]
fn HostLine(row: HostRow) -> impl IntoView {
    let state = use_app_state();
    let origin = row.origin.clone();
    let secrets = if row.carries.is_empty() {
        "none".to_string()
    } else {
        row.carries.join(", ")
    };
    let approval = match row.approval {
        Approval::InPage => view! { <span>"yes: answered inside this page"</span> }.into_any(),
        Approval::TypedByYou => view! { <span>"yes: the address you entered"</span> }.into_any(),
        Approval::Approved | Approval::NotApproved => {
            let label = format!("Allow {origin} to receive secrets");
            let checked = row.approval == Approval::Approved;
            let warn = !row.carries.is_empty() && !checked;
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        aria-label=label
                        prop:checked=checked
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            state.update(|s| s.approve_origin(&origin, on));
                        }
                    />
                    {if warn { "no: its requests with secrets will not be sent" } else if checked { "yes: you allowed it" } else { "no" }}
                </label>
            }
            .into_any()
        }
    };
    view! {
        <tr data-approval=format!("{:?}", row.approval).to_lowercase() data-secrets=(!row.carries.is_empty()).to_string()>
            <td class="mono">{row.origin.clone()}</td>
            <td>{row.requests}</td>
            <td>{secrets}</td>
            <td>{approval}</td>
        </tr>
    }
}
