//! The Event kind (core/v1): what a component did to an object, and why.

use super::meta::{ObjectMeta, ObjectReference, Timestamp};
use serde::{Deserialize, Serialize};

/// A recorded event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Always `v1`.
    #[serde(default)]
    pub api_version: String,
    /// Always `Event`.
    #[serde(default)]
    pub kind: String,
    /// Name `<object>.<hex>`.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The object the event is about.
    pub involved_object: ObjectReference,
    /// A short CamelCase reason, e.g. `SuccessfulCreate`.
    pub reason: String,
    /// The human-readable message.
    pub message: String,
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub type_: String,
    /// When it first happened.
    pub first_timestamp: Timestamp,
    /// When it last happened.
    pub last_timestamp: Timestamp,
    /// How many times it happened.
    pub count: i32,
    /// The component that reported it.
    pub source: EventSource,
}

/// The component that reported an event.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventSource {
    /// e.g. `statefulset-controller`, `kubelet`, `default-scheduler`.
    pub component: String,
    /// The node, for kubelet events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}
