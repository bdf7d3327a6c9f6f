//! The package in Node (the default wasm-bindgen-test runtime).
#![cfg(target_arch = "wasm32")]

mod common;

common::shared_tests!();
