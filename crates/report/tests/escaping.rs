//! Hostile strings in every field a suite file or a server controls: the HTML report, read
//! by a browser-grade parser, holds them as text only, with one script element (the data
//! block, which never runs) and no attribute they could add; the JUnit XML holds them
//! escaped and stays well-formed.

use report::{html_report, junit_xml, results_from_html};
use scraper::{Html, Selector};
use serde_json::Value;
use suite_engine::{load_result, RunResult};

/// Closes the data block, opens a script, a comment, a CDATA end, quotes for attributes, an
/// element, the JavaScript line separators, and characters XML cannot hold.
pub const HOSTILE: &str = "</script><script>alert(1)</script><!-- ]]> \"q\" 'q' onerror=alert(2) & <b>bold</b> <img src=x onerror=alert(3)> \u{2028}\u{2029} \u{0}\u{1b} </SCRIPT >";

/// Fields whose values are enumerations: a reader refuses anything else there.
const ENUMERATIONS: &[&str] = &["kind", "outcome", "policy", "importance", "step_type"];

fn poison(value: &mut Value, key: Option<&str>) {
    match value {
        Value::String(s) if !key.is_some_and(|k| ENUMERATIONS.contains(&k)) => s.push_str(HOSTILE),
        Value::Array(items) => items.iter_mut().for_each(|v| poison(v, key)),
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| poison(v, Some(k))),
        _ => {}
    }
}

/// `text` (a result file) with the hostile text appended to every string a file or server
/// sets.
fn hostile(text: &str) -> RunResult {
    let mut value: Value = serde_json::from_str(text).expect("JSON");
    poison(&mut value, None);
    load_result(&value.to_string()).expect("still a result")
}

/// The small result with the hostile text appended to every string a file or server sets.
pub fn hostile_result() -> RunResult {
    hostile(include_str!("data/small-result.json"))
}

/// The fixed run of two tests, hostile throughout.
pub fn hostile_two_tests() -> Vec<RunResult> {
    vec![
        hostile_result(),
        hostile(include_str!("data/second-result.json")),
    ]
}

/// A report of `results` read by a browser-grade parser: one script element (the data
/// block), no element or attribute the hostile text could add, every link to an element of
/// the page, every id once; the hostile text is there as text; it reads back exactly.
fn assert_text_only(html: &str, results: &[RunResult]) -> String {
    let document = Html::parse_document(html);
    let select = |css: &str| Selector::parse(css).expect("a selector");

    let scripts: Vec<_> = document.select(&select("script")).collect();
    assert_eq!(scripts.len(), 1, "only the data block is a script element");
    assert_eq!(scripts[0].value().attr("type"), Some("application/json"));
    assert_eq!(
        scripts[0].value().attr("id"),
        Some(report::RESULT_ELEMENT_ID)
    );
    for css in [
        "b", "img", "iframe", "object", "embed", "link", "base", "form",
    ] {
        assert_eq!(document.select(&select(css)).count(), 0, "no {css} element");
    }
    let mut ids = std::collections::HashSet::new();
    for element in document.select(&select("[id]")) {
        let id = element.value().attr("id").unwrap_or_default();
        assert!(ids.insert(id.to_string()), "the id {id} is used twice");
    }
    for element in document.select(&select("*")) {
        for (name, value) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "an event handler attribute {name}={value}"
            );
        }
        if element.value().name() == "a" {
            let href = element.value().attr("href").unwrap_or_default();
            assert!(
                href.strip_prefix('#').is_some_and(|id| ids.contains(id)),
                "a link leaves the page or goes nowhere: {href}"
            );
        }
        if let Some(labels) = element.value().attr("aria-labelledby") {
            for id in labels.split(' ') {
                assert!(ids.contains(id), "aria-labelledby names no element: {id}");
            }
        }
    }
    // The generator's content is exactly the first tool's name and version, quotes and all.
    let generator = document
        .select(&select(r#"meta[name="generator"]"#))
        .next()
        .and_then(|m| m.value().attr("content"))
        .expect("a generator");
    let expected = format!("{} {}", results[0].tool.name, results[0].tool.version);
    assert_eq!(
        generator,
        expected.replace('\u{0}', "\u{FFFD}"),
        "a parser reads NUL as U+FFFD"
    );
    // Nothing can end the data block or start a comment early.
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.to_ascii_lowercase().matches("</script").count(), 1);
    assert!(!html.contains("<!--"));
    // And it reads back exactly.
    let masked: Vec<RunResult> = results.iter().map(RunResult::masked).collect();
    assert_eq!(results_from_html(html), Ok(masked));
    document.root_element().text().collect()
}

