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

/// The small result with the hostile text appended to every string a file or server sets.
pub fn hostile_result() -> RunResult {
    let mut value: Value =
        serde_json::from_str(include_str!("data/small-result.json")).expect("JSON");
    poison(&mut value, None);
    load_result(&value.to_string()).expect("still a result")
}

#[test]
fn the_report_holds_hostile_strings_as_text_only() {
    let result = hostile_result();
    let html = html_report(std::slice::from_ref(&result));
    let document = Html::parse_document(&html);
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
    for element in document.select(&select("*")) {
        for (name, value) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "an event handler attribute {name}={value}"
            );
        }
        if element.value().name() == "a" {
            let href = element.value().attr("href").unwrap_or_default();
            assert!(href.starts_with("#step-"), "a link leaves the page: {href}");
        }
    }
    // The generator's content is exactly the tool's name and version, quotes and all.
    let generator = document
        .select(&select(r#"meta[name="generator"]"#))
        .next()
        .and_then(|m| m.value().attr("content"))
        .expect("a generator");
    let expected = format!("{} {}", result.tool.name, result.tool.version);
    assert_eq!(
        generator,
        expected.replace('\u{0}', "\u{FFFD}"),
        "a parser reads NUL as U+FFFD"
    );
    // The hostile text is there, as text: a note, a header, a body, a log line.
    let text: String = document.root_element().text().collect();
    // An HTML parser drops NUL from text; everything else stays as written.
    let visible = HOSTILE.replace('\u{0}', "");
    assert!(text.contains(&format!("Required Test: Test Users endpoint{visible}")));
    assert!(
        text.matches("alert(1)").count() > 20,
        "the text is everywhere, as text"
    );

    // Nothing can end the data block or start a comment early.
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.to_ascii_lowercase().matches("</script").count(), 1);
    assert!(!html.contains("<!--"));
    // And it reads back exactly.
    assert_eq!(results_from_html(&html), Ok(vec![result.masked()]));
}

#[test]
fn the_data_block_escapes_what_could_end_it() {
    let html = html_report(&[hostile_result()]);
    let start = html.find(r#"id="scim-suite-result">"#).expect("the block");
    let end = html[start..].find("</script>").expect("its end") + start;
    let block = &html[start + r#"id="scim-suite-result">"#.len()..end];
    for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!block.contains(c), "{c:?} is escaped in the data block");
    }
    assert!(block.contains(r"\u003c/script\u003e\u003cscript\u003ealert(1)"));
    assert!(block.contains(r"\u2028\u2029"));
}

#[test]
fn junit_holds_hostile_strings_escaped_and_stays_well_formed() {
    use quick_xml::events::Event;
    let xml = junit_xml(&[hostile_result()]);
    assert!(!xml.contains("<script"));
    assert!(!xml.contains("]]>"), "a CDATA end is escaped as ]]&gt;");
    assert!(!xml.contains('\u{0}') && !xml.contains('\u{1b}'));
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => {
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
}
