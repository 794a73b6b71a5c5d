//! Loading: export text in, [`Suite`] or a [`LoadError`] naming path, line and column out.
//!
//! The reader streams the file through `serde_json` with `serde_path_to_error` watching, so
//! an error knows where it is. Objects are read key by key: known keys through the tolerant
//! readers of [`crate::lenient`], unknown keys kept as JSON in `extra`. A step's keys are
//! read for its `step_type` once that key has been seen (it comes first in every known
//! export); keys before it are kept as JSON and read when the type is known (their errors
//! then point at the end of the step). A step of an unknown type is kept whole, as found.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::comparison::Comparison;
use crate::error::LoadError;
use crate::lenient::{
    Any, Flag, Leaf, NameValue, NameValues, OptText, Scripts, Seconds, Text, Values, Whole,
};
use crate::model::{
    Assertion, Auth, ConditionStep, Extraction, OtherStep, PauseStep, RequestStep, Step,
    SubtestStep, Suite, SuiteEnvironment,
};
use crate::source::Source;

/// A model type being read.
struct De<T>(T);

fn leaf<'de, A: MapAccess<'de>, T: crate::lenient::Convert>(map: &mut A) -> Result<T, A::Error> {
    Ok(map.next_value::<Leaf<T>>()?.0)
}

fn not_an_object<E: de::Error>(what: &str, found: &str) -> E {
    E::custom(format!("expected {what}, found {found}"))
}

/// Implements the scalar cases of a visitor with one plain message.
macro_rules! reject_scalars {
    ($what:expr) => {
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str($what)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Err(not_an_object($what, &v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Err(not_an_object($what, &v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Err(not_an_object($what, &v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Err(not_an_object($what, &v.to_string()))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Err(not_an_object(
                $what,
                &crate::lenient::describe(&Value::from(v)),
            ))
        }
    };
}

/// Implements the non-object cases of a visitor with one plain message.
macro_rules! reject_non_objects {
    ($what:expr) => {
        reject_scalars!($what);
        fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(not_an_object($what, "a list"))
        }
    };
}

/// What a file holds: one test, or the tests of a bucket export in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    /// The tests, at least one.
    pub tests: Vec<Suite>,
    /// Whether the file is a bucket export (a JSON list of tests), even of one test.
    pub is_bucket: bool,
}

/// Loads a Runscope test export that holds one test.
///
/// Tolerant of the variations real exports show (see the crate docs); anything it cannot
/// read is an error naming where and what was expected. Never panics. A bucket export of
/// one test loads as that test; for several, use [`load_export`].
///
/// # Errors
/// As [`load_export`], and [`LoadError::SeveralTests`] for a bucket export of several tests.
///
/// # Example
/// ```
/// let suite = suite_engine::load_suite(r#"{"name": "Demo", "steps": [
///     {"step_type": "request", "method": "GET", "url": "{{base}}/Users"},
///     {"step_type": "pause", "duration": 5}
/// ]}"#)?;
/// assert_eq!(suite.name, "Demo");
/// assert_eq!(suite.steps.len(), 2);
///
/// let err = suite_engine::load_suite(r#"{"steps": [{"step_type": "pause", "duration": "abc"}]}"#)
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"steps[0].duration: expected a number of seconds, found "abc" (line 1, column 52)"#
/// );
/// # Ok::<(), suite_engine::LoadError>(())
/// ```
pub fn load_suite(text: &str) -> Result<Suite, LoadError> {
    let mut export = load_export(text)?;
    match export.tests.len() {
        1 => Ok(export.tests.remove(0)),
        count => Err(LoadError::SeveralTests { count }),
    }
}

/// Loads a file's bytes: checks that they are UTF-8 text, then [`load_export`].
///
/// # Errors
/// [`LoadError::NotText`] for bytes that are not UTF-8 (saying when they look like UTF-16
/// or a binary file), else as [`load_export`].
///
/// # Example
/// ```
/// let err = suite_engine::load_export_bytes(b"{\"name\": \"caf\xe9\"}").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "the file is not UTF-8 text (it may be in a legacy encoding such as Windows-1252; \
///      line 1, column 14): a Runscope export is UTF-8 JSON"
/// );
/// # Ok::<(), suite_engine::LoadError>(())
/// ```
pub fn load_export_bytes(bytes: &[u8]) -> Result<Export, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_export(text),
        Err(e) => Err(not_text(bytes, e.valid_up_to())),
    }
}

fn not_text(bytes: &[u8], valid_up_to: usize) -> LoadError {
    let looks_like = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        "it is UTF-16 text; save it as UTF-8"
    } else if bytes.iter().take(4096).any(|&b| b == 0) {
        "it looks like a binary file, not text"
    } else {
        "it may be in a legacy encoding such as Windows-1252"
    };
    let before = String::from_utf8_lossy(&bytes[..valid_up_to.min(bytes.len())]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    LoadError::NotText {
        looks_like: looks_like.into(),
        line,
        column,
    }
}

/// Loads a Runscope export: one test (a JSON object) or a bucket export (a JSON list of
/// tests).
///
/// # Errors
/// [`LoadError::Empty`] for blank input, [`LoadError::Syntax`] when the text is not JSON,
/// [`LoadError::Shape`] when a value has the wrong kind (a bucket item's path starts with
/// its index: `[3].steps[0]`), [`LoadError::NotAnExport`] for JSON that is not a test (no
/// list of steps; a Postman collection; a result file), [`LoadError::NoTests`] for an
/// empty list.
///
/// # Example
/// ```
/// let export = suite_engine::load_export(r#"[{"name": "a", "steps": []}, {"name": "b", "steps": []}]"#)?;
/// assert!(export.is_bucket);
/// assert_eq!(export.tests.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
/// let err = suite_engine::load_export(r#"[{"name": "a", "steps": []}, {"id": 7}]"#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "this is not a Runscope test export: item [1] of the list is not a test (it has no list of steps)"
/// );
/// # Ok::<(), suite_engine::LoadError>(())
/// ```
pub fn load_export(text: &str) -> Result<Export, LoadError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    let mut de = serde_json::Deserializer::from_str(body);
    let result: Result<Top, _> = serde_path_to_error::deserialize(&mut de);
    let top = match result {
        Ok(top) => top,
        Err(err) => return Err(LoadError::from_json(err.inner(), &err.path().to_string())),
    };
    if let Err(err) = de.end() {
        return Err(LoadError::from_json(&err, ""));
    }
    let sha256 = crate::functions::hex(&Sha256::digest(text.as_bytes()));
    let (parsed, is_bucket) = match top {
        Top::One(one) => {
            if let Some(why) = one.not_a_test() {
                return Err(LoadError::NotAnExport { message: why });
            }
            (vec![*one], false)
        }
        Top::Many(many) => {
            if many.is_empty() {
                return Err(LoadError::NoTests);
            }
            if let Some((i, why)) = many
                .iter()
                .enumerate()
                .find_map(|(i, p)| p.not_a_test().map(|why| (i, why)))
            {
                return Err(LoadError::NotAnExport {
                    message: format!("item [{i}] of the list is not a test ({why})"),
                });
            }
            (many, true)
        }
    };
    let tests = parsed
        .into_iter()
        .map(|p| Suite {
            sha256: sha256.clone(),
            ..p.suite
        })
        .collect();
    Ok(Export { tests, is_bucket })
}

