//! The runner: runs a suite in Runscope's order and returns a [`RunResult`].
//!
//! 1. Initial variables are rendered and set in order (each may use built-ins and the ones
//!    before it); then the initial script runs once.
//! 2. Each step, in order: a step marked `skipped` is reported skipped; a request step runs
//!    its pre-request scripts (which may change the request), is rendered and sent, then its
//!    variables are extracted, its post-response scripts run and its assertions are checked;
//!    a pause waits as the pause policy says; a condition compares its rendered values and
//!    runs its nested steps when the comparison holds; subtests, Ghost Inspector and unknown
//!    steps are reported skipped with the reason.
//! 3. A request that gets no response is the step's `error` and the run goes on (unless the
//!    options say to stop at the first failure).
//!
//! Cancelling wins at once over a request, a pause or a script in flight; the result then
//! lists every step, those not reached as `cancelled`.

mod approval;
mod condition;
mod exchange;
mod pause;

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

use crate::cancel::CancelHandle;
use crate::event::{Listener, RunEvent, VariablesNow};
use crate::functions::Context;
use crate::model::{Step, Suite};
use crate::options::{Environment, RunOptions};
use crate::request::warning;
use crate::result::format_version_of;
use crate::result::{
    AssertionOutcome, AssertionResult, EnvironmentRecord, EnvironmentValue, Iteration, PauseRecord,
    RunOutcome, RunResult, ScriptResult, StepOutcome, StepResult, SuiteInfo, Summary, Target, Tool,
    Warning, WarningKind,
};
use crate::script::{
    NoScriptHost, ScriptHost, ScriptInput, ScriptKind, ScriptRequest, ScriptResponse,
};
use crate::secrets::{is_secret_variable, Secrets};
use crate::template::{render, variable_names, Problem, Scope};
use crate::transport::{Clock, Transport};
use crate::variables::Variables;

static NO_SCRIPTS: NoScriptHost = NoScriptHost;

/// Runs suites with the caller's transport, clock and (optionally) script host.
///
/// # Example
/// ```
/// use suite_engine::*;
///
/// /// Answers every request with `200 {"ok":true}`.
/// struct Fake;
/// impl Transport for Fake {
///     async fn send(&self, _req: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
///         Ok(HttpResponse { status: 200, body: br#"{"ok":true}"#.to_vec(), ..Default::default() })
///     }
/// }
/// /// A clock whose time never moves and whose sleeps end at once.
/// struct Still;
/// impl Clock for Still {
///     fn now_ms(&self) -> f64 { 1_700_000_000_000.0 }
///     async fn sleep(&self, _ms: f64) {}
/// }
///
/// let suite = load_suite(r#"{"name": "Demo", "steps": [{"step_type": "request",
///     "url": "{{base}}/ok", "headers": {"Authorization": ["{{auth}}"]},
///     "assertions": [{"source": "response_json", "property": "ok",
///                     "comparison": "equal", "value": "true"}]}]}"#)?;
/// let env = Environment::with_variables([("base", "http://h"), ("auth", "Bearer s3cret")]);
/// let result = futures::executor::block_on(
///     Runner::new(&Fake, &Still).run(&suite, &env, &RunOptions::default()),
/// );
/// assert_eq!(result.outcome, RunOutcome::Passed);
/// let exported = result.to_json();
/// assert!(!exported.contains("s3cret"));
/// assert_eq!(load_result(&exported)?.summary, result.summary);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Runner<'a, T, C, S = NoScriptHost> {
    transport: &'a T,
    clock: &'a C,
    scripts: &'a S,
    listener: Option<&'a mut dyn Listener>,
    cancel: CancelHandle,
    tool: Tool,
    target: Target,
}

