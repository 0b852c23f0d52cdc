//! The disruption controller (`pkg/controller/disruption`): for every PodDisruptionBudget,
//! counts the pods its selector covers and writes how many may be evicted now.
//!
//! - `expectedPods`: for `maxUnavailable`, or a percentage `minAvailable`, the replicas of
//!   the covered pods' controllers (a StatefulSet, a ReplicaSet, or the Deployment over a
//!   ReplicaSet); for an integer `minAvailable`, the covered pods themselves. Pods without
//!   a controller do not count, and the budget says so in a warning event.
//! - `desiredHealthy`: `minAvailable` (scaled, rounded up), or `expectedPods` less
//!   `maxUnavailable` (scaled, rounded up), never below 0.
//! - `currentHealthy`: covered pods that are Ready and not being deleted, and not just
//!   evicted (`disruptedPods`).
//! - `disruptionsAllowed`: `currentHealthy - desiredHealthy`, at least 0, and 0 when no pod
//!   is expected. The `DisruptionAllowed` condition says whether it is above 0.
//!
//! Not modelled: the two-minute expiry of a `disruptedPods` entry whose pod was never
//! deleted (the simulation deletes an evicted pod in the same step).

use crate::api::meta::Timestamp;
use crate::api::pdb::{BudgetCondition, PodDisruptionBudgetStatus};
use crate::api::{Deployment, Pod, PodDisruptionBudget, ReplicaSet, StatefulSet};
use crate::cluster::{Change, ChangeOp};
use crate::flat_map::{FlatMap, FlatSet};
use crate::simulation::Simulation;
use crate::store::ObjectKey;

/// The component name on the controller's events.
const COMPONENT: &str = "controllermanager";

/// Queues every budget that covers the pod that changed.
pub(crate) fn on_pod_change(sim: &mut Simulation, change: &Change) {
    let budgets = sim.cluster.list::<PodDisruptionBudget>();
    if budgets.is_empty() {
        return;
    }
    let covering: Vec<ObjectKey> = budgets
        .iter()
        .filter(|(_, b)| b.covers(&change.key.namespace, &change.meta.labels))
        .map(|(k, _)| k.clone())
        .collect();
    sim.queues.budgets.extend(covering);
}

/// Queues a budget that was created or changed, and every budget when a workload changed
/// (its replicas are what a budget expects).
pub(crate) fn on_change(sim: &mut Simulation, change: &Change) {
    match change.kind {
        crate::api::Kind::PodDisruptionBudget if change.op != ChangeOp::Deleted => {
            sim.queues.budgets.insert(change.key.clone());
        }
        crate::api::Kind::PodDisruptionBudget => {}
        _ => {
            let all: Vec<ObjectKey> =
                sim.cluster.list::<PodDisruptionBudget>().iter().map(|(k, _)| k.clone()).collect();
            sim.queues.budgets.extend(all);
        }
    }
}

/// Why the expected count could not be worked out (`getExpectedScale`).
struct NoController(String);

/// The replicas the covered pods' controllers ask for (each controller once; a
/// Deployment's, not its ReplicaSets'), and the pods without a controller.
fn expected_scale(sim: &Simulation, pods: &[&Pod]) -> Result<(i32, Vec<String>), NoController> {
    let mut seen = FlatSet::<String>::default();
    let (mut total, mut unmanaged) = (0i32, Vec::new());
    for pod in pods {
        let Some(owner) = pod.metadata.controller_ref() else {
            unmanaged.push(pod.metadata.name.clone());
            continue;
        };
        let key = ObjectKey::new(&pod.metadata.namespace, &owner.name);
        let found = match owner.kind.as_str() {
            "StatefulSet" => sim
                .cluster
                .get::<StatefulSet>(&key)
                .filter(|s| s.metadata.uid == owner.uid)
                .map(|s| (s.metadata.uid.clone(), s.replicas())),
            "ReplicaSet" => sim.cluster.get::<ReplicaSet>(&key).filter(|r| r.metadata.uid == owner.uid).map(|rs| {
                let deployment = rs.metadata.controller_ref().filter(|o| o.kind == "Deployment").and_then(|o| {
                    let key = ObjectKey::new(&pod.metadata.namespace, &o.name);
                    sim.cluster.get::<Deployment>(&key).filter(|d| d.metadata.uid == o.uid)
                });
                match deployment {
                    Some(d) => (d.metadata.uid.clone(), d.replicas()),
                    None => (rs.metadata.uid.clone(), rs.spec.replicas.unwrap_or(1)),
                }
            }),
            _ => None,
        };
        let Some((uid, scale)) = found else {
            return Err(NoController(format!("found no controllers for pod {:?}", pod.metadata.name)));
        };
        if seen.insert(uid) {
            total = total.saturating_add(scale);
        }
    }
    Ok((total, unmanaged))
}

