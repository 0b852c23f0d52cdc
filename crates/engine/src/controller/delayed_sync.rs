//! Delayed syncs of Deployments and ReplicaSets: a controller that needs to look again
//! at a later moment (a pod becomes available after `minReadySeconds`, a rollout's
//! progress deadline passes) asks for one sync then, as the work queue's `AddAfter` does.
//! One pending moment per object: an earlier request replaces a later one.

use crate::api::Kind;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::SimTime;
use crate::timers::Timer;

/// Queues a sync of the `kind` object at `key` for `at`.
pub(crate) fn sync_at(sim: &mut Simulation, kind: Kind, key: &ObjectKey, at: SimTime) {
    let slot = (kind, key.clone());
    if sim.queues.workload_waiting.get(&slot).is_some_and(|waiting| *waiting <= at) {
        return;
    }
    sim.queues.workload_waiting.insert(slot, at);
    sim.timers.schedule(at, Timer::SyncWorkload { kind, key: key.clone() });
}

/// Drops the pending delayed sync of the `kind` object at `key`, if any: what it waited
/// for no longer matters (the rollout completed or timed out).
pub(crate) fn cancel(sim: &mut Simulation, kind: Kind, key: &ObjectKey) {
    if sim.queues.workload_waiting.remove(&(kind, key.clone())).is_some() {
        sim.timers.cancel(&Timer::SyncWorkload { kind, key: key.clone() });
    }
}

/// A delayed sync fell due: the object is queued, unless an earlier moment replaced this
/// one.
pub(crate) fn on_due(sim: &mut Simulation, kind: Kind, key: ObjectKey) {
    let slot = (kind, key);
    if sim.queues.workload_waiting.get(&slot) != Some(&sim.cluster.now()) {
        return;
    }
    let (kind, key) = slot;
    sim.queues.workload_waiting.remove(&(kind, key.clone()));
    match kind {
        Kind::Deployment => sim.queues.deployments.insert(key),
        _ => sim.queues.replica_sets.insert(key),
    };
}