impl<'a, T: Transport, C: Clock> Runner<'a, T, C, NoScriptHost> {
    /// A runner with no script host ([`NoScriptHost`]), no listener and its own cancel
    /// handle.
    pub fn new(transport: &'a T, clock: &'a C) -> Self {
        Runner {
            transport,
            clock,
            scripts: &NO_SCRIPTS,
            listener: None,
            cancel: CancelHandle::new(),
            tool: Tool {
                name: env!("CARGO_PKG_NAME").into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            target: Target::default(),
        }
    }
}

impl<'a, T: Transport, C: Clock, S: ScriptHost> Runner<'a, T, C, S> {
    /// Runs scripts with `host`.
    pub fn with_script_host<H: ScriptHost>(self, host: &'a H) -> Runner<'a, T, C, H> {
        Runner {
            transport: self.transport,
            clock: self.clock,
            scripts: host,
            listener: self.listener,
            cancel: self.cancel,
            tool: self.tool,
            target: self.target,
        }
    }

    /// Sends progress events to `listener`.
    pub fn with_listener(mut self, listener: &'a mut dyn Listener) -> Self {
        self.listener = Some(listener);
        self
    }

    /// Lets `handle` cancel the run.
    pub fn with_cancel(mut self, handle: CancelHandle) -> Self {
        self.cancel = handle;
        self
    }

    /// Names the program in the result (default: this crate's name and version).
    pub fn with_tool(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.tool = Tool {
            name: name.into(),
            version: version.into(),
        };
        self
    }

    /// Records what the requests go to (default: a real server).
    pub fn with_target(mut self, target: Target) -> Self {
        self.target = target;
        self
    }

    /// The state of a run of `suite` from `env`, and what its result records of this runner.
    fn into_run<'x>(
        self,
        suite: &Suite,
        env: &Environment,
        options: &'x RunOptions,
    ) -> (Run<'a, 'x, T, C, S>, Tool, Target) {
        let run = Run {
            transport: self.transport,
            clock: self.clock,
            scripts: self.scripts,
            listener: self.listener,
            cancel: self.cancel,
            options,
            vars: Variables::new(),
            rng: fastrand::Rng::with_seed(options.seed),
            context: Context {
                environment: if env.name.is_empty() {
                    "local".into()
                } else {
                    env.name.clone()
                },
                test_name: suite.name.clone(),
            },
            secrets: Secrets::default(),
            secret_names: env.secrets.iter().cloned().collect(),
            script_set: HashSet::new(),
            approved: options.host_policy.approved(),
            steps: Vec::new(),
            stop: None,
            unsupported: Unsupported::default(),
            several: std::collections::HashMap::new(),
        };
        (run, self.tool, self.target)
    }

    /// Runs `suite` from `env` with `options`. Never fails: everything that goes wrong is
    /// in the result.
    pub async fn run(self, suite: &Suite, env: &Environment, options: &RunOptions) -> RunResult {
        let (mut run, tool, target) = self.into_run(suite, env, options);
        let started = run.clock.now_ms();
        run.emit(RunEvent::RunStarted {
            suite_name: &suite.name,
            total_steps: suite.counts().total,
        });
        let mut warnings: Vec<Warning> = suite
            .load_warnings()
            .into_iter()
            .map(|m| warning(WarningKind::File, None, m))
            .collect();
        let environment = run.start(env, &mut warnings).await;
        run.run_steps(&suite.steps, Vec::new()).await;
        warnings.extend(std::mem::take(&mut run.unsupported).into_warnings());
        let finished = run.clock.now_ms();
        let failed = run
            .steps
            .iter()
            .any(|s| matches!(s.outcome, StepOutcome::Fail | StepOutcome::Error));
        let outcome = match run.stop {
            Some(Stop::Cancelled) => RunOutcome::Cancelled,
            _ if failed => RunOutcome::Failed,
            _ => RunOutcome::Passed,
        };
        let result = RunResult {
            format_version: format_version_of(&run.steps),
            tool,
            target,
            suite: SuiteInfo {
                name: suite.name.clone(),
                description: suite.description.clone(),
                sha256: suite.sha256.clone(),
            },
            environment,
            options: options.clone(),
            started_at: rfc3339(started),
            finished_at: rfc3339(finished),
            duration_ms: (finished - started).max(0.0),
            outcome,
            summary: Summary::of(&run.steps),
            steps: std::mem::take(&mut run.steps),
            warnings,
            secrets: std::mem::take(&mut run.secrets),
        };
        run.emit(RunEvent::RunFinished { result: &result });
        result
    }

