//! The scheduler: binds each unscheduled pod to a node that passes its filters, in the
//! default plugin order (NodeUnschedulable, TaintToleration, NodeAffinity), each node
//! failing at its first filter. Among the nodes that fit it spreads a controller's pods
//! (fewest pods of the same owner first, then fewest pods), breaking ties with the
//! seeded random source. A pod that fits nowhere gets `FailedScheduling` with the
//! scheduler's histogram of reasons. With claims of a
//! WaitForFirstConsumer class it first picks the node, asks for the volumes there, and
//! binds the pod once they are bound, as the VolumeBinding plugin does.
//!
//! Like the real scheduler it keeps a cache fed by the watch (which node each bound pod
//! is on), so placing a pod costs the number of nodes, not the number of pods.

use crate::api::meta::Timestamp;
use crate::api::pv::VolumeNodeAffinity;
use crate::api::scheduling::{node_matches, Taint, NOT_READY_TAINT, UNSCHEDULABLE_TAINT};
use crate::api::{Node, PersistentVolumeClaim, Pod};
use crate::cluster::{Change, ChangeOp};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::volumes::SELECTED_NODE_ANNOTATION;
use std::collections::{BTreeMap, BTreeSet};

/// The scheduler's memory between attempts.
#[derive(Debug, Clone, Default)]
pub struct SchedulerState {
    /// Pods given a node whose volumes are still being provisioned: key → (uid, node).
    assumed: BTreeMap<ObjectKey, (String, String)>,
    /// Each bound, non-terminal pod: its node and the uid of its controller (empty for
    /// none).
    placed: BTreeMap<ObjectKey, (String, String)>,
    /// Per node: how many pods it runs, in all and per controller uid.
    usage: BTreeMap<String, NodeUsage>,
    /// Pods left unbound, by the claims they name, to retry when such a claim changes.
    waiting_on: BTreeMap<ObjectKey, BTreeSet<ObjectKey>>,
}

/// The pods a node runs, as the scheduler counts them for spreading.
#[derive(Debug, Clone, Default)]
struct NodeUsage {
    pods: usize,
    by_controller: BTreeMap<String, usize>,
}

impl SchedulerState {
    /// Moves the pod at `key` in the cache to `now` (its node and controller), or out.
    fn place(&mut self, key: &ObjectKey, now: Option<(String, String)>) {
        if self.placed.get(key) == now.as_ref() {
            return;
        }
        if let Some((node, owner)) = self.placed.remove(key) {
            if let Some(usage) = self.usage.get_mut(&node) {
                usage.pods = usage.pods.saturating_sub(1);
                if let Some(n) = usage.by_controller.get_mut(&owner).filter(|_| !owner.is_empty()) {
                    *n = n.saturating_sub(1);
                }
            }
        }
        if let Some((node, owner)) = now {
            let usage = self.usage.entry(node.clone()).or_default();
            usage.pods += 1;
            if !owner.is_empty() {
                *usage.by_controller.entry(owner.clone()).or_default() += 1;
            }
            self.placed.insert(key.clone(), (node, owner));
        }
    }
}

/// Keeps the cache of placed pods; queues a pod that needs a node; forgets a deleted one.
pub(crate) fn on_pod_change(sim: &mut Simulation, change: &Change) {
    if change.op == ChangeOp::Deleted {
        sim.scheduler.assumed.remove(&change.key);
        sim.scheduler.place(&change.key, None);
        sim.queues.unscheduled.remove(&change.key);
        return;
    }
    let Some(pod) = sim.cluster.get::<Pod>(&change.key) else { return };
    let placed = match (&pod.spec.node_name, pod.is_terminal()) {
        (Some(node), false) => {
            Some((node.clone(), pod.metadata.controller_ref().map(|r| r.uid.clone()).unwrap_or_default()))
        }
        _ => None,
    };
    let unscheduled = pod.spec.node_name.is_none() && !pod.metadata.is_terminating();
    sim.scheduler.place(&change.key, placed);
    if unscheduled {
        sim.queues.unscheduled.insert(change.key.clone());
    }
}

