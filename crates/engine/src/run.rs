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

use std::future::Future;
use std::pin::Pin;

use crate::assert;
use crate::cancel::CancelHandle;
use crate::event::{Listener, RunEvent};
use crate::extract;
use crate::functions::Context;
use crate::model::{ConditionStep, PauseStep, RequestStep, Step, Suite};
use crate::options::{Environment, PausePolicy, RunOptions};
use crate::request::{self, warning};
use crate::result::{
    AssertionOutcome, AssertionResult, Body, ConditionRecord, EnvironmentRecord, EnvironmentValue,
    Failure, PauseRecord, ReceivedResponse, RunOutcome, RunResult, ScriptResult, SentRequest,
    StepOutcome, StepResult, SuiteInfo, Summary, Tool, Warning, WarningKind, FORMAT_VERSION,
};
use crate::script::{
    NoScriptHost, ScriptError, ScriptHost, ScriptInput, ScriptKind, ScriptRequest, ScriptResponse,
};
use crate::secrets::{is_secret_variable, Secrets};
use crate::source::Received;
use crate::template::{render, Problem, Scope};
use crate::transport::{Clock, HttpRequest, Transport};
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

    /// Runs `suite` from `env` with `options`. Never fails: everything that goes wrong is
    /// in the result.
    pub async fn run(self, suite: &Suite, env: &Environment, options: &RunOptions) -> RunResult {
        let mut run = Run {
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
            secret_names: env.secrets.clone(),
            steps: Vec::new(),
            stop: None,
        };
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
            format_version: FORMAT_VERSION,
            tool: self.tool,
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
    secret_names: Vec<String>,
    steps: Vec<StepResult>,
    stop: Option<Stop>,
}

type Local<'s> = Pin<Box<dyn Future<Output = ()> + 's>>;

impl<'a, 'x, T: Transport, C: Clock, S: ScriptHost> Run<'a, 'x, T, C, S> {
    fn emit(&mut self, event: RunEvent<'_>) {
        if let Some(l) = self.listener.as_deref_mut() {
            l.on_event(&event);
        }
    }

