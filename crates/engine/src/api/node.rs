//! The Node kind: a machine pods run on, with its zone, pod CIDR and Ready condition.

use super::meta::StringMap;
use crate::wire::wire_struct;

/// The label that carries a node's zone.
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";

api_object! {
    /// A node.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Node as "v1.Node" for Node {
        /// Pod CIDR and schedulability.
        pub spec: NodeSpec = "spec" always,
        /// Capacity and conditions.
        pub status: NodeStatus = "status" server_owned,
    }
}

wire_struct! {
    /// `spec` of a node.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NodeSpec as "v1.NodeSpec" {
        /// The range pod IPs on this node come from, e.g. `10.244.1.0/24`.
        pub pod_cidr: Option<String> = "podCIDR" omitempty,
        /// Set by `kubectl cordon`.
        pub unschedulable: Option<bool> = "unschedulable" omitempty,
        /// Taints: pods that do not tolerate them are kept off the node.
        pub taints: Vec<super::scheduling::Taint> = "taints" omitempty,
    }
}

wire_struct! {
    /// `status` of a node.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NodeStatus as "v1.NodeStatus" {
        /// Total resources.
        pub capacity: StringMap = "capacity" omitempty,
        /// Resources available to pods.
        pub allocatable: StringMap = "allocatable" omitempty,
        /// `Ready` and the pressure conditions.
        pub conditions: Vec<NodeCondition> = "conditions" omitempty,
        /// The node's addresses.
        pub addresses: Vec<NodeAddress> = "addresses" omitempty,
    }
}

wire_struct! {
    /// One node condition.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NodeCondition as "v1.NodeCondition" {
        /// e.g. `Ready`.
        pub type_: String = "type" always,
        /// `True`, `False` or `Unknown`.
        pub status: String = "status" always,
    }
}

wire_struct! {
    /// One address of a node.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NodeAddress as "v1.NodeAddress" {
        /// `InternalIP` or `Hostname`.
        pub type_: String = "type" always,
        /// The address.
        pub address: String = "address" always,
    }
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
