//! The deployment controller, as `pkg/controller/deployment` runs it: one ReplicaSet per
//! pod template (named `<deployment>-<template hash>`, the hash also a `pod-template-hash`
//! label on its selector, template and pods), moved between templates by the strategy:
//! - RollingUpdate: the new ReplicaSet grows while the total stays within `replicas +
//!   maxSurge`, old ones shrink while the available pods stay at or above `replicas −
//!   maxUnavailable` (`reconcileNewReplicaSet`, `reconcileOldReplicaSets`);
//! - Recreate: every old pod goes first, then the new ReplicaSet is scaled up.
//!
//! A change of `replicas` alone is a scaling event, spread over the active ReplicaSets in
//! proportion (`scale`). Status, the `Available` and `Progressing` conditions, the progress
//! deadline, revision annotations and the revision history limit follow the controller.

use crate::api::deployment::{DeploymentCondition, DeploymentStatus, POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION};
use crate::api::meta::Timestamp;
use crate::api::pod::PodTemplateSpec;
use crate::api::replicaset::{ReplicaSetSpec, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION};
use crate::api::{Deployment, Kind, ObjectMeta, Pod, PodPhase, ReplicaSet};
use crate::cluster::Change;
use crate::controller::revisions::revision_hash;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::SimDuration;
use std::rc::Rc;

/// The component name events are recorded under.
const COMPONENT: &str = "deployment-controller";

/// Routes a ReplicaSet change to the Deployment that owns it.
pub(crate) fn on_replica_set_change(sim: &mut Simulation, change: &Change) {
    if let Some(owner) = change.meta.controller_ref().filter(|r| r.kind == "Deployment") {
        sim.queues.deployments.insert(ObjectKey::new(&change.key.namespace, &owner.name));
    }
}

/// Routes the deletion of a pod to the Deployment above its ReplicaSet: Recreate waits
/// for the last old pod to be gone, which changes no ReplicaSet's status.
pub(crate) fn on_pod_deleted(sim: &mut Simulation, change: &Change) {
    let Some(owner) = change.meta.controller_ref().filter(|r| r.kind == "ReplicaSet") else { return };
    let rs_key = ObjectKey::new(&change.key.namespace, &owner.name);
    let deployment = sim.cluster.get::<ReplicaSet>(&rs_key).and_then(|rs| rs.metadata.controller_ref().cloned());
    if let Some(d) = deployment.filter(|r| r.kind == "Deployment") {
        sim.queues.deployments.insert(ObjectKey::new(&change.key.namespace, &d.name));
    }
}

/// The template with the `pod-template-hash` label taken out (`EqualIgnoreHash`).
fn without_hash(template: &PodTemplateSpec) -> PodTemplateSpec {
    let mut t = template.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    t
}

/// The ReplicaSets the Deployment owns, oldest first.
pub fn owned_replica_sets(sim: &Simulation, d: &Deployment) -> Vec<Rc<ReplicaSet>> {
    owned_replica_sets_in(&sim.cluster, d)
}

/// [`owned_replica_sets`] of a cluster.
pub fn owned_replica_sets_in(cluster: &crate::cluster::Cluster, d: &Deployment) -> Vec<Rc<ReplicaSet>> {
    let store = cluster.list::<ReplicaSet>();
    let mut owned: Vec<(u64, Rc<ReplicaSet>)> = store
        .iter_shared()
        .filter(|(_, rs)| rs.metadata.namespace == d.metadata.namespace)
        .filter(|(_, rs)| rs.metadata.controller_ref().is_some_and(|r| r.uid == d.metadata.uid))
        .map(|(k, rs)| (store.creation_index(&k).unwrap_or(0), rs))
        .collect();
    crate::sorting::sort_by_key(&mut owned, |(at, _)| *at);
    owned.into_iter().map(|(_, rs)| rs).collect()
}

/// The ReplicaSet whose template is the Deployment's (the oldest, if several).
pub fn new_replica_set(d: &Deployment, owned: &[Rc<ReplicaSet>]) -> Option<Rc<ReplicaSet>> {
    owned.iter().find(|rs| without_hash(&rs.spec.template) == d.spec.template).cloned()
}

