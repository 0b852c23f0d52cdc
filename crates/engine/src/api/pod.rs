//! The Pod kind: spec (containers, volumes, placement, identity) and status (phase,
//! conditions, IP, container states), in the shape of core/v1.

use super::meta::{ObjectMeta, Timestamp};
use crate::wire::{wire_struct, DecodeError, Wire};
use serde_json::Value;

api_object! {
    /// A pod: one incarnation of a workload's identity on a node.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Pod as "v1.Pod" for Pod {
        /// What should run, and where.
        pub spec: PodSpec = "spec" always,
        /// What the kubelet reports.
        pub status: PodStatus = "status" server_owned,
    }
}

wire_struct! {
    /// A pod template, as workloads carry it.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PodTemplateSpec as "v1.PodTemplateSpec" {
        /// Labels and annotations every pod gets.
        pub metadata: ObjectMeta = "metadata" always,
        /// The pod spec every pod gets.
        pub spec: PodSpec = "spec" always,
    }
}

wire_struct! {
    /// `spec` of a pod.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PodSpec as "v1.PodSpec" {
        /// Containers run once, in order, before the main containers.
        pub init_containers: Vec<Container> = "initContainers" omitempty,
        /// The main containers.
        pub containers: Vec<Container> = "containers" always,
        /// Volumes the containers may mount.
        pub volumes: Vec<Volume> = "volumes" omitempty,
        /// The node the pod is bound to; empty until the scheduler binds it.
        pub node_name: Option<String> = "nodeName" omitempty,
        /// The pod's hostname (a StatefulSet sets it to the pod name).
        pub hostname: Option<String> = "hostname" omitempty,
        /// The headless Service domain the pod's hostname lives under.
        pub subdomain: Option<String> = "subdomain" omitempty,
        /// `Always`, `OnFailure` or `Never`.
        pub restart_policy: Option<String> = "restartPolicy" omitempty,
        /// Seconds between SIGTERM and SIGKILL on deletion (defaulted to 30).
        pub termination_grace_period_seconds: Option<i64> = "terminationGracePeriodSeconds" omitempty,
        /// DNS policy (defaulted to `ClusterFirst`).
        pub dns_policy: Option<String> = "dnsPolicy" omitempty,
        /// The scheduler that places the pod (defaulted to `default-scheduler`).
        pub scheduler_name: Option<String> = "schedulerName" omitempty,
        /// Labels a node must have for the pod to run there.
        pub node_selector: super::meta::StringMap = "nodeSelector" omitempty,
        /// Node affinity (required terms).
        pub affinity: Option<super::scheduling::Affinity> = "affinity" omitempty,
        /// Taints the pod tolerates.
        pub tolerations: Vec<super::scheduling::Toleration> = "tolerations" omitempty,
    }
}

wire_struct! {
    /// One container of a pod.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Container as "v1.Container" {
        /// Name, unique in the pod.
        pub name: String = "name" always,
        /// The image it runs.
        pub image: String = "image" always,
        /// Ports it exposes.
        pub ports: Vec<ContainerPort> = "ports" omitempty,
        /// Where it mounts which volume.
        pub volume_mounts: Vec<VolumeMount> = "volumeMounts" omitempty,
        /// What the container asks of its node (the scheduler counts `requests`). Go's
        /// `omitempty` never leaves out a struct: the API shows `resources: {}`.
        pub resources: ResourceRequirements = "resources" always,
        /// When the kubelet starts asking whether the container is ready, and how often.
        pub readiness_probe: Option<Probe> = "readinessProbe" omitempty,
        /// When the kubelet starts asking whether the container is alive, and how often.
        pub liveness_probe: Option<Probe> = "livenessProbe" omitempty,
    }
}

wire_struct! {
    /// A container's resources: what it is guaranteed (`requests`, which the scheduler
    /// fits on nodes) and what it may use at most (`limits`, not enforced here).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ResourceRequirements as "v1.ResourceRequirements" {
        /// Upper bounds by resource name.
        pub limits: super::quantity::ResourceList = "limits" omitempty,
        /// Guaranteed amounts by resource name (`cpu`, `memory`).
        pub requests: super::quantity::ResourceList = "requests" omitempty,
    }
}

