//! A body the runtime streams from an upstream answer to the Worker's own, without it passing through wasm or
//! JavaScript: the Worker's cost for it does not grow with its size, and the runtime keeps the declared length.
//!
//! The call's concurrency permit ends when the upstream's headers have come (its body then streams outside the
//! count), and the body is bounded by the client: a client that goes away cancels the stream, which closes the
//! upstream call. (Piping through a `FixedLengthStream` instead, to hold the permit until the last byte, makes
//! workerd report an uncaught "Network connection lost" for every client that leaves midway.)

/// An upstream body on its way through.
pub struct Passing {
    stream: web_sys::ReadableStream,
}

impl Passing {
    /// The upstream answer's body stream.
    pub(super) fn new(stream: web_sys::ReadableStream) -> Self {
        Self { stream }
    }

    /// The body for the answer.
    pub fn into_body(self) -> web_sys::ReadableStream {
        self.stream
    }
}