/// Syncs one Deployment.
pub(crate) fn sync(sim: &mut Simulation, key: &ObjectKey) {
    let Some(d) = sim.cluster.list::<Deployment>().get_shared(key) else { return };
    let owned = owned_replica_sets(sim, &d);
    if d.metadata.is_terminating() {
        write_status(sim, &d, false);
        return;
    }
    if d.spec.paused == Some(true) || is_scaling_event(&d, &owned) {
        let (new, old) = split(&d, &owned);
        scale(sim, &d, new.as_ref(), &old);
        write_status(sim, &d, false);
        return;
    }
    if d.is_recreate() {
        rollout_recreate(sim, &d, &owned);
    } else {
        rollout_rolling(sim, &d, &owned);
    }
}

/// The new ReplicaSet (if any) and the others.
fn split(d: &Deployment, owned: &[Rc<ReplicaSet>]) -> (Option<Rc<ReplicaSet>>, Vec<Rc<ReplicaSet>>) {
    let new = new_replica_set(d, owned);
    let old =
        owned.iter().filter(|rs| new.as_ref().is_none_or(|n| n.metadata.uid != rs.metadata.uid)).cloned().collect();
    (new, old)
}

/// `isScalingEvent`: an active ReplicaSet was last scaled for another `replicas`.
fn is_scaling_event(d: &Deployment, owned: &[Rc<ReplicaSet>]) -> bool {
    let desired = d.replicas().to_string();
    owned
        .iter()
        .filter(|rs| rs.replicas() > 0)
        .any(|rs| rs.metadata.annotations.get(DESIRED_REPLICAS_ANNOTATION).is_some_and(|v| *v != desired))
}

/// `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet, made if `create` and missing,
/// with the revision after every old one's; the Deployment's revision follows it.
fn new_and_old(
    sim: &mut Simulation,
    d: &Deployment,
    owned: &[Rc<ReplicaSet>],
    create: bool,
) -> (Option<Rc<ReplicaSet>>, Vec<Rc<ReplicaSet>>) {
    let (new, old) = split(d, owned);
    let next_revision = old.iter().map(|rs| rs.revision()).max().unwrap_or(0) + 1;
    let new = match new {
        Some(rs) if rs.revision() < next_revision => {
            let mut updated = (*rs).clone();
            updated.metadata.annotations.insert(REVISION_ANNOTATION.into(), next_revision.to_string());
            sim.cluster.update(updated).ok()
        }
        Some(rs) => Some(rs),
        None if create => create_new_replica_set(sim, d, &old, next_revision),
        None => None,
    };
    if let Some(rs) = &new {
        let revision = rs.revision().to_string();
        if d.metadata.annotations.get(REVISION_ANNOTATION) != Some(&revision) {
            let key = ObjectKey::new(&d.metadata.namespace, &d.metadata.name);
            let _ = sim.cluster.update_meta(Kind::Deployment, &key, |m| {
                m.annotations.insert(REVISION_ANNOTATION.into(), revision);
            });
        }
    }
    (new, old)
}

/// The annotations a ReplicaSet gets each time the Deployment scales it.
fn replica_annotations(d: &Deployment, meta: &mut ObjectMeta) {
    meta.annotations.insert(DESIRED_REPLICAS_ANNOTATION.into(), d.replicas().to_string());
    meta.annotations.insert(MAX_REPLICAS_ANNOTATION.into(), (d.replicas() + d.max_surge()).to_string());
}

fn create_new_replica_set(
    sim: &mut Simulation,
    d: &Deployment,
    old: &[Rc<ReplicaSet>],
    revision: i64,
) -> Option<Rc<ReplicaSet>> {
    let collisions = d.status.as_ref().and_then(|s| s.collision_count).unwrap_or(0);
    let hash = revision_hash(&d.spec.template, collisions);
    let mut template = d.spec.template.clone();
    template.metadata.labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
    let mut selector = d.spec.selector.clone().unwrap_or_default();
    selector.match_labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
    let replicas = match d.is_recreate() {
        true => d.replicas(),
        false => new_replicas(d, old.iter().map(|rs| rs.replicas()).sum(), 0),
    };
    let mut rs = ReplicaSet {
        metadata: ObjectMeta {
            name: format!("{}-{hash}", d.metadata.name),
            namespace: d.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            owner_references: vec![crate::api::controller_ref_to(d)],
            ..Default::default()
        },
        spec: ReplicaSetSpec {
            replicas: Some(replicas),
            min_ready_seconds: d.spec.min_ready_seconds,
            selector: Some(selector),
            template,
        },
        ..Default::default()
    };
    rs.metadata.annotations.insert(REVISION_ANNOTATION.into(), revision.to_string());
    replica_annotations(d, &mut rs.metadata);
    let name = rs.metadata.name.clone();
    match sim.cluster.create(rs) {
        Ok(created) => {
            if replicas > 0 {
                let message = format!("Scaled up replica set {name} from 0 to {replicas}");
                sim.cluster.record_event(d, "Normal", "ScalingReplicaSet", message, COMPONENT);
            }
            let message = format!("Created new replica set \"{name}\"");
            set_progressing(sim, d, "True", "NewReplicaSetCreated", message);
            Some(created)
        }
        Err(_) => {
            // A ReplicaSet of that name with another template: a hash collision. The next
            // sync hashes with the bumped count.
            let mut updated = d.clone();
            let status = updated.status.get_or_insert_with(DeploymentStatus::default);
            status.collision_count = Some(collisions + 1);
            let _ = sim.cluster.update(updated);
            None
        }
    }
}

