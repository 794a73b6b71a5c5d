//! The demo worker's entry point: one [`demo_worker::DemoWorld`] for the worker's life,
//! answering the page's calls in the order they come, each at the time it comes. Built by
//! trunk for the browser only (index.html); natively there is nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    let now_ms = || js_sys::Date::now() as i64;
    let mut demo = demo_worker::DemoWorld::new(now_ms());
    worker_protocol::worker::serve(move |call: String| {
        std::future::ready(demo.answer_text(&call, now_ms()))
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("demo-worker runs in a browser, started by the page; build it with trunk");
    std::process::exit(2);
}
