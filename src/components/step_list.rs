//! The steps, one row each, drawn in chunks so that a run of many thousands of steps costs
//! the same per step as a short one: a chunk is drawn again only when its own rows change.
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use session::{cause_of, row_key, row_reason, row_title, Filter, Rows};
use suite_engine::{StepOutcome, StepResult};

use crate::components::causes::SharedCauses;
use crate::components::step_detail::StepDetail;

/// The prefix of this list's element ids.
#[derive(Clone)]
struct IdPrefix(String);

/// Rows per chunk.
const CHUNK: usize = 50;

/// Chunks always drawn: a list of up to 1,000 rows is drawn whole (the browser's find and
/// print see every row). Later chunks are drawn while near the screen only.
const ALWAYS_DRAWN: usize = 20;

/// Set while the page prints: every chunk is drawn.
#[derive(Clone, Copy)]
struct Printing(RwSignal<bool>);

/// Which rows are open: failed rows start open, "Expand all" and "Collapse all" set every
/// row, and a row the tester clicked keeps their choice. Kept by number, so a chunk drawn
/// again keeps its rows as they were.
#[derive(Clone, Copy)]
struct OpenRows {
    all: RwSignal<Option<bool>>,
    clicked: RwSignal<HashMap<String, bool>>,
}

impl OpenRows {
    fn is_open(&self, number: &str, failed: bool) -> bool {
        self.clicked
            .with(|c| c.get(number).copied())
            .unwrap_or_else(|| self.all.get().unwrap_or(failed))
    }

    fn press_all(&self, open: bool) {
        self.clicked.update(HashMap::clear);
        self.all.set(Some(open));
    }
}

/// What the list shows for a row or rows: each step that ran is a row; steps in a row that
/// never started for the same reason (a cancel, the first failure) are one line, so that a
/// cancel early in 100,000 steps draws one line, not 99,000.
#[derive(Clone)]
enum Item {
    Step(Arc<StepResult>),
    NotRun {
        first: String,
        last: String,
        count: usize,
        outcome: StepOutcome,
        reason: String,
    },
}

/// A step the run never started: nothing sent, no pause waited.
fn never_started(step: &StepResult) -> Option<&str> {
    let not_run = matches!(step.outcome, StepOutcome::Cancelled | StepOutcome::Skipped);
    let waited = step.pause.is_some_and(|p| p.waited_ms > 0.0);
    if not_run && step.request.is_none() && !waited {
        step.reason.as_deref()
    } else {
        None
    }
}

fn items(rows: &[Arc<StepResult>]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let same = never_started(&rows[i]).map_or(1, |reason| {
            rows[i..]
                .iter()
                .take_while(|r| r.outcome == rows[i].outcome && never_started(r) == Some(reason))
                .count()
        });
        if same < 2 {
            items.push(Item::Step(rows[i].clone()));
        } else {
            items.push(Item::NotRun {
                first: rows[i].number.clone(),
                last: rows[i + same - 1].number.clone(),
                count: same,
                outcome: rows[i].outcome,
                reason: rows[i].reason.clone().unwrap_or_default(),
            });
        }
        i += same;
    }
    items
}

/// One chunk of the items shown, keyed by its place and its items' identities.
#[derive(Clone)]
struct Chunk {
    key: (usize, usize),
    /// Shared: the list is cloned at each update of a run, its items are not.
    items: Arc<[Item]>,
}

/// Chunks with the same key hold the same items.
impl PartialEq for Chunk {
    fn eq(&self, other: &Chunk) -> bool {
        self.key == other.key
    }
}

fn chunks(items: Vec<Item>) -> Vec<Chunk> {
    items
        .chunks(CHUNK)
        .enumerate()
        .map(|(i, items)| {
            let identity = items.iter().fold(items.len(), |acc, item| {
                let id = match item {
                    Item::Step(r) => Arc::as_ptr(r) as usize,
                    Item::NotRun { count, .. } => *count,
                };
                acc.wrapping_mul(31).wrapping_add(id)
            });
            Chunk {
                key: (i, identity),
                items: items.into(),
            }
        })
        .collect()
}

