//! The StatefulSet controller, as `pkg/controller/statefulset` runs it (behaviour
//! document, section 3): claim pods, split them into replicas and condemned, create in
//! ascending order and delete in descending order (one at a time for OrderedReady, all at
//! once for Parallel), and write the status computed from what it saw.
//!
//! Revisions and rolling updates follow section 4 (`revisions.rs` names and finds them);
//! claim retention (section 2.5) is owner references on the claims (`retention.rs`),
//! acted on by the garbage collector. A sync that fails (a create or delete refused) is
//! retried with the work queue's exponential back-off, 5 ms doubling to 1000 s.

use crate::api::meta::LabelSelector;
use crate::api::pod::{PersistentVolumeClaimVolumeSource, PodTemplateSpec, Volume};
use crate::api::statefulset::{PodManagementPolicy, StatefulSetStatus};
use crate::api::{ObjectMeta, PersistentVolumeClaim, Pod, StatefulSet};
use crate::api_client;
use crate::cluster::{Change, ChangeOp};
use crate::controller::pod_facts::Member;
use crate::controller::replica_slots::{ReplicaSlots, RollingSlots};
use crate::controller::retention;
use crate::controller::revisions::{self, POD_REVISION_LABEL};
use crate::controller::set_claims::SetClaims;
use crate::controller::set_view::{Members, SetView, Tally};
use crate::error::ApiError;
use crate::ordinal::parent_and_ordinal;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::{SimDuration, SimTime};
use crate::timers::Timer;
use std::rc::Rc;

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
            let set = ObjectKey::new(ns, &owner.name);
            // A pod that just became Ready is looked at again once it can be Available.
            let min_ready = sim.cluster.get::<StatefulSet>(&set).map_or(0, |s| s.min_ready_seconds());
            let now = sim.cluster.now();
            let just_ready = || {
                sim.cluster
                    .get::<Pod>(&change.key)
                    .and_then(|p| p.condition("Ready"))
                    .is_some_and(|c| c.status == "True" && c.last_transition_time.is_some_and(|t| t.0 == now))
            };
            if min_ready > 0 && change.op == ChangeOp::Modified && just_ready() {
                enqueue_after(sim, &set, now.plus(SimDuration::from_secs(min_ready as u64 + 1)));
            }
            sim.queues.statefulsets.insert(set);
        }
        return;
    }
    if change.op == ChangeOp::Deleted {
        return;
    }
    let matching = sets_selecting(sim, ns, &change.meta.labels, |_| true);
    sim.queues.statefulsets.extend(matching);
}

/// The sets in `namespace` whose (non-empty) selector picks `labels`, among those `keep`
/// accepts.
fn sets_selecting(
    sim: &Simulation,
    namespace: &str,
    labels: &crate::api::meta::StringMap,
    keep: impl Fn(&StatefulSet) -> bool,
) -> Vec<ObjectKey> {
    sim.cluster
        .list::<StatefulSet>()
        .iter()
        .filter(|(k, s)| {
            k.namespace == namespace
                && keep(s)
                && s.spec.selector.as_ref().is_some_and(|sel| !sel.is_empty() && sel.matches(labels))
        })
        .map(|(k, _)| k.clone())
        .collect()
}

/// A claim that went away may unblock a set waiting on a stale claim (section 2.2); the
/// set is synced again. (Upstream the wait ends at the next resync; the simulation
/// resyncs at once so that the lesson does not depend on a resync period.)
pub(crate) fn on_claim_change(sim: &mut Simulation, change: &Change) {
    if change.op != ChangeOp::Deleted {
        return;
    }
    let has_claims = |s: &StatefulSet| !s.spec.volume_claim_templates.is_empty();
    let matching = sets_selecting(sim, &change.key.namespace, &change.meta.labels, has_claims);
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

/// One sync of the set at `key` (section 3.2 and 3.3).
pub(crate) fn sync(sim: &mut Simulation, key: &ObjectKey) {
    let Some(set) = sim.cluster.get::<StatefulSet>(key).cloned() else {
        sim.set_views.forget(key);
        return;
    };
    if set.spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
        return;
    }
    let (mut members, claims, tally) = claim_pods(sim, &set);
    let checked = sync_claimed(sim, key, set, &members, &claims, &tally);
    if let Some(slots) = members.slots_mut() {
        checked.into_iter().for_each(|ordinal| slots.checked(ordinal));
    }
    sim.set_views.give_back(key, members);
}

