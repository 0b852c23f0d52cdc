//! The scheduler: binds each unscheduled pod to a node that passes its filters, in the
//! default plugin order (NodeUnschedulable, TaintToleration, NodeAffinity,
//! NodeResourcesFit, VolumeBinding, InterPodAffinity), each node failing at its first
//! filter. Requests are fitted against the node's allocatable cpu, memory and pods;
//! required pod affinity and anti-affinity (the pod's own terms, and placed pods'
//! anti-affinity against it) are checked per topology domain. A pod that found no node
//! tries again when a placed pod goes or a node changes. Among the nodes that fit it spreads a controller's pods
//! (fewest pods of the same owner first, then fewest pods), breaking ties with the
//! seeded random source. A pod that fits nowhere gets `FailedScheduling` with the
//! scheduler's histogram of reasons. With claims of a
//! WaitForFirstConsumer class it first picks the node, asks for the volumes there, and
//! binds the pod once they are bound, as the VolumeBinding plugin does.
//!
//! Like the real scheduler it keeps a cache fed by the watch (which node each bound pod
//! is on), so placing a pod costs the number of nodes, not the number of pods.

use crate::api::meta::Timestamp;
use crate::api::pv::VolumeNodeAffinity;
use crate::api::scheduling::{node_matches, Taint, NOT_READY_TAINT, UNSCHEDULABLE_TAINT};
use crate::api::{Node, PersistentVolumeClaim, Pod};
use crate::cluster::{Change, ChangeOp};
use crate::flat_map::{FlatMap, FlatSet};
use crate::simulation::Simulation;
use crate::store::{ObjectKey, Store};
use crate::volumes::SELECTED_NODE_ANNOTATION;

/// The scheduler's memory between attempts.
#[derive(Debug, Clone, Default)]
pub struct SchedulerState {
    /// Pods given a node whose volumes are still being provisioned: key → (uid, node).
    /// (The object store's map type: one entry per pod, inserted in logarithmic time.)
    assumed: Store<Placed>,
    /// Each bound, non-terminal pod: its node, controller and requests.
    placed: Store<Placed>,
    /// Per node: how many pods it runs, in all and per controller uid.
    usage: FlatMap<String, NodeUsage>,
    /// Pods the last attempt found no node for: tried again when a placed pod goes.
    unschedulable: FlatSet<ObjectKey>,
    /// Bound pods with required anti-affinity terms, which every placement must respect.
    anti_affinity: FlatSet<ObjectKey>,
    /// Pods left unbound, by the claims they name, to retry when such a claim changes:
    /// keyed by [`waiting_key`] (claim, then pod), so a claim's pods are one range.
    waiting_on: crate::object_index::ObjectIndex,
}

/// A bound pod as the scheduler's cache holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Placed {
    node: String,
    /// The uid of its controller, empty for none.
    owner: String,
    /// Its requests: cpu in millicores, memory in bytes.
    requests: (i64, i64),
}

/// The pods a node runs, as the scheduler counts them: for spreading and for fitting
/// requests against the node's allocatable resources.
#[derive(Debug, Clone, Default)]
struct NodeUsage {
    pods: usize,
    by_controller: FlatMap<String, u32>,
    /// Requested cpu millicores and memory bytes.
    requested: (i64, i64),
}

impl SchedulerState {
    /// Moves the pod at `key` in the cache to `now`, or out.
    fn place(&mut self, key: &ObjectKey, now: Option<Placed>) {
        if self.placed.get(key) == now.as_ref() {
            return;
        }
        if let Some(old) = self.placed.remove(key) {
            if let Some(usage) = self.usage.get_mut(&old.node) {
                usage.pods = usage.pods.saturating_sub(1);
                usage.requested.0 -= old.requests.0;
                usage.requested.1 -= old.requests.1;
                if let Some(n) = usage.by_controller.get_mut(&old.owner).filter(|_| !old.owner.is_empty()) {
                    *n = n.saturating_sub(1);
                }
            }
        }
        if let Some(new) = now {
            let usage = self.usage.entry(new.node.clone()).or_default();
            usage.pods += 1;
            usage.requested.0 += new.requests.0;
            usage.requested.1 += new.requests.1;
            if !new.owner.is_empty() {
                *usage.by_controller.entry(new.owner.clone()).or_default() += 1;
            }
            self.placed.insert(key.clone(), 0, std::rc::Rc::new(new));
        }
    }
}

