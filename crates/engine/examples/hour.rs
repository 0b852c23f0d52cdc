//! One simulated hour of N replicas (the `hour` benchmark's workload), for profilers:
//! `cargo run --release -p sts-engine --example hour -- 1000`.
use sts_engine::{fixtures, Simulation};

fn main() {
    let replicas = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let sim = Simulation::replay(0, &fixtures::simulated_hour(replicas));
    println!("{} replicas: clock {:?}", replicas, sim.now());
}
