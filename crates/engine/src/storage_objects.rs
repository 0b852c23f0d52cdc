//! StorageClasses, PersistentVolumeClaims and PersistentVolumes written by a user
//! (`kubectl apply`), through the API server's defaulting, create validation
//! (`ValidateStorageClass`, `ValidatePersistentVolumeClaim`,
//! `ValidatePersistentVolume`) and update validation (a class's provisioner, parameters,
//! reclaim policy and binding mode never change; a claim's spec is immutable but for its
//! requests; a volume's source never changes). Claims the StatefulSet controller makes go
//! through the same admission in the cluster.

use crate::action::ActionError;
use crate::api::pv::PersistentVolumeStatus;
use crate::api::{Kind, PersistentVolume, PersistentVolumeClaim, StorageClass};
use crate::apply::verdict;
use crate::cluster::key_of;
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::simulation::Simulation;
use crate::validation::{one_of, subdomain_name_errors as name_errors};

/// What the claim update validation allows to change in a claim's spec.
pub const CLAIM_FORBIDDEN_UPDATE: &str =
    "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

/// The access modes a claim may ask for.
const ACCESS_MODES: [&str; 4] = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

/// Defaulting of a StorageClass: reclaim `Delete`, binding `Immediate`.
pub fn default_storage_class(class: &mut StorageClass) {
    class.reclaim_policy.get_or_insert_with(|| "Delete".into());
    class.volume_binding_mode.get_or_insert_with(|| "Immediate".into());
}

/// `ValidateStorageClass` (for a defaulted class).
pub fn validate_storage_class(class: &StorageClass) -> Vec<FieldError> {
    let mut errors = name_errors(&class.metadata.name);
    if class.provisioner.is_empty() {
        errors.push(FieldError { field: "provisioner".into(), problem: FieldProblem::Required });
    }
    // Both are defaulted before validation, so they are always set here.
    one_of(&mut errors, "reclaimPolicy", class.reclaim_policy.as_deref(), &["Delete", "Retain"]);
    one_of(
        &mut errors,
        "volumeBindingMode",
        class.volume_binding_mode.as_deref(),
        &["Immediate", "WaitForFirstConsumer"],
    );
    errors
}

/// `ValidateStorageClassUpdate`: only metadata (and `allowVolumeExpansion`) may change.
pub fn storage_class_update_errors(new: &StorageClass, old: &StorageClass) -> Vec<FieldError> {
    let forbidden = |field: &str| FieldError {
        field: field.into(),
        problem: FieldProblem::Forbidden(format!("updates to {field} are forbidden.")),
    };
    let mut errors = Vec::new();
    if new.parameters != old.parameters {
        errors.push(forbidden("parameters"));
    }
    if new.provisioner != old.provisioner {
        errors.push(forbidden("provisioner"));
    }
    if new.reclaim_policy != old.reclaim_policy {
        errors.push(forbidden("reclaimPolicy"));
    }
    if new.volume_binding_mode != old.volume_binding_mode {
        errors.push(forbidden("volumeBindingMode"));
    }
    errors
}

/// `ValidatePersistentVolumeClaim`: a name, at least one known access mode, a storage
/// request above zero.
pub fn validate_claim(claim: &PersistentVolumeClaim) -> Vec<FieldError> {
    let mut errors = name_errors(&claim.metadata.name);
    let spec = &claim.spec;
    if spec.access_modes.is_empty() {
        errors.push(FieldError {
            field: "spec.accessModes".into(),
            problem: FieldProblem::Invalid { value: "[]".into(), detail: "at least 1 access mode is required".into() },
        });
    }
    for mode in &spec.access_modes {
        one_of(&mut errors, "spec.accessModes", Some(mode), &ACCESS_MODES);
    }
    match claim.requested_storage() {
        None => errors.push(FieldError { field: "spec.resources[storage]".into(), problem: FieldProblem::Required }),
        Some(q) if q.trim_start_matches(['0', '.']).chars().next().is_none_or(|c| !c.is_ascii_digit()) => {
            errors.push(FieldError {
                field: "spec.resources[storage]".into(),
                problem: FieldProblem::Invalid { value: format!("{q:?}"), detail: "must be greater than zero".into() },
            })
        }
        Some(_) => {}
    }
    errors
}

