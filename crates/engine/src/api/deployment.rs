//! The Deployment kind (apps/v1): stateless replicas through ReplicaSets, one per pod
//! template, rolled from old to new by the deployment controller.

use super::meta::LabelSelector;
use super::pod::PodTemplateSpec;
use super::statefulset::IntOrString;
use crate::wire::wire_struct;

/// The annotation holding a Deployment's (and each of its ReplicaSets') revision number.
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
/// The label a Deployment adds to its ReplicaSets' selectors, templates and pods: the
/// hash of the pod template, which tells the ReplicaSets' pods apart.
pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";

api_object! {
    /// A Deployment: interchangeable pods with random names, kept at `replicas` by a
    /// ReplicaSet per template version.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Deployment as "v1.Deployment" for Deployment {
        /// The desired state.
        pub spec: DeploymentSpec = "spec" always,
        /// What the controller last observed; never read from a manifest.
        pub status: Option<DeploymentStatus> = "status" server_owned,
    }
}

wire_struct! {
    /// `spec` of a Deployment.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct DeploymentSpec as "v1.DeploymentSpec" {
        /// Desired number of pods (defaulted to 1).
        pub replicas: Option<i32> = "replicas" omitempty,
        /// Selects the pods (through the ReplicaSets); must match the template's labels.
        pub selector: Option<LabelSelector> = "selector" omitempty,
        /// The pod template.
        pub template: PodTemplateSpec = "template" always,
        /// How a new template replaces the old pods.
        pub strategy: Option<DeploymentStrategy> = "strategy" omitempty,
        /// Seconds a new pod must be Ready before it counts as available.
        pub min_ready_seconds: Option<i32> = "minReadySeconds" omitempty,
        /// How many old ReplicaSets to keep for rollback (defaulted to 10).
        pub revision_history_limit: Option<i32> = "revisionHistoryLimit" omitempty,
        /// Whether the rollout is paused.
        pub paused: Option<bool> = "paused" omitempty,
        /// Seconds without progress before the rollout is reported failed (defaulted to 600).
        pub progress_deadline_seconds: Option<i32> = "progressDeadlineSeconds" omitempty,
    }
}

wire_struct! {
    /// `spec.strategy`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct DeploymentStrategy as "v1.DeploymentStrategy" {
        /// `RollingUpdate` (default) or `Recreate`.
        pub type_: Option<String> = "type" omitempty,
        /// Parameters of a rolling update.
        pub rolling_update: Option<RollingUpdateDeployment> = "rollingUpdate" omitempty,
    }
}

wire_struct! {
    /// `spec.strategy.rollingUpdate`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct RollingUpdateDeployment as "v1.RollingUpdateDeployment" {
        /// Pods that may be missing below `replicas` during the update (default 25%,
        /// rounded down).
        pub max_unavailable: Option<IntOrString> = "maxUnavailable" omitempty,
        /// Pods that may exist above `replicas` during the update (default 25%, rounded up).
        pub max_surge: Option<IntOrString> = "maxSurge" omitempty,
    }
}

wire_struct! {
    /// `status` of a Deployment.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct DeploymentStatus as "v1.DeploymentStatus" {
        /// The generation this status was computed for.
        pub observed_generation: Option<i64> = "observedGeneration" omitempty,
        /// Pods of every ReplicaSet.
        pub replicas: i32 = "replicas" omitempty,
        /// Pods of the newest ReplicaSet.
        pub updated_replicas: i32 = "updatedReplicas" omitempty,
        /// Ready pods.
        pub ready_replicas: i32 = "readyReplicas" omitempty,
        /// Pods ready for at least `minReadySeconds`.
        pub available_replicas: i32 = "availableReplicas" omitempty,
        /// Pods still needed for the full count to be available.
        pub unavailable_replicas: i32 = "unavailableReplicas" omitempty,
        /// `Available` and `Progressing`.
        pub conditions: Vec<DeploymentCondition> = "conditions" omitempty,
        /// Hash collisions met while naming ReplicaSets.
        pub collision_count: Option<i32> = "collisionCount" omitempty,
    }
}

wire_struct! {
    /// One Deployment condition.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct DeploymentCondition as "v1.DeploymentCondition" {
        /// `Available`, `Progressing` or `ReplicaFailure`.
        pub type_: String = "type" always,
        /// `True`, `False` or `Unknown`.
        pub status: String = "status" always,
        /// When the condition was last written with progress.
        pub last_update_time: Option<super::meta::Timestamp> = "lastUpdateTime" omitempty,
        /// When `status` last changed.
        pub last_transition_time: Option<super::meta::Timestamp> = "lastTransitionTime" omitempty,
        /// Machine-readable reason, e.g. `NewReplicaSetAvailable`.
        pub reason: Option<String> = "reason" omitempty,
        /// Human-readable detail.
        pub message: Option<String> = "message" omitempty,
    }
}

impl Deployment {
    /// `spec.replicas` after defaulting.
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }

    /// Whether the strategy is `Recreate` (all old pods go before any new one starts).
    pub fn is_recreate(&self) -> bool {
        self.spec.strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("Recreate")
    }

    /// `(maxSurge, maxUnavailable)` as pod counts for the current `replicas`
    /// (`ResolveFenceposts`): surge rounded up, unavailable rounded down, and when both
    /// come to 0, one pod may be unavailable. `(0, 0)` for Recreate.
    pub fn fenceposts(&self) -> (i32, i32) {
        if self.is_recreate() {
            return (0, 0);
        }
        let replicas = self.replicas();
        let rolling = self.spec.strategy.as_ref().and_then(|s| s.rolling_update.as_ref());
        let quarter = IntOrString::String("25%".into());
        let surge = rolling.and_then(|r| r.max_surge.as_ref()).unwrap_or(&quarter).scaled_up(replicas).unwrap_or(0);
        let unavailable =
            rolling.and_then(|r| r.max_unavailable.as_ref()).unwrap_or(&quarter).scaled_down(replicas).unwrap_or(0);
        match (surge, unavailable) {
            (0, 0) => (0, 1),
            pair => pair,
        }
    }

    /// `MaxUnavailable`: the fencepost, never above `replicas`; 0 for Recreate or no replicas.
    pub fn max_unavailable(&self) -> i32 {
        if self.is_recreate() || self.replicas() == 0 {
            return 0;
        }
        self.fenceposts().1.min(self.replicas())
    }

    /// `MaxSurge`: 0 for Recreate.
    pub fn max_surge(&self) -> i32 {
        self.fenceposts().0
    }

    /// `spec.minReadySeconds`, 0 when unset.
    pub fn min_ready_seconds(&self) -> i32 {
        self.spec.min_ready_seconds.unwrap_or(0)
    }

    /// The condition of `type_`, if set.
    pub fn condition(&self, type_: &str) -> Option<&DeploymentCondition> {
        self.status.as_ref()?.conditions.iter().find(|c| c.type_ == type_)
    }
}
