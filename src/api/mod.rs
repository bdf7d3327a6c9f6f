//! The contract between Skatteetaten, the Worker, the browser package and the widget, as types: the four
//! endpoints, the bodies the Worker's routes answer with, and the problem codes it sends.

pub mod consent;
pub mod endpoint;
pub mod problem;
pub mod representation;

/// For an optional field that may be left out but is never `null`: `#[serde(default, deserialize_with =
/// "present")]` (serde alone reads `null` as `None`).
pub fn present<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}
