//! Part of the `scim-server` binary (not the library): the `--okta` flags, serving the
//! emulated org beside the SCIM endpoints on the same address, its CORS, the variables
//! printed for Okta's CRUD suite, and the timer that sends provisioning pushes on time.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use clap::Args;
use scim_server::okta::cors;
use scim_server::{OktaEmulation, OrgOptions, Request, Response, UpdateMethod};

/// The emulated Okta org.
#[derive(Debug, Args)]
pub struct OrgArgs {
    /// Serves an emulated Okta org beside the SCIM endpoints (its API under /api/v1 and
    /// /governance/api/v1 on the same address), provisioning them as Okta does, for
    /// Okta's CRUD suites. Prints the suite's variables after the first line.
    #[arg(long)]
    pub okta: bool,
    /// The org's API token, sent as `Authorization: SSWS <token>`.
    #[arg(long, value_name = "T", default_value = "okta-api-token")]
    pub okta_token: String,
    /// The org's OAuth 2.0 access token, sent as `Authorization: Bearer <token>` (the only
    /// kind a browser may send).
    #[arg(long, value_name = "T", default_value = "okta-access-token")]
    pub okta_access_token: String,
    /// An origin the org answers browsers from (CORS), e.g. http://127.0.0.1:8080;
    /// repeatable or comma-separated. Browsers must also send the access token.
    #[arg(long, value_name = "ORIGIN", value_delimiter = ',')]
    pub okta_trusted_origin: Vec<String>,
    /// How long after a change the org pushes it to the SCIM server, in milliseconds
    /// (Okta's suites wait 20 s or more).
    #[arg(long, value_name = "MS", default_value_t = 3000)]
    pub okta_delay_ms: u64,
    /// How the org sends updates: put-and-patch (profile by PUT, activation by PATCH, as
    /// Okta's SCIM reference describes for OIN integrations), patch, or put (App
    /// Integration Wizard apps).
    #[arg(long, value_name = "METHOD", default_value = "put-and-patch")]
    pub okta_updates: UpdateMethod,
    /// The app instance's id (`oktaAppId`); default: drawn from the id seed.
    #[arg(long, value_name = "ID")]
    pub okta_app_id: Option<String>,
}

impl OrgArgs {
    /// The org's options.
    pub fn options(&self, id_seed: u64) -> OrgOptions {
        OrgOptions {
            api_token: self.okta_token.clone(),
            access_token: self.okta_access_token.clone(),
            app_id: self.okta_app_id.clone(),
            provisioning_delay_ms: self.okta_delay_ms,
            updates: self.okta_updates,
            id_seed: id_seed ^ 0x0C7A,
            ..OrgOptions::default()
        }
    }

    /// Refuses a SCIM base path under the org's paths: the two would answer the same URLs.
    pub fn check(&self, base_path: &str) -> Result<(), String> {
        let probe = format!("{}/", base_path.trim_end_matches('/'));
        if self.okta && scim_server::OktaOrg::is_org_path(&probe) {
            return Err(format!(
                "--base-path {base_path} is where the Okta org's API lives; choose another"
            ));
        }
        Ok(())
    }

    /// Answers a request to the org's paths, with the org's CORS.
    pub fn serve(&self, request: &Request, world: &Mutex<OktaEmulation>, now_ms: i64) -> Response {
        let trusted = &self.okta_trusted_origin;
        let error_id = format!("oae{now_ms:x}");
        if let Some(response) = cors::intercept(request, trusted, error_id) {
            return response;
        }
        let mut response = lock(world).handle_org(request, now_ms);
        cors::decorate(request, &mut response, trusted);
        response
    }
}

fn lock(world: &Mutex<OktaEmulation>) -> std::sync::MutexGuard<'_, OktaEmulation> {
    world.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The CRUD suite's variables on stdout, after the first line, one `name=value` a line and
/// a blank line after them; a summary on stderr.
pub fn announce(address: SocketAddr, world: &OktaEmulation) {
    let org_url = format!("http://{address}");
    let scim_url = format!("{org_url}{}", world.scim().options().base_path);
    let mut stdout = std::io::stdout().lock();
    // Ignored, as for the first line: with stdout gone there is no one to tell.
    let _ = writeln!(
        stdout,
        "Variables for Okta's CRUD suites (paste as initial variables):"
    );
    for (name, value) in world.crud_variables(&org_url, &scim_url) {
        let _ = writeln!(stdout, "{name}={value}");
    }
    let _ = writeln!(stdout);
    let _ = stdout.flush();
    let options = world.org().options();
    eprintln!(
        "scim-server: Okta org at {org_url} (app {}); pushes {} ms after each change ({:?}); a browser must send `Bearer {}` from a trusted origin",
        world.org().app_id(),
        options.provisioning_delay_ms,
        options.updates,
        options.access_token,
    );
}

/// Sends pushes when they are due, without waiting for the next request, and logs each.
pub fn push_on_time(world: Arc<Mutex<OktaEmulation>>, now_ms: fn() -> i64) {
    thread::spawn(move || {
        let mut logged = 0;
        loop {
            thread::sleep(Duration::from_millis(50));
            let mut world = lock(&world);
            world.advance(now_ms());
            let pushes = world.org().pushes();
            for push in pushes.get(logged..).unwrap_or_default() {
                eprintln!(
                    "okta push: {} {} -> {}",
                    push.method, push.target, push.status
                );
            }
            logged = pushes.len();
        }
    });
}
