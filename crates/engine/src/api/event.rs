//! The Event kind (core/v1): what a component did to an object, and why.

use super::meta::{ObjectReference, Timestamp};
use crate::wire::wire_struct;

api_object! {
    /// A recorded event.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Event as "v1.Event" for Event {
        /// The object the event is about.
        pub involved_object: ObjectReference = "involvedObject" always,
        /// A short CamelCase reason, e.g. `SuccessfulCreate`.
        pub reason: String = "reason" always,
        /// The human-readable message.
        pub message: String = "message" always,
        /// `Normal` or `Warning`.
        pub type_: String = "type" always,
        /// When it first happened.
        pub first_timestamp: Timestamp = "firstTimestamp" always,
        /// When it last happened.
        pub last_timestamp: Timestamp = "lastTimestamp" always,
        /// How many times it happened.
        pub count: i32 = "count" always,
        /// The component that reported it.
        pub source: EventSource = "source" always,
    }
}

wire_struct! {
    /// The component that reported an event.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct EventSource as "v1.EventSource" {
        /// e.g. `statefulset-controller`, `kubelet`, `default-scheduler`.
        pub component: String = "component" always,
        /// The node, for kubelet events.
        pub host: Option<String> = "host" omitempty,
    }
}
