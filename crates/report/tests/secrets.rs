//! A real run with a bearer token: the result in memory holds the token (the live page may
//! show it), yet no output of this crate does; they hold the masked export only.

use report::{html_report, junit_xml, results_from_html, share_payload};

use crate::support::spec::{run_spec, Server, SpecRun, TOKEN};

#[test]
fn a_token_never_reaches_any_output() {
    let server = Server::start(&[]);
    let result = run_spec(&server.base_url, SpecRun::default());
    assert!(
        format!("{result:?}").contains(TOKEN),
        "the run itself used the token"
    );

    let html = html_report(std::slice::from_ref(&result));
    assert!(!html.contains(TOKEN), "the HTML report shows the token");
    assert!(
        html.contains("<td class=\"mono\">[secret auth]</td>"),
        "the Authorization header is shown masked"
    );
    assert!(
        !junit_xml(std::slice::from_ref(&result)).contains(TOKEN),
        "the JUnit XML shows the token"
    );
    let link = share_payload(std::slice::from_ref(&result), usize::MAX, |json| json.len());
    assert!(!link.json.contains(TOKEN), "the share link holds the token");
    // What the report embeds is exactly the export.
    let embedded = results_from_html(&html).expect("reads back");
    assert_eq!(
        embedded,
        [suite_engine::load_result(&result.to_json()).expect("export")]
    );
}
