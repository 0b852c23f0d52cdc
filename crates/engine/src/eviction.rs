//! The Eviction API (`pods/NAME/eviction`, `pkg/registry/core/pod/storage/eviction.go`):
//! a deletion that asks the pod's PodDisruptionBudget first. A pod that has finished,
//! has not started, or is already being deleted is deleted without asking; a pod covered
//! by no budget likewise; a pod covered by two budgets is refused. Otherwise the budget
//! must allow a disruption: the server lowers `disruptionsAllowed`, notes the pod in
//! `disruptedPods`, and deletes it; with none left it answers 429 Too Many Requests,
//! which `kubectl drain` retries.

use crate::action::{ActionError, Outcome};
use crate::api::{Pod, PodDisruptionBudget, PodPhase};
use crate::error::ApiError;
use crate::simulation::Simulation;
use crate::store::ObjectKey;

/// The refusal while a budget allows no disruption (`DisruptionBudgetCause`'s message).
pub const BUDGET_REFUSAL: &str = "Cannot evict pod as it would violate the pod's disruption budget.";

/// Whether the eviction may ignore budgets for this pod: it has finished, has not
/// started (`Pending`), or is already being deleted (`canIgnorePDB`).
fn can_ignore_budget(pod: &Pod) -> bool {
    matches!(pod.status.phase, Some(PodPhase::Succeeded | PodPhase::Failed | PodPhase::Pending))
        || pod.metadata.is_terminating()
}

/// Evicts the pod `name` of the default namespace, or says why the server refused.
pub(crate) fn evict(sim: &mut Simulation, name: &str) -> Result<Outcome, ActionError> {
    let key = ObjectKey::default_ns(name);
    let Some(pod) = sim.cluster.get::<Pod>(&key) else {
        return Err(ApiError::NotFound { kind: crate::api::Kind::Pod, name: name.into() }.into());
    };
    if !can_ignore_budget(pod) {
        let budgets: Vec<&PodDisruptionBudget> = sim
            .cluster
            .list::<PodDisruptionBudget>()
            .values()
            .filter(|b| b.covers(&pod.metadata.namespace, &pod.metadata.labels))
            .collect();
        if budgets.len() > 1 {
            let why =
                "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
            return Err(ApiError::Internal(why.into()).into());
        }
        if let Some(budget) = budgets.first() {
            let status = budget.status.clone().unwrap_or_default();
            let always = budget.spec.unhealthy_pod_eviction_policy.as_deref() == Some("AlwaysAllow");
            // A pod that is not ready does not count as healthy: it may go without using
            // the budget when the budget is met, or always under `AlwaysAllow`.
            let unhealthy_may_go = !pod.is_ready()
                && (always || (status.current_healthy >= status.desired_healthy && status.desired_healthy > 0));
            if !unhealthy_may_go {
                let budget = (*budget).clone();
                take_one_disruption(sim, budget, name)?;
            }
        }
    }
    sim.cluster.delete_pod(&key, None)?;
    Ok(Outcome::default())
}

/// `checkAndDecrement`: refuses while no disruption is allowed (or the controller has not
/// seen the budget's latest spec), and otherwise records the eviction on the budget.
fn take_one_disruption(sim: &mut Simulation, mut budget: PodDisruptionBudget, pod: &str) -> Result<(), ApiError> {
    let mut status = budget.status.clone().unwrap_or_default();
    if status.observed_generation < budget.metadata.generation.unwrap_or(0) {
        return Err(ApiError::TooManyRequests(format!(
            "{BUDGET_REFUSAL} The disruption budget {} is still being processed by the server.",
            budget.metadata.name
        )));
    }
    if status.disruptions_allowed <= 0 {
        return Err(ApiError::TooManyRequests(BUDGET_REFUSAL.into()));
    }
    status.disruptions_allowed -= 1;
    status.disrupted_pods.insert(pod.to_string(), crate::api::meta::Timestamp(sim.cluster.now()));
    budget.status = Some(status);
    sim.cluster.update(budget)?;
    Ok(())
}
