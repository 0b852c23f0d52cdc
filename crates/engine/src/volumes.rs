//! The volume provisioner and binder: a claim of an `Immediate` class gets a volume at
//! once; a claim of a `WaitForFirstConsumer` class waits until the scheduler picks a node
//! for a pod using it (the `selected-node` annotation). A provisioned volume is named
//! `pvc-<claim uid>`, is Bound to the claim, and takes its class's reclaim policy.

use crate::api::meta::ObjectReference;
use crate::api::pv::{PersistentVolumeSpec, PersistentVolumeStatus};
use crate::api::pvc::PersistentVolumeClaimStatus;
use crate::api::{ObjectMeta, PersistentVolume, PersistentVolumeClaim, StorageClass};
use crate::cluster::{Change, ChangeOp};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::timers::Timer;
use std::collections::BTreeSet;

/// The annotation the scheduler sets on a claim to ask for its volume on a node.
pub const SELECTED_NODE_ANNOTATION: &str = "volume.kubernetes.io/selected-node";

/// Claims whose volume is being provisioned, by claim uid.
#[derive(Debug, Clone, Default)]
pub struct ProvisionerState {
    provisioning: BTreeSet<String>,
}

/// Starts provisioning for a claim that is ready for it.
pub(crate) fn on_claim_change(sim: &mut Simulation, change: &Change) {
    if change.op == ChangeOp::Deleted {
        sim.provisioner.provisioning.remove(&change.meta.uid);
        release(sim, &change.meta.uid);
        return;
    }
    let Some(claim) = sim.cluster.get::<PersistentVolumeClaim>(&change.key).cloned() else {
        return;
    };
    if claim.spec.volume_name.is_some() || sim.provisioner.provisioning.contains(&claim.metadata.uid) {
        return;
    }
    let Some(class) = class_of(sim, &claim) else {
        return;
    };
    if class.waits_for_first_consumer() && !claim.metadata.annotations.contains_key(SELECTED_NODE_ANNOTATION) {
        if change.op == ChangeOp::Added {
            let message = "waiting for first consumer to be created before binding".to_string();
            sim.cluster.record_event(&claim, "Normal", "WaitForFirstConsumer", message, "persistentvolume-controller");
        }
        return;
    }
    sim.provisioner.provisioning.insert(claim.metadata.uid.clone());
    let at = sim.cluster.now().plus(sim.timings.provision);
    sim.timers.schedule(at, Timer::ProvisionClaim { claim: change.key.clone(), uid: claim.metadata.uid });
}

/// The PersistentVolumes bound to `pod`'s claims, in the order of its volumes (claims
/// not bound yet are left out).
pub(crate) fn bound_volumes<'a>(sim: &'a Simulation, pod: &crate::api::Pod) -> Vec<&'a PersistentVolume> {
    pod.spec
        .volumes
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref())
        .filter_map(|c| {
            let key = ObjectKey::new(&pod.metadata.namespace, &c.claim_name);
            let volume = sim.cluster.get::<PersistentVolumeClaim>(&key)?.spec.volume_name.as_deref()?;
            sim.cluster.get::<PersistentVolume>(&ObjectKey::cluster_scoped(volume))
        })
        .collect()
}

fn class_of(sim: &Simulation, claim: &PersistentVolumeClaim) -> Option<StorageClass> {
    let name = claim.spec.storage_class_name.as_deref()?;
    sim.cluster.get::<StorageClass>(&ObjectKey::cluster_scoped(name)).cloned()
}

