//! Any text in any field a file or a server sets: every output is made without a panic, the
//! report holds one script element and reads back as the same result, the JUnit XML stays
//! well-formed, and a share link's JSON always reads.

use proptest::prelude::*;
use report::{html_report, junit_xml, results_from_html, share_payload};
use serde_json::Value;
use suite_engine::load_result;

const ENUMERATIONS: &[&str] = &["kind", "outcome", "policy", "importance", "step_type"];

/// Replaces every free-text string with one of `texts`, in turn.
fn fill(value: &mut Value, key: Option<&str>, texts: &[String], next: &mut usize) {
    match value {
        Value::String(s) if !key.is_some_and(|k| ENUMERATIONS.contains(&k)) => {
            *s = texts[*next % texts.len()].clone();
            *next += 1;
        }
        Value::Array(items) => items.iter_mut().for_each(|v| fill(v, key, texts, next)),
        Value::Object(map) => map
            .iter_mut()
            .for_each(|(k, v)| fill(v, Some(k), texts, next)),
        _ => {}
    }
}

fn deflated_len(bytes: &[u8]) -> usize {
    miniz_oxide::deflate::compress_to_vec(bytes, 6).len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn any_text_renders_escaped_and_reads_back(
        texts in prop::collection::vec(any::<String>(), 1..6),
        start in 0usize..6,
        budget in 0usize..6000,
    ) {
        let mut value: Value = serde_json::from_str(include_str!("data/small-result.json")).expect("JSON");
        let mut next = start;
        fill(&mut value, None, &texts, &mut next);
        let result = load_result(&value.to_string()).expect("still a result");

        let html = html_report(std::slice::from_ref(&result));
        prop_assert_eq!(results_from_html(&html), Ok(vec![result.clone()]));
        let document = scraper::Html::parse_document(&html);
        let scripts = scraper::Selector::parse("script").expect("a selector");
        prop_assert_eq!(document.select(&scripts).count(), 1);

        let xml = junit_xml(std::slice::from_ref(&result));
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => prop_assert!(false, "not well-formed: {e}"),
            }
        }

        let payload = share_payload(std::slice::from_ref(&result), budget, deflated_len);
        prop_assert!(!payload.fits || payload.compressed_len <= budget);
        prop_assert!(load_result(&payload.json).is_ok());
    }
}
