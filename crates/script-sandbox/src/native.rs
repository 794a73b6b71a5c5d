//! [`NativeScriptHost`]: the sandbox natively, through rquickjs (which bundles quickjs-ng).
//!
//! Each script gets a new runtime and context, dropped when it ends. The steps mirror the
//! browser's worker (`worker/script-worker.mjs`) one for one: evaluate the prelude, `begin`,
//! evaluate the script, run its pending jobs, `finish`.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::context::EvalOptions;
use rquickjs::{Context, Ctx, Function, Object, Runtime, Value};
use suite_engine::{ScriptHost, ScriptInput, ScriptOutput};

use crate::library_sources::library_source;
use crate::limits::{FINISH_GRACE_MS, MEMORY_LIMIT_BYTES, STACK_LIMIT_BYTES};
use crate::prelude::PRELUDE;
use crate::protocol::{Job, Reply, Stop};

/// Runs suite scripts natively, in QuickJS, with the same prelude and limits as the browser.
///
/// For tests and native tools: the script runs on the calling thread and the future is ready
/// when it ends.
///
/// ```
/// use suite_engine::{ScriptHost, ScriptInput, ScriptKind, Variables};
/// let host = script_sandbox::NativeScriptHost::new();
/// let variables = Variables::new();
/// let input = ScriptInput {
///     kind: ScriptKind::Initial,
///     source: "variables.set('greeting', 'hello ' + encode_base64('scim'))",
///     variables: &variables,
///     request: None,
///     response: None,
///     time_limit_ms: 5_000,
/// };
/// let output = futures::executor::block_on(host.run(input));
/// assert_eq!(output.variables_set[0].value, "hello c2NpbQ==");
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeScriptHost;

impl NativeScriptHost {
    /// A host; it holds nothing between scripts.
    pub fn new() -> NativeScriptHost {
        NativeScriptHost
    }
}

impl ScriptHost for NativeScriptHost {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        let job = Job::new(0, &input);
        match job.to_json() {
            Ok(text) => run_job(&text, &job.libraries, input.source, input.time_limit_ms)
                .into_output(&input),
            Err(error) => ScriptOutput {
                error: Some(error),
                ..ScriptOutput::default()
            },
        }
    }
}

/// The time limit, as the interrupt handler sees it: it stops the script once `deadline`
/// has passed, and says so in `fired`.
#[derive(Clone)]
struct Budget {
    deadline: Rc<Cell<Instant>>,
    fired: Rc<Cell<bool>>,
}

impl Budget {
    fn new(limit_ms: u64) -> Budget {
        Budget {
            deadline: Rc::new(Cell::new(Instant::now() + Duration::from_millis(limit_ms))),
            fired: Rc::new(Cell::new(false)),
        }
    }

    fn interrupts(&self) -> bool {
        let over = Instant::now() >= self.deadline.get();
        if over {
            self.fired.set(true);
        }
        over
    }

    /// A little more time, for the prelude to write out what a stopped script did.
    fn grace(&self) {
        let now = Instant::now().max(self.deadline.get());
        self.deadline
            .set(now + Duration::from_millis(FINISH_GRACE_MS));
    }
}

fn run_job(job: &str, libraries: &[&str], source: &str, limit_ms: u64) -> Reply {
    let failed = |what: &str, e: rquickjs::Error| Reply {
        failure: Some(format!("{what}: {e}")),
        ..Reply::default()
    };
    let runtime = match Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return failed("no QuickJS runtime", e),
    };
    runtime.set_memory_limit(MEMORY_LIMIT_BYTES);
    runtime.set_max_stack_size(STACK_LIMIT_BYTES);
    let budget = Budget::new(limit_ms);
    let handler = budget.clone();
    runtime.set_interrupt_handler(Some(Box::new(move || handler.interrupts())));
    let context = match Context::full(&runtime) {
        Ok(context) => context,
        Err(e) => return failed("no QuickJS context", e),
    };
    context.with(|ctx| run_in(&ctx, job, libraries, source, &budget))
}

/// How an evaluation ended.
enum Ended<'js> {
    Completed,
    Threw(Value<'js>),
    Stopped(Stop),
}