/// Writes the Progressing condition straight away (as the controller does on creating
/// the new ReplicaSet).
fn set_progressing(sim: &mut Simulation, d: &Deployment, status: &str, reason: &str, message: String) {
    let key = ObjectKey::new(&d.metadata.namespace, &d.metadata.name);
    let Some(mut current) = sim.cluster.get::<Deployment>(&key).cloned() else { return };
    let now = Timestamp(sim.cluster.now());
    let conditions = &mut current.status.get_or_insert_with(DeploymentStatus::default).conditions;
    set_condition(conditions, "Progressing", status, reason, message, now);
    let _ = sim.cluster.update(current);
}

/// `SetDeploymentCondition`: the same status and reason changes nothing; otherwise the
/// condition is replaced (keeping its transition time if the status stays) and moves to
/// the end.
fn set_condition(
    conditions: &mut Vec<DeploymentCondition>,
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
    now: Timestamp,
) {
    let current = conditions.iter().find(|c| c.type_ == type_);
    if current.is_some_and(|c| c.status == status && c.reason.as_deref() == Some(reason)) {
        return;
    }
    let transition = current.filter(|c| c.status == status).and_then(|c| c.last_transition_time).unwrap_or(now);
    conditions.retain(|c| c.type_ != type_);
    conditions.push(DeploymentCondition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: Some(now),
        last_transition_time: Some(transition),
        reason: Some(reason.into()),
        message: Some(message),
    });
}

/// `NewRSNewReplicas` for a rolling update: grow the new ReplicaSet by what the surge
/// allows, never past `replicas`.
fn new_replicas(d: &Deployment, current_total: i32, new_now: i32) -> i32 {
    let max_total = d.replicas() + d.max_surge();
    if current_total >= max_total {
        return new_now;
    }
    let grow = (max_total - current_total).min(d.replicas() - new_now).max(0);
    new_now + grow
}

/// Scales `rs` to `to` with the Deployment's annotations, recording the event.
fn scale_replica_set(sim: &mut Simulation, d: &Deployment, rs: &ReplicaSet, to: i32) -> bool {
    let from = rs.replicas();
    let mut updated = rs.clone();
    updated.spec.replicas = Some(to);
    replica_annotations(d, &mut updated.metadata);
    if updated == *rs {
        return false;
    }
    if sim.cluster.update(updated).is_err() {
        return false;
    }
    if from != to {
        let direction = if to > from { "up" } else { "down" };
        let message = format!("Scaled {direction} replica set {} from {from} to {to}", rs.metadata.name);
        sim.cluster.record_event(d, "Normal", "ScalingReplicaSet", message, COMPONENT);
    }
    from != to
}

/// The ReplicaSet as stored now (a scale earlier in this sync may have changed it).
fn fresh(sim: &Simulation, rs: &ReplicaSet) -> Option<Rc<ReplicaSet>> {
    sim.cluster.list::<ReplicaSet>().get_shared(&ObjectKey::new(&rs.metadata.namespace, &rs.metadata.name))
}

/// `rolloutRolling`.
fn rollout_rolling(sim: &mut Simulation, d: &Deployment, owned: &[Rc<ReplicaSet>]) {
    let (new, old) = new_and_old(sim, d, owned, true);
    let Some(new) = new.and_then(|rs| fresh(sim, &rs)) else {
        write_status(sim, d, true);
        return;
    };
    // Scale up, if we can.
    let total: i32 = old.iter().map(|rs| rs.replicas()).sum::<i32>() + new.replicas();
    let target = match new.replicas().cmp(&d.replicas()) {
        std::cmp::Ordering::Greater => d.replicas(),
        _ => new_replicas(d, total, new.replicas()),
    };
    if target != new.replicas() && scale_replica_set(sim, d, &new, target) {
        write_status(sim, d, true);
        return;
    }
    // Scale down, if we can.
    if reconcile_old(sim, d, &old, &new) {
        write_status(sim, d, true);
        return;
    }
    let status = status_of(sim, d);
    if is_complete(d, &status) {
        cleanup(sim, d, &old);
    }
    write_status(sim, d, true);
}

