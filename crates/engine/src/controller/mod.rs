//! The controllers of kube-controller-manager that the simulation runs.

pub(crate) mod delayed_sync;
pub mod deployment;
pub(crate) mod pod_facts;
pub mod replicaset;
pub mod retention;
pub mod revisions;
pub(crate) mod set_claims;
pub(crate) mod set_view;
pub mod statefulset;