/// `ValidatePersistentVolumeClaimUpdate`: the spec is immutable but for its requests.
pub fn claim_update_errors(new: &PersistentVolumeClaim, old: &PersistentVolumeClaim) -> Vec<FieldError> {
    let mut spec = new.spec.clone();
    spec.resources = old.spec.resources.clone();
    match spec == old.spec {
        true => Vec::new(),
        false => {
            vec![FieldError { field: "spec".into(), problem: FieldProblem::Forbidden(CLAIM_FORBIDDEN_UPDATE.into()) }]
        }
    }
}

/// `kubectl apply` of a StorageClass.
pub(crate) fn apply_storage_class(sim: &mut Simulation, mut class: StorageClass) -> Result<String, ActionError> {
    default_storage_class(&mut class);
    let key = key_of(&class);
    let name = key.name.clone();
    let old = sim.cluster.get::<StorageClass>(&key).cloned();
    let mut causes = validate_storage_class(&class);
    if let Some(old) = &old {
        causes.extend(storage_class_update_errors(&class, old));
    }
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::StorageClass, name, causes }.into());
    }
    match old {
        None => {
            sim.cluster.create(class)?;
            Ok(verdict(Kind::StorageClass, &name, true, true))
        }
        Some(old) => {
            let changed = class.allow_volume_expansion != old.allow_volume_expansion
                || class.metadata.labels != old.metadata.labels
                || class.metadata.annotations != old.metadata.annotations;
            sim.cluster.update(class)?;
            Ok(verdict(Kind::StorageClass, &name, false, changed))
        }
    }
}

/// `kubectl apply` of a PersistentVolumeClaim. On an update, what the cluster filled in
/// (the class, the volume mode, the bound volume) stays when the manifest leaves it out,
/// as kubectl's three-way merge keeps it.
pub(crate) fn apply_claim(sim: &mut Simulation, mut claim: PersistentVolumeClaim) -> Result<String, ActionError> {
    let key = key_of(&claim);
    let name = key.name.clone();
    let old = sim.cluster.get::<PersistentVolumeClaim>(&key).cloned();
    let mut causes = validate_claim(&claim);
    if let Some(old) = &old {
        let spec = &mut claim.spec;
        spec.storage_class_name = spec.storage_class_name.take().or_else(|| old.spec.storage_class_name.clone());
        spec.volume_mode = spec.volume_mode.take().or_else(|| old.spec.volume_mode.clone());
        spec.volume_name = spec.volume_name.take().or_else(|| old.spec.volume_name.clone());
        claim.status = old.status.clone();
        claim.metadata.finalizers = old.metadata.finalizers.clone();
        claim.metadata.owner_references = old.metadata.owner_references.clone();
        for (k, v) in &old.metadata.annotations {
            claim.metadata.annotations.entry(k.clone()).or_insert_with(|| v.clone());
        }
        causes.extend(claim_update_errors(&claim, old));
    }
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::PersistentVolumeClaim, name, causes }.into());
    }
    match old {
        None => {
            sim.cluster.create(claim)?;
            Ok(verdict(Kind::PersistentVolumeClaim, &name, true, true))
        }
        Some(old) => {
            let changed = claim.spec != old.spec || claim.metadata.labels != old.metadata.labels;
            sim.cluster.update(claim)?;
            Ok(verdict(Kind::PersistentVolumeClaim, &name, false, changed))
        }
    }
}

