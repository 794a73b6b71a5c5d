//! Okta's three suites through the session, as the page drives them: the notice about API
//! tokens before a run, the Bearer switch, filling the CRUD variables from the reference
//! server's emulated org, and the Entitlements suite's endpoints from `/ResourceTypes`.
//! The server is the reference server's core in process (`scim-server`), run by the real
//! engine on a virtual clock.

use std::cell::Cell;
use std::path::PathBuf;

use scim_server::{OktaEmulation, OrgOptions, Request, ServerOptions};
use session::*;
use suite_engine::{
    Clock, Header, HttpRequest, HttpResponse, RequestFailure, RunResult, Runner, StepOutcome,
    Transport,
};

const DEMO_HOSTS: &[&str] = &["scim.demo.invalid", "okta.demo.invalid"];
const ORG_URL: &str = "https://okta.demo.invalid";
const SCIM_URL: &str = "https://scim.demo.invalid/scim/v2";
const T0: i64 = 1_700_000_000_000;

/// Okta's files, beside the repository (`shared/okta/`).
fn okta_file(name: &str) -> (String, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/okta")
        .join(name);
    let path = if path.exists() {
        path
    } else {
        PathBuf::from("/work/shared/okta").join(name)
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("Okta's file is not at {}: {e}", path.display()));
    (name.to_string(), text)
}

fn with_suite(name: &str) -> Session {
    let (file, text) = okta_file(name);
    let mut s = Session::new(true);
    assert!(s.load_suite(&file, &text), "{:?}", s.load_error());
    s
}

/// The org and SCIM server the page's workshop mode embeds, provisioning after 500 ms.
fn world() -> OktaEmulation {
    OktaEmulation::new(
        ServerOptions {
            token: "demo-token".into(),
            public_base_url: Some(SCIM_URL.into()),
            ..ServerOptions::default()
        },
        OrgOptions {
            public_url: Some(ORG_URL.into()),
            provisioning_delay_ms: 500,
            ..OrgOptions::default()
        },
        T0,
    )
}

/// Virtual time: a pause moves it on at once.
struct VirtualClock(Cell<f64>);

impl Clock for VirtualClock {
    fn now_ms(&self) -> f64 {
        self.0.get()
    }
    async fn sleep(&self, ms: f64) {
        self.0.set(self.0.get() + ms.max(0.0));
    }
}

/// Hands each request to the emulation at the clock's time, as the page's demo does.
struct InProcess<'a> {
    world: std::cell::RefCell<OktaEmulation>,
    clock: &'a VirtualClock,
}

impl Transport for InProcess<'_> {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let mut r = Request::new(request.method.as_str(), &request.url);
        for h in &request.headers {
            r = r.with_header(h.name.as_str(), h.value.as_str());
        }
        if let Some(body) = &request.body {
            r = r.with_body(body.as_bytes().to_vec());
        }
        // The page's clock is in milliseconds; the world counts whole ones.
        #[allow(clippy::cast_possible_truncation)]
        let now = self.clock.now_ms() as i64;
        let org = request.url.starts_with(ORG_URL);
        let mut world = self.world.borrow_mut();
        let response = if org {
            world.handle_org(&r, now)
        } else {
            world.handle_scim(&r, now)
        };
        Ok(HttpResponse {
            status: response.status,
            headers: response
                .headers
                .into_iter()
                .map(|(n, v)| Header::new(n, v))
                .collect(),
            body: response.body.into_bytes(),
            ..HttpResponse::default()
        })
    }
}

/// Starts the session's run and runs it to the end against `world`.
fn run_against(session: &mut Session, world: OktaEmulation) -> RunResult {
    let plan = session.start_run(0.0, 7).expect("the run starts");
    #[allow(clippy::cast_precision_loss)]
    let clock = VirtualClock(Cell::new(T0 as f64));
    let transport = InProcess {
        world: std::cell::RefCell::new(world),
        clock: &clock,
    };
    let result = futures::executor::block_on(Runner::new(&transport, &clock).run(
        &plan.tests[0],
        &plan.environment,
        &plan.options,
    ));
    session.finish_test(result.masked());
    session.end_run();
    result
}

