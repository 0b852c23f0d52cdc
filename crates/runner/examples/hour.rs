//! Times one simulated hour of a Parallel StatefulSet with a rolling update half-way:
//! `cargo run --release -p sts-run --example hour -- 1000`. Lives in the runner crate because
//! it reads the wall clock, which the engine crate forbids itself.

use std::time::Instant;
use sts_engine::Simulation;

fn main() {
    let replicas: i64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let started = Instant::now();
    let mut sim = Simulation::new(0);
    for action in sts_engine::fixtures::simulated_hour(replicas) {
        if let Err(e) = sim.apply(action) {
            eprintln!("{e}");
            return;
        }
    }
    let status = sim.cluster().list::<sts_engine::api::StatefulSet>().values().next().and_then(|s| s.status.clone());
    println!(
        "{replicas} replicas, 1 simulated hour: {:?} wall; status {:?}",
        started.elapsed(),
        status.map(|s| (s.ready_replicas, s.updated_replicas))
    );
}
