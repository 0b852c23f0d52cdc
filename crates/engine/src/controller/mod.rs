//! The controllers of kube-controller-manager that the simulation runs.

pub mod revisions;
pub mod statefulset;
