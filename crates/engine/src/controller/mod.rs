//! The controllers of kube-controller-manager that the simulation runs.

pub(crate) mod delayed_sync;
pub mod deployment;
pub(crate) mod disruption;
pub(crate) mod pod_facts;
pub(crate) mod replica_slots;
pub mod replicaset;
pub mod retention;
pub mod revisions;
pub(crate) mod set_claims;
pub(crate) mod set_view;
pub(crate) mod slot_index;
pub mod statefulset;