/// Steps A to J of a sync of `set`, over the pods it claimed (`members`, taken out of the
/// set's view for the sync and given back after it, so the passes borrow them). Returns
/// the ordinals of the replicas whose claims the pass found right.
fn sync_claimed(
    sim: &mut Simulation,
    key: &ObjectKey,
    set: StatefulSet,
    members: &Members,
    claims: &SetClaims,
    tally: &Tally,
) -> Vec<i64> {
    let mut checked = Vec::new();
    // Step A: the current and update revisions, and the templates they restore.
    let Ok((current, update, collision_count)) = revisions::current_and_update(sim, &set) else { return checked };
    let (current_template, update_template) = (current.data.template.clone(), update.data.template.clone());
    let now = sim.cluster.now();
    let start = i64::from(set.start_ordinal());
    let count = usize::try_from(set.replicas()).unwrap_or(0);
    let min_ready = set.min_ready_seconds();
    let monotonic = set.pod_management_policy() == PodManagementPolicy::OrderedReady;
    let policy = set.retention();

    // Step C: partition into replica slots and condemned pods.
    let replicas = ReplicaSlots::of(members, start, count, min_ready);
    let condemned = &replicas.condemned;
    let visit = replicas.to_visit(monotonic);
    #[cfg(debug_assertions)]
    check_skipped(&set, members, claims, &replicas, (&visit, monotonic), count);

    // Step B: status from the pods as observed at the start of the sync.
    let revisions = (current.metadata.name.as_str(), update.metadata.name.as_str());
    let mut status = compute_status(&set, members, tally, now, revisions, collision_count);

    // Step D: the first unavailable pod, replicas first, then the lowest condemned.
    let unavailable = |m: &Member| m.facts.terminating || !m.facts.is_available(min_ready, now);
    let first_unavailable = replicas
        .first_unavailable(unavailable)
        .or_else(|| condemned.iter().rev().copied().find(|m| unavailable(m)))
        .map(|m| m.pod.metadata.uid.clone());

    // Step E: a set being deleted only gets its status written.
    if set.metadata.is_terminating() {
        write_status(sim, &set, status);
        return checked;
    }
    // Which revision a pod created now gets (newVersionedStatefulSetPod).
    let stored_current_replicas = set.status.as_ref().map_or(0, |s| s.current_replicas);
    let has_rolling_block = set.spec.update_strategy.as_ref().is_some_and(|u| u.rolling_update.is_some());
    let versioned = |ordinal: i64| -> (&PodTemplateSpec, &str) {
        let below = if has_rolling_block {
            ordinal < start + i64::from(set.partition())
        } else {
            set.rolls_out() && ordinal < start + i64::from(stored_current_replicas)
        };
        if below {
            (&current_template, current.metadata.name.as_str())
        } else {
            (&update_template, update.metadata.name.as_str())
        }
    };

    // Step F: the replica pass, ascending.
    let replica = |sim: &mut Simulation, i: usize| -> Step {
        let ordinal = start + i as i64;
        let Some(member) = replicas.member(i) else {
            if claims_stale(claims, &set, ordinal) {
                // Wait for the garbage collector to remove the old incarnation's claim.
                return Step::Wait;
            }
            let (template, revision) = versioned(ordinal);
            return match create_pod(sim, &set, template, revision, ordinal) {
                true if monotonic => Step::Wait,
                true => Step::Go,
                false => Step::Fail,
            };
        };
        let (pod, facts) = (&member.pod, &member.facts);
        if facts.terminal {
            if !facts.terminating && !delete_pod(sim, &set, pod) {
                return Step::Fail;
            }
            return Step::Wait;
        }
        if facts.pending
            && !claims.all_present(ordinal)
            && ensure_claims(sim, &set, &pod.metadata.name, ordinal).is_err()
        {
            return Step::Fail;
        }
        if facts.terminating || !facts.running_ready || !facts.is_available(min_ready, now) {
            // Only OrderedReady waits here (run_for_all ignores waits for Parallel), but
            // the identity repair below still happens for Parallel.
            if monotonic {
                return Step::Wait;
            }
        }
        let retention_ok = claims_match_retention(claims, &(&set, policy), member, false);
        if retention_ok {
            checked.push(ordinal);
        }
        if (!facts.identity_ok || !retention_ok)
            && !update_stateful_pod(sim, &set, claims, Pod::clone(pod), ordinal, retention_ok)
        {
            return Step::Fail;
        }
        Step::Go
    };
    let mut outcome = run_for_all(sim, count, &visit, monotonic, replica);

    // Step G: the claims of every condemned pod get the references the retention
    // policy wants before any of them is deleted.
    if outcome == Step::Go {
        let fix_claims = |sim: &mut Simulation, i: usize| -> Step {
            let Member { ordinal, pod, .. } = condemned[i];
            match claims_match_retention(claims, &(&set, policy), condemned[i], true)
                || update_claims(sim, &set, claims, pod, *ordinal, true).is_ok()
            {
                true => Step::Go,
                false => Step::Fail,
            }
        };
        outcome = run_for_all(sim, condemned.len(), &every(condemned.len()), monotonic, fix_claims);
    }

    // Step H: the condemned pass, descending. Any wait ends the sync, as in the
    // replica pass: updates never run while scaling is unfinished.
    if outcome == Step::Go {
        let condemn = |sim: &mut Simulation, i: usize| -> Step {
            let Member { pod, facts, .. } = condemned[i];
            if facts.terminating {
                return Step::Wait;
            }
            let healthy = facts.running_ready && facts.is_available(min_ready, now);
            if !healthy && first_unavailable.as_deref() != Some(pod.metadata.uid.as_str()) && monotonic {
                return Step::Wait;
            }
            match delete_pod(sim, &set, pod) {
                true => Step::Wait,
                false => Step::Fail,
            }
        };
        outcome = run_for_all(sim, condemned.len(), &every(condemned.len()), monotonic, condemn);
    }

    // Step J: the rolling update, once scaling is done (never for OnDelete).
    if outcome == Step::Go
        && set.rolls_out()
        && !rolling_update(sim, &set, &replicas, &update.metadata.name, now, &mut status)
    {
        outcome = Step::Fail;
    }

    // Requeue while pods wait out minReadySeconds, as the controller does after a sync.
    if min_ready > 0 && status.available_replicas != set.replicas() {
        let at = now.plus(SimDuration::from_secs(min_ready as u64));
        enqueue_after(sim, key, at);
    }
    retry_on_failure(sim, key, outcome == Step::Fail);
    complete_rolling_update(&set, &mut status);
    if outcome != Step::Fail {
        // A failed sync writes its status and returns before history is truncated.
        let live = [current.metadata.name.as_str(), update.metadata.name.as_str()];
        revisions::truncate_history(sim, &set, members.values().filter_map(|m| m.facts.revision()), live);
    }
    write_status(sim, &set, status);
    checked
}

