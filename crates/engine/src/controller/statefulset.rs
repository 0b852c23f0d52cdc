//! The StatefulSet controller, as `pkg/controller/statefulset` runs it (behaviour
//! document, section 3): claim pods, split them into replicas and condemned, create in
//! ascending order and delete in descending order (one at a time for OrderedReady, all at
//! once for Parallel), and write the status computed from what it saw.
//!
//! Revisions and rolling updates (section 4) and PVC retention (section 2.5) are not
//! modelled yet: every pod is on the single revision of the current template.

use crate::api::pod::{PersistentVolumeClaimVolumeSource, Volume};
use crate::api::statefulset::{PodManagementPolicy, StatefulSetStatus};
use crate::api::{ObjectMeta, OwnerReference, PersistentVolumeClaim, Pod, PodPhase, StatefulSet};
use crate::cluster::{Change, ChangeOp};
use crate::error::ApiError;
use crate::ordinal::parent_and_ordinal;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::{SimDuration, SimTime};
use crate::timers::Timer;

/// The label holding a pod's own name; part of the identity check.
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// The label holding a pod's ordinal.
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// The component name events are recorded under.
const COMPONENT: &str = "statefulset-controller";

/// Routes a pod change to the set that owns it, or for an orphan to every set whose
/// selector matches it (adoption), as the controller's pod event handlers do.
pub(crate) fn on_pod_change(sim: &mut Simulation, change: &Change) {
    let ns = &change.key.namespace;
    if let Some(owner) = change.meta.controller_ref() {
        if owner.kind == "StatefulSet" {
            sim.queues.statefulsets.insert(ObjectKey::new(ns, &owner.name));
        }
        return;
    }
    if change.op == ChangeOp::Deleted {
        return;
    }
    let matching: Vec<ObjectKey> = sim
        .cluster
        .list::<StatefulSet>()
        .iter()
        .filter(|(k, s)| {
            &k.namespace == ns
                && s.spec.selector.as_ref().is_some_and(|sel| !sel.is_empty() && sel.matches(&change.meta.labels))
        })
        .map(|(k, _)| k.clone())
        .collect();
    sim.queues.statefulsets.extend(matching);
}

/// The name of the pod with `ordinal` in `set`.
pub fn pod_name(set: &StatefulSet, ordinal: i64) -> String {
    format!("{}-{ordinal}", set.metadata.name)
}

/// The name of the claim for `template` and `ordinal` in `set`: `<template>-<set>-<ordinal>`.
pub fn claim_name(set: &StatefulSet, template: &PersistentVolumeClaim, ordinal: i64) -> String {
    format!("{}-{}-{ordinal}", template.metadata.name, set.metadata.name)
}

/// The pod's ordinal if it is a member of `set` by name.
fn member_ordinal(set: &StatefulSet, pod: &Pod) -> Option<i64> {
    parent_and_ordinal(&pod.metadata.name).filter(|(p, _)| *p == set.metadata.name).map(|(_, o)| o)
}

/// Whether the pod is Ready and has been for `minReadySeconds`.
fn is_available(pod: &Pod, min_ready_seconds: i32, now: SimTime) -> bool {
    let Some(ready) = pod.condition("Ready").filter(|c| c.status == "True") else {
        return false;
    };
    if min_ready_seconds <= 0 {
        return true;
    }
    let since = ready.last_transition_time.map_or(SimTime::START, |t| t.0);
    now.since(since) >= SimDuration::from_secs(min_ready_seconds as u64)
}