#[test]
fn the_report_holds_hostile_strings_as_text_only() {
    let result = hostile_result();
    let results = [result];
    let text = assert_text_only(&html_report(&results), &results);
    // The hostile text is there, as text: a note, a header, a body, a log line.
    // An HTML parser drops NUL from text; everything else stays as written.
    let visible = HOSTILE.replace('\u{0}', "");
    assert!(text.contains(&format!("Required Test: Test Users endpoint{visible}")));
    assert!(
        text.matches("alert(1)").count() > 20,
        "the text is everywhere, as text"
    );
}

#[test]
fn a_report_of_two_tests_holds_hostile_strings_as_text_only() {
    let results = hostile_two_tests();
    let html = html_report(&results);
    let text = assert_text_only(&html, &results);
    let visible = HOSTILE.replace('\u{0}', "");
    assert!(text.contains(&format!("Required Test: Test Users endpoint{visible}")));
    // The second test's names, in its section heading, the list of tests and its steps.
    assert!(text.contains(&format!("Test 2 of 2: Groups check{visible} (passed)")));
    assert!(text.contains(&format!("List groups{visible}")));
    assert!(text.matches("alert(1)").count() > 40);
    // The title names the first test, the hostile text as text (a title's NUL reads U+FFFD).
    let in_title = HOSTILE.replace('\u{0}', "\u{FFFD}");
    let document = Html::parse_document(&html);
    let title: String = document
        .select(&Selector::parse("title").expect("a selector"))
        .flat_map(|t| t.text())
        .collect();
    assert!(
        title.starts_with(&format!(
            "Failed · 1 of 2 tests passed · Small SCIM check{in_title} and 1 more test · "
        )),
        "{title:?}"
    );
}

#[test]
fn the_data_block_escapes_what_could_end_it() {
    for html in [
        html_report(&[hostile_result()]),
        html_report(&hostile_two_tests()),
    ] {
        let start = html.find(r#"id="scim-suite-result">"#).expect("the block");
        let end = html[start..].find("</script>").expect("its end") + start;
        let block = &html[start + r#"id="scim-suite-result">"#.len()..end];
        for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!block.contains(c), "{c:?} is escaped in the data block");
        }
        assert!(block.contains(r"\u003c/script\u003e\u003cscript\u003ealert(1)"));
        assert!(block.contains(r"\u2028\u2029"));
    }
}

#[test]
fn junit_holds_hostile_strings_escaped_and_stays_well_formed() {
    junit_is_escaped_and_well_formed(&junit_xml(&[hostile_result()]), 1);
    junit_is_escaped_and_well_formed(&junit_xml(&hostile_two_tests()), 2);
}

fn junit_is_escaped_and_well_formed(xml: &str, suites: usize) {
    use quick_xml::events::Event;
    assert!(!xml.contains("<script"));
    assert!(!xml.contains("]]>"), "a CDATA end is escaped as ]]&gt;");
    assert!(!xml.contains('\u{0}') && !xml.contains('\u{1b}'));
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut names = Vec::new();
    let mut suites_seen = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                suites_seen += usize::from(e.name().as_ref() == b"testsuite");
                if e.name().as_ref() == b"testcase" {
                    let name = e
                        .try_get_attribute("name")
                        .expect("attributes read")
                        .expect("a name")
                        .normalized_value(quick_xml::XmlVersion::default())
                        .expect("unescapes")
                        .into_owned();
                    names.push(name);
                }
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    // `1<hostile>. Required Test: …<hostile>`: the number is hostile too.
    let expected = format!("Required Test: Test Users endpoint{HOSTILE}")
        .replace(['\u{0}', '\u{1b}'], "\u{FFFD}");
    let first = names.first().expect("a testcase");
    assert!(first.ends_with(&expected), "{first:?}");
    assert_eq!(suites_seen, suites, "a testsuite per test");
}