/// The top of a file: one test object, or a list of them.
enum Top {
    One(Box<Parsed>),
    Many(Vec<Parsed>),
}

/// A test object as read, with what tells a test from other JSON.
struct Parsed {
    suite: Suite,
    saw_steps: bool,
}

impl Parsed {
    /// Why this object is not a Runscope test, if it is not.
    fn not_a_test(&self) -> Option<String> {
        let has = |k: &str| self.suite.extra.contains_key(k);
        if has("format_version") && has("tool") {
            return Some("it is a result file of this runner; open it as a result instead".into());
        }
        if has("info") && has("item") {
            return Some(
                "it looks like a Postman collection; export the test from Runscope or BlazeMeter instead"
                    .into(),
            );
        }
        if has("openapi") || has("swagger") {
            return Some("it looks like an OpenAPI description of an API, not a test".into());
        }
        (!self.saw_steps).then(|| "it has no list of steps".to_string())
    }
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top;
            reject_scalars!("a test object with a list of steps");
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Err(not_an_object("a test object with a list of steps", "null"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                TestVisitor.visit_map(map).map(|p| Top::One(Box::new(p)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Parsed>()? {
                    out.push(item);
                }
                Ok(Top::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Parsed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TestVisitor)
    }
}

/// Reads one test object.
struct TestVisitor;

impl<'de> Visitor<'de> for TestVisitor {
    type Value = Parsed;
    reject_non_objects!("a test object with a list of steps");
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(not_an_object("a test object with a list of steps", "null"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut s = Suite::default();
        let mut saw_steps = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => s.name = leaf::<_, Text>(&mut map)?.0,
                "description" => s.description = leaf::<_, Text>(&mut map)?.0,
                "version" => s.version = leaf::<_, Text>(&mut map)?.0,
                "exported_at" => s.exported_at = leaf::<_, Whole>(&mut map)?.0,
                "trigger_url" => s.trigger_url = leaf::<_, Text>(&mut map)?.0,
                "step_count" => {
                    s.step_count = leaf::<_, Whole>(&mut map)?
                        .0
                        .and_then(|n| u64::try_from(n).ok());
                }
                "steps" => {
                    s.steps = map.next_value::<List<Step>>()?.0;
                    saw_steps = true;
                }
                "environments" => {
                    s.environments = map.next_value::<List<SuiteEnvironment>>()?.0;
                }
                _ => {
                    s.extra.insert(key, map.next_value()?);
                }
            }
        }
        Ok(Parsed {
            suite: s,
            saw_steps,
        })
    }
}

/// The model types read as list items.
trait Item {}
impl Item for Step {}
impl Item for Assertion {}
impl Item for Extraction {}
impl Item for SuiteEnvironment {}

/// A list of model items: `null` is empty; anything but a list is an error.
struct List<T>(Vec<T>);

impl<'de, T: Item> Deserialize<'de> for List<T>
where
    De<T>: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Item> Visitor<'de> for V<T>
        where
            De<T>: Deserialize<'de>,
        {
            type Value = List<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(List(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(De(item)) = seq.next_element::<De<T>>()? {
                    out.push(item);
                }
                Ok(List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Err(not_an_object("a list", "an object"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Err(not_an_object(
                    "a list",
                    &crate::lenient::describe(&Value::from(v)),
                ))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Err(not_an_object("a list", &v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Err(not_an_object("a list", &v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Err(not_an_object("a list", &v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Err(not_an_object("a list", &v.to_string()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for De<SuiteEnvironment> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = De<SuiteEnvironment>;
            reject_non_objects!("an environment object");
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(De(SuiteEnvironment::default()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut env = SuiteEnvironment::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "name" => env.name = leaf::<_, Text>(&mut map)?.0,
                        "initial_variables" => {
                            env.initial_variables = leaf::<_, NameValue>(&mut map)?.0;
                        }
                        "script" => env.script = leaf::<_, Text>(&mut map)?.0,
                        _ => {
                            env.extra.insert(key, map.next_value()?);
                        }
                    }
                }
                Ok(De(env))
            }
        }
        d.deserialize_any(V)
    }
}

/// Every field any step type reads; filled as keys arrive, then shaped by `step_type`.
#[derive(Default)]
struct StepFields {
    step_type: Option<String>,
    skipped: bool,
    note: String,
    request: RequestStep,
    duration: f64,
    left_value: String,
    comparison: Comparison,
    right_value: String,
    steps: Vec<Step>,
    test_uuid: String,
    bucket_key: String,
    environment_uuid: String,
    params: Option<Value>,
    extra: Map<String, Value>,
}

/// Whether a step of `step_type` reads `key` (others are kept in `extra`).
fn reads(step_type: &str, key: &str) -> bool {
    const REQUEST: &[&str] = &[
        "method",
        "url",
        "headers",
        "body",
        "form",
        "multipart_form",
        "binary_body",
        "graphql_body",
        "auth",
        "args",
        "data",
        "assertions",
        "variables",
        "before_scripts",
        "scripts",
    ];
    const SUBTEST: &[&str] = &[
        "test_uuid",
        "bucket_key",
        "environment_uuid",
        "params",
        "assertions",
        "variables",
    ];
    const CONDITION: &[&str] = &["left_value", "comparison", "right_value", "steps"];
    let typed = match step_type {
        "request" => REQUEST.contains(&key),
        "pause" => key == "duration",
        "condition" => CONDITION.contains(&key),
        "subtest" => SUBTEST.contains(&key),
        "ghost-inspector" => false,
        _ => return false,
    };
    typed || key == "skipped" || key == "note"
}

impl<'de> Deserialize<'de> for De<Step> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = De<Step>;
            reject_non_objects!("a step object");
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Err(not_an_object("a step object", "null"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut f = StepFields::default();
                // Keys met before `step_type`, read once the type is known.
                let mut early: Vec<(String, Value)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "step_type" {
                        // The keys read so far were read for the first type: a second one
                        // would leave the step half one type, half the other.
                        if f.step_type.is_some() {
                            return Err(de::Error::custom(
                                "step_type is given twice in this step; keep one",
                            ));
                        }
                        f.step_type = Some(leaf::<_, Text>(&mut map)?.0);
                        continue;
                    }
                    match f.step_type.as_deref() {
                        None => early.push((key, map.next_value()?)),
                        Some(t) if reads(t, &key) => {
                            read_step_key(&key, &mut FromMap(&mut map), &mut f)?
                        }
                        Some(_) => {
                            f.extra.insert(key, map.next_value()?);
                        }
                    }
                }
                let step_type = match f.step_type.clone() {
                    Some(t) => t,
                    // Older exports: a step without a type that has a URL is a request.
                    None if early.iter().any(|(k, _)| k == "url") => "request".into(),
                    None => String::new(),
                };
                for (key, value) in early {
                    if reads(&step_type, &key) {
                        read_step_key(&key, &mut FromValue(Some(value)), &mut f)
                            .map_err(|e| de::Error::custom(format!("{key}: {e}")))?;
                    } else {
                        f.extra.insert(key, value);
                    }
                }
                Ok(De(shape(f, step_type)))
            }
        }
        d.deserialize_any(V)
    }
}

/// Where a step key's value comes from: the file being read, or JSON kept from earlier.
trait ValueSource<'de> {
    type Error: de::Error;
    fn take<T: Deserialize<'de>>(&mut self) -> Result<T, Self::Error>;
}

struct FromMap<'m, A>(&'m mut A);

impl<'de, A: MapAccess<'de>> ValueSource<'de> for FromMap<'_, A> {
    type Error = A::Error;
    fn take<T: Deserialize<'de>>(&mut self) -> Result<T, A::Error> {
        self.0.next_value()
    }
}

struct FromValue(Option<Value>);

impl<'de> ValueSource<'de> for FromValue {
    type Error = serde_json::Error;
    fn take<T: Deserialize<'de>>(&mut self) -> Result<T, serde_json::Error> {
        T::deserialize(self.0.take().unwrap_or(Value::Null))
    }
}

fn take<'de, S: ValueSource<'de>, T: crate::lenient::Convert>(src: &mut S) -> Result<T, S::Error> {
    Ok(src.take::<Leaf<T>>()?.0)
}

fn read_step_key<'de, S: ValueSource<'de>>(
    key: &str,
    src: &mut S,
    f: &mut StepFields,
) -> Result<(), S::Error> {
    let r = &mut f.request;
    match key {
        "skipped" => f.skipped = take::<_, Flag>(src)?.0,
        "note" => f.note = take::<_, Text>(src)?.0,
        "duration" => f.duration = take::<_, Seconds>(src)?.0,
        "method" => r.method = take::<_, Text>(src)?.0,
        "url" => r.url = take::<_, Text>(src)?.0,
        "headers" => r.headers = take::<_, NameValues>(src)?.0,
        "body" => r.body = take::<_, Text>(src)?.0,
        "form" => r.form = take::<_, NameValues>(src)?.0,
        "multipart_form" => r.multipart_form = take::<_, Values>(src)?.0,
        "binary_body" => r.binary_body = take::<_, Any>(src)?.0,
        "graphql_body" => r.graphql_body = take::<_, Any>(src)?.0,
        "auth" => r.auth = src.take::<De<Auth>>()?.0,
        "args" => r.args = take::<_, NameValues>(src)?.0,
        "data" => r.data = take::<_, Any>(src)?.0,
        "assertions" => r.assertions = src.take::<List<Assertion>>()?.0,
        "variables" => r.variables = src.take::<List<Extraction>>()?.0,
        "before_scripts" => r.before_scripts = take::<_, Scripts>(src)?.0,
        "scripts" => r.scripts = take::<_, Scripts>(src)?.0,
        "left_value" => f.left_value = take::<_, Text>(src)?.0,
        "comparison" => f.comparison = Comparison::parse(&take::<_, Text>(src)?.0),
        "right_value" => f.right_value = take::<_, Text>(src)?.0,
        "steps" => f.steps = src.take::<List<Step>>()?.0,
        "test_uuid" => f.test_uuid = take::<_, Text>(src)?.0,
        "bucket_key" => f.bucket_key = take::<_, Text>(src)?.0,
        "environment_uuid" => f.environment_uuid = take::<_, Text>(src)?.0,
        "params" => f.params = take::<_, Any>(src)?.0,
        _ => {
            // `reads` only lets known keys through; keep anything else as found.
            let v: Value = src.take()?;
            f.extra.insert(key.to_string(), v);
        }
    }
    Ok(())
}

/// Builds the step for its type; any type but the five known ones is kept whole.
fn shape(f: StepFields, step_type: String) -> Step {
    match step_type.as_str() {
        "request" => Step::Request(RequestStep {
            skipped: f.skipped,
            note: f.note,
            extra: f.extra,
            ..f.request
        }),
        "pause" => Step::Pause(PauseStep {
            skipped: f.skipped,
            note: f.note,
            duration: f.duration,
            extra: f.extra,
        }),
        "condition" => Step::Condition(ConditionStep {
            skipped: f.skipped,
            note: f.note,
            left_value: f.left_value,
            comparison: f.comparison,
            right_value: f.right_value,
            steps: f.steps,
            extra: f.extra,
        }),
        "subtest" => Step::Subtest(SubtestStep {
            skipped: f.skipped,
            note: f.note,
            test_uuid: f.test_uuid,
            bucket_key: f.bucket_key,
            environment_uuid: f.environment_uuid,
            params: f.params,
            assertions: f.request.assertions,
            variables: f.request.variables,
            extra: f.extra,
        }),
        "ghost-inspector" => Step::GhostInspector(OtherStep {
            skipped: f.skipped,
            note: f.note,
            extra: f.extra,
        }),
        _ => {
            let mut raw = f.extra;
            if f.step_type.is_some() {
                raw.insert("step_type".into(), Value::from(step_type.clone()));
            }
            Step::Unknown {
                step_type,
                raw: Value::Object(raw),
            }
        }
    }
}

impl<'de> Deserialize<'de> for De<Auth> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = De<Auth>;
            reject_scalars!("an auth object");
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(De(Auth::default()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut a = Auth::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "auth_type" => a.auth_type = leaf::<_, Text>(&mut map)?.0,
                        "username" => a.username = leaf::<_, Text>(&mut map)?.0,
                        "password" => a.password = leaf::<_, Text>(&mut map)?.0,
                        _ => {
                            a.extra.insert(key, map.next_value()?);
                        }
                    }
                }
                Ok(De(a))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                // Some exports write an empty auth as `[]`.
                match seq.next_element::<Value>()? {
                    None => Ok(De(Auth::default())),
                    Some(_) => Err(not_an_object("an auth object", "a list")),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for De<Assertion> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = De<Assertion>;
            reject_non_objects!("an assertion object");
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Err(not_an_object("an assertion object", "null"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut a = Assertion::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "source" => a.source = Source::parse(&leaf::<_, Text>(&mut map)?.0),
                        "property" => a.property = leaf::<_, Text>(&mut map)?.0,
                        "comparison" => {
                            a.comparison = Comparison::parse(&leaf::<_, Text>(&mut map)?.0);
                        }
                        "value" => a.value = leaf::<_, OptText>(&mut map)?.0,
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(De(a))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for De<Extraction> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = De<Extraction>;
            reject_non_objects!("a variable object");
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Err(not_an_object("a variable object", "null"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut x = Extraction::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "source" => x.source = Source::parse(&leaf::<_, Text>(&mut map)?.0),
                        "property" => x.property = leaf::<_, Text>(&mut map)?.0,
                        "name" => x.name = leaf::<_, OptText>(&mut map)?.0,
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(De(x))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match load_suite(text) {
            Ok(_) => "loaded".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn error_messages() {
        assert_eq!(err(""), "the file is empty");
        assert_eq!(err("  \n"), "the file is empty");
        assert_eq!(
            err("[]"),
            "the file holds an empty list: there is no test in it"
        );
        assert_eq!(
            err("[{\"steps\": []}, 5]"),
            "[1]: expected a test object with a list of steps, found 5 (line 1, column 17)"
        );
        assert_eq!(
            err("[{\"steps\": []}, {\"steps\": []}]"),
            "the file holds 2 tests (a bucket export), not one; load it as a list of tests"
        );
        assert_eq!(
            err("{\"name\": \"x\"}"),
            "this is not a Runscope test export: it has no list of steps"
        );
        assert_eq!(
            err("{\"info\": {}, \"item\": []}"),
            "this is not a Runscope test export: it looks like a Postman collection; export the test from Runscope or BlazeMeter instead"
        );
        assert_eq!(
            err("{\"format_version\": 1, \"tool\": {}, \"steps\": []}"),
            "this is not a Runscope test export: it is a result file of this runner; open it as a result instead"
        );
        assert_eq!(
            err("{\"steps\": 5}"),
            "steps: expected a list, found 5 (line 1, column 11)"
        );
        assert_eq!(
            err("{\"steps\": [\"x\"]}"),
            "steps[0]: expected a step object, found \"x\" (line 1, column 14)"
        );
        assert_eq!(
            err("{\"steps\": [{\"step_type\": \"request\", \"headers\": {\"A\": [{}]}}]}"),
            "steps[0].headers: A: expected text, found an object (line 1, column 59)"
        );
        assert_eq!(
            err("{\"steps\": [{\"duration\": \"x\", \"step_type\": \"pause\"}]}"),
            "steps[0]: duration: expected a number of seconds, found \"x\" (line 1, column 50)"
        );
        assert_eq!(
            err("{\"name\": \"x\",}"),
            "the file is not valid JSON: trailing comma (line 1, column 14)"
        );
        assert_eq!(
            err("{\"name\": \"x\""),
            "the file is not valid JSON: the text ends in the middle of an object (line 1, column 12)"
        );
        assert_eq!(
            err("{} x"),
            "the file is not valid JSON: there is more text after the end of the JSON (line 1, column 4)"
        );
    }

    #[test]
    fn tolerant_variations() {
        let suite = load_suite(
            r#"{"steps": [
              {"step_type": "request", "url": "u", "auth": [], "headers": null,
               "assertions": [{"source": "response_status", "comparison": "equal", "value": 200},
                              {"source": "response_json", "comparison": "equal", "value": true},
                              {"source": "response_json", "comparison": "empty", "value": null}],
               "variables": [{"source": "response_json", "property": "", "name": null}],
               "scripts": [""], "surprise": {"kept": 1}},
              {"step_type": "pause", "duration": "10"},
              {"duration": 3, "step_type": "pause"},
              {"step_type": "teleport", "duration": "soon", "x": 1},
              {"x": 1, "step_type": "teleport"}
            ], "environments": [{"name": "e", "initial_variables": {"b": "2", "a": 1}}],
            "test_usage_90_days": 3}"#,
        )
        .expect("loads");
        let Step::Request(r) = &suite.steps[0] else {
            panic!("not a request")
        };
        assert_eq!(r.assertions[0].value.as_deref(), Some("200"));
        assert_eq!(r.assertions[1].value.as_deref(), Some("true"));
        assert_eq!(r.assertions[2].value, None);
        assert_eq!(r.variables[0].name, None);
        assert_eq!(r.extra["surprise"]["kept"], 1);
        assert!(matches!(&suite.steps[1], Step::Pause(p) if p.duration == 10.0));
        assert!(matches!(&suite.steps[2], Step::Pause(p) if p.duration == 3.0));
        let Step::Unknown { step_type, raw } = &suite.steps[3] else {
            panic!("not unknown")
        };
        assert_eq!(step_type, "teleport");
        assert_eq!(raw["duration"], "soon");
        assert!(matches!(&suite.steps[4], Step::Unknown { raw, .. } if raw["x"] == 1));
        let late = load_suite(
            r#"{"steps": [{"auth": {}, "assertions": [{"source": "s"}], "step_type": "warp"}]}"#,
        )
        .expect("loads");
        assert_eq!(
            serde_json::to_value(&late.steps[0]).expect("serializes"),
            serde_json::json!({"auth": {}, "assertions": [{"source": "s"}], "step_type": "warp"})
        );
        let old = load_suite(r#"{"steps": [{"method": "GET", "url": "u"}, {"note": "n"}]}"#)
            .expect("loads");
        assert!(matches!(&old.steps[0], Step::Request(r) if r.url == "u"));
        assert!(matches!(&old.steps[1], Step::Unknown { step_type, .. } if step_type.is_empty()));
        assert_eq!(
            suite.environments[0].initial_variables,
            [("b".into(), "2".into()), ("a".into(), "1".into())]
        );
        assert_eq!(suite.extra["test_usage_90_days"], 3);
    }

    #[test]
    fn sha256_of_the_text() {
        let suite = load_suite("{\"steps\":[]}").expect("loads");
        assert_eq!(
            suite.sha256,
            "4430e7786edc0f8419f02e909c15422ebf572287a58132d8f6f33250ce053121"
        );
    }
}
