//! The PersistentVolume kind: a piece of storage, provisioned for a claim or by hand.

use super::meta::{ObjectMeta, ObjectReference, StringMap};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A volume in the cluster.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolume {
    /// Always `v1`.
    #[serde(default)]
    pub api_version: String,
    /// Always `PersistentVolume`.
    #[serde(default)]
    pub kind: String,
    /// Name (`pvc-<claim uid>` when provisioned dynamically).
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// Capacity, class, reclaim policy and the claim it is bound to.
    #[serde(default)]
    pub spec: PersistentVolumeSpec,
    /// The volume's phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PersistentVolumeStatus>,
}

/// `spec` of a volume.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeSpec {
    /// Size, e.g. `storage: 1Gi`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: StringMap,
    /// Access modes it supports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    /// `Delete` or `Retain`: what happens when its claim is deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_reclaim_policy: Option<String>,
    /// The StorageClass it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    /// The claim bound to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_ref: Option<ObjectReference>,
    /// The nodes that can reach it (a node-local volume names its one node).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_affinity: Option<VolumeNodeAffinity>,
}

/// Where a volume can be used from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeNodeAffinity {
    /// Nodes a pod using the volume must run on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<super::scheduling::NodeSelector>,
}

impl VolumeNodeAffinity {
    /// Pinned to the node labelled `kubernetes.io/hostname=node`, as a node-local
    /// provisioner writes it.
    pub fn on_node(node: &str) -> Self {
        use super::scheduling::{NodeSelector, NodeSelectorRequirement, NodeSelectorTerm};
        VolumeNodeAffinity {
            required: Some(NodeSelector {
                node_selector_terms: vec![NodeSelectorTerm {
                    match_expressions: vec![NodeSelectorRequirement {
                        key: "kubernetes.io/hostname".into(),
                        operator: "In".into(),
                        values: vec![node.to_string()],
                    }],
                    match_fields: Vec::new(),
                }],
            }),
        }
    }

    /// Whether `node` can use the volume (any term holds).
    pub fn admits(&self, node: &super::Node) -> bool {
        self.required.as_ref().is_none_or(|r| r.node_selector_terms.iter().any(|t| t.matches(node)))
    }
}

/// `status` of a volume.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeStatus {
    /// `Available`, `Bound`, `Released` or `Failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
}

impl PersistentVolume {
    /// The phase, `Pending` when the provisioner has not reported one.
    pub fn phase(&self) -> &str {
        self.status.as_ref().and_then(|s| s.phase.as_deref()).unwrap_or("Pending")
    }
}
