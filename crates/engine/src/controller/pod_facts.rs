//! What a StatefulSet sync asks of each of its pods (phase, readiness and since when,
//! deletion, identity label, revision), read once per version of the pod.
//!
//! A sync asks these of every pod of the set, and a set is synced whenever any of its
//! pods changes; reading them from the pod each time (label and condition lookups by
//! string) made the questions cost more than the answers. Stored objects never change
//! in place, so facts read from one stay true for as long as it is the stored version.

use crate::api::{Pod, PodPhase};
use crate::controller::revisions::pod_revision;
use crate::controller::statefulset::POD_NAME_LABEL;
use crate::time::{SimDuration, SimTime};
use std::rc::Rc;

/// One claimed pod of a set: its ordinal, the stored object and the facts read from it.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// The ordinal its name carries.
    pub ordinal: i64,
    /// The pod as stored.
    pub pod: Rc<Pod>,
    /// What the controller asks of it.
    pub facts: PodFacts,
}

impl Member {
    /// The member `pod` at `ordinal`, its facts read now.
    pub(crate) fn new(ordinal: i64, pod: Rc<Pod>) -> Self {
        let facts = PodFacts::of(&pod);
        Member { ordinal, pod, facts }
    }
}

/// The answers a sync needs about one pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PodFacts {
    /// The kubelet has given it a phase (status counts only such pods).
    pub created: bool,
    /// Phase `Pending`.
    pub pending: bool,
    /// Phase `Failed` or `Succeeded`.
    pub terminal: bool,
    /// Phase `Running` and `Ready=True`.
    pub running_ready: bool,
    /// When it became Ready, if `Ready=True` (the start of time if no moment is set).
    pub ready_since: Option<SimTime>,
    /// Graceful deletion has started.
    pub terminating: bool,
    /// The pod-name label agrees with its name (`identityMatches`, for a claimed pod).
    pub identity_ok: bool,
    /// Its `controller-revision-hash` label.
    pub revision: Option<String>,
}

impl PodFacts {
    /// Reads the facts of `pod`.
    pub(crate) fn of(pod: &Pod) -> Self {
        let ready = pod.condition("Ready").filter(|c| c.status == "True");
        PodFacts {
            created: pod.status.phase.is_some(),
            pending: pod.status.phase == Some(PodPhase::Pending),
            terminal: pod.is_terminal(),
            running_ready: pod.is_running_and_ready(),
            ready_since: ready.map(|c| c.last_transition_time.map_or(SimTime::START, |t| t.0)),
            terminating: pod.metadata.is_terminating(),
            identity_ok: pod.metadata.labels.get(POD_NAME_LABEL) == Some(&pod.metadata.name),
            revision: pod_revision(pod).map(str::to_string),
        }
    }

    /// Whether the pod is Ready and has been for `min_ready_seconds` at `now`.
    pub(crate) fn is_available(&self, min_ready_seconds: i32, now: SimTime) -> bool {
        let Some(since) = self.ready_since else {
            return false;
        };
        min_ready_seconds <= 0 || now.since(since) >= SimDuration::from_secs(min_ready_seconds as u64)
    }

    /// The revision label, as the controller compares it.
    pub(crate) fn revision(&self) -> Option<&str> {
        self.revision.as_deref()
    }
}
