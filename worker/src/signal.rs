//! One-shot wake-ups between requests, done so that the woken request runs in its *own* request context.
//!
//! All Rust tasks of an isolate share wasm-bindgen-futures' one queue. Waking request B's task directly from
//! request A (a Rust channel, `futures::future::Shared`) makes B run inside A's I/O context: B's fetches then
//! belong to A, and are cancelled when A finishes ("code had hung", "promise resolved from a different request
//! context"). Here the waiter creates a JavaScript promise in its own context and awaits it; the notifier only
//! resolves it. workerd then runs the continuation in the waiter's context (the default
//! `handle_cross_request_promise_resolution` behaviour), so B resumes as B. A waiter must also keep a timer of its
//! own running ([`wait_at_most`]): a request whose context has nothing pending is cancelled as hung, even if
//! another request is about to wake it. Natively (unit tests) a oneshot channel stands in and there is no timer.

use std::{future::Future, pin::Pin, task::Poll};

/// The notifying half.
pub struct Notify(Inner);

/// The waiting half: a future that completes once [`Notify::notify`] is called (or the notifier is dropped).
pub struct Wait(WaitInner);

#[cfg(target_arch = "wasm32")]
type Inner = Option<js_sys::Function>;
#[cfg(target_arch = "wasm32")]
type WaitInner = wasm_bindgen_futures::JsFuture;

#[cfg(not(target_arch = "wasm32"))]
type Inner = futures_channel::oneshot::Sender<()>;
#[cfg(not(target_arch = "wasm32"))]
type WaitInner = futures_channel::oneshot::Receiver<()>;

/// A fresh pair. Create it in the waiting request's own context.
#[cfg(target_arch = "wasm32")]
pub fn signal() -> (Notify, Wait) {
    let mut resolve = None;
    // The executor runs synchronously (per the spec), so `resolve` is set when `new` returns.
    let promise = js_sys::Promise::new(&mut |res, _rej| resolve = Some(res));
    (Notify(resolve), Wait(wasm_bindgen_futures::JsFuture::from(promise)))
}

/// A fresh pair (native stand-in).
#[cfg(not(target_arch = "wasm32"))]
pub fn signal() -> (Notify, Wait) {
    let (tx, rx) = futures_channel::oneshot::channel();
    (Notify(tx), Wait(rx))
}

impl Notify {
    /// Wakes the waiter (a no-op if it is gone).
    pub fn notify(self) {
        #[cfg(target_arch = "wasm32")]
        if let Some(f) = self.0 {
            let _ = f.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = self.0.send(());
    }
}

impl Future for Wait {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<()> {
        Pin::new(&mut self.0).poll(cx).map(|_| ())
    }
}

/// Waits for the notification, but at most `ms` milliseconds (a timer in the waiter's own context, which also
/// keeps workerd from taking the waiting request for a hung one). `true` if notified.
pub async fn wait_at_most(wait: Wait, ms: u64) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        use futures_util::future::{select, Either};
        let timer = worker::Delay::from(std::time::Duration::from_millis(ms));
        matches!(select(std::pin::pin!(wait), std::pin::pin!(timer)).await, Either::Left(_))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = ms;
        wait.await;
        true
    }
}
