//! One diagnosis per cause: requests that got no response for the same reason from the same
//! server are explained once, above the steps.
use leptos::prelude::*;
use session::Cause;

use crate::components::failure_help::FailureHelp;

#[component]
pub fn CausesView() -> impl IntoView {
    let causes = expect_context::<Memo<Vec<Cause>>>();
    move || {
        causes
            .get()
            .into_iter()
            .map(|c| {
                view! {
                    <FailureHelp kind=c.kind message=c.message request=c.request steps=c.steps />
                }
            })
            .collect_view()
    }
}
