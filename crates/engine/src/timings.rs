//! How long the simulated components take. These are configurable defaults, not facts
//! from the Kubernetes sources (behaviour document, section 9 point 8): chosen so a
//! person can follow each step at 1× speed while staying close to a small real cluster.

use crate::time::SimDuration;

/// The durations of the simulated machinery. The back-offs are the kubelet's real
/// defaults (10 s doubling to 5 min); the rest are chosen to be followable at 1×.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timings {
    /// From a pod being bound to a node until its kubelet admits it (ContainerCreating).
    pub kubelet_pickup: SimDuration,
    /// From admission until the sandbox and container run (phase Running, pod IP set).
    pub container_start: SimDuration,
    /// From the container running until the kubelet reports it Ready (no readiness probe).
    pub ready_after_start: SimDuration,
    /// How long a container takes to exit after SIGTERM, capped by the grace period.
    pub shutdown: SimDuration,
    /// How long the provisioner takes to create and bind a volume for a claim.
    pub provision: SimDuration,
    /// How long a crashing container runs before it exits again.
    pub crash_after: SimDuration,
    /// How long a readiness probe takes to notice a change (`sim pod ready|unready`).
    pub probe: SimDuration,
    /// The first restart or pull back-off; it doubles on each failure.
    pub back_off_initial: SimDuration,
    /// The longest back-off (the kubelet's 5 minutes).
    pub back_off_max: SimDuration,
    /// How long a node may stay silent before its Ready condition becomes Unknown
    /// (kube-controller-manager's `--node-monitor-grace-period`, 50 s since v1.32).
    pub node_monitor_grace: SimDuration,
    /// How often a pod waiting for a volume attached elsewhere tries again.
    pub attach_retry: SimDuration,
    /// How long each init container runs before it exits successfully.
    pub init_container: SimDuration,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            kubelet_pickup: SimDuration::from_millis(500),
            container_start: SimDuration::from_secs(2),
            ready_after_start: SimDuration::from_secs(1),
            shutdown: SimDuration::from_secs(2),
            provision: SimDuration::from_secs(1),
            crash_after: SimDuration::from_secs(1),
            probe: SimDuration::from_secs(1),
            back_off_initial: SimDuration::from_secs(10),
            back_off_max: SimDuration::from_secs(300),
            node_monitor_grace: SimDuration::from_secs(50),
            attach_retry: SimDuration::from_secs(10),
            init_container: SimDuration::from_secs(2),
        }
    }
}
