//! Storage-object-in-use protection for claims (`pkg/controller/volume/pvcprotection`):
//! every claim carries the `kubernetes.io/pvc-protection` finalizer from admission, so
//! deleting a claim a pod still uses only marks it (`kubectl get pvc` shows
//! `Terminating`); the finalizer is removed, and the claim goes, once no scheduled pod
//! that is not finished (Succeeded or Failed) names it in its volumes. A pod not yet
//! bound to a node does not count (`podUsesPVC`): its kubelet has not seen it, and will
//! not start a pod whose claim is being deleted.

use crate::api::{Kind, PersistentVolumeClaim, Pod};
use crate::cluster::{Change, ChangeOp};
use crate::simulation::Simulation;
use crate::store::ObjectKey;

/// The finalizer that holds a claim's deletion while a pod uses it.
pub const PVC_PROTECTION_FINALIZER: &str = "kubernetes.io/pvc-protection";

/// Queues claims whose protection may need removing after a claim or pod change.
pub(crate) fn on_change(sim: &mut Simulation, change: &Change) {
    match change.kind {
        Kind::PersistentVolumeClaim if change.op != ChangeOp::Deleted && change.meta.is_terminating() => {
            sim.queues.claim_protection.insert(change.key.clone());
        }
        Kind::Pod => {
            let pod_gone_or_done =
                change.op == ChangeOp::Deleted || sim.cluster.get::<Pod>(&change.key).is_some_and(|p| p.is_terminal());
            if !pod_gone_or_done {
                return;
            }
            let claims: Vec<ObjectKey> = sim
                .cluster
                .list::<PersistentVolumeClaim>()
                .iter()
                .filter(|(k, c)| k.namespace == change.key.namespace && c.metadata.is_terminating())
                .map(|(k, _)| k.clone())
                .collect();
            sim.queues.claim_protection.extend(claims);
        }
        _ => {}
    }
}

/// Whether a scheduled pod that is not finished names the claim at `key`.
fn in_use(sim: &Simulation, key: &ObjectKey) -> bool {
    sim.cluster.list::<Pod>().values().any(|p| {
        p.metadata.namespace == key.namespace
            && p.spec.node_name.is_some()
            && !p.is_terminal()
            && p.spec
                .volumes
                .iter()
                .any(|v| v.persistent_volume_claim.as_ref().is_some_and(|c| c.claim_name == key.name))
    })
}

/// Removes the protection finalizer of the claim at `key` if it is being deleted and no
/// pod uses it.
pub(crate) fn sync(sim: &mut Simulation, key: &ObjectKey) {
    let Some(claim) = sim.cluster.get::<PersistentVolumeClaim>(key) else { return };
    if !claim.metadata.is_terminating()
        || !claim.metadata.finalizers.iter().any(|f| f == PVC_PROTECTION_FINALIZER)
        || in_use(sim, key)
    {
        return;
    }
    let _ = sim.cluster.update_meta(Kind::PersistentVolumeClaim, key, |m| {
        m.finalizers.retain(|f| f != PVC_PROTECTION_FINALIZER);
    });
}
