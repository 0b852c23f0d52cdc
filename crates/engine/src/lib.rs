//! # sts-engine
//!
//! A deterministic simulation of the Kubernetes StatefulSet machinery: the API server's
//! object bookkeeping and validation, the StatefulSet controller, the scheduler, the
//! kubelets, volume provisioning, EndpointSlices and the cluster DNS.
//!
//! A run is a pure function of a seed and a list of [`Action`]s: time and randomness are
//! inputs ([`time`], [`random`]), every collection iterated is ordered, and nothing here
//! touches the web, the clock or the operating system's entropy. The page, the headless
//! runner and the tests all drive the same [`Simulation`].
//!
//! Behaviour follows `shared/spec/statefulset-behavior.md`; where they disagree, this
//! crate is wrong.

pub mod action;
pub mod api;
pub mod api_client;
mod apply;
pub mod attach;
pub mod budget_objects;
pub mod bundled;
pub mod claim_protection;
pub mod cluster;
pub mod config_objects;
pub mod controller;
pub mod data;
pub mod decimal;
pub mod default_cluster;
pub mod defaults;
pub mod deployment_objects;
pub mod dns;
pub mod endpoints;
pub mod error;
pub mod error_location;
pub mod eviction;
pub mod exec;
pub mod explain;
pub mod export;
pub mod fixtures;
pub mod flat_map;
pub mod gc;
pub mod kubelet;
pub mod label_validation;
pub mod manifest;
pub mod network;
pub mod node_admin;
pub mod node_lifecycle;
pub mod object_index;
pub mod ordinal;
pub mod patch;
mod patch_object;
pub mod random;
pub mod scheduler;
pub mod schema;
pub mod script;
pub mod service_validation;
pub mod simulation;
pub mod sorting;
pub mod storage_objects;
pub mod store;
pub mod time;
pub mod timeline;
pub mod timers;
pub mod timings;
pub mod validation;
pub mod view;
pub mod volumes;
pub mod wire;
pub mod yaml;

pub use action::{Action, ActionError, Outcome};

/// The Kubernetes version the simulation follows (nodes report it; behaviour matches it).
pub const KUBERNETES_VERSION: &str = "v1.35.0";
pub use simulation::Simulation;
pub use store::ObjectKey;
pub use time::{SimDuration, SimTime};
pub use view::ClusterView;