/// The indices `0..count`, for a pass that looks at every step.
fn every(count: usize) -> Vec<usize> {
    (0..count).collect()
}

/// A set and its claim retention policy as read once for a sync.
type SetAndPolicy<'a> = (&'a StatefulSet, crate::api::statefulset::ClaimRetention);

/// What one step of a pass says: go on, wait (end the sync without error), or fail (end
/// the sync with an error, to be retried).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Go,
    Wait,
    Fail,
}

/// The largest slow-start batch (`MaxBatchSize`).
pub const MAX_BATCH_SIZE: usize = 500;

/// `runForAll`: OrderedReady runs the steps one by one and ends at the first wait or
/// failure; Parallel runs them in slow-start batches (concurrently upstream), ignores
/// waits, and ends after a batch in which any step failed.
///
/// Only the steps `visit` lists (ascending) are run: the others are known to go on and
/// write nothing. The batches are still cut from all `count` steps.
fn run_for_all(
    sim: &mut Simulation,
    count: usize,
    visit: &[usize],
    monotonic: bool,
    mut step: impl FnMut(&mut Simulation, usize) -> Step,
) -> Step {
    if monotonic {
        for &i in visit {
            match step(sim, i) {
                Step::Go => {}
                stop => return stop,
            }
        }
        return Step::Go;
    }
    for batch in slow_start_batches(count) {
        sim.client.begin_batch();
        let mut failed = false;
        let (from, to) = (visit.partition_point(|i| *i < batch.start), visit.partition_point(|i| *i < batch.end));
        for &i in &visit[from..to] {
            failed |= step(sim, i) == Step::Fail;
        }
        sim.client.end_batch();
        if failed {
            return Step::Fail;
        }
    }
    Step::Go
}

