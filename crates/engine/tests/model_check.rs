//! An exhaustive model check of the StatefulSet machinery for up to 3 replicas: from the
//! settled tutorial, every interleaving of up to `USER_MOVES` user actions (scale to 0–3,
//! delete a pod, fail or recover a node, roll out the other image, write data) with the
//! passing of time, one scheduled change at a time, explored breadth first. States are
//! told apart by everything the user can see (the set's spec, each node's readiness, each
//! pod's phase, readiness, node and revision, each claim and its volume, the data) and by
//! how far away the next scheduled change is, so a state reached twice is explored once.
//!
//! Checked in every state: the invariants of the property tests (`common/invariants.rs`).
//! Checked on every transition: under OrderedReady a pod is created only while every lower
//! ordinal is Running and Ready; no claim disappears (the retention policy is Retain);
//! data on a claim stays while the claim exists. `MODEL_CHECK_USER_MOVES=4` explores
//! deeper (release builds recommended); the test prints the states it explored.

mod common;

use common::invariants::check_invariants;
use common::*;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use sts_engine::api::{Node, PersistentVolumeClaim, Pod};
use sts_engine::{Action, ObjectKey, SimDuration, Simulation};

/// One thing a user does.
#[derive(Debug, Clone, Copy)]
enum Move {
    Scale(i64),
    Delete(u8),
    FailNode(u8),
    RecoverNode(u8),
    RollOut,
    Write(u8),
}

const MOVES: &[Move] = &[
    Move::Scale(0),
    Move::Scale(1),
    Move::Scale(2),
    Move::Scale(3),
    Move::Delete(0),
    Move::Delete(1),
    Move::Delete(2),
    Move::FailNode(1),
    Move::FailNode(2),
    Move::FailNode(3),
    Move::RecoverNode(1),
    Move::RecoverNode(2),
    Move::RecoverNode(3),
    Move::RollOut,
    Move::Write(0),
    Move::Write(1),
    Move::Write(2),
];

/// The two images a rollout switches between (both start and become Ready).
const IMAGES: [&str; 2] = ["registry.k8s.io/nginx-slim:0.7", "registry.k8s.io/nginx-slim:0.8"];

/// Performs `m` on `sim`; false when the simulation refuses it (a pod that is not there)
/// or it changes nothing the model tells apart.
fn perform(sim: &mut Simulation, m: Move) -> bool {
    let action = match m {
        Move::Scale(n) => Action::ScaleTo { statefulset: "web".into(), replicas: n },
        Move::Delete(i) => Action::DeletePod { pod: format!("web-{i}"), grace_period_seconds: None },
        Move::FailNode(n) => Action::FailNode { node: format!("node-{n}") },
        Move::RecoverNode(n) => Action::RecoverNode { node: format!("node-{n}") },
        Move::RollOut => {
            let now = web(sim).spec.template.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default();
            let other = if now == IMAGES[0] { IMAGES[1] } else { IMAGES[0] };
            Action::SetImage { statefulset: "web".into(), container: "nginx".into(), image: other.into() }
        }
        Move::Write(i) => Action::WriteData { pod: format!("web-{i}"), key: "k".into(), value: "written".into() },
    };
    sim.apply(action).is_ok()
}

/// Lets time run to the next scheduled change; false when nothing is scheduled.
fn tick(sim: &mut Simulation) -> bool {
    let Some(at) = sim.next_change_at() else { return false };
    let by = at.as_millis().saturating_sub(sim.now().as_millis()).max(1);
    sim.apply(Action::Advance { by: SimDuration::from_millis(by) }).is_ok()
}

/// What tells two states apart: everything drawn, and the distance to the next change.
fn key(sim: &Simulation) -> String {
    let c = sim.cluster();
    let set = web(sim);
    let image = set.spec.template.spec.containers.first().map(|c| c.image.as_str()).unwrap_or_default();
    let mut k = format!("r{} {image}|", set.replicas());
    for node in c.list::<Node>().values() {
        let _ = write!(k, "{}:{}{} ", node.metadata.name, node.is_ready(), node.spec.taints.len());
    }
    for pod in c.list::<Pod>().values() {
        let _ = write!(
            k,
            "|{} {} {} {} {:?} {:?}",
            pod.metadata.name,
            pod.kubectl_status(),
            pod.is_ready(),
            pod.metadata.is_terminating(),
            pod.spec.node_name,
            pod.metadata.labels.get("controller-revision-hash"),
        );
    }
    for claim in c.list::<PersistentVolumeClaim>().values() {
        let _ = write!(k, "|{} {} {:?}", claim.metadata.name, claim.phase(), claim.spec.volume_name);
    }
    let _ = write!(k, "|{:?}", sts_engine::data::snapshot(sim));
    let next = sim.next_change_at().map(|t| t.as_millis().saturating_sub(sim.now().as_millis()));
    let _ = write!(k, "|next {next:?}");
    k
}