/// A pod's cpu (millicores) and memory (bytes) requests, rounded up as the API's
/// `MilliValue` and `Value` round, so sums are exact.
fn requests(pod: &Pod) -> (i64, i64) {
    (millis(pod.spec.request("cpu")), whole(pod.spec.request("memory")))
}

fn millis(cores: f64) -> i64 {
    (cores * 1000.0).ceil() as i64
}

fn whole(units: f64) -> i64 {
    units.ceil() as i64
}

/// Keeps the cache of placed pods; queues a pod that needs a node; forgets a deleted one.
pub(crate) fn on_pod_change(sim: &mut Simulation, change: &Change) {
    if change.op == ChangeOp::Deleted {
        sim.scheduler.assumed.remove(&change.key);
        let was_placed = sim.scheduler.placed.contains(&change.key);
        sim.scheduler.place(&change.key, None);
        sim.scheduler.anti_affinity.remove(&change.key);
        sim.scheduler.unschedulable.remove(&change.key);
        // A pod gone from a node frees its requests and its (anti-)affinity: the pods
        // waiting for a node try again (the scheduling queue's AssignedPodDelete event).
        if was_placed {
            retry_unschedulable(sim);
        }
        sim.queues.unscheduled.remove(&change.key);
        return;
    }
    let Some(pod) = sim.cluster.get::<Pod>(&change.key) else { return };
    let placed = match (&pod.spec.node_name, pod.is_terminal()) {
        (Some(node), false) => Some(Placed {
            node: node.clone(),
            owner: pod.metadata.controller_ref().map(|r| r.uid.clone()).unwrap_or_default(),
            requests: requests(pod),
        }),
        _ => None,
    };
    let unscheduled = pod.spec.node_name.is_none() && !pod.metadata.is_terminating();
    let has_anti_affinity = has_required(pod.spec.affinity.as_ref().and_then(|a| a.pod_anti_affinity.as_ref()));
    match placed.is_some() && has_anti_affinity {
        true => sim.scheduler.anti_affinity.insert(change.key.clone()),
        false => sim.scheduler.anti_affinity.remove(&change.key),
    };
    let freed = placed.is_none() && sim.scheduler.placed.contains(&change.key);
    if !unscheduled {
        sim.scheduler.unschedulable.remove(&change.key);
    }
    sim.scheduler.place(&change.key, placed);
    if freed {
        retry_unschedulable(sim);
    }
    if unscheduled {
        sim.queues.unscheduled.insert(change.key.clone());
    }
}

/// Retries the pods left unbound that name a claim that just changed (bound, created).
pub(crate) fn on_claim_change(sim: &mut Simulation, change: &Change) {
    let prefix = claim_prefix(&change.key);
    for key in sim.scheduler.waiting_on.names_with_prefix(&prefix) {
        if let Some((_, pod)) = sim.scheduler.waiting_on.remove(&key) {
            sim.queues.unscheduled.insert(pod);
        }
    }
}

/// The start of the keys of the pods waiting on `claim`: namespace and name, each
/// ended by a NUL (which no name holds).
fn claim_prefix(claim: &ObjectKey) -> String {
    format!("{}\0{}\0", claim.namespace, claim.name)
}

/// The key of `pod` waiting on `claim` in the scheduler's `waiting_on` index.
fn waiting_key(claim: &ObjectKey, pod: &ObjectKey) -> String {
    format!("{}{}", claim_prefix(claim), pod.name)
}

/// Queues again every pod that found no node (a placed pod went, a volume appeared).
pub(crate) fn retry_unschedulable(sim: &mut Simulation) {
    let waiting = std::mem::take(&mut sim.scheduler.unschedulable);
    sim.queues.unscheduled.extend(waiting);
}

/// Retries every unscheduled pod when a node changes.
pub(crate) fn on_node_change(sim: &mut Simulation) {
    let waiting: Vec<ObjectKey> = sim
        .cluster
        .list::<Pod>()
        .iter()
        .filter(|(_, p)| p.spec.node_name.is_none() && !p.metadata.is_terminating())
        .map(|(k, _)| k.clone())
        .collect();
    sim.queues.unscheduled.extend(waiting);
}

fn claim_names(pod: &Pod) -> impl Iterator<Item = &str> {
    pod.spec.volumes.iter().filter_map(|v| v.persistent_volume_claim.as_ref()).map(|c| c.claim_name.as_str())
}

