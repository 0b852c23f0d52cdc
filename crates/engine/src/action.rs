//! What a user (or a script, or a test) can do to the simulation: intent-named actions.
//! The log of accepted actions is the simulation's whole history; replaying it from the
//! same seed rebuilds the same state.

use crate::api::Kind;
use crate::cluster::Propagation;
use crate::error::ApiError;
use crate::kubelet::{ImageBehaviour, PodFault};
use crate::manifest::ManifestError;
use crate::patch::PatchType;
use crate::time::SimDuration;

/// One user intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Create or update every document of a manifest (`kubectl apply -f`).
    Apply {
        /// The YAML text.
        manifest: String,
        /// Where it came from, for messages: `STDIN` or a file name.
        source: String,
    },
    /// Create every document of a manifest, refusing those that exist (`kubectl create`).
    Create {
        /// The YAML text.
        manifest: String,
        /// Where it came from, for messages: `STDIN` or a file name.
        source: String,
    },
    /// Set a StatefulSet's `spec.replicas` through its scale subresource.
    ScaleTo {
        /// The StatefulSet in the default namespace.
        statefulset: String,
        /// The desired count; negative values are refused by validation.
        replicas: i64,
    },
    /// Set a Deployment's or ReplicaSet's `spec.replicas` through its scale subresource.
    ScaleWorkload {
        /// `Deployment` or `ReplicaSet`.
        kind: Kind,
        /// Its name, in the default namespace.
        name: String,
        /// The desired count; negative values are refused by validation.
        replicas: i64,
    },
    /// Change a container's image in a Deployment's or ReplicaSet's template (`kubectl set
    /// image deploy/NAME`): for a Deployment, a rollout.
    SetWorkloadImage {
        /// `Deployment` or `ReplicaSet`.
        kind: Kind,
        /// Its name.
        name: String,
        /// The container (or init container) name.
        container: String,
        /// The new image.
        image: String,
    },
    /// Change a container's image in a StatefulSet's template (`kubectl set image`).
    SetImage {
        /// The StatefulSet.
        statefulset: String,
        /// The container (or init container) name.
        container: String,
        /// The new image.
        image: String,
    },
    /// Patch an object (`kubectl patch KIND NAME -p PATCH [--type]`).
    Patch {
        /// The object's kind.
        kind: Kind,
        /// Its name (in the default namespace if namespaced).
        name: String,
        /// The patch, JSON or YAML text.
        patch: String,
        /// Strategic merge (kubectl's default), JSON merge or JSON patch.
        patch_type: PatchType,
    },
    /// Set or remove labels or annotations (`kubectl label` / `kubectl annotate`).
    Label {
        /// The kind of the object to change.
        kind: Kind,
        /// The object's name (in the default namespace if namespaced).
        name: String,
        /// Keys to set, with their values.
        set: Vec<(String, String)>,
        /// Keys to remove (`key-`).
        remove: Vec<String>,
        /// Whether an existing key may get a new value (`--overwrite`).
        overwrite: bool,
        /// Annotations rather than labels.
        annotations: bool,
    },
    /// Delete a pod (`kubectl delete pod`), gracefully unless the grace period is 0.
    DeletePod {
        /// The pod in the default namespace.
        pod: String,
        /// Overrides the pod's `terminationGracePeriodSeconds`.
        grace_period_seconds: Option<i64>,
    },
    /// Evict a pod through the Eviction API, as `kubectl drain` does: refused while a
    /// PodDisruptionBudget covering it allows no disruption, otherwise a graceful
    /// deletion.
    EvictPod {
        /// The pod in the default namespace.
        pod: String,
    },
    /// Delete an object of any other kind (`kubectl delete sts|pvc|svc|pv|sc ...`).
    /// Deleting a StatefulSet leaves its pods and claims to the garbage collector,
    /// as `propagation` says; a claim in use by a pod stays `Terminating` until the pod
    /// is gone.
    Delete {
        /// The kind of object.
        kind: Kind,
        /// Its name (in the default namespace if namespaced).
        name: String,
        /// What happens to its dependents (`--cascade`).
        propagation: Propagation,
    },
    /// Let simulated time pass.
    Advance {
        /// How much.
        by: SimDuration,
    },
    /// Let time pass from one scheduled change to the next until nothing is pending, or
    /// until `limit` has passed (`sim settle`).
    Settle {
        /// The most simulated time to let pass.
        limit: SimDuration,
    },
    /// Make one pod misbehave or recover (`sim pod unready|ready|crash|heal|fail|succeed`).
    InjectFault {
        /// The pod in the default namespace.
        pod: String,
        /// What happens to it.
        fault: PodFault,
    },
    /// Say how containers running `image` behave from now on (`sim image`).
    SetImageBehaviour {
        /// The image reference, exactly as pod specs name it.
        image: String,
        /// How its containers behave.
        behaviour: ImageBehaviour,
    },
    /// Stop a node's kubelet and heartbeats (`sim node fail NODE`).
    FailNode {
        /// The node.
        node: String,
    },
    /// Bring a failed node back (`sim node recover NODE`).
    RecoverNode {
        /// The node.
        node: String,
    },
    /// Mark a node unschedulable or schedulable again (`kubectl cordon|uncordon NODE`).
    CordonNode {
        /// The node.
        node: String,
        /// True to cordon, false to uncordon.
        unschedulable: bool,
    },
    /// Add and remove taints on a node (`kubectl taint nodes NODE …`).
    TaintNode {
        /// The node.
        node: String,
        /// Taints to add (or replace with `overwrite`).
        add: Vec<crate::api::scheduling::Taint>,
        /// Taints to remove.
        remove: Vec<crate::node_admin::TaintRemoval>,
        /// `--overwrite`.
        overwrite: bool,
    },
    /// Add a Ready node (`sim node add NAME [--zone Z]`) with the next free podCIDR.
    AddNode {
        /// The node's name.
        name: String,
        /// Its zone; `zone-a` when not given.
        zone: Option<String>,
    },
    /// Make the StatefulSet controller's next `times` calls of `verb` on `kind` (on the
    /// object `name`, if given) fail with an internal error, as upstream's unit tests do
    /// with a fake client. For engine tests; the scenario language has no such directive.
    FailApiCalls {
        /// The verb to refuse.
        verb: crate::api_client::ApiVerb,
        /// The kind to refuse it on.
        kind: Kind,
        /// Only this object, if given.
        name: Option<String>,
        /// How many calls to refuse.
        times: u32,
    },
    /// Run a command in a pod's container (`kubectl exec POD [-c CONTAINER] -- COMMAND`).
    Exec {
        /// The pod in the default namespace.
        pod: String,
        /// The container; the pod's first when not given.
        container: Option<String>,
        /// The program and its arguments.
        command: Vec<String>,
    },
    /// Turn the replicated-data model on or off for a StatefulSet (`sim replication`).
    SetReplication {
        /// The StatefulSet in the default namespace.
        statefulset: String,
        /// On or off.
        on: bool,
    },
    /// Write a key to a pod's data (`sim write POD KEY=VALUE`).
    WriteData {
        /// The pod.
        pod: String,
        /// The key.
        key: String,
        /// Its new value.
        value: String,
    },
    /// Read a key from a pod's data (`sim read POD KEY`).
    ReadData {
        /// The pod.
        pod: String,
        /// The key.
        key: String,
    },
    /// Draw randomness from a new seed from now on (`sim seed` after the run started).
    Reseed {
        /// The new seed.
        seed: u64,
    },
}

/// The most replicas one workload (StatefulSet, Deployment, ReplicaSet) may have in the
/// playground. Kubernetes allows any
/// int32; a browser cannot simulate that many pods, so larger counts are refused.
pub const MAX_REPLICAS: i64 = 10_000;

/// Why an action was refused. A refused action changes nothing and is not logged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// Valid for Kubernetes, but more replicas than the playground simulates.
    #[error(
        "error: the playground simulates at most {MAX_REPLICAS} replicas per {kind}; \"{name}\" asks for {requested}"
    )]
    TooManyReplicas {
        /// The workload's kind.
        kind: Kind,
        /// The workload.
        name: String,
        /// The replicas asked for.
        requested: i64,
    },
    /// The API server refused it.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// kubectl itself refused it before asking the API server.
    #[error("error: {0}")]
    Kubectl(String),
    /// The manifest could not be read.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
}

/// What an accepted action printed, line by line, as kubectl would.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Output lines; a line for a document that failed inside a multi-document apply is
    /// among them, with its error text.
    pub lines: Vec<String>,
}
