//! The run result: plain serde data, versioned (`format_version: 1`), documented field by
//! field in `docs/result-format.md`.
//!
//! A [`RunResult`] in memory holds the real values (the live view may show them);
//! [`RunResult::to_json`] writes a masked copy in which no secret appears, and
//! [`load_result`] reads such a file back.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::comparison::Comparison;
use crate::error::ResultError;
use crate::options::RunOptions;
use crate::script::{ScriptAssertion, ScriptError, ScriptKind};
use crate::secrets::Secrets;
use crate::source::Source;
use crate::transport::{FailureKind, Header, HeaderNotSent, Timings};
use crate::variables::Variable;

/// The newest result format version this crate writes and reads. A run writes version 1
/// unless a step ran once per value of a variable (then 2: `steps` may hold several rows
/// for one step, each with its `iteration`); see `docs/result-format.md`.
pub const FORMAT_VERSION: u32 = 2;

/// The version a run's result has: 2 when a step ran once per value, else 1.
pub(crate) fn format_version_of(steps: &[StepResult]) -> u32 {
    if steps.iter().any(|s| s.iteration.is_some()) {
        2
    } else {
        1
    }
}

/// Everything a run did, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// 1, or 2 when a step ran once per value of a variable ([`StepResult::iteration`]).
    pub format_version: u32,
    /// The program that ran the suite.
    pub tool: Tool,
    /// What the requests went to, as the caller declared it.
    #[serde(default)]
    pub target: Target,
    /// The suite that was run.
    pub suite: SuiteInfo,
    /// The starting variables and initial script.
    pub environment: EnvironmentRecord,
    /// The options the run used.
    pub options: RunOptions,
    /// When the run started, RFC 3339 UTC.
    pub started_at: String,
    /// When the run ended, RFC 3339 UTC.
    pub finished_at: String,
    /// From start to end, in milliseconds.
    pub duration_ms: f64,
    /// How the run ended.
    pub outcome: RunOutcome,
    /// Every step in run order, nested steps right after their condition.
    pub steps: Vec<StepResult>,
    /// Counts of steps and assertions.
    pub summary: Summary,
    /// Warnings about the file or the environment.
    pub warnings: Vec<Warning>,
    /// Secret values seen during the run; never written.
    #[serde(skip)]
    pub(crate) secrets: Secrets,
}

/// The program that ran the suite.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// What a run's requests went to. A demo run must never pass for a run against a real server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// A real server, or a demo.
    pub kind: TargetKind,
    /// One sentence about the target, e.g. the demo's faults; may be empty.
    pub description: String,
}

/// Kinds of [`Target`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// The server the user named.
    #[default]
    Server,
    /// A simulated server (the app's in-page demo server).
    Demo,
}

/// Which suite was run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuiteInfo {
    /// The suite's name.
    pub name: String,
    /// The suite's description.
    pub description: String,
    /// Lowercase hex SHA-256 of the suite file's text.
    pub sha256: String,
}

/// The environment a run started from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentRecord {
    /// The environment's name.
    pub name: String,
    /// Initial variables as rendered, in order.
    pub variables: Vec<EnvironmentValue>,
    /// The initial script's source; empty for none.
    pub initial_script: String,
    /// What the initial script did, if there was one.
    pub initial_script_result: Option<ScriptResult>,
}

/// One initial variable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentValue {
    /// The variable's name.
    pub name: String,
    /// Its rendered value (masked in an export when secret).
    pub value: String,
    /// Whether its value is treated as a secret.
    pub secret: bool,
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    /// Every step that ran passed.
    Passed,
    /// A step failed or got no response.
    Failed,
    /// The run was cancelled before the end.
    Cancelled,
}

/// How a step ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    /// Ran, and everything held.
    Pass,
    /// Ran, and an assertion, a script assertion or a script failed.
    Fail,
    /// The request got no response.
    Error,
    /// Not run: see the step's `reason`.
    Skipped,
    /// Stopped or never reached because the run was cancelled.
    Cancelled,
}