/// `slowStartBatch`: the index ranges of the batches over `count` items, of sizes 1, 2,
/// 4, … at most [`MAX_BATCH_SIZE`], the last one what remains.
pub fn slow_start_batches(count: usize) -> Vec<std::ops::Range<usize>> {
    let mut batches = Vec::new();
    let (mut start, mut size) = (0, count.min(1));
    while size > 0 {
        batches.push(start..start + size);
        start += size;
        size = (2 * size).min(count - start).min(MAX_BATCH_SIZE);
    }
    batches
}

/// Step J (maxUnavailable path, on by default since v1.35): count the unavailable pods
/// among all replica slots; if fewer than maxUnavailable, delete that many outdated pods,
/// highest ordinal first, down to the partition.
fn rolling_update(
    sim: &mut Simulation,
    set: &StatefulSet,
    replicas: &impl RollingSlots,
    update_revision: &str,
    now: SimTime,
    status: &mut StatefulSetStatus,
) -> bool {
    let min_ready = set.min_ready_seconds();
    let max_unavailable = usize::try_from(set.max_unavailable()).unwrap_or(1);
    let unavailable = replicas.unavailable(min_ready, now, max_unavailable);
    if unavailable >= max_unavailable {
        return true;
    }
    let update_min = usize::try_from(set.partition()).unwrap_or(0);
    for member in replicas.outdated(update_min, update_revision, max_unavailable - unavailable) {
        if !delete_pod(sim, set, &member.pod) {
            return false;
        }
        status.current_replicas -= 1;
    }
    true
}

/// `completeRollingUpdate`: once every pod is updated and ready, the update revision
/// becomes the current one (availability is not checked, upstream bug #136831).
fn complete_rolling_update(set: &StatefulSet, status: &mut StatefulSetStatus) {
    let rolling = set.spec.update_strategy.as_ref().and_then(|u| u.type_.as_deref()) == Some("RollingUpdate");
    if rolling
        && status.updated_replicas == status.replicas
        && status.ready_replicas == status.replicas
        && status.replicas == set.replicas()
    {
        status.current_revision = status.update_revision.clone();
        status.current_replicas = status.updated_replicas;
    }
}

/// Section 3.2 step 4: keep owned members that match the selector, release owned pods
/// that no longer match, adopt matching orphans that are members by name. Only the pods
/// that changed since the last sync are looked at (`set_view.rs`); a set seen for the
/// first time, or with many changed pods, is walked whole.
/// The set's claims are read (or refreshed) with them, and the status tally given.
fn claim_pods(sim: &mut Simulation, set: &StatefulSet) -> (Members, Rc<SetClaims>, Tally) {
    let Some(selector) = set.spec.selector.clone() else {
        return (Members::default(), Rc::new(SetClaims::read(sim, set)), Tally::default());
    };
    let key = ObjectKey::new(&set.metadata.namespace, &set.metadata.name);
    let view = match sim.set_views.take(&key, set, &selector) {
        Some(mut view) if is_small_change(view.sizes()) => {
            let pods = sim.cluster.list::<Pod>();
            let changed: Vec<Rc<Pod>> = view
                .take_dirty()
                .iter()
                .filter_map(|name| pods.get_shared(&ObjectKey::new(&set.metadata.namespace, name)))
                .collect();
            for pod in changed {
                match claim_one(sim, set, &selector, pod) {
                    Claim::Member(ordinal, pod) => view.claim(ordinal, pod),
                    Claim::Retry(name) => view.retry(&name),
                    Claim::None => {}
                }
            }
            view
        }
        _ => {
            let mut view = SetView::new(set, &selector);
            let start = ObjectKey::new(&set.metadata.namespace, "");
            let candidates: Vec<Rc<Pod>> = sim
                .cluster
                .list::<Pod>()
                .range_from(&start)
                .take_while(|(k, _)| k.namespace == set.metadata.namespace)
                .map(|(_, p)| p)
                .collect();
            let mut claimed = Vec::new();
            for pod in candidates {
                match claim_one(sim, set, &selector, pod) {
                    Claim::Member(ordinal, pod) => claimed.push(Rc::new(Member::new(ordinal, pod))),
                    Claim::Retry(name) => view.retry(&name),
                    Claim::None => {}
                }
            }
            view.claim_all(claimed);
            view
        }
    };
    let mut view = view;
    // The claims first: how much of them to read again depends on how many members.
    let claims = view.claims(sim, set);
    let claimed = view.take_members();
    #[cfg(debug_assertions)]
    check_claimed(sim, set, &selector, &claimed);
    let tally = view.tally().clone();
    debug_assert_eq!(tally, Tally::of(claimed.values()), "stale tally of {}", set.metadata.name);
    sim.set_views.put(key, view);
    (claimed, claims, tally)
}