    /// Runs one request step of `suite` again, at `path`, from the variables it started with
    /// (a [`RunEvent::StepStarted`]'s `variables`): its pre-request scripts, request,
    /// extraction, post-response scripts and assertions, nothing else; no initial variables
    /// and no initial script. A row of a step run once per value runs with its value. The
    /// result is masked as an export is. `None` when `path` is not a request step.
    ///
    /// # Example
    /// ```
    /// use std::collections::HashSet;
    /// use suite_engine::*;
    /// struct Echo;
    /// impl Transport for Echo {
    ///     async fn send(&self, r: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
    ///         Ok(HttpResponse { status: 200, body: r.url.clone().into_bytes(), ..Default::default() })
    ///     }
    /// }
    /// struct Still;
    /// impl Clock for Still { fn now_ms(&self) -> f64 { 0.0 } async fn sleep(&self, _: f64) {} }
    /// let suite = load_suite(r#"{"steps": [{"step_type": "request", "url": "http://h/{{id}}"}]}"#)?;
    /// let mut before = Variables::new();
    /// before.set("id", "42");
    /// let again = futures::executor::block_on(Runner::new(&Echo, &Still).run_step(
    ///     &suite, &[0], &before, &HashSet::new(), None, &Environment::default(), &RunOptions::default(),
    /// ));
    /// assert_eq!(again.and_then(|s| s.response).map(|r| r.body.text), Some("http://h/42".to_string()));
    /// # Ok::<(), LoadError>(())
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub async fn run_step(
        self,
        suite: &Suite,
        path: &[usize],
        variables: &Variables,
        set_by_scripts: &HashSet<String>,
        iteration: Option<Iteration>,
        env: &Environment,
        options: &RunOptions,
    ) -> Option<StepResult> {
        let Some(Step::Request(step)) = step_at(&suite.steps, path) else {
            return None;
        };
        let (mut run, _, _) = self.into_run(suite, env, options);
        run.vars = variables.clone();
        run.script_set = set_by_scripts.clone();
        let secrets: Vec<(String, String)> = run
            .vars
            .iter()
            .filter(|v| run.is_secret(&v.name))
            .map(|v| (v.name.clone(), v.value.clone()))
            .collect();
        for (name, value) in secrets {
            run.secrets.add(&name, &value);
        }
        if let Some(it) = &iteration {
            run.vars.set(it.variable.as_str(), it.value.as_str());
        }
        run.request_step(step, path.to_vec(), iteration).await;
        let result = run.steps.pop()?;
        Some(run.secrets.mask_step(&result).into_owned())
    }
}

fn rfc3339(ms: f64) -> String {
    // Clock milliseconds fit an i64.
    #[allow(clippy::cast_possible_truncation)]
    let ms = ms.floor() as i64;
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq)]
enum Stop {
    Cancelled,
    FirstFailure,
}

struct Run<'a, 'x, T, C, S> {
    transport: &'a T,
    clock: &'a C,
    scripts: &'a S,
    listener: Option<&'a mut dyn Listener>,
    cancel: CancelHandle,
    options: &'x RunOptions,
    vars: Variables,
    rng: fastrand::Rng,
    context: Context,
    secrets: Secrets,
    /// Variables the caller marked secret, and initial variables made from a secret one.
    secret_names: HashSet<String>,
    /// Variables whose value a script set last: it may be made from a secret.
    script_set: HashSet<String>,
    /// The origins that may receive secrets; `None` for any.
    approved: Option<Vec<String>>,
    steps: Vec<StepResult>,
    stop: Option<Stop>,
    unsupported: Unsupported,
    /// Initial variables given several values (one a line): a step whose URL uses one runs
    /// once per value.
    several: std::collections::HashMap<String, Vec<String>>,
}

/// Features this runner does not support, each reported once per run with the steps that
/// used it rather than once per step.
#[derive(Default)]
struct Unsupported {
    /// A warning per subject, with the paths of the steps it concerns.
    kinds: Vec<(Warning, Vec<Vec<usize>>)>,
}

