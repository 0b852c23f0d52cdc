//! The StatefulSet kind (apps/v1): spec, the policies it defaults, and status.

use super::meta::{LabelSelector, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::pvc::PersistentVolumeClaim;
use serde::{Deserialize, Serialize};

/// A StatefulSet: pods with sticky identities and their own storage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSet {
    /// Always `apps/v1`.
    #[serde(default)]
    pub api_version: String,
    /// Always `StatefulSet`.
    #[serde(default)]
    pub kind: String,
    /// Name, generation, labels.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The desired state.
    #[serde(default)]
    pub spec: StatefulSetSpec,
    /// What the controller last observed; never read from a manifest.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatefulSetStatus>,
}

/// `spec` of a StatefulSet.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetSpec {
    /// Desired number of pods (defaulted to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// Selects the pods the set owns; must match the template's labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    /// The pod template every pod is made from.
    #[serde(default)]
    pub template: PodTemplateSpec,
    /// Claims made per pod: `<template>-<set>-<ordinal>`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_claim_templates: Vec<PersistentVolumeClaim>,
    /// The headless Service that gives the pods their DNS names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// `OrderedReady` (default) or `Parallel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_management_policy: Option<String>,
    /// How template changes roll out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_strategy: Option<StatefulSetUpdateStrategy>,
    /// How many old ControllerRevisions to keep (defaulted to 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    /// Seconds a pod must be Ready before it counts as Available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    /// What happens to claims on scale-down and set deletion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim_retention_policy: Option<RetentionPolicy>,
    /// The first ordinal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordinals: Option<Ordinals>,
}

/// `spec.updateStrategy`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetUpdateStrategy {
    /// `RollingUpdate` or `OnDelete`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Parameters of a rolling update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdate>,
}

/// `spec.updateStrategy.rollingUpdate`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdate {
    /// Pods with ordinal below `start + partition` keep the current revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<i32>,
    /// How many pods may be unavailable during the update: a count or a percentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}

/// A count or a percentage (`2` or `"25%"`), as Kubernetes' `intstr.IntOrString`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
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
        match self {
            IntOrString::Int(n) => Some(*n),
            IntOrString::String(s) => {
                let percent: i64 = s.strip_suffix('%')?.parse().ok()?;
                i32::try_from(percent * i64::from(total) / 100).ok()
            }
        }
    }
}

/// `spec.persistentVolumeClaimRetentionPolicy`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPolicy {
    /// `Retain` or `Delete`: claims when the set is deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_deleted: Option<String>,
    /// `Retain` or `Delete`: claims of pods removed by scale-down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_scaled: Option<String>,
}

/// What a set's retention policy asks for, read with its defaults (Retain, Retain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClaimRetention {
    /// `whenScaled: Delete`: claims of scaled-down pods are deleted.
    pub when_scaled_delete: bool,
    /// `whenDeleted: Delete`: claims are deleted with the set.
    pub when_deleted_delete: bool,
}

/// `spec.ordinals`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ordinals {
    /// The first ordinal (default 0).
    #[serde(default)]
    pub start: i32,
}

/// `status` of a StatefulSet, as section 3.5 of the behaviour document defines it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetStatus {
    /// The generation this status was computed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Created pods, including terminating and condemned ones.
    pub replicas: i32,
    /// Running and Ready pods.
    #[serde(default)]
    pub ready_replicas: i32,
    /// Ready pods that have been ready for `minReadySeconds`.
    #[serde(default)]
    pub available_replicas: i32,
    /// Pods on the current revision.
    #[serde(default)]
    pub current_replicas: i32,
    /// Pods on the update revision.
    #[serde(default)]
    pub updated_replicas: i32,
    /// Revision of pods below the update frontier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_revision: Option<String>,
    /// Revision of the current template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_revision: Option<String>,
    /// Hash collisions met while naming revisions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i32>,
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