/// Recounts one budget and writes its status if it changed.
pub(crate) fn sync(sim: &mut Simulation, key: &ObjectKey) {
    let Some(budget) = sim.cluster.get::<PodDisruptionBudget>(key).cloned() else {
        return;
    };
    let now = sim.cluster.now();
    let pods: Vec<&Pod> = match budget.covering_selector() {
        Some(selector) => sim
            .cluster
            .list::<Pod>()
            .values()
            .filter(|p| p.metadata.namespace == key.namespace && selector.matches(&p.metadata.labels))
            .collect(),
        None => Vec::new(),
    };
    let old = budget.status.clone().unwrap_or_default();
    // Evictions the controller has now seen: the pod is being deleted or gone.
    let disrupted: FlatMap<String, Timestamp> = old
        .disrupted_pods
        .iter()
        .filter(|(name, _)| pods.iter().any(|p| &p.metadata.name == *name && !p.metadata.is_terminating()))
        .map(|(n, t)| (n.clone(), *t))
        .collect();
    let current_healthy = pods
        .iter()
        .filter(|p| !p.metadata.is_terminating() && p.is_ready() && !disrupted.contains_key(&p.metadata.name))
        .count() as i32;
    let needs_scale = budget.spec.max_unavailable.is_some()
        || matches!(budget.spec.min_available, Some(crate::api::statefulset::IntOrString::String(_)));
    let mut events = Vec::new();
    if pods.is_empty() {
        events.push(("Normal", "NoPods", "No matching pods found".to_string()));
    }
    let counted = if needs_scale {
        expected_scale(sim, &pods).map(|(expected, unmanaged)| {
            if !unmanaged.is_empty() {
                let selector = budget.spec.selector.as_ref().map(crate::script::selector::render_selector);
                events.push(("Warning", "UnmanagedPods", format!(
                    "Pods selected by this PodDisruptionBudget (selector: {}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.",
                    selector.unwrap_or_default()
                )));
            }
            let desired = match (&budget.spec.max_unavailable, &budget.spec.min_available) {
                (Some(max), _) => expected - max.scaled_up(expected).unwrap_or(0),
                (None, Some(min)) => min.scaled_up(expected).unwrap_or(0),
                (None, None) => 0,
            };
            (expected, desired.max(0))
        })
    } else {
        // An integer `minAvailable` (a percentage needs the scale, above), or none.
        let desired = match &budget.spec.min_available {
            Some(crate::api::statefulset::IntOrString::Int(min)) => *min,
            _ => 0,
        };
        Ok((pods.len() as i32, desired))
    };
    let generation = budget.metadata.generation.unwrap_or(0);
    let mut status = PodDisruptionBudgetStatus {
        observed_generation: generation,
        disrupted_pods: disrupted,
        current_healthy,
        conditions: old.conditions.clone(),
        ..Default::default()
    };
    let (allowed, reason, message) = match counted {
        Ok((expected, desired)) => {
            status.expected_pods = expected;
            status.desired_healthy = desired;
            let allowed = if expected <= 0 { 0 } else { (current_healthy - desired).max(0) };
            let reason = if allowed > 0 { "SufficientPods" } else { "InsufficientPods" };
            (allowed, reason, String::new())
        }
        Err(NoController(why)) => {
            events.push((
                "Warning",
                "CalculateExpectedPodCountFailed",
                format!("Failed to calculate the number of expected pods: {why}"),
            ));
            (0, "SyncFailed", why)
        }
    };
    status.disruptions_allowed = allowed;
    set_condition(&mut status.conditions, allowed > 0, reason, message, generation, Timestamp(now));
    for (type_, reason, message) in events {
        sim.cluster.record_event(&budget, type_, reason, message, COMPONENT);
    }
    if budget.status.as_ref() != Some(&status) {
        let mut updated = budget;
        updated.status = Some(status);
        let _ = sim.cluster.update(updated);
    }
}

/// Writes the `DisruptionAllowed` condition, moving its transition time only on a change
/// of status.
fn set_condition(
    conditions: &mut Vec<BudgetCondition>,
    allowed: bool,
    reason: &str,
    message: String,
    generation: i64,
    now: Timestamp,
) {
    let status = if allowed { "True" } else { "False" };
    let since = conditions
        .iter()
        .find(|c| c.type_ == "DisruptionAllowed" && c.status == status)
        .and_then(|c| c.last_transition_time)
        .unwrap_or(now);
    conditions.retain(|c| c.type_ != "DisruptionAllowed");
    conditions.push(BudgetCondition {
        type_: "DisruptionAllowed".into(),
        status: status.into(),
        observed_generation: generation,
        last_transition_time: Some(since),
        reason: reason.into(),
        message,
    });
}
