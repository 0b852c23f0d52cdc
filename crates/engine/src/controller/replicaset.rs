//! The ReplicaSet controller, as `pkg/controller/replicaset` runs it: a ReplicaSet keeps
//! `replicas` interchangeable pods of its template. Missing pods are created with a
//! generated name (`<replicaset>-<5 random characters>`), surplus pods are deleted in the
//! order `ActivePodsWithRanks` sorts them (unscheduled, then pending, then not ready, then
//! the node with the most of them, then ready for the shortest time, then most restarts,
//! then newest). Orphans its selector picks are adopted; owned pods it no longer picks are
//! released. Nothing ties a pod to a name, a volume or a place: a replacement is a new pod.

use crate::api::meta::{LabelSelector, ObjectMeta};
use crate::api::replicaset::ReplicaSetStatus;
use crate::api::{Kind, Pod, PodPhase, ReplicaSet};
use crate::cluster::{Change, ChangeOp};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::{SimDuration, SimTime};
use std::rc::Rc;

/// The component name events are recorded under.
const COMPONENT: &str = "replicaset-controller";
/// The most pods one sync creates or deletes (`BurstReplicas`).
const BURST_REPLICAS: usize = 500;

/// Routes a pod change to the ReplicaSet that owns it, or for an orphan to every
/// ReplicaSet whose selector picks it (adoption).
pub(crate) fn on_pod_change(sim: &mut Simulation, change: &Change) {
    let ns = &change.key.namespace;
    match change.meta.controller_ref() {
        Some(owner) if owner.kind == "ReplicaSet" => {
            sim.queues.replica_sets.insert(ObjectKey::new(ns, &owner.name));
        }
        Some(_) => {}
        None if change.op != ChangeOp::Deleted => {
            let matching: Vec<ObjectKey> = sim
                .cluster
                .list::<ReplicaSet>()
                .iter()
                .filter(|(k, rs)| k.namespace == *ns && selects(rs.spec.selector.as_ref(), &change.meta))
                .map(|(k, _)| k.clone())
                .collect();
            sim.queues.replica_sets.extend(matching);
        }
        None => {}
    }
}

fn selects(selector: Option<&LabelSelector>, meta: &ObjectMeta) -> bool {
    selector.is_some_and(|s| !s.is_empty() && s.matches(&meta.labels))
}

/// `FilterActivePods`: not terminating, not Succeeded or Failed.
fn is_active(pod: &Pod) -> bool {
    !pod.metadata.is_terminating() && !pod.is_terminal()
}

/// Syncs one ReplicaSet: claims its pods, creates or deletes toward `replicas`, writes
/// the status.
pub(crate) fn sync(sim: &mut Simulation, key: &ObjectKey) {
    let Some(rs) = sim.cluster.list::<ReplicaSet>().get_shared(key) else { return };
    claim_pods(sim, &rs);
    let owned = owned_pods(sim, &rs);
    if !rs.metadata.is_terminating() {
        let active: Vec<Rc<Pod>> = owned.iter().filter(|p| is_active(p)).cloned().collect();
        let diff = active.len() as i64 - i64::from(rs.replicas());
        if diff < 0 {
            create_pods(sim, &rs, (-diff) as usize);
        } else if diff > 0 {
            delete_pods(sim, &rs, active, diff as usize);
        }
    }
    write_status(sim, key);
}

/// The pods whose controller reference is this ReplicaSet's incarnation.
fn owned_pods(sim: &Simulation, rs: &ReplicaSet) -> Vec<Rc<Pod>> {
    sim.cluster
        .list::<Pod>()
        .values_shared()
        .filter(|p| p.metadata.namespace == rs.metadata.namespace)
        .filter(|p| p.metadata.controller_ref().is_some_and(|r| r.uid == rs.metadata.uid))
        .collect()
}

/// `ClaimPods`: adopts orphans the selector picks (unless the ReplicaSet is going away)
/// and releases owned pods it no longer picks.
fn claim_pods(sim: &mut Simulation, rs: &ReplicaSet) {
    let selector = rs.spec.selector.as_ref();
    let mut adopt = Vec::new();
    let mut release = Vec::new();
    for pod in sim.cluster.list::<Pod>().values().filter(|p| p.metadata.namespace == rs.metadata.namespace) {
        let key = ObjectKey::new(&pod.metadata.namespace, &pod.metadata.name);
        match pod.metadata.controller_ref() {
            Some(r) if r.uid == rs.metadata.uid && !selects(selector, &pod.metadata) => release.push(key),
            None if !rs.metadata.is_terminating()
                && !pod.metadata.is_terminating()
                && selects(selector, &pod.metadata) =>
            {
                adopt.push(key)
            }
            _ => {}
        }
    }
    let reference = crate::api::controller_ref_to(rs);
    for key in adopt {
        let reference = reference.clone();
        let _ = sim.cluster.update_meta(Kind::Pod, &key, |m| m.owner_references.push(reference));
    }
    let uid = rs.metadata.uid.clone();
    for key in release {
        let _ = sim.cluster.update_meta(Kind::Pod, &key, |m| m.owner_references.retain(|r| r.uid != uid));
    }
}

