//! The Pod kind: spec (containers, volumes, placement, identity) and status (phase,
//! conditions, IP, container states), in the shape of core/v1.

use super::meta::{ObjectMeta, Timestamp};
use serde::{Deserialize, Serialize};

/// A pod: one incarnation of a workload's identity on a node.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    /// Always `v1`.
    #[serde(default)]
    pub api_version: String,
    /// Always `Pod`.
    #[serde(default)]
    pub kind: String,
    /// Name, labels, owner references, deletion state.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// What should run, and where.
    #[serde(default)]
    pub spec: PodSpec,
    /// What the kubelet reports.
    #[serde(default)]
    pub status: PodStatus,
}

/// A pod template, as workloads carry it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodTemplateSpec {
    /// Labels and annotations every pod gets.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The pod spec every pod gets.
    #[serde(default)]
    pub spec: PodSpec,
}

/// `spec` of a pod.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    /// Containers run once, in order, before the main containers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_containers: Vec<Container>,
    /// The main containers.
    #[serde(default)]
    pub containers: Vec<Container>,
    /// Volumes the containers may mount.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
    /// The node the pod is bound to; empty until the scheduler binds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    /// The pod's hostname (a StatefulSet sets it to the pod name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The headless Service domain the pod's hostname lives under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdomain: Option<String>,
    /// `Always`, `OnFailure` or `Never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    /// Seconds between SIGTERM and SIGKILL on deletion (defaulted to 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    /// DNS policy (defaulted to `ClusterFirst`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_policy: Option<String>,
    /// The scheduler that places the pod (defaulted to `default-scheduler`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduler_name: Option<String>,
    /// Labels a node must have for the pod to run there.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub node_selector: super::meta::StringMap,
    /// Node affinity (required terms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<super::scheduling::Affinity>,
    /// Taints the pod tolerates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<super::scheduling::Toleration>,
}

/// One container of a pod.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    /// Name, unique in the pod.
    pub name: String,
    /// The image it runs.
    #[serde(default)]
    pub image: String,
    /// Ports it exposes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    /// Where it mounts which volume.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_mounts: Vec<VolumeMount>,
    /// When the kubelet starts asking whether the container is ready, and how often.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    /// When the kubelet starts asking whether the container is alive, and how often.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
}

/// The timing of a probe. What it runs (`exec`, `httpGet`, `tcpSocket`) is accepted but
/// not simulated: `sim pod unready|ready` decides the result.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// Seconds after the container starts before the first probe (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_delay_seconds: Option<i32>,
    /// Seconds between probes (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_seconds: Option<i32>,
    /// Failures in a row before the result turns to failure (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i32>,
}

impl Probe {
    /// Seconds from container start to the first probe.
    pub fn initial_delay(&self) -> u64 {
        self.initial_delay_seconds.unwrap_or(0).max(0) as u64
    }

    /// Seconds from a probe starting to fail until the kubelet reports the failure:
    /// `periodSeconds × failureThreshold`.
    pub fn time_to_fail(&self) -> u64 {
        let period = self.period_seconds.unwrap_or(10).max(1) as u64;
        period * self.failure_threshold.unwrap_or(3).max(1) as u64
    }
}

/// A port a container exposes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerPort {
    /// The port number in the container.
    pub container_port: i32,
    /// Optional IANA-style name, used by Services and SRV records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `TCP` (default), `UDP` or `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

/// A mount of a volume into a container.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeMount {
    /// Name of the pod volume.
    pub name: String,
    /// Path in the container.
    pub mount_path: String,
}

/// A pod volume. Only the sources the simulation models are typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    /// Name the mounts refer to.
    pub name: String,
    /// A claim on a PersistentVolumeClaim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource>,
    /// A scratch directory that lives as long as the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_dir: Option<EmptyDirVolumeSource>,
    /// The keys of a ConfigMap as files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map: Option<ConfigMapVolumeSource>,
    /// The keys of a Secret as files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretVolumeSource>,
}

/// An emptyDir volume (its medium and size limit are not simulated).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmptyDirVolumeSource {}

/// A ConfigMap mounted as files.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigMapVolumeSource {
    /// The ConfigMap in the pod's namespace.
    #[serde(default)]
    pub name: String,
    /// Whether the pod may start without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// A Secret mounted as files.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretVolumeSource {
    /// The Secret in the pod's namespace.
    #[serde(default)]
    pub secret_name: String,
    /// Whether the pod may start without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// The claim a PVC volume refers to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaimVolumeSource {
    /// Name of the PVC in the pod's namespace.
    pub claim_name: String,
    /// Whether the volume is mounted read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

/// The lifecycle phase of a pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PodPhase {
    /// Accepted, but not all containers are running yet (scheduling, pulling, creating).
    Pending,
    /// Bound to a node, all containers created, at least one running.
    Running,
    /// All containers exited successfully and will not restart.
    Succeeded,
    /// All containers exited, at least one in failure.
    Failed,
    /// The state could not be obtained.
    Unknown,
}

impl PodPhase {
    /// The phase as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
            PodPhase::Unknown => "Unknown",
        }
    }
}