fn run_in<'js>(
    ctx: &Ctx<'js>,
    job: &str,
    libraries: &[&str],
    source: &str,
    budget: &Budget,
) -> Reply {
    let control: Object = match ctx.eval_with_options(PRELUDE, script_options("prelude.js")) {
        Ok(control) => control,
        Err(_) => return host_failure(ctx, "the prelude did not start"),
    };
    let handle = |name: &str| control.get::<_, Function>(name);
    let (Ok(begin), Ok(finish), Ok(release), Ok(out_of_memory)) = (
        handle("begin"),
        handle("finish"),
        handle("release"),
        handle("outOfMemory"),
    ) else {
        return host_failure(
            ctx,
            "the prelude has no begin, finish, release and outOfMemory",
        );
    };
    // How an evaluation that failed ended: stopped by the host, or the script threw.
    let classify = |caught: Value<'js>| -> Ended<'js> {
        if budget.fired.get() {
            Ended::Stopped(Stop::Timeout)
        } else if out_of_memory
            .call::<_, bool>((caught.clone(),))
            .unwrap_or(false)
        {
            Ended::Stopped(Stop::Memory)
        } else {
            Ended::Threw(caught)
        }
    };
    for key in libraries {
        let Some(text) = library_source(key) else {
            return Reply {
                failure: Some(format!("the library {key} is not in this build")),
                ..Reply::default()
            };
        };
        let evaluated = ctx.eval_with_options::<(), _>(text, script_options(&format!("{key}.js")));
        if evaluated.is_err() {
            return match classify(ctx.catch()) {
                Ended::Stopped(stop) => Reply {
                    stopped: Some(stop),
                    ..Reply::default()
                },
                Ended::Threw(error) => Reply {
                    failure: Some(format!(
                        "the library {key} could not be loaded: {}",
                        error_text(&error)
                    )),
                    ..Reply::default()
                },
                Ended::Completed => Reply::default(),
            };
        }
    }
    let mut ended = match begin.call::<_, ()>((job,)) {
        Ok(()) => match ctx.eval_with_options::<(), _>(source, script_options("script.js")) {
            Ok(()) => Ended::Completed,
            Err(_) => classify(ctx.catch()),
        },
        Err(_) => match classify(ctx.catch()) {
            stop @ Ended::Stopped(_) => stop,
            _ => return host_failure(ctx, "the prelude could not read the job"),
        },
    };
    // What the script left queued (promise callbacks, async functions) runs now, inside the
    // same time limit; nothing is left when the runtime is dropped. A job that throws is
    // ignored, as a browser would, unless the host stopped it.
    while !matches!(ended, Ended::Stopped(_)) && ctx.execute_pending_job() {
        let caught = ctx.catch();
        if is_exception(&caught) {
            if let stop @ Ended::Stopped(_) = classify(caught) {
                ended = stop;
            }
        }
    }
    // An interrupt inside an async function may end up as a rejected promise rather than an
    // exception here; the script was cut short all the same.
    if budget.fired.get() {
        ended = Ended::Stopped(Stop::Timeout);
    }
    let stopped = match ended {
        Ended::Stopped(stop) => Some(stop),
        _ => None,
    };
    if stopped == Some(Stop::Memory) {
        let _ = release.call::<_, ()>(());
    }
    if stopped.is_some() {
        budget.grace();
    }
    let (threw, error) = match ended {
        Ended::Threw(error) => (true, error),
        _ => (false, Value::new_undefined(ctx.clone())),
    };
    let output = finish.call::<_, String>((threw, error, stopped.is_some()));
    let failure = match &output {
        Err(_) if stopped.is_none() => Some(format!(
            "the prelude could not write the script's output: {}",
            error_text(&ctx.catch())
        )),
        _ => None,
    };
    Reply {
        id: 0,
        stopped,
        output: output.ok(),
        failure,
    }
}

fn script_options(filename: &str) -> EvalOptions {
    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(filename.into());
    options
}

/// Whether a job left an exception: QuickJS leaves it on the context when a job fails, and
/// `catch` gives `undefined` (or an uninitialized value) when there is none.
fn is_exception(caught: &Value<'_>) -> bool {
    !(caught.is_undefined() || caught.type_of() == rquickjs::Type::Uninitialized)
}

fn host_failure(ctx: &Ctx<'_>, what: &str) -> Reply {
    Reply {
        failure: Some(format!("{what}: {}", error_text(&ctx.catch()))),
        ..Reply::default()
    }
}

/// An exception as one line: `name: message`, or the value as text.
fn error_text(caught: &Value<'_>) -> String {
    if let Some(error) = caught.as_object() {
        if let (Ok(name), Ok(message)) = (
            error.get::<_, String>("name"),
            error.get::<_, String>("message"),
        ) {
            return format!("{name}: {message}");
        }
    }
    caught
        .get::<rquickjs::Coerced<String>>()
        .map(|text| text.0)
        .unwrap_or_else(|_| "an error that cannot be shown".into())
}
