//! Issue 5's seek benchmark: a ten-minute session played in the page's 100 ms ticks,
//! with a scale, a pod deletion and a rollout on the way, then seeks to moments across
//! it. The page must show any moment within one frame (16 ms).
//! `cargo bench -p sts-engine --bench seek`; results are in the README.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use sts_engine::bundled::WEB_YAML;
use sts_engine::timeline::Timeline;
use sts_engine::{Action, SimDuration, SimTime, Simulation};

/// Ten minutes of the opening scene at `replicas`, as the page records it.
fn session(replicas: i64) -> Timeline {
    let mut timeline = Timeline::new(Simulation::new(0));
    let apply = Action::Apply { manifest: WEB_YAML.into(), source: "web.yaml".into() };
    let _ = timeline.act("kubectl apply -f web.yaml", |sim| sim.apply(apply));
    let _ = timeline.act("kubectl scale", |sim| sim.apply(Action::ScaleTo { statefulset: "web".into(), replicas }));
    for tick in 0..6_000u32 {
        timeline.advance(SimDuration::from_millis(100));
        if tick == 2_000 {
            let _ = timeline.act("kubectl delete pod web-1", |sim| {
                sim.apply(Action::DeletePod { pod: "web-1".into(), grace_period_seconds: None })
            });
        }
        if tick == 3_000 {
            let image =
                Action::SetImage { statefulset: "web".into(), container: "nginx".into(), image: "nginx:1.27".into() };
            let _ = timeline.act("kubectl set image", |sim| sim.apply(image));
        }
    }
    timeline
}

fn seek(c: &mut Criterion) {
    let mut group = c.benchmark_group("seek in a 10-minute session");
    for replicas in [3i64, 100] {
        let recorded = session(replicas);
        let end = recorded.end().0;
        group.bench_with_input(BenchmarkId::from_parameter(replicas), &replicas, |b, _| {
            let mut timeline = recorded.clone();
            let mut step = 0u64;
            b.iter(|| {
                // Moments spread over the session, never two alike in a row.
                step = (step + 7_919) % 97;
                timeline.seek(SimTime(end * step / 97));
                black_box(timeline.now())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, seek);
criterion_main!(benches);