/// `status` of a pod.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    /// The phase; unset until the API server accepts the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<PodPhase>,
    /// PodScheduled, Initialized, ContainersReady, Ready.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PodCondition>,
    /// IP of the node the pod runs on.
    #[serde(default, rename = "hostIP", skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    /// IP of the pod, once its sandbox exists.
    #[serde(default, rename = "podIP", skip_serializing_if = "Option::is_none")]
    pub pod_ip: Option<String>,
    /// When the kubelet accepted the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Timestamp>,
    /// A short reason for the current state, e.g. `Evicted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Per-init-container state.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_container_statuses: Vec<ContainerStatus>,
    /// Per-container state.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
}

/// One pod condition.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodCondition {
    /// `PodScheduled`, `Initialized`, `ContainersReady` or `Ready`.
    #[serde(rename = "type")]
    pub type_: String,
    /// `True`, `False` or `Unknown`.
    pub status: String,
    /// When `status` last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Timestamp>,
    /// Machine-readable reason for the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The state of one container as the kubelet reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatus {
    /// Container name.
    pub name: String,
    /// Whether its readiness check passes.
    pub ready: bool,
    /// How many times it has been restarted.
    pub restart_count: i32,
    /// The image it runs.
    pub image: String,
    /// Whether it has started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<bool>,
    /// Waiting, running or terminated.
    #[serde(default)]
    pub state: ContainerState,
}

/// One of the three container states (exactly one field is set).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerState {
    /// Not running yet, with a reason such as `ContainerCreating`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<ContainerStateWaiting>,
    /// Running since `startedAt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<ContainerStateRunning>,
    /// Exited, with its exit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<ContainerStateTerminated>,
}

/// A container that has exited.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStateTerminated {
    /// The process's exit code.
    pub exit_code: i32,
    /// `Completed`, `Error`, `OOMKilled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it exited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Timestamp>,
}

/// A waiting container's reason.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStateWaiting {
    /// e.g. `ContainerCreating`, `CrashLoopBackOff`, `ImagePullBackOff`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The detail, e.g. the back-off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A running container's start time.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStateRunning {
    /// When it started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
}

impl Pod {
    /// The status of condition `type_`, if the pod has it.
    pub fn condition(&self, type_: &str) -> Option<&PodCondition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }

    /// Whether the `Ready` condition is `True`.
    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status == "True")
    }

    /// Phase `Running` and condition `Ready=True`: the controller's "Running+Ready".
    pub fn is_running_and_ready(&self) -> bool {
        self.status.phase == Some(PodPhase::Running) && self.is_ready()
    }

    /// Whether the pod has reached `Failed` or `Succeeded`.
    pub fn is_terminal(&self) -> bool {
        matches!(self.status.phase, Some(PodPhase::Failed | PodPhase::Succeeded))
    }

    /// Sets condition `type_` to `status`, moving `lastTransitionTime` only on change.
    pub fn set_condition(&mut self, type_: &str, status: bool, now: Timestamp) {
        let status = if status { "True" } else { "False" };
        match self.status.conditions.iter_mut().find(|c| c.type_ == type_) {
            Some(c) if c.status == status => {}
            Some(c) => {
                c.status = status.to_string();
                c.last_transition_time = Some(now);
            }
            None => self.status.conditions.push(PodCondition {
                type_: type_.to_string(),
                status: status.to_string(),
                last_transition_time: Some(now),
                reason: None,
            }),
        }
    }

    /// The STATUS column of `kubectl get pods`, derived as kubectl's printer does:
    /// the phase or reason, then a waiting container's reason, and `Terminating` when
    /// deletion has started.
    pub fn kubectl_status(&self) -> String {
        if self.metadata.is_terminating() {
            return if self.status.reason.as_deref() == Some("NodeLost") {
                "Unknown".into()
            } else {
                "Terminating".into()
            };
        }
        let mut reason = match (&self.status.reason, self.status.phase) {
            (Some(r), _) => r.clone(),
            (None, Some(p)) => format!("{p:?}"),
            (None, None) => "Pending".into(),
        };
        // Init containers first, as kubectl's printer reads them: the first one not
        // completed names the state.
        let total = self.spec.init_containers.len();
        for (i, cs) in self.status.init_container_statuses.iter().enumerate() {
            let waiting = cs.state.waiting.as_ref().and_then(|w| w.reason.as_deref());
            match (&cs.state.terminated, waiting) {
                (Some(t), _) if t.exit_code == 0 => continue,
                (Some(t), _) => {
                    return match &t.reason {
                        Some(r) => format!("Init:{r}"),
                        None => format!("Init:ExitCode:{}", t.exit_code),
                    }
                }
                (None, Some(w)) if w != "PodInitializing" => return format!("Init:{w}"),
                _ => return format!("Init:{i}/{total}"),
            }
        }
        for cs in self.status.container_statuses.iter().rev() {
            if let Some(w) = cs.state.waiting.as_ref().and_then(|w| w.reason.clone()) {
                reason = w;
            } else if let Some(t) = &cs.state.terminated {
                reason = t.reason.clone().unwrap_or_else(|| format!("ExitCode:{}", t.exit_code));
            }
        }
        reason
    }

    /// The READY column of `kubectl get pods`: ready containers / all containers.
    pub fn kubectl_ready(&self) -> String {
        let ready = self.status.container_statuses.iter().filter(|c| c.ready).count();
        format!("{ready}/{}", self.spec.containers.len())
    }

    /// Total restarts over all containers, init containers included.
    pub fn restarts(&self) -> i32 {
        self.status.container_statuses.iter().chain(&self.status.init_container_statuses).map(|c| c.restart_count).sum()
    }
}
