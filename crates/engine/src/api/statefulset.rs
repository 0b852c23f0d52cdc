//! The StatefulSet kind (apps/v1): spec, the policies it defaults, and status.

use super::meta::LabelSelector;
use super::pod::PodTemplateSpec;
use super::pvc::PersistentVolumeClaim;
use crate::wire::{wire_struct, DecodeError, Wire};
use serde_json::Value;

api_object! {
    /// A StatefulSet: pods with sticky identities and their own storage.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct StatefulSet as "v1.StatefulSet" for StatefulSet {
        /// The desired state.
        pub spec: StatefulSetSpec = "spec" always,
        /// What the controller last observed; never read from a manifest.
        pub status: Option<StatefulSetStatus> = "status" server_owned,
    }
}

wire_struct! {
    /// `spec` of a StatefulSet.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct StatefulSetSpec as "v1.StatefulSetSpec" {
        /// Desired number of pods (defaulted to 1).
        pub replicas: Option<i32> = "replicas" omitempty,
        /// Selects the pods the set owns; must match the template's labels.
        pub selector: Option<LabelSelector> = "selector" omitempty,
        /// The pod template every pod is made from.
        pub template: PodTemplateSpec = "template" always,
        /// Claims made per pod: `<template>-<set>-<ordinal>`.
        pub volume_claim_templates: Vec<PersistentVolumeClaim> = "volumeClaimTemplates" omitempty,
        /// The headless Service that gives the pods their DNS names.
        pub service_name: Option<String> = "serviceName" omitempty,
        /// `OrderedReady` (default) or `Parallel`.
        pub pod_management_policy: Option<String> = "podManagementPolicy" omitempty,
        /// How template changes roll out.
        pub update_strategy: Option<StatefulSetUpdateStrategy> = "updateStrategy" omitempty,
        /// How many old ControllerRevisions to keep (defaulted to 10).
        pub revision_history_limit: Option<i32> = "revisionHistoryLimit" omitempty,
        /// Seconds a pod must be Ready before it counts as Available.
        pub min_ready_seconds: Option<i32> = "minReadySeconds" omitempty,
        /// What happens to claims on scale-down and set deletion.
        pub persistent_volume_claim_retention_policy: Option<RetentionPolicy> = "persistentVolumeClaimRetentionPolicy" omitempty,
        /// The first ordinal.
        pub ordinals: Option<Ordinals> = "ordinals" omitempty,
    }
}

wire_struct! {
    /// `spec.updateStrategy`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct StatefulSetUpdateStrategy as "v1.StatefulSetUpdateStrategy" {
        /// `RollingUpdate` or `OnDelete`.
        pub type_: Option<String> = "type" omitempty,
        /// Parameters of a rolling update.
        pub rolling_update: Option<RollingUpdate> = "rollingUpdate" omitempty,
    }
}

wire_struct! {
    /// `spec.updateStrategy.rollingUpdate`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct RollingUpdate as "v1.RollingUpdateStatefulSetStrategy" {
        /// Pods with ordinal below `start + partition` keep the current revision.
        pub partition: Option<i32> = "partition" omitempty,
        /// How many pods may be unavailable during the update: a count or a percentage.
        pub max_unavailable: Option<IntOrString> = "maxUnavailable" omitempty,
    }
}

/// A count or a percentage (`2` or `"25%"`), as Kubernetes' `intstr.IntOrString`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntOrString {
    /// A count.
    Int(i32),
    /// A percentage such as `"25%"` (or a number written as a string).
    String(String),
}

impl IntOrString {
    /// The value scaled against `total` and rounded down, as
    /// `GetScaledValueFromIntOrPercent(…, roundUp=false)`; `None` for a malformed string.
    pub fn scaled_down(&self, total: i32) -> Option<i32> {
        self.scaled(total, false)
    }

    /// The value scaled against `total` and rounded up (`roundUp=true`), as a
    /// Deployment's `maxSurge` is.
    pub fn scaled_up(&self, total: i32) -> Option<i32> {
        self.scaled(total, true)
    }

    /// The value as kubectl prints it: `1` or `25%` (`intstr.IntOrString.String`).
    pub fn text(&self) -> String {
        match self {
            IntOrString::Int(n) => n.to_string(),
            IntOrString::String(s) => s.clone(),
        }
    }

    fn scaled(&self, total: i32, round_up: bool) -> Option<i32> {
        match self {
            IntOrString::Int(n) => Some(*n),
            IntOrString::String(s) => {
                let percent: i64 = s.strip_suffix('%')?.parse().ok()?;
                let product = percent * i64::from(total);
                let value = if round_up { (product + 99).div_euclid(100) } else { product.div_euclid(100) };
                i32::try_from(value).ok()
            }
        }
    }
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

/// As `intstr.IntOrString.UnmarshalJSON`: a JSON string is the string form, anything else
/// must be an int32.
impl Wire for IntOrString {
    fn go_type() -> String {
        "intstr.IntOrString".into()
    }
    fn encode(&self) -> Value {
        match self {
            IntOrString::Int(n) => n.encode(),
            IntOrString::String(s) => s.encode(),
        }
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value {
            Value::String(s) => Ok(IntOrString::String(s.clone())),
            v => i32::decode(v).map(IntOrString::Int),
        }
    }
}

wire_struct! {
    /// `spec.persistentVolumeClaimRetentionPolicy`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct RetentionPolicy as "v1.StatefulSetPersistentVolumeClaimRetentionPolicy" {
        /// `Retain` or `Delete`: claims when the set is deleted.
        pub when_deleted: Option<String> = "whenDeleted" omitempty,
        /// `Retain` or `Delete`: claims of pods removed by scale-down.
        pub when_scaled: Option<String> = "whenScaled" omitempty,
    }
}

