//! Times one simulated hour of a Parallel StatefulSet with a rolling update half-way:
//! `cargo run --release -p sts-run --example hour -- 1000`. Lives in the runner crate because
//! it reads the wall clock, which the engine crate forbids itself.

use std::time::Instant;
use sts_engine::bundled::WEB_PARALLEL_YAML;
use sts_engine::{Action, SimDuration, Simulation};

fn main() {
    let replicas: i64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let started = Instant::now();
    let mut sim = Simulation::new(0);
    let ok = |r: Result<sts_engine::Outcome, sts_engine::ActionError>| r.map(|_| ()).map_err(|e| e.to_string());
    // Enough nodes that every pod has an address (a node's /24 holds 253).
    let extra_nodes = (replicas / 200).saturating_sub(2);
    for i in 0..extra_nodes {
        if let Err(e) = ok(sim.apply(Action::AddNode { name: format!("node-{}", i + 4), zone: None })) {
            eprintln!("{e}");
            return;
        }
    }
    let steps = [
        Action::Apply { manifest: WEB_PARALLEL_YAML.into(), source: "web-parallel.yaml".into() },
        Action::ScaleTo { statefulset: "web".into(), replicas },
        Action::Advance { by: SimDuration::from_secs(1800) },
        Action::SetImage { statefulset: "web".into(), container: "nginx".into(), image: "nginx:2".into() },
        Action::Advance { by: SimDuration::from_secs(1800) },
    ];
    for step in steps {
        if let Err(e) = ok(sim.apply(step)) {
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
