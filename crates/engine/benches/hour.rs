//! Issue 3's benchmark: one simulated hour of a Parallel StatefulSet with a rolling update
//! half-way, for growing replica counts. `cargo bench -p sts-engine --bench hour`.
//! Results are written in the README (timings live in benchmarks, not in tests).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use sts_engine::{fixtures, Simulation};

/// Runs the workload and returns the simulation (so nothing is optimised away). Every
/// action is accepted; `fixtures` has a test that says so.
fn hour(replicas: i64) -> Simulation {
    Simulation::replay(0, &fixtures::simulated_hour(replicas))
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
