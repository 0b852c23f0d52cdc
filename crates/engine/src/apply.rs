//! `kubectl apply`: each document of a manifest is created, or updated in place, through
//! the API server's defaulting and validation. A document that fails says so and leaves
//! the cluster as it was; the other documents still apply.

use crate::action::{ActionError, Outcome, MAX_REPLICAS};
use crate::api::pod::PodSpec;
use crate::api::{Kind, Service, StatefulSet};
use crate::cluster::key_of;
use crate::defaults::default_statefulset;
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::manifest::{parse_documents, Document};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::validation::validate_statefulset;

/// The only spec fields an update may change (`ValidateStatefulSetUpdate`).
const FORBIDDEN_UPDATE: &str = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/// Applies every document of `manifest`. Unreadable YAML rejects the whole manifest.
/// With `create_only` (`kubectl create`), objects that exist are refused.
pub(crate) fn apply_manifest(
    sim: &mut Simulation,
    manifest: &str,
    source: &str,
    create_only: bool,
) -> Result<Outcome, ActionError> {
    let docs = parse_documents(manifest, source)?;
    if docs.is_empty() {
        let verb = if create_only { "create" } else { "apply" };
        return Err(ActionError::Kubectl(format!("no objects passed to {verb}")));
    }
    // kubectl reports what it applied as it goes and the errors together at the end.
    let (mut lines, mut errors) = (Vec::new(), Vec::new());
    for doc in docs {
        if let Some((kind, name)) = doc.kind_and_name().filter(|_| create_only) {
            let key = match kind.is_namespaced() {
                true => ObjectKey::default_ns(name),
                false => ObjectKey::cluster_scoped(name),
            };
            if sim.cluster.meta_of(kind, &key).is_some() {
                errors.push(format!(
                    "Error from server (AlreadyExists): error when creating \"{source}\": {} \"{name}\" already exists",
                    kind.resource()
                ));
                continue;
            }
        }
        let line = match doc {
            Document::StatefulSet(set) => apply_statefulset(sim, *set),
            Document::Deployment(d) => crate::deployment_objects::apply_deployment(sim, *d),
            Document::ReplicaSet(rs) => crate::deployment_objects::apply_replica_set(sim, *rs),
            Document::Service(svc) => apply_service(sim, *svc).map_err(ActionError::from),
            Document::ConfigMap(cm) => crate::config_objects::apply_config_map(sim, *cm),
            Document::Secret(secret) => crate::config_objects::apply_secret(sim, *secret),
            Document::Claim(claim) => crate::storage_objects::apply_claim(sim, *claim),
            Document::Volume(pv) => crate::storage_objects::apply_volume(sim, *pv),
            Document::Node(node) => crate::node_admin::apply_node(sim, *node),
            Document::StorageClass(class) => crate::storage_objects::apply_storage_class(sim, *class),
            Document::Budget(budget) => crate::budget_objects::apply_budget(sim, *budget),
            Document::Undecodable(error) => Err(ActionError::Manifest(error)),
            Document::NotSimulated { kind, name } => {
                Ok(format!("{kind} \"{name}\" skipped: kind {kind} is not simulated by the playground"))
            }
        };
        match line {
            Ok(line) => lines.push(line),
            Err(e) => errors.push(e.to_string()),
        }
    }
    lines.append(&mut errors);
    Ok(Outcome { lines })
}

/// What `kubectl apply` prints for one object: `KIND/NAME created|configured|unchanged`.
pub(crate) fn verdict(kind: Kind, name: &str, created: bool, changed: bool) -> String {
    let word = match (created, changed) {
        (true, _) => "created",
        (false, true) => "configured",
        (false, false) => "unchanged",
    };
    format!("{}/{name} {word}", kind.kubectl_name())
}

