//! The contract between Skatteetaten, the Worker, the browser package and the widget, as types: the four
//! endpoints, the bodies the Worker's routes answer with, and the problem codes it sends.

pub mod consent;
pub mod endpoint;
pub mod problem;
