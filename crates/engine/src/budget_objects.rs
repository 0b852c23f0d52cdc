//! PodDisruptionBudgets through the API server: `ValidatePodDisruptionBudget` (policy/v1:
//! at most one of `minAvailable` and `maxUnavailable`, each a count or a percentage of at
//! most 100%, a valid selector, a known unhealthy-pod policy) and `kubectl apply` of one.
//! The spec may change after creation (policy/v1 allows it); the status is the disruption
//! controller's.

use crate::action::ActionError;
use crate::api::meta::LabelSelector;
use crate::api::pdb::PodDisruptionBudgetSpec;
use crate::api::{Kind, PodDisruptionBudget};
use crate::apply::verdict;
use crate::cluster::key_of;
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::simulation::Simulation;
use crate::validation::{int_or_percent_errors, over_100_percent, subdomain_name_errors};

/// The values `spec.unhealthyPodEvictionPolicy` may take.
const EVICTION_POLICIES: [&str; 2] = ["AlwaysAllow", "IfHealthyBudget"];

/// The selector operators `ValidateLabelSelectorRequirement` accepts.
const OPERATORS: [&str; 4] = ["In", "NotIn", "Exists", "DoesNotExist"];

/// `ValidatePodDisruptionBudget`.
pub fn validate_budget(budget: &PodDisruptionBudget) -> Vec<FieldError> {
    let spec = &budget.spec;
    let mut errors = subdomain_name_errors(&budget.metadata.name);
    if spec.min_available.is_some() && spec.max_unavailable.is_some() {
        errors.push(FieldError {
            field: "spec".into(),
            problem: FieldProblem::Invalid {
                value: go_spec(spec),
                detail: "minAvailable and maxUnavailable cannot be both set".into(),
            },
        });
    }
    for (field, value) in [("spec.minAvailable", &spec.min_available), ("spec.maxUnavailable", &spec.max_unavailable)] {
        if let Some(value) = value {
            errors.extend(int_or_percent_errors(field, value));
            errors.extend(over_100_percent(field, value));
        }
    }
    if let Some(selector) = &spec.selector {
        errors.extend(selector_errors("spec.selector", selector));
    }
    if let Some(policy) = spec.unhealthy_pod_eviction_policy.as_deref().filter(|p| !EVICTION_POLICIES.contains(p)) {
        errors.push(FieldError {
            field: "spec.unhealthyPodEvictionPolicy".into(),
            problem: FieldProblem::Unsupported {
                value: format!("{policy:?}"),
                supported: EVICTION_POLICIES.iter().map(|p| p.to_string()).collect(),
            },
        });
    }
    errors
}

/// The spec as Go's `%#v` prints it in the both-set error (pointers shown as `(…)`; both
/// bounds are set whenever this is printed).
fn go_spec(spec: &PodDisruptionBudgetSpec) -> String {
    let pointer = |set: bool| if set { "…" } else { "nil" };
    format!(
        "policy.PodDisruptionBudgetSpec{{MinAvailable:(*intstr.IntOrString)(…), Selector:(*v1.LabelSelector)({}), MaxUnavailable:(*intstr.IntOrString)(…), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)({})}}",
        pointer(spec.selector.is_some()),
        pointer(spec.unhealthy_pod_eviction_policy.is_some()),
    )
}

/// `ValidateLabelSelector`: valid label keys and values, known operators, and values only
/// where the operator takes them.
pub(crate) fn selector_errors(field: &str, selector: &LabelSelector) -> Vec<FieldError> {
    let mut errors = crate::label_validation::label_errors(&format!("{field}.matchLabels"), &selector.match_labels);
    for (i, r) in selector.match_expressions.iter().enumerate() {
        let at = |name: &str| format!("{field}.matchExpressions[{i}].{name}");
        let takes_values = matches!(r.operator.as_str(), "In" | "NotIn");
        if !OPERATORS.contains(&r.operator.as_str()) {
            errors.push(FieldError {
                field: at("operator"),
                problem: FieldProblem::Invalid {
                    value: format!("{:?}", r.operator),
                    detail: "not a valid selector operator".into(),
                },
            });
        } else if takes_values && r.values.is_empty() {
            errors.push(FieldError {
                field: at("values"),
                problem: FieldProblem::RequiredDetail("must be specified when `operator` is 'In' or 'NotIn'".into()),
            });
        } else if !takes_values && !r.values.is_empty() {
            errors.push(FieldError {
                field: at("values"),
                problem: FieldProblem::Forbidden(
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into(),
                ),
            });
        }
        for problem in crate::label_validation::key_problems(&r.key) {
            errors.push(FieldError {
                field: at("key"),
                problem: FieldProblem::Invalid { value: format!("{:?}", r.key), detail: problem },
            });
        }
    }
    errors
}

