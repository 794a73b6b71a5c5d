//! JUnit XML, which every CI system reads: one `testsuite` per test run (one for a suite, one
//! per test of a bucket export), one `testcase` per request step (pauses, conditions and other step types are not tests), a `failure` with
//! the failed assertions and script assertions, an `error` for a step with no response, and
//! `skipped` for a step not run. Valid against the Jenkins xunit plugin's `junit-10.xsd`.
//!
//! Written with `quick-xml`'s writer, which escapes text and attribute values; characters
//! XML cannot hold at all are replaced first ([`xml_safe`]).

use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use suite_engine::{AssertionOutcome, RunResult, StepOutcome, StepResult};

use crate::facts::target_urls_of;
use crate::text::{seconds, xml_safe};

/// The run's results as JUnit XML: `testsuites` with one `testsuite` per test (one for a
/// run of one test, one per test of a bucket export, in run order).
///
/// Built from the masked results, like every export.
pub fn junit_xml(results: &[RunResult]) -> String {
    let masked: Vec<RunResult> = results.iter().map(RunResult::masked).collect();
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail; if it did, an empty document says so to a CI parser.
    if write_document(&mut writer, &masked).is_err() {
        return String::new();
    }
    let mut xml = String::from_utf8(writer.into_inner()).unwrap_or_default();
    xml.push('\n');
    xml
}

/// An attribute: one line (a parser would turn line breaks into spaces anyway), XML-safe;
/// `quick-xml` escapes it.
fn attr<'a>(name: &'a str, value: &'a str) -> (&'a str, std::borrow::Cow<'a, str>) {
    let value = xml_safe(value);
    if value.contains(['\n', '\r', '\t']) {
        (name, value.replace(['\n', '\r', '\t'], " ").into())
    } else {
        (name, value)
    }
}

fn suite_name(result: &RunResult) -> &str {
    if result.suite.name.trim().is_empty() {
        "Unnamed suite"
    } else {
        result.suite.name.as_str()
    }
}

/// One test's counts as JUnit counts them: request steps only.
struct Tally<'a> {
    tests: Vec<&'a StepResult>,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl<'a> Tally<'a> {
    fn of(result: &'a RunResult) -> Tally<'a> {
        let tests: Vec<&StepResult> = result
            .steps
            .iter()
            .filter(|s| s.step_type == "request")
            .collect();
        let count = |outcomes: &[StepOutcome]| {
            tests
                .iter()
                .filter(|s| outcomes.contains(&s.outcome))
                .count()
        };
        Tally {
            failures: count(&[StepOutcome::Fail]),
            errors: count(&[StepOutcome::Error]),
            skipped: count(&[StepOutcome::Skipped, StepOutcome::Cancelled]),
            tests,
        }
    }
}

