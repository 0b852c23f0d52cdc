//! The EndpointSlice kind (discovery.k8s.io/v1): the endpoints of a Service, from which
//! the cluster DNS answers.

use super::meta::ObjectReference;
use crate::wire::wire_struct;

/// The label that ties a slice to its Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

api_object! {
    /// A slice of a Service's endpoints.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct EndpointSlice as "v1.EndpointSlice" for EndpointSlice {
        /// Always `IPv4` here.
        pub address_type: String = "addressType" always,
        /// One entry per pod with an IP.
        pub endpoints: Vec<Endpoint> = "endpoints" always,
        /// The Service's ports.
        pub ports: Vec<EndpointPort> = "ports" always,
    }
}

wire_struct! {
    /// One endpoint: a pod's address and readiness.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Endpoint as "v1.Endpoint" {
        /// The pod IP.
        pub addresses: Vec<String> = "addresses" always,
        /// Ready, serving, terminating.
        pub conditions: EndpointConditions = "conditions" always,
        /// The pod's hostname, when it lives under this Service's domain.
        pub hostname: Option<String> = "hostname" omitempty,
        /// The node it runs on.
        pub node_name: Option<String> = "nodeName" omitempty,
        /// The pod.
        pub target_ref: Option<ObjectReference> = "targetRef" omitempty,
    }
}

wire_struct! {
    /// Conditions of an endpoint.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct EndpointConditions as "v1.EndpointConditions" {
        /// Whether it should receive traffic (and get DNS records).
        pub ready: bool = "ready" always,
        /// Whether it is serving (ready, ignoring termination).
        pub serving: bool = "serving" always,
        /// Whether its pod is terminating.
        pub terminating: bool = "terminating" always,
    }
}

wire_struct! {
    /// A port of an EndpointSlice.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct EndpointPort as "v1.EndpointPort" {
        /// The port name (from the Service).
        pub name: Option<String> = "name" omitempty,
        /// The port number.
        pub port: i32 = "port" always,
        /// The protocol.
        pub protocol: String = "protocol" always,
    }
}
