//! The ConfigMap kind: named pieces of configuration a pod can mount as files or read as
//! environment variables. The simulation stores them; mounting them belongs to the
//! kubelet.

use super::meta::{ObjectMeta, StringMap};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A ConfigMap.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigMap {
    /// Always `v1`.
    #[serde(default)]
    pub api_version: String,
    /// Always `ConfigMap`.
    #[serde(default)]
    pub kind: String,
    /// Name and labels.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// Text values by key (each key becomes a file when mounted).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: StringMap,
    /// Binary values by key, base64-encoded.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub binary_data: StringMap,
    /// Once true, `data` and `binaryData` can no longer change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

impl ConfigMap {
    /// How many keys it holds (kubectl's DATA column).
    pub fn key_count(&self) -> usize {
        self.data.len() + self.binary_data.len()
    }
}
