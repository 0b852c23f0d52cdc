//! A node that stops reporting, as the node lifecycle controller and the taint eviction
//! controller handle it (behaviour document, section 5.4):
//!
//! 1. `sim node fail`: the node's kubelet stops; nothing it would have done happens
//!    (its pod steps wait), and its heartbeats stop.
//! 2. After `node-monitor-grace-period` (50 s) the node's Ready condition becomes
//!    `Unknown`, it gets the `node.kubernetes.io/unreachable` taints (`NoSchedule` and
//!    `NoExecute`), and its pods are marked not Ready (they leave the Service's endpoints
//!    and the DNS).
//! 3. Each pod is evicted once its toleration of the unreachable taint runs out (300 s by
//!    default): it is deleted gracefully and stays `Terminating`, because no kubelet
//!    confirms it stopped. The StatefulSet creates no replacement while the name is taken.
//! 4. The ways out: `sim node recover` (the kubelet returns, finishes what waited, and
//!    reports its pods again), a force delete of the pod, or deleting the node (the pod
//!    garbage collector then removes the pods bound to it).

use crate::api::meta::Timestamp;
use crate::api::node::NodeCondition;
use crate::api::scheduling::{Taint, UNREACHABLE_TAINT};
use crate::api::{Kind, Node, Pod};
use crate::error::ApiError;
use crate::flat_map::{FlatMap, FlatSet};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::{SimDuration, SimTime};
use crate::timers::{PodStep, Timer};

/// Which nodes are down, and what their kubelets were due to do meanwhile.
#[derive(Debug, Clone, Default)]
pub struct NodeLifecycleState {
    failed: FlatSet<String>,
    /// When each unreachable node got its taints.
    tainted_at: FlatMap<ObjectKey, SimTime>,
    /// Pod steps that fell due on a failed node, by node, in order.
    /// (node, pod, pod uid, step): a list, not a map per node (a B-tree type less in the
    /// page; there are only ever a few).
    deferred: Vec<(String, ObjectKey, String, PodStep)>,
}

impl NodeLifecycleState {
    /// Whether the node's kubelet is down.
    pub fn is_failed(&self, node: &str) -> bool {
        self.failed.contains(node)
    }
}

/// The node called `name`, or the API's NotFound.
pub(crate) fn node(sim: &Simulation, name: &str) -> Result<Node, ApiError> {
    sim.cluster
        .get::<Node>(&ObjectKey::cluster_scoped(name))
        .cloned()
        .ok_or_else(|| ApiError::NotFound { kind: Kind::Node, name: name.into() })
}

/// `sim node fail NODE`: the kubelet stops; the lifecycle controller notices after the
/// grace period.
pub(crate) fn fail(sim: &mut Simulation, name: &str) -> Result<(), ApiError> {
    node(sim, name)?;
    if sim.nodes.failed.insert(name.to_string()) {
        let at = sim.cluster.now().plus(sim.timings.node_monitor_grace);
        sim.timers.schedule(at, Timer::NodeUnreachable { node: name.to_string() });
    }
    Ok(())
}

/// A pod step that fell due: kept for later if the pod's node is down. Returns true if
/// it was kept (the kubelet must not perform it now).
pub(crate) fn defer_if_down(sim: &mut Simulation, key: &ObjectKey, uid: &str, step: PodStep) -> bool {
    let node = sim.cluster.get::<Pod>(key).and_then(|p| p.spec.node_name.clone());
    match node.filter(|n| sim.nodes.failed.contains(n)) {
        Some(n) => {
            sim.nodes.deferred.push((n, key.clone(), uid.to_string(), step));
            true
        }
        None => false,
    }
}

