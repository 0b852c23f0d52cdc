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
use crate::flat_map::{FlatMap, FlatSet};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::SimDuration;
use crate::timers::{PodStep, Timer};

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
    admitted: FlatSet<String>,
    terminating: FlatSet<String>,
    unready: FlatSet<String>,
    crashing: FlatSet<String>,
    failures: FlatMap<String, u32>,
    /// Images each node has pulled, as `node image` (one string: a set type the page
    /// already has).
    pulled: FlatSet<String>,
    /// Images that crash, and images that cannot be pulled (sets of a type the page
    /// already has); any other image behaves as `Ok`.
    crashing_images: FlatSet<String>,
    unpullable_images: FlatSet<String>,
}

impl KubeletState {
    fn image(&self, image: &str) -> ImageBehaviour {
        if self.crashing_images.contains(image) {
            ImageBehaviour::Crash
        } else if self.unpullable_images.contains(image) {
            ImageBehaviour::Unpullable
        } else {
            ImageBehaviour::Ok
        }
    }

    /// How pods with `image` behave from now on (`sim image`).
    pub(crate) fn set_image(&mut self, image: &str, behaviour: ImageBehaviour) {
        self.crashing_images.remove(image);
        self.unpullable_images.remove(image);
        match behaviour {
            ImageBehaviour::Crash => self.crashing_images.insert(image.to_string()),
            ImageBehaviour::Unpullable => self.unpullable_images.insert(image.to_string()),
            ImageBehaviour::Ok => false,
        };
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

/// Counts one more failure of the pod `uid`'s containers (a crash or a failed pull) and
/// gives the back-off before the kubelet tries again.
fn count_failure(sim: &mut Simulation, uid: &str) -> SimDuration {
    let failures = sim.kubelet.failures.entry(uid.to_string()).or_insert(0);
    *failures += 1;
    let failures = *failures;
    back_off(sim, failures)
}

/// A container that exited with an error counts a restart and waits out `delay` in
/// CrashLoopBackOff (`pod_ref` is the kubelet's `NAME_NAMESPACE(UID)`); returns the
/// message of the kubelet's BackOff event.
fn crash_loop(cs: &mut ContainerStatus, pod_ref: &str, delay: SimDuration) -> String {
    cs.restart_count += 1;
    cs.ready = false;
    cs.started = Some(false);
    let message = format!("back-off {} restarting failed container={} pod={pod_ref}", delay.go_string(), cs.name);
    cs.state = waiting("CrashLoopBackOff", Some(message));
    format!("Back-off restarting failed container {} in pod {pod_ref}", cs.name)
}

/// The kubelet's reference to a pod in its messages: `NAME_NAMESPACE(UID)`.
fn pod_ref(pod: &Pod) -> String {
    format!("{}_{}({})", pod.metadata.name, pod.metadata.namespace, pod.metadata.uid)
}

/// The image-pull events of starting a container from `image` on `node`: a pull the
/// first time the node needs the image, "already present" after.
fn pull_events(sim: &mut Simulation, node: &str, image: &str, events: &mut Vec<(&str, &str, String)>) {
    if sim.kubelet.pulled.insert(format!("{node} {image}")) {
        let took = sim.timings.container_start.go_string();
        events.push(("Normal", "Pulling", format!("Pulling image \"{image}\"")));
        events.push((
            "Normal",
            "Pulled",
            format!("Successfully pulled image \"{image}\" in {took} ({took} including waiting)"),
        ));
    } else {
        events.push(("Normal", "Pulled", format!("Container image \"{image}\" already present on machine")));
    }
}

/// The first ConfigMap or Secret volume of `pod` whose object is missing (and not
/// optional): the volume's name and what is missing, as the kubelet words it.
fn missing_source(sim: &Simulation, pod: &Pod) -> Option<(String, String)> {
    let ns = &pod.metadata.namespace;
    pod.spec.volumes.iter().find_map(|v| {
        let key = |name: &str| ObjectKey { namespace: ns.clone(), name: name.to_string() };
        if let Some(cm) = v.config_map.as_ref().filter(|c| c.optional != Some(true)) {
            if sim.cluster.get::<crate::api::ConfigMap>(&key(&cm.name)).is_none() {
                return Some((v.name.clone(), format!("configmap \"{}\"", cm.name)));
            }
        }
        if let Some(secret) = v.secret.as_ref().filter(|s| s.optional != Some(true)) {
            if sim.cluster.get::<crate::api::Secret>(&key(&secret.secret_name)).is_none() {
                return Some((v.name.clone(), format!("secret \"{}\"", secret.secret_name)));
            }
        }
        None
    })
}

/// From the containers starting to the pod reporting Ready: the longest initial delay
/// of the containers' readiness probes, and at least the simulated start-up time.
fn ready_delay(sim: &Simulation, pod: &Pod) -> SimDuration {
    let probe_delay =
        pod.spec.containers.iter().filter_map(|c| c.readiness_probe.as_ref()).map(|p| p.initial_delay()).max();
    sim.timings.ready_after_start.max(SimDuration::from_secs(probe_delay.unwrap_or(0)))
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
            let running: Vec<String> = pod
                .status
                .container_statuses
                .iter()
                .filter(|c| c.state.running.is_some())
                .map(|c| c.name.clone())
                .collect();
            let node_down = pod.spec.node_name.as_deref().is_some_and(|n| sim.nodes.is_failed(n));
            if !node_down {
                let pod = pod.clone();
                for name in running {
                    let message = format!("Stopping container {name}");
                    sim.cluster.record_event(&pod, "Normal", "Killing", message, "kubelet");
                }
            }
            let Some(pod) = sim.cluster.get::<Pod>(&change.key) else { return };
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
            let has_init = !pod.spec.init_containers.is_empty();
            pod.set_condition("Initialized", !has_init, stamp);
            pod.set_condition("Ready", false, stamp);
            pod.set_condition("ContainersReady", false, stamp);
            let fresh = |c: &crate::api::pod::Container, reason: &str| ContainerStatus {
                name: c.name.clone(),
                ready: false,
                restart_count: 0,
                image: c.image.clone(),
                started: Some(false),
                state: waiting(reason, None),
            };
            pod.status.init_container_statuses =
                pod.spec.init_containers.iter().map(|c| fresh(c, "PodInitializing")).collect();
            let reason = if has_init { "PodInitializing" } else { "ContainerCreating" };
            pod.status.container_statuses = pod.spec.containers.iter().map(|c| fresh(c, reason)).collect();
            next = Some((PodStep::Start, sim.timings.container_start));
        }
        PodStep::InitDone(i) => {
            let crashes =
                pod.spec.init_containers.get(i).is_some_and(|c| sim.kubelet.image(&c.image) == ImageBehaviour::Crash);
            let reference = pod_ref(&pod);
            let Some(cs) = pod.status.init_container_statuses.get_mut(i) else { return };
            if cs.state.running.is_none() {
                return;
            }
            cs.started = Some(false);
            if crashes {
                // The init container exits with an error; the kubelet runs it again after
                // the back-off, and the pod stays Init:CrashLoopBackOff meanwhile.
                let delay = count_failure(sim, uid);
                events.push(("Warning", "BackOff", crash_loop(cs, &reference, delay)));
                next = Some((PodStep::Start, delay));
            } else {
                cs.state = ContainerState {
                    terminated: Some(ContainerStateTerminated {
                        exit_code: 0,
                        reason: Some("Completed".into()),
                        finished_at: Some(stamp),
                    }),
                    ..Default::default()
                };
                if i + 1 == pod.status.init_container_statuses.len() {
                    // The init phase is where a replica clones its data (the MySQL
                    // example's clone-mysql container).
                    crate::data::clone_if_empty(sim, &pod);
                    pod.set_condition("Initialized", true, stamp);
                    next = Some((PodStep::Start, sim.timings.kubelet_pickup));
                } else {
                    next = Some((PodStep::Start, SimDuration::ZERO));
                }
            }
        }
        PodStep::Start => {
            // The sandbox waits for the ConfigMaps and Secrets its volumes project.
            if let Some((volume, what)) = missing_source(sim, &pod) {
                let message = format!("MountVolume.SetUp failed for volume \"{volume}\" : {what} not found");
                sim.cluster.record_event(&pod, "Warning", "FailedMount", message, "kubelet");
                schedule(sim, key, uid, PodStep::Start, sim.timings.attach_retry);
                return;
            }
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
            // The first init container that has not completed runs next.
            let init = pod.status.init_container_statuses.iter().position(|c| {
                c.state.terminated.as_ref().is_none_or(|t| t.exit_code != 0) && c.state.running.is_none()
            });
            let phase: Vec<crate::api::pod::Container> = match init {
                Some(i) => pod.spec.init_containers.get(i).cloned().into_iter().collect(),
                None => pod.spec.containers.clone(),
            };
            let unpullable = phase
                .iter()
                .find(|c| sim.kubelet.image(&c.image) == ImageBehaviour::Unpullable)
                .map(|c| c.image.clone());
            if unpullable.is_none() {
                for c in &phase {
                    pull_events(sim, &node, &c.image, &mut events);
                    events.push(("Normal", "Created", format!("Created container: {}", c.name)));
                    events.push(("Normal", "Started", format!("Started container {}", c.name)));
                }
            }
            if let (Some(i), None) = (init, &unpullable) {
                if let Some(cs) = pod.status.init_container_statuses.get_mut(i) {
                    cs.started = Some(true);
                    cs.state = ContainerState {
                        running: Some(ContainerStateRunning { started_at: Some(stamp) }),
                        ..Default::default()
                    };
                }
                next = Some((PodStep::InitDone(i), sim.timings.init_container));
            } else if let Some(image) = unpullable {
                let delay = count_failure(sim, uid);
                match init {
                    Some(i) => {
                        if let Some(cs) = pod.status.init_container_statuses.get_mut(i) {
                            cs.state = waiting("ErrImagePull", None);
                        }
                    }
                    None => set_containers(&mut pod, |_| waiting("ErrImagePull", None), false),
                }
                events.push(("Normal", "Pulling", format!("Pulling image \"{image}\"")));
                let reason = format!("Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found");
                events.push(("Warning", "Failed", reason));
                events.push(("Warning", "Failed", "Error: ErrImagePull".into()));
                sim.timers.schedule(
                    sim.cluster.now().plus(sim.timings.probe),
                    Timer::Pod { pod: key.clone(), uid: uid.to_string(), step: PodStep::PullBackOff },
                );
                next = Some((PodStep::Start, delay.max(sim.timings.probe.plus_ms(1))));
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
                if pod.spec.init_containers.is_empty() {
                    crate::data::clone_if_empty(sim, &pod);
                }
                crate::data::on_pod_started(sim, &pod);
                let crashing = sim.kubelet.crashing.contains(uid)
                    || pod.spec.containers.iter().any(|c| sim.kubelet.image(&c.image) == ImageBehaviour::Crash);
                next = if crashing {
                    Some((PodStep::Exit, sim.timings.crash_after))
                } else {
                    sim.kubelet.failures.remove(uid);
                    Some((PodStep::Ready, ready_delay(sim, &pod)))
                };
            }
        }
        PodStep::PullBackOff => {
            let pulling = |c: &ContainerStatus| {
                c.state.waiting.as_ref().and_then(|w| w.reason.as_deref()) == Some("ErrImagePull")
            };
            if let Some(cs) = pod.status.init_container_statuses.iter_mut().find(|c| pulling(c)) {
                let image = cs.image.clone();
                cs.state = waiting("ImagePullBackOff", Some(format!("Back-off pulling image \"{image}\"")));
                events.push(("Normal", "BackOff", format!("Back-off pulling image \"{image}\"")));
                events.push(("Warning", "Failed", "Error: ImagePullBackOff".into()));
            } else if let Some(image) =
                pod.status.container_statuses.iter().find(|c| pulling(c)).map(|c| c.image.clone())
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
            let (reference, delay) = (pod_ref(&pod), count_failure(sim, uid));
            for cs in &mut pod.status.container_statuses {
                events.push(("Warning", "BackOff", crash_loop(cs, &reference, delay)));
            }
            pod.set_condition("ContainersReady", false, stamp);
            pod.set_condition("Ready", false, stamp);
            crate::data::on_container_restart(sim, &pod);
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
            // A readiness probe notices a failure after failureThreshold periods; a
            // recovery at its next period.
            let probe = pod.spec.containers.iter().find_map(|c| c.readiness_probe.as_ref());
            let after = match (probe, fault) {
                (Some(p), PodFault::Unready) => SimDuration::from_secs(p.time_to_fail()),
                (Some(p), _) => SimDuration::from_secs(p.period_seconds.unwrap_or(10).max(1) as u64),
                (None, _) => sim.timings.probe,
            };
            schedule(sim, key, &uid, PodStep::Probe, after);
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
