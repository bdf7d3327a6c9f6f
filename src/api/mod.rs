//! The Worker's HTTP contract as types: the bodies its routes answer with and the problem codes it sends, shared by
//! the Worker, the browser package and the widget.

pub mod consent;
pub mod problem;