/// One step's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    /// Indexes from the top: `[3]`, or `[3, 0]` for the first step inside step 3.
    pub path: Vec<usize>,
    /// The step's number as people read it, counted from 1: `4`, or `4.1` inside step 4.
    /// Filled from `path` when a file written before this field existed is read.
    #[serde(default)]
    pub number: String,
    /// Whether the suite marks the step a required or an optional test (Okta's notes start
    /// with "Required Test:" or "Optional Test:"); `null` when it does neither.
    #[serde(default)]
    pub importance: Option<Importance>,
    /// The step's `step_type`.
    pub step_type: String,
    /// The rendered note (the step's title).
    pub note: String,
    /// How the step ended.
    pub outcome: StepOutcome,
    /// Why it was skipped, errored, failed or cancelled, in one sentence.
    pub reason: Option<String>,
    /// When the step started, Unix milliseconds (absent for steps not run).
    pub started_at_ms: Option<f64>,
    /// How long the step took, in milliseconds.
    pub duration_ms: f64,
    /// The request as sent.
    pub request: Option<SentRequest>,
    /// The response as received.
    pub response: Option<ReceivedResponse>,
    /// Why the request got no response.
    pub failure: Option<Failure>,
    /// Assertion results in file order.
    pub assertions: Vec<AssertionResult>,
    /// Variable extractions in file order.
    pub variables: Vec<ExtractionResult>,
    /// Scripts that ran (or were reported not run), in order.
    pub scripts: Vec<ScriptResult>,
    /// What a pause step did.
    pub pause: Option<PauseRecord>,
    /// What a condition step compared.
    pub condition: Option<ConditionRecord>,
    /// Undefined variables, headers not sent and other things worth knowing.
    pub warnings: Vec<Warning>,
    /// For a step run once per value of a variable: which run this row is. Absent
    /// otherwise (and from every version 1 file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iteration: Option<Iteration>,
}

/// Which of a step's runs a row is, when a variable in its URL has several values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Iteration {
    /// The variable with several values.
    pub variable: String,
    /// Its value in this run (masked in an export when secret).
    pub value: String,
    /// 0-based position of the value.
    pub index: usize,
    /// How many values there are.
    pub count: usize,
}

impl StepResult {
    /// A step that has done nothing yet: where it stands and what it is, outcome `pass`.
    pub(crate) fn empty(path: Vec<usize>, step_type: String, note: String) -> StepResult {
        StepResult {
            number: number_of(&path),
            importance: Importance::of_note(&note),
            path,
            step_type,
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
            iteration: None,
        }
    }
}

/// `[3, 0]` → `4.1`: the number people read, counted from 1.
pub(crate) fn number_of(path: &[usize]) -> String {
    let parts: Vec<String> = path.iter().map(|i| (i + 1).to_string()).collect();
    parts.join(".")
}

/// How a suite ranks a test, by its note: Okta marks each step "Required Test:" or
/// "Optional Test:", and submissions are judged on the required ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    /// The note starts with "Required Test".
    Required,
    /// The note starts with "Optional Test".
    Optional,
}

impl Importance {
    /// The importance a note declares, if any (any case, leading spaces ignored).
    ///
    /// # Example
    /// ```
    /// use suite_engine::Importance;
    /// assert_eq!(Importance::of_note("Required Test: Get Users"), Some(Importance::Required));
    /// assert_eq!(Importance::of_note(" optional test - groups"), Some(Importance::Optional));
    /// assert_eq!(Importance::of_note("Create a user"), None);
    /// ```
    pub fn of_note(note: &str) -> Option<Importance> {
        let head: String = note.trim_start().chars().take(13).collect();
        let head = head.to_ascii_lowercase();
        if head.starts_with("required test") {
            Some(Importance::Required)
        } else if head.starts_with("optional test") {
            Some(Importance::Optional)
        } else {
            None
        }
    }
}

/// The request as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRequest {
    /// The method.
    pub method: String,
    /// The URL.
    pub url: String,
    /// Headers in order.
    pub headers: Vec<Header>,
    /// The body, if any.
    pub body: Option<Body>,
    /// Headers the transport could not send.
    pub headers_not_sent: Vec<HeaderNotSent>,
}

/// The response as received.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReceivedResponse {
    /// The status code.
    pub status: u16,
    /// The reason phrase.
    pub reason: String,
    /// Headers in order.
    pub headers: Vec<Header>,
    /// The body.
    pub body: Body,
    /// Milliseconds from sending to the full response.
    pub time_ms: f64,
    /// Detailed timings, when the transport measured them.
    pub timings: Option<Timings>,
}

