//! The ConfigMap kind: named pieces of configuration a pod can mount as files or read as
//! environment variables. The simulation stores them; mounting them belongs to the
//! kubelet.

use super::meta::StringMap;

api_object! {
    /// A ConfigMap.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ConfigMap as "v1.ConfigMap" for ConfigMap {
        /// Text values by key (each key becomes a file when mounted).
        pub data: StringMap = "data" omitempty,
        /// Binary values by key, base64-encoded.
        pub binary_data: StringMap = "binaryData" omitempty,
        /// Once true, `data` and `binaryData` can no longer change.
        pub immutable: Option<bool> = "immutable" omitempty,
    }
}

impl ConfigMap {
    /// How many keys it holds (kubectl's DATA column).
    pub fn key_count(&self) -> usize {
        self.data.len() + self.binary_data.len()
    }
}
