//! The kubelet of every node: takes a bound pod through ContainerCreating, Running (with
//! an IP from the node's range once its sandbox exists) and Ready; pulls images (an
//! unpullable one gives `ErrImagePull` then `ImagePullBackOff`, retried with back-off);
//! restarts crashing containers with the CrashLoopBackOff back-off (10 s doubling to
//! 5 min); reports readiness; and finishes a graceful deletion once the containers exit.
//! Each step is a timer, so every state is visible in turn.

use crate::api::meta::Timestamp;
use crate::api::pod::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting, ContainerStatus,
};
use crate::api::{Node, Pod, PodPhase};
use crate::cluster::{Change, ChangeOp};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::SimDuration;
use crate::timers::{PodStep, Timer};
use std::collections::{BTreeMap, BTreeSet};

/// How containers running an image behave (`sim image IMAGE ok|crash|unpullable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageBehaviour {
    /// Pulls and runs.
    Ok,
    /// Pulls, starts, and keeps exiting with an error.
    Crash,
    /// Cannot be pulled.
    Unpullable,
}

/// A fault a person injects into one pod (`sim pod …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodFault {
    /// The readiness probe starts failing.
    Unready,
    /// The readiness probe passes again.
    Ready,
    /// The container keeps exiting (CrashLoopBackOff).
    Crash,
    /// The container stops exiting.
    Heal,
    /// The pod goes to phase Failed (as an evicted pod does).
    Fail,
    /// The pod goes to phase Succeeded (all containers exited 0).
    Succeed,
}

/// What the kubelets know about the pods they run, by pod uid: a new incarnation of a
/// name starts clean.
#[derive(Debug, Clone, Default)]
pub struct KubeletState {
    admitted: BTreeSet<String>,
    terminating: BTreeSet<String>,
    unready: BTreeSet<String>,
    crashing: BTreeSet<String>,
    failures: BTreeMap<String, u32>,
    /// How each image behaves; an image no line names behaves as `Ok`.
    pub(crate) images: BTreeMap<String, ImageBehaviour>,
}

impl KubeletState {
    fn image(&self, image: &str) -> ImageBehaviour {
        self.images.get(image).copied().unwrap_or(ImageBehaviour::Ok)
    }

    fn forget(&mut self, uid: &str) {
        self.admitted.remove(uid);
        self.terminating.remove(uid);
        self.unready.remove(uid);
        self.crashing.remove(uid);
        self.failures.remove(uid);
    }
}

fn schedule(sim: &mut Simulation, key: &ObjectKey, uid: &str, step: PodStep, after: SimDuration) {
    let at = sim.cluster.now().plus(after);
    sim.timers.schedule(at, Timer::Pod { pod: key.clone(), uid: uid.to_string(), step });
}

/// The back-off after `failures` failures: 10 s, 20 s, 40 s … capped at 5 minutes.
fn back_off(sim: &Simulation, failures: u32) -> SimDuration {
    let base = sim.timings.back_off_initial.as_millis();
    let ms = base.saturating_mul(1u64 << failures.saturating_sub(1).min(20));
    SimDuration::from_millis(ms.min(sim.timings.back_off_max.as_millis()))
}

/// Reacts to a pod being bound (start it), marked for deletion (stop it) or gone.
pub(crate) fn on_pod_change(sim: &mut Simulation, change: &Change) {
    let uid = &change.meta.uid;
    if change.op == ChangeOp::Deleted {
        sim.kubelet.forget(uid);
        return;
    }
    let Some(pod) = sim.cluster.get::<Pod>(&change.key) else { return };
    if pod.spec.node_name.is_none() {
        return;
    }
    if pod.metadata.is_terminating() {
        if sim.kubelet.terminating.insert(uid.clone()) {
            // Containers that already exited have nothing to stop.
            let wait = if pod.is_terminal() {
                SimDuration::ZERO
            } else {
                let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0).max(0) as u64;
                sim.timings.shutdown.min(SimDuration::from_secs(grace))
            };
            schedule(sim, &change.key, uid, PodStep::Terminated, wait);
        }
        return;
    }
    if !pod.is_terminal() && sim.kubelet.admitted.insert(uid.clone()) {
        schedule(sim, &change.key, uid, PodStep::Admit, sim.timings.kubelet_pickup);
    }
}

fn set_containers(pod: &mut Pod, state: impl Fn(&str) -> ContainerState, ready: bool) {
    for cs in &mut pod.status.container_statuses {
        cs.state = state(&cs.image);
        cs.ready = ready;
        cs.started = Some(cs.state.running.is_some());
    }
}