/// One scheduling attempt for the pod at `key`.
pub(crate) fn schedule(sim: &mut Simulation, key: &ObjectKey) {
    let Some(pod) = sim.cluster.get::<Pod>(key).cloned() else {
        return;
    };
    if pod.spec.node_name.is_some() || pod.metadata.is_terminating() {
        return;
    }
    // Until it is bound, a change to any of its claims brings the pod back.
    for claim in claim_names(&pod) {
        let claim = ObjectKey::new(&key.namespace, claim);
        let waiting = waiting_key(&claim, key);
        if !sim.scheduler.waiting_on.contains_key(&waiting) {
            sim.scheduler.waiting_on.insert(waiting, (crate::api::Kind::Pod, key.clone()));
        }
    }
    let claims: Vec<Option<PersistentVolumeClaim>> = claim_names(&pod)
        .map(|c| sim.cluster.get::<PersistentVolumeClaim>(&ObjectKey::new(&key.namespace, c)).cloned())
        .collect();
    if let Some(Placed { owner: uid, node, .. }) = sim.scheduler.assumed.get(key).cloned() {
        if uid == pod.metadata.uid {
            if claims.iter().all(|c| c.as_ref().is_some_and(|c| c.spec.volume_name.is_some())) {
                sim.scheduler.assumed.remove(key);
                bind(sim, pod, &node);
            }
            return;
        }
    }
    let total = sim.cluster.list::<Node>().len();
    if let Some(missing) = claim_names(&pod).zip(&claims).find(|(_, c)| c.is_none()).map(|(n, _)| n.to_string()) {
        let message = format!(
            "0/{total} nodes are available: persistentvolumeclaim \"{missing}\" not found. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling."
        );
        sim.cluster.record_event(&pod, "Warning", "FailedScheduling", message, "default-scheduler");
        return;
    }
    let Some(node) = choose_node(sim, &pod) else {
        sim.scheduler.unschedulable.insert(key.clone());
        let message = unschedulable_message(sim, &pod);
        sim.cluster.record_event(&pod, "Warning", "FailedScheduling", message, "default-scheduler");
        return;
    };
    let unbound: Vec<PersistentVolumeClaim> =
        claims.into_iter().flatten().filter(|c| c.spec.volume_name.is_none()).collect();
    if unbound.is_empty() {
        bind(sim, pod, &node);
        return;
    }
    for mut claim in unbound {
        claim.metadata.annotations.insert(SELECTED_NODE_ANNOTATION.into(), node.clone());
        let _ = sim.cluster.update(claim);
    }
    // The same record as a placed pod's, with the pod's own uid where the owner goes.
    let assumed = Placed { node, owner: pod.metadata.uid.clone(), requests: (0, 0) };
    sim.scheduler.assumed.insert(key.clone(), 0, std::rc::Rc::new(assumed));
}

/// What the filters need to know besides the node and the pod: the pod's bound volumes,
/// the cache of what each node runs, and the pods that (anti-)affinity terms look at.
pub(crate) struct FitContext<'a> {
    volumes: Vec<VolumeNodeAffinity>,
    /// The pod's unbound claims that only a volume made by hand can serve (a
    /// WaitForFirstConsumer class without a provisioner), each with its candidates.
    static_claims: Vec<Vec<Option<VolumeNodeAffinity>>>,
    usage: &'a FlatMap<String, NodeUsage>,
    inter_pod: InterPod,
}

impl<'a> FitContext<'a> {
    /// The context for placing `pod` now.
    fn new(sim: &'a Simulation, pod: &Pod) -> Self {
        FitContext {
            volumes: volume_affinities(sim, pod),
            static_claims: static_claims(sim, pod),
            usage: &sim.scheduler.usage,
            inter_pod: InterPod::new(sim, pod),
        }
    }
}

