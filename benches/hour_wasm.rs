//! Issue 14's wasm benchmark: the engine's `hour` workload (one simulated hour of a
//! Parallel StatefulSet with a rolling update half-way, `sts_engine::fixtures`) run in
//! headless Chromium, to compare with the native criterion figure of
//! `cargo bench -p sts-engine --bench hour`:
//!
//! `cargo bench -p sts-playground --target wasm32-unknown-unknown --bench hour_wasm`
//!
//! wasm-bindgen-test's criterion port does the sampling; the figures are written in the
//! README. A benchmark, not a test: nothing here passes or fails on time.
#![cfg(target_arch = "wasm32")]

use std::hint::black_box;
use sts_engine::{fixtures, Simulation};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Ten samples, a second of warm-up: one iteration takes about a second, and a page
/// busy for more than 20 s at a stretch times out the browser driver.
fn few_samples(c: &mut Criterion) {
    *c = std::mem::take(c).sample_size(10).warm_up_time(std::time::Duration::from_secs(1));
}

/// Benchmarks one simulated hour of `replicas` replicas.
fn bench_hour(c: &mut Criterion, replicas: i64) {
    few_samples(c);
    let actions = fixtures::simulated_hour(replicas);
    let name = format!("simulated hour, Parallel, rolling update half-way/{replicas} (wasm)");
    c.bench_function(&name, |b| b.iter(|| black_box(Simulation::replay(0, &actions))));
}

#[wasm_bindgen_bench]
fn simulated_hour_1000(c: &mut Criterion) {
    bench_hour(c, 1000);
}

#[wasm_bindgen_bench]
fn simulated_hour_100(c: &mut Criterion) {
    bench_hour(c, 100);
}