fn apply_statefulset(sim: &mut Simulation, mut set: StatefulSet) -> Result<String, ActionError> {
    default_statefulset(&mut set);
    let key = key_of(&set);
    let name = key.name.clone();
    match sim.cluster.get::<StatefulSet>(&key) {
        None => {
            let causes = validate_statefulset(&set);
            if !causes.is_empty() {
                return Err(ApiError::Invalid { kind: Kind::StatefulSet, name, causes }.into());
            }
            within_limits(Kind::StatefulSet, &set.metadata.name, set.replicas())?;
            set.status = None;
            sim.cluster.create(set)?;
            Ok(verdict(Kind::StatefulSet, &name, true, true))
        }
        Some(old) => {
            let old = old.clone();
            set.status = old.status.clone();
            set.metadata.owner_references = old.metadata.owner_references.clone();
            let changed = set.spec != old.spec || set.metadata.labels != old.metadata.labels;
            update_statefulset(sim, set)?;
            Ok(verdict(Kind::StatefulSet, &name, false, changed))
        }
    }
}

/// Refuses what Kubernetes would accept but the playground cannot simulate: a workload of
/// `kind` called `name` asking for more than [`MAX_REPLICAS`].
pub(crate) fn within_limits(kind: Kind, name: &str, replicas: i32) -> Result<(), ActionError> {
    let requested = i64::from(replicas);
    if requested > MAX_REPLICAS {
        return Err(ActionError::TooManyReplicas { kind, name: name.into(), requested });
    }
    Ok(())
}

/// A count as `spec.replicas` holds it: beyond int32 the API would reject the number
/// itself; clamping keeps the sign so validation or the replica limit words the refusal.
pub(crate) fn as_replicas(replicas: i64) -> i32 {
    i32::try_from(replicas).unwrap_or(if replicas < 0 { i32::MIN } else { i32::MAX })
}

/// Sets the image of container (or init container) `container` of `spec`, with kubectl's
/// words when there is none (`kubectl set image`).
pub(crate) fn set_container_image(spec: &mut PodSpec, container: &str, image: &str) -> Result<(), ActionError> {
    let found = spec.containers.iter_mut().chain(spec.init_containers.iter_mut()).find(|c| c.name == container);
    let Some(c) = found else {
        return Err(ActionError::Kubectl(format!("unable to find container named \"{container}\"")));
    };
    c.image = image.to_string();
    Ok(())
}

/// Writes a changed StatefulSet through update validation: the full spec validation,
/// and only the six mutable spec fields may differ from the stored object.
pub(crate) fn update_statefulset(sim: &mut Simulation, set: StatefulSet) -> Result<(), ActionError> {
    let key = key_of(&set);
    let Some(old) = sim.cluster.get::<StatefulSet>(&key) else {
        return Err(ApiError::NotFound { kind: Kind::StatefulSet, name: key.name }.into());
    };
    let mut causes = validate_statefulset(&set);
    let mut unchanged = set.spec.clone();
    unchanged.replicas = old.spec.replicas;
    unchanged.ordinals = old.spec.ordinals.clone();
    unchanged.template = old.spec.template.clone();
    unchanged.update_strategy = old.spec.update_strategy.clone();
    unchanged.persistent_volume_claim_retention_policy = old.spec.persistent_volume_claim_retention_policy.clone();
    unchanged.min_ready_seconds = old.spec.min_ready_seconds;
    if unchanged != old.spec {
        causes.push(FieldError { field: "spec".into(), problem: FieldProblem::Forbidden(FORBIDDEN_UPDATE.into()) });
    }
    // The name is not re-validated on update.
    causes.retain(|c| c.field != "metadata.name");
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::StatefulSet, name: key.name, causes }.into());
    }
    within_limits(Kind::StatefulSet, &set.metadata.name, set.replicas())?;
    sim.cluster.update(set)?;
    Ok(())
}