/// Why `node` cannot take `pod`, worded as the scheduler's plugins word it, in the
/// default filter order (NodeUnschedulable, TaintToleration, NodeAffinity,
/// NodeResourcesFit, VolumeBinding, InterPodAffinity); each plugin stops the node, and
/// NodeResourcesFit gives every resource that is short. Empty if it fits.
pub(crate) fn filter(ctx: &FitContext<'_>, node: &Node, pod: &Pod) -> Vec<String> {
    let tolerated = |taint: &Taint| pod.spec.tolerations.iter().any(|t| t.tolerates(taint));
    if node.is_unschedulable() && !tolerated(&Taint::new(UNSCHEDULABLE_TAINT, "NoSchedule")) {
        return vec!["node(s) were unschedulable".into()];
    }
    // A node whose Ready condition is False carries the node lifecycle controller's
    // not-ready taint (an Unknown one has its unreachable taints in its spec).
    let not_ready = node.status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "False")
        || node.status.conditions.iter().all(|c| c.type_ != "Ready");
    let implied = not_ready.then(|| Taint::new(NOT_READY_TAINT, "NoSchedule"));
    let untolerated = implied
        .iter()
        .chain(&node.spec.taints)
        .filter(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
        .find(|t| !tolerated(t));
    if let Some(taint) = untolerated {
        let value = taint.value.as_deref().unwrap_or("");
        return vec![format!("node(s) had untolerated taint {{{}: {value}}}", taint.key)];
    }
    if !node_matches(&pod.spec.node_selector, pod.spec.affinity.as_ref(), node) {
        return vec!["node(s) didn't match Pod's node affinity/selector".into()];
    }
    let short = insufficient(ctx, node, pod);
    if !short.is_empty() {
        return short;
    }
    // VolumeBinding: every bound volume must be reachable from the node, and every claim
    // that needs a volume made by hand must have one usable from it.
    if !ctx.volumes.iter().all(|v| v.admits(node)) {
        return vec!["node(s) had volume node affinity conflict".into()];
    }
    let usable = |affinity: &Option<VolumeNodeAffinity>| affinity.as_ref().is_none_or(|a| a.admits(node));
    if !ctx.static_claims.iter().all(|candidates| candidates.iter().any(usable)) {
        return vec!["node(s) didn't find available persistent volumes to bind".into()];
    }
    ctx.inter_pod.reason(node).map(String::from).into_iter().collect()
}

/// NodeResourcesFit: what the node lacks for the pod's requests on top of what its pods
/// already request (`Insufficient cpu`, `Insufficient memory`), or its pod count
/// (`Too many pods`).
fn insufficient(ctx: &FitContext<'_>, node: &Node, pod: &Pod) -> Vec<String> {
    let usage = ctx.usage.get(&node.metadata.name);
    let allocatable = |name: &str| node.status.allocatable.get(name).and_then(|q| crate::api::quantity::value(q));
    let mut short = Vec::new();
    let pods = usage.map_or(0, |u| u.pods) as i64;
    if allocatable("pods").is_some_and(|max| pods + 1 > whole(max)) {
        short.push("Too many pods".to_string());
    }
    let (cpu, memory) = requests(pod);
    let (used_cpu, used_memory) = usage.map_or((0, 0), |u| u.requested);
    if cpu > 0 && allocatable("cpu").is_some_and(|max| used_cpu + cpu > millis(max)) {
        short.push("Insufficient cpu".into());
    }
    if memory > 0 && allocatable("memory").is_some_and(|max| used_memory + memory > whole(max)) {
        short.push("Insufficient memory".into());
    }
    short
}

/// InterPodAffinity for one pod: the topology domains its required affinity terms need,
/// those its anti-affinity terms forbid, and those the anti-affinity of pods already
/// placed forbids to it. Terminating pods still count, as in the scheduler's cache.
#[derive(Debug, Default)]
struct InterPod {
    /// Per affinity term: its topology key and the values that have a matching pod;
    /// `None` when no pod matches anywhere but the pod matches its own term (the first of
    /// a group may go anywhere the key exists).
    affinity: Vec<(String, Option<FlatSet<String>>)>,
    /// Per anti-affinity term: its topology key and the values that have a matching pod.
    anti_affinity: Vec<(String, FlatSet<String>)>,
    /// (topology key, value) pairs where a placed pod's anti-affinity excludes this pod.
    excluded_by_others: Vec<(String, String)>,
}