fn write_document(w: &mut Writer<Vec<u8>>, results: &[RunResult]) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tallies: Vec<Tally> = results.iter().map(Tally::of).collect();
    let sum = |f: fn(&Tally) -> usize| tallies.iter().map(f).sum::<usize>().to_string();
    let name = match results {
        [] => "No tests".to_string(),
        [one] => suite_name(one).to_string(),
        several => format!(
            "{} tests: {}",
            several.len(),
            several
                .iter()
                .map(suite_name)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let time = seconds(results.iter().map(|r| r.duration_ms.max(0.0)).sum());
    w.create_element("testsuites")
        .with_attributes([
            attr("name", &name),
            attr("tests", &sum(|t| t.tests.len())),
            attr("failures", &sum(|t| t.failures)),
            attr("errors", &sum(|t| t.errors)),
            attr("time", &time),
        ])
        .write_inner_content(|w| {
            for (result, tally) in results.iter().zip(&tallies) {
                write_suite(w, result, tally)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_suite(w: &mut Writer<Vec<u8>>, result: &RunResult, tally: &Tally) -> io::Result<()> {
    let name = suite_name(result);
    let (total, failures, errors, skipped) = (
        tally.tests.len().to_string(),
        tally.failures.to_string(),
        tally.errors.to_string(),
        tally.skipped.to_string(),
    );
    let time = seconds(result.duration_ms);
    w.create_element("testsuite")
        .with_attributes([
            attr("name", name),
            attr("tests", &total),
            attr("failures", &failures),
            attr("errors", &errors),
            attr("skipped", &skipped),
            attr("time", &time),
            attr("timestamp", &result.started_at),
        ])
        .write_inner_content(|w| {
            write_properties(w, result)?;
            for step in &tally.tests {
                write_testcase(w, name, step)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_properties(w: &mut Writer<Vec<u8>>, result: &RunResult) -> io::Result<()> {
    let verdict = session::verdict(&result.summary, Some(result.outcome));
    let mut properties: Vec<(&str, String)> = vec![
        ("suite.sha256", result.suite.sha256.clone()),
        (
            "target.kind",
            match result.target.kind {
                suite_engine::TargetKind::Server => "server",
                suite_engine::TargetKind::Demo => "demo",
            }
            .to_string(),
        ),
    ];
    if !result.target.description.is_empty() {
        properties.push(("target.description", result.target.description.clone()));
    }
    for target in target_urls_of(result) {
        properties.push((
            "target.url",
            format!("{} = {}", target.variable, target.url),
        ));
    }
    properties.push((
        "tool",
        format!("{} {}", result.tool.name, result.tool.version),
    ));
    properties.push(("result.format_version", result.format_version.to_string()));
    properties.push(("verdict", verdict.headline.clone()));
    if let Some(line) = verdict.required {
        properties.push(("verdict.required", line));
    }
    w.create_element("properties").write_inner_content(|w| {
        for (name, value) in &properties {
            w.create_element("property")
                .with_attributes([attr("name", name), attr("value", value)])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// `4. Required Test: Create Okta user`, with the value for a step run once per value.
fn testcase_name(step: &StepResult) -> String {
    let note = step.note.trim();
    let mut name = if note.is_empty() {
        format!("{}. {} request", step.number, step_method(step))
    } else {
        format!("{}. {note}", step.number)
    };
    if let Some(it) = &step.iteration {
        name.push_str(&format!(" [{} = {}]", it.variable, it.value));
    }
    name
}

fn step_method(step: &StepResult) -> &str {
    step.request.as_ref().map_or("", |r| r.method.as_str())
}

fn write_testcase(w: &mut Writer<Vec<u8>>, suite: &str, step: &StepResult) -> io::Result<()> {
    let name = testcase_name(step);
    let time = seconds(step.duration_ms);
    let element = w.create_element("testcase").with_attributes([
        attr("name", &name),
        attr("classname", suite),
        attr("time", &time),
    ]);
    let output = script_output(step);
    match step.outcome {
        StepOutcome::Pass if output.is_empty() => {
            element.write_empty()?;
        }
        _ => {
            element.write_inner_content(|w| {
                match step.outcome {
                    StepOutcome::Fail => write_failure(w, step)?,
                    StepOutcome::Error => write_error(w, step)?,
                    StepOutcome::Skipped | StepOutcome::Cancelled => {
                        let why = step.reason.as_deref().unwrap_or("not run");
                        w.create_element("skipped")
                            .with_attribute(attr("message", why))
                            .write_empty()?;
                    }
                    StepOutcome::Pass => {}
                }
                if !output.is_empty() {
                    w.create_element("system-out")
                        .write_text_content(BytesText::new(&xml_safe(&output)))?;
                }
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// Every failed or unevaluated assertion, failed script assertion and script error, one a
/// line: `Status equals 409: expected a number equal to 409, got 201 (expected 409, actual 201)`.
fn failure_lines(step: &StepResult) -> Vec<String> {
    let mut lines = Vec::new();
    for a in step
        .assertions
        .iter()
        .filter(|a| matches!(a.outcome, AssertionOutcome::Fail | AssertionOutcome::Error))
    {
        let why = a.message.as_deref().unwrap_or("did not hold");
        let actual = a
            .actual
            .clone()
            .or_else(|| a.actual_missing.clone())
            .unwrap_or_default();
        lines.push(format!(
            "{}: {why} (expected {}, actual {actual}) [{}]",
            session::sentence(a),
            a.expected.as_deref().unwrap_or("-"),
            session::raw_terms(a)
        ));
    }
    for script in &step.scripts {
        for a in script.assertions.iter().filter(|a| !a.passed) {
            let mut line = format!("Script assertion failed: {}", a.message);
            if a.expected.is_some() || a.actual.is_some() {
                line.push_str(&format!(
                    " (expected {}, actual {})",
                    a.expected.as_deref().unwrap_or("-"),
                    a.actual.as_deref().unwrap_or("-")
                ));
            }
            lines.push(line);
        }
        if let Some(e) = script.error.as_ref().filter(|e| e.fails_step()) {
            lines.push(format!("Script: {e}"));
        }
    }
    lines
}

fn write_failure(w: &mut Writer<Vec<u8>>, step: &StepResult) -> io::Result<()> {
    let message = session::row_reason(step).unwrap_or_else(|| "the step failed".into());
    let mut lines = failure_lines(step);
    if lines.is_empty() {
        lines.push(step.reason.clone().unwrap_or_else(|| message.clone()));
    }
    if let Some(r) = &step.request {
        lines.push(format!("Request: {} {}", r.method, r.url));
    }
    if let Some(r) = &step.response {
        lines.push(format!("Response: {} {}", r.status, r.reason));
    }
    let kind = if step
        .assertions
        .iter()
        .any(|a| a.outcome != AssertionOutcome::Pass)
    {
        "assertion"
    } else {
        "script"
    };
    w.create_element("failure")
        .with_attributes([attr("message", &message), attr("type", kind)])
        .write_text_content(BytesText::new(&xml_safe(&lines.join("\n"))))?;
    Ok(())
}

fn write_error(w: &mut Writer<Vec<u8>>, step: &StepResult) -> io::Result<()> {
    let (kind, message) = match &step.failure {
        Some(f) => (f.kind.as_str(), format!("No response: {}", f.kind.title())),
        None => ("other", "No response".to_string()),
    };
    let mut detail = step
        .failure
        .as_ref()
        .map(|f| f.message.clone())
        .or_else(|| step.reason.clone())
        .unwrap_or_default();
    if let Some(r) = &step.request {
        detail.push_str(&format!("\nRequest: {} {}", r.method, r.url));
    }
    w.create_element("error")
        .with_attributes([attr("message", &message), attr("type", kind)])
        .write_text_content(BytesText::new(&xml_safe(&detail)))?;
    Ok(())
}

/// Script logs, for `system-out`.
fn script_output(step: &StepResult) -> String {
    step.scripts
        .iter()
        .flat_map(|s| s.logs.iter())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}