/// A body, cut at the run's size limit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    /// The text (invalid UTF-8 replaced), at most the limit.
    pub text: String,
    /// The full size in bytes.
    pub size_bytes: u64,
    /// Whether `text` was cut.
    pub truncated: bool,
    /// The text was left out to make a share link short enough (`text` is empty, `size_bytes`
    /// still the full size); the result file has it. Absent (false) in every file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub omitted: bool,
}

/// Why a request got no response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The kind of failure.
    pub kind: FailureKind,
    /// What happened.
    pub message: String,
}

/// How one assertion ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssertionOutcome {
    /// It held.
    Pass,
    /// It did not hold.
    Fail,
    /// It could not be evaluated: unknown source or comparison, invalid path.
    Error,
    /// Not evaluated: the step did not get a response or did not run.
    Skipped,
}

/// One assertion's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssertionResult {
    /// The source (written as the file's term).
    pub source: Source,
    /// The property as written.
    pub property: String,
    /// The comparison (written as the file's term).
    pub comparison: Comparison,
    /// The expected value after templating; absent when the file has none.
    pub expected: Option<String>,
    /// The actual value's text, when there is one.
    pub actual: Option<String>,
    /// Why there is no actual value: `Resources[0] does not exist`.
    pub actual_missing: Option<String>,
    /// How it ended.
    pub outcome: AssertionOutcome,
    /// For anything but a pass, one sentence saying why.
    pub message: Option<String>,
}

impl AssertionResult {
    pub(crate) fn error(mut self, message: String) -> AssertionResult {
        self.outcome = AssertionOutcome::Error;
        self.message = Some(message);
        self
    }
}

/// One variable extraction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractionResult {
    /// The variable's name.
    pub name: String,
    /// The source (written as the file's term).
    pub source: Source,
    /// The property as written.
    pub property: String,
    /// The value set, when extraction worked.
    pub value: Option<String>,
    /// Why nothing was set: `Resources[0].id not found: Resources[0] does not exist`.
    pub error: Option<String>,
}

/// One script's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptResult {
    /// When it ran.
    pub kind: ScriptKind,
    /// Its index in the step's `before_scripts` or `scripts`.
    pub index: usize,
    /// `log(…)` lines.
    pub logs: Vec<String>,
    /// `assert…` results.
    pub assertions: Vec<ScriptAssertion>,
    /// Variables it set, in order.
    pub variables_set: Vec<Variable>,
    /// Whether it changed the request.
    pub changed_request: bool,
    /// Why it did not complete.
    pub error: Option<ScriptError>,
}

/// What a pause step did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PauseRecord {
    /// The pause the file asks for, in milliseconds.
    pub requested_ms: f64,
    /// How long the run waited, in milliseconds.
    pub waited_ms: f64,
}

/// What a condition step compared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionRecord {
    /// The rendered left value.
    pub left: String,
    /// The comparison (written as the file's term).
    pub comparison: Comparison,
    /// The rendered right value.
    pub right: String,
    /// Whether it held (and the nested steps ran).
    pub held: bool,
}

/// Something worth knowing that did not by itself fail the step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// What kind of thing.
    pub kind: WarningKind,
    /// The variable, header or function concerned, when there is one.
    pub subject: Option<String>,
    /// One plain sentence.
    pub message: String,
}

/// Kinds of [`Warning`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A `{{name}}` with no such variable, left as written.
    UndefinedVariable,
    /// A built-in function with wrong arguments, left as written.
    TemplateFunction,
    /// A `runscope_*` value that exists only inside Runscope.
    OutsideRunscope,
    /// A request header the transport could not send.
    HeaderNotSent,
    /// A script that was not run or did not complete.
    Script,
    /// A feature this runner does not support (OAuth, binary bodies).
    Unsupported,
    /// Something about the suite file itself.
    File,
}

/// Counts of steps and assertions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Steps, nested ones included.
    pub steps: Counts,
    /// The suite's assertions.
    pub assertions: Counts,
    /// Assertions made by scripts.
    pub script_assertions: Counts,
    /// Request steps only: the tests a tester counts (pauses are not tests).
    #[serde(default)]
    pub requests: Counts,
    /// Pause steps: how many were waited or skipped, and for how long.
    #[serde(default)]
    pub pauses: PauseCounts,
    /// Request steps the suite marks "Required Test"; absent when it marks none.
    #[serde(default)]
    pub required: Option<Counts>,
    /// Request steps the suite marks "Optional Test"; absent when it marks none.
    #[serde(default)]
    pub optional: Option<Counts>,
}