fn crud_variables(world: &OktaEmulation) -> Vec<(&'static str, String)> {
    world.crud_variables(ORG_URL, SCIM_URL)
}

/// What Okta's CRUD Initial Script sets, drawn by hand: no script host runs natively.
fn crud_script_values(s: &mut Session) {
    s.set_initial_script(String::new());
    for (name, value) in [
        ("okta_user_firstname", "Runscope123"),
        ("okta_user_lastname", "Abcdefgh123"),
        ("okta_user_fullname", "Runscope123 Abcdefgh123"),
        ("okta_user_firstname_update", "Runscope123update"),
        ("okta_user_fullname_update", "Runscope123update Abcdefgh123"),
        ("okta_user_email", "Runscope123Abcdefgh123@atko.com"),
        ("okta_user_title", "Engineer"),
        ("okta_user_primaryphone", "415.123.4567"),
    ] {
        s.set_value(name, value.into());
    }
}

#[test]
fn the_crud_suite_gets_the_notice_until_its_org_is_the_demo() {
    let mut s = with_suite("Okta-SCIM-20-CRUD-Test.json");
    let notice = s.api_token_notice(DEMO_HOSTS).expect("a notice");
    // Every step that calls the org; none of the SCIM checks or pauses.
    assert_eq!(notice.steps, ["1", "2", "3", "6", "9", "12", "13", "17"]);
    assert!(notice.hosts.is_empty(), "no org named yet");
    assert!(!notice.bearer);

    s.set_value("oktaOrgUrl", "https://dev-123.okta.com".into());
    let notice = s.api_token_notice(DEMO_HOSTS).expect("a notice");
    assert_eq!(notice.hosts, ["dev-123.okta.com"]);

    s.set_value("oktaOrgUrl", ORG_URL.into());
    assert_eq!(s.api_token_notice(DEMO_HOSTS), None);
    // With the switch on it stays, empty, so the switch can be turned off.
    s.set_ssws_as_bearer(true);
    let notice = s.api_token_notice(DEMO_HOSTS).expect("the switch stays");
    assert!(notice.steps.is_empty() && notice.bearer);
}

#[test]
fn suites_without_api_tokens_get_no_notice() {
    let s = with_suite("Okta-SCIM-20-SPEC-Test.json");
    assert_eq!(s.api_token_notice(DEMO_HOSTS), None);
    let s = with_suite("Okta-SCIM-20-Entitlements-Test.json");
    assert_eq!(s.api_token_notice(DEMO_HOSTS), None);
}

/// A suite may hold the whole header in a variable: its value decides.
#[test]
fn an_api_token_in_a_variable_counts_once_it_is_entered() {
    let mut s = Session::new(true);
    let suite = r#"{"steps": [{"step_type": "request", "url": "{{org}}/api/v1/users",
        "headers": {"Authorization": ["{{orgAuth}}"]}}]}"#;
    assert!(s.load_suite("t.json", suite));
    s.set_value("org", "https://acme.okta.com".into());
    assert_eq!(s.api_token_notice(DEMO_HOSTS), None);
    s.set_value("orgAuth", "SSWS 00abc".into());
    let notice = s.api_token_notice(DEMO_HOSTS).expect("a notice");
    assert_eq!(notice.steps, ["1"]);
}

