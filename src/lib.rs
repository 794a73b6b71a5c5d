//! The browser app.
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! { <main data-run-state="idle"><h1>"SCIM suite runner"</h1></main> }
}
