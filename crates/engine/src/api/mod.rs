//! The API objects the simulation keeps, in the shape the Kubernetes API serves them,
//! hand-written for the fields the simulation models. Each struct names its JSON key per
//! field and travels through the wire codec (`crate::wire`).

/// Declares a top-level kind: a [`wire_struct!`](crate::wire::wire_struct) with the
/// `apiVersion`, `kind` and `metadata` every object carries in front of its own fields,
/// and its [`Resource`] impl for `Kind::$kind`.
macro_rules! api_object {
    (
        $(#[$attr:meta])*
        pub struct $name:ident as $go:literal for $kind:ident {
            $($fields:tt)*
        }
    ) => {
        $crate::wire::wire_struct! {
            $(#[$attr])*
            pub struct $name as $go {
                /// The API group and version, e.g. `apps/v1`; set when the object is stored.
                pub api_version: String = "apiVersion" omitempty,
                /// The kind, e.g. `StatefulSet`; set when the object is stored.
                pub kind: String = "kind" omitempty,
                /// Name, namespace, labels, owners, and what the API server stamps.
                pub metadata: $crate::api::ObjectMeta = "metadata" always,
                $($fields)*
            }
        }
        resource!($name, $crate::api::Kind::$kind);
    };
}

/// The [`Resource`] impl of a kind whose struct has `api_version`, `kind` and `metadata`.
macro_rules! resource {
    ($t:ty, $kind:expr) => {
        impl $crate::api::Resource for $t {
            const KIND: $crate::api::Kind = $kind;
            fn meta(&self) -> &$crate::api::ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut $crate::api::ObjectMeta {
                &mut self.metadata
            }
            fn stamp_type(&mut self) {
                self.api_version = $kind.api_version().to_string();
                self.kind = $kind.name().to_string();
            }
        }
    };
}

pub mod configmap;
pub mod controllerrevision;
pub mod deployment;
pub mod endpointslice;
pub mod event;
pub mod meta;
pub mod node;
pub mod pdb;
pub mod pod;
pub mod pv;
pub mod pvc;
pub mod quantity;
pub mod replicaset;
pub mod scheduling;
pub mod secret;
pub mod service;
pub mod statefulset;
pub mod storageclass;

pub use configmap::ConfigMap;
pub use controllerrevision::ControllerRevision;
pub use deployment::Deployment;
pub use endpointslice::EndpointSlice;
pub use event::Event;
pub use meta::{ObjectMeta, OwnerReference};
pub use node::Node;
pub use pdb::PodDisruptionBudget;
pub use pod::{Pod, PodPhase};
pub use pv::PersistentVolume;
pub use pvc::PersistentVolumeClaim;
pub use replicaset::ReplicaSet;
pub use secret::Secret;
pub use service::Service;
pub use statefulset::StatefulSet;
pub use storageclass::StorageClass;

use std::fmt;

/// The kinds of object the simulation stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// core/v1 Node.
    Node,
    /// storage.k8s.io/v1 StorageClass.
    StorageClass,
    /// core/v1 Service.
    Service,
    /// apps/v1 StatefulSet.
    StatefulSet,
    /// apps/v1 ControllerRevision.
    ControllerRevision,
    /// apps/v1 Deployment.
    Deployment,
    /// apps/v1 ReplicaSet.
    ReplicaSet,
    /// core/v1 PersistentVolumeClaim.
    PersistentVolumeClaim,
    /// core/v1 PersistentVolume.
    PersistentVolume,
    /// core/v1 ConfigMap.
    ConfigMap,
    /// core/v1 Secret.
    Secret,
    /// core/v1 Pod.
    Pod,
    /// discovery.k8s.io/v1 EndpointSlice.
    EndpointSlice,
    /// core/v1 Event.
    Event,
    /// policy/v1 PodDisruptionBudget.
    PodDisruptionBudget,
}

impl Kind {
    /// The `kind` field's value.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Node => "Node",
            Kind::StorageClass => "StorageClass",
            Kind::Service => "Service",
            Kind::StatefulSet => "StatefulSet",
            Kind::ControllerRevision => "ControllerRevision",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::PersistentVolume => "PersistentVolume",
            Kind::ConfigMap => "ConfigMap",
            Kind::Secret => "Secret",
            Kind::Pod => "Pod",
            Kind::EndpointSlice => "EndpointSlice",
            Kind::Event => "Event",
            Kind::PodDisruptionBudget => "PodDisruptionBudget",
        }
    }

    /// The `apiVersion` field's value.
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::StorageClass => "storage.k8s.io/v1",
            Kind::StatefulSet | Kind::ControllerRevision | Kind::Deployment | Kind::ReplicaSet => "apps/v1",
            Kind::EndpointSlice => "discovery.k8s.io/v1",
            Kind::PodDisruptionBudget => "policy/v1",
            _ => "v1",
        }
    }

    /// The resource name kubectl prints in server errors, e.g. `statefulsets.apps`.
    pub fn resource(self) -> &'static str {
        match self {
            Kind::Node => "nodes",
            Kind::StorageClass => "storageclasses.storage.k8s.io",
            Kind::Service => "services",
            Kind::StatefulSet => "statefulsets.apps",
            Kind::ControllerRevision => "controllerrevisions.apps",
            Kind::Deployment => "deployments.apps",
            Kind::ReplicaSet => "replicasets.apps",
            Kind::PersistentVolumeClaim => "persistentvolumeclaims",
            Kind::PersistentVolume => "persistentvolumes",
            Kind::ConfigMap => "configmaps",
            Kind::Secret => "secrets",
            Kind::Pod => "pods",
            Kind::EndpointSlice => "endpointslices.discovery.k8s.io",
            Kind::Event => "events",
            Kind::PodDisruptionBudget => "poddisruptionbudgets.policy",
        }
    }

    /// The singular resource kubectl prints before a name, e.g. `statefulset.apps/web`.
    pub fn kubectl_name(self) -> &'static str {
        match self {
            Kind::Node => "node",
            Kind::StorageClass => "storageclass.storage.k8s.io",
            Kind::Service => "service",
            Kind::StatefulSet => "statefulset.apps",
            Kind::ControllerRevision => "controllerrevision.apps",
            Kind::Deployment => "deployment.apps",
            Kind::ReplicaSet => "replicaset.apps",
            Kind::PersistentVolumeClaim => "persistentvolumeclaim",
            Kind::PersistentVolume => "persistentvolume",
            Kind::ConfigMap => "configmap",
            Kind::Secret => "secret",
            Kind::Pod => "pod",
            Kind::EndpointSlice => "endpointslice.discovery.k8s.io",
            Kind::Event => "event",
            Kind::PodDisruptionBudget => "poddisruptionbudget.policy",
        }
    }

    /// Whether objects of this kind live in a namespace.
    pub fn is_namespaced(self) -> bool {
        !matches!(self, Kind::Node | Kind::StorageClass | Kind::PersistentVolume)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The owner reference a controller puts on what it makes: `controller: true` and
/// `blockOwnerDeletion: true`, pointing at `owner`.
pub fn controller_ref_to<T: Resource>(owner: &T) -> OwnerReference {
    OwnerReference {
        api_version: T::KIND.api_version().into(),
        kind: T::KIND.name().into(),
        name: owner.meta().name.clone(),
        uid: owner.meta().uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// An object the simulation can store: it knows its kind and has metadata.
pub trait Resource: Clone + 'static {
    /// The object's kind.
    const KIND: Kind;
    /// Its metadata.
    fn meta(&self) -> &ObjectMeta;
    /// Its metadata, for the API server to stamp.
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    /// Sets `apiVersion` and `kind` to this kind's values.
    fn stamp_type(&mut self);
}
