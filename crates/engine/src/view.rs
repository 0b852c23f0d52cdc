//! What the picture shows, derived from the cluster: nodes, and for each StatefulSet one
//! column per identity (ordinal) holding its pod (if any), claims and DNS name, plus the
//! DNS records and the event log. Plain data, compared by value, so a view can redraw
//! only when it changed; it holds no rules the page would have to know.

use crate::api::{Event, Node, PersistentVolumeClaim, Pod, StatefulSet};
use crate::controller::statefulset::{claim_name, pod_name};
use crate::dns::{self, DnsRecord, RecordType, CLUSTER_DOMAIN};
use crate::flat_map::FlatSet;
use crate::ordinal::parent_and_ordinal;
use crate::simulation::Simulation;
use crate::store::ObjectKey;

/// Everything the page draws at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterView {
    /// Simulated time as `HH:MM:SS` since the start.
    pub clock: String,
    /// Simulated milliseconds since the start.
    pub time_ms: u64,
    /// The nodes, by name.
    pub nodes: Vec<NodeView>,
    /// The StatefulSets, by name.
    pub sets: Vec<SetView>,
    /// Every DNS name that resolves now.
    pub dns: Vec<DnsRecord>,
    /// The newest [`VIEW_EVENTS`] events, oldest first by when they last happened.
    pub events: Vec<EventView>,
    /// The Deployments, by name, drawn beside the sets for the contrast.
    pub deployments: Vec<DeploymentView>,
}

/// A Deployment and its pods: interchangeable, random names, nothing kept per pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentView {
    /// Deployment name.
    pub name: String,
    /// `spec.replicas`.
    pub desired: i32,
    /// `status.readyReplicas`.
    pub ready: i32,
    /// Its pods (through its ReplicaSets), oldest first.
    pub pods: Vec<PodView>,
}

/// How many of the newest events the view carries (a page shows a few; a large cluster
/// has thousands, and building their rows on every tick would dominate a frame).
pub const VIEW_EVENTS: usize = 50;

/// A node lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeView {
    /// Node name.
    pub name: String,
    /// Its zone.
    pub zone: String,
    /// Whether its Ready condition is True.
    pub ready: bool,
    /// Whether it is cordoned.
    pub cordoned: bool,
    /// Whether its kubelet has stopped (`sim node fail`): the control plane notices only
    /// after the grace period, when `ready` turns false.
    pub failed: bool,
}

/// One StatefulSet and its identities.
#[derive(Debug, Clone, PartialEq)]
pub struct SetView {
    /// Set name.
    pub name: String,
    /// `spec.replicas`.
    pub desired: i32,
    /// `status.readyReplicas`.
    pub ready: i32,
    /// `OrderedReady` or `Parallel`.
    pub policy: String,
    /// The rolling update's partition (ordinals below it keep the old revision).
    pub partition: i32,
    /// `persistentVolumeClaimRetentionPolicy.whenDeleted` deletes the claims.
    pub when_deleted_delete: bool,
    /// `persistentVolumeClaimRetentionPolicy.whenScaled` deletes the claims.
    pub when_scaled_delete: bool,
    /// The template's first container and its image.
    pub container: Option<(String, String)>,
    /// The headless Service name, if set.
    pub service: Option<String>,
    /// One column per ordinal that is wanted, has a pod, or has a claim.
    pub identities: Vec<IdentityView>,
}

/// One ordinal of a set: the things that keep its identity.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityView {
    /// The ordinal.
    pub ordinal: i64,
    /// `<set>-<ordinal>`.
    pub name: String,
    /// Whether the ordinal is within `[start, start + replicas)`.
    pub wanted: bool,
    /// The pod holding the identity now, if any.
    pub pod: Option<PodView>,
    /// The identity's claims (kept when the pod is gone).
    pub claims: Vec<ClaimView>,
    /// The stable DNS name (when the set names a Service).
    pub dns_name: Option<String>,
    /// The IP that name resolves to now, if it resolves.
    pub dns_ip: Option<String>,
}

/// How a pod is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodStage {
    /// Not yet on a node, or waiting for its volume.
    Pending,
    /// On a node, containers being created.
    Creating,
    /// Running but not Ready.
    Running,
    /// Running and Ready.
    Ready,
    /// Being deleted.
    Terminating,
    /// Failed or Succeeded.
    Finished,
}