/// `reconcileOldReplicaSets`: shrink the old ReplicaSets as far as availability allows,
/// unhealthy pods first.
fn reconcile_old(sim: &mut Simulation, d: &Deployment, old: &[Rc<ReplicaSet>], new: &ReplicaSet) -> bool {
    let old_total: i32 = old.iter().map(|rs| rs.replicas()).sum();
    if old_total == 0 {
        return false;
    }
    let all_total = old_total + new.replicas();
    let min_available = d.replicas() - d.max_unavailable();
    let new_unavailable = new.replicas() - new.available();
    let max_scaled_down = all_total - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return false;
    }
    // Clean up unhealthy replicas first (oldest ReplicaSet first).
    let mut cleaned = 0;
    for rs in old {
        if cleaned >= max_scaled_down {
            break;
        }
        let Some(rs) = fresh(sim, rs) else { continue };
        if rs.replicas() == 0 || rs.replicas() == rs.available() {
            continue;
        }
        let down = (max_scaled_down - cleaned).min(rs.replicas() - rs.available());
        if scale_replica_set(sim, d, &rs, rs.replicas() - down) {
            cleaned += down;
        }
    }
    // Then scale down healthy ones while availability allows.
    let fresh_old: Vec<Rc<ReplicaSet>> = old.iter().filter_map(|rs| fresh(sim, rs)).collect();
    let available: i32 = fresh_old.iter().map(|rs| rs.available()).sum::<i32>() + new.available();
    let mut scaled = 0;
    if available > min_available {
        let total_down = available - min_available;
        for rs in &fresh_old {
            if scaled >= total_down {
                break;
            }
            if rs.replicas() == 0 {
                continue;
            }
            let down = rs.replicas().min(total_down - scaled);
            if scale_replica_set(sim, d, rs, rs.replicas() - down) {
                scaled += down;
            }
        }
    }
    cleaned + scaled > 0
}

/// `rolloutRecreate`: every old ReplicaSet to 0, wait for their pods to be gone, then
/// the new one to `replicas`.
fn rollout_recreate(sim: &mut Simulation, d: &Deployment, owned: &[Rc<ReplicaSet>]) {
    let (new, old) = new_and_old(sim, d, owned, false);
    let mut scaled_down = false;
    for rs in old.iter().filter(|rs| rs.replicas() > 0) {
        scaled_down |= scale_replica_set(sim, d, rs, 0);
    }
    if scaled_down || old_pods_running(sim, &old) {
        write_status(sim, d, true);
        return;
    }
    let new = match new {
        Some(rs) => Some(rs),
        None => new_and_old(sim, d, owned, true).0,
    };
    if let Some(new) = new.and_then(|rs| fresh(sim, &rs)) {
        scale_replica_set(sim, d, &new, d.replicas());
    }
    let status = status_of(sim, d);
    if is_complete(d, &status) {
        cleanup(sim, d, &old);
    }
    write_status(sim, d, true);
}

/// `oldPodsRunning`: a pod of an old ReplicaSet that has not finished (terminating pods
/// count: Recreate waits until they are gone).
fn old_pods_running(sim: &Simulation, old: &[Rc<ReplicaSet>]) -> bool {
    let uids: Vec<&str> = old.iter().map(|rs| rs.metadata.uid.as_str()).collect();
    sim.cluster.list::<Pod>().values().any(|p| {
        p.metadata.controller_ref().is_some_and(|r| uids.contains(&r.uid.as_str()))
            && !matches!(p.status.phase, Some(PodPhase::Succeeded | PodPhase::Failed))
    })
}

