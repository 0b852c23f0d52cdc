//! The ReplicaSet kind (apps/v1): keeps `replicas` interchangeable pods from one template
//! running; a Deployment makes one per template version.

use super::meta::LabelSelector;
use super::pod::PodTemplateSpec;
use crate::wire::wire_struct;

/// The annotation on a Deployment's ReplicaSet holding the Deployment's `replicas` when
/// the ReplicaSet was last scaled.
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
/// The annotation holding `replicas + maxSurge` of the Deployment at that moment.
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";

api_object! {
    /// A ReplicaSet.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ReplicaSet as "v1.ReplicaSet" for ReplicaSet {
        /// The desired state.
        pub spec: ReplicaSetSpec = "spec" always,
        /// What the controller last observed; never read from a manifest.
        pub status: Option<ReplicaSetStatus> = "status" server_owned,
    }
}

wire_struct! {
    /// `spec` of a ReplicaSet.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ReplicaSetSpec as "v1.ReplicaSetSpec" {
        /// Desired number of pods (defaulted to 1).
        pub replicas: Option<i32> = "replicas" omitempty,
        /// Seconds a new pod must be Ready before it counts as available.
        pub min_ready_seconds: Option<i32> = "minReadySeconds" omitempty,
        /// Selects the pods it owns; must match the template's labels.
        pub selector: Option<LabelSelector> = "selector" omitempty,
        /// The pod template.
        pub template: PodTemplateSpec = "template" always,
    }
}

wire_struct! {
    /// `status` of a ReplicaSet.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ReplicaSetStatus as "v1.ReplicaSetStatus" {
        /// Pods that exist (not terminating).
        pub replicas: i32 = "replicas" always,
        /// Pods whose labels match the template's.
        pub fully_labeled_replicas: i32 = "fullyLabeledReplicas" omitempty,
        /// Ready pods.
        pub ready_replicas: i32 = "readyReplicas" omitempty,
        /// Pods ready for at least `minReadySeconds`.
        pub available_replicas: i32 = "availableReplicas" omitempty,
        /// The generation this status was computed for.
        pub observed_generation: Option<i64> = "observedGeneration" omitempty,
    }
}

impl ReplicaSet {
    /// `spec.replicas` after defaulting.
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }

    /// `status.availableReplicas`, 0 before the first status.
    pub fn available(&self) -> i32 {
        self.status.as_ref().map_or(0, |s| s.available_replicas)
    }

    /// `status.replicas`, 0 before the first status.
    pub fn actual(&self) -> i32 {
        self.status.as_ref().map_or(0, |s| s.replicas)
    }

    /// `status.readyReplicas`, 0 before the first status.
    pub fn ready(&self) -> i32 {
        self.status.as_ref().map_or(0, |s| s.ready_replicas)
    }

    /// The revision annotation a Deployment gave it, 0 when none.
    pub fn revision(&self) -> i64 {
        self.metadata.annotations.get(super::deployment::REVISION_ANNOTATION).and_then(|v| v.parse().ok()).unwrap_or(0)
    }
}