fn apply_service(sim: &mut Simulation, mut svc: Service) -> Result<String, ApiError> {
    let key = key_of(&svc);
    let name = key.name.clone();
    let old = sim.cluster.get::<Service>(&key).cloned();
    let mut causes = Vec::new();
    if let Some(old) = &old {
        // A manifest without a clusterIP keeps the one allocated; an update checks the
        // immutable cluster IP first, then the whole Service.
        if svc.spec.cluster_ip.as_deref().is_none_or(str::is_empty) {
            svc.spec.cluster_ip = old.spec.cluster_ip.clone();
        }
        if svc.spec.cluster_ip.is_some() && svc.spec.cluster_ip != old.spec.cluster_ip {
            let value = format!("{:?}", svc.spec.cluster_ip.clone().unwrap_or_default());
            let problem = FieldProblem::Invalid { value, detail: "field is immutable".into() };
            causes.push(FieldError { field: "spec.clusterIP".into(), problem });
        }
    }
    causes.extend(crate::service_validation::validate_service(&svc));
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::Service, name, causes });
    }
    match old {
        None => {
            sim.cluster.create(svc)?;
            Ok(verdict(Kind::Service, &name, true, true))
        }
        Some(old) => {
            let changed = old.spec != svc.spec || old.metadata.labels != svc.metadata.labels;
            svc.metadata.owner_references = old.metadata.owner_references.clone();
            sim.cluster.update(svc)?;
            Ok(verdict(Kind::Service, &name, false, changed))
        }
    }
}

/// `kubectl set image sts/NAME CONTAINER=IMAGE`.
pub(crate) fn set_image(
    sim: &mut Simulation,
    name: &str,
    container: &str,
    image: &str,
) -> Result<Outcome, ActionError> {
    let key = crate::store::ObjectKey::default_ns(name);
    let Some(mut set) = sim.cluster.get::<StatefulSet>(&key).cloned() else {
        return Err(ApiError::NotFound { kind: Kind::StatefulSet, name: name.into() }.into());
    };
    set_container_image(&mut set.spec.template.spec, container, image)?;
    update_statefulset(sim, set)?;
    Ok(Outcome { lines: vec![format!("statefulset.apps/{name} image updated")] })
}

/// `kubectl label` / `kubectl annotate` on one object of any kind: sets and removes
/// keys, refusing to change an existing value without `--overwrite`, as kubectl does.
pub(crate) fn relabel(
    sim: &mut Simulation,
    kind: Kind,
    name: &str,
    set: &[(String, String)],
    remove: &[String],
    overwrite: bool,
    annotations: bool,
) -> Result<Outcome, ActionError> {
    let key = match kind.is_namespaced() {
        true => ObjectKey::default_ns(name),
        false => ObjectKey::cluster_scoped(name),
    };
    let Some(meta) = sim.cluster.meta_of(kind, &key) else {
        return Err(ApiError::NotFound { kind, name: name.into() }.into());
    };
    let mut map = if annotations { meta.annotations.clone() } else { meta.labels.clone() };
    let before = map.clone();
    let field = if annotations { "metadata.annotations" } else { "metadata.labels" };
    for (k, v) in set {
        // kubectl checks a label's value itself; the API server checks every key.
        let problems = crate::label_validation::value_problems(v);
        if !annotations && !problems.is_empty() {
            return Err(ActionError::Kubectl(format!("invalid label value: \"{k}={v}\": {}", problems.join(";"))));
        }
        let problems = crate::label_validation::key_problems(k);
        if !problems.is_empty() {
            let problem = FieldProblem::Invalid { value: format!("{k:?}"), detail: problems.join("; ") };
            let causes = vec![FieldError { field: field.into(), problem }];
            return Err(ApiError::Invalid { kind, name: name.into(), causes }.into());
        }
        if let Some(old) = map.get(k).filter(|old| *old != v && !overwrite) {
            return Err(ActionError::Kubectl(format!("'{k}' already has a value ({old}), and --overwrite is false")));
        }
        map.insert(k.clone(), v.clone());
    }
    for k in remove {
        map.remove(k);
    }
    let verb = if annotations { "annotated" } else { "labeled" };
    let prefix = kind.kubectl_name();
    if map == before {
        return Ok(Outcome { lines: vec![format!("{prefix}/{name} not {verb}")] });
    }
    sim.cluster.update_meta(kind, &key, |meta| match annotations {
        true => meta.annotations = map,
        false => meta.labels = map,
    })?;
    Ok(Outcome { lines: vec![format!("{prefix}/{name} {verb}")] })
}
