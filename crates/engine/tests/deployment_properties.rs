//! Property tests of Deployments: random scales, rollouts (to good and broken images),
//! pod deletions, node failures and time, with the controllers' guarantees checked after
//! every step: each ReplicaSet has exactly its `replicas` live pods, named after it; the
//! ReplicaSets together never ask for more than `replicas + maxSurge`; the status adds up.

mod common;

use common::*;
use proptest::prelude::*;
use sts_engine::api::deployment::POD_TEMPLATE_HASH_LABEL;
use sts_engine::api::{Deployment, Kind, Pod, ReplicaSet};
use sts_engine::{Action, ObjectKey, SimDuration, Simulation};

#[derive(Debug, Clone)]
enum Step {
    Scale(i64),
    SetImage(u8),
    Delete(u8),
    Advance(u64),
    FailNode(u8),
    RecoverNode(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0i64..9).prop_map(Step::Scale),
        (0u8..4).prop_map(Step::SetImage),
        (0u8..10).prop_map(Step::Delete),
        (1u64..120_000).prop_map(Step::Advance),
        (1u8..4).prop_map(Step::FailNode),
        (1u8..4).prop_map(Step::RecoverNode),
    ]
}

const MANIFEST: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 4\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      containers:\n      - name: c\n        image: img:0\n";

fn perform(sim: &mut Simulation, step: &Step) {
    let action = match step {
        Step::Scale(n) => Action::ScaleWorkload { kind: Kind::Deployment, name: "app".into(), replicas: *n },
        Step::SetImage(i) => Action::SetWorkloadImage {
            kind: Kind::Deployment,
            name: "app".into(),
            container: "c".into(),
            image: format!("img:{i}"),
        },
        Step::Delete(i) => {
            let mut names: Vec<String> =
                sim.cluster().list::<Pod>().values().map(|p| p.metadata.name.clone()).collect();
            names.sort();
            let Some(name) = names.get(usize::from(*i) % names.len().max(1)).cloned() else { return };
            Action::DeletePod { pod: name, grace_period_seconds: None }
        }
        Step::Advance(ms) => Action::Advance { by: SimDuration::from_millis(*ms) },
        Step::FailNode(n) => Action::FailNode { node: format!("node-{n}") },
        Step::RecoverNode(n) => Action::RecoverNode { node: format!("node-{n}") },
    };
    let _ = sim.apply(action);
}

fn check(sim: &Simulation) {
    let d = sim.cluster().get::<Deployment>(&ObjectKey::default_ns("app")).expect("deployment");
    let sets: Vec<&ReplicaSet> = sim.cluster().list::<ReplicaSet>().values().collect();
    let asked: i32 = sets.iter().map(|rs| rs.replicas()).sum();
    assert!(
        asked <= d.replicas() + d.max_surge(),
        "ReplicaSets ask for {asked} > {} + {}",
        d.replicas(),
        d.max_surge()
    );
    for rs in &sets {
        let hash = rs.spec.template.metadata.labels.get(POD_TEMPLATE_HASH_LABEL).expect("hash label");
        assert_eq!(rs.metadata.name, format!("app-{hash}"));
        let live: Vec<&Pod> = sim
            .cluster()
            .list::<Pod>()
            .values()
            .filter(|p| p.metadata.controller_ref().is_some_and(|r| r.uid == rs.metadata.uid))
            .filter(|p| !p.metadata.is_terminating() && !p.is_terminal())
            .collect();
        assert_eq!(live.len() as i32, rs.replicas(), "{} has {} live pods", rs.metadata.name, live.len());
        for p in live {
            let suffix =
                p.metadata.name.strip_prefix(&format!("{}-", rs.metadata.name)).expect("named after its ReplicaSet");
            assert_eq!(suffix.len(), 5);
        }
    }
    let status = d.status.clone().unwrap_or_default();
    assert_eq!(status.replicas, sets.iter().map(|rs| rs.actual()).sum::<i32>());
    assert!(status.available_replicas <= status.replicas);
    assert!(sim.warnings().is_empty(), "{:?}", sim.warnings());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn deployment_invariants_hold_after_every_step(steps in prop::collection::vec(step(), 1..20)) {
        let (mut sim, _) = script(&format!("sim image img:3 unpullable\nkubectl apply -f - <<EOF\n{MANIFEST}EOF\n"));
        check(&sim);
        for s in &steps {
            perform(&mut sim, s);
            check(&sim);
        }
        // Whatever happened, once every node is back and the image is good, it converges.
        for n in 1..4 {
            perform(&mut sim, &Step::RecoverNode(n));
        }
        perform(&mut sim, &Step::SetImage(0));
        settle(&mut sim, 3600);
        check(&sim);
        let d = sim.cluster().get::<Deployment>(&ObjectKey::default_ns("app")).expect("deployment");
        let status = d.status.clone().unwrap_or_default();
        assert_eq!(status.available_replicas, d.replicas(), "{status:?}");
        assert_eq!(status.updated_replicas, d.replicas());
    }
}