/// A pod, as its card shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodView {
    /// Pod name.
    pub name: String,
    /// Its uid (changes with every incarnation).
    pub uid: String,
    /// kubectl's STATUS column.
    pub status: String,
    /// kubectl's READY column.
    pub ready: String,
    /// How to draw it.
    pub stage: PodStage,
    /// Pod IP, once it has one.
    pub ip: Option<String>,
    /// The node it is bound to.
    pub node: Option<String>,
    /// Container restarts.
    pub restarts: i32,
    /// The revision it runs (its `controller-revision-hash` label), if any.
    pub revision: Option<String>,
    /// Whether that is the set's update revision (false while a rollout has yet to
    /// reach it).
    pub updated: bool,
}

/// A claim and its volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimView {
    /// Claim name.
    pub name: String,
    /// `Pending` or `Bound`.
    pub phase: String,
    /// The bound volume.
    pub volume: Option<String>,
    /// The storage class.
    pub storage_class: Option<String>,
    /// Requested or bound size.
    pub capacity: Option<String>,
    /// The node the volume is attached to, if it is.
    pub attached_to: Option<String>,
    /// What the volume holds: files (paths start with `/`) and keys of the replicated
    /// model, with their contents.
    pub data: Vec<(String, String)>,
    /// The pod whose data the volume was cloned from, if it was.
    pub cloned_from: Option<String>,
}

/// One line of the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventView {
    /// When it last happened, `HH:MM:SS` since the start.
    pub clock: String,
    /// `Normal` or `Warning`.
    pub type_: String,
    /// The reason.
    pub reason: String,
    /// `kind/name` of the object.
    pub object: String,
    /// The message.
    pub message: String,
    /// How many times it happened.
    pub count: i32,
}

fn pod_stage(pod: &Pod) -> PodStage {
    use crate::api::PodPhase::*;
    if pod.metadata.is_terminating() {
        return PodStage::Terminating;
    }
    match pod.status.phase {
        Some(Failed | Succeeded) => PodStage::Finished,
        Some(Running) if pod.is_ready() => PodStage::Ready,
        Some(Running) => PodStage::Running,
        _ if pod.status.start_time.is_some() => PodStage::Creating,
        _ => PodStage::Pending,
    }
}

fn pod_view(pod: &Pod, update_revision: Option<&str>) -> PodView {
    let revision = pod.metadata.labels.get(crate::controller::revisions::POD_REVISION_LABEL).cloned();
    PodView {
        updated: revision.is_some() && revision.as_deref() == update_revision,
        revision,
        name: pod.metadata.name.clone(),
        uid: pod.metadata.uid.clone(),
        status: pod.kubectl_status(),
        ready: pod.kubectl_ready(),
        stage: pod_stage(pod),
        ip: pod.status.pod_ip.clone(),
        node: pod.spec.node_name.clone(),
        restarts: pod.restarts(),
    }
}

