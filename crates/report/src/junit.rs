//! JUnit XML, which every CI system reads: one `testsuite` for the suite, one `testcase` per
//! request step (pauses, conditions and other step types are not tests), a `failure` with
//! the failed assertions and script assertions, an `error` for a step with no response, and
//! `skipped` for a step not run. Valid against the Jenkins xunit plugin's `junit-10.xsd`.
//!
//! Written with `quick-xml`'s writer, which escapes text and attribute values; characters
//! XML cannot hold at all are replaced first ([`xml_safe`]).

use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use suite_engine::{AssertionOutcome, RunResult, StepOutcome, StepResult};

use crate::facts::target_urls;
use crate::text::{seconds, xml_safe};

/// The result as JUnit XML.
///
/// Built from the masked result, like every export.
pub fn junit_xml(result: &RunResult) -> String {
    let result = result.masked();
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail; if it did, an empty document says so to a CI parser.
    if write_document(&mut writer, &result).is_err() {
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

fn write_document(w: &mut Writer<Vec<u8>>, result: &RunResult) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
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
            .to_string()
    };
    let total = tests.len().to_string();
    let failures = count(&[StepOutcome::Fail]);
    let errors = count(&[StepOutcome::Error]);
    let skipped = count(&[StepOutcome::Skipped, StepOutcome::Cancelled]);
    let time = seconds(result.duration_ms);
    let name = if result.suite.name.trim().is_empty() {
        "Unnamed suite"
    } else {
        result.suite.name.as_str()
    };
    let suite_attributes = [
        attr("name", name),
        attr("tests", &total),
        attr("failures", &failures),
        attr("errors", &errors),
        attr("skipped", &skipped),
        attr("time", &time),
        attr("timestamp", &result.started_at),
    ];
    w.create_element("testsuites")
        .with_attributes([
            attr("name", name),
            attr("tests", &total),
            attr("failures", &failures),
            attr("errors", &errors),
            attr("time", &time),
        ])
        .write_inner_content(|w| {
            w.create_element("testsuite")
                .with_attributes(suite_attributes)
                .write_inner_content(|w| {
                    write_properties(w, result)?;
                    for step in &tests {
                        write_testcase(w, name, step)?;
                    }
                    Ok(())
                })?;
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
    for target in target_urls(result) {
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
