//! Deployments and ReplicaSets through the API server: defaulting
//! (`SetDefaults_Deployment`, `SetDefaults_ReplicaSet`), create validation
//! (`ValidateDeployment`, `ValidateReplicaSet`), update validation (apps/v1 selectors are
//! immutable), and `kubectl apply`, `scale` and `set image` of them.

use crate::action::{ActionError, Outcome};
use crate::api::deployment::{DeploymentStrategy, RollingUpdateDeployment};
use crate::api::meta::LabelSelector;
use crate::api::statefulset::IntOrString;
use crate::api::{Deployment, Kind, ReplicaSet};
use crate::apply::{as_replicas, set_container_image, verdict, within_limits};
use crate::cluster::key_of;
use crate::defaults::default_pod_spec;
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::validation::{
    int_or_percent_errors, non_negative, one_of, over_100_percent, selector_and_template_errors, subdomain_name_errors,
};

/// What a Deployment's rolling update defaults to: 25% surge, 25% unavailable.
const QUARTER: &str = "25%";

/// Fills every field of a Deployment that the API server defaults.
pub fn default_deployment(d: &mut Deployment) {
    let spec = &mut d.spec;
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    let strategy = spec.strategy.get_or_insert_with(DeploymentStrategy::default);
    let kind = strategy.type_.get_or_insert_with(|| "RollingUpdate".into());
    if kind == "RollingUpdate" {
        let rolling = strategy.rolling_update.get_or_insert_with(RollingUpdateDeployment::default);
        rolling.max_unavailable.get_or_insert_with(|| IntOrString::String(QUARTER.into()));
        rolling.max_surge.get_or_insert_with(|| IntOrString::String(QUARTER.into()));
    }
    default_pod_spec(&mut spec.template.spec);
}

/// Fills every field of a ReplicaSet that the API server defaults.
pub fn default_replica_set(rs: &mut ReplicaSet) {
    rs.spec.replicas.get_or_insert(1);
    default_pod_spec(&mut rs.spec.template.spec);
}

/// `ValidateDeployment` of a defaulted Deployment; an empty list means valid.
pub fn validate_deployment(d: &Deployment) -> Vec<FieldError> {
    let mut errors = subdomain_name_errors(&d.metadata.name);
    let spec = &d.spec;
    non_negative(&mut errors, "spec.replicas", spec.replicas);
    errors.extend(selector_and_template_errors(spec.selector.as_ref(), &spec.template, "deployment"));
    let strategy = spec.strategy.clone().unwrap_or_default();
    one_of(&mut errors, "spec.strategy.type", strategy.type_.as_deref(), &["Recreate", "RollingUpdate"]);
    match (strategy.type_.as_deref(), &strategy.rolling_update) {
        (Some("Recreate"), Some(_)) => errors.push(FieldError {
            field: "spec.strategy.rollingUpdate".into(),
            problem: FieldProblem::Forbidden("may not be specified when strategy `type` is 'Recreate'".into()),
        }),
        (Some("RollingUpdate"), Some(rolling)) => {
            const UNAVAILABLE: &str = "spec.strategy.rollingUpdate.maxUnavailable";
            let zero = IntOrString::Int(0);
            let unavailable = rolling.max_unavailable.as_ref().unwrap_or(&zero);
            let surge = rolling.max_surge.as_ref().unwrap_or(&zero);
            errors.extend(int_or_percent_errors(UNAVAILABLE, unavailable));
            errors.extend(int_or_percent_errors("spec.strategy.rollingUpdate.maxSurge", surge));
            if unavailable.scaled_down(100) == Some(0) && surge.scaled_down(100) == Some(0) {
                errors.push(FieldError {
                    field: UNAVAILABLE.into(),
                    problem: FieldProblem::Invalid {
                        value: "0".into(),
                        detail: "may not be 0 when `maxSurge` is 0".into(),
                    },
                });
            }
            errors.extend(over_100_percent(UNAVAILABLE, unavailable));
        }
        _ => {}
    }
    non_negative(&mut errors, "spec.minReadySeconds", spec.min_ready_seconds);
    non_negative(&mut errors, "spec.revisionHistoryLimit", spec.revision_history_limit);
    non_negative(&mut errors, "spec.progressDeadlineSeconds", spec.progress_deadline_seconds);
    if let Some(deadline) = spec.progress_deadline_seconds.filter(|p| *p <= spec.min_ready_seconds.unwrap_or(0)) {
        errors.push(FieldError {
            field: "spec.progressDeadlineSeconds".into(),
            problem: FieldProblem::Invalid {
                value: deadline.to_string(),
                detail: "must be greater than minReadySeconds".into(),
            },
        });
    }
    errors
}