/// `ValidatePersistentVolume`: a name, a storage capacity, at least one known access
/// mode, exactly one volume source (a `local` one pinned by node affinity), a known
/// reclaim policy.
pub fn validate_volume(pv: &PersistentVolume) -> Vec<FieldError> {
    let mut errors = name_errors(&pv.metadata.name);
    let spec = &pv.spec;
    match spec.capacity.get("storage") {
        None => errors.push(FieldError { field: "spec.capacity".into(), problem: FieldProblem::Required }),
        Some(q) if crate::api::quantity::value(q).is_none_or(|v| v <= 0.0) => errors.push(FieldError {
            field: "spec.capacity[storage]".into(),
            problem: FieldProblem::Invalid { value: format!("{q:?}"), detail: "must be greater than zero".into() },
        }),
        Some(_) => {}
    }
    if spec.access_modes.is_empty() {
        errors.push(FieldError { field: "spec.accessModes".into(), problem: FieldProblem::Required });
    }
    for mode in &spec.access_modes {
        one_of(&mut errors, "spec.accessModes", Some(mode), &ACCESS_MODES);
    }
    match pv.sources()[..] {
        [] => errors.push(FieldError {
            field: "spec".into(),
            problem: FieldProblem::RequiredDetail("must specify a volume type".into()),
        }),
        [_] => {}
        [_, second, ..] => errors.push(FieldError {
            field: format!("spec.{second}"),
            problem: FieldProblem::Forbidden("may not specify more than 1 volume type".into()),
        }),
    }
    if spec.local.is_some() && spec.node_affinity.is_none() {
        errors.push(FieldError {
            field: "spec.nodeAffinity".into(),
            problem: FieldProblem::RequiredDetail("Local volume requires node affinity".into()),
        });
    }
    let policy = spec.persistent_volume_reclaim_policy.as_deref();
    one_of(&mut errors, "spec.persistentVolumeReclaimPolicy", policy, &["Delete", "Recycle", "Retain"]);
    errors
}

/// `ValidatePersistentVolumeUpdate`: the source and the node affinity never change.
pub fn volume_update_errors(new: &PersistentVolume, old: &PersistentVolume) -> Vec<FieldError> {
    let (n, o) = (&new.spec, &old.spec);
    let mut errors = Vec::new();
    if (&n.host_path, &n.local, &n.nfs, &n.csi) != (&o.host_path, &o.local, &o.nfs, &o.csi) {
        errors.push(FieldError {
            field: "spec.persistentvolumesource".into(),
            problem: FieldProblem::Forbidden("spec.persistentvolumesource is immutable after creation".into()),
        });
    }
    if n.node_affinity != o.node_affinity {
        errors.push(FieldError {
            field: "spec.nodeAffinity".into(),
            problem: FieldProblem::Invalid { value: "field".into(), detail: "field is immutable".into() },
        });
    }
    errors
}

/// `kubectl apply` of a PersistentVolume made by hand: `Retain` and `Filesystem` by
/// default, `Available` until the binder gives it to a claim.
pub(crate) fn apply_volume(sim: &mut Simulation, mut pv: PersistentVolume) -> Result<String, ActionError> {
    pv.spec.persistent_volume_reclaim_policy.get_or_insert_with(|| "Retain".into());
    pv.spec.volume_mode.get_or_insert_with(|| "Filesystem".into());
    let key = key_of(&pv);
    let name = key.name.clone();
    let old = sim.cluster.get::<PersistentVolume>(&key).cloned();
    let mut causes = validate_volume(&pv);
    if let Some(old) = &old {
        pv.spec.claim_ref = pv.spec.claim_ref.take().or_else(|| old.spec.claim_ref.clone());
        pv.status = old.status.clone();
        pv.metadata.finalizers = old.metadata.finalizers.clone();
        causes.extend(volume_update_errors(&pv, old));
    }
    causes.retain(|c| old.is_none() || c.field != "metadata.name");
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::PersistentVolume, name, causes }.into());
    }
    match old {
        None => {
            pv.status = Some(PersistentVolumeStatus { phase: Some("Available".into()) });
            pv.metadata.finalizers.push("kubernetes.io/pv-protection".into());
            sim.cluster.create(pv)?;
            Ok(verdict(Kind::PersistentVolume, &name, true, true))
        }
        Some(old) => {
            let changed = pv.spec != old.spec || pv.metadata.labels != old.metadata.labels;
            sim.cluster.update(pv)?;
            Ok(verdict(Kind::PersistentVolume, &name, false, changed))
        }
    }
}
