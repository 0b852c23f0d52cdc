//! The volume provisioner and binder: a claim of an `Immediate` class gets a volume at
//! once; a claim of a `WaitForFirstConsumer` class waits until the scheduler picks a node
//! for a pod using it (the `selected-node` annotation). A provisioned volume is named
//! `pvc-<claim uid>`, is Bound to the claim, and takes its class's reclaim policy.

use crate::api::meta::ObjectReference;
use crate::api::pv::{PersistentVolumeSpec, PersistentVolumeStatus};
use crate::api::pvc::PersistentVolumeClaimStatus;
use crate::api::{ObjectMeta, PersistentVolume, PersistentVolumeClaim, StorageClass};
use crate::cluster::{Change, ChangeOp};
use crate::flat_map::FlatSet;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::timers::Timer;

/// The annotation the scheduler sets on a claim to ask for its volume on a node.
pub const SELECTED_NODE_ANNOTATION: &str = "volume.kubernetes.io/selected-node";

/// Claims whose volume is being provisioned, by claim uid.
#[derive(Debug, Clone, Default)]
pub struct ProvisionerState {
    provisioning: FlatSet<String>,
}

/// The class name of volumes that are only ever made by hand: claims of it bind to
/// existing volumes or wait.
pub const NO_PROVISIONER: &str = "kubernetes.io/no-provisioner";

/// A claim changed: it binds to a fitting Available volume if there is one, or starts
/// provisioning when its class can and is ready to.
pub(crate) fn on_claim_change(sim: &mut Simulation, change: &Change) {
    if change.op == ChangeOp::Deleted {
        sim.provisioner.provisioning.remove(&change.meta.uid);
        release(sim, &change.meta.uid);
        return;
    }
    sync_claim(sim, &change.key, change.op == ChangeOp::Added);
}

/// A volume appeared or changed: claims waiting for one look again.
pub(crate) fn on_volume_change(sim: &mut Simulation, change: &Change) {
    let available = sim.cluster.get::<PersistentVolume>(&change.key).is_some_and(|v| v.phase() == "Available");
    if change.op == ChangeOp::Deleted || !available {
        return;
    }
    let pending: Vec<ObjectKey> = sim
        .cluster
        .list::<PersistentVolumeClaim>()
        .iter()
        .filter(|(_, c)| c.spec.volume_name.is_none() && !c.metadata.is_terminating())
        .map(|(k, _)| k.clone())
        .collect();
    for key in pending {
        sync_claim(sim, &key, false);
    }
}

/// The PV controller's `syncUnboundClaim`, with provisioning.
fn sync_claim(sim: &mut Simulation, key: &ObjectKey, added: bool) {
    let Some(claim) = sim.cluster.get::<PersistentVolumeClaim>(key).cloned() else {
        return;
    };
    if claim.spec.volume_name.is_some() || sim.provisioner.provisioning.contains(&claim.metadata.uid) {
        return;
    }
    let class = class_of(sim, &claim);
    let selected = claim.metadata.annotations.get(SELECTED_NODE_ANNOTATION).cloned();
    if class.as_ref().is_some_and(|c| c.waits_for_first_consumer()) && selected.is_none() {
        if added {
            let message = "waiting for first consumer to be created before binding".to_string();
            sim.cluster.record_event(&claim, "Normal", "WaitForFirstConsumer", message, "persistentvolume-controller");
        }
        return;
    }
    let node = selected.and_then(|n| sim.cluster.get::<crate::api::Node>(&ObjectKey::cluster_scoped(n)).cloned());
    if let Some(volume) = matching_volume(sim, &claim, node.as_ref()) {
        bind(sim, claim, volume);
        return;
    }
    if class.is_none_or(|c| c.provisioner == NO_PROVISIONER) {
        if added {
            let message = match claim.spec.storage_class_name.as_deref().unwrap_or("") {
                "" => "no persistent volumes available for this claim and no storage class is set".to_string(),
                class => format!("storageclass.storage.k8s.io \"{class}\" not found"),
            };
            sim.cluster.record_event(&claim, "Normal", "FailedBinding", message, "persistentvolume-controller");
        }
        return;
    }
    sim.provisioner.provisioning.insert(claim.metadata.uid.clone());
    let at = sim.cluster.now().plus(sim.timings.provision);
    sim.timers.schedule(at, Timer::ProvisionClaim { claim: key.clone(), uid: claim.metadata.uid });
}

