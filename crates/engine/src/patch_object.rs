//! `kubectl patch KIND NAME`: the stored object's JSON form is patched (`patch.rs`), read
//! back as the kind, and written through that kind's update rules, as the API server's
//! patch handler does. The main resource never changes `status`; fields the API server
//! owns (uid, resourceVersion, timestamps) are kept by the update itself.

use crate::action::{ActionError, Outcome};
use crate::api::{
    Kind, Node, ObjectMeta, PersistentVolume, PersistentVolumeClaim, Pod, Service, StatefulSet, StorageClass,
};
use crate::cluster::Stored;
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::patch::{apply_patch, PatchType};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::wire::Wire;
use serde_json::Value;

/// What the pod update validation allows to change in a pod's spec.
const POD_FORBIDDEN_UPDATE: &str = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/// A kind `kubectl patch` can change, with its update rules.
trait Patchable: Stored + PartialEq + Wire {
    /// Carries over what a patch of the main resource cannot change.
    fn keep_status(&mut self, old: &Self);
    /// The kind's update validation: the fields that may not change, if any did.
    fn forbidden_changes(&self, _old: &Self) -> Vec<FieldError> {
        Vec::new()
    }
    /// Writes the patched object.
    fn write(self, sim: &mut Simulation) -> Result<(), ActionError> {
        sim.cluster.update(self)?;
        Ok(())
    }
}

impl Patchable for Pod {
    fn keep_status(&mut self, old: &Self) {
        self.status = old.status.clone();
    }
    fn forbidden_changes(&self, old: &Self) -> Vec<FieldError> {
        let mut spec = self.spec.clone();
        for (c, o) in spec.containers.iter_mut().zip(&old.spec.containers) {
            c.image = o.image.clone();
        }
        for (c, o) in spec.init_containers.iter_mut().zip(&old.spec.init_containers) {
            c.image = o.image.clone();
        }
        match spec == old.spec {
            true => Vec::new(),
            false => {
                vec![FieldError { field: "spec".into(), problem: FieldProblem::Forbidden(POD_FORBIDDEN_UPDATE.into()) }]
            }
        }
    }
}

impl Patchable for PersistentVolumeClaim {
    fn keep_status(&mut self, old: &Self) {
        self.status = old.status.clone();
    }
    fn forbidden_changes(&self, old: &Self) -> Vec<FieldError> {
        crate::storage_objects::claim_update_errors(self, old)
    }
}

impl Patchable for PersistentVolume {
    fn keep_status(&mut self, old: &Self) {
        self.status = old.status.clone();
    }
}

impl Patchable for Service {
    fn keep_status(&mut self, _old: &Self) {}
    fn forbidden_changes(&self, old: &Self) -> Vec<FieldError> {
        match self.spec.cluster_ip == old.spec.cluster_ip {
            true => Vec::new(),
            false => vec![FieldError {
                field: "spec.clusterIP".into(),
                problem: FieldProblem::Invalid {
                    value: format!("{:?}", self.spec.cluster_ip.clone().unwrap_or_default()),
                    detail: "field is immutable".into(),
                },
            }],
        }
    }
}

impl Patchable for StorageClass {
    fn keep_status(&mut self, _old: &Self) {}
    fn forbidden_changes(&self, old: &Self) -> Vec<FieldError> {
        crate::storage_objects::storage_class_update_errors(self, old)
    }
}

impl Patchable for crate::api::ConfigMap {
    fn keep_status(&mut self, _old: &Self) {}
    fn forbidden_changes(&self, old: &Self) -> Vec<FieldError> {
        let mut causes = crate::config_objects::validate_config_map(self);
        causes.extend(crate::config_objects::config_map_update_errors(self, old));
        causes
    }
}

impl Patchable for crate::api::Secret {
    fn keep_status(&mut self, _old: &Self) {}
    fn forbidden_changes(&self, old: &Self) -> Vec<FieldError> {
        let mut causes = crate::config_objects::validate_secret(self);
        causes.extend(crate::config_objects::secret_update_errors(self, old));
        causes
    }
    /// A patch may set `stringData`: the API server folds it into `data` first.
    fn write(mut self, sim: &mut Simulation) -> Result<(), ActionError> {
        self.normalize();
        sim.cluster.update(self)?;
        Ok(())
    }
}

impl Patchable for Node {
    fn keep_status(&mut self, old: &Self) {
        self.status = old.status.clone();
    }
}

impl Patchable for crate::api::Deployment {
    fn keep_status(&mut self, old: &Self) {
        self.status = old.status.clone();
    }
    /// Through defaulting and the update validation.
    fn write(mut self, sim: &mut Simulation) -> Result<(), ActionError> {
        crate::deployment_objects::default_deployment(&mut self);
        crate::deployment_objects::update_deployment(sim, self)
    }
}

