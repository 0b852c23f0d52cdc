//! Fixed action sequences shared across crates: the native engine tests and the browser
//! (wasm) tests run the same golden list, so their outputs can be compared byte for byte;
//! the criterion bench and the runner's timing example run the same benchmark workload.

use crate::action::Action;
use crate::api::Kind;
use crate::bundled::{WEB_PARALLEL_YAML, WEB_YAML};
use crate::patch::PatchType;
use crate::time::SimDuration;

/// Tutorial set scaled to 3, web-1 deleted and re-created, the set and a claim patched,
/// then scaled down to 1.
pub fn golden_actions() -> Vec<Action> {
    let advance = || Action::Advance { by: SimDuration::from_secs(30) };
    vec![
        Action::Apply { manifest: WEB_YAML.into(), source: "web.yaml".into() },
        Action::ScaleTo { statefulset: "web".into(), replicas: 3 },
        advance(),
        Action::DeletePod { pod: "web-1".into(), grace_period_seconds: None },
        advance(),
        // The tutorial's partition patch (strategic merge) and a JSON patch of a claim:
        // `kubectl patch` decodes through the wire codec, in the page as natively.
        Action::Patch {
            kind: Kind::StatefulSet,
            name: "web".into(),
            patch: r#"{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}"#.into(),
            patch_type: PatchType::Strategic,
        },
        Action::Patch {
            kind: Kind::PersistentVolumeClaim,
            name: "www-web-0".into(),
            patch: r#"[{"op":"add","path":"/metadata/labels/tier","value":"web"}]"#.into(),
            patch_type: PatchType::Json,
        },
        Action::ScaleTo { statefulset: "web".into(), replicas: 1 },
        advance(),
    ]
}

/// Pods per node the benchmark workload plans for: under the default node's room for 110
/// pods (the scheduler refuses more: `Too many pods`), and its /24 of 253 addresses.
pub const BENCH_PODS_PER_NODE: i64 = 100;

/// How many nodes the benchmark workload runs `replicas` pods on (at least the default
/// cluster's three).
pub fn bench_nodes(replicas: i64) -> i64 {
    ((replicas + BENCH_PODS_PER_NODE - 1) / BENCH_PODS_PER_NODE).max(3)
}

/// The benchmark workload of issue 3: enough nodes for `replicas` pods, the Parallel
/// tutorial set scaled to `replicas`, half an hour, a new image, half an hour. The criterion
/// bench and the runner's timing example both run exactly this.
pub fn simulated_hour(replicas: i64) -> Vec<Action> {
    let half_hour = || Action::Advance { by: SimDuration::from_secs(1800) };
    let extra_nodes = bench_nodes(replicas).saturating_sub(3);
    let mut actions: Vec<Action> =
        (0..extra_nodes).map(|i| Action::AddNode { name: format!("node-{}", i + 4), zone: None }).collect();
    actions.extend([
        Action::Apply { manifest: WEB_PARALLEL_YAML.into(), source: "web-parallel.yaml".into() },
        Action::ScaleTo { statefulset: "web".into(), replicas },
        half_hour(),
        Action::SetImage { statefulset: "web".into(), container: "nginx".into(), image: "nginx:2".into() },
        half_hour(),
    ]);
    actions
}

/// The golden file the output of [`golden_actions`] with seed 0 must equal.
pub const GOLDEN_JSON: &str = include_str!("../tests/golden/golden-run.json");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_benchmark_has_room_for_every_pod() {
        for replicas in [100, 300, 1000, 10_000] {
            assert!(bench_nodes(replicas) * 110 >= replicas, "{replicas}");
            assert!(bench_nodes(replicas) <= 255, "each node takes a /24 of 10.244.0.0/16");
        }
    }
    use crate::simulation::Simulation;

    #[test]
    fn every_action_of_the_benchmark_workload_is_accepted() {
        let mut sim = Simulation::new(0);
        for action in simulated_hour(50) {
            assert!(sim.apply(action.clone()).is_ok(), "{action:?} refused");
        }
        let add_nodes = |n| simulated_hour(n).iter().filter(|a| matches!(a, Action::AddNode { .. })).count();
        assert_eq!(add_nodes(1000), 7, "ten nodes in all for 1,000 pods");
        assert_eq!(add_nodes(10_000), 97, "100 nodes in all for 10,000 pods");
    }
}
