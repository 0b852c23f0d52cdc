//! The garbage collector, as `pkg/controller/garbagecollector` behaves: it keeps a graph
//! of owner references and
//! - deletes an object whose owners are all gone (background propagation: a StatefulSet's
//!   pods and revisions after the set is deleted; a claim after the pod or set its
//!   retention policy made its owner);
//! - drops the dangling references of an object that still has a live owner;
//! - for an owner deleted with `propagationPolicy: Orphan`, removes the references to it
//!   from its dependents, then its `orphan` finalizer;
//! - for an owner deleted with `Foreground`, deletes its dependents and removes its
//!   `foregroundDeletion` finalizer once none is left.
//!
//! The graph is kept from the watch feed, so no work depends on scanning every object.

use crate::api::{Kind, OwnerReference};
use crate::cluster::{Change, ChangeOp, Propagation, FOREGROUND_FINALIZER, ORPHAN_FINALIZER};
use crate::flat_map::{FlatMap, FlatSet};
use crate::simulation::Simulation;
use crate::store::ObjectKey;

/// An object in the graph: its kind and key.
type Node = (Kind, ObjectKey);

/// The owner-reference graph and the collector's work queues.
#[derive(Debug, Clone, Default)]
pub struct GarbageCollectorState {
    /// Every live object by uid.
    live: crate::object_index::ObjectIndex,
    /// Owner uid → the objects that reference it.
    dependents: FlatMap<String, FlatSet<Node>>,
    /// Object → the owner uids it references (only objects with references).
    owners: FlatMap<Node, Vec<String>>,
    /// Objects whose owners may be gone.
    attempt_delete: FlatSet<Node>,
    /// Owners being deleted with the orphan or foreground finalizer.
    finalizing: FlatSet<Node>,
}

impl GarbageCollectorState {
    /// Whether the graph already records exactly `refs` as the owners of `key`.
    fn references_unchanged(&self, kind: Kind, key: &ObjectKey, refs: &[OwnerReference]) -> bool {
        match self.owners.get(&(kind, key.clone())) {
            Some(known) => known.len() == refs.len() && known.iter().zip(refs).all(|(a, r)| *a == r.uid),
            None => refs.is_empty(),
        }
    }

    /// Records `refs` as the owners of `node`, moving it between owners' dependents; an
    /// owner that lost a dependent is checked again (it may be waiting for it).
    fn reindex(&mut self, node: Node, refs: &[OwnerReference]) {
        let new_owners: Vec<String> = refs.iter().map(|r| r.uid.clone()).collect();
        let old_owners = match new_owners.is_empty() {
            true => self.owners.remove(&node).unwrap_or_default(),
            false => self.owners.insert(node.clone(), new_owners.clone()).unwrap_or_default(),
        };
        for gone in old_owners.iter().filter(|o| !new_owners.contains(o)) {
            if let Some(set) = self.dependents.get_mut(gone) {
                set.remove(&node);
                if set.is_empty() {
                    self.dependents.remove(gone);
                }
            }
            if let Some(owner) = self.live.get(gone) {
                self.finalizing.insert(owner.clone());
            }
        }
        for added in new_owners.iter().filter(|o| !old_owners.contains(o)) {
            self.dependents.entry(added.clone()).or_default().insert(node.clone());
        }
    }

    /// The objects that reference the owner with `uid`.
    fn dependents_of(&self, uid: &str) -> Vec<Node> {
        self.dependents.get(uid).map(|d| d.iter().cloned().collect()).unwrap_or_default()
    }
}