impl Patchable for crate::api::ReplicaSet {
    fn keep_status(&mut self, old: &Self) {
        self.status = old.status.clone();
    }
    /// Through defaulting and the update validation.
    fn write(mut self, sim: &mut Simulation) -> Result<(), ActionError> {
        crate::deployment_objects::default_replica_set(&mut self);
        crate::deployment_objects::update_replica_set(sim, self)
    }
}

impl Patchable for StatefulSet {
    fn keep_status(&mut self, old: &Self) {
        self.status = old.status.clone();
    }
    /// Through defaulting and the update validation (the six mutable fields).
    fn write(mut self, sim: &mut Simulation) -> Result<(), ActionError> {
        crate::defaults::default_statefulset(&mut self);
        crate::apply::update_statefulset(sim, self)
    }
}

/// Patches the object of `kind` called `name` with the patch text (JSON or YAML).
pub(crate) fn patch_object(
    sim: &mut Simulation,
    kind: Kind,
    name: &str,
    text: &str,
    patch_type: PatchType,
) -> Result<Outcome, ActionError> {
    let unparsable = |e: String| ActionError::Kubectl(format!("unable to parse \"{text}\": {e}"));
    let patch = crate::yaml::read_documents(text)
        .map_err(|e| unparsable(e.to_string()))?
        .into_iter()
        .next()
        .ok_or_else(|| unparsable("the patch is empty".into()))?;
    let request = Request { name, patch: &patch, patch_type };
    match kind {
        Kind::StatefulSet => patch_kind::<StatefulSet>(sim, request),
        Kind::Deployment => patch_kind::<crate::api::Deployment>(sim, request),
        Kind::ReplicaSet => patch_kind::<crate::api::ReplicaSet>(sim, request),
        Kind::Pod => patch_kind::<Pod>(sim, request),
        Kind::PersistentVolumeClaim => patch_kind::<PersistentVolumeClaim>(sim, request),
        Kind::PersistentVolume => patch_kind::<PersistentVolume>(sim, request),
        Kind::Service => patch_kind::<Service>(sim, request),
        Kind::StorageClass => patch_kind::<StorageClass>(sim, request),
        Kind::Node => patch_kind::<Node>(sim, request),
        Kind::ConfigMap => patch_kind::<crate::api::ConfigMap>(sim, request),
        Kind::Secret => patch_kind::<crate::api::Secret>(sim, request),
        other => Err(ActionError::Kubectl(format!("kubectl patch of {} is not simulated", other.resource()))),
    }
}

/// One patch request: the object's name, the parsed patch and its type.
#[derive(Clone, Copy)]
struct Request<'a> {
    name: &'a str,
    patch: &'a Value,
    patch_type: PatchType,
}

/// The per-kind part of a patch, kept small: each kind gets its own copy of it (the
/// page pays for nine), so everything that does not depend on the kind is in the
/// helpers it calls.
fn patch_kind<T: Patchable>(sim: &mut Simulation, request: Request<'_>) -> Result<Outcome, ActionError> {
    let key = match T::KIND.is_namespaced() {
        true => ObjectKey::default_ns(request.name),
        false => ObjectKey::cluster_scoped(request.name),
    };
    let Some(old) = sim.cluster.get::<T>(&key).cloned() else {
        return Err(ApiError::NotFound { kind: T::KIND, name: request.name.into() }.into());
    };
    let patched = patched_json(&old.encode(), request)?;
    let mut obj: T = crate::wire::from_json(&patched).map_err(|e| bad_request(e.to_string()))?;
    obj.keep_status(&old);
    same_name(obj.meta(), request.name)?;
    let causes = obj.forbidden_changes(&old);
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: T::KIND, name: request.name.into(), causes }.into());
    }
    obj.write(sim)?;
    // Read back, the object lost what a manifest cannot set; the update restored it and
    // wrote nothing if nothing else differed.
    let unchanged = sim.cluster.get::<T>(&key).map(|o| o.meta().resource_version == old.meta().resource_version);
    Ok(patched_outcome(T::KIND, request.name, unchanged == Some(true)))
}

fn bad_request(message: String) -> ActionError {
    ActionError::Api(ApiError::BadRequest(message))
}

/// The object's JSON form with the patch applied.
fn patched_json(current: &Value, request: Request<'_>) -> Result<Value, ActionError> {
    apply_patch(current, request.patch, request.patch_type).map_err(|e| bad_request(e.to_string()))
}

/// A patch may not rename the object.
fn same_name(meta: &ObjectMeta, name: &str) -> Result<(), ActionError> {
    match meta.name == name {
        true => Ok(()),
        false => Err(bad_request(format!(
            "the name of the object ({}) does not match the name on the URL ({name})",
            meta.name
        ))),
    }
}

/// kubectl's line: `statefulset.apps/web patched`, or `(no change)`.
fn patched_outcome(kind: Kind, name: &str, unchanged: bool) -> Outcome {
    let suffix = if unchanged { " (no change)" } else { "" };
    Outcome { lines: vec![format!("{}/{name} patched{suffix}", kind.kubectl_name())] }
}
