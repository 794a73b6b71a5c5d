//! Real HTTP on 127.0.0.1 for the host tests: a server that answers and records what it
//! gets, a listener that must hear nothing, and a transport over `ureq`.

#![allow(dead_code)]

use std::io::ErrorKind;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use suite_engine::*;

/// One request a [`Server`] received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

/// A server on 127.0.0.1 that answers every request `200 {"ok":true}` and records it.
pub struct Server {
    pub origin: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start() -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("a free port"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (inner, log) = (Arc::clone(&server), Arc::clone(&seen));
        let thread = std::thread::spawn(move || {
            for request in inner.incoming_requests() {
                log.lock().expect("not poisoned").push(Seen {
                    method: request.method().to_string(),
                    url: request.url().to_string(),
                    headers: request
                        .headers()
                        .iter()
                        .map(|h| (h.field.to_string(), h.value.to_string()))
                        .collect(),
                });
                let header = tiny_http::Header::from_bytes("Content-Type", "application/json")
                    .expect("a header");
                let _ = request
                    .respond(tiny_http::Response::from_string("{\"ok\":true}").with_header(header));
            }
        });
        Server {
            origin: format!("http://127.0.0.1:{port}"),
            seen,
            server,
            thread: Some(thread),
        }
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A port on 127.0.0.1 that listens but never accepts: any connection a client makes waits
/// in its queue, so [`Silent::connections`] counts every attempt, answered or not.
pub struct Silent {
    pub origin: String,
    listener: TcpListener,
}

impl Silent {
    pub fn start() -> Silent {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("an address").port();
        Silent {
            origin: format!("http://127.0.0.1:{port}"),
            listener,
        }
    }

    /// How many connections were made to it so far.
    pub fn connections(&self) -> usize {
        self.listener.set_nonblocking(true).expect("non-blocking");
        let mut n = 0;
        loop {
            match self.listener.accept() {
                Ok(_) => n += 1,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return n,
                Err(e) => panic!("accept failed: {e}"),
            }
        }
    }
}

/// [`Transport`] over a blocking `ureq` agent: every status is a response, no redirects.
pub struct Ureq {
    agent: ureq::Agent,
}

impl Ureq {
    pub fn new() -> Ureq {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(2)))
            .build();
        Ureq {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let fail =
            |e: &dyn std::fmt::Display| RequestFailure::new(FailureKind::Network, e.to_string());
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        for h in &request.headers {
            builder = builder.header(h.name.as_str(), h.value.as_str());
        }
        let body = request.body.clone().unwrap_or_default();
        let built = builder.body(body).map_err(|e| fail(&e))?;
        let mut response = self.agent.run(built).map_err(|e| fail(&e))?;
        let body = response.body_mut().read_to_vec().map_err(|e| fail(&e))?;
        Ok(HttpResponse {
            status: response.status().as_u16(),
            reason: String::new(),
            headers: response
                .headers()
                .iter()
                .map(|(n, v)| Header::new(n.as_str(), String::from_utf8_lossy(v.as_bytes())))
                .collect(),
            body,
            ..HttpResponse::default()
        })
    }
}

impl Transport for Ureq {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        // Blocking in the future is fine: `block_on` drives the runner on this thread.
        self.exchange(request)
    }
}
