//! Property tests: random sequences of user actions, with the invariants the behaviour
//! document guarantees checked after every step. `PROPTEST_CASES=100000` runs more.

mod common;

use common::invariants::check_invariants;
use common::*;
use proptest::prelude::*;
use std::collections::BTreeSet;
use sts_engine::export::to_json_string;
use sts_engine::kubelet::PodFault;
use sts_engine::{Action, SimDuration, Simulation};

#[derive(Debug, Clone)]
enum Step {
    Scale(i64),
    Delete(u8),
    ForceDelete(u8),
    Advance(u64),
    Fault(u8, PodFault),
    SetImage(u8),
    FailNode(u8),
    RecoverNode(u8),
    OutOfService(u8),
    Write(u8, u16),
}

fn fault() -> impl Strategy<Value = PodFault> {
    prop_oneof![
        Just(PodFault::Unready),
        Just(PodFault::Ready),
        Just(PodFault::Crash),
        Just(PodFault::Heal),
        Just(PodFault::Fail),
        Just(PodFault::Succeed),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (-1i64..7).prop_map(Step::Scale),
        (10_001i64..1_000_000_000).prop_map(Step::Scale),
        (0u8..7).prop_map(Step::Delete),
        (0u8..7).prop_map(Step::ForceDelete),
        (1u64..20_000).prop_map(Step::Advance),
        ((0u8..7), fault()).prop_map(|(i, f)| Step::Fault(i, f)),
        (0u8..3).prop_map(Step::SetImage),
        (1u8..4).prop_map(Step::FailNode),
        (1u8..4).prop_map(Step::RecoverNode),
        (1u8..4).prop_map(Step::OutOfService),
        ((0u8..7), any::<u16>()).prop_map(|(i, v)| Step::Write(i, v)),
    ]
}

/// The taint of non-graceful node shutdown.
fn out_of_service() -> sts_engine::api::scheduling::Taint {
    let mut taint = sts_engine::api::scheduling::Taint::new("node.kubernetes.io/out-of-service", "NoExecute");
    taint.value = Some("nodeshutdown".into());
    taint
}

/// Performs `step`; returns whether the simulation accepted it.
fn perform(sim: &mut Simulation, step: &Step) -> bool {
    let action = match step {
        Step::Scale(n) => Action::ScaleTo { statefulset: "web".into(), replicas: *n },
        Step::Delete(i) => Action::DeletePod { pod: format!("web-{i}"), grace_period_seconds: None },
        Step::ForceDelete(i) => Action::DeletePod { pod: format!("web-{i}"), grace_period_seconds: Some(0) },
        Step::Advance(ms) => Action::Advance { by: SimDuration::from_millis(*ms) },
        Step::Fault(i, fault) => Action::InjectFault { pod: format!("web-{i}"), fault: *fault },
        Step::FailNode(n) => Action::FailNode { node: format!("node-{n}") },
        Step::RecoverNode(n) => Action::RecoverNode { node: format!("node-{n}") },
        Step::OutOfService(n) => Action::TaintNode {
            node: format!("node-{n}"),
            add: vec![out_of_service()],
            remove: Vec::new(),
            overwrite: true,
        },
        Step::Write(i, v) => Action::WriteData { pod: format!("web-{i}"), key: "k".into(), value: v.to_string() },
        Step::SetImage(n) => {
            Action::SetImage { statefulset: "web".into(), container: "nginx".into(), image: format!("nginx:{n}") }
        }
    };
    // Refusals (a negative scale, more replicas than the playground simulates, a pod that
    // is not there) are part of the input space.
    sim.apply(action).is_ok()
}

proptest! {
    // 1,000 cases in the normal run; PROPTEST_CASES=100000 (with --release) runs more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn invariants_hold_after_every_step(steps in prop::collection::vec(step(), 1..25)) {
        let mut sim = tutorial(0);
        check_invariants(&sim);
        // Under the default retention policy (Retain/Retain) no claim is ever deleted.
        let mut claims_seen: BTreeSet<String> = BTreeSet::new();
        // The last value written through each pod, by its claim: data on a claim
        // outlives every incarnation of its pod.
        let mut written: std::collections::BTreeMap<String, String> = Default::default();
        for s in &steps {
            if perform(&mut sim, s) {
                if let Step::Write(i, v) = s {
                    written.insert(format!("www-web-{i}"), v.to_string());
                }
            }
            check_invariants(&sim);
            let data = sts_engine::data::snapshot(&sim);
            for (claim, value) in &written {
                prop_assert_eq!(data.get(claim).and_then(|d| d.get("k")), Some(value), "data on {} lost", claim);
            }
            let now: BTreeSet<String> = claim_names(&sim).into_iter().collect();
            prop_assert!(claims_seen.is_subset(&now), "a claim was deleted under Retain: {:?}", claims_seen.difference(&now).collect::<Vec<_>>());
            claims_seen = now;
        }
        // Healed and left alone (failed nodes recovered), the set always converges: exactly
        // the wanted pods, all Ready.
        // Finished pods cannot heal, and two unhealthy condemned pods halt an OrderedReady
        // scale-down for good (section 3.3), so the finished condemned ones are removed by
        // hand, as an operator would.
        for n in 1..4 {
            let _ = sim.apply(Action::RecoverNode { node: format!("node-{n}") });
            // An operator removes the out-of-service taint once the node is back.
            let removal = sts_engine::node_admin::TaintRemoval { key: "node.kubernetes.io/out-of-service".into(), effect: None };
            let _ = sim.apply(Action::TaintNode { node: format!("node-{n}"), add: Vec::new(), remove: vec![removal], overwrite: false });
        }
        let replicas = web(&sim).replicas();
        for name in pod_names(&sim) {
            let condemned = name.trim_start_matches("web-").parse::<i32>().is_ok_and(|o| o >= replicas);
            if condemned && pod(&sim, &name).is_some_and(|p| p.is_terminal()) {
                let _ = sim.apply(Action::DeletePod { pod: name.clone(), grace_period_seconds: Some(0) });
            }
        }
        for name in pod_names(&sim) {
            for fault in [PodFault::Ready, PodFault::Heal] {
                let _ = sim.apply(Action::InjectFault { pod: name.clone(), fault });
            }
        }
        settle(&mut sim, 1800);
        let set = web(&sim);
        let mut names: Vec<String> = pod_names(&sim);
        names.sort_by(|a, b| sts_engine::ordinal::natural_cmp(a, b));
        let wanted: Vec<String> = (0..set.replicas()).map(|i| format!("web-{i}")).collect();
        prop_assert_eq!(&names, &wanted);
        let status = set.status.clone().unwrap_or_default();
        let template_image = set.spec.template.spec.containers.first().map(|c| c.image.clone());
        for n in &names {
            let p = pod(&sim, n);
            prop_assert!(p.is_some_and(|p| p.is_running_and_ready()));
            // The rollout completed: every pod runs the newest template, on the update revision.
            prop_assert_eq!(p.and_then(|p| p.spec.containers.first().map(|c| c.image.clone())), template_image.clone());
            prop_assert_eq!(p.and_then(|p| p.metadata.labels.get("controller-revision-hash").cloned()), status.update_revision.clone());
        }
        if !names.is_empty() {
            prop_assert_eq!(&status.current_revision, &status.update_revision);
        }
        // The log is the state.
        let replayed = Simulation::replay(sim.seed(), sim.log());
        prop_assert_eq!(to_json_string(&replayed), to_json_string(&sim));
    }
}