wire_struct! {
    /// The timing of a probe. What it runs (`exec`, `httpGet`, `tcpSocket`) is accepted but
    /// not simulated: `sim pod unready|ready` decides the result.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Probe as "v1.Probe" {
        /// Seconds after the container starts before the first probe (default 0).
        pub initial_delay_seconds: Option<i32> = "initialDelaySeconds" omitempty,
        /// Seconds between probes (default 10).
        pub period_seconds: Option<i32> = "periodSeconds" omitempty,
        /// Failures in a row before the result turns to failure (default 3).
        pub failure_threshold: Option<i32> = "failureThreshold" omitempty,
    }
}

impl PodSpec {
    /// What the pod asks of a node for `resource` (`cpu` in cores, `memory` in bytes):
    /// the sum over its containers, or the largest init container's if more
    /// (`computePodResourceRequest`).
    pub fn request(&self, resource: &str) -> f64 {
        let of = |c: &Container| c.resources.requests.value(resource);
        let main: f64 = self.containers.iter().map(of).sum();
        self.init_containers.iter().map(of).fold(main, f64::max)
    }
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

wire_struct! {
    /// A port a container exposes.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ContainerPort as "v1.ContainerPort" {
        /// The port number in the container.
        pub container_port: i32 = "containerPort" always,
        /// Optional IANA-style name, used by Services and SRV records.
        pub name: Option<String> = "name" omitempty,
        /// `TCP` (default), `UDP` or `SCTP`.
        pub protocol: Option<String> = "protocol" omitempty,
    }
}

wire_struct! {
    /// A mount of a volume into a container.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct VolumeMount as "v1.VolumeMount" {
        /// Name of the pod volume.
        pub name: String = "name" always,
        /// Path in the container.
        pub mount_path: String = "mountPath" always,
    }
}

wire_struct! {
    /// A pod volume. Only the sources the simulation models are typed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Volume as "v1.Volume" {
        /// Name the mounts refer to.
        pub name: String = "name" always,
        /// A claim on a PersistentVolumeClaim.
        pub persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource> = "persistentVolumeClaim" omitempty,
        /// A scratch directory that lives as long as the pod.
        pub empty_dir: Option<EmptyDirVolumeSource> = "emptyDir" omitempty,
        /// The keys of a ConfigMap as files.
        pub config_map: Option<ConfigMapVolumeSource> = "configMap" omitempty,
        /// The keys of a Secret as files.
        pub secret: Option<SecretVolumeSource> = "secret" omitempty,
    }
}

wire_struct! {
    /// An emptyDir volume (its medium and size limit are not simulated).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct EmptyDirVolumeSource as "v1.EmptyDirVolumeSource" {}
}

wire_struct! {
    /// A ConfigMap mounted as files.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ConfigMapVolumeSource as "v1.ConfigMapVolumeSource" {
        /// The ConfigMap in the pod's namespace.
        pub name: String = "name" always,
        /// Whether the pod may start without it.
        pub optional: Option<bool> = "optional" omitempty,
    }
}

wire_struct! {
    /// A Secret mounted as files.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct SecretVolumeSource as "v1.SecretVolumeSource" {
        /// The Secret in the pod's namespace.
        pub secret_name: String = "secretName" always,
        /// Whether the pod may start without it.
        pub optional: Option<bool> = "optional" omitempty,
    }
}

wire_struct! {
    /// The claim a PVC volume refers to.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PersistentVolumeClaimVolumeSource as "v1.PersistentVolumeClaimVolumeSource" {
        /// Name of the PVC in the pod's namespace.
        pub claim_name: String = "claimName" always,
        /// Whether the volume is mounted read-only.
        pub read_only: Option<bool> = "readOnly" omitempty,
    }
}

/// The lifecycle phase of a pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum PodPhase {
    /// Accepted, but not all containers are running yet (scheduling, pulling, creating).
    #[default]
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

