//! The natively run sandbox sends nothing: a listener on 127.0.0.1 hears no connection while
//! scripts try every way out with the token. (The browser's worker has its own listener
//! tests in tests/e2e/sandbox-security.test.mjs.)

use std::io::ErrorKind;
use std::net::TcpListener;

use super::*;

#[test]
fn no_script_reaches_a_listener() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.set_nonblocking(true).expect("non-blocking");
    let port = listener.local_addr().expect("an address").port();
    let vars: Variables = [("auth", "Bearer native-secret")].into_iter().collect();
    let url =
        format!("'http://127.0.0.1:{port}/c.json?t=' + encodeURIComponent(variables.get('auth'))");
    let attempts = [
        format!("import/**/({url}, {{with: {{type: 'json'}}}})"),
        format!("import\n({url})"),
        format!("eval('imp' + 'ort(' + JSON.stringify({url}) + ')')"),
        format!("fetch({url})"),
        format!("new XMLHttpRequest().open('GET', {url})"),
        format!("Function('return this')().fetch({url})"),
        format!("new WebSocket({url}.replace('http', 'ws'))"),
        format!("importScripts({url})"),
    ];
    for source in &attempts {
        let _ = run_input(input(ScriptKind::Initial, source, &vars));
    }
    match listener.accept() {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        other => panic!("the listener was reached: {other:?}"),
    }
}
