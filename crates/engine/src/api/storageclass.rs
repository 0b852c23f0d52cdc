//! The StorageClass kind (storage.k8s.io/v1): how volumes of a class are provisioned.

/// The annotation that marks the default StorageClass.
pub const DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";

api_object! {
    /// A class of storage.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct StorageClass as "v1.StorageClass" for StorageClass {
        /// The provisioner that makes its volumes.
        pub provisioner: String = "provisioner" always,
        /// `Delete` (default) or `Retain` for provisioned volumes.
        pub reclaim_policy: Option<String> = "reclaimPolicy" omitempty,
        /// `Immediate` (default) or `WaitForFirstConsumer`.
        pub volume_binding_mode: Option<String> = "volumeBindingMode" omitempty,
        /// Settings handed to the provisioner (kept, not interpreted).
        pub parameters: super::meta::StringMap = "parameters" omitempty,
        /// Whether claims of this class may grow.
        pub allow_volume_expansion: Option<bool> = "allowVolumeExpansion" omitempty,
    }
}

impl StorageClass {
    /// Whether volumes are provisioned only once a pod using the claim is scheduled.
    pub fn waits_for_first_consumer(&self) -> bool {
        self.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer")
    }

    /// Whether this is the cluster's default class.
    pub fn is_default(&self) -> bool {
        self.metadata.annotations.get(DEFAULT_CLASS_ANNOTATION).map(String::as_str) == Some("true")
    }
}