/// Whether `volume` can serve `claim` (from `node`, if one is chosen): Available, of the
/// claim's class (none for none), with its access modes and volume mode, big enough.
pub(crate) fn fits(volume: &PersistentVolume, claim: &PersistentVolumeClaim, node: Option<&crate::api::Node>) -> bool {
    let class = |c: &Option<String>| c.clone().unwrap_or_default();
    let mode = |m: &Option<String>| m.clone().unwrap_or_else(|| "Filesystem".into());
    let request = claim.requested_storage().and_then(crate::api::quantity::value).unwrap_or(0.0);
    volume.phase() == "Available"
        && volume.spec.claim_ref.is_none()
        && !volume.metadata.is_terminating()
        && class(&volume.spec.storage_class_name) == class(&claim.spec.storage_class_name)
        && claim.spec.access_modes.iter().all(|m| volume.spec.access_modes.contains(m))
        && mode(&volume.spec.volume_mode) == mode(&claim.spec.volume_mode)
        && volume.capacity_bytes() >= request
        && node.is_none_or(|n| volume.spec.node_affinity.as_ref().is_none_or(|a| a.admits(n)))
}

/// The smallest Available volume that fits `claim` (`FindMatchingVolume`), ties by name.
fn matching_volume(
    sim: &Simulation,
    claim: &PersistentVolumeClaim,
    node: Option<&crate::api::Node>,
) -> Option<PersistentVolume> {
    let mut best: Option<&PersistentVolume> = None;
    for volume in sim.cluster.list::<PersistentVolume>().values().filter(|v| fits(v, claim, node)) {
        if best.is_none_or(|b| volume.capacity_bytes() < b.capacity_bytes()) {
            best = Some(volume);
        }
    }
    best.cloned()
}

/// Binds `claim` and `volume` to each other, as the PV controller does for a volume made
/// by hand: the volume's `claimRef` and phase, the claim's `volumeName`, phase and the
/// volume's capacity and access modes.
fn bind(sim: &mut Simulation, mut claim: PersistentVolumeClaim, mut volume: PersistentVolume) {
    volume.spec.claim_ref = Some(ObjectReference {
        kind: "PersistentVolumeClaim".into(),
        namespace: claim.metadata.namespace.clone(),
        name: claim.metadata.name.clone(),
        uid: claim.metadata.uid.clone(),
        api_version: "v1".into(),
        resource_version: claim.metadata.resource_version.clone(),
    });
    volume.metadata.annotations.insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
    volume.status = Some(PersistentVolumeStatus { phase: Some("Bound".into()) });
    let Ok(volume) = sim.cluster.update(volume) else { return };
    let annotations = &mut claim.metadata.annotations;
    annotations.insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
    annotations.insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
    claim.spec.volume_name = Some(volume.metadata.name.clone());
    claim.status = Some(PersistentVolumeClaimStatus {
        phase: Some("Bound".into()),
        access_modes: volume.spec.access_modes.clone(),
        capacity: volume.spec.capacity.0.clone(),
    });
    let _ = sim.cluster.update(claim);
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
    let local = class.provisioner == crate::default_cluster::LOCAL_PROVISIONER;
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
            node_affinity: local
                .then(|| claim.metadata.annotations.get(SELECTED_NODE_ANNOTATION))
                .flatten()
                .map(|node| crate::api::pv::VolumeNodeAffinity::on_node(node)),
            volume_mode: claim.spec.volume_mode.clone(),
            // As local-path-provisioner names its directories; a network volume is a CSI
            // driver's.
            host_path: local.then(|| crate::api::pv::PathVolumeSource {
                path: format!(
                    "/opt/local-path-provisioner/pvc-{uid}_{}_{}",
                    claim.metadata.namespace, claim.metadata.name
                ),
            }),
            csi: (!local).then(|| crate::api::pv::CsiVolumeSource {
                driver: class.provisioner.clone(),
                volume_handle: format!("pvc-{uid}"),
            }),
            ..Default::default()
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
        capacity: capacity.0,
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
