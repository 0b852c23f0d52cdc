//! The Service kind: a stable name in front of a set of pods; headless when
//! `clusterIP: None`, which is what gives StatefulSet pods their own DNS names.

use super::meta::StringMap;
use crate::wire::wire_struct;

api_object! {
    /// A Service.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Service as "v1.Service" for Service {
        /// Selector, ports, cluster IP.
        pub spec: ServiceSpec = "spec" always,
    }
}

wire_struct! {
    /// `spec` of a Service.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ServiceSpec as "v1.ServiceSpec" {
        /// Pods with these labels are its endpoints.
        pub selector: StringMap = "selector" omitempty,
        /// Ports it serves; named ports get SRV records.
        pub ports: Vec<ServicePort> = "ports" omitempty,
        /// `None` for a headless Service.
        pub cluster_ip: Option<String> = "clusterIP" omitempty,
        /// `ClusterIP` (default), `NodePort`, `LoadBalancer` or `ExternalName`.
        pub type_: Option<String> = "type" omitempty,
        /// Publish endpoints whether or not their pods are ready.
        pub publish_not_ready_addresses: Option<bool> = "publishNotReadyAddresses" omitempty,
    }
}

wire_struct! {
    /// One port of a Service.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ServicePort as "v1.ServicePort" {
        /// Port name; a named port gets `_<name>._<proto>` SRV records.
        pub name: Option<String> = "name" omitempty,
        /// The port number.
        pub port: i32 = "port" always,
        /// `TCP` (default), `UDP` or `SCTP`.
        pub protocol: Option<String> = "protocol" omitempty,
    }
}

impl Service {
    /// Whether the Service is headless (`clusterIP: None`).
    pub fn is_headless(&self) -> bool {
        self.spec.cluster_ip.as_deref() == Some("None")
    }
}
