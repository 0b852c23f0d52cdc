//! The PersistentVolume kind: a piece of storage, provisioned for a claim or by hand.

use super::meta::ObjectReference;
use crate::wire::wire_struct;

api_object! {
    /// A volume in the cluster.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PersistentVolume as "v1.PersistentVolume" for PersistentVolume {
        /// Capacity, class, reclaim policy and the claim it is bound to.
        pub spec: PersistentVolumeSpec = "spec" always,
        /// The volume's phase.
        pub status: Option<PersistentVolumeStatus> = "status" server_owned,
    }
}

wire_struct! {
    /// `spec` of a volume.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PersistentVolumeSpec as "v1.PersistentVolumeSpec" {
        /// Size, e.g. `storage: 1Gi`.
        pub capacity: super::quantity::ResourceList = "capacity" omitempty,
        /// Access modes it supports.
        pub access_modes: Vec<String> = "accessModes" omitempty,
        /// `Delete` or `Retain`: what happens when its claim is deleted.
        pub persistent_volume_reclaim_policy: Option<String> = "persistentVolumeReclaimPolicy" omitempty,
        /// The StorageClass it belongs to.
        pub storage_class_name: Option<String> = "storageClassName" omitempty,
        /// The claim bound to it.
        pub claim_ref: Option<ObjectReference> = "claimRef" omitempty,
        /// The nodes that can reach it (a node-local volume names its one node).
        pub node_affinity: Option<VolumeNodeAffinity> = "nodeAffinity" omitempty,
        /// `Filesystem` (default) or `Block`.
        pub volume_mode: Option<String> = "volumeMode" omitempty,
        /// A directory on the node (test clusters).
        pub host_path: Option<PathVolumeSource> = "hostPath" omitempty,
        /// A disk or directory of one node; needs `nodeAffinity`.
        pub local: Option<PathVolumeSource> = "local" omitempty,
        /// An NFS export.
        pub nfs: Option<NfsVolumeSource> = "nfs" omitempty,
        /// A volume of a CSI driver.
        pub csi: Option<CsiVolumeSource> = "csi" omitempty,
    }
}

wire_struct! {
    /// A `hostPath` or `local` source: a path on the node (`type` of a hostPath is not
    /// simulated).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PathVolumeSource as "v1.HostPathVolumeSource" {
        /// The path.
        pub path: String = "path" always,
    }
}

wire_struct! {
    /// An `nfs` source.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NfsVolumeSource as "v1.NFSVolumeSource" {
        /// The NFS server.
        pub server: String = "server" always,
        /// The exported path.
        pub path: String = "path" always,
    }
}

wire_struct! {
    /// A `csi` source.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct CsiVolumeSource as "v1.CSIPersistentVolumeSource" {
        /// The driver's name.
        pub driver: String = "driver" always,
        /// The driver's id of the volume.
        pub volume_handle: String = "volumeHandle" always,
    }
}

wire_struct! {
    /// Where a volume can be used from.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct VolumeNodeAffinity as "v1.VolumeNodeAffinity" {
        /// Nodes a pod using the volume must run on.
        pub required: Option<super::scheduling::NodeSelector> = "required" omitempty,
    }
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

wire_struct! {
    /// `status` of a volume.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PersistentVolumeStatus as "v1.PersistentVolumeStatus" {
        /// `Available`, `Bound`, `Released` or `Failed`.
        pub phase: Option<String> = "phase" omitempty,
    }
}

impl PersistentVolume {
    /// The names of the volume sources set (a valid volume has exactly one).
    pub fn sources(&self) -> Vec<&'static str> {
        let s = &self.spec;
        let set = [
            ("hostPath", s.host_path.is_some()),
            ("local", s.local.is_some()),
            ("nfs", s.nfs.is_some()),
            ("csi", s.csi.is_some()),
        ];
        set.into_iter().filter(|(_, on)| *on).map(|(name, _)| name).collect()
    }

    /// Its capacity in bytes (`spec.capacity.storage`), 0 when unreadable.
    pub fn capacity_bytes(&self) -> f64 {
        self.spec.capacity.get("storage").and_then(|q| super::quantity::value(q)).unwrap_or(0.0)
    }

    /// The phase, `Pending` when the provisioner has not reported one.
    pub fn phase(&self) -> &str {
        self.status.as_ref().and_then(|s| s.phase.as_deref()).unwrap_or("Pending")
    }
}
