//! Browser package `kravkit`: a thin wasm-bindgen facade over the core.