fn waiting(reason: &str, message: Option<String>) -> ContainerState {
    ContainerState {
        waiting: Some(ContainerStateWaiting { reason: Some(reason.into()), message }),
        ..Default::default()
    }
}

/// Performs one step of a pod's life, if the pod is still the incarnation `uid`.
pub(crate) fn perform(sim: &mut Simulation, key: &ObjectKey, uid: &str, step: PodStep) {
    let Some(mut pod) = sim.cluster.get::<Pod>(key).cloned() else { return };
    if pod.metadata.uid != uid {
        return;
    }
    if step == PodStep::Terminated {
        let _ = sim.cluster.remove::<Pod>(key);
        return;
    }
    if pod.metadata.is_terminating() || pod.is_terminal() {
        return;
    }
    let stamp = Timestamp(sim.cluster.now());
    let node = pod.spec.node_name.clone().unwrap_or_default();
    let mut events: Vec<(&str, &str, String)> = Vec::new();
    let mut next: Option<(PodStep, SimDuration)> = None;
    match step {
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
                    state: waiting("ContainerCreating", None),
                })
                .collect();
            next = Some((PodStep::Start, sim.timings.container_start));
        }
        PodStep::Start => {
            // The sandbox waits for the pod's volumes to be attached to this node.
            match crate::attach::attach(sim, &pod, &node) {
                Err(volume) => {
                    let message = format!("Multi-Attach error for volume \"{volume}\" Volume is already exclusively attached to one node and can't be attached to another");
                    sim.cluster.record_event(&pod, "Warning", "FailedAttachVolume", message, "attachdetach-controller");
                    schedule(sim, key, uid, PodStep::Start, sim.timings.attach_retry);
                    return;
                }
                Ok(attached) => {
                    for volume in attached {
                        let message = format!("AttachVolume.Attach succeeded for volume \"{volume}\"");
                        sim.cluster.record_event(
                            &pod,
                            "Normal",
                            "SuccessfulAttachVolume",
                            message,
                            "attachdetach-controller",
                        );
                    }
                }
            }
            if pod.status.pod_ip.is_none() {
                let Some(node_obj) = sim.cluster.get::<Node>(&ObjectKey::cluster_scoped(&node)).cloned() else {
                    return;
                };
                pod.status.pod_ip = sim.ipam.allocate(&node_obj);
            }
            let unpullable = pod
                .spec
                .containers
                .iter()
                .find(|c| sim.kubelet.image(&c.image) == ImageBehaviour::Unpullable)
                .map(|c| c.image.clone());
            if let Some(image) = unpullable {
                let failures = sim.kubelet.failures.entry(uid.to_string()).or_insert(0);
                *failures += 1;
                let failures = *failures;
                set_containers(&mut pod, |_| waiting("ErrImagePull", None), false);
                let reason = format!("Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found");
                events.push(("Warning", "Failed", reason));
                events.push(("Warning", "Failed", "Error: ErrImagePull".into()));
                sim.timers.schedule(
                    sim.cluster.now().plus(sim.timings.probe),
                    Timer::Pod { pod: key.clone(), uid: uid.to_string(), step: PodStep::PullBackOff },
                );
                next = Some((PodStep::Start, back_off(sim, failures).max(sim.timings.probe.plus_ms(1))));
            } else {
                pod.status.phase = Some(PodPhase::Running);
                set_containers(
                    &mut pod,
                    |_| ContainerState {
                        running: Some(ContainerStateRunning { started_at: Some(stamp) }),
                        ..Default::default()
                    },
                    false,
                );
                let crashing = sim.kubelet.crashing.contains(uid)
                    || pod.spec.containers.iter().any(|c| sim.kubelet.image(&c.image) == ImageBehaviour::Crash);
                next = if crashing {
                    Some((PodStep::Exit, sim.timings.crash_after))
                } else {
                    sim.kubelet.failures.remove(uid);
                    Some((PodStep::Ready, sim.timings.ready_after_start))
                };
            }
        }
        PodStep::PullBackOff => {
            let image = pod.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default();
            if pod
                .status
                .container_statuses
                .iter()
                .any(|c| c.state.waiting.as_ref().and_then(|w| w.reason.as_deref()) == Some("ErrImagePull"))
            {
                set_containers(
                    &mut pod,
                    |_| waiting("ImagePullBackOff", Some(format!("Back-off pulling image \"{image}\""))),
                    false,
                );
                events.push(("Normal", "BackOff", format!("Back-off pulling image \"{image}\"")));
                events.push(("Warning", "Failed", "Error: ImagePullBackOff".into()));
            }
        }
        PodStep::Ready => {
            let running = pod.status.container_statuses.iter().all(|c| c.state.running.is_some());
            if !running || sim.kubelet.unready.contains(uid) {
                return;
            }
            for cs in &mut pod.status.container_statuses {
                cs.ready = true;
            }
            pod.set_condition("ContainersReady", true, stamp);
            pod.set_condition("Ready", true, stamp);
        }
        PodStep::Exit => {
            let still_crashing = sim.kubelet.crashing.contains(uid)
                || pod.spec.containers.iter().any(|c| sim.kubelet.image(&c.image) == ImageBehaviour::Crash);
            if !still_crashing {
                return perform(sim, key, uid, PodStep::Ready);
            }
            let failures = sim.kubelet.failures.entry(uid.to_string()).or_insert(0);
            *failures += 1;
            let failures = *failures;
            let delay = back_off(sim, failures);
            let pod_ref = format!("{}_{}({})", pod.metadata.name, pod.metadata.namespace, pod.metadata.uid);
            for cs in &mut pod.status.container_statuses {
                cs.restart_count += 1;
                cs.ready = false;
                cs.started = Some(false);
                let message =
                    format!("back-off {} restarting failed container={} pod={pod_ref}", delay.go_string(), cs.name);
                cs.state = waiting("CrashLoopBackOff", Some(message));
                events.push((
                    "Warning",
                    "BackOff",
                    format!("Back-off restarting failed container {} in pod {pod_ref}", cs.name),
                ));
            }
            pod.set_condition("ContainersReady", false, stamp);
            pod.set_condition("Ready", false, stamp);
            next = Some((PodStep::Start, delay));
        }
        PodStep::Probe => {
            let running = pod.status.container_statuses.iter().all(|c| c.state.running.is_some());
            if !running {
                return;
            }
            let ready = !sim.kubelet.unready.contains(uid);
            if !ready && pod.is_ready() {
                events.push(("Warning", "Unhealthy", "Readiness probe failed: the probe reported failure".into()));
            }
            for cs in &mut pod.status.container_statuses {
                cs.ready = ready;
            }
            pod.set_condition("ContainersReady", ready, stamp);
            pod.set_condition("Ready", ready, stamp);
        }
        PodStep::Terminated => {}
    }
    let Ok(pod) = sim.cluster.update(pod) else { return };
    for (type_, reason, message) in events {
        sim.cluster.record_event(&*pod, type_, reason, message, "kubelet");
    }
    if let Some((step, after)) = next {
        schedule(sim, key, uid, step, after);
    }
}

