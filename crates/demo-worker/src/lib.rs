//! The workshop demo as the page's web worker: the reference server's core and its emulated
//! Okta org ([`OktaEmulation`]), built from the demo's values in
//! [`worker_protocol::demo`], answering the page's [`DemoCall`]s. It lives as long as the
//! page, so users, faults and pending provisioning carry over from one run to the next.
//!
//! This file is the worker's logic, plain and tested natively; `main.rs` only wires it to
//! the worker's messages.
//!
//! ```
//! use demo_worker::DemoWorld;
//! use worker_protocol::demo::{DemoAnswer, DemoCall};
//!
//! let mut demo = DemoWorld::new(1_700_000_000_000);
//! let faults = DemoCall::SetFaults { faults: vec!["plain-errors".into()] };
//! assert_eq!(demo.answer(faults, 1_700_000_000_000), DemoAnswer::Done);
//! ```

#![deny(missing_docs)]

use scim_server::{Fault, Faults, OktaEmulation, OrgOptions, Request, ServerOptions};
use worker_protocol::demo::{
    DemoAnswer, DemoCall, DemoHost, DemoRequest, DEMO_APP_ID, DEMO_APP_LABEL, DEMO_BASE_URL,
    DEMO_ORG_ACCESS_TOKEN, DEMO_ORG_API_TOKEN, DEMO_ORG_URL, DEMO_PROVISIONING_MS, DEMO_TOKEN,
};

/// The demo's SCIM server and org.
#[derive(Debug)]
pub struct DemoWorld {
    world: OktaEmulation,
}

/// The SCIM server's options: the demo token, and links under the demo's URL.
pub fn scim_options() -> ServerOptions {
    ServerOptions {
        token: DEMO_TOKEN.into(),
        public_base_url: Some(DEMO_BASE_URL.into()),
        ..ServerOptions::default()
    }
}

/// The org's options: the demo's credentials, app and provisioning delay.
pub fn org_options() -> OrgOptions {
    OrgOptions {
        api_token: DEMO_ORG_API_TOKEN.into(),
        access_token: DEMO_ORG_ACCESS_TOKEN.into(),
        app_id: Some(DEMO_APP_ID.into()),
        app_label: DEMO_APP_LABEL.into(),
        public_url: Some(DEMO_ORG_URL.into()),
        provisioning_delay_ms: DEMO_PROVISIONING_MS,
        ..OrgOptions::default()
    }
}

impl DemoWorld {
    /// Seeded at `now_ms`.
    pub fn new(now_ms: i64) -> DemoWorld {
        DemoWorld {
            world: OktaEmulation::new(scim_options(), org_options(), now_ms),
        }
    }

    /// The answer to `call` at `now_ms`.
    pub fn answer(&mut self, call: DemoCall, now_ms: i64) -> DemoAnswer {
        match call {
            DemoCall::Request { request } => self.respond(&request, now_ms),
            DemoCall::SetFaults { faults } => match parse_faults(&faults) {
                Ok(set) => {
                    self.world.scim_mut().set_faults(set);
                    DemoAnswer::Done
                }
                Err(reason) => DemoAnswer::Failed { reason },
            },
            DemoCall::Reset => {
                self.world.reset(now_ms);
                DemoAnswer::Done
            }
            DemoCall::FaultNames => DemoAnswer::Faults {
                faults: self
                    .world
                    .scim()
                    .faults()
                    .iter()
                    .map(Fault::to_string)
                    .collect(),
            },
        }
    }

    /// [`answer`](Self::answer) on the wire: the call's JSON in, the answer's JSON out.
    pub fn answer_text(&mut self, call: &str, now_ms: i64) -> String {
        let answer = match serde_json::from_str::<DemoCall>(call) {
            Ok(call) => self.answer(call, now_ms),
            Err(e) => DemoAnswer::Failed {
                reason: format!("the demo server did not understand the page ({e})"),
            },
        };
        serde_json::to_string(&answer).unwrap_or_else(|_| {
            r#"{"answer":"failed","reason":"the demo server could not write its answer"}"#.into()
        })
    }

    /// Pushes due by `now_ms` first, then the answer of the host `request` is addressed to.
    fn respond(&mut self, request: &DemoRequest, now_ms: i64) -> DemoAnswer {
        let mut scim = Request::new(request.method.as_str(), &request.url);
        for (name, value) in &request.headers {
            scim = scim.with_header(name.as_str(), value.as_str());
        }
        if let Some(body) = &request.body {
            scim = scim.with_body(body.as_bytes().to_vec());
        }
        let response = match request.host {
            DemoHost::Org => self.world.handle_org(&scim, now_ms),
            DemoHost::Scim => self.world.handle_scim(&scim, now_ms),
        };
        DemoAnswer::Response {
            status: response.status,
            headers: response.headers,
            body: response.body,
            delay_ms: u64::try_from(response.delay.as_millis()).unwrap_or(u64::MAX),
        }
    }

    /// The emulation, for tests that compare with it.
    pub fn emulation(&self) -> &OktaEmulation {
        &self.world
    }
}

/// `names` as a set of faults, or which name is wrong.
fn parse_faults(names: &[String]) -> Result<Faults, String> {
    names
        .iter()
        .map(|name| name.parse::<Fault>().map_err(|e| e.to_string()))
        .collect()
}