/// `scale`: a change of `replicas` alone. One active ReplicaSet takes it all; during a
/// rollout, the difference is spread over the active ReplicaSets in proportion to their
/// size, the rest to the largest.
fn scale(sim: &mut Simulation, d: &Deployment, new: Option<&Rc<ReplicaSet>>, old: &[Rc<ReplicaSet>]) {
    let all: Vec<Rc<ReplicaSet>> = new.into_iter().chain(old).cloned().collect();
    let active: Vec<Rc<ReplicaSet>> = all.iter().filter(|rs| rs.replicas() > 0).cloned().collect();
    let only = match active.len() {
        0 => new.cloned().or_else(|| old.last().cloned()),
        1 => active.first().cloned(),
        _ => None,
    };
    if let Some(rs) = only {
        scale_replica_set(sim, d, &rs, d.replicas());
        return;
    }
    let saturated = new.is_some_and(|n| n.replicas() == d.replicas() && n.available() == d.replicas());
    if saturated {
        for rs in old.iter().filter(|rs| rs.replicas() > 0) {
            scale_replica_set(sim, d, rs, 0);
        }
        return;
    }
    if d.is_recreate() {
        return;
    }
    let current: i32 = active.iter().map(|rs| rs.replicas()).sum();
    let allowed = if d.replicas() > 0 { d.replicas() + d.max_surge() } else { 0 };
    // Even with nothing to add, every ReplicaSet is written with the new annotations:
    // that is what ends the scaling event.
    let to_add = allowed - current;
    // Largest first (newer on ties) to add, smallest... as ReplicaSetsBySizeNewer/Older.
    let mut ordered = active.clone();
    crate::sorting::sort_by(&mut ordered, |a, b| {
        let by_size = b.replicas().cmp(&a.replicas());
        let by_age = a.metadata.creation_timestamp.cmp(&b.metadata.creation_timestamp);
        by_size.then(if to_add > 0 { by_age.reverse() } else { by_age })
    });
    let mut added = 0;
    let mut sizes: Vec<i32> = Vec::with_capacity(ordered.len());
    for rs in &ordered {
        let proportion = proportion(d, rs, to_add, added);
        sizes.push(rs.replicas() + proportion);
        added += proportion;
    }
    if let Some(first) = sizes.first_mut() {
        *first = (*first + to_add - added).max(0);
    }
    for (rs, size) in ordered.iter().zip(sizes) {
        scale_replica_set(sim, d, rs, size);
    }
}

