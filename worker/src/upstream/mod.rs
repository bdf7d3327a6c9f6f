//! Everything that leaves the Worker: the fetch adapter (timeouts, concurrency, retries) and one module per
//! upstream service, each a thin layer over the core's prepare/parse functions.

pub mod altinn2;
pub mod altinn3;
pub mod consent_page;
pub mod http;
pub mod maskinporten;
pub mod semaphore;
pub mod skatteetaten;