/// On the wire a phase is a string (Go's `PodPhase string`); one the simulation does not
/// know reads as `Unknown`.
impl Wire for PodPhase {
    fn go_type() -> String {
        "v1.PodPhase".into()
    }
    fn encode(&self) -> Value {
        Value::String(self.as_str().into())
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        let phase = String::decode(value).map_err(|_| DecodeError::mismatch(value, Self::go_type()))?;
        Ok(match phase.as_str() {
            "Pending" => PodPhase::Pending,
            "Running" => PodPhase::Running,
            "Succeeded" => PodPhase::Succeeded,
            "Failed" => PodPhase::Failed,
            _ => PodPhase::Unknown,
        })
    }
}

wire_struct! {
    /// `status` of a pod.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PodStatus as "v1.PodStatus" {
        /// The phase; unset until the API server accepts the pod.
        pub phase: Option<PodPhase> = "phase" omitempty,
        /// PodScheduled, Initialized, ContainersReady, Ready.
        pub conditions: Vec<PodCondition> = "conditions" omitempty,
        /// IP of the node the pod runs on.
        pub host_ip: Option<String> = "hostIP" omitempty,
        /// IP of the pod, once its sandbox exists.
        pub pod_ip: Option<String> = "podIP" omitempty,
        /// When the kubelet accepted the pod.
        pub start_time: Option<Timestamp> = "startTime" omitempty,
        /// A short reason for the current state, e.g. `Evicted`.
        pub reason: Option<String> = "reason" omitempty,
        /// Per-init-container state.
        pub init_container_statuses: Vec<ContainerStatus> = "initContainerStatuses" omitempty,
        /// Per-container state.
        pub container_statuses: Vec<ContainerStatus> = "containerStatuses" omitempty,
    }
}

wire_struct! {
    /// One pod condition.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PodCondition as "v1.PodCondition" {
        /// `PodScheduled`, `Initialized`, `ContainersReady` or `Ready`.
        pub type_: String = "type" always,
        /// `True`, `False` or `Unknown`.
        pub status: String = "status" always,
        /// When `status` last changed.
        pub last_transition_time: Option<Timestamp> = "lastTransitionTime" omitempty,
        /// Machine-readable reason for the status.
        pub reason: Option<String> = "reason" omitempty,
    }
}

wire_struct! {
    /// The state of one container as the kubelet reports it.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ContainerStatus as "v1.ContainerStatus" {
        /// Container name.
        pub name: String = "name" always,
        /// Whether its readiness check passes.
        pub ready: bool = "ready" always,
        /// How many times it has been restarted.
        pub restart_count: i32 = "restartCount" always,
        /// The image it runs.
        pub image: String = "image" always,
        /// Whether it has started.
        pub started: Option<bool> = "started" omitempty,
        /// Waiting, running or terminated.
        pub state: ContainerState = "state" always,
    }
}

wire_struct! {
    /// One of the three container states (exactly one field is set).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ContainerState as "v1.ContainerState" {
        /// Not running yet, with a reason such as `ContainerCreating`.
        pub waiting: Option<ContainerStateWaiting> = "waiting" omitempty,
        /// Running since `startedAt`.
        pub running: Option<ContainerStateRunning> = "running" omitempty,
        /// Exited, with its exit code.
        pub terminated: Option<ContainerStateTerminated> = "terminated" omitempty,
    }
}

wire_struct! {
    /// A container that has exited.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ContainerStateTerminated as "v1.ContainerStateTerminated" {
        /// The process's exit code.
        pub exit_code: i32 = "exitCode" always,
        /// `Completed`, `Error`, `OOMKilled`.
        pub reason: Option<String> = "reason" omitempty,
        /// When it exited.
        pub finished_at: Option<Timestamp> = "finishedAt" omitempty,
    }
}

wire_struct! {
    /// A waiting container's reason.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ContainerStateWaiting as "v1.ContainerStateWaiting" {
        /// e.g. `ContainerCreating`, `CrashLoopBackOff`, `ImagePullBackOff`.
        pub reason: Option<String> = "reason" omitempty,
        /// The detail, e.g. the back-off.
        pub message: Option<String> = "message" omitempty,
    }
}

wire_struct! {
    /// A running container's start time.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ContainerStateRunning as "v1.ContainerStateRunning" {
        /// When it started.
        pub started_at: Option<Timestamp> = "startedAt" omitempty,
    }
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
