//! Starting the binary and a small blocking client.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The token the tests start servers with unless they say otherwise.
pub const TOKEN: &str = "secret-token";

/// A running `scim-server`; killed when dropped.
pub struct ServerProcess {
    child: Child,
    /// The URL from the first stdout line, e.g. `http://127.0.0.1:40123/scim/v2`.
    pub base_url: String,
    /// With `--okta`: the CRUD suite's variables printed after the first line.
    pub variables: Vec<(String, String)>,
    stderr: Arc<Mutex<Vec<String>>>,
    agent: ureq::Agent,
}

impl ServerProcess {
    /// Starts the binary with `--port 0 --host 127.0.0.1` and `args`.
    pub fn start(args: &[&str]) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_scim-server"))
            .args(["--port", "0", "--host", "127.0.0.1"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the scim-server binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut stdout = BufReader::new(stdout);
        let mut first_line = String::new();
        stdout
            .read_line(&mut first_line)
            .expect("scim-server prints its URL");
        let mut variables = Vec::new();
        if args.contains(&"--okta") {
            let mut heading = String::new();
            stdout
                .read_line(&mut heading)
                .expect("the variables' heading");
            assert!(
                heading.starts_with("Variables for Okta's CRUD suites"),
                "{heading:?}"
            );
            loop {
                let mut line = String::new();
                stdout.read_line(&mut line).expect("a variable line");
                let Some((name, value)) = line.trim_end().split_once('=') else {
                    break;
                };
                variables.push((name.to_owned(), value.to_owned()));
            }
        }
        let base_url = first_line
            .trim()
            .strip_prefix("scim-server listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"))
            .to_owned();

        // Drain stderr (one line per request) so the pipe never fills, keeping the lines.
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&stderr);
        let pipe = child.stderr.take().expect("stderr is piped");
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                lines.lock().expect("stderr lock").push(line);
            }
        });

        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .build();
        ServerProcess {
            child,
            base_url,
            variables,
            stderr,
            agent: ureq::Agent::new_with_config(config),
        }
    }

    /// A variable printed for the CRUD suite.
    pub fn variable(&self, name: &str) -> &str {
        self.variables
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no variable {name} in {:?}", self.variables))
    }

    /// The `http://host:port` part of the base URL.
    pub fn origin(&self) -> String {
        let after_scheme = self.base_url.trim_start_matches("http://");
        let host = after_scheme.split('/').next().unwrap_or_default();
        format!("http://{host}")
    }

    /// What the server wrote to stderr so far.
    pub fn stderr_lines(&self) -> Vec<String> {
        self.stderr.lock().expect("stderr lock").clone()
    }

    /// Sends a request to `url` (absolute, or relative to the base URL when it starts with
    /// `/`) with exactly these headers.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Reply {
        let url = if url.starts_with('/') {
            format!("{}{url}", self.base_url)
        } else {
            url.to_owned()
        };
        let mut builder = ureq::http::Request::builder()
            .method(method)
            .uri(encode_url(&url));
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let started = Instant::now();
        let result = match body {
            Some(body) => self
                .agent
                .run(builder.body(body.to_owned()).expect("a valid request")),
            None => self.agent.run(builder.body(()).expect("a valid request")),
        };
        let mut response = result.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let text = response
            .body_mut()
            .read_to_string()
            .unwrap_or_else(|e| panic!("{method} {url}: reading the body: {e}"));
        let elapsed = started.elapsed();
        Reply {
            status: response.status().as_u16(),
            headers: response
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        v.to_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
            body: text,
            elapsed,
        }
    }

    /// A request with the right bearer token and, with a body, a JSON content type.
    pub fn call(&self, method: &str, url: &str, body: Option<&Value>) -> Reply {
        let authorization = format!("Bearer {TOKEN}");
        let mut headers = vec![("Authorization", authorization.as_str())];
        if body.is_some() {
            headers.push(("Content-Type", "application/scim+json"));
        }
        let body = body.map(Value::to_string);
        self.send(method, url, &headers, body.as_deref())
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Ignored: the child may already be gone, and a test is ending either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One response.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// From sending the request to reading the whole body.
    pub elapsed: Duration,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, or `Null` when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// Percent-encodes what a URL may not contain as written (spaces, quotes, ...), as a
/// browser does with Okta's `?filter=userName eq "..."`.
pub fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        let allowed = byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&byte);
        if allowed {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