/// `GetProportion`: this ReplicaSet's share of `to_add`, bounded by what is left.
fn proportion(d: &Deployment, rs: &ReplicaSet, to_add: i32, added: i32) -> i32 {
    if rs.replicas() == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = if d.replicas() == 0 {
        -rs.replicas()
    } else {
        let deployment_max = d.replicas() + d.max_surge();
        let annotated = rs
            .metadata
            .annotations
            .get(MAX_REPLICAS_ANNOTATION)
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or_else(|| d.status.as_ref().map_or(0, |s| s.replicas))
            .max(1);
        let scaled = f64::from(rs.replicas()) * f64::from(deployment_max) / f64::from(annotated);
        scaled.round() as i32 - rs.replicas()
    };
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// `cleanupDeployment`: old, empty ReplicaSets beyond `revisionHistoryLimit` are
/// deleted, lowest revision first.
fn cleanup(sim: &mut Simulation, d: &Deployment, old: &[Rc<ReplicaSet>]) {
    let limit = d.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let mut cleanable: Vec<Rc<ReplicaSet>> =
        old.iter().filter_map(|rs| fresh(sim, rs)).filter(|rs| !rs.metadata.is_terminating()).collect();
    if cleanable.len() <= limit {
        return;
    }
    let surplus = cleanable.len() - limit;
    crate::sorting::sort_by_key(&mut cleanable, |rs| rs.revision());
    for rs in cleanable.into_iter().take(surplus) {
        let observed = rs.status.as_ref().and_then(|s| s.observed_generation) >= rs.metadata.generation;
        if rs.actual() != 0 || rs.replicas() != 0 || !observed {
            continue;
        }
        let key = ObjectKey::new(&rs.metadata.namespace, &rs.metadata.name);
        let _ = sim.cluster.delete::<ReplicaSet>(&key, crate::cluster::Propagation::Background);
    }
}

/// `calculateStatus`: counts summed over the ReplicaSets, the `Available` condition.
fn status_of(sim: &Simulation, d: &Deployment) -> DeploymentStatus {
    let owned = owned_replica_sets(sim, d);
    let new = new_replica_set(d, &owned);
    let available: i32 = owned.iter().map(|rs| rs.available()).sum();
    let total: i32 = owned.iter().map(|rs| rs.replicas()).sum();
    let mut status = d.status.clone().unwrap_or_default();
    status.observed_generation = d.metadata.generation;
    status.replicas = owned.iter().map(|rs| rs.actual()).sum();
    status.updated_replicas = new.as_ref().map_or(0, |rs| rs.actual());
    status.ready_replicas = owned.iter().map(|rs| rs.ready()).sum();
    status.available_replicas = available;
    status.unavailable_replicas = (total - available).max(0);
    let now = Timestamp(sim.cluster.now());
    match available >= d.replicas() - d.max_unavailable() {
        true => set_condition(
            &mut status.conditions,
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.".into(),
            now,
        ),
        false => set_condition(
            &mut status.conditions,
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".into(),
            now,
        ),
    }
    status
}

/// `DeploymentComplete`: every pod updated and available, no old pod left.
fn is_complete(d: &Deployment, status: &DeploymentStatus) -> bool {
    status.updated_replicas == d.replicas()
        && status.replicas == d.replicas()
        && status.available_replicas == d.replicas()
        && status.observed_generation >= d.metadata.generation
}

/// Writes the status; with `rollout`, also the `Progressing` condition as
/// `syncRolloutStatus` does (complete, progressing, or past its deadline), and a sync at
/// the deadline while the rollout is under way.
fn write_status(sim: &mut Simulation, d: &Deployment, rollout: bool) {
    let key = ObjectKey::new(&d.metadata.namespace, &d.metadata.name);
    let Some(current) = sim.cluster.get::<Deployment>(&key).cloned() else { return };
    let mut status = status_of(sim, &current);
    if rollout {
        if let Some(deadline) = current.spec.progress_deadline_seconds {
            progress(sim, &current, &mut status, deadline, &key);
        }
    }
    if current.status.as_ref() != Some(&status) {
        let mut updated = current;
        updated.status = Some(status);
        let _ = sim.cluster.update(updated);
    }
}

/// The `Progressing` condition of `status`.
fn progress(sim: &mut Simulation, d: &Deployment, status: &mut DeploymentStatus, deadline: i32, key: &ObjectKey) {
    let now = Timestamp(sim.cluster.now());
    let new_name = new_replica_set(d, &owned_replica_sets(sim, d)).map(|rs| rs.metadata.name.clone());
    let Some(name) = new_name else { return };
    let current = status.conditions.iter().find(|c| c.type_ == "Progressing").cloned();
    let reason = current.as_ref().and_then(|c| c.reason.clone()).unwrap_or_default();
    if status.replicas == status.updated_replicas && reason == "NewReplicaSetAvailable" {
        return;
    }
    let old = d.status.clone().unwrap_or_default();
    let progressing = status.updated_replicas > old.updated_replicas
        || status.ready_replicas > old.ready_replicas
        || (old.replicas - old.updated_replicas) > (status.replicas - status.updated_replicas)
        || status.available_replicas > old.available_replicas;
    let last_update = current.as_ref().and_then(|c| c.last_update_time).map_or(now.0, |t| t.0);
    let due = last_update.plus(SimDuration::from_secs(deadline.max(0) as u64));
    if is_complete(d, status) {
        let message = format!("ReplicaSet \"{name}\" has successfully progressed.");
        set_condition(&mut status.conditions, "Progressing", "True", "NewReplicaSetAvailable", message, now);
        crate::controller::delayed_sync::cancel(sim, Kind::Deployment, key);
    } else if progressing {
        // Progress moves the deadline: the condition is rewritten with a new update time
        // even when its reason stays (the controller's special case for Progressing).
        let transition = current.filter(|c| c.status == "True").and_then(|c| c.last_transition_time).unwrap_or(now);
        status.conditions.retain(|c| c.type_ != "Progressing");
        status.conditions.push(DeploymentCondition {
            type_: "Progressing".into(),
            status: "True".into(),
            last_update_time: Some(now),
            last_transition_time: Some(transition),
            reason: Some("ReplicaSetUpdated".into()),
            message: Some(format!("ReplicaSet \"{name}\" is progressing.")),
        });
        let at = now.0.plus(SimDuration::from_secs(deadline.max(0) as u64 + 1));
        crate::controller::delayed_sync::sync_at(sim, Kind::Deployment, key, at);
    } else if reason == "ProgressDeadlineExceeded" {
        // Timed out stays timed out until progress is made.
    } else if due < now.0 {
        let message = format!("ReplicaSet \"{name}\" has timed out progressing.");
        set_condition(&mut status.conditions, "Progressing", "False", "ProgressDeadlineExceeded", message, now);
        crate::controller::delayed_sync::cancel(sim, Kind::Deployment, key);
    } else {
        crate::controller::delayed_sync::sync_at(sim, Kind::Deployment, key, due.plus(SimDuration::from_secs(1)));
    }
}