/// The grace period ran out: if the node is still silent, its Ready condition becomes
/// Unknown, it is tainted unreachable, and its pods are marked not Ready.
pub(crate) fn on_unreachable(sim: &mut Simulation, name: &str) {
    if !sim.nodes.failed.contains(name) {
        return;
    }
    let Ok(mut n) = node(sim, name) else { return };
    set_ready(&mut n, "Unknown");
    for effect in ["NoSchedule", "NoExecute"] {
        if !n.spec.taints.iter().any(|t| t.key == UNREACHABLE_TAINT && t.effect == effect) {
            n.spec.taints.push(Taint::new(UNREACHABLE_TAINT, effect));
        }
    }
    if sim.cluster.update(n).is_err() {
        return;
    }
    let now = sim.cluster.now();
    sim.nodes.tainted_at.insert(ObjectKey::cluster_scoped(name), now);
    for key in pods_on(sim, name) {
        let Some(mut pod) = sim.cluster.get::<Pod>(&key).cloned() else { continue };
        // MarkPodsNotReady.
        if pod.is_ready() {
            pod.set_condition("Ready", false, Timestamp(now));
            if let Ok(pod) = sim.cluster.update(pod) {
                sim.cluster.record_event(
                    &*pod,
                    "Warning",
                    "NodeNotReady",
                    "Node is not ready".into(),
                    "node-controller",
                );
            }
        }
        schedule_eviction(sim, &key, now);
    }
}

/// The taint eviction controller: a pod on a node with an untolerated `NoExecute` taint is
/// deleted at once, one that tolerates it for a while when that runs out.
fn schedule_eviction(sim: &mut Simulation, key: &ObjectKey, tainted_at: SimTime) {
    let Some(pod) = sim.cluster.get::<Pod>(key) else { return };
    if pod.metadata.is_terminating() {
        return;
    }
    let taint = Taint::new(UNREACHABLE_TAINT, "NoExecute");
    let matching: Vec<Option<i64>> =
        pod.spec.tolerations.iter().filter(|t| t.tolerates(&taint)).map(|t| t.toleration_seconds).collect();
    let after = match matching.iter().min_by_key(|s| s.unwrap_or(i64::MAX)) {
        None => Some(0),
        Some(None) => None,
        Some(Some(seconds)) => Some((*seconds).max(0)),
    };
    if let Some(seconds) = after {
        let at = sim.cluster.now().plus(SimDuration::from_secs(seconds as u64));
        let uid = pod.metadata.uid.clone();
        sim.timers.schedule(at, Timer::TaintEviction { pod: key.clone(), uid, tainted_at });
    }
}

/// A pod's toleration ran out: if its node still carries the unreachable `NoExecute`
/// taint it got then, the pod is deleted (gracefully; with its kubelet down it stays
/// Terminating).
pub(crate) fn on_eviction_due(sim: &mut Simulation, key: &ObjectKey, uid: &str, tainted_at: SimTime) {
    let Some(pod) = sim.cluster.get::<Pod>(key).filter(|p| p.metadata.uid == uid) else { return };
    if pod.metadata.is_terminating() {
        return;
    }
    let Some(node_name) = pod.spec.node_name.clone() else { return };
    let tainted = sim.nodes.tainted_at.get(&ObjectKey::cluster_scoped(&node_name)) == Some(&tainted_at)
        && node(sim, &node_name)
            .is_ok_and(|n| n.spec.taints.iter().any(|t| t.key == UNREACHABLE_TAINT && t.effect == "NoExecute"));
    if !tainted {
        return;
    }
    let pod = pod.clone();
    evict(sim, key, &pod);
}

/// The taint eviction controller evicts `pod`: an event, then a graceful deletion.
fn evict(sim: &mut Simulation, key: &ObjectKey, pod: &Pod) {
    let message = format!("Marking for deletion Pod {}/{}", key.namespace, key.name);
    sim.cluster.record_event(pod, "Normal", "TaintManagerEviction", message, "taint-eviction-controller");
    let _ = sim.cluster.delete_pod(key, None);
}

