//! Scheduled state changes: what will happen at which simulated moment. Firing them in
//! time order (ties in the order they were set) is what moves the simulation forward.

use crate::store::ObjectKey;
use crate::time::SimTime;
use std::collections::BTreeMap;

/// A step of a pod's life that its kubelet performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodStep {
    /// The kubelet admits the pod: ContainerCreating.
    Admit,
    /// The sandbox is up and the containers start (or the image pull fails).
    Start,
    /// An init container (by index) exits successfully; the next one, or the main
    /// containers, start.
    InitDone(usize),
    /// The kubelet shows a failed pull as `ImagePullBackOff` while it waits to retry.
    PullBackOff,
    /// The container reports ready: Ready=True.
    Ready,
    /// A crashing container exits; the kubelet restarts it after a back-off.
    Exit,
    /// The readiness probe reports its current result (after `sim pod ready|unready`).
    Probe,
    /// The containers have exited after deletion: the pod object goes away.
    Terminated,
}

/// A state change due at some moment. Each names the uid of the object it is for, so a
/// timer set for an earlier incarnation of a name does nothing to a later one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timer {
    /// The kubelet of the pod's node performs `step`.
    Pod {
        /// The pod.
        pod: ObjectKey,
        /// Its uid when the timer was set.
        uid: String,
        /// What happens.
        step: PodStep,
    },
    /// The replicas of a set with replication on apply the primary's writes.
    Replicate {
        /// The set.
        set: ObjectKey,
    },
    /// A Deployment's or ReplicaSet's delayed sync (minReadySeconds, progress deadline).
    SyncWorkload {
        /// `Deployment` or `ReplicaSet`.
        kind: crate::api::Kind,
        /// The object.
        key: ObjectKey,
    },
    /// The StatefulSet controller's delayed requeue of a set (minReadySeconds).
    SyncStatefulSet {
        /// The set.
        set: ObjectKey,
    },
    /// The provisioner has deleted a released volume's storage.
    ReclaimVolume {
        /// The PersistentVolume.
        volume: ObjectKey,
        /// Its uid when the timer was set.
        uid: String,
    },
    /// The node lifecycle controller's grace period for a silent node ran out.
    NodeUnreachable {
        /// The node.
        node: String,
    },
    /// A pod's toleration of its node's `NoExecute` taint ran out.
    TaintEviction {
        /// The pod.
        pod: ObjectKey,
        /// Its uid when the timer was set.
        uid: String,
        /// When its node was tainted (a later failure of the same node starts anew).
        tainted_at: SimTime,
    },
    /// The attach/detach controller stops waiting for a silent node to unmount.
    ForceDetach {
        /// The PersistentVolume.
        volume: String,
        /// The pod it was attached for.
        pod_uid: String,
    },
    /// The provisioner has made a volume for the claim.
    ProvisionClaim {
        /// The claim.
        claim: ObjectKey,
        /// Its uid when the timer was set.
        uid: String,
    },
}

/// The pending timers, ordered by due time then by the order they were set.
#[derive(Debug, Clone, Default)]
pub struct Timers {
    queue: BTreeMap<(SimTime, u64), Timer>,
    sequence: u64,
}

impl Timers {
    /// Sets `timer` to fire at `at`.
    pub fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.sequence += 1;
        self.queue.insert((at, self.sequence), timer);
    }

    /// When the earliest timer is due.
    pub fn next_due(&self) -> Option<SimTime> {
        self.queue.keys().next().map(|(t, _)| *t)
    }

    /// Removes and returns the earliest timer if it is due at or before `until`.
    pub fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, Timer)> {
        let (&(at, seq), _) = self.queue.iter().next()?;
        if at > until {
            return None;
        }
        self.queue.remove(&(at, seq)).map(|t| (at, t))
    }

    /// Removes every pending timer equal to `timer` (a wait that is no longer needed).
    pub fn cancel(&mut self, timer: &Timer) {
        // Found then removed, not `retain` (one more B-tree routine in the page).
        let found: Vec<(SimTime, u64)> = self.queue.iter().filter(|(_, t)| *t == timer).map(|(k, _)| *k).collect();
        for key in found {
            self.queue.remove(&key);
        }
    }

    /// How many timers are pending.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether no timer is pending.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(n: &str) -> Timer {
        Timer::ProvisionClaim { claim: ObjectKey::default_ns(n), uid: n.into() }
    }

    #[test]
    fn timers_fire_in_time_order_then_in_the_order_they_were_set() {
        let mut t = Timers::default();
        t.schedule(SimTime(2000), claim("c"));
        t.schedule(SimTime(1000), claim("a"));
        t.schedule(SimTime(1000), claim("b"));
        assert_eq!(t.next_due(), Some(SimTime(1000)));
        assert_eq!(t.pop_due(SimTime(5000)), Some((SimTime(1000), claim("a"))));
        assert_eq!(t.pop_due(SimTime(5000)), Some((SimTime(1000), claim("b"))));
        assert_eq!(t.pop_due(SimTime(1500)), None);
        assert_eq!(t.len(), 1);
    }
}
