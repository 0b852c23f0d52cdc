//! The PersistentVolumeClaim kind: a pod's request for storage, bound to one volume.

use super::meta::{ObjectMeta, StringMap};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A claim on storage. StatefulSets make one per pod and claim template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaim {
    /// Always `v1`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    /// Always `PersistentVolumeClaim`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Name, labels, owner references.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// What storage is asked for.
    #[serde(default)]
    pub spec: PersistentVolumeClaimSpec,
    /// Whether it is bound, and to what capacity; never read from a manifest.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub status: Option<PersistentVolumeClaimStatus>,
}

/// `spec` of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaimSpec {
    /// `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany`, `ReadWriteOncePod`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    /// Requested size.
    #[serde(default)]
    pub resources: ResourceRequirements,
    /// The StorageClass; the default class when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    /// The PersistentVolume it is bound to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    /// `Filesystem` (default) or `Block`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
}

/// Resource requests and limits, as quantities such as `1Gi`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRequirements {
    /// Requested amounts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: StringMap,
}

/// `status` of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaimStatus {
    /// `Pending`, `Bound` or `Lost`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Access modes of the bound volume.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    /// Capacity of the bound volume.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: StringMap,
}

impl PersistentVolumeClaim {
    /// The phase, `Pending` until bound.
    pub fn phase(&self) -> &str {
        self.status.as_ref().and_then(|s| s.phase.as_deref()).unwrap_or("Pending")
    }

    /// The requested storage, e.g. `1Gi`.
    pub fn requested_storage(&self) -> Option<&str> {
        self.spec.resources.requests.get("storage").map(String::as_str)
    }
}
