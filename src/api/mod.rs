//! The Worker's HTTP contract: the bodies its routes answer with, shared by the Worker and the browser package.

pub mod consent;