fn ordinal(name: &str) -> Option<i32> {
    name.strip_prefix("web-")?.parse().ok()
}

/// The checks of one transition from `before` to `after` (`wrote`: the claim this move
/// wrote to, if it did).
fn check_transition(before: &Simulation, after: &Simulation, wrote: Option<&str>, path: &[String]) {
    let uid = |sim: &Simulation, name: &str| {
        sim.cluster().get::<Pod>(&ObjectKey::default_ns(name)).map(|p| p.metadata.uid.clone())
    };
    // Ordered creation under OrderedReady.
    for name in pod_names(after) {
        if uid(before, &name) == uid(after, &name) {
            continue;
        }
        let Some(i) = ordinal(&name) else { continue };
        for j in 0..i {
            let lower = pod(after, &format!("web-{j}"));
            assert!(
                lower.is_some_and(|p| p.is_running_and_ready() && !p.metadata.is_terminating()),
                "{name} was created while web-{j} is {:?}, after {path:?}",
                lower.map(|p| p.kubectl_status())
            );
        }
    }
    // No claim lost under Retain.
    let claims_before: BTreeSet<String> = claim_names(before).into_iter().collect();
    let claims_after: BTreeSet<String> = claim_names(after).into_iter().collect();
    assert!(claims_before.is_subset(&claims_after), "a claim was deleted under Retain after {path:?}");
    // Data on a claim stays while the claim exists.
    let data_after = sts_engine::data::snapshot(after);
    for (store, entries) in &sts_engine::data::snapshot(before) {
        if Some(store.as_str()) == wrote || !claims_after.contains(store) {
            continue;
        }
        assert_eq!(data_after.get(store), Some(entries), "data on {store} lost after {path:?}");
    }
}

/// What a run of the model check found.
#[derive(Debug, Default)]
struct Explored {
    states: usize,
    transitions: usize,
    deepest_time_steps: usize,
}

/// Explores every state reachable with at most `user_moves` user actions.
fn explore(start: Simulation, user_moves: usize) -> Explored {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut queue: VecDeque<(Simulation, usize, Vec<String>)> = VecDeque::new();
    let mut explored = Explored::default();
    seen.insert(key(&start), 0);
    queue.push_back((start, 0, Vec::new()));
    while let Some((sim, used, path)) = queue.pop_front() {
        explored.states += 1;
        explored.deepest_time_steps = explored.deepest_time_steps.max(path.len() - used);
        let mut next: Vec<(Simulation, usize, String, Option<String>)> = Vec::new();
        let mut later = sim.clone();
        if tick(&mut later) {
            next.push((later, used, "tick".into(), None));
        }
        if used < user_moves {
            for &m in MOVES {
                let mut after = sim.clone();
                if perform(&mut after, m) {
                    let wrote = match m {
                        Move::Write(i) => Some(format!("www-web-{i}")),
                        _ => None,
                    };
                    next.push((after, used + 1, format!("{m:?}"), wrote));
                }
            }
        }
        for (after, used_after, step, wrote) in next {
            explored.transitions += 1;
            let mut path_after = path.clone();
            path_after.push(step);
            check_invariants(&after);
            check_transition(&sim, &after, wrote.as_deref(), &path_after);
            let k = key(&after);
            // A state reached again with user moves to spare is explored again.
            if seen.get(&k).is_some_and(|&best| best <= used_after) {
                continue;
            }
            seen.insert(k, used_after);
            queue.push_back((after, used_after, path_after));
        }
    }
    explored
}

#[test]
fn every_interleaving_of_user_moves_and_time_keeps_the_invariants() {
    let user_moves = std::env::var("MODEL_CHECK_USER_MOVES").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let mut start = tutorial(0);
    settle(&mut start, 600);
    let explored = explore(start, user_moves);
    println!(
        "model check, up to {user_moves} user moves: {} states, {} transitions, up to {} time steps deep",
        explored.states, explored.transitions, explored.deepest_time_steps
    );
    assert!(explored.states > 1000, "{explored:?}");
}