/// What a set's retention policy asks for, read with its defaults (Retain, Retain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClaimRetention {
    /// `whenScaled: Delete`: claims of scaled-down pods are deleted.
    pub when_scaled_delete: bool,
    /// `whenDeleted: Delete`: claims are deleted with the set.
    pub when_deleted_delete: bool,
}

wire_struct! {
    /// `spec.ordinals`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Ordinals as "v1.StatefulSetOrdinals" {
        /// The first ordinal (default 0).
        pub start: i32 = "start" always,
    }
}

wire_struct! {
    /// `status` of a StatefulSet, as section 3.5 of the behaviour document defines it.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct StatefulSetStatus as "v1.StatefulSetStatus" {
        /// The generation this status was computed for.
        pub observed_generation: Option<i64> = "observedGeneration" omitempty,
        /// Created pods, including terminating and condemned ones.
        pub replicas: i32 = "replicas" always,
        /// Running and Ready pods.
        pub ready_replicas: i32 = "readyReplicas" always,
        /// Ready pods that have been ready for `minReadySeconds`.
        pub available_replicas: i32 = "availableReplicas" always,
        /// Pods on the current revision.
        pub current_replicas: i32 = "currentReplicas" always,
        /// Pods on the update revision.
        pub updated_replicas: i32 = "updatedReplicas" always,
        /// Revision of pods below the update frontier.
        pub current_revision: Option<String> = "currentRevision" omitempty,
        /// Revision of the current template.
        pub update_revision: Option<String> = "updateRevision" omitempty,
        /// Hash collisions met while naming revisions.
        pub collision_count: Option<i32> = "collisionCount" omitempty,
    }
}

/// How the controller creates and deletes pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodManagementPolicy {
    /// One pod at a time, each waiting for its predecessor to be Running and Ready.
    OrderedReady,
    /// All at once, regardless of health.
    Parallel,
}

impl StatefulSet {
    /// The retention policy, `Retain` for anything unset.
    pub fn retention(&self) -> ClaimRetention {
        let policy = self.spec.persistent_volume_claim_retention_policy.as_ref();
        let delete = |v: Option<&String>| v.is_some_and(|v| v == "Delete");
        ClaimRetention {
            when_scaled_delete: delete(policy.and_then(|p| p.when_scaled.as_ref())),
            when_deleted_delete: delete(policy.and_then(|p| p.when_deleted.as_ref())),
        }
    }

    /// `spec.replicas` after defaulting.
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }

    /// `spec.ordinals.start`, 0 when unset.
    pub fn start_ordinal(&self) -> i32 {
        self.spec.ordinals.as_ref().map_or(0, |o| o.start)
    }

    /// The pod management policy after defaulting.
    pub fn pod_management_policy(&self) -> PodManagementPolicy {
        match self.spec.pod_management_policy.as_deref() {
            Some("Parallel") => PodManagementPolicy::Parallel,
            _ => PodManagementPolicy::OrderedReady,
        }
    }

    /// `rollingUpdate.partition`, 0 when unset.
    pub fn partition(&self) -> i32 {
        self.spec
            .update_strategy
            .as_ref()
            .and_then(|u| u.rolling_update.as_ref())
            .and_then(|r| r.partition)
            .unwrap_or(0)
    }

    /// Whether template changes roll out by themselves (RollingUpdate) or wait for pods
    /// to be deleted (OnDelete).
    pub fn rolls_out(&self) -> bool {
        self.spec.update_strategy.as_ref().and_then(|u| u.type_.as_deref()) != Some("OnDelete")
    }

    /// The pods that may be unavailable during a rolling update
    /// (`getStatefulSetMaxUnavailable`): the count or percentage of `spec.replicas`
    /// rounded down, 1 when unset, never below 1.
    pub fn max_unavailable(&self) -> i32 {
        let value = self
            .spec
            .update_strategy
            .as_ref()
            .and_then(|u| u.rolling_update.as_ref())
            .and_then(|r| r.max_unavailable.as_ref())
            .and_then(|m| m.scaled_down(self.replicas()))
            .unwrap_or(1);
        value.max(1)
    }

    /// `spec.minReadySeconds`, 0 when unset.
    pub fn min_ready_seconds(&self) -> i32 {
        self.spec.min_ready_seconds.unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_max(max: Option<IntOrString>, replicas: i32) -> StatefulSet {
        let mut s = StatefulSet::default();
        s.spec.replicas = Some(replicas);
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: Some(RollingUpdate { partition: None, max_unavailable: max }),
        });
        s
    }

    /// S28 — maxUnavailable percentages round down, with a floor of 1.
    #[test]
    fn s28_max_unavailable_rounding() {
        let pct = |p: &str| Some(IntOrString::String(p.into()));
        assert_eq!(with_max(None, 10).max_unavailable(), 1);
        assert_eq!(with_max(Some(IntOrString::Int(3)), 10).max_unavailable(), 3);
        assert_eq!(with_max(pct("10%"), 25).max_unavailable(), 2);
        assert_eq!(with_max(pct("100%"), 5).max_unavailable(), 5);
        assert_eq!(with_max(pct("50%"), 5).max_unavailable(), 2);
        assert_eq!(with_max(pct("10%"), 5).max_unavailable(), 1);
        assert_eq!(with_max(pct("1%"), 0).max_unavailable(), 1);
    }
}
