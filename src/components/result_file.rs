//! What a tester hands over: a share link, the self-contained HTML report, the result file
//! (JSON) and JUnit XML, all from the masked result; and opening a result file or report.
//! The link, the report and JUnit are made by the report worker, loaded on first use.
use leptos::{html, prelude::*, task::spawn_local};
use suite_engine::RunResult;

use crate::browser::{copy_text, download, picked_file};
use crate::files::{open_file, Expect};
use crate::report_worker::{self, Made};
use crate::state::{use_app_state, AppState};

/// The results of the tests that ran, masked: what every export holds.
fn finished(state: AppState) -> Vec<RunResult> {
    state.read_untracked(|s| s.results().map(|r| r.finished()).unwrap_or_default())
}

#[component]
pub fn ResultFileButtons() -> impl IntoView {
    let state = use_app_state();
    let picker = NodeRef::<html::Input>::new();
    // Exports hold the tests that ran, once the run is over.
    let can_export = state.select(|s| {
        s.results()
            .is_some_and(|r| !r.running && r.tests.iter().any(|t| t.result.is_some()))
    });
    let open_error = state.select(|s| s.open_error().map(str::to_string));
    let link = RwSignal::new(None::<Result<Made, String>>);
    // Why the last report or JUnit export made nothing.
    let export_problem = RwSignal::new(None::<String>);
    let make_link = move |_| {
        let results = finished(state);
        spawn_local(async move {
            let made = report_worker::share_link(&results).await;
            if let Ok(m) = &made {
                copy_text(&m.url);
            }
            link.set(Some(made));
        });
    };
    let export = move |kind: &'static str| {
        let results = finished(state);
        if results.is_empty() {
            return;
        }
        let stem = report::file_stem(&results);
        if kind == "json" {
            download(
                &format!("{stem}.result.json"),
                &suite_engine::bundle_to_json(&results),
                "application/json",
            );
            return;
        }
        spawn_local(async move {
            let made = if kind == "report" {
                report_worker::html_report(&results)
                    .await
                    .map(|text| (format!("{stem}.report.html"), text, "text/html"))
            } else {
                report_worker::junit_xml(&results)
                    .await
                    .map(|text| (format!("{stem}.junit.xml"), text, "application/xml"))
            };
            match made {
                Ok((name, text, mime)) => {
                    export_problem.set(None);
                    download(&name, &text, mime);
                }
                Err(why) => export_problem.set(Some(format!("Nothing exported: {why}."))),
            }
        });
    };
    view! {
        <div class="evidence">
            <div class="actions">
                <button class="primary" disabled=move || !can_export.get() on:click=make_link>
                    "Copy share link"
                </button>
                <button disabled=move || !can_export.get() on:click=move |_| export("report")>"Export report"</button>
                <button disabled=move || !can_export.get() on:click=move |_| export("json")>"Export results"</button>
                <button disabled=move || !can_export.get() on:click=move |_| export("junit")>"Export JUnit"</button>
                <button on:click=move |_| {
                    if let Some(input) = picker.get() {
                        input.click();
                    }
                }>"Open results"</button>
                <input
                    node_ref=picker
                    id="result-file"
                    type="file"
                    accept=".json,.html,application/json,text/html"
                    aria-label="Result file"
                    hidden
                    on:change=move |e| {
                        if let Some(file) = picked_file(&e) {
                            open_file(state, file, Expect::Result);
                        }
                    }
                />
            </div>
            <div role="status" class="link-status">
                {move || link.get().map(|made| match made {
                    Ok(m) => view! {
                        <p>
                            {format!("Link copied: {} characters. ", m.url.chars().count())}
                            {if m.omitted_bodies == 0 {
                                "It holds the whole result.".to_string()
                            } else {
                                format!("To fit, {} request and response bodies were left out; the report file has them.", m.omitted_bodies)
                            }}
                        </p>
                        <label class="field">
                            "Share link"
                            <input type="text" class="share-link" readonly prop:value=m.url />
                        </label>
                    }
                    .into_any(),
                    Err(why) => view! { <p class="problem">{format!("No link: {why}.")}</p> }.into_any(),
                })}
                {move || export_problem.get().map(|why| view! { <p class="problem">{why}</p> })}
            </div>
            {move || {
                open_error
                    .get()
                    .map(|message| view! { <div class="error-box" role="alert">{message}</div> })
            }}
        </div>
    }
}