impl Unsupported {
    fn note(&mut self, w: Warning, path: &[usize]) {
        match self.kinds.iter_mut().find(|(k, _)| k.subject == w.subject) {
            Some((_, paths)) => {
                if paths.last().map(Vec::as_slice) != Some(path) {
                    paths.push(path.to_vec());
                }
            }
            None => self.kinds.push((w, vec![path.to_vec()])),
        }
    }

    fn into_warnings(self) -> impl Iterator<Item = Warning> {
        self.kinds.into_iter().map(|(mut w, paths)| {
            w.message = format!("{} ({})", w.message, step_list(&paths));
            w
        })
    }
}

/// `step 3`, `steps 3, 5 and 4.1`: 1-based, nested steps dotted, at most ten named.
pub(crate) fn step_list(paths: &[Vec<usize>]) -> String {
    const SHOWN: usize = 10;
    let names: Vec<String> = paths.iter().take(SHOWN).map(|p| step_name(p)).collect();
    let more = paths.len().saturating_sub(SHOWN);
    match (names.as_slice(), more) {
        ([one], 0) => format!("step {one}"),
        (_, 0) => {
            let (last, rest) = names
                .split_last()
                .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
            format!("steps {} and {last}", rest.join(", "))
        }
        _ => format!("steps {} and {more} more", names.join(", ")),
    }
}

/// A step's position for people: `3`, or `3.1` for the first step inside step 3.
pub(crate) fn step_name(path: &[usize]) -> String {
    path.iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join(".")
}

type Local<'s> = Pin<Box<dyn Future<Output = ()> + 's>>;

impl<'a, 'x, T: Transport, C: Clock, S: ScriptHost> Run<'a, 'x, T, C, S> {
    fn emit(&mut self, event: RunEvent<'_>) {
        if let Some(l) = self.listener.as_deref_mut() {
            l.on_event(&event);
        }
    }

    fn is_secret(&self, name: &str) -> bool {
        is_secret_variable(name) || self.secret_names.contains(name)
    }

    fn set_var(&mut self, name: &str, value: &str) {
        if self.is_secret(name) {
            self.secrets.add(name, value);
        }
        self.vars.set(name, value);
    }

    fn render(&mut self, template: &str) -> (String, Vec<Problem>) {
        let mut scope = Scope {
            vars: &self.vars,
            now_ms: self.clock.now_ms(),
            rng: &mut self.rng,
            context: &self.context,
        };
        let r = render(template, &mut scope);
        (r.text, r.problems)
    }

    /// Initial variables and the initial script.
    async fn start(&mut self, env: &Environment, warnings: &mut Vec<Warning>) -> EnvironmentRecord {
        let mut record = EnvironmentRecord {
            name: env.name.clone(),
            initial_script: env.initial_script.clone(),
            ..EnvironmentRecord::default()
        };
        for (name, template) in &env.initial_variables {
            // A value made from a secret (`{{base64({{auth}})}}`) is one too.
            if variable_names(template).iter().any(|n| self.is_secret(n)) {
                self.secret_names.insert(name.clone());
            }
            let (value, problems) = self.render(template);
            for p in problems {
                let mut w = problem_warning(&p);
                w.message = format!("initial variable {name}: {}", w.message);
                push_unique(warnings, w);
            }
            let values: Vec<&str> = value
                .lines()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            if values.len() > 1 {
                // Outside the steps that run once per value, the first value holds.
                for v in &values {
                    if self.is_secret(name) {
                        self.secrets.add(name, v);
                    }
                }
                self.set_var(name, values[0]);
                self.several
                    .insert(name.clone(), values.iter().map(|v| v.to_string()).collect());
            } else {
                self.set_var(name, &value);
            }
            record.variables.push(EnvironmentValue {
                name: name.clone(),
                value,
                secret: self.is_secret(name),
            });
        }
        if !env.initial_script.trim().is_empty() {
            match self
                .script(ScriptKind::Initial, 0, &env.initial_script, None, None)
                .await
            {
                None => self.stop = Some(Stop::Cancelled),
                Some((result, _)) => {
                    if self.listener.is_some() {
                        let shown = self.secrets.mask_script(&result);
                        self.emit(RunEvent::InitialScriptFinished { result: &shown });
                    }
                    if let Some(e) = &result.error {
                        push_unique(
                            warnings,
                            warning(WarningKind::Script, None, format!("initial script {e}")),
                        );
                    }
                    record.initial_script_result = Some(result);
                }
            }
        }
        record
    }

