//! The demo worker's logic as the page drives it, natively: JSON calls in, JSON answers out,
//! one world kept across calls, provisioning on the demo's delay, faults and reset.

use demo_worker::DemoWorld;
use serde_json::Value;
use worker_protocol::demo::{
    crud_variables, DemoAnswer, DemoCall, DemoHost, DemoRequest, DEMO_BASE_URL, DEMO_ORG_URL,
    DEMO_PROVISIONING_MS, DEMO_SLOW_MS,
};

const T0: i64 = 1_700_000_000_000;

fn request(host: DemoHost, method: &str, url: &str, auth: &str, body: Option<&str>) -> DemoCall {
    DemoCall::Request {
        request: DemoRequest {
            host,
            method: method.into(),
            url: url.into(),
            headers: vec![
                ("Authorization".into(), auth.into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: body.map(str::to_string),
        },
    }
}

fn scim_get(path: &str) -> DemoCall {
    request(
        DemoHost::Scim,
        "GET",
        &format!("{DEMO_BASE_URL}{path}"),
        "Bearer demo-token",
        None,
    )
}

/// Status and parsed body of a response answer.
/// Assigns the org user `id` to the demo's app, with the API token `ssws`.
fn assign_to_app(id: &str, ssws: &str) -> DemoCall {
    request(
        DemoHost::Org,
        "POST",
        &format!(
            "{DEMO_ORG_URL}/api/v1/apps/{}/users",
            worker_protocol::demo::DEMO_APP_ID
        ),
        ssws,
        Some(&format!(r#"{{"id":"{id}","scope":"USER"}}"#)),
    )
}

fn response(answer: DemoAnswer) -> (u16, Value, u64) {
    match answer {
        DemoAnswer::Response {
            status,
            body,
            delay_ms,
            ..
        } => (
            status,
            serde_json::from_str(&body).unwrap_or(Value::String(body)),
            delay_ms,
        ),
        other => panic!("not a response: {other:?}"),
    }
}

fn user_count(demo: &mut DemoWorld, now: i64) -> u64 {
    let (status, body, _) = response(demo.answer(scim_get("/Users"), now));
    assert_eq!(status, 200);
    body["totalResults"]
        .as_u64()
        .expect("a list has totalResults")
}

#[test]
fn the_page_knows_the_crud_variables_the_org_has() {
    let demo = DemoWorld::new(T0);
    let from_org = demo.emulation().crud_variables(DEMO_ORG_URL, DEMO_BASE_URL);
    assert_eq!(crud_variables(), from_org);
}

#[test]
fn the_scim_server_answers_with_the_demo_token_only() {
    let mut demo = DemoWorld::new(T0);
    assert_eq!(user_count(&mut demo, T0), 5);
    let wrong = request(
        DemoHost::Scim,
        "GET",
        &format!("{DEMO_BASE_URL}/Users"),
        "Bearer nope",
        None,
    );
    assert_eq!(response(demo.answer(wrong, T0)).0, 401);
}

#[test]
fn what_a_run_creates_stays_for_the_next_until_reset() {
    let mut demo = DemoWorld::new(T0);
    let create = request(
        DemoHost::Scim,
        "POST",
        &format!("{DEMO_BASE_URL}/Users"),
        "Bearer demo-token",
        Some(
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com"}"#,
        ),
    );
    assert_eq!(response(demo.answer(create.clone(), T0)).0, 201);
    assert_eq!(user_count(&mut demo, T0 + 60_000), 6);
    assert_eq!(response(demo.answer(create.clone(), T0)).0, 409);
    assert_eq!(demo.answer(DemoCall::Reset, T0), DemoAnswer::Done);
    assert_eq!(user_count(&mut demo, T0), 5);
}

#[test]
fn faults_switch_on_and_off_and_are_named_as_the_command_line_writes_them() {
    let mut demo = DemoWorld::new(T0);
    let on = DemoCall::SetFaults {
        faults: vec!["plain-errors".into(), format!("slow={DEMO_SLOW_MS}")],
    };
    assert_eq!(demo.answer(on, T0), DemoAnswer::Done);
    assert_eq!(
        demo.answer(DemoCall::FaultNames, T0),
        DemoAnswer::Faults {
            faults: vec!["plain-errors".into(), "slow=700".into()]
        }
    );
    let (status, body, delay) = response(demo.answer(scim_get("/Users/nobody"), T0));
    assert_eq!((status, delay), (404, u64::from(DEMO_SLOW_MS)));
    assert!(body.is_string(), "plain-errors answers text: {body}");

    // An unknown name changes nothing and says what is known.
    let DemoAnswer::Failed { reason } = demo.answer(
        DemoCall::SetFaults {
            faults: vec!["no-such-fault".into()],
        },
        T0,
    ) else {
        panic!("an unknown fault is refused");
    };
    assert!(
        reason.starts_with("unknown fault \"no-such-fault\"; known faults: duplicates-accepted")
    );
    assert_eq!(
        demo.answer(DemoCall::FaultNames, T0),
        DemoAnswer::Faults {
            faults: vec!["plain-errors".into(), "slow=700".into()]
        }
    );

    let off = DemoCall::SetFaults { faults: vec![] };
    assert_eq!(demo.answer(off, T0), DemoAnswer::Done);
    let (status, body, delay) = response(demo.answer(scim_get("/Users/nobody"), T0));
    assert_eq!((status, delay), (404, 0));
    assert_eq!(body["status"], "404");
}

#[test]
fn the_org_provisions_the_scim_server_after_the_demo_delay() {
    let mut demo = DemoWorld::new(T0);
    let ssws = "SSWS demo-okta-api-token";
    let created = demo.answer(
        request(
            DemoHost::Org,
            "POST",
            &format!("{DEMO_ORG_URL}/api/v1/users?activate=true"),
            ssws,
            Some(r#"{"profile":{"login":"ada@example.com","email":"ada@example.com","firstName":"Ada","lastName":"Lovelace"}}"#),
        ),
        T0,
    );
    let (status, user, _) = response(created);
    assert_eq!(status, 200, "{user}");
    let id = user["id"].as_str().expect("the org user has an id");
    let assign = assign_to_app(id, ssws);
    assert_eq!(response(demo.answer(assign, T0)).0, 200);

    let due = T0 + i64::try_from(DEMO_PROVISIONING_MS).expect("a small delay");
    let find = scim_get("/Users?filter=userName%20eq%20%22ada@example.com%22");
    let found = |demo: &mut DemoWorld, now| {
        response(demo.answer(find.clone(), now)).1["totalResults"].clone()
    };
    assert_eq!(found(&mut demo, due - 1), 0, "not pushed before the delay");
    assert_eq!(
        found(&mut demo, due),
        1,
        "pushed before the request at the delay is answered"
    );
}

#[test]
fn reset_drops_pushes_still_queued() {
    let mut demo = DemoWorld::new(T0);
    let ssws = "SSWS demo-okta-api-token";
    let (_, user, _) = response(demo.answer(
        request(
            DemoHost::Org,
            "POST",
            &format!("{DEMO_ORG_URL}/api/v1/users?activate=true"),
            ssws,
            Some(r#"{"profile":{"login":"bo@example.com","email":"bo@example.com","firstName":"Bo","lastName":"Li"}}"#),
        ),
        T0,
    ));
    let id = user["id"].as_str().expect("the org user has an id");
    let assign = assign_to_app(id, ssws);
    assert_eq!(response(demo.answer(assign, T0)).0, 200);
    assert_eq!(demo.answer(DemoCall::Reset, T0 + 1), DemoAnswer::Done);
    assert_eq!(user_count(&mut demo, T0 + 60_000), 5);
}

#[test]
fn on_the_wire_json_in_json_out_and_nonsense_gets_a_sentence() {
    let mut demo = DemoWorld::new(T0);
    let answer: DemoAnswer =
        serde_json::from_str(&demo.answer_text(r#"{"call":"fault_names"}"#, T0))
            .expect("the answer is JSON");
    assert_eq!(answer, DemoAnswer::Faults { faults: vec![] });
    for nonsense in ["", "{", r#"{"call":"shutdown"}"#, "null"] {
        let answer: DemoAnswer =
            serde_json::from_str(&demo.answer_text(nonsense, T0)).expect("the answer is JSON");
        let DemoAnswer::Failed { reason } = answer else {
            panic!("{nonsense:?} is refused");
        };
        assert!(
            reason.starts_with("the demo server did not understand the page"),
            "{reason}"
        );
    }
}