impl InterPod {
    /// What `pod`'s terms and the placed pods' anti-affinity say. Without terms of its own
    /// only the (cached) pods with anti-affinity are read, so most placements cost nothing.
    fn new(sim: &Simulation, pod: &Pod) -> Self {
        let affinity = pod.spec.affinity.as_ref();
        let wants_affinity = has_required(affinity.and_then(|a| a.pod_affinity.as_ref()));
        let wants_anti = has_required(affinity.and_then(|a| a.pod_anti_affinity.as_ref()));
        let nodes = sim.cluster.list::<Node>();
        let ns = &pod.metadata.namespace;
        let pods = sim.cluster.list::<Pod>();
        let with_node = |p: &'_ Pod| nodes.get(&ObjectKey::cluster_scoped(p.spec.node_name.as_deref()?));
        // Placed pods with their node: what every term is matched against.
        let placed: Vec<(&Pod, &Node)> = match wants_affinity || wants_anti {
            true => pods.values().filter(|p| !p.is_terminal()).filter_map(|p| Some((p, with_node(p)?))).collect(),
            false => sim
                .scheduler
                .anti_affinity
                .iter()
                .filter_map(|k| pods.get(k))
                .filter_map(|p| Some((p, with_node(p)?)))
                .collect(),
        };
        let placed: Vec<(&Pod, &Node)> =
            placed.into_iter().filter(|(p, _)| p.metadata.uid != pod.metadata.uid).collect();
        let domains = |term: &crate::api::scheduling::PodAffinityTerm| -> FlatSet<String> {
            crate::sorting::set_from(
                placed
                    .iter()
                    .filter(|(p, _)| term.selects(ns, &p.metadata.namespace, &p.metadata.labels))
                    .filter_map(|(_, n)| n.metadata.labels.get(&term.topology_key).cloned()),
            )
        };
        let mut out = InterPod::default();
        if wants_affinity {
            for term in affinity.and_then(|a| a.pod_affinity.as_ref()).map_or(&[][..], |a| &a.required) {
                let found = domains(term);
                let first_of_group = found.is_empty() && term.selects(ns, ns, &pod.metadata.labels);
                out.affinity.push((term.topology_key.clone(), (!first_of_group).then_some(found)));
            }
        }
        if wants_anti {
            for term in affinity.and_then(|a| a.pod_anti_affinity.as_ref()).map_or(&[][..], |a| &a.required) {
                out.anti_affinity.push((term.topology_key.clone(), domains(term)));
            }
        }
        for (other, node) in &placed {
            let terms = other.spec.affinity.as_ref().and_then(|a| a.pod_anti_affinity.as_ref());
            for term in terms.map_or(&[][..], |a| &a.required) {
                if term.selects(&other.metadata.namespace, ns, &pod.metadata.labels) {
                    if let Some(value) = node.metadata.labels.get(&term.topology_key) {
                        out.excluded_by_others.push((term.topology_key.clone(), value.clone()));
                    }
                }
            }
        }
        out
    }

    /// Why `node` breaks a rule, if it does.
    fn reason(&self, node: &Node) -> Option<&'static str> {
        let labels = &node.metadata.labels;
        let value = |key: &str| labels.get(key);
        let affinity_ok = self.affinity.iter().all(|(key, found)| match (value(key), found) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(v), Some(found)) => found.contains(v),
        });
        if !affinity_ok {
            return Some("node(s) didn't match pod affinity rules");
        }
        if self.anti_affinity.iter().any(|(key, found)| value(key).is_some_and(|v| found.contains(v))) {
            return Some("node(s) didn't match pod anti-affinity rules");
        }
        let excluded = self.excluded_by_others.iter().any(|(k, v)| labels.get(k) == Some(v));
        excluded.then_some("node(s) didn't satisfy existing pods anti-affinity rules")
    }
}

/// Whether a pod (anti-)affinity has required terms.
fn has_required(terms: Option<&crate::api::scheduling::PodAffinity>) -> bool {
    terms.is_some_and(|t| !t.required.is_empty())
}

/// Whether preemption could make room by evicting pods (the reason names pods or their
/// requests), as opposed to a node that no eviction would make fit.
fn resolvable_by_preemption(reason: &str) -> bool {
    reason.starts_with("Insufficient ") || reason == "Too many pods" || reason.ends_with("anti-affinity rules")
}