/// Whether refreshing a view costs less than walking every pod again (each refreshed
/// pod is an insert into a sorted list).
fn is_small_change((dirty, members): (usize, usize)) -> bool {
    dirty <= members / 8 + 16
}

/// What claiming one pod came to.
enum Claim {
    /// The pod is a member, at this ordinal (as stored after any adoption).
    Member(i64, Rc<Pod>),
    /// Not the set's pod.
    None,
    /// An adoption or release failed: to be tried again at the next sync.
    Retry(String),
}

/// Claims one pod of the set's namespace (`ClaimPods` for one pod).
fn claim_one(sim: &mut Simulation, set: &StatefulSet, selector: &LabelSelector, pod: Rc<Pod>) -> Claim {
    let ordinal = member_ordinal(set, &pod).filter(|_| selector.matches(&pod.metadata.labels));
    match (pod.metadata.controller_ref(), ordinal) {
        (Some(r), _) if r.uid == set.metadata.uid => {
            if let Some(ordinal) = ordinal {
                return Claim::Member(ordinal, pod);
            }
            let mut released = Pod::clone(&pod);
            released.metadata.owner_references.retain(|r| r.uid != set.metadata.uid);
            match api_client::update(sim, released) {
                Ok(_) => Claim::None,
                Err(_) => Claim::Retry(pod.metadata.name.clone()),
            }
        }
        (None, Some(ordinal)) if !set.metadata.is_terminating() => {
            let mut adopted = Pod::clone(&pod);
            adopted.metadata.owner_references.push(crate::api::controller_ref_to(set));
            match api_client::update(sim, adopted) {
                Ok(adopted) => Claim::Member(ordinal, adopted),
                Err(_) => Claim::Retry(pod.metadata.name.clone()),
            }
        }
        _ => Claim::None,
    }
}

/// Debug builds: the claimed pods are exactly what a walk of the store finds now (the
/// set's members that it controls and its selector picks, in name order, the very
/// objects stored).
#[cfg(debug_assertions)]
fn check_claimed(sim: &Simulation, set: &StatefulSet, selector: &LabelSelector, claimed: &Members) {
    let walked: Vec<(i64, *const Pod)> = sim
        .cluster
        .list::<Pod>()
        .values_shared()
        .filter(|p| p.metadata.namespace == set.metadata.namespace)
        .filter(|p| p.metadata.controller_ref().is_some_and(|r| r.uid == set.metadata.uid))
        .filter_map(|p| Some((member_ordinal(set, &p).filter(|_| selector.matches(&p.metadata.labels))?, p)))
        .map(|(o, p)| (o, Rc::as_ptr(&p)))
        .collect();
    let seen: Vec<(i64, *const Pod)> = claimed.values().map(|m| (m.ordinal, Rc::as_ptr(&m.pod))).collect();
    debug_assert_eq!(seen, walked, "the set view of {} disagrees with the store", set.metadata.name);
    for m in claimed.values() {
        debug_assert_eq!(
            m.facts,
            crate::controller::pod_facts::PodFacts::of(&m.pod),
            "stale facts of {}",
            m.pod.metadata.name
        );
    }
}