#[component]
pub fn StepList(
    filter: RwSignal<Filter>,
    rows: Memo<Rows>,
    /// Makes element ids unique when several tests are shown.
    prefix: String,
) -> impl IntoView {
    provide_context(IdPrefix(prefix));
    let shown = Memo::new(move |_| {
        let f = filter.get();
        rows.with(|rows| {
            if f.is_active() {
                let kept: Vec<Arc<StepResult>> =
                    rows.iter().filter(|r| f.matches(r)).cloned().collect();
                chunks(items(&kept))
            } else {
                chunks(items(rows))
            }
        })
    });
    let open = OpenRows {
        all: RwSignal::new(None),
        clicked: RwSignal::new(HashMap::new()),
    };
    provide_context(open);
    let printing = Printing(RwSignal::new(false));
    provide_context(printing);
    // A printout shows every row, and every failing step open, whatever was clicked.
    let on_print = window_event_listener(leptos::ev::beforeprint, move |_| {
        open.clicked.update(HashMap::clear);
        open.all.set(None);
        printing.0.set(true);
    });
    let after_print = window_event_listener(leptos::ev::afterprint, move |_| {
        printing.0.set(false);
    });
    on_cleanup(move || {
        on_print.remove();
        after_print.remove();
    });
    let total = move || rows.with(|r| r.len());
    let count = move || {
        shown.with(|chunks| {
            chunks
                .iter()
                .flat_map(|c| c.items.iter())
                .map(|item| match item {
                    Item::Step(_) => 1,
                    Item::NotRun { count, .. } => *count,
                })
                .sum::<usize>()
        })
    };
    view! {
        <div class="toolbar">
            <button on:click=move |_| open.press_all(true)>"Expand all"</button>
            <button on:click=move |_| open.press_all(false)>"Collapse all"</button>
            {move || filter.with(Filter::is_active).then(|| view! {
                <span class="muted">{format!("Showing {} of {} steps", count(), total())}</span>
            })}
        </div>
        // A list per chunk, so that the browser lays out and paints only the chunks on
        // screen (`content-visibility` in main.css): a row added late in a long run costs the
        // same as one added early.
        <div class="results">
            <For each=move || shown.get() key=|c| c.key let:chunk>
                <ChunkList index=chunk.key.0 items=chunk.items />
            </For>
        </div>
    }
}

/// One chunk's rows. Past the first [`ALWAYS_DRAWN`] chunks, a chunk the browser skips (off
/// screen: `content-visibility: auto` in main.css) is emptied, and drawn again when it comes
/// near: a run of 100,000 steps holds the views of the rows near the screen only, not 100,000
/// rows' worth of elements and reactive nodes. The chunk keeps the height it was drawn at
/// (`contain-intrinsic-size: auto`). A browser without the event keeps every chunk drawn.
#[component]
fn ChunkList(index: usize, items: Arc<[Item]>) -> impl IntoView {
    let Printing(printing) = expect_context::<Printing>();
    let skipped = RwSignal::new(false);
    let on_state = move |ev: web_sys::Event| {
        let now = js_sys::Reflect::get(&ev, &"skipped".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if skipped.get_untracked() != now {
            skipped.set(now);
        }
    };
    let drawn = move || index < ALWAYS_DRAWN || printing.get() || !skipped.get();
    view! {
        <ol class="results-chunk" on:contentvisibilityautostatechange=on_state>
            {move || drawn().then(|| items.iter().cloned().map(item_view).collect_view())}
        </ol>
    }
}

fn item_view(item: Item) -> AnyView {
    match item {
        Item::Step(step) => view! { <StepRow step /> }.into_any(),
        Item::NotRun { first, last, count, outcome, reason } => view! {
            <li class="not-run-row" data-step=first.clone() data-outcome=outcome_attr(outcome) data-count=count>
                {format!("Steps {first} to {last} ({count}) did not run: {reason}.")}
            </li>
        }.into_any(),
    }
}

fn outcome_attr(outcome: StepOutcome) -> &'static str {
    match outcome {
        StepOutcome::Pass => "pass",
        StepOutcome::Fail => "fail",
        StepOutcome::Error => "error",
        StepOutcome::Skipped => "skipped",
        StepOutcome::Cancelled => "cancelled",
    }
}

fn outcome_word(outcome: StepOutcome) -> &'static str {
    match outcome {
        StepOutcome::Pass => "Pass",
        StepOutcome::Fail => "Fail",
        StepOutcome::Error => "No response",
        StepOutcome::Skipped => "Skipped",
        StepOutcome::Cancelled => "Not run",
    }
}

