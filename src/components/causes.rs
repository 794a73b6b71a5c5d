//! One diagnosis per cause: requests that got no response for the same reason from the same
//! server are explained once, above the steps.
use leptos::prelude::*;
use session::{Cause, CauseKey};

use crate::components::failure_help::FailureHelp;

/// The shared causes' keys, for the rows: a row asks whether a note above explains it.
#[derive(Clone, Copy)]
pub struct SharedCauses(pub ReadSignal<Vec<CauseKey>>);

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