/// `ValidateReplicaSet` of a defaulted ReplicaSet.
pub fn validate_replica_set(rs: &ReplicaSet) -> Vec<FieldError> {
    let mut errors = subdomain_name_errors(&rs.metadata.name);
    non_negative(&mut errors, "spec.replicas", rs.spec.replicas);
    non_negative(&mut errors, "spec.minReadySeconds", rs.spec.min_ready_seconds);
    // The API server's message names a deployment here too.
    errors.extend(selector_and_template_errors(rs.spec.selector.as_ref(), &rs.spec.template, "deployment"));
    errors
}

/// A selector as Go's `%v` prints the pointer's value in an immutability error.
fn go_selector(selector: Option<&LabelSelector>) -> String {
    match selector {
        None => "null".into(),
        Some(s) => format!(
            "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}",
            crate::validation::go_string_map(&s.match_labels)
        ),
    }
}

/// The update validation both kinds share: the selector may not change.
fn selector_immutable(new: Option<&LabelSelector>, old: Option<&LabelSelector>) -> Option<FieldError> {
    (new != old).then(|| FieldError {
        field: "spec.selector".into(),
        problem: FieldProblem::Invalid { value: go_selector(new), detail: "field is immutable".into() },
    })
}

/// `kubectl apply` of a Deployment: created, or updated through the update validation.
pub(crate) fn apply_deployment(sim: &mut Simulation, mut d: Deployment) -> Result<String, ActionError> {
    default_deployment(&mut d);
    let key = key_of(&d);
    let name = key.name.clone();
    match sim.cluster.get::<Deployment>(&key).cloned() {
        None => {
            let causes = validate_deployment(&d);
            if !causes.is_empty() {
                return Err(ApiError::Invalid { kind: Kind::Deployment, name, causes }.into());
            }
            within_limits(Kind::Deployment, &name, d.replicas())?;
            sim.cluster.create(d)?;
            Ok(verdict(Kind::Deployment, &name, true, true))
        }
        Some(old) => {
            d.status = old.status.clone();
            d.metadata.owner_references = old.metadata.owner_references.clone();
            // kubectl apply keeps the revision annotation the controller wrote.
            for (k, v) in &old.metadata.annotations {
                d.metadata.annotations.entry(k.clone()).or_insert_with(|| v.clone());
            }
            let changed = d.spec != old.spec || d.metadata.labels != old.metadata.labels;
            update_deployment(sim, d)?;
            Ok(verdict(Kind::Deployment, &name, false, changed))
        }
    }
}

/// Writes a changed Deployment through the update validation.
pub(crate) fn update_deployment(sim: &mut Simulation, d: Deployment) -> Result<(), ActionError> {
    let key = key_of(&d);
    let Some(old) = sim.cluster.get::<Deployment>(&key) else {
        return Err(ApiError::NotFound { kind: Kind::Deployment, name: key.name }.into());
    };
    let mut causes = validate_deployment(&d);
    causes.extend(selector_immutable(d.spec.selector.as_ref(), old.spec.selector.as_ref()));
    causes.retain(|c| c.field != "metadata.name");
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::Deployment, name: key.name, causes }.into());
    }
    within_limits(Kind::Deployment, &key.name, d.replicas())?;
    sim.cluster.update(d)?;
    Ok(())
}

