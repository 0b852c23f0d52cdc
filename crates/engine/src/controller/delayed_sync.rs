//! Delayed syncs of Deployments and ReplicaSets: a controller that needs to look again
//! at a later moment (a pod becomes available after `minReadySeconds`, a rollout's
//! progress deadline passes) asks for one sync then, as the work queue's `AddAfter` does.
//! One pending moment per object: an earlier request replaces a later one.

use crate::api::Kind;
use crate::flat_map::FlatMap;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::SimTime;
use crate::timers::Timer;

/// The pending moments of `kind` (one map type with the StatefulSets' own, so the page
/// carries one B-tree for all three).
fn waiting(sim: &mut Simulation, kind: Kind) -> &mut FlatMap<ObjectKey, SimTime> {
    match kind {
        Kind::Deployment => &mut sim.queues.deployments_waiting,
        _ => &mut sim.queues.replica_sets_waiting,
    }
}

/// Queues a sync of the `kind` object at `key` for `at`.
pub(crate) fn sync_at(sim: &mut Simulation, kind: Kind, key: &ObjectKey, at: SimTime) {
    let waiting = waiting(sim, kind);
    if waiting.get(key).is_some_and(|due| *due <= at) {
        return;
    }
    waiting.insert(key.clone(), at);
    sim.timers.schedule(at, Timer::SyncWorkload { kind, key: key.clone() });
}

/// Drops the pending delayed sync of the `kind` object at `key`, if any: what it waited
/// for no longer matters (the rollout completed or timed out).
pub(crate) fn cancel(sim: &mut Simulation, kind: Kind, key: &ObjectKey) {
    if waiting(sim, kind).remove(key).is_some() {
        sim.timers.cancel(&Timer::SyncWorkload { kind, key: key.clone() });
    }
}

/// A delayed sync fell due: the object is queued, unless an earlier moment replaced this
/// one.
pub(crate) fn on_due(sim: &mut Simulation, kind: Kind, key: ObjectKey) {
    let now = sim.cluster.now();
    let waiting = waiting(sim, kind);
    if waiting.get(&key) != Some(&now) {
        return;
    }
    waiting.remove(&key);
    match kind {
        Kind::Deployment => sim.queues.deployments.insert(key),
        _ => sim.queues.replica_sets.insert(key),
    };
}
