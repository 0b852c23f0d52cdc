//! The kubelet of every node: takes a bound pod through ContainerCreating, Running (with
//! an IP from the node's range) and Ready, and finishes a graceful deletion once the
//! containers have exited. Each step is a timer, so the states are visible in turn.

use crate::api::meta::Timestamp;
use crate::api::pod::{ContainerState, ContainerStateRunning, ContainerStateWaiting, ContainerStatus};
use crate::api::{Node, Pod, PodPhase};
use crate::cluster::{Change, ChangeOp};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::SimDuration;
use crate::timers::{PodStep, Timer};
use std::collections::BTreeSet;

/// Which pods the kubelets are already handling, by uid.
#[derive(Debug, Clone, Default)]
pub struct KubeletState {
    admitted: BTreeSet<String>,
    terminating: BTreeSet<String>,
}

/// Reacts to a pod being bound (start it) or marked for deletion (stop it).
pub(crate) fn on_pod_change(sim: &mut Simulation, change: &Change) {
    let uid = &change.meta.uid;
    if change.op == ChangeOp::Deleted {
        sim.kubelet.admitted.remove(uid);
        sim.kubelet.terminating.remove(uid);
        return;
    }
    let Some(pod) = sim.cluster.get::<Pod>(&change.key) else {
        return;
    };
    if pod.spec.node_name.is_none() {
        return;
    }
    let now = sim.cluster.now();
    if pod.metadata.is_terminating() {
        if sim.kubelet.terminating.insert(uid.clone()) {
            let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0).max(0) as u64;
            let wait = sim.timings.shutdown.min(SimDuration::from_secs(grace));
            let timer = Timer::Pod { pod: change.key.clone(), uid: uid.clone(), step: PodStep::Terminated };
            sim.timers.schedule(now.plus(wait), timer);
        }
        return;
    }
    if sim.kubelet.admitted.insert(uid.clone()) {
        let timer = Timer::Pod { pod: change.key.clone(), uid: uid.clone(), step: PodStep::Admit };
        sim.timers.schedule(now.plus(sim.timings.kubelet_pickup), timer);
    }
}

/// Performs one step of a pod's life, if the pod is still the incarnation `uid`.
pub(crate) fn perform(sim: &mut Simulation, key: &ObjectKey, uid: &str, step: PodStep) {
    let Some(mut pod) = sim.cluster.get::<Pod>(key).cloned() else {
        return;
    };
    if pod.metadata.uid != uid {
        return;
    }
    if step == PodStep::Terminated {
        let _ = sim.cluster.remove::<Pod>(key);
        return;
    }
    if pod.metadata.is_terminating() {
        return;
    }
    let now = sim.cluster.now();
    let stamp = Timestamp(now);
    let node = pod.spec.node_name.clone().unwrap_or_default();
    let next = match step {
        PodStep::Admit => {
            pod.status.start_time = Some(stamp);
            pod.status.host_ip = sim
                .cluster
                .get::<Node>(&ObjectKey::cluster_scoped(&node))
                .and_then(|n| n.internal_ip().map(String::from));
            pod.set_condition("Initialized", true, stamp);
            pod.set_condition("Ready", false, stamp);
            pod.set_condition("ContainersReady", false, stamp);
            pod.status.container_statuses = pod
                .spec
                .containers
                .iter()
                .map(|c| ContainerStatus {
                    name: c.name.clone(),
                    ready: false,
                    restart_count: 0,
                    image: c.image.clone(),
                    started: Some(false),
                    state: ContainerState {
                        waiting: Some(ContainerStateWaiting { reason: Some("ContainerCreating".into()) }),
                        running: None,
                    },
                })
                .collect();
            Some((PodStep::Start, sim.timings.container_start))
        }
        PodStep::Start => {
            let Some(node_obj) = sim.cluster.get::<Node>(&ObjectKey::cluster_scoped(&node)).cloned() else {
                return;
            };
            pod.status.pod_ip = sim.ipam.allocate(&node_obj);
            pod.status.phase = Some(PodPhase::Running);
            for cs in &mut pod.status.container_statuses {
                cs.started = Some(true);
                cs.state =
                    ContainerState { waiting: None, running: Some(ContainerStateRunning { started_at: Some(stamp) }) };
            }
            Some((PodStep::Ready, sim.timings.ready_after_start))
        }
        PodStep::Ready => {
            for cs in &mut pod.status.container_statuses {
                cs.ready = true;
            }
            pod.set_condition("ContainersReady", true, stamp);
            pod.set_condition("Ready", true, stamp);
            None
        }
        PodStep::Terminated => None,
    };
    if sim.cluster.update(pod).is_err() {
        return;
    }
    if let Some((step, after)) = next {
        sim.timers.schedule(now.plus(after), Timer::Pod { pod: key.clone(), uid: uid.to_string(), step });
    }
}
