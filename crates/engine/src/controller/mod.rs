//! The controllers of kube-controller-manager that the simulation runs.

pub mod retention;
pub mod revisions;
pub(crate) mod set_claims;
pub mod statefulset;