/// One sync of the set at `key` (section 3.2 and 3.3).
pub(crate) fn sync(sim: &mut Simulation, key: &ObjectKey) {
    let Some(set) = sim.cluster.get::<StatefulSet>(key).cloned() else {
        return;
    };
    if set.spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
        return;
    }
    let pods = claim_pods(sim, &set);
    let now = sim.cluster.now();
    let start = i64::from(set.start_ordinal());
    let count = usize::try_from(set.replicas()).unwrap_or(0);
    let min_ready = set.min_ready_seconds();
    let monotonic = set.pod_management_policy() == PodManagementPolicy::OrderedReady;

    // Step C: partition into replica slots and condemned pods.
    let mut replicas: Vec<Option<Pod>> = vec![None; count];
    let mut condemned: Vec<(i64, Pod)> = Vec::new();
    for pod in &pods {
        let Some(ordinal) = member_ordinal(&set, pod) else {
            continue;
        };
        match usize::try_from(ordinal - start).ok().filter(|i| *i < count) {
            Some(i) => replicas[i] = Some(pod.clone()),
            None => condemned.push((ordinal, pod.clone())),
        }
    }
    condemned.sort_by_key(|(ordinal, _)| std::cmp::Reverse(*ordinal));

    // Step B: status from the pods as observed at the start of the sync.
    let status = compute_status(&set, &pods, now);

    // Step D: the first unavailable pod, replicas first, then the lowest condemned.
    let unavailable = |p: &Pod| p.metadata.is_terminating() || !is_available(p, min_ready, now);
    let first_unavailable = replicas
        .iter()
        .flatten()
        .find(|p| unavailable(p))
        .or_else(|| condemned.iter().rev().map(|(_, p)| p).find(|p| unavailable(p)))
        .map(|p| p.metadata.uid.clone());

    // Step E: a set being deleted only gets its status written.
    if set.metadata.is_terminating() {
        write_status(sim, &set, status);
        return;
    }

    // Step F: the replica pass, ascending.
    let mut stopped = false;
    for (i, slot) in replicas.iter().enumerate() {
        let ordinal = start + i as i64;
        let Some(pod) = slot else {
            create_pod(sim, &set, ordinal);
            if monotonic {
                stopped = true;
                break;
            }
            continue;
        };
        if pod.is_terminal() {
            if !pod.metadata.is_terminating() {
                delete_pod(sim, &set, pod);
            }
            if monotonic {
                stopped = true;
                break;
            }
            continue;
        }
        if pod.status.phase == Some(PodPhase::Pending) {
            create_missing_claims(sim, &set, pod, ordinal);
        }
        if monotonic
            && (pod.metadata.is_terminating() || !pod.is_running_and_ready() || !is_available(pod, min_ready, now))
        {
            stopped = true;
            break;
        }
        if !identity_matches(&set, pod) {
            repair_identity(sim, &set, pod.clone());
        }
    }

    // Step H: the condemned pass, descending.
    if !stopped {
        for (_, pod) in &condemned {
            if pod.metadata.is_terminating() {
                if monotonic {
                    break;
                }
                continue;
            }
            let healthy = pod.is_running_and_ready() && is_available(pod, min_ready, now);
            if monotonic && !healthy && first_unavailable.as_deref() != Some(pod.metadata.uid.as_str()) {
                break;
            }
            delete_pod(sim, &set, pod);
            if monotonic {
                break;
            }
        }
    }

    // Requeue while pods wait out minReadySeconds, as the controller does after a sync.
    if min_ready > 0 && status.available_replicas != set.replicas() {
        let at = now.plus(SimDuration::from_secs(min_ready as u64));
        sim.timers.schedule(at, Timer::SyncStatefulSet { set: key.clone() });
    }
    write_status(sim, &set, status);
}

/// Section 3.2 step 4: keep owned members that match the selector, release owned pods
/// that no longer match, adopt matching orphans that are members by name.
fn claim_pods(sim: &mut Simulation, set: &StatefulSet) -> Vec<Pod> {
    let Some(selector) = set.spec.selector.clone() else {
        return Vec::new();
    };
    let candidates: Vec<Pod> = sim
        .cluster
        .list::<Pod>()
        .values()
        .filter(|p| p.metadata.namespace == set.metadata.namespace)
        .cloned()
        .collect();
    let mut claimed = Vec::new();
    for mut pod in candidates {
        let matches = selector.matches(&pod.metadata.labels) && member_ordinal(set, &pod).is_some();
        match pod.metadata.controller_ref() {
            Some(r) if r.uid == set.metadata.uid => {
                if matches {
                    claimed.push(pod);
                } else {
                    pod.metadata.owner_references.retain(|r| r.uid != set.metadata.uid);
                    let _ = sim.cluster.update(pod);
                }
            }
            Some(_) => {}
            None if matches && !set.metadata.is_terminating() => {
                pod.metadata.owner_references.push(controller_ref(set));
                if let Ok(pod) = sim.cluster.update(pod) {
                    claimed.push(pod);
                }
            }
            None => {}
        }
    }
    claimed
}