/// Injects `fault` into the pod at `key` (`sim pod …`).
pub(crate) fn inject(sim: &mut Simulation, key: &ObjectKey, fault: PodFault) -> Result<(), crate::error::ApiError> {
    let Some(mut pod) = sim.cluster.get::<Pod>(key).cloned() else {
        return Err(crate::error::ApiError::NotFound { kind: crate::api::Kind::Pod, name: key.name.clone() });
    };
    let uid = pod.metadata.uid.clone();
    let stamp = Timestamp(sim.cluster.now());
    match fault {
        PodFault::Unready | PodFault::Ready => {
            if fault == PodFault::Unready {
                sim.kubelet.unready.insert(uid.clone());
            } else {
                sim.kubelet.unready.remove(&uid);
            }
            schedule(sim, key, &uid, PodStep::Probe, sim.timings.probe);
        }
        PodFault::Crash => {
            if sim.kubelet.crashing.insert(uid.clone()) && pod.status.phase == Some(PodPhase::Running) {
                schedule(sim, key, &uid, PodStep::Exit, sim.timings.crash_after);
            }
        }
        PodFault::Heal => {
            sim.kubelet.crashing.remove(&uid);
        }
        PodFault::Fail | PodFault::Succeed => {
            let (phase, code, reason) = if fault == PodFault::Fail {
                (PodPhase::Failed, 1, "Error")
            } else {
                (PodPhase::Succeeded, 0, "Completed")
            };
            pod.status.phase = Some(phase);
            for cs in &mut pod.status.container_statuses {
                cs.ready = false;
                cs.started = Some(false);
                cs.state = ContainerState {
                    terminated: Some(ContainerStateTerminated {
                        exit_code: code,
                        reason: Some(reason.into()),
                        finished_at: Some(stamp),
                    }),
                    ..Default::default()
                };
            }
            pod.set_condition("ContainersReady", false, stamp);
            pod.set_condition("Ready", false, stamp);
            sim.cluster.update(pod)?;
        }
    }
    Ok(())
}
