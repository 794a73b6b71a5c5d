//! The share link's budget rule, with raw deflate (`miniz_oxide` at level 6, zlib's default,
//! which the browser's `CompressionStream("deflate-raw")` uses): the whole result when it
//! fits, else the fewest bodies left out, largest first, across every test of a run of
//! several; Okta's SPEC run fits whole.

use report::{
    compressed_budget, link_fragment, link_payload_bytes, share_payload, share_payload_async,
    BodyPart, LinkError, LINK_MAX_CHARS,
};
use suite_engine::{load_result, load_results, RunResult};

use crate::support::spec::{run_spec, Server, SpecRun};
use crate::support::{small_result, two_tests};

fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, 6)
}

fn deflated_len(bytes: &[u8]) -> usize {
    deflate(bytes).len()
}

/// Every body's (step index, part, text length), largest first.
fn bodies_by_size(result: &RunResult) -> Vec<(usize, BodyPart, usize)> {
    let mut all = Vec::new();
    for (i, step) in result.steps.iter().enumerate() {
        if let Some(b) = step.request.as_ref().and_then(|r| r.body.as_ref()) {
            all.push((i, BodyPart::Request, b.text.len()));
        }
        if let Some(r) = &step.response {
            all.push((i, BodyPart::Response, r.body.text.len()));
        }
    }
    all.retain(|b| b.2 > 0);
    all.sort_by_key(|b| std::cmp::Reverse(b.2));
    all
}

/// The compact JSON of `result` with these bodies left out, built here independently.
fn without(result: &RunResult, bodies: &[(usize, BodyPart, usize)]) -> String {
    let mut r = result.masked();
    for &(i, part, _) in bodies {
        let step = &mut r.steps[i];
        let body = match part {
            BodyPart::Request => step.request.as_mut().and_then(|q| q.body.as_mut()),
            BodyPart::Response => step.response.as_mut().map(|q| &mut q.body),
        }
        .expect("a body");
        body.text.clear();
        body.omitted = true;
        body.truncated = false;
    }
    serde_json::to_string(&r).expect("serializes")
}

#[test]
fn the_whole_result_goes_in_when_it_fits() {
    let result = small_result();
    let whole = share_payload(std::slice::from_ref(&result), usize::MAX, deflated_len);
    assert!(whole.fits);
    assert!(whole.omitted.is_empty());
    assert_eq!(whole.compressed_len, deflated_len(whole.json.as_bytes()));
    assert_eq!(load_result(&whole.json), Ok(result.clone()));
    let exact = share_payload(
        std::slice::from_ref(&result),
        whole.compressed_len,
        deflated_len,
    );
    assert_eq!(
        exact, whole,
        "a budget of exactly its size still takes it whole"
    );
}

#[test]
fn bodies_are_left_out_largest_first_until_it_fits() {
    let result = small_result();
    let sizes = bodies_by_size(&result);
    assert_eq!(sizes.len(), 3, "the fixture has three bodies");
    let whole =
        share_payload(std::slice::from_ref(&result), usize::MAX, deflated_len).compressed_len;
    for budget in (whole.saturating_sub(400)..whole).step_by(7) {
        let payload = share_payload(std::slice::from_ref(&result), budget, deflated_len);
        let read = load_result(&payload.json).expect("the link's JSON reads");
        let left_out: Vec<(usize, BodyPart)> = payload
            .omitted
            .iter()
            .map(|o| (o.step_index, o.part))
            .collect();
        if !payload.fits {
            assert_eq!(
                left_out.len(),
                sizes.len(),
                "all are left out before giving up"
            );
            assert!(payload.compressed_len > budget);
            continue;
        }
        assert!(
            payload.compressed_len <= budget,
            "it fits what was measured"
        );
        assert_eq!(
            payload.compressed_len,
            deflated_len(payload.json.as_bytes())
        );
        // Exactly the k largest.
        let k = left_out.len();
        assert!(k >= 1);
        let mut largest: Vec<(usize, BodyPart)> = sizes[..k].iter().map(|b| (b.0, b.1)).collect();
        largest.sort();
        assert_eq!(left_out, largest, "budget {budget}");
        // And one fewer would not have fitted.
        let fewer = without(&result, &sizes[..k - 1]);
        assert!(
            deflated_len(fewer.as_bytes()) > budget,
            "budget {budget}: {k} were left out, {} would do",
            k - 1
        );
        // The marker: empty text, full size kept, `omitted: true` in the JSON.
        for o in &payload.omitted {
            let step = &read.steps[o.step_index];
            let body = match o.part {
                BodyPart::Request => step.request.as_ref().and_then(|r| r.body.clone()),
                BodyPart::Response => step.response.as_ref().map(|r| r.body.clone()),
            }
            .expect("the body is still there");
            assert!(body.omitted && body.text.is_empty() && !body.truncated);
            assert!(body.size_bytes > 0);
        }
        assert_eq!(payload.json.matches("\"omitted\":true").count(), k);
        // The report opened from such a link says which bodies it lacks.
        let html = report::html_report(std::slice::from_ref(&read));
        assert!(html.contains("This result came from a share link, which leaves out"));
        assert!(html.contains("left out of this share link to keep it short"));
    }
}