/// How many passed, failed, errored, were skipped or cancelled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// All of them.
    pub total: usize,
    /// Passed.
    pub passed: usize,
    /// Failed.
    pub failed: usize,
    /// Errored (steps: no response; assertions: could not be evaluated).
    pub errored: usize,
    /// Skipped or not evaluated.
    pub skipped: usize,
    /// Cancelled (steps only).
    pub cancelled: usize,
}

impl Counts {
    fn add_step(&mut self, outcome: StepOutcome) {
        self.total += 1;
        match outcome {
            StepOutcome::Pass => self.passed += 1,
            StepOutcome::Fail => self.failed += 1,
            StepOutcome::Error => self.errored += 1,
            StepOutcome::Skipped => self.skipped += 1,
            StepOutcome::Cancelled => self.cancelled += 1,
        }
    }

    /// Those that ran: passed, failed or errored.
    pub fn ran(&self) -> usize {
        self.passed + self.failed + self.errored
    }
}

/// Pause steps, which are waits, not tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PauseCounts {
    /// Every pause step.
    pub total: usize,
    /// Pauses waited, fully or capped.
    pub waited: usize,
    /// Milliseconds waited in all.
    pub waited_ms: f64,
    /// Pauses not waited (skipped by the options or the file, or never reached).
    pub skipped: usize,
    /// Milliseconds the skipped pauses asked for.
    pub skipped_ms: f64,
}

impl Summary {
    /// Counts the steps' outcomes.
    pub fn of(steps: &[StepResult]) -> Summary {
        let mut s = Summary::default();
        steps.iter().for_each(|step| s.add(step));
        s
    }

    /// Counts one more step: a live view keeps its summary up to date with this as steps
    /// finish, without counting the earlier ones again.
    pub fn add(&mut self, step: &StepResult) {
        self.steps.add_step(step.outcome);
        match step.step_type.as_str() {
            "request" => {
                self.requests.add_step(step.outcome);
                let ranked = match step.importance {
                    Some(Importance::Required) => Some(&mut self.required),
                    Some(Importance::Optional) => Some(&mut self.optional),
                    None => None,
                };
                if let Some(counts) = ranked {
                    counts
                        .get_or_insert_with(Counts::default)
                        .add_step(step.outcome);
                }
            }
            "pause" => {
                let p = &mut self.pauses;
                p.total += 1;
                let record = step.pause.unwrap_or_default();
                if step.outcome == StepOutcome::Cancelled && record.waited_ms == 0.0 {
                    // Never reached: a cancelled run counts only what ran.
                } else if record.waited_ms > 0.0 || step.outcome == StepOutcome::Pass {
                    p.waited += 1;
                    p.waited_ms += record.waited_ms;
                } else {
                    p.skipped += 1;
                    p.skipped_ms += record.requested_ms;
                }
            }
            _ => {}
        }
        for a in &step.assertions {
            let c = &mut self.assertions;
            c.total += 1;
            match a.outcome {
                AssertionOutcome::Pass => c.passed += 1,
                AssertionOutcome::Fail => c.failed += 1,
                AssertionOutcome::Error => c.errored += 1,
                AssertionOutcome::Skipped => c.skipped += 1,
            }
        }
        for a in step.scripts.iter().flat_map(|sc| &sc.assertions) {
            let c = &mut self.script_assertions;
            c.total += 1;
            if a.passed {
                c.passed += 1;
            } else {
                c.failed += 1;
            }
        }
    }
}

