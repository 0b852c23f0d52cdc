//! The PodDisruptionBudget kind (policy/v1): how many of the pods a selector picks may be
//! disrupted by voluntary evictions (`kubectl drain`) at once. The disruption controller
//! writes its status; the Eviction API reads it.

use super::meta::{LabelSelector, Timestamp};
use super::statefulset::IntOrString;
use crate::flat_map::FlatMap;
use crate::wire::wire_struct;

api_object! {
    /// A PodDisruptionBudget.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PodDisruptionBudget as "v1.PodDisruptionBudget" for PodDisruptionBudget {
        /// What the budget asks for.
        pub spec: PodDisruptionBudgetSpec = "spec" always,
        /// What the disruption controller last counted; never read from a manifest.
        pub status: Option<PodDisruptionBudgetStatus> = "status" server_owned,
    }
}

wire_struct! {
    /// `spec` of a PodDisruptionBudget: at most one of `minAvailable` and
    /// `maxUnavailable`, each a count or a percentage.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PodDisruptionBudgetSpec as "v1.PodDisruptionBudgetSpec" {
        /// Pods that must stay available after an eviction.
        pub min_available: Option<IntOrString> = "minAvailable" omitempty,
        /// The pods the budget covers (an empty selector covers none).
        pub selector: Option<LabelSelector> = "selector" omitempty,
        /// Pods that may be unavailable after an eviction.
        pub max_unavailable: Option<IntOrString> = "maxUnavailable" omitempty,
        /// `IfHealthyBudget` (the default) or `AlwaysAllow`: when a pod that is not ready
        /// may be evicted.
        pub unhealthy_pod_eviction_policy: Option<String> = "unhealthyPodEvictionPolicy" omitempty,
    }
}

wire_struct! {
    /// `status` of a PodDisruptionBudget, as the disruption controller writes it (the
    /// Eviction API lowers `disruptionsAllowed` and notes the pod it evicted).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PodDisruptionBudgetStatus as "v1.PodDisruptionBudgetStatus" {
        /// The spec generation this status was computed for.
        pub observed_generation: i64 = "observedGeneration" omitempty,
        /// Pods evicted whose deletion the controller has not seen yet, by name.
        pub disrupted_pods: FlatMap<String, Timestamp> = "disruptedPods" omitempty,
        /// How many more pods may be evicted now.
        pub disruptions_allowed: i32 = "disruptionsAllowed" always,
        /// Covered pods that are ready and not being deleted.
        pub current_healthy: i32 = "currentHealthy" always,
        /// The fewest healthy pods the budget allows.
        pub desired_healthy: i32 = "desiredHealthy" always,
        /// The pods the budget expects: the covered pods' controllers' replicas (or the
        /// covered pods, for an integer `minAvailable`).
        pub expected_pods: i32 = "expectedPods" always,
        /// `DisruptionAllowed`.
        pub conditions: Vec<BudgetCondition> = "conditions" omitempty,
    }
}

wire_struct! {
    /// One condition of a budget (`metav1.Condition`).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct BudgetCondition as "v1.Condition" {
        /// `DisruptionAllowed`.
        pub type_: String = "type" always,
        /// `True` or `False`.
        pub status: String = "status" always,
        /// The generation it was set for.
        pub observed_generation: i64 = "observedGeneration" omitempty,
        /// When `status` last changed.
        pub last_transition_time: Option<Timestamp> = "lastTransitionTime" always,
        /// `SufficientPods`, `InsufficientPods` or `SyncFailed`.
        pub reason: String = "reason" always,
        /// Human-readable detail.
        pub message: String = "message" always,
    }
}

impl PodDisruptionBudget {
    /// The selector, if it selects anything: in policy/v1 a missing or empty selector
    /// covers no pod for eviction.
    pub fn covering_selector(&self) -> Option<&LabelSelector> {
        self.spec.selector.as_ref().filter(|s| !s.is_empty())
    }

    /// Whether the budget covers a pod in `namespace` with `labels`.
    pub fn covers(&self, namespace: &str, labels: &super::meta::StringMap) -> bool {
        self.metadata.namespace == namespace && self.covering_selector().is_some_and(|s| s.matches(labels))
    }

    /// How many more pods may be evicted now (0 before the controller has counted).
    pub fn disruptions_allowed(&self) -> i32 {
        self.status.as_ref().map_or(0, |s| s.disruptions_allowed)
    }
}