/// Creates `count` pods of the template (at most a burst), each named by the API server
/// from `generateName`.
fn create_pods(sim: &mut Simulation, rs: &ReplicaSet, count: usize) {
    let template = &rs.spec.template;
    for _ in 0..count.min(BURST_REPLICAS) {
        let pod = Pod {
            metadata: ObjectMeta {
                generate_name: Some(format!("{}-", rs.metadata.name)),
                namespace: rs.metadata.namespace.clone(),
                labels: template.metadata.labels.clone(),
                annotations: template.metadata.annotations.clone(),
                owner_references: vec![crate::api::controller_ref_to(rs)],
                ..Default::default()
            },
            spec: template.spec.clone(),
            ..Default::default()
        };
        match sim.cluster.create(pod) {
            Ok(created) => {
                let message = format!("Created pod: {}", created.metadata.name);
                sim.cluster.record_event(rs, "Normal", "SuccessfulCreate", message, COMPONENT);
            }
            Err(e) => {
                let message = format!("Error creating: {e}");
                sim.cluster.record_event(rs, "Warning", "FailedCreate", message, COMPONENT);
                return;
            }
        }
    }
}

/// Deletes the `count` pods `ActivePodsWithRanks` puts first.
fn delete_pods(sim: &mut Simulation, rs: &ReplicaSet, mut active: Vec<Rc<Pod>>, count: usize) {
    let now = sim.cluster.now();
    let on_node = |node: Option<&String>| active.iter().filter(|p| p.spec.node_name.as_ref() == node).count();
    let mut ranked: Vec<(DeletionRank, Rc<Pod>)> =
        active.iter().map(|p| (DeletionRank::of(p, on_node(p.spec.node_name.as_ref()), now), Rc::clone(p))).collect();
    crate::sorting::sort_by(&mut ranked, |a, b| a.0.cmp(&b.0));
    active.clear();
    for (_, pod) in ranked.into_iter().take(count.min(BURST_REPLICAS)) {
        let key = ObjectKey::new(&pod.metadata.namespace, &pod.metadata.name);
        if sim.cluster.delete_pod(&key, None).is_ok() {
            let message = format!("Deleted pod: {}", pod.metadata.name);
            sim.cluster.record_event(rs, "Normal", "SuccessfulDelete", message, COMPONENT);
        }
    }
}

/// Where a pod stands in the deletion order: smaller goes first.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct DeletionRank {
    /// Scheduled pods go after unscheduled ones.
    scheduled: bool,
    /// Pending, then Unknown, then Running.
    phase: u8,
    /// Not ready before ready.
    ready: bool,
    /// Pods on a node crowded with the set's pods go first (negated count).
    crowding: i64,
    /// Ready for a shorter time first (negated moment it became ready).
    ready_since: i64,
    /// More restarts first (negated).
    restarts: i64,
    /// Newer pods first (negated creation moment).
    created: i64,
}

impl DeletionRank {
    fn of(pod: &Pod, pods_on_node: usize, now: SimTime) -> Self {
        let phase = match pod.status.phase {
            Some(PodPhase::Pending) | None => 0,
            Some(PodPhase::Unknown) => 1,
            _ => 2,
        };
        let since = |t: Option<crate::api::meta::Timestamp>| t.map_or(now.0, |t| t.0 .0) as i64;
        DeletionRank {
            scheduled: pod.spec.node_name.is_some(),
            phase,
            ready: pod.is_ready(),
            crowding: -(pods_on_node as i64),
            ready_since: -since(pod.condition("Ready").and_then(|c| c.last_transition_time)),
            restarts: -i64::from(pod.restarts()),
            created: -since(pod.metadata.creation_timestamp),
        }
    }
}

/// Whether `pod` has been Ready for `min_ready` seconds at `now` (`IsPodAvailable`), and
/// otherwise when it will be, if it is Ready at all.
pub(crate) fn availability(pod: &Pod, min_ready: i32, now: SimTime) -> (bool, Option<SimTime>) {
    if !pod.is_ready() {
        return (false, None);
    }
    let since = pod.condition("Ready").and_then(|c| c.last_transition_time).map_or(now, |t| t.0);
    let at = since.plus(SimDuration::from_secs(min_ready.max(0) as u64));
    (at <= now, Some(at))
}

/// Writes the status computed from the pods it owns now; when a Ready pod will become
/// available later (`minReadySeconds`), syncs again then.
fn write_status(sim: &mut Simulation, key: &ObjectKey) {
    let Some(rs) = sim.cluster.list::<ReplicaSet>().get_shared(key) else { return };
    let now = sim.cluster.now();
    let min_ready = rs.spec.min_ready_seconds.unwrap_or(0);
    let active: Vec<Rc<Pod>> = owned_pods(sim, &rs).into_iter().filter(|p| is_active(p)).collect();
    let mut status = ReplicaSetStatus {
        replicas: active.len() as i32,
        observed_generation: rs.metadata.generation,
        ..Default::default()
    };
    let mut next = None::<SimTime>;
    for pod in &active {
        let template = &rs.spec.template.metadata.labels;
        if template.iter().all(|(k, v)| pod.metadata.labels.get(k) == Some(v)) {
            status.fully_labeled_replicas += 1;
        }
        status.ready_replicas += i32::from(pod.is_ready());
        match availability(pod, min_ready, now) {
            (true, _) => status.available_replicas += 1,
            (false, Some(at)) => next = Some(next.map_or(at, |n| n.min(at))),
            (false, None) => {}
        }
    }
    if let Some(at) = next {
        crate::controller::delayed_sync::sync_at(sim, Kind::ReplicaSet, key, at);
    }
    if rs.status.as_ref() != Some(&status) {
        let mut updated = (*rs).clone();
        updated.status = Some(status);
        let _ = sim.cluster.update(updated);
    }
}
