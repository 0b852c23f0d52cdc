//! The StorageClass kind (storage.k8s.io/v1): how volumes of a class are provisioned.

use super::meta::ObjectMeta;
use serde::{Deserialize, Serialize};

/// The annotation that marks the default StorageClass.
pub const DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";

/// A class of storage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageClass {
    /// Always `storage.k8s.io/v1`.
    #[serde(default)]
    pub api_version: String,
    /// Always `StorageClass`.
    #[serde(default)]
    pub kind: String,
    /// Name; the default-class annotation.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The provisioner that makes its volumes.
    #[serde(default)]
    pub provisioner: String,
    /// `Delete` (default) or `Retain` for provisioned volumes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reclaim_policy: Option<String>,
    /// `Immediate` (default) or `WaitForFirstConsumer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_binding_mode: Option<String>,
    /// Settings handed to the provisioner (kept, not interpreted).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub parameters: super::meta::StringMap,
    /// Whether claims of this class may grow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_volume_expansion: Option<bool>,
}

impl StorageClass {
    /// Whether volumes are provisioned only once a pod using the claim is scheduled.
    pub fn waits_for_first_consumer(&self) -> bool {
        self.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer")
    }

    /// Whether this is the cluster's default class.
    pub fn is_default(&self) -> bool {
        self.metadata.annotations.get(DEFAULT_CLASS_ANNOTATION).map(String::as_str) == Some("true")
    }
}
