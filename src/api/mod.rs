//! The Worker's API as types: what the Worker, the browser package and the widget agree on.

pub mod problem;