/// `kubectl apply` of a PodDisruptionBudget: created, or its spec and labels updated (the
/// status stays the controller's).
pub(crate) fn apply_budget(sim: &mut Simulation, mut budget: PodDisruptionBudget) -> Result<String, ActionError> {
    let key = key_of(&budget);
    let name = key.name.clone();
    let causes = validate_budget(&budget);
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::PodDisruptionBudget, name, causes }.into());
    }
    match sim.cluster.get::<PodDisruptionBudget>(&key).cloned() {
        None => {
            budget.status = None;
            sim.cluster.create(budget)?;
            Ok(verdict(Kind::PodDisruptionBudget, &name, true, true))
        }
        Some(old) => {
            budget.status = old.status.clone();
            budget.metadata.owner_references = old.metadata.owner_references.clone();
            let changed = budget.spec != old.spec
                || budget.metadata.labels != old.metadata.labels
                || budget.metadata.annotations != old.metadata.annotations;
            sim.cluster.update(budget)?;
            Ok(verdict(Kind::PodDisruptionBudget, &name, false, changed))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::statefulset::IntOrString;

    fn bound(text: &str) -> IntOrString {
        text.parse().map_or_else(|_| IntOrString::String(text.into()), IntOrString::Int)
    }

    fn budget(min: Option<&str>, max: Option<&str>) -> PodDisruptionBudget {
        let mut b = PodDisruptionBudget::default();
        b.metadata.name = "zk-pdb".into();
        b.spec.min_available = min.map(bound);
        b.spec.max_unavailable = max.map(bound);
        b
    }

    fn messages(b: &PodDisruptionBudget) -> Vec<String> {
        validate_budget(b).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn one_bound_as_a_count_or_a_percentage_is_valid() {
        for (min, max) in
            [(Some("2"), None), (None, Some("1")), (Some("50%"), None), (None, Some("100%")), (None, None)]
        {
            assert!(messages(&budget(min, max)).is_empty(), "{min:?} {max:?}");
        }
    }

    #[test]
    fn both_bounds_negative_counts_and_over_100_percent_are_refused() {
        assert!(
            messages(&budget(Some("1"), Some("1")))[0].ends_with("minAvailable and maxUnavailable cannot be both set")
        );
        assert_eq!(
            messages(&budget(None, Some("-1"))),
            ["spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"]
        );
        assert_eq!(
            messages(&budget(Some("120%"), None)),
            ["spec.minAvailable: Invalid value: \"120%\": must not be greater than 100%"]
        );
        assert!(messages(&budget(Some("half"), None))[0]
            .starts_with("spec.minAvailable: Invalid value: \"half\": a valid percent string"));
    }

    #[test]
    fn a_selector_needs_known_operators_and_values_where_they_belong() {
        let mut b = budget(None, Some("1"));
        let requirement = |operator: &str, values: &[&str]| crate::api::meta::LabelSelectorRequirement {
            key: "app".into(),
            operator: operator.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        b.spec.selector = Some(LabelSelector {
            match_expressions: vec![requirement("Near", &[]), requirement("In", &[]), requirement("Exists", &["zk"])],
            ..Default::default()
        });
        assert_eq!(
            messages(&b),
            [
                "spec.selector.matchExpressions[0].operator: Invalid value: \"Near\": not a valid selector operator",
                "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ]
        );
    }
}