/// `sim node recover NODE`: the kubelet is back: it reports the node Ready (the lifecycle
/// controller lifts the unreachable taints), performs what waited, and reports its
/// running pods' readiness again.
pub(crate) fn recover(sim: &mut Simulation, name: &str) -> Result<(), ApiError> {
    let mut n = node(sim, name)?;
    if !sim.nodes.failed.remove(name) {
        return Ok(());
    }
    sim.nodes.tainted_at.remove(&ObjectKey::cluster_scoped(name));
    set_ready(&mut n, "True");
    n.spec.taints.retain(|t| t.key != UNREACHABLE_TAINT);
    sim.cluster.update(n)?;
    let now = sim.cluster.now();
    crate::attach::release_node(sim, name, false);
    let (due, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut sim.nodes.deferred).into_iter().partition(|d| d.0 == name);
    sim.nodes.deferred = kept;
    for (_, key, uid, step) in due {
        sim.timers.schedule(now, Timer::Pod { pod: key, uid, step });
    }
    for key in pods_on(sim, name) {
        let Some(pod) = sim.cluster.get::<Pod>(&key) else { continue };
        if !pod.metadata.is_terminating() && !pod.is_terminal() {
            let uid = pod.metadata.uid.clone();
            let at = now.plus(sim.timings.probe);
            sim.timers.schedule(at, Timer::Pod { pod: key, uid, step: PodStep::Probe });
        }
    }
    Ok(())
}

/// The pod garbage collector: pods bound to a node that no longer exists are removed.
pub(crate) fn on_node_deleted(sim: &mut Simulation, name: &str) {
    sim.nodes.failed.remove(name);
    sim.nodes.tainted_at.remove(&ObjectKey::cluster_scoped(name));
    sim.nodes.deferred.retain(|d| d.0 != name);
    for key in pods_on(sim, name) {
        let _ = sim.cluster.remove::<Pod>(&key);
    }
    crate::attach::release_node(sim, name, true);
}

/// The taint of non-graceful node shutdown (GA in v1.28): a person declares the node
/// out of service, so its pods may go and its volumes may detach without waiting.
pub const OUT_OF_SERVICE_TAINT: &str = "node.kubernetes.io/out-of-service";

/// Whether `name` carries the out-of-service `NoExecute` taint.
pub(crate) fn is_out_of_service(sim: &Simulation, name: &str) -> bool {
    node(sim, name)
        .is_ok_and(|n| n.spec.taints.iter().any(|t| t.key == OUT_OF_SERVICE_TAINT && t.effect == "NoExecute"))
}

/// A node's taints changed (`kubectl taint`): the taint eviction controller evicts the
/// pods that do not tolerate a `NoExecute` taint; with the out-of-service taint on a node
/// that is not Ready, the pod garbage collector force-deletes its terminating pods and
/// the attach/detach controller detaches their volumes at once.
pub(crate) fn on_taints_changed(sim: &mut Simulation, name: &str) {
    let Ok(n) = node(sim, name) else { return };
    let no_execute: Vec<Taint> = n.spec.taints.iter().filter(|t| t.effect == "NoExecute").cloned().collect();
    if no_execute.is_empty() {
        return;
    }
    let ready = n.status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True");
    let out_of_service = no_execute.iter().any(|t| t.key == OUT_OF_SERVICE_TAINT);
    for key in pods_on(sim, name) {
        let Some(pod) = sim.cluster.get::<Pod>(&key).cloned() else { continue };
        // A toleration with tolerationSeconds still tolerates, for a while: the
        // unreachable taint's own timeline handles those.
        let untolerated = no_execute.iter().any(|t| !pod.spec.tolerations.iter().any(|tol| tol.tolerates(t)));
        if !untolerated {
            continue;
        }
        if !pod.metadata.is_terminating() {
            evict(sim, &key, &pod);
        }
        if out_of_service && !ready {
            let _ = sim.cluster.remove::<Pod>(&key);
        }
    }
    if out_of_service && !ready {
        crate::attach::release_node(sim, name, false);
    }
}

fn pods_on(sim: &Simulation, node: &str) -> Vec<ObjectKey> {
    sim.cluster
        .list::<Pod>()
        .iter()
        .filter(|(_, p)| p.spec.node_name.as_deref() == Some(node))
        .map(|(k, _)| k.clone())
        .collect()
}

fn set_ready(node: &mut Node, status: &str) {
    match node.status.conditions.iter_mut().find(|c| c.type_ == "Ready") {
        Some(c) => c.status = status.into(),
        None => node.status.conditions.push(NodeCondition { type_: "Ready".into(), status: status.into() }),
    }
}