/// `5 s`, `2.5 s`.
fn seconds(ms: f64) -> String {
    let s = ms / 1000.0;
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

/// A pause: a separator between steps, not a test.
#[component]
fn PauseRow(step: Arc<StepResult>) -> impl IntoView {
    let record = step.pause.unwrap_or_default();
    let text = match step.outcome {
        StepOutcome::Pass if record.waited_ms + 1.0 < record.requested_ms => format!(
            "Paused {} (of {})",
            seconds(record.waited_ms),
            seconds(record.requested_ms)
        ),
        StepOutcome::Pass => format!("Paused {}", seconds(record.waited_ms)),
        StepOutcome::Cancelled if record.waited_ms > 0.0 => {
            format!("Pause cancelled after {}", seconds(record.waited_ms))
        }
        StepOutcome::Cancelled => format!("Pause of {}, not reached", seconds(record.requested_ms)),
        _ => format!("Pause of {} skipped", seconds(record.requested_ms)),
    };
    let note = (!step.note.trim().is_empty()).then(|| step.note.clone());
    view! {
        <li class="pause-row" data-step=step.number.clone() data-outcome=outcome_attr(step.outcome)>
            <span class="pause-text">{text}</span>
            {note.map(|n| view! { <span class="pause-note">{n}</span> })}
        </li>
    }
}

#[component]
fn StepRow(step: Arc<StepResult>) -> impl IntoView {
    if step.step_type == "pause" {
        return view! { <PauseRow step /> }.into_any();
    }
    let open = expect_context::<OpenRows>();
    let SharedCauses(causes) = expect_context::<SharedCauses>();
    let failed = matches!(step.outcome, StepOutcome::Fail | StepOutcome::Error);
    // Rows of a step run once per value share its number: the key tells them apart.
    let number = row_key(&step);
    // Failed steps start open, but not those a note above explains for several at once:
    // twelve copies of one diagnosis would bury it.
    let is_open = {
        let number = number.clone();
        let step = step.clone();
        move || {
            let explained_above = causes.with(|c| cause_of(c, &step).is_some());
            open.is_open(&number, failed && !explained_above)
        }
    };
    let (method, url) = step
        .request
        .as_ref()
        .map(|r| (r.method.clone(), r.url.clone()))
        .unwrap_or_else(|| (step.step_type.clone(), String::new()));
    let title = row_title(&step);
    let status = match (&step.response, &step.failure) {
        (Some(r), _) => r.status.to_string(),
        (None, Some(f)) => f.kind.title().to_string(),
        _ => String::new(),
    };
    let time = if step.duration_ms > 0.0 {
        format!("{:.0} ms", step.duration_ms)
    } else {
        String::new()
    };
    let own_reason = row_reason(&step);
    let reason = {
        let step = step.clone();
        move || match causes.with(|c| cause_of(c, &step).map(|k| k.kind.title())) {
            Some(title) => Some(format!("{title}: see the note above the steps")),
            None => own_reason.clone(),
        }
    };
    let not_run = match step.outcome {
        StepOutcome::Skipped | StepOutcome::Cancelled => step.reason.clone(),
        _ => None,
    };
    let IdPrefix(prefix) = expect_context::<IdPrefix>();
    let detail_id = format!("{prefix}-step-{}-detail", number.replace(['.', '#'], "-"));
    let detail_step = step.clone();
    let toggle = {
        let number = number.clone();
        let is_open = is_open.clone();
        move |_| {
            let now = !is_open();
            open.clicked.update(|c| {
                c.insert(number.clone(), now);
            });
        }
    };
    let importance = step.importance.map(|i| match i {
        suite_engine::Importance::Required => "required",
        suite_engine::Importance::Optional => "optional",
    });
    view! {
        <li
            class="step"
            data-step=step.number.clone()
            data-outcome=outcome_attr(step.outcome)
            data-importance=importance
        >
            <button
                class="step-line"
                aria-expanded={
                    let is_open = is_open.clone();
                    move || is_open().to_string()
                }
                aria-controls=detail_id.clone()
                on:click=toggle
            >
                <span class="step-index">{step.number.clone()}</span>
                <span class="outcome">{outcome_word(step.outcome)}</span>
                <span class="step-main">
                    <span class="step-note">{title}</span>
                    {move || reason().map(|r| view! { <span class="step-reason">{r}</span> })}
                    {not_run.map(|r| view! { <span class="step-why muted">{r}</span> })}
                    <span class="step-target">
                        <span class="method">{method}</span>" "<span class="url">{url}</span>
                    </span>
                </span>
                <span class="status">{status}</span>
                <span class="time">{time}</span>
            </button>
            <div id=detail_id>
                {move || is_open().then(|| view! { <StepDetail step=detail_step.clone() /> })}
            </div>
        </li>
    }
    .into_any()
}