fn claim_view(sim: &Simulation, claim: &PersistentVolumeClaim) -> ClaimView {
    let capacity = claim
        .status
        .as_ref()
        .and_then(|s| s.capacity.get("storage").cloned())
        .or_else(|| claim.requested_storage().map(String::from));
    let volume = claim.spec.volume_name.clone();
    let store = volume.as_ref().and_then(|v| sim.data.store(&crate::data::Place::Volume(v.clone())));
    ClaimView {
        name: claim.metadata.name.clone(),
        phase: claim.phase().to_string(),
        attached_to: volume.as_deref().and_then(|v| sim.attachments().node_of(v)).map(String::from),
        data: store.map(|s| s.entries.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default(),
        cloned_from: store.and_then(|s| s.cloned_from.clone()),
        volume,
        storage_class: claim.spec.storage_class_name.clone(),
        capacity,
    }
}

fn deployment_view(sim: &Simulation, deployment: &crate::api::Deployment) -> DeploymentView {
    let cluster = sim.cluster();
    let owned_by = |meta: &crate::api::meta::ObjectMeta, uid: &str| meta.controller_ref().is_some_and(|r| r.uid == uid);
    let sets: Vec<String> = cluster
        .list::<crate::api::ReplicaSet>()
        .values()
        .filter(|rs| owned_by(&rs.metadata, &deployment.metadata.uid))
        .map(|rs| rs.metadata.uid.clone())
        .collect();
    let pods = cluster
        .list::<Pod>()
        .in_creation_order()
        .into_iter()
        .filter(|p| sets.iter().any(|uid| owned_by(&p.metadata, uid)))
        .map(|p| pod_view(p, None))
        .collect();
    DeploymentView {
        name: deployment.metadata.name.clone(),
        desired: deployment.replicas(),
        ready: deployment.status.as_ref().map_or(0, |s| s.ready_replicas),
        pods,
    }
}

fn set_view(sim: &Simulation, set: &StatefulSet, records: &[DnsRecord]) -> SetView {
    let cluster = sim.cluster();
    let ns = &set.metadata.namespace;
    let start = i64::from(set.start_ordinal());
    let mut ordinals: FlatSet<i64> = crate::sorting::set_from(start..start + i64::from(set.replicas().max(0)));
    for pod in cluster.list::<Pod>().values().filter(|p| &p.metadata.namespace == ns) {
        if pod.metadata.controller_ref().is_some_and(|r| r.uid == set.metadata.uid) {
            if let Some((_, o)) = parent_and_ordinal(&pod.metadata.name) {
                ordinals.insert(o);
            }
        }
    }
    for template in &set.spec.volume_claim_templates {
        let prefix = format!("{}-{}", template.metadata.name, set.metadata.name);
        for claim in cluster.list::<PersistentVolumeClaim>().values().filter(|c| &c.metadata.namespace == ns) {
            if let Some((parent, o)) = parent_and_ordinal(&claim.metadata.name) {
                if parent == prefix {
                    ordinals.insert(o);
                }
            }
        }
    }
    let service = set.spec.service_name.clone().filter(|s| !s.is_empty());
    let update_revision = set.status.as_ref().and_then(|s| s.update_revision.as_deref());
    let identities = ordinals
        .into_iter()
        .map(|ordinal| {
            let name = pod_name(set, ordinal);
            let pod = cluster.get::<Pod>(&ObjectKey::new(ns, &name)).map(|p| pod_view(p, update_revision));
            let claims = set
                .spec
                .volume_claim_templates
                .iter()
                .filter_map(|t| cluster.get::<PersistentVolumeClaim>(&ObjectKey::new(ns, claim_name(set, t, ordinal))))
                .map(|c| claim_view(sim, c))
                .collect();
            let dns_name = service.as_ref().map(|svc| format!("{name}.{svc}.{ns}.svc.{CLUSTER_DOMAIN}"));
            let dns_ip = dns_name.as_ref().and_then(|fqdn| {
                records
                    .iter()
                    .find(|r| r.type_ == RecordType::A && &r.name == fqdn)
                    .and_then(|r| r.answers.first().cloned())
            });
            IdentityView {
                ordinal,
                name,
                wanted: ordinal >= start && ordinal < start + i64::from(set.replicas()),
                pod,
                claims,
                dns_name,
                dns_ip,
            }
        })
        .collect();
    SetView {
        name: set.metadata.name.clone(),
        desired: set.replicas(),
        ready: set.status.as_ref().map_or(0, |s| s.ready_replicas),
        policy: set.spec.pod_management_policy.clone().unwrap_or_else(|| "OrderedReady".into()),
        partition: set.partition(),
        when_deleted_delete: set.retention().when_deleted_delete,
        when_scaled_delete: set.retention().when_scaled_delete,
        container: set.spec.template.spec.containers.first().map(|c| (c.name.clone(), c.image.clone())),
        service,
        identities,
    }
}

impl ClusterView {
    /// The view of `sim` at its current moment.
    pub fn of(sim: &Simulation) -> Self {
        let cluster = sim.cluster();
        let records = dns::records(cluster);
        let nodes = cluster
            .list::<Node>()
            .values()
            .map(|n| NodeView {
                name: n.metadata.name.clone(),
                zone: n.zone().unwrap_or_default().to_string(),
                ready: n.is_ready(),
                cordoned: n.is_unschedulable(),
                failed: sim.nodes.is_failed(&n.metadata.name),
            })
            .collect();
        let sets = cluster.list::<StatefulSet>().values().map(|s| set_view(sim, s, &records)).collect();
        // Oldest first by when they last happened, so a repeated event moves to the end.
        let mut events = cluster.list::<Event>().in_creation_order();
        crate::sorting::sort_by_key(&mut events, |e| e.last_timestamp);
        let newest = events.len().saturating_sub(VIEW_EVENTS);
        let events = events
            .into_iter()
            .skip(newest)
            .map(|e| EventView {
                clock: e.last_timestamp.0.to_clock(),
                type_: e.type_.clone(),
                reason: e.reason.clone(),
                object: format!("{}/{}", e.involved_object.kind.to_ascii_lowercase(), e.involved_object.name),
                message: e.message.clone(),
                count: e.count,
            })
            .collect();
        let deployments = cluster.list::<crate::api::Deployment>().values().map(|d| deployment_view(sim, d)).collect();
        ClusterView {
            clock: sim.now().to_clock(),
            time_ms: sim.now().as_millis(),
            nodes,
            sets,
            dns: records,
            events,
            deployments,
        }
    }
}
