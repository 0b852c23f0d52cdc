//! The PersistentVolumeClaim kind: a pod's request for storage, bound to one volume.

use super::meta::StringMap;
use crate::wire::wire_struct;

api_object! {
    /// A claim on storage. StatefulSets make one per pod and claim template.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PersistentVolumeClaim as "v1.PersistentVolumeClaim" for PersistentVolumeClaim {
        /// What storage is asked for.
        pub spec: PersistentVolumeClaimSpec = "spec" always,
        /// Whether it is bound, and to what capacity; never read from a manifest.
        pub status: Option<PersistentVolumeClaimStatus> = "status" server_owned,
    }
}

wire_struct! {
    /// `spec` of a claim.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PersistentVolumeClaimSpec as "v1.PersistentVolumeClaimSpec" {
        /// `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany`, `ReadWriteOncePod`.
        pub access_modes: Vec<String> = "accessModes" omitempty,
        /// Requested size.
        pub resources: ResourceRequirements = "resources" always,
        /// The StorageClass; the default class when unset.
        pub storage_class_name: Option<String> = "storageClassName" omitempty,
        /// The PersistentVolume it is bound to.
        pub volume_name: Option<String> = "volumeName" omitempty,
        /// `Filesystem` (default) or `Block`.
        pub volume_mode: Option<String> = "volumeMode" omitempty,
    }
}

wire_struct! {
    /// Resource requests and limits, as quantities such as `1Gi`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ResourceRequirements as "v1.VolumeResourceRequirements" {
        /// Requested amounts.
        pub requests: super::quantity::ResourceList = "requests" omitempty,
    }
}

wire_struct! {
    /// `status` of a claim.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PersistentVolumeClaimStatus as "v1.PersistentVolumeClaimStatus" {
        /// `Pending`, `Bound` or `Lost`.
        pub phase: Option<String> = "phase" omitempty,
        /// Access modes of the bound volume.
        pub access_modes: Vec<String> = "accessModes" omitempty,
        /// Capacity of the bound volume.
        pub capacity: StringMap = "capacity" omitempty,
    }
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