impl RunResult {
    /// A copy with every secret value masked: what an export holds.
    pub fn masked(&self) -> RunResult {
        if self.secrets.is_empty() {
            return self.clone();
        }
        // Step by step, as the live view masks them: the work per step stays the same
        // however long the run.
        let steps = self
            .steps
            .iter()
            .map(|s| self.secrets.mask_step(s).into_owned())
            .collect();
        let mut head = RunResult {
            format_version: self.format_version,
            tool: self.tool.clone(),
            target: self.target.clone(),
            suite: self.suite.clone(),
            environment: self.environment.clone(),
            options: self.options.clone(),
            started_at: self.started_at.clone(),
            finished_at: self.finished_at.clone(),
            duration_ms: self.duration_ms,
            outcome: self.outcome,
            steps: Vec::new(),
            summary: self.summary,
            warnings: self.warnings.clone(),
            secrets: Secrets::default(),
        };
        let mut value = serde_json::to_value(&head).unwrap_or(Value::Null);
        self.secrets.mask_value(&mut value);
        match serde_json::from_value::<RunResult>(value) {
            Ok(masked) => head = masked,
            // Masking leaves enum tags alone, so this does not happen; if it did, show
            // nothing of the environment rather than a secret.
            Err(_) => head.environment = EnvironmentRecord::default(),
        }
        head.steps = steps;
        head.secrets = self.secrets.clone();
        head
    }

    /// The result as pretty JSON with every secret masked: the export format.
    ///
    /// # Example
    /// See [`crate::Runner`].
    pub fn to_json(&self) -> String {
        // Through the typed copy, so fields keep the documented order.
        serde_json::to_string_pretty(&self.masked()).unwrap_or_default()
    }
}

/// Reads a result written by [`RunResult::to_json`].
///
/// # Errors
/// [`ResultError::Syntax`] for text that is not JSON (with line and column),
/// [`ResultError::BadVersion`] for a `format_version` that is missing or not a whole number
/// from 1, [`ResultError::UnsupportedVersion`] for a newer one, [`ResultError::Invalid`] for
/// JSON that is not a result.
///
/// # Example
/// ```
/// let err = suite_engine::load_result(r#"{"format_version": "1"}"#).unwrap_err();
/// assert_eq!(err.to_string(), r#"format_version must be a whole number; found "1""#);
/// ```
pub fn load_result(text: &str) -> Result<RunResult, ResultError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ResultError::syntax(&e, text))?;
    let Value::Object(map) = &value else {
        return Err(ResultError::Invalid {
            message: format!(
                "the file holds {}; a result file is a JSON object",
                described(&value)
            ),
        });
    };
    check_version(map.get("format_version"))?;
    // From the parsed value, with the same code `masked` uses: result files are written by
    // this crate, and a second, path-tracking deserializer would add ~60 KB to the page.
    let mut result: RunResult =
        serde_json::from_value(value).map_err(|e| ResultError::shape(&e))?;
    // Fields added within version 1 are derived from the steps, so older files read the same
    // as new ones, and the counts shown are the steps' own, whatever the file says.
    for step in &mut result.steps {
        if step.number.is_empty() {
            step.number = number_of(&step.path);
        }
        step.importance = Importance::of_note(&step.note);
    }
    result.summary = Summary::of(&result.steps);
    Ok(result)
}

fn check_version(found: Option<&Value>) -> Result<(), ResultError> {
    let bad = |message: String| Err(ResultError::BadVersion { message });
    let Some(found) = found else {
        return bad("format_version is missing".into());
    };
    let Value::Number(n) = found else {
        return bad(format!(
            "format_version must be a whole number; found {}",
            described(found)
        ));
    };
    match (n.as_u64(), n.as_i64(), n.as_f64()) {
        (Some(v), _, _) if (1..=u64::from(FORMAT_VERSION)).contains(&v) => Ok(()),
        (Some(v), _, _) if v > u64::from(FORMAT_VERSION) => {
            Err(ResultError::UnsupportedVersion { found: v })
        }
        (Some(v), _, _) => bad(format!("format_version must be 1 or more; found {v}")),
        (None, Some(v), _) => bad(format!("format_version must be 1 or more; found {v}")),
        (None, None, Some(f)) => bad(format!(
            "format_version must be a whole number; found {}",
            float_text(f)
        )),
        (None, None, None) => bad("format_version must be a whole number".into()),
    }
}

/// A JSON value in a few words: `"1"`, `true`, `null`, `a list`, `an object`.
fn described(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() > 40 => {
            let head: String = s.chars().take(40).collect();
            format!("{}…", Value::String(head))
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        other => other.to_string(),
    }
}

/// A number as it is usually written: `1.5`, `1.0`, `1e308`.
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else if f.fract() == 0.0 {
        format!("{f:e}")
    } else {
        format!("{f}")
    }
}