fn controller_ref(set: &StatefulSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: set.metadata.name.clone(),
        uid: set.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// Section 3.5: the status counters over every claimed pod.
fn compute_status(set: &StatefulSet, pods: &[Pod], now: SimTime) -> StatefulSetStatus {
    let min_ready = set.min_ready_seconds();
    let created: Vec<&Pod> = pods.iter().filter(|p| p.status.phase.is_some()).collect();
    let ready = created.iter().filter(|p| p.is_running_and_ready()).count();
    let available = created.iter().filter(|p| p.is_running_and_ready() && is_available(p, min_ready, now)).count();
    let live = created.iter().filter(|p| !p.metadata.is_terminating()).count();
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    StatefulSetStatus {
        observed_generation: set.metadata.generation,
        replicas: count(created.len()),
        ready_replicas: count(ready),
        available_replicas: count(available),
        current_replicas: count(live),
        updated_replicas: count(live),
        current_revision: None,
        update_revision: None,
        collision_count: Some(set.status.as_ref().and_then(|s| s.collision_count).unwrap_or(0)),
    }
}

fn write_status(sim: &mut Simulation, set: &StatefulSet, status: StatefulSetStatus) {
    if set.status.as_ref() == Some(&status) {
        return;
    }
    let mut updated = set.clone();
    updated.status = Some(status);
    let _ = sim.cluster.update(updated);
}

/// The pod the set wants at `ordinal` (section 1.3).
pub fn new_pod(set: &StatefulSet, ordinal: i64) -> Pod {
    let name = pod_name(set, ordinal);
    let template = &set.spec.template;
    let mut labels = template.metadata.labels.clone();
    labels.insert(POD_NAME_LABEL.into(), name.clone());
    labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
    let mut spec = template.spec.clone();
    spec.hostname = Some(name.clone());
    spec.subdomain = set.spec.service_name.clone().filter(|s| !s.is_empty());
    let mut volumes: Vec<Volume> = set
        .spec
        .volume_claim_templates
        .iter()
        .map(|t| Volume {
            name: t.metadata.name.clone(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim_name(set, t, ordinal),
                read_only: Some(false),
            }),
        })
        .collect();
    volumes.extend(
        spec.volumes.drain(..).filter(|v| !set.spec.volume_claim_templates.iter().any(|t| t.metadata.name == v.name)),
    );
    spec.volumes = volumes;
    Pod {
        metadata: ObjectMeta {
            name,
            namespace: set.metadata.namespace.clone(),
            labels,
            annotations: template.metadata.annotations.clone(),
            owner_references: vec![controller_ref(set)],
            ..Default::default()
        },
        spec,
        ..Default::default()
    }
}

/// The claim the set wants for `template` at `ordinal` (section 2.1).
fn new_claim(set: &StatefulSet, template: &PersistentVolumeClaim, ordinal: i64) -> PersistentVolumeClaim {
    let mut labels = template.metadata.labels.clone();
    if let Some(sel) = &set.spec.selector {
        labels.extend(sel.match_labels.clone());
    }
    PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: claim_name(set, template, ordinal),
            namespace: set.metadata.namespace.clone(),
            labels,
            annotations: template.metadata.annotations.clone(),
            ..Default::default()
        },
        spec: template.spec.clone(),
        ..Default::default()
    }
}

fn record(sim: &mut Simulation, set: &StatefulSet, warning: bool, reason: &str, message: String) {
    let type_ = if warning { "Warning" } else { "Normal" };
    sim.cluster.record_event(set, type_, reason, message, COMPONENT);
}