#[test]
fn a_result_too_large_even_without_bodies_does_not_fit() {
    let result = small_result();
    let payload = share_payload(std::slice::from_ref(&result), 10, deflated_len);
    assert!(!payload.fits);
    assert_eq!(payload.omitted.len(), 3);
}

#[test]
fn the_omitted_marker_is_absent_from_every_export() {
    let result = small_result();
    assert!(!result.to_json().contains("omitted"));
    assert!(!report::html_report(std::slice::from_ref(&result)).contains("omitted"));
}

#[test]
fn the_asynchronous_compressor_gives_the_same_payload() {
    let result = small_result();
    let whole =
        share_payload(std::slice::from_ref(&result), usize::MAX, deflated_len).compressed_len;
    for budget in [whole, whole - 150, whole - 300, 10] {
        let sync = share_payload(std::slice::from_ref(&result), budget, deflated_len);
        let asynchronous = futures::executor::block_on(share_payload_async(
            std::slice::from_ref(&result),
            budget,
            |json: Vec<u8>| async move { deflated_len(&json) },
        ));
        assert_eq!(sync, asynchronous);
    }
}

#[test]
fn a_fragment_round_trips_and_bad_ones_say_why() {
    let result = small_result();
    let payload = share_payload(std::slice::from_ref(&result), usize::MAX, deflated_len);
    let fragment = link_fragment(&deflate(payload.json.as_bytes()));
    assert!(fragment.starts_with("result=1."));
    assert!(fragment["result=1.".len()..]
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    let bytes = link_payload_bytes(&format!("#{fragment}")).expect("decodes");
    let json = miniz_oxide::inflate::decompress_to_vec(&bytes).expect("inflates");
    assert_eq!(
        load_result(&String::from_utf8(json).expect("UTF-8")),
        Ok(result)
    );

    assert_eq!(
        link_payload_bytes("#view=plan"),
        Err(LinkError::NotAResultLink)
    );
    assert_eq!(link_payload_bytes(""), Err(LinkError::NotAResultLink));
    assert_eq!(
        link_payload_bytes("#result=2.AAAA"),
        Err(LinkError::NewerEncoding { found: "2".into() })
    );
    assert_eq!(
        link_payload_bytes("#result=1.a+b/"),
        Err(LinkError::Damaged)
    );
    assert_eq!(link_payload_bytes("#result=1."), Err(LinkError::Damaged));
    assert_eq!(link_payload_bytes("#result=AAAA"), Err(LinkError::Damaged));
    // A link cut short still decodes, but no longer inflates to the result.
    let cut = &fragment[..fragment.len() * 2 / 3];
    let cut_bytes = link_payload_bytes(cut).unwrap_or_default();
    let inflated = miniz_oxide::inflate::decompress_to_vec(&cut_bytes);
    assert!(inflated.map_or(true, |j| load_result(&String::from_utf8_lossy(&j)).is_err()));
    assert_eq!(
        LinkError::NewerEncoding { found: "2".into() }.to_string(),
        "this link was made by a newer version of the SCIM Suite Runner (link encoding 2); open it with the newer page"
    );
}

/// A page URL as long as a project page on a static host with a sub-path.
const PAGE_URL: &str = "https://example-organisation.github.io/scim-suite-runner/";

#[test]
fn okta_spec_runs_fit_a_link_whole() {
    let budget = compressed_budget(PAGE_URL.len(), LINK_MAX_CHARS);
    let clean = Server::start(&[]);
    let faulty = Server::start(&["--fault", "duplicates-accepted"]);
    for (name, result) in [
        ("passing", run_spec(&clean.base_url, SpecRun::default())),
        (
            "with duplicates-accepted",
            run_spec(&faulty.base_url, SpecRun::default()),
        ),
    ] {
        let payload = share_payload(std::slice::from_ref(&result), budget, deflated_len);
        let link_chars =
            PAGE_URL.len() + 1 + link_fragment(&deflate(payload.json.as_bytes())).len();
        println!(
            "Okta SPEC run, {name}: export {} bytes, compact JSON {} bytes, raw deflate {} bytes, link {} characters (cap {LINK_MAX_CHARS}, budget {budget} bytes)",
            result.to_json().len(),
            payload.json.len(),
            payload.compressed_len,
            link_chars,
        );
        // For measuring by hand (the browser's own deflate, the report's look).
        if let Some(dir) = std::env::var_os("REPORT_MEASURE_DIR") {
            let stem = std::path::Path::new(&dir).join(format!("spec-{}", name.replace(' ', "-")));
            std::fs::write(stem.with_extension("json"), &payload.json).expect("written");
            std::fs::write(
                stem.with_extension("html"),
                report::html_report(std::slice::from_ref(&result)),
            )
            .expect("written");
        }
        assert!(
            payload.fits,
            "{name}: {} > {budget}",
            payload.compressed_len
        );
        assert!(payload.omitted.is_empty(), "{name} fits whole");
        assert!(link_chars <= LINK_MAX_CHARS);
    }
}

/// Every body of every test: (test index, step index, part, text length), largest first.
fn bodies_of_tests(results: &[RunResult]) -> Vec<(usize, usize, BodyPart, usize)> {
    let mut all: Vec<(usize, usize, BodyPart, usize)> = results
        .iter()
        .enumerate()
        .flat_map(|(t, r)| {
            bodies_by_size(r)
                .into_iter()
                .map(move |(s, part, len)| (t, s, part, len))
        })
        .collect();
    all.sort_by_key(|b| std::cmp::Reverse(b.3));
    all
}

/// The compact bundle of `results` with these bodies left out, built here independently:
/// `{"format_version":2,"results":[…]}` as docs/result-format.md describes it.
fn bundle_without(results: &[RunResult], bodies: &[(usize, usize, BodyPart, usize)]) -> String {
    let items: Vec<String> = results
        .iter()
        .enumerate()
        .map(|(t, r)| {
            let mine: Vec<(usize, BodyPart, usize)> = bodies
                .iter()
                .filter(|b| b.0 == t)
                .map(|b| (b.1, b.2, b.3))
                .collect();
            without(r, &mine)
        })
        .collect();
    format!("{{\"format_version\":2,\"results\":[{}]}}", items.join(","))
}

#[test]
fn a_run_of_two_tests_goes_in_whole_as_a_bundle() {
    let results = two_tests();
    let whole = share_payload(&results, usize::MAX, deflated_len);
    assert!(whole.fits && whole.omitted.is_empty());
    assert_eq!(whole.json, bundle_without(&results, &[]));
    assert_eq!(load_results(&whole.json), Ok(results.clone()));
    assert!(
        load_result(&whole.json).is_err(),
        "a bundle is not one result"
    );
}

#[test]
fn bodies_are_left_out_largest_first_whichever_test_they_are_in() {
    let results = two_tests();
    let sizes = bodies_of_tests(&results);
    assert_eq!(sizes.len(), 6, "the two fixtures have six bodies");
    let order: Vec<usize> = sizes.iter().map(|b| b.0).collect();
    assert_eq!(
        order,
        [0, 1, 0, 0, 1, 1],
        "the sizes alternate between the tests"
    );
    let whole = share_payload(&results, usize::MAX, deflated_len).compressed_len;
    let mut seen = std::collections::BTreeSet::new();
    for budget in (whole.saturating_sub(700)..whole).step_by(5) {
        let payload = share_payload(&results, budget, deflated_len);
        let read = load_results(&payload.json).expect("the link's JSON reads");
        assert_eq!(read.len(), 2);
        let k = payload.omitted.len();
        if !payload.fits {
            assert_eq!(k, sizes.len(), "all are left out before giving up");
            continue;
        }
        assert!(payload.compressed_len <= budget);
        assert!(k >= 1);
        seen.insert(k);
        // Exactly the k largest, across both tests, in test and step order.
        let left_out: Vec<(usize, usize, BodyPart)> = payload
            .omitted
            .iter()
            .map(|o| (o.test_index, o.step_index, o.part))
            .collect();
        let mut largest: Vec<(usize, usize, BodyPart)> =
            sizes[..k].iter().map(|b| (b.0, b.1, b.2)).collect();
        largest.sort();
        assert_eq!(left_out, largest, "budget {budget}");
        assert_eq!(payload.json, bundle_without(&results, &sizes[..k]));
        // One fewer would not have fitted.
        let fewer = bundle_without(&results, &sizes[..k - 1]);
        assert!(
            deflated_len(fewer.as_bytes()) > budget,
            "budget {budget}: {k} were left out, {} would do",
            k - 1
        );
        // The report opened from the link names each left-out body's test and step.
        let html = report::html_report(&read);
        assert!(html.contains("This result came from a share link, which leaves out"));
        for o in &payload.omitted {
            let named = format!(
                "test {} step {} {}",
                o.test_index + 1,
                o.number,
                o.part.as_str()
            );
            assert!(html.contains(&named), "budget {budget}: {named}");
        }
    }
    assert!(
        seen.len() >= 3,
        "the budgets tried leave out several counts of bodies: {seen:?}"
    );
    assert!(
        seen.iter().any(|&k| k >= 2),
        "some budget leaves out bodies of both tests"
    );
}

#[test]
fn two_tests_give_the_same_payload_with_the_asynchronous_compressor() {
    let results = two_tests();
    let whole = share_payload(&results, usize::MAX, deflated_len).compressed_len;
    for budget in [whole, whole - 200, whole - 400, 10] {
        let sync = share_payload(&results, budget, deflated_len);
        let asynchronous = futures::executor::block_on(share_payload_async(
            &results,
            budget,
            |json: Vec<u8>| async move { deflated_len(&json) },
        ));
        assert_eq!(sync, asynchronous);
    }
}