    fn is_secret(&self, name: &str) -> bool {
        is_secret_variable(name) || self.secret_names.iter().any(|n| n == name)
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
            let (value, problems) = self.render(template);
            for p in problems {
                let mut w = problem_warning(&p);
                w.message = format!("initial variable {name}: {}", w.message);
                push_unique(warnings, w);
            }
            self.set_var(name, &value);
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
                    Step::Request(r) => self.request_step(r, path).await,
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

    fn blank(&mut self, step: &Step, path: Vec<usize>) -> StepResult {
        let (note, _) = self.render(step.note());
        StepResult {
            path,
            step_type: step.step_type().to_string(),
            note,
            outcome: StepOutcome::Pass,
            reason: None,
            started_at_ms: None,
            duration_ms: 0.0,
            request: None,
            response: None,
            failure: None,
            assertions: Vec::new(),
            variables: Vec::new(),
            scripts: Vec::new(),
            pause: None,
            condition: None,
            warnings: Vec::new(),
        }
    }

    fn finish(&mut self, result: StepResult) -> StepOutcome {
        let outcome = result.outcome;
        self.steps.push(result);
        if let (Some(l), Some(last)) = (self.listener.as_deref_mut(), self.steps.last()) {
            l.on_event(&RunEvent::StepFinished { result: last });
        }
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
        let mut result = self.blank(step, path.clone());
        result.outcome = outcome;
        result.reason = Some(reason.to_string());
        let assertions = match step {
            Step::Request(r) => r.assertions.as_slice(),
            Step::Subtest(s) => s.assertions.as_slice(),
            _ => &[],
        };
        result.assertions = assertions.iter().map(skipped_assertion).collect();
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
        let (path, step_type, note) = (
            result.path.clone(),
            result.step_type.clone(),
            result.note.clone(),
        );
        self.emit(RunEvent::StepStarted {
            path: &path,
            step_type: &step_type,
            note: &note,
        });
    }

    fn ended(&mut self, mut result: StepResult) -> StepOutcome {
        let start = result.started_at_ms.unwrap_or_else(|| self.clock.now_ms());
        result.duration_ms = (self.clock.now_ms() - start).max(0.0);
        self.finish(result)
    }

    fn build(&mut self, step: &RequestStep) -> request::Built {
        let mut scope = Scope {
            vars: &self.vars,
            now_ms: self.clock.now_ms(),
            rng: &mut self.rng,
            context: &self.context,
        };
        request::build(step, &mut scope, self.options.request_timeout_ms)
    }

    async fn request_step(&mut self, step: &RequestStep, path: Vec<usize>) -> StepOutcome {
        let mut res = self.blank(&Step::Request(RequestStep::default()), path);
        res.note = self.render(&step.note).0;
        self.started(&mut res);

        // Pre-request scripts see the request rendered with the variables of the moment and
        // may change it; without changes it is rendered again after them, so variables they
        // set are used.
        let mut changed: Option<HttpRequest> = None;
        for (index, source) in step.before_scripts.iter().enumerate() {
            if source.trim().is_empty() {
                continue;
            }
            let now = changed.clone().unwrap_or_else(|| self.build(step).request);
            let before = request::to_script(&now);
            let Some((result, after)) = self
                .script(ScriptKind::PreRequest, index, source, Some(&before), None)
                .await
            else {
                return self.cancelled(res, "the run was cancelled during a pre-request script");
            };
            script_warning(&mut res, &result);
            if let Some(after) = after {
                changed = Some(request::from_script(&before, &after, &now));
            }
            res.scripts.push(result);
        }
        let built = self.build(step);
        for p in &built.problems {
            push_unique(&mut res.warnings, problem_warning(p));
        }
        for w in built.warnings {
            push_unique(&mut res.warnings, w);
        }
        for (label, value) in &built.secrets {
            self.secrets.add(label, value);
        }
        let request = changed.unwrap_or(built.request);
        for h in &request.headers {
            self.secrets.add_header(&h.name, &h.value);
        }
        let limit = self.options.body_limit_bytes;
        res.request = Some(SentRequest {
            method: request.method.clone(),
            url: request.url.clone(),
            headers: request.headers.clone(),
            body: request.body.as_deref().map(|b| body_record(b, limit)),
            headers_not_sent: Vec::new(),
        });

        let sent_at = self.clock.now_ms();
        let Some(outcome) = self.cancel.or_cancel(self.transport.send(&request)).await else {
            res.assertions = step.assertions.iter().map(skipped_assertion).collect();
            return self.cancelled(res, "the run was cancelled while waiting for the response");
        };
        let response = match outcome {
            Ok(r) => r,
            Err(failure) => {
                res.outcome = StepOutcome::Error;
                res.reason = Some(format!("no response: {}", failure.message));
                res.failure = Some(Failure {
                    kind: failure.kind,
                    message: failure.message,
                });
                res.assertions = step.assertions.iter().map(skipped_assertion).collect();
                return self.ended(res);
            }
        };
        let time_ms = response
            .timings
            .and_then(|t| t.total_ms)
            .unwrap_or_else(|| (self.clock.now_ms() - sent_at).max(0.0));
        let text = String::from_utf8_lossy(&response.body).into_owned();
        let size = response.body.len() as u64;
        for h in &response.headers {
            self.secrets.add_header(&h.name, &h.value);
        }
        if let Some(sent) = res.request.as_mut() {
            sent.headers_not_sent = response.headers_not_sent.clone();
        }
        for n in &response.headers_not_sent {
            push_unique(
                &mut res.warnings,
                warning(
                    WarningKind::HeaderNotSent,
                    Some(&n.name),
                    format!("the {} header was not sent: {}", n.name, n.reason),
                ),
            );
        }
        res.response = Some(ReceivedResponse {
            status: response.status,
            reason: response.reason.clone(),
            headers: response.headers.clone(),
            body: body_record(&text, limit),
            time_ms,
            timings: response.timings,
        });
        let received = Received::new(response.status, &response.headers, &text, time_ms, size);

        for x in &step.variables {
            if let Some(e) = extract::extract(x, &received) {
                if let Some(v) = &e.value {
                    self.set_var(&e.name, v);
                }
                res.variables.push(e);
            }
        }

        let script_response = ScriptResponse {
            status: response.status,
            reason: response.reason.clone(),
            headers: request::grouped(&response.headers),
            body: text.clone(),
            response_time_ms: time_ms,
            size_bytes: size,
        };
        let script_request = request::to_script(&request);
        for (index, source) in step.scripts.iter().enumerate() {
            if source.trim().is_empty() {
                continue;
            }
            let Some((result, _)) = self
                .script(
                    ScriptKind::PostResponse,
                    index,
                    source,
                    Some(&script_request),
                    Some(&script_response),
                )
                .await
            else {
                return self.cancelled(res, "the run was cancelled during a post-response script");
            };
            script_warning(&mut res, &result);
            res.scripts.push(result);
        }

        for a in &step.assertions {
            let expected = match &a.value {
                Some(v) => {
                    let (text, problems) = self.render(v);
                    for p in &problems {
                        push_unique(&mut res.warnings, problem_warning(p));
                    }
                    Some(text)
                }
                None => None,
            };
            res.assertions.push(assert::check(a, expected, &received));
        }
        judge(&mut res);
        self.ended(res)
    }

    fn cancelled(&mut self, mut res: StepResult, reason: &str) -> StepOutcome {
        self.stop = Some(Stop::Cancelled);
        res.outcome = StepOutcome::Cancelled;
        res.reason = Some(reason.into());
        self.ended(res)
    }

    async fn pause_step(&mut self, step: &PauseStep, path: Vec<usize>) -> StepOutcome {
        let mut res = self.blank(&Step::Pause(step.clone()), path.clone());
        let requested = step.duration * 1000.0;
        // Runscope's pauses last at most 180 s; a longer one in a file is waited that long.
        let longest = requested.min(MAX_PAUSE_MS);
        let wait = match self.options.pause_policy {
            PausePolicy::Honour => longest,
            PausePolicy::CapAt { seconds } => longest.min(seconds.max(0.0) * 1000.0),
            PausePolicy::Skip => {
                res.outcome = StepOutcome::Skipped;
                res.reason = Some("pauses are skipped by the run options".into());
                res.pause = Some(PauseRecord {
                    requested_ms: requested,
                    waited_ms: 0.0,
                });
                return self.finish(res);
            }
        };
        if wait < requested {
            res.reason = Some(format!(
                "the pause was capped at {} s",
                crate::lenient::float_text(wait / 1000.0)
            ));
        }
        self.started(&mut res);
        self.emit(RunEvent::PauseStarted {
            path: &path,
            duration_ms: wait,
        });
        let start = self.clock.now_ms();
        let end = start + wait;
        let mut remaining = wait;
        let mut cancelled = false;
        while remaining > 0.0 {
            let chunk = remaining.min(1000.0);
            if self
                .cancel
                .or_cancel(self.clock.sleep(chunk))
                .await
                .is_none()
            {
                cancelled = true;
                break;
            }
            remaining = (end - self.clock.now_ms()).min(remaining - chunk).max(0.0);
            if remaining > 0.0 {
                self.emit(RunEvent::PauseTick {
                    path: &path,
                    remaining_ms: remaining,
                });
            }
        }
        let waited = (self.clock.now_ms() - start).max(0.0);
        res.pause = Some(PauseRecord {
            requested_ms: requested,
            waited_ms: waited,
        });
        self.emit(RunEvent::PauseFinished {
            path: &path,
            waited_ms: waited,
        });
        if cancelled {
            return self.cancelled(res, "the run was cancelled during the pause");
        }
        self.ended(res)
    }

    async fn condition_step(&mut self, step: &ConditionStep, path: Vec<usize>) -> StepOutcome {
        let mut res = self.blank(&Step::Condition(ConditionStep::default()), path.clone());
        res.note = self.render(&step.note).0;
        self.started(&mut res);
        let (left, mut problems) = self.render(&step.left_value);
        let (right, more) = self.render(&step.right_value);
        problems.extend(more);
        for p in &problems {
            push_unique(&mut res.warnings, problem_warning(p));
        }
        match assert::compare(&step.comparison, &left, &right) {
            Ok(held) => {
                res.condition = Some(ConditionRecord {
                    left,
                    comparison: step.comparison.clone(),
                    right,
                    held,
                });
                let outcome = self.ended(res);
                if held {
                    self.run_steps(&step.steps, path).await;
                } else {
                    self.nested_not_run(
                        &step.steps,
                        &path,
                        StepOutcome::Skipped,
                        "the condition did not hold",
                    );
                }
                outcome
            }
            Err(e) => {
                res.outcome = StepOutcome::Fail;
                res.reason = Some(format!("the condition could not be evaluated: {e}"));
                let outcome = self.ended(res);
                self.nested_not_run(
                    &step.steps,
                    &path,
                    StepOutcome::Skipped,
                    "the condition could not be evaluated",
                );
                outcome
            }
        }
    }
}

/// Runscope's longest pause.
const MAX_PAUSE_MS: f64 = 180_000.0;

const CANCELLED: &str = "the run was cancelled before this step";
const STOPPED: &str = "the run stopped at the first failure";

fn skipped_assertion(a: &crate::model::Assertion) -> AssertionResult {
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

fn body_record(text: &str, limit: u64) -> Body {
    let size = text.len() as u64;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if text.len() <= limit {
        return Body {
            text: text.to_string(),
            size_bytes: size,
            truncated: false,
        };
    }
    let mut cut = limit;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    Body {
        text: text[..cut].to_string(),
        size_bytes: size,
        truncated: true,
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

fn script_warning(res: &mut StepResult, script: &ScriptResult) {
    if let Some(e @ ScriptError::Unavailable { .. }) = &script.error {
        let which = match script.kind {
            ScriptKind::PreRequest => "pre-request",
            _ => "post-response",
        };
        push_unique(
            &mut res.warnings,
            warning(
                WarningKind::Script,
                None,
                format!("{which} script {} {e}", script.index + 1),
            ),
        );
    }
}

/// Sets a request step's outcome from its assertions and scripts.
fn judge(res: &mut StepResult) {
    let total = res.assertions.len();
    let bad = res
        .assertions
        .iter()
        .filter(|a| matches!(a.outcome, AssertionOutcome::Fail | AssertionOutcome::Error))
        .count();
    let script_failed = res
        .scripts
        .iter()
        .flat_map(|s| &s.assertions)
        .filter(|a| !a.passed)
        .count();
    let script_error = res
        .scripts
        .iter()
        .filter_map(|s| s.error.as_ref())
        .find(|e| e.fails_step());
    let mut reasons = Vec::new();
    if bad > 0 {
        reasons.push(format!("{bad} of {total} assertions did not pass"));
    }
    if script_failed > 0 {
        reasons.push(format!("{script_failed} script assertions failed"));
    }
    if let Some(e) = script_error {
        reasons.push(e.to_string());
    }
    if !reasons.is_empty() {
        res.outcome = StepOutcome::Fail;
        res.reason = Some(reasons.join("; "));
    }
}