/// The provisioner has made the volume: create the PV and bind the claim to it.
pub(crate) fn provision(sim: &mut Simulation, key: &ObjectKey, uid: &str) {
    sim.provisioner.provisioning.remove(uid);
    let Some(mut claim) = sim.cluster.get::<PersistentVolumeClaim>(key).cloned() else {
        return;
    };
    if claim.metadata.uid != uid || claim.spec.volume_name.is_some() || claim.metadata.is_terminating() {
        return;
    }
    let Some(class) = class_of(sim, &claim) else {
        return;
    };
    let capacity = claim.spec.resources.requests.clone();
    let volume = PersistentVolume {
        metadata: ObjectMeta {
            name: format!("pvc-{uid}"),
            annotations: [("pv.kubernetes.io/provisioned-by".to_string(), class.provisioner.clone())].into(),
            finalizers: vec!["kubernetes.io/pv-protection".into()],
            ..Default::default()
        },
        spec: PersistentVolumeSpec {
            capacity: capacity.clone(),
            access_modes: claim.spec.access_modes.clone(),
            persistent_volume_reclaim_policy: Some(class.reclaim_policy.clone().unwrap_or_else(|| "Delete".into())),
            storage_class_name: Some(class.metadata.name.clone()),
            claim_ref: Some(ObjectReference {
                kind: "PersistentVolumeClaim".into(),
                namespace: claim.metadata.namespace.clone(),
                name: claim.metadata.name.clone(),
                uid: uid.to_string(),
                api_version: "v1".into(),
                resource_version: claim.metadata.resource_version.clone(),
            }),
            // A node-local provisioner makes the volume on the node the scheduler chose;
            // it can never be used from another.
            node_affinity: (class.provisioner == crate::default_cluster::LOCAL_PROVISIONER)
                .then(|| claim.metadata.annotations.get(SELECTED_NODE_ANNOTATION))
                .flatten()
                .map(|node| crate::api::pv::VolumeNodeAffinity::on_node(node)),
        },
        status: Some(PersistentVolumeStatus { phase: Some("Bound".into()) }),
        ..Default::default()
    };
    let Ok(volume) = sim.cluster.create(volume) else {
        return;
    };
    let annotations = &mut claim.metadata.annotations;
    annotations.insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
    annotations.insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
    annotations.insert("volume.kubernetes.io/storage-provisioner".into(), class.provisioner.clone());
    claim.spec.volume_name = Some(volume.metadata.name.clone());
    claim.status = Some(PersistentVolumeClaimStatus {
        phase: Some("Bound".into()),
        access_modes: claim.spec.access_modes.clone(),
        capacity,
    });
    if let Ok(claim) = sim.cluster.update(claim) {
        let message = format!("Successfully provisioned volume {}", volume.metadata.name);
        sim.cluster.record_event(&*claim, "Normal", "ProvisioningSucceeded", message, &class.provisioner);
    }
}

/// The claim with `claim_uid` is gone: its volume becomes `Released`, and one whose
/// reclaim policy is `Delete` is deleted by its provisioner shortly after.
fn release(sim: &mut Simulation, claim_uid: &str) {
    let bound: Vec<PersistentVolume> = sim
        .cluster
        .list::<PersistentVolume>()
        .values()
        .filter(|v| v.spec.claim_ref.as_ref().is_some_and(|r| r.uid == claim_uid))
        .cloned()
        .collect();
    for mut volume in bound {
        volume.status = Some(PersistentVolumeStatus { phase: Some("Released".into()) });
        let delete = volume.spec.persistent_volume_reclaim_policy.as_deref() == Some("Delete");
        let Ok(volume) = sim.cluster.update(volume) else { continue };
        if delete {
            let at = sim.cluster.now().plus(sim.timings.provision);
            let key = ObjectKey::cluster_scoped(&volume.metadata.name);
            sim.timers.schedule(at, Timer::ReclaimVolume { volume: key, uid: volume.metadata.uid.clone() });
        }
    }
}

/// The provisioner has deleted the storage of a released volume with reclaim policy
/// `Delete`: the PV object goes too.
pub(crate) fn reclaim(sim: &mut Simulation, key: &ObjectKey, uid: &str) {
    if sim.cluster.get::<PersistentVolume>(key).is_some_and(|v| v.metadata.uid == uid) {
        let _ = sim.cluster.remove::<PersistentVolume>(key);
    }
}