/// Debug builds: the index's slots are the walk's, and every slot the replica pass skips
/// has a pod whose claims carry the references the policy wants and that is settled
/// (OrderedReady) or not active and not missing a claim (Parallel), so its step would
/// have gone on and written nothing.
#[cfg(debug_assertions)]
fn check_skipped(
    set: &StatefulSet,
    members: &Members,
    claims: &SetClaims,
    replicas: &ReplicaSlots,
    (visit, monotonic): (&[usize], bool),
    count: usize,
) {
    if !replicas.is_indexed() {
        return;
    }
    let start = i64::from(set.start_ordinal());
    let walked = ReplicaSlots::walked(members, start, count);
    let same = |a: Option<&Member>, b: Option<&Member>| a.map(|m| m as *const Member) == b.map(|m| m as *const Member);
    let condemned = |r: &ReplicaSlots| r.condemned.iter().map(|m| *m as *const Member).collect::<Vec<_>>();
    debug_assert_eq!(condemned(replicas), condemned(&walked), "condemned pods of {}", set.metadata.name);
    let mut visited = visit.iter().peekable();
    for i in 0..count {
        debug_assert!(same(replicas.member(i), walked.member(i)), "slot {i} of {}", set.metadata.name);
        if visited.next_if_eq(&&i).is_some() {
            continue;
        }
        let member = replicas.member(i);
        let quiet = member.is_some_and(|m| {
            let f = &m.facts;
            let state = match monotonic {
                true => crate::controller::slot_index::settled(f),
                false => !crate::controller::slot_index::active(f) && (!f.pending || claims.all_present(m.ordinal)),
            };
            state && claims.of(m.ordinal).all(|c| retention::is_claim_owner_up_to_date(c, set, &m.pod, false))
        });
        debug_assert!(quiet, "slot {i} of {} skipped but not settled", set.metadata.name);
    }
}

/// Section 3.5: the status counters over every claimed pod, from the view's `tally`;
/// only availability under `minReadySeconds`, which moves with the clock, is counted.
fn compute_status(
    set: &StatefulSet,
    pods: &Members,
    tally: &Tally,
    now: SimTime,
    (current_revision, update_revision): (&str, &str),
    collision_count: i32,
) -> StatefulSetStatus {
    let min_ready = set.min_ready_seconds();
    let (created, ready) = (tally.created, tally.ready);
    // Running and Ready means Ready=True, which is available when minReadySeconds is 0.
    let available = match min_ready <= 0 {
        true => ready,
        false => pods
            .values()
            .map(|m| &m.facts)
            .filter(|f| f.created && f.running_ready && f.is_available(min_ready, now))
            .count(),
    };
    let on_current = tally.on_revision(current_revision);
    let on_update = tally.on_revision(update_revision);
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    StatefulSetStatus {
        observed_generation: set.metadata.generation,
        replicas: count(created),
        ready_replicas: count(ready),
        available_replicas: count(available),
        current_replicas: count(on_current),
        updated_replicas: count(on_update),
        current_revision: Some(current_revision.to_string()),
        update_revision: Some(update_revision.to_string()),
        collision_count: Some(collision_count),
    }
}

fn write_status(sim: &mut Simulation, set: &StatefulSet, status: StatefulSetStatus) {
    if set.status.as_ref() == Some(&status) {
        return;
    }
    let mut updated = set.clone();
    updated.status = Some(status);
    let _ = api_client::update(sim, updated);
}

/// The pod the set wants at `ordinal`, made from `template` of `revision` (section 1.3).
pub fn new_pod(set: &StatefulSet, template: &PodTemplateSpec, revision: &str, ordinal: i64) -> Pod {
    let name = pod_name(set, ordinal);
    let mut labels = template.metadata.labels.clone();
    labels.insert(POD_NAME_LABEL.into(), name.clone());
    labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
    labels.insert(POD_REVISION_LABEL.into(), revision.to_string());
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
            ..Default::default()
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
            owner_references: vec![crate::api::controller_ref_to(set)],
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
            None => match api_client::create(sim, new_claim(set, template, ordinal)) {
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
                        format!(
                            "create Claim {name} for Pod {pod} in StatefulSet {set_name} failed error: {}",
                            e.server_message()
                        ),
                    );
                    return Err(e.server_message());
                }
            },
        }
    }
    Ok(())
}

