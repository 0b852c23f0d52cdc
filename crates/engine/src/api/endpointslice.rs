//! The EndpointSlice kind (discovery.k8s.io/v1): the endpoints of a Service, from which
//! the cluster DNS answers.

use super::meta::{ObjectMeta, ObjectReference};
use serde::{Deserialize, Serialize};

/// The label that ties a slice to its Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

/// A slice of a Service's endpoints.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointSlice {
    /// Always `discovery.k8s.io/v1`.
    #[serde(default)]
    pub api_version: String,
    /// Always `EndpointSlice`.
    #[serde(default)]
    pub kind: String,
    /// Name (`<service>-<suffix>`) and the service-name label.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// Always `IPv4` here.
    #[serde(default)]
    pub address_type: String,
    /// One entry per pod with an IP.
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
    /// The Service's ports.
    #[serde(default)]
    pub ports: Vec<EndpointPort>,
}

/// One endpoint: a pod's address and readiness.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    /// The pod IP.
    pub addresses: Vec<String>,
    /// Ready, serving, terminating.
    pub conditions: EndpointConditions,
    /// The pod's hostname, when it lives under this Service's domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The node it runs on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    /// The pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
}

/// Conditions of an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointConditions {
    /// Whether it should receive traffic (and get DNS records).
    pub ready: bool,
    /// Whether it is serving (ready, ignoring termination).
    pub serving: bool,
    /// Whether its pod is terminating.
    pub terminating: bool,
}

/// A port of an EndpointSlice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointPort {
    /// The port name (from the Service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The port number.
    pub port: i32,
    /// The protocol.
    pub protocol: String,
}
