//! Issue 3's benchmark: one simulated hour of a Parallel StatefulSet with a rolling update
//! half-way, for growing replica counts. `cargo bench -p sts-engine --bench hour`.
//! Results are written in the README (timings live in benchmarks, not in tests).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use sts_engine::bundled::WEB_PARALLEL_YAML;
use sts_engine::{Action, SimDuration, Simulation};

/// Pods per node the benchmark plans for (each node's /24 has 253 pod addresses).
const PODS_PER_NODE: i64 = 200;

/// Runs the hour and returns the simulation (so nothing is optimised away).
fn hour(replicas: i64) -> Simulation {
    let mut sim = Simulation::new(0);
    let extra_nodes = (replicas / PODS_PER_NODE).saturating_sub(2);
    let mut actions: Vec<Action> =
        (0..extra_nodes).map(|i| Action::AddNode { name: format!("node-{}", i + 4), zone: None }).collect();
    actions.extend([
        Action::Apply { manifest: WEB_PARALLEL_YAML.into(), source: "web-parallel.yaml".into() },
        Action::ScaleTo { statefulset: "web".into(), replicas },
        Action::Advance { by: SimDuration::from_secs(1800) },
        Action::SetImage { statefulset: "web".into(), container: "nginx".into(), image: "nginx:2".into() },
        Action::Advance { by: SimDuration::from_secs(1800) },
    ]);
    for action in actions {
        // A refusal here would make the benchmark meaningless; it is measured by the
        // runner's example and the tests, so it is simply skipped.
        let _ = sim.apply(action);
    }
    sim
}

fn simulated_hour(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulated hour, Parallel, rolling update half-way");
    group.sample_size(10);
    for replicas in [100i64, 300, 1000] {
        group.bench_with_input(BenchmarkId::from_parameter(replicas), &replicas, |b, &n| b.iter(|| black_box(hour(n))));
    }
    group.finish();
}

criterion_group!(benches, simulated_hour);
criterion_main!(benches);