/// A failed sync is requeued after 5 ms doubling per failure up to 1000 s (client-go's
/// `DefaultControllerRateLimiter`); a successful one forgets the failures.
fn retry_on_failure(sim: &mut Simulation, key: &ObjectKey, failed: bool) {
    let list = &mut sim.queues.statefulset_failures;
    if !failed {
        list.retain(|(k, _)| k != key);
        return;
    }
    let at = match list.iter().position(|(k, _)| k == key) {
        Some(at) => at,
        None => {
            list.push((key.clone(), 0));
            list.len() - 1
        }
    };
    let failures = &mut list[at].1;
    let delay_ms = 5u64.saturating_mul(1u64 << (*failures).min(30)).min(1_000_000);
    *failures += 1;
    let at = sim.cluster.now().plus(SimDuration::from_millis(delay_ms));
    enqueue_after(sim, key, at);
}

/// The work queue's `AddAfter`: the set is synced again at `at`. A set already waiting
/// keeps the earlier of the two moments, as client-go's delaying queue does, so a set
/// has at most one delayed sync pending.
pub(crate) fn enqueue_after(sim: &mut Simulation, key: &ObjectKey, at: SimTime) {
    if sim.queues.statefulset_waiting.get(key).is_some_and(|waiting| *waiting <= at) {
        return;
    }
    sim.queues.statefulset_waiting.insert(key.clone(), at);
    sim.timers.schedule(at, Timer::SyncStatefulSet { set: key.clone() });
}

/// A delayed sync fell due: the set is queued, unless an earlier moment replaced this one.
pub(crate) fn on_delayed_sync(sim: &mut Simulation, key: ObjectKey) {
    if sim.queues.statefulset_waiting.get(&key) == Some(&sim.cluster.now()) {
        sim.queues.statefulset_waiting.remove(&key);
        sim.queues.statefulsets.insert(key);
    }
}

/// `PodClaimIsStale` for the pod about to be created at `ordinal`.
fn claims_stale(claims: &SetClaims, set: &StatefulSet, ordinal: i64) -> bool {
    let name = pod_name(set, ordinal);
    set.retention().when_scaled_delete && claims.of(ordinal).any(|c| retention::claim_is_stale(c, set, &name))
}

/// `ClaimsMatchRetentionPolicy`: every existing claim of the pod at `ordinal` has the
/// references the policy wants.
/// Each claim keeps its answer while it, the pod and the policy stay the same.
/// (The set comes with its policy, read once per sync.)
fn claims_match_retention(claims: &SetClaims, set: &SetAndPolicy, member: &Member, condemned: bool) -> bool {
    let (set, policy) = *set;
    let up_to_date = |c: &PersistentVolumeClaim| retention::is_claim_owner_up_to_date(c, set, &member.pod, condemned);
    claims.match_retention(member.ordinal, &member.pod, policy, condemned, up_to_date)
}

/// `UpdatePodClaimForRetentionPolicy`: rewrites the references of the pod's claims.
fn update_claims(
    sim: &mut Simulation,
    set: &StatefulSet,
    claims: &SetClaims,
    pod: &Pod,
    ordinal: i64,
    condemned: bool,
) -> Result<(), ApiError> {
    let outdated: Vec<PersistentVolumeClaim> = claims
        .of(ordinal)
        .filter(|c| !retention::is_claim_owner_up_to_date(c, set, pod, condemned))
        .map(|c| PersistentVolumeClaim::clone(c))
        .collect();
    for mut claim in outdated {
        if let Some(warning) = retention::update_claim_owner_refs(&mut claim, set, pod, condemned) {
            record(sim, set, true, "ConflictingController", warning);
        }
        api_client::update(sim, claim)?;
    }
    Ok(())
}

/// `UpdateStatefulPod`: restores the identity labels and the claims' references, then
/// writes the pod, with the update event; false if it failed.
fn update_stateful_pod(
    sim: &mut Simulation,
    set: &StatefulSet,
    claims: &SetClaims,
    mut pod: Pod,
    ordinal: i64,
    retention_ok: bool,
) -> bool {
    pod.metadata.labels.insert(POD_NAME_LABEL.into(), pod.metadata.name.clone());
    let (pod_name, set_name) = (pod.metadata.name.clone(), set.metadata.name.clone());
    let result = match retention_ok {
        true => Ok(()),
        false => update_claims(sim, set, claims, &pod, ordinal, false),
    }
    .and_then(|()| api_client::update(sim, pod).map(|_| ()));
    let ok = result.is_ok();
    match result {
        Ok(()) => record(
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
            format!("update Pod {pod_name} in StatefulSet {set_name} failed error: {}", e.server_message()),
        ),
    }
    ok
}