#[test]
fn the_switch_asks_for_the_access_token_and_the_run_carries_it() {
    let mut s = with_suite("Okta-SCIM-20-CRUD-Test.json");
    let w = world();
    s.fill_known(&crud_variables(&w), SCIM_URL, "Bearer demo-token");
    crud_script_values(&mut s);
    s.set_value("oktaOrgUrl", "https://dev-123.okta.com".into());
    assert_eq!(s.run_blocker(), None);

    s.set_ssws_as_bearer(true);
    let token = s
        .environment()
        .find(ACCESS_TOKEN_VARIABLE)
        .expect("asked for")
        .clone();
    assert!(token.secret && token.value.is_empty());
    let blocker = s.run_blocker().expect("waits for the token");
    assert_eq!(blocker.variable, ACCESS_TOKEN_VARIABLE);
    assert!(s.api_token_notice(DEMO_HOSTS).is_some_and(|n| n.bearer));

    // It stays while the switch needs it.
    s.remove_variable(ACCESS_TOKEN_VARIABLE);
    assert!(s.environment().find(ACCESS_TOKEN_VARIABLE).is_some());
    s.set_value(ACCESS_TOKEN_VARIABLE, "eyJ-token".into());
    assert_eq!(s.run_blocker(), None);
    let plan = s.start_run(0.0, 1).expect("runs");
    assert_eq!(
        plan.options.ssws_as_bearer.as_deref(),
        Some(ACCESS_TOKEN_VARIABLE)
    );
    // Kept across a reload, with the rest of the options.
    assert!(s.remembered().settings.ssws_as_bearer);

    let mut off = with_suite("Okta-SCIM-20-CRUD-Test.json");
    off.set_ssws_as_bearer(false);
    assert_eq!(off.environment().find(ACCESS_TOKEN_VARIABLE), None);
}

/// The workshop run: "Demo server" fills what the org prints, and the CRUD suite passes
/// against the in-process org with its pauses; without them provisioning is not there yet.
#[test]
fn the_crud_suite_passes_against_the_emulated_org_with_the_values_filled_in() {
    let mut s = with_suite("Okta-SCIM-20-CRUD-Test.json");
    let w = world();
    s.fill_known(&crud_variables(&w), SCIM_URL, "Bearer demo-token");
    crud_script_values(&mut s);
    for (name, value) in crud_variables(&w).into_iter().take(5) {
        assert_eq!(
            s.environment().find(name).map(|v| v.value.clone()),
            Some(value),
            "{name}"
        );
    }
    let result = run_against(&mut s, w);
    let failed: Vec<&str> = result
        .steps
        .iter()
        .filter(|r| matches!(r.outcome, StepOutcome::Fail | StepOutcome::Error))
        .map(|r| r.note.as_str())
        .collect();
    assert_eq!(failed, Vec::<&str>::new());
    assert_eq!(result.summary.requests.passed, 13);

    let mut skipped = with_suite("Okta-SCIM-20-CRUD-Test.json");
    skipped.fill_known(&crud_variables(&world()), SCIM_URL, "Bearer demo-token");
    crud_script_values(&mut skipped);
    skipped.set_settings(Settings {
        pause: PauseChoice::Skip,
        ..Settings::default()
    });
    let result = run_against(&mut skipped, world());
    assert_eq!(
        result.steps[4].outcome,
        StepOutcome::Fail,
        "{:?}",
        result.steps[4].reason
    );
}

/// With the switch on, the org gets the access token and still provisions.
#[test]
fn the_crud_suite_passes_with_the_switch_on() {
    let mut s = with_suite("Okta-SCIM-20-CRUD-Test.json");
    s.set_ssws_as_bearer(true);
    let w = world();
    s.fill_known(&crud_variables(&w), SCIM_URL, "Bearer demo-token");
    crud_script_values(&mut s);
    assert_eq!(s.run_blocker(), None, "the demo fills the access token too");
    let result = run_against(&mut s, w);
    assert_eq!(result.outcome, suite_engine::RunOutcome::Passed);
    let first = result.steps[0].request.as_ref().expect("sent");
    let auth = first.headers.iter().find(|h| h.name == "Authorization");
    assert_eq!(
        auth.map(|h| h.value.as_str()),
        Some("Bearer okta-access-token")
    );
}