    /// Runs one script and applies the variables it set; `None` when cancelled.
    async fn script(
        &mut self,
        kind: ScriptKind,
        index: usize,
        source: &str,
        request: Option<&ScriptRequest>,
        response: Option<&ScriptResponse>,
    ) -> Option<(ScriptResult, Option<ScriptRequest>)> {
        let input = ScriptInput {
            kind,
            source,
            variables: &self.vars,
            request,
            response,
            time_limit_ms: self.options.script_time_limit_ms,
        };
        let out = self.cancel.or_cancel(self.scripts.run(input)).await?;
        for v in &out.variables_set {
            self.set_var(&v.name, &v.value);
            self.script_set.insert(v.name.clone());
        }
        let changed = match (&out.request, request) {
            (Some(after), Some(before)) => after != before,
            _ => false,
        };
        let result = ScriptResult {
            kind,
            index,
            logs: out.logs,
            assertions: out.assertions,
            variables_set: out.variables_set,
            changed_request: changed,
            error: out.error,
        };
        Some((result, out.request.filter(|_| changed)))
    }

    fn run_steps<'s>(&'s mut self, steps: &'s [Step], prefix: Vec<usize>) -> Local<'s> {
        Box::pin(async move {
            for (i, step) in steps.iter().enumerate() {
                let mut path = prefix.clone();
                path.push(i);
                if self.cancel.is_cancelled() {
                    self.stop = Some(Stop::Cancelled);
                }
                if self.stop.is_some() {
                    // Tens of thousands of steps left to report: let the page draw between
                    // batches rather than freeze until the last (a sleep of 0 ms yields).
                    if i % NOT_RUN_BATCH == NOT_RUN_BATCH - 1 {
                        self.clock.sleep(0.0).await;
                    }
                }
                match self.stop {
                    Some(Stop::Cancelled) => {
                        self.not_run(step, path, StepOutcome::Cancelled, CANCELLED);
                        continue;
                    }
                    Some(Stop::FirstFailure) => {
                        self.not_run(step, path, StepOutcome::Skipped, STOPPED);
                        continue;
                    }
                    None => {}
                }
                if step.skipped() {
                    self.not_run(
                        step,
                        path,
                        StepOutcome::Skipped,
                        "the step is marked skipped",
                    );
                    continue;
                }
                let outcome = match step {
                    Step::Request(r) => self.request_runs(r, path).await,
                    Step::Pause(p) => self.pause_step(p, path).await,
                    Step::Condition(c) => self.condition_step(c, path).await,
                    Step::Subtest(_) => self.not_run(
                        step,
                        path,
                        StepOutcome::Skipped,
                        "subtests run inside Runscope only",
                    ),
                    Step::GhostInspector(_) => self.not_run(
                        step,
                        path,
                        StepOutcome::Skipped,
                        "Ghost Inspector steps run inside Runscope only",
                    ),
                    Step::Unknown { step_type, .. } => {
                        let reason = format!("unknown step type {step_type}");
                        self.not_run(step, path, StepOutcome::Skipped, &reason)
                    }
                };
                if self.options.stop_on_first_failure
                    && matches!(outcome, StepOutcome::Fail | StepOutcome::Error)
                    && self.stop.is_none()
                {
                    self.stop = Some(Stop::FirstFailure);
                }
            }
        })
    }

    /// A result for a step about to run or be reported, its note rendered.
    fn blank(&mut self, step_type: &str, note: &str, path: Vec<usize>) -> StepResult {
        let (note, _) = self.render(note);
        StepResult::empty(path, step_type.to_string(), note)
    }

    fn finish(&mut self, result: StepResult) -> StepOutcome {
        let outcome = result.outcome;
        if let Some(l) = self.listener.as_deref_mut() {
            let shown = self.secrets.mask_step(&result);
            l.on_event(&RunEvent::StepFinished { result: &shown });
        }
        self.steps.push(result);
        outcome
    }