/// Retries the pods left unbound that name a claim that just changed (bound, created).
pub(crate) fn on_claim_change(sim: &mut Simulation, change: &Change) {
    if let Some(waiting) = sim.scheduler.waiting_on.remove(&change.key) {
        sim.queues.unscheduled.extend(waiting);
    }
}

/// Retries every unscheduled pod when a node changes.
pub(crate) fn on_node_change(sim: &mut Simulation) {
    let waiting: Vec<ObjectKey> = sim
        .cluster
        .list::<Pod>()
        .iter()
        .filter(|(_, p)| p.spec.node_name.is_none() && !p.metadata.is_terminating())
        .map(|(k, _)| k.clone())
        .collect();
    sim.queues.unscheduled.extend(waiting);
}

fn claim_names(pod: &Pod) -> impl Iterator<Item = &str> {
    pod.spec.volumes.iter().filter_map(|v| v.persistent_volume_claim.as_ref()).map(|c| c.claim_name.as_str())
}

/// One scheduling attempt for the pod at `key`.
pub(crate) fn schedule(sim: &mut Simulation, key: &ObjectKey) {
    let Some(pod) = sim.cluster.get::<Pod>(key).cloned() else {
        return;
    };
    if pod.spec.node_name.is_some() || pod.metadata.is_terminating() {
        return;
    }
    // Until it is bound, a change to any of its claims brings the pod back.
    for claim in claim_names(&pod) {
        let claim = ObjectKey::new(&key.namespace, claim);
        sim.scheduler.waiting_on.entry(claim).or_default().insert(key.clone());
    }
    let claims: Vec<Option<PersistentVolumeClaim>> = claim_names(&pod)
        .map(|c| sim.cluster.get::<PersistentVolumeClaim>(&ObjectKey::new(&key.namespace, c)).cloned())
        .collect();
    if let Some((uid, node)) = sim.scheduler.assumed.get(key).cloned() {
        if uid == pod.metadata.uid {
            if claims.iter().all(|c| c.as_ref().is_some_and(|c| c.spec.volume_name.is_some())) {
                sim.scheduler.assumed.remove(key);
                bind(sim, pod, &node);
            }
            return;
        }
    }
    let total = sim.cluster.list::<Node>().len();
    if let Some(missing) = claim_names(&pod).zip(&claims).find(|(_, c)| c.is_none()).map(|(n, _)| n.to_string()) {
        let message = format!(
            "0/{total} nodes are available: persistentvolumeclaim \"{missing}\" not found. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling."
        );
        sim.cluster.record_event(&pod, "Warning", "FailedScheduling", message, "default-scheduler");
        return;
    }
    let Some(node) = choose_node(sim, &pod) else {
        let message = unschedulable_message(sim, &pod);
        sim.cluster.record_event(&pod, "Warning", "FailedScheduling", message, "default-scheduler");
        return;
    };
    let unbound: Vec<PersistentVolumeClaim> =
        claims.into_iter().flatten().filter(|c| c.spec.volume_name.is_none()).collect();
    if unbound.is_empty() {
        bind(sim, pod, &node);
        return;
    }
    for mut claim in unbound {
        claim.metadata.annotations.insert(SELECTED_NODE_ANNOTATION.into(), node.clone());
        let _ = sim.cluster.update(claim);
    }
    sim.scheduler.assumed.insert(key.clone(), (pod.metadata.uid.clone(), node));
}

