//! The accept loop: hyper HTTP/1.1 per connection, with a switch a fault can pull to close the connection
//! without answering (which `axum::serve` cannot do).

use std::{sync::Arc, time::Duration};

use axum::{body::Body, Router};
use hyper::{body::Incoming, service::service_fn};
use hyper_util::rt::TokioIo;
use tokio::{net::TcpListener, sync::Notify};
use tower::ServiceExt as _;

/// In every request's extensions: pulling it closes the TCP connection at once, with no response.
#[derive(Clone, Debug)]
pub struct DropSwitch(Arc<Notify>);

impl DropSwitch {
    /// Closes the connection the request came on.
    pub fn pull(&self) {
        self.0.notify_one();
    }
}

/// Serves `app` on `listener` until the process ends.
pub async fn serve(listener: TcpListener, app: Router) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                eprintln!("kravkit-sim: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        tokio::spawn(async move {
            let switch = DropSwitch(Arc::new(Notify::new()));
            let for_requests = switch.clone();
            let service = service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(for_requests.clone());
                app.clone().oneshot(req.map(Body::new))
            });
            let conn = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = conn => {}
                () = switch.0.notified() => {}
            }
        });
    }
}