/// For each unbound claim of `pod` whose class waits for a consumer and has no
/// provisioner, the node affinities of the Available volumes that fit it.
fn static_claims(sim: &Simulation, pod: &Pod) -> Vec<Vec<Option<VolumeNodeAffinity>>> {
    let mut out = Vec::new();
    for name in claim_names(pod) {
        let key = ObjectKey::new(&pod.metadata.namespace, name);
        let Some(claim) = sim.cluster.get::<PersistentVolumeClaim>(&key) else { continue };
        let class = claim.spec.storage_class_name.as_deref().unwrap_or("");
        let class = sim.cluster.get::<crate::api::StorageClass>(&ObjectKey::cluster_scoped(class));
        let static_only =
            class.is_some_and(|c| c.waits_for_first_consumer() && c.provisioner == crate::volumes::NO_PROVISIONER);
        if claim.spec.volume_name.is_none() && static_only {
            let volumes = sim.cluster.list::<crate::api::PersistentVolume>();
            let fitting = volumes.values().filter(|v| crate::volumes::fits(v, claim, None));
            out.push(fitting.map(|v| v.spec.node_affinity.clone()).collect());
        }
    }
    out
}

/// The node affinities of the volumes bound to `pod`'s claims.
fn volume_affinities(sim: &Simulation, pod: &Pod) -> Vec<VolumeNodeAffinity> {
    crate::volumes::bound_volumes(sim, pod).into_iter().filter_map(|pv| pv.spec.node_affinity.clone()).collect()
}

/// `FitError`: how many nodes failed for each reason, sorted as text, then what
/// preemption found (every pod has the same priority, so evicting helps nothing), as the
/// scheduler words it.
fn unschedulable_message(sim: &Simulation, pod: &Pod) -> String {
    let nodes = sim.cluster.list::<Node>();
    let total = nodes.len();
    if total == 0 {
        return "no nodes available to schedule pods".into();
    }
    let ctx = FitContext::new(sim, pod);
    let mut reasons: FlatMap<String, u32> = FlatMap::new();
    let (mut no_victims, mut not_helpful) = (0, 0);
    for node in nodes.values() {
        let failed = filter(&ctx, node, pod);
        if failed.iter().all(|r| resolvable_by_preemption(r)) {
            no_victims += 1;
        } else {
            not_helpful += 1;
        }
        for reason in failed {
            *reasons.entry(reason).or_default() += 1;
        }
    }
    let mut counted: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
    crate::sorting::sort_by(&mut counted, |a, b| a.cmp(b));
    let mut preemption = Vec::new();
    if no_victims > 0 {
        preemption.push(format!("{no_victims} No preemption victims found for incoming pod"));
    }
    if not_helpful > 0 {
        preemption.push(format!("{not_helpful} Preemption is not helpful for scheduling"));
    }
    format!(
        "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {}.",
        counted.join(", "),
        preemption.join(", ")
    )
}

/// The node for `pod`: among the nodes that pass the filters, the one with the fewest
/// pods of the same controller, then the fewest pods; ties drawn from the seeded source.
fn choose_node(sim: &mut Simulation, pod: &Pod) -> Option<String> {
    let owner = pod.metadata.controller_ref().map(|r| r.uid.as_str());
    let ctx = FitContext::new(sim, pod);
    // Nodes come in name order from the store, so a list is enough.
    let scores: Vec<(String, (u32, usize))> = sim
        .cluster
        .list::<Node>()
        .values()
        .filter(|n| filter(&ctx, n, pod).is_empty())
        .map(|n| {
            let u = ctx.usage.get(&n.metadata.name);
            let same = u.zip(owner).and_then(|(u, o)| u.by_controller.get(o)).copied().unwrap_or(0);
            (n.metadata.name.clone(), (same, u.map_or(0, |u| u.pods)))
        })
        .collect();
    drop(ctx);
    let best = scores.iter().map(|(_, s)| *s).min()?;
    let tied: Vec<String> = scores.into_iter().filter(|(_, s)| *s == best).map(|(n, _)| n).collect();
    let pick = sim.cluster.random().below(tied.len());
    tied.into_iter().nth(pick)
}

/// Binds `pod` to `node`: `spec.nodeName`, `PodScheduled=True`, a `Scheduled` event.
fn bind(sim: &mut Simulation, mut pod: Pod, node: &str) {
    pod.spec.node_name = Some(node.to_string());
    pod.set_condition("PodScheduled", true, Timestamp(sim.cluster.now()));
    let message = format!("Successfully assigned {}/{} to {node}", pod.metadata.namespace, pod.metadata.name);
    if let Ok(pod) = sim.cluster.update(pod) {
        sim.cluster.record_event(&*pod, "Normal", "Scheduled", message, "default-scheduler");
    }
}