    /// Reports a step (and any nested steps) that does not run.
    fn not_run(
        &mut self,
        step: &Step,
        path: Vec<usize>,
        outcome: StepOutcome,
        reason: &str,
    ) -> StepOutcome {
        let mut result = self.blank(step.step_type(), step.note(), path.clone());
        result.outcome = outcome;
        result.reason = Some(reason.to_string());
        let assertions = match step {
            Step::Request(r) => r.assertions.as_slice(),
            Step::Subtest(s) => s.assertions.as_slice(),
            _ => &[],
        };
        result.assertions = assertions.iter().map(skipped_assertion).collect();
        if let Step::Pause(p) = step {
            result.pause = Some(PauseRecord {
                requested_ms: p.duration * 1000.0,
                waited_ms: 0.0,
            });
        }
        self.finish(result);
        if let Step::Condition(c) = step {
            self.nested_not_run(&c.steps, &path, outcome, reason);
        }
        outcome
    }

    fn nested_not_run(
        &mut self,
        steps: &[Step],
        prefix: &[usize],
        outcome: StepOutcome,
        reason: &str,
    ) {
        for (i, s) in steps.iter().enumerate() {
            let mut path = prefix.to_vec();
            path.push(i);
            self.not_run(s, path, outcome, reason);
        }
    }

    fn started(&mut self, result: &mut StepResult) {
        result.started_at_ms = Some(self.clock.now_ms());
        if self.listener.is_none() {
            return;
        }
        // The note shows while the step runs: masked with the secrets known now.
        let (path, step_type, note) = (
            result.path.clone(),
            self.secrets.mask_text(&result.step_type),
            self.secrets.mask_text(&result.note),
        );
        if let Some(l) = self.listener.as_deref_mut() {
            l.on_event(&RunEvent::StepStarted {
                path: &path,
                step_type: &step_type,
                note: &note,
                variables: VariablesNow {
                    values: &self.vars,
                    set_by_scripts: &self.script_set,
                },
            });
        }
    }

    fn ended(&mut self, mut result: StepResult) -> StepOutcome {
        let start = result.started_at_ms.unwrap_or_else(|| self.clock.now_ms());
        result.duration_ms = (self.clock.now_ms() - start).max(0.0);
        self.finish(result)
    }

    fn cancelled(&mut self, mut res: StepResult, reason: &str) -> StepOutcome {
        self.stop = Some(Stop::Cancelled);
        res.outcome = StepOutcome::Cancelled;
        res.reason = Some(reason.into());
        self.ended(res)
    }
}

/// The step at `path`, inside conditions too.
fn step_at<'s>(steps: &'s [Step], path: &[usize]) -> Option<&'s Step> {
    let (first, rest) = path.split_first()?;
    let step = steps.get(*first)?;
    match (rest, step) {
        ([], step) => Some(step),
        (rest, Step::Condition(c)) => step_at(&c.steps, rest),
        _ => None,
    }
}

const CANCELLED: &str = "the run was cancelled before this step";
/// Steps reported as not run between two yields to the page.
const NOT_RUN_BATCH: usize = 1000;
const STOPPED: &str = "the run stopped at the first failure";

pub(super) fn skipped_assertion(a: &crate::model::Assertion) -> AssertionResult {
    AssertionResult {
        source: a.source.clone(),
        property: a.property.clone(),
        comparison: a.comparison.clone(),
        expected: a.value.clone(),
        actual: None,
        actual_missing: None,
        outcome: AssertionOutcome::Skipped,
        message: Some("not evaluated: the step got no response".into()),
    }
}

fn problem_warning(p: &Problem) -> Warning {
    let (kind, subject) = match p {
        Problem::Undefined(name) => (WarningKind::UndefinedVariable, name.as_str()),
        Problem::Function { expression, .. } => {
            (WarningKind::TemplateFunction, expression.as_str())
        }
        Problem::OutsideRunscope { name, .. } => (WarningKind::OutsideRunscope, name.as_str()),
    };
    warning(kind, Some(subject), p.message())
}

fn push_unique(warnings: &mut Vec<Warning>, w: Warning) {
    if !warnings
        .iter()
        .any(|x| x.kind == w.kind && x.message == w.message)
    {
        warnings.push(w);
    }
}