/// Creates the claims, then the pod, for `ordinal`, with the controller's events; false
/// if the sync must be retried.
fn create_pod(
    sim: &mut Simulation,
    set: &StatefulSet,
    template: &PodTemplateSpec,
    revision: &str,
    ordinal: i64,
) -> bool {
    let pod = new_pod(set, template, revision, ordinal);
    let (pod_name, set_name) = (pod.metadata.name.clone(), set.metadata.name.clone());
    if let Err(e) = ensure_claims(sim, set, &pod_name, ordinal) {
        record(
            sim,
            set,
            true,
            "FailedCreate",
            format!("create Pod {pod_name} in StatefulSet {set_name} failed error: {e}"),
        );
        return false;
    }
    match api_client::create(sim, pod) {
        Ok(_) => {
            record(
                sim,
                set,
                false,
                "SuccessfulCreate",
                format!("create Pod {pod_name} in StatefulSet {set_name} successful"),
            );
            true
        }
        // The name is still held (a released pod): no event, the sync is retried.
        Err(ApiError::AlreadyExists { .. }) => false,
        Err(e) => {
            record(
                sim,
                set,
                true,
                "FailedCreate",
                format!("create Pod {pod_name} in StatefulSet {set_name} failed error: {}", e.server_message()),
            );
            false
        }
    }
}

/// Deletes a pod with the controller's event; false if the delete failed.
fn delete_pod(sim: &mut Simulation, set: &StatefulSet, pod: &Pod) -> bool {
    let key = ObjectKey::new(&pod.metadata.namespace, &pod.metadata.name);
    let (pod_name, set_name) = (&pod.metadata.name, &set.metadata.name);
    match api_client::delete_pod(sim, &key) {
        Ok(()) => {
            record(
                sim,
                set,
                false,
                "SuccessfulDelete",
                format!("delete Pod {pod_name} in StatefulSet {set_name} successful"),
            );
            true
        }
        Err(e) => {
            record(
                sim,
                set,
                true,
                "FailedDelete",
                format!("delete Pod {pod_name} in StatefulSet {set_name} failed error: {}", e.server_message()),
            );
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::script::console::{run_script, BundledFiles};

    /// S27 — maxUnavailable counts every unavailable pod, those below the partition too:
    /// with 6 replicas, partition 3, maxUnavailable 2, the pods deleted for the update
    /// are max(0, 2 − unavailable).
    #[test]
    fn s27_max_unavailable_counts_every_unavailable_pod() {
        let mut sim = Simulation::new(0);
        let setup = "kubectl apply -f web.yaml\nkubectl scale sts web --replicas=6\nsim settle\n\
                     kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":3,\"maxUnavailable\":2}}}}'\n";
        let (_, result) = run_script(&mut sim, setup, &BundledFiles);
        assert!(result.is_ok());
        let set = sim.cluster.get::<StatefulSet>(&ObjectKey::default_ns("web")).cloned().expect("web");
        let pods: Vec<Pod> = (0..6)
            .map(|i| sim.cluster.get::<Pod>(&ObjectKey::default_ns(format!("web-{i}"))).cloned().expect("pod"))
            .collect();
        for (terminating, expected) in
            [(&[][..], 2), (&[5][..], 1), (&[4, 3], 0), (&[5, 4, 3], 0), (&[2], 1), (&[1], 1)]
        {
            let mut trial = sim.clone();
            let replicas: Vec<Option<Rc<Member>>> = pods
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut p = p.clone();
                    if terminating.contains(&i) {
                        p.metadata.deletion_timestamp = Some(crate::api::meta::Timestamp(trial.cluster.now()));
                    }
                    Some(Rc::new(Member::new(i as i64, Rc::new(p))))
                })
                .collect();
            let mut status = StatefulSetStatus { current_replicas: 6, ..Default::default() };
            let now = trial.cluster.now();
            rolling_update(&mut trial, &set, &replicas, "web-new-revision", now, &mut status);
            assert_eq!(6 - status.current_replicas, expected, "terminating {terminating:?}");
        }
        let _ = sim.apply(Action::Advance { by: crate::time::SimDuration::from_secs(1) });
    }
}
