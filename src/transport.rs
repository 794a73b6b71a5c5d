//! The one transport a run uses: requests to the demo host go to the in-page demo server,
//! all others to the network through `fetch`.
use suite_engine::{HttpRequest, HttpResponse, RequestFailure, Transport};

use crate::demo;
use crate::fetch::FetchTransport;

pub struct PageTransport;

impl Transport for PageTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        if demo::is_demo_url(&request.url) {
            demo::send(request).await
        } else {
            FetchTransport.send(request).await
        }
    }
}
