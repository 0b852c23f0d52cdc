//! The Node kind: a machine pods run on, with its zone, pod CIDR and Ready condition.

use super::meta::{ObjectMeta, StringMap};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The label that carries a node's zone.
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";

/// A node.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// Always `v1`.
    #[serde(default)]
    pub api_version: String,
    /// Always `Node`.
    #[serde(default)]
    pub kind: String,
    /// Name and labels (zone, hostname).
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// Pod CIDR and schedulability.
    #[serde(default)]
    pub spec: NodeSpec,
    /// Capacity and conditions.
    #[serde(default)]
    pub status: NodeStatus,
}

/// `spec` of a node.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSpec {
    /// The range pod IPs on this node come from, e.g. `10.244.1.0/24`.
    #[serde(default, rename = "podCIDR", skip_serializing_if = "Option::is_none")]
    pub pod_cidr: Option<String>,
    /// Set by `kubectl cordon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unschedulable: Option<bool>,
    /// Taints: pods that do not tolerate them are kept off the node.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<super::scheduling::Taint>,
}

/// `status` of a node.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    /// Total resources.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: StringMap,
    /// Resources available to pods.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allocatable: StringMap,
    /// `Ready` and the pressure conditions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<NodeCondition>,
    /// The node's addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<NodeAddress>,
}

/// One node condition.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeCondition {
    /// e.g. `Ready`.
    #[serde(rename = "type")]
    pub type_: String,
    /// `True`, `False` or `Unknown`.
    pub status: String,
}

/// One address of a node.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeAddress {
    /// `InternalIP` or `Hostname`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The address.
    pub address: String,
}

impl Node {
    /// Whether the `Ready` condition is `True`.
    pub fn is_ready(&self) -> bool {
        self.status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True")
    }

    /// Whether the node is cordoned.
    pub fn is_unschedulable(&self) -> bool {
        self.spec.unschedulable == Some(true)
    }

    /// The node's zone label.
    pub fn zone(&self) -> Option<&str> {
        self.metadata.labels.get(ZONE_LABEL).map(String::as_str)
    }

    /// The node's InternalIP.
    pub fn internal_ip(&self) -> Option<&str> {
        self.status.addresses.iter().find(|a| a.type_ == "InternalIP").map(|a| a.address.as_str())
    }
}