/// Why `node` cannot take `pod`: the first failing filter's reason, worded as the
/// scheduler's plugins word it; `None` if it fits.
pub fn filter(node: &Node, pod: &Pod, volumes: &[VolumeNodeAffinity]) -> Option<String> {
    let tolerated = |taint: &Taint| pod.spec.tolerations.iter().any(|t| t.tolerates(taint));
    if node.is_unschedulable() && !tolerated(&Taint::new(UNSCHEDULABLE_TAINT, "NoSchedule")) {
        return Some("node(s) were unschedulable".into());
    }
    // A node whose Ready condition is False carries the node lifecycle controller's
    // not-ready taint (an Unknown one has its unreachable taints in its spec).
    let not_ready = node.status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "False")
        || node.status.conditions.iter().all(|c| c.type_ != "Ready");
    let implied = not_ready.then(|| Taint::new(NOT_READY_TAINT, "NoSchedule"));
    let untolerated = implied
        .iter()
        .chain(&node.spec.taints)
        .filter(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
        .find(|t| !tolerated(t));
    if let Some(taint) = untolerated {
        let value = taint.value.as_deref().unwrap_or("");
        return Some(format!("node(s) had untolerated taint {{{}: {value}}}", taint.key));
    }
    if !node_matches(&pod.spec.node_selector, pod.spec.affinity.as_ref(), node) {
        return Some("node(s) didn't match Pod's node affinity/selector".into());
    }
    // VolumeBinding: every bound volume must be reachable from the node.
    if !volumes.iter().all(|v| v.admits(node)) {
        return Some("node(s) had volume node affinity conflict".into());
    }
    None
}

/// The node affinities of the volumes bound to `pod`'s claims.
fn volume_affinities(sim: &Simulation, pod: &Pod) -> Vec<VolumeNodeAffinity> {
    crate::volumes::bound_volumes(sim, pod).into_iter().filter_map(|pv| pv.spec.node_affinity.clone()).collect()
}

/// `FitError`: how many nodes failed for each reason, sorted as text, as the scheduler
/// words it.
fn unschedulable_message(sim: &Simulation, pod: &Pod) -> String {
    let nodes = sim.cluster.list::<Node>();
    let total = nodes.len();
    if total == 0 {
        return "no nodes available to schedule pods".into();
    }
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let volumes = volume_affinities(sim, pod);
    for reason in nodes.values().filter_map(|n| filter(n, pod, &volumes)) {
        *reasons.entry(reason).or_default() += 1;
    }
    let mut counted: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
    crate::sorting::sort_by(&mut counted, |a, b| a.cmp(b));
    format!(
        "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling.",
        counted.join(", ")
    )
}

/// The node for `pod`: among the nodes that pass the filters, the one with the fewest
/// pods of the same controller, then the fewest pods; ties drawn from the seeded source.
fn choose_node(sim: &mut Simulation, pod: &Pod) -> Option<String> {
    let owner = pod.metadata.controller_ref().map(|r| r.uid.as_str());
    let volumes = volume_affinities(sim, pod);
    let usage = &sim.scheduler.usage;
    let scores: BTreeMap<String, (usize, usize)> = sim
        .cluster
        .list::<Node>()
        .values()
        .filter(|n| filter(n, pod, &volumes).is_none())
        .map(|n| {
            let u = usage.get(&n.metadata.name);
            let same = u.zip(owner).and_then(|(u, o)| u.by_controller.get(o)).copied().unwrap_or(0);
            (n.metadata.name.clone(), (same, u.map_or(0, |u| u.pods)))
        })
        .collect();
    let best = *scores.values().min()?;
    let tied: Vec<String> = scores.into_iter().filter(|(_, s)| *s == best).map(|(n, _)| n).collect();
    let pick = sim.cluster.random().below(tied.len());
    tied.into_iter().nth(pick)
}

/// Binds `pod` to `node`: `spec.nodeName`, `PodScheduled=True`, a `Scheduled` event.
fn bind(sim: &mut Simulation, mut pod: Pod, node: &str) {
    pod.spec.node_name = Some(node.to_string());
    pod.set_condition("PodScheduled", true, Timestamp(sim.cluster.now()));
    let message = format!("Successfully assigned {}/{} to {node}", pod.metadata.namespace, pod.metadata.name);
    if let Ok(pod) = sim.cluster.update(pod) {
        sim.cluster.record_event(&*pod, "Normal", "Scheduled", message, "default-scheduler");
    }
}