/// Updates the graph from one watch notification and queues what it makes necessary.
pub(crate) fn on_change(sim: &mut Simulation, change: &Change) {
    let gc = &mut sim.gc;
    let uid = &change.meta.uid;
    let node = || (change.kind, change.key.clone());
    let refs: &[OwnerReference] = match change.op {
        ChangeOp::Deleted => &[],
        _ => &change.meta.owner_references,
    };
    // Most changes leave the references as they were; those allocate nothing here.
    if !gc.references_unchanged(change.kind, &change.key, refs) {
        gc.reindex(node(), refs);
    }
    match change.op {
        ChangeOp::Deleted => {
            gc.live.remove(uid);
            for dependent in gc.dependents_of(uid) {
                gc.attempt_delete.insert(dependent);
            }
        }
        ChangeOp::Added | ChangeOp::Modified => {
            if change.op == ChangeOp::Added && !uid.is_empty() {
                gc.live.insert(uid.clone(), node());
            }
            if refs.iter().any(|r| !gc.live.contains_key(&r.uid)) {
                gc.attempt_delete.insert(node());
            }
            let finalizers = &change.meta.finalizers;
            if change.meta.is_terminating()
                && finalizers.iter().any(|f| f == ORPHAN_FINALIZER || f == FOREGROUND_FINALIZER)
            {
                gc.finalizing.insert(node());
            }
        }
    }
}

/// Does one unit of the collector's queued work; false when there was none.
pub(crate) fn step(sim: &mut Simulation) -> bool {
    if let Some(node) = sim.gc.finalizing.pop_first() {
        finalize(sim, &node);
        return true;
    }
    if let Some(node) = sim.gc.attempt_delete.pop_first() {
        attempt_delete(sim, &node);
        return true;
    }
    false
}

/// `attemptToDeleteItem`: with every owner gone the object is deleted; with some owners
/// left only the dangling references are removed.
fn attempt_delete(sim: &mut Simulation, (kind, key): &Node) {
    let Some(meta) = sim.cluster.meta_of(*kind, key) else { return };
    if meta.owner_references.is_empty() || meta.is_terminating() {
        return;
    }
    let dangling: Vec<String> =
        meta.owner_references.iter().filter(|r| !sim.gc.live.contains_key(&r.uid)).map(|r| r.uid.clone()).collect();
    let owner_deleting_foreground = meta.owner_references.iter().any(|r| {
        sim.gc
            .live
            .get(&r.uid)
            .and_then(|(k, key)| sim.cluster.meta_of(*k, key))
            .is_some_and(|m| m.is_terminating() && m.finalizers.iter().any(|f| f == FOREGROUND_FINALIZER))
    });
    if dangling.is_empty() && !owner_deleting_foreground {
        return;
    }
    if dangling.len() == meta.owner_references.len() || owner_deleting_foreground {
        let _ = sim.cluster.delete_kind(*kind, key, Propagation::Background);
    } else {
        let _ = sim.cluster.update_meta(*kind, key, |m| m.owner_references.retain(|r| !dangling.contains(&r.uid)));
    }
}

/// Works off an owner's orphan or foreground finalizer.
fn finalize(sim: &mut Simulation, (kind, key): &Node) {
    let Some(meta) = sim.cluster.meta_of(*kind, key) else { return };
    if !meta.is_terminating() {
        return;
    }
    let uid = meta.uid.clone();
    let dependents = sim.gc.dependents_of(&uid);
    if meta.finalizers.iter().any(|f| f == ORPHAN_FINALIZER) {
        for (dk, dkey) in &dependents {
            let _ = sim.cluster.update_meta(*dk, dkey, |m| m.owner_references.retain(|r| r.uid != uid));
        }
        let _ = sim.cluster.update_meta(*kind, key, |m| m.finalizers.retain(|f| f != ORPHAN_FINALIZER));
        return;
    }
    if meta.finalizers.iter().any(|f| f == FOREGROUND_FINALIZER) {
        if dependents.is_empty() {
            let _ = sim.cluster.update_meta(*kind, key, |m| m.finalizers.retain(|f| f != FOREGROUND_FINALIZER));
            return;
        }
        for (dk, dkey) in &dependents {
            let _ = sim.cluster.delete_kind(*dk, dkey, Propagation::Background);
        }
    }
}
