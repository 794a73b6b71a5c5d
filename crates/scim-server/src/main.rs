//! `scim-server`: the in-memory SCIM 2.0 server behind real HTTP, with CORS for any origin,
//! and with `--okta` an emulated Okta org beside it (see `org.rs`).
//!
//! HTTP is `tiny_http` with a thread per request: a blocking server with few dependencies,
//! which keeps the build short; a reference server for conformance runs needs no async
//! runtime. The data sits behind one mutex, held only while the core answers.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;
use scim_server::{
    cors, Fault, Faults, OktaEmulation, OktaOrg, Request, Response, ScimServer, ServerOptions,
};

mod org_http;
use org_http as org;

/// An in-memory SCIM 2.0 server (RFC 7643/7644) to test SCIM clients and conformance
/// runners against, with switchable faults that copy real servers' mistakes.
#[derive(Debug, Parser)]
#[command(name = "scim-server", version, after_help = faults_help())]
struct Args {
    /// The port to listen on; 0 picks a free one. The first line on stdout gives the URL.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// The bearer token clients must send (`Authorization: Bearer <token>`, or the bare token).
    #[arg(long, default_value = "secret-token")]
    token: String,
    /// How many users to seed.
    #[arg(long, value_name = "N", default_value_t = 5)]
    seed: usize,
    /// How many groups to seed; every seeded user is a member of one.
    #[arg(long, value_name = "N", default_value_t = 3)]
    groups: usize,
    /// The path the SCIM endpoints live under.
    #[arg(long, default_value = "/scim/v2")]
    base_path: String,
    /// Turns a fault on (repeatable, or comma-separated); see the list below.
    #[arg(long = "fault", value_name = "NAME", value_delimiter = ',')]
    faults: Vec<Fault>,
    /// Seeds the id generator, for the same ids on every start (default: from the clock).
    #[arg(long, value_name = "N")]
    id_seed: Option<u64>,
    #[command(flatten)]
    okta: org::OrgArgs,
}

/// The fault list shown by `--help`, from the same table as the README.
fn faults_help() -> String {
    scim_server::faults_help()
}

fn main() -> ExitCode {
    let args = Args::parse();
    let faults: Faults = args.faults.iter().copied().collect();
    let no_cors = faults.contains(Fault::NoCors);
    let id_seed = args.id_seed.unwrap_or_else(clock_seed);
    let options = ServerOptions {
        token: args.token,
        base_path: args.base_path,
        public_base_url: None,
        seed_users: args.seed,
        seed_groups: args.groups,
        id_seed,
        faults,
    };
    if let Err(problem) = args.okta.check(&options.base_path) {
        eprintln!("scim-server: {problem}");
        return ExitCode::from(2);
    }
    let world = OktaEmulation::new(options, args.okta.options(id_seed), now_ms());

    let http = match listen(&args.host, args.port) {
        Ok(http) => http,
        Err(error) => {
            eprintln!(
                "scim-server: cannot listen on {}:{}: {error}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let Some(address) = http.server_addr().to_ip() else {
        eprintln!("scim-server: the listener has no IP address");
        return ExitCode::FAILURE;
    };
    announce(address, world.scim());
    let world = Arc::new(Mutex::new(world));
    if args.okta.okta {
        org::announce(address, &lock(&world));
        org::push_on_time(Arc::clone(&world), now_ms);
    }

    let org = Arc::new(args.okta);
    for request in http.incoming_requests() {
        let world = Arc::clone(&world);
        let org = Arc::clone(&org);
        thread::spawn(move || serve(request, &world, &org, no_cors));
    }
    ExitCode::SUCCESS
}

fn lock(world: &Mutex<OktaEmulation>) -> std::sync::MutexGuard<'_, OktaEmulation> {
    world.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The URL on stdout's first line (tests read it), the rest on stderr.
fn announce(address: SocketAddr, server: &ScimServer) {
    let options = server.options();
    let mut stdout = std::io::stdout().lock();
    // Ignored: with stdout gone there is no one to tell.
    let _ = writeln!(
        stdout,
        "scim-server listening on http://{address}{}",
        options.base_path
    );
    let _ = stdout.flush();
    let faults: Vec<String> = server.faults().iter().map(ToString::to_string).collect();
    eprintln!(
        "scim-server: {} users, {} groups; token {:?}; faults: {}",
        server.user_count(),
        server.group_count(),
        options.token,
        if faults.is_empty() {
            "none".to_owned()
        } else {
            faults.join(", ")
        }
    );
}

/// Binds with TCP_NODELAY, which accepted connections inherit: without it a kept-alive
/// connection waits ~40 ms per response for the client's delayed ACK (Nagle's algorithm).
fn listen(
    host: &str,
    port: u16,
) -> Result<tiny_http::Server, Box<dyn std::error::Error + Send + Sync>> {
    let listener = std::net::TcpListener::bind((host, port))?;
    socket2::SockRef::from(&listener).set_nodelay(true)?;
    tiny_http::Server::from_listener(listener, None)
}

fn serve(
    mut http_request: tiny_http::Request,
    world: &Mutex<OktaEmulation>,
    org: &org::OrgArgs,
    no_cors: bool,
) {
    let started = Instant::now();
    let mut request = Request::new(http_request.method().as_str(), http_request.url());
    request.headers = http_request
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_owned(),
                h.value.as_str().to_owned(),
            )
        })
        .collect();
    let limit = u64::try_from(scim_server::MAX_BODY_BYTES + 1).unwrap_or(u64::MAX);
    if let Err(error) = http_request
        .as_reader()
        .take(limit)
        .read_to_end(&mut request.body)
    {
        eprintln!(
            "{} {} -> could not read the body: {error}",
            request.method,
            http_request.url()
        );
        return;
    }

    let response = if org.okta && OktaOrg::is_org_path(&request.path) {
        org.serve(&request, world, now_ms())
    } else if !no_cors && cors::is_preflight(&request) {
        cors::preflight(&request)
    } else {
        let mut response = lock(world).handle_scim(&request, now_ms());
        if !no_cors {
            cors::decorate(&request, &mut response);
        }
        response
    };
    if !response.delay.is_zero() {
        thread::sleep(response.delay);
    }
    eprintln!(
        "{} {} -> {} ({} ms)",
        request.method,
        http_request.url(),
        response.status,
        started.elapsed().as_millis()
    );
    if let Err(error) = http_request.respond(to_http(response)) {
        eprintln!("scim-server: could not send the response: {error}");
    }
}

fn to_http(response: Response) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut out = tiny_http::Response::from_data(response.body.into_bytes())
        .with_status_code(response.status);
    for (name, value) in response.headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            out.add_header(header);
        }
    }
    out
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A different id seed on every start, so ids from an earlier run do not come back.
fn clock_seed() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| {
        d.as_secs() ^ u64::from(d.subsec_nanos()).rotate_left(32)
    })
}
