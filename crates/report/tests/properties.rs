//! Any text in any field a file or a server sets, in a run of one test or two: every output
//! is made without a panic, the report holds one script element and reads back as the same
//! results, the JUnit XML stays well-formed, and a share link's JSON always reads.

use proptest::prelude::*;
use report::{html_report, junit_xml, results_from_html, share_payload};
use serde_json::Value;
use suite_engine::{load_result, load_results, RunResult};

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

/// Each fixture with its free-text strings replaced by `texts`, in turn from `start`.
fn filled(texts: &[String], start: usize) -> Vec<RunResult> {
    let mut next = start;
    [
        include_str!("data/small-result.json"),
        include_str!("data/second-result.json"),
    ]
    .iter()
    .map(|file| {
        let mut value: Value = serde_json::from_str(file).expect("JSON");
        fill(&mut value, None, texts, &mut next);
        load_result(&value.to_string()).expect("still a result")
    })
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn any_text_renders_escaped_and_reads_back(
        texts in prop::collection::vec(any::<String>(), 1..6),
        start in 0usize..6,
        budget in 0usize..6000,
        several in any::<bool>(),
    ) {
        let mut results = filled(&texts, start);
        if !several {
            results.truncate(1);
        }

        let html = html_report(&results);
        prop_assert_eq!(results_from_html(&html), Ok(results.clone()));
        let document = scraper::Html::parse_document(&html);
        let scripts = scraper::Selector::parse("script").expect("a selector");
        prop_assert_eq!(document.select(&scripts).count(), 1);

        let xml = junit_xml(&results);
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => prop_assert!(false, "not well-formed: {e}"),
            }
        }

        let payload = share_payload(&results, budget, deflated_len);
        prop_assert!(!payload.fits || payload.compressed_len <= budget);
        prop_assert_eq!(load_results(&payload.json).map(|r| r.len()), Ok(results.len()));
    }
}