/// `kubectl apply` of a ReplicaSet.
pub(crate) fn apply_replica_set(sim: &mut Simulation, mut rs: ReplicaSet) -> Result<String, ActionError> {
    default_replica_set(&mut rs);
    let key = key_of(&rs);
    let name = key.name.clone();
    match sim.cluster.get::<ReplicaSet>(&key).cloned() {
        None => {
            let causes = validate_replica_set(&rs);
            if !causes.is_empty() {
                return Err(ApiError::Invalid { kind: Kind::ReplicaSet, name, causes }.into());
            }
            within_limits(Kind::ReplicaSet, &name, rs.replicas())?;
            sim.cluster.create(rs)?;
            Ok(verdict(Kind::ReplicaSet, &name, true, true))
        }
        Some(old) => {
            rs.status = old.status.clone();
            rs.metadata.owner_references = old.metadata.owner_references.clone();
            let changed = rs.spec != old.spec || rs.metadata.labels != old.metadata.labels;
            update_replica_set(sim, rs)?;
            Ok(verdict(Kind::ReplicaSet, &name, false, changed))
        }
    }
}

/// Writes a changed ReplicaSet through the update validation.
pub(crate) fn update_replica_set(sim: &mut Simulation, rs: ReplicaSet) -> Result<(), ActionError> {
    let key = key_of(&rs);
    let Some(old) = sim.cluster.get::<ReplicaSet>(&key) else {
        return Err(ApiError::NotFound { kind: Kind::ReplicaSet, name: key.name }.into());
    };
    let mut causes = validate_replica_set(&rs);
    causes.extend(selector_immutable(rs.spec.selector.as_ref(), old.spec.selector.as_ref()));
    causes.retain(|c| c.field != "metadata.name");
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::ReplicaSet, name: key.name, causes }.into());
    }
    within_limits(Kind::ReplicaSet, &key.name, rs.replicas())?;
    sim.cluster.update(rs)?;
    Ok(())
}

/// `kubectl scale deploy/NAME` or `rs/NAME --replicas=N`.
pub(crate) fn scale_workload(
    sim: &mut Simulation,
    kind: Kind,
    name: &str,
    replicas: i64,
) -> Result<Outcome, ActionError> {
    let key = ObjectKey::default_ns(name);
    match kind {
        Kind::Deployment => {
            let Some(mut d) = sim.cluster.get::<Deployment>(&key).cloned() else {
                return Err(ApiError::NotFound { kind, name: name.into() }.into());
            };
            d.spec.replicas = Some(as_replicas(replicas));
            update_deployment(sim, d)?;
        }
        Kind::ReplicaSet => {
            let Some(mut rs) = sim.cluster.get::<ReplicaSet>(&key).cloned() else {
                return Err(ApiError::NotFound { kind, name: name.into() }.into());
            };
            rs.spec.replicas = Some(as_replicas(replicas));
            update_replica_set(sim, rs)?;
        }
        other => return Err(ActionError::Kubectl(format!("kubectl scale of {} is not simulated", other.resource()))),
    }
    Ok(Outcome { lines: vec![format!("{}/{name} scaled", kind.kubectl_name())] })
}

/// `kubectl set image deploy/NAME CONTAINER=IMAGE` (or a ReplicaSet's).
pub(crate) fn set_workload_image(
    sim: &mut Simulation,
    kind: Kind,
    name: &str,
    container: &str,
    image: &str,
) -> Result<Outcome, ActionError> {
    let key = ObjectKey::default_ns(name);
    match kind {
        Kind::Deployment => {
            let Some(mut d) = sim.cluster.get::<Deployment>(&key).cloned() else {
                return Err(ApiError::NotFound { kind, name: name.into() }.into());
            };
            set_container_image(&mut d.spec.template.spec, container, image)?;
            update_deployment(sim, d)?;
        }
        Kind::ReplicaSet => {
            let Some(mut rs) = sim.cluster.get::<ReplicaSet>(&key).cloned() else {
                return Err(ApiError::NotFound { kind, name: name.into() }.into());
            };
            set_container_image(&mut rs.spec.template.spec, container, image)?;
            update_replica_set(sim, rs)?;
        }
        other => {
            return Err(ActionError::Kubectl(format!("kubectl set image of {} is not simulated", other.resource())))
        }
    }
    Ok(Outcome { lines: vec![format!("{}/{name} image updated", kind.kubectl_name())] })
}