/// Ensures every claim of the pod at `ordinal` exists; an error names why the pod can't
/// be created, after the claim event it caused.
fn ensure_claims(sim: &mut Simulation, set: &StatefulSet, pod: &str, ordinal: i64) -> Result<(), String> {
    let (set_name, ns) = (&set.metadata.name, &set.metadata.namespace);
    for template in &set.spec.volume_claim_templates {
        let name = claim_name(set, template, ordinal);
        match sim.cluster.get::<PersistentVolumeClaim>(&ObjectKey::new(ns, &name)) {
            Some(c) if c.metadata.is_terminating() => return Err(format!("pvc {name} is being deleted")),
            Some(_) => {}
            None => match sim.cluster.create(new_claim(set, template, ordinal)) {
                Ok(_) => record(
                    sim,
                    set,
                    false,
                    "SuccessfulCreate",
                    format!("create Claim {name} Pod {pod} in StatefulSet {set_name} success"),
                ),
                Err(ApiError::AlreadyExists { .. }) => {}
                Err(e) => {
                    record(
                        sim,
                        set,
                        true,
                        "FailedCreate",
                        format!("create Claim {name} for Pod {pod} in StatefulSet {set_name} failed error: {e}"),
                    );
                    return Err(e.to_string());
                }
            },
        }
    }
    Ok(())
}

/// Creates the claims, then the pod, for `ordinal`, with the controller's events.
fn create_pod(sim: &mut Simulation, set: &StatefulSet, ordinal: i64) {
    let pod = new_pod(set, ordinal);
    let (pod_name, set_name) = (pod.metadata.name.clone(), set.metadata.name.clone());
    if let Err(e) = ensure_claims(sim, set, &pod_name, ordinal) {
        record(
            sim,
            set,
            true,
            "FailedCreate",
            format!("create Pod {pod_name} in StatefulSet {set_name} failed error: {e}"),
        );
        return;
    }
    match sim.cluster.create(pod) {
        Ok(_) => record(
            sim,
            set,
            false,
            "SuccessfulCreate",
            format!("create Pod {pod_name} in StatefulSet {set_name} successful"),
        ),
        // The name is still held (a released pod): no event, the sync is retried.
        Err(ApiError::AlreadyExists { .. }) => {}
        Err(e) => record(
            sim,
            set,
            true,
            "FailedCreate",
            format!("create Pod {pod_name} in StatefulSet {set_name} failed error: {e}"),
        ),
    }
}

/// A Pending pod whose claim was deleted gets the claim back.
fn create_missing_claims(sim: &mut Simulation, set: &StatefulSet, pod: &Pod, ordinal: i64) {
    let _ = ensure_claims(sim, set, &pod.metadata.name, ordinal);
}

fn delete_pod(sim: &mut Simulation, set: &StatefulSet, pod: &Pod) {
    let key = ObjectKey::new(&pod.metadata.namespace, &pod.metadata.name);
    let (pod_name, set_name) = (&pod.metadata.name, &set.metadata.name);
    match sim.cluster.delete_pod(&key, None) {
        Ok(()) => record(
            sim,
            set,
            false,
            "SuccessfulDelete",
            format!("delete Pod {pod_name} in StatefulSet {set_name} successful"),
        ),
        Err(e) => record(
            sim,
            set,
            true,
            "FailedDelete",
            format!("delete Pod {pod_name} in StatefulSet {set_name} failed error: {e}"),
        ),
    }
}

/// Section 1.3: name, namespace and the pod-name label agree with the ordinal.
fn identity_matches(set: &StatefulSet, pod: &Pod) -> bool {
    member_ordinal(set, pod).is_some()
        && pod.metadata.namespace == set.metadata.namespace
        && pod.metadata.labels.get(POD_NAME_LABEL) == Some(&pod.metadata.name)
}

fn repair_identity(sim: &mut Simulation, set: &StatefulSet, mut pod: Pod) {
    pod.metadata.labels.insert(POD_NAME_LABEL.into(), pod.metadata.name.clone());
    let (pod_name, set_name) = (pod.metadata.name.clone(), &set.metadata.name);
    match sim.cluster.update(pod) {
        Ok(_) => record(
            sim,
            set,
            false,
            "SuccessfulUpdate",
            format!("update Pod {pod_name} in StatefulSet {set_name} successful"),
        ),
        Err(e) => record(
            sim,
            set,
            true,
            "FailedUpdate",
            format!("update Pod {pod_name} in StatefulSet {set_name} failed error: {e}"),
        ),
    }
}