#[test]
fn the_entitlement_endpoint_is_filled_from_resource_types_and_each_runs_as_a_row() {
    let mut s = with_suite("Okta-SCIM-20-Entitlements-Test.json");
    let endpoint = s
        .environment()
        .find("EntitlementEndpoint")
        .expect("asked for")
        .clone();
    assert!(endpoint.endpoint && !endpoint.base_url);
    assert_eq!(
        endpoint.role,
        VariableRole::Environment,
        "the tester gives it"
    );
    assert_eq!(
        s.resource_types_request("EntitlementEndpoint"),
        Err("Enter SCIMBaseURL first: the endpoints are read from its /ResourceTypes.".into())
    );
    s.fill_known(&[], SCIM_URL, "Bearer demo-token");
    assert_eq!(
        s.run_blocker().map(|b| b.variable),
        Some("EntitlementEndpoint".into()),
        "Run waits for the endpoints"
    );
    let request = s
        .resource_types_request("EntitlementEndpoint")
        .expect("a request");
    assert_eq!(
        request,
        ResourceTypesRequest {
            url: format!("{SCIM_URL}/ResourceTypes"),
            authorization: Some("Bearer demo-token".into()),
        }
    );

    // Asked of the reference server's core, as the page asks the demo.
    let mut w = world();
    let answer = w.handle_scim(
        &Request::new("GET", &request.url).with_header(
            "Authorization",
            request.authorization.clone().unwrap_or_default(),
        ),
        T0,
    );
    assert_eq!(
        s.fill_endpoints("EntitlementEndpoint", answer.status, &answer.body),
        Ok(3)
    );
    assert_eq!(
        s.environment()
            .find("EntitlementEndpoint")
            .map(|v| v.value.clone()),
        Some("/Entitlements\n/Licenses\n/Roles".into())
    );

    let result = run_against(&mut s, w);
    assert_eq!(result.outcome, suite_engine::RunOutcome::Passed);
    let rows = s.results().expect("results").tests[0].rows.to_vec();
    let titles: Vec<String> = rows.iter().map(|r| row_title(r)).collect();
    assert_eq!(
        titles,
        [
            "Duplicate the request for multiple Entitlement Endpoints — /Entitlements",
            "Duplicate the request for multiple Entitlement Endpoints — /Licenses",
            "Duplicate the request for multiple Entitlement Endpoints — /Roles",
        ]
    );
    let keys: Vec<String> = rows.iter().map(|r| row_key(r)).collect();
    assert_eq!(keys, ["1#1", "1#2", "1#3"]);
}

#[test]
fn resource_types_that_give_no_endpoints_say_why() {
    let mut s = with_suite("Okta-SCIM-20-Entitlements-Test.json");
    s.set_value("EntitlementEndpoint", "/Roles".into());
    let unchanged = |s: &Session| {
        s.environment()
            .find("EntitlementEndpoint")
            .map(|v| v.value.clone())
    };
    assert_eq!(
        s.fill_endpoints("EntitlementEndpoint", 401, "{}"),
        Err("/ResourceTypes answered 401: check the Authorization value, so the endpoints could not be read.".into())
    );
    assert_eq!(
        s.fill_endpoints("EntitlementEndpoint", 200, "<html>"),
        Err("The /ResourceTypes answer is not JSON.".into())
    );
    let users_only = r#"{"Resources": [{"endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"}]}"#;
    assert!(s
        .fill_endpoints("EntitlementEndpoint", 200, users_only)
        .is_err_and(|e| e.contains("no role or entitlement types")));
    assert_eq!(unchanged(&s), Some("/Roles".into()));
    // A bare list, an endpoint without its slash, and a repeat.
    let bare = r#"[{"endpoint": "Profiles", "schema": "urn:okta:scim:schemas:core:1.0:Entitlement"},
                   {"endpoint": "/Profiles", "schema": "urn:okta:scim:schemas:core:1.0:Entitlement"}]"#;
    assert_eq!(entitlement_endpoints(bare), Ok(vec!["/Profiles".into()]));
}
