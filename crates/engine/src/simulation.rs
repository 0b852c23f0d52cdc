//! The simulation: the API server's state, the controllers that react to it, and the
//! timers that stand for the passage of time, driven only by actions. This is the one
//! entry point the page, the runner and the tests share.
//!
//! Every change to the cluster produces a watch notification; notifications route work
//! to the controllers' queues (as informers do), and controllers run until there is
//! nothing left to do at the current moment. Time moves only through `Advance`, which
//! fires the due timers in order.

use crate::action::{Action, ActionError, Outcome};
use crate::api::{Kind, StatefulSet};
use crate::cluster::{Change, Cluster};
use crate::controller;
use crate::default_cluster;
use crate::endpoints;
use crate::flat_map::FlatSet;
use crate::gc::{self, GarbageCollectorState};
use crate::kubelet::{self, KubeletState};
use crate::network::PodIpAllocator;
use crate::scheduler::{self, SchedulerState};
use crate::store::ObjectKey;
use crate::time::{SimDuration, SimTime};
use crate::timers::{Timer, Timers};
use crate::timings::Timings;
use crate::volumes::{self, ProvisionerState};

/// Upper bound on controller steps at one moment; reaching it means a livelock bug,
/// which is reported in [`Simulation::warnings`] instead of hanging the page.
const MAX_STEPS_PER_MOMENT: usize = 5_000_000;

/// The work the controllers have queued.
#[derive(Debug, Clone, Default)]
pub(crate) struct WorkQueues {
    /// StatefulSets to sync.
    pub statefulsets: FlatSet<ObjectKey>,
    /// Pods for the scheduler to place.
    pub unscheduled: FlatSet<ObjectKey>,
    /// Services whose EndpointSlices need reconciling, and how much of them.
    pub endpoints: crate::flat_map::FlatMap<ObjectKey, endpoints::Work>,
    /// Claims being deleted whose protection finalizer may be removable.
    pub claim_protection: FlatSet<ObjectKey>,
    /// When each set waiting for a delayed sync is due (one pending moment per set).
    pub statefulset_waiting: crate::flat_map::FlatMap<ObjectKey, SimTime>,
    /// Deployments to sync.
    pub deployments: FlatSet<ObjectKey>,
    /// ReplicaSets to sync.
    pub replica_sets: FlatSet<ObjectKey>,
    /// When each Deployment waiting for a delayed sync is due.
    pub deployments_waiting: crate::flat_map::FlatMap<ObjectKey, SimTime>,
    /// When each ReplicaSet waiting for a delayed sync is due.
    pub replica_sets_waiting: crate::flat_map::FlatMap<ObjectKey, SimTime>,
    /// How many syncs of each StatefulSet failed in a row (for the retry back-off).
    /// (A list: only sets whose syncs are failing are in it, and a map would be one more
    /// B-tree type in the page.)
    pub statefulset_failures: Vec<(ObjectKey, u32)>,
    /// PodDisruptionBudgets to recount.
    pub budgets: FlatSet<ObjectKey>,
}

/// What `kubectl get -w` watches: objects of one kind, optionally one name or those a
/// selector picks, printed wide or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchRequest {
    /// The kind watched.
    pub kind: Kind,
    /// Only this object, if named.
    pub name: Option<String>,
    /// Only objects this label selector picks (kubectl's `-l` text).
    pub selector: Option<String>,
    /// Whether rows are printed `-o wide`.
    pub wide: bool,
}

/// One change a watch saw: the object, what happened, and the cluster just after, so
/// that the row can be printed as it was at that moment.
#[derive(Debug, Clone)]
pub struct WatchEvent {
    /// The object's key.
    pub key: ObjectKey,
    /// What happened to it.
    pub op: crate::cluster::ChangeOp,
    /// The cluster as it was after the change (for a deletion, just before it).
    pub cluster: std::rc::Rc<Cluster>,
}

/// The most changes one watch records between two reads; beyond it the watch stops
/// recording rather than copy the cluster without end.
pub const MAX_WATCH_EVENTS: usize = 2_000;

#[derive(Debug, Clone)]
struct Watch {
    request: WatchRequest,
    events: Vec<WatchEvent>,
    before: std::rc::Rc<Cluster>,
    overflowed: bool,
    printed: crate::flat_map::FlatMap<ObjectKey, String>,
}

/// A simulated cluster and everything that runs in it.
#[derive(Debug, Clone)]
pub struct Simulation {
    pub(crate) cluster: Cluster,
    pub(crate) timers: Timers,
    pub(crate) timings: Timings,
    pub(crate) queues: WorkQueues,
    pub(crate) ipam: PodIpAllocator,
    pub(crate) kubelet: KubeletState,
    pub(crate) scheduler: SchedulerState,
    pub(crate) provisioner: ProvisionerState,
    pub(crate) gc: GarbageCollectorState,
    pub(crate) endpoints: endpoints::EndpointsState,
    pub(crate) client: crate::api_client::ApiClient,
    pub(crate) nodes: crate::node_lifecycle::NodeLifecycleState,
    pub(crate) attach: crate::attach::AttachState,
    pub(crate) data: crate::data::DataState,
    pub(crate) set_views: controller::set_view::SetViews,
    seed: u64,
    watch: Option<Watch>,
    /// The host shell's variables (`grace=$(…)`), which later lines expand; the console's
    /// state, not the cluster's.
    pub(crate) shell_vars: crate::flat_map::FlatMap<String, String>,
    log: Vec<Action>,
    warnings: Vec<String>,
}

impl Simulation {
    /// The default cluster of the scenario language (three Ready nodes, the `standard`
    /// and `local-path` storage classes) at time 0, drawing randomness from `seed`.
    pub fn new(seed: u64) -> Self {
        let mut sim = Simulation {
            cluster: Cluster::new(seed),
            timers: Timers::default(),
            timings: Timings::default(),
            queues: WorkQueues::default(),
            ipam: PodIpAllocator::default(),
            kubelet: KubeletState::default(),
            scheduler: SchedulerState::default(),
            provisioner: ProvisionerState::default(),
            gc: GarbageCollectorState::default(),
            endpoints: endpoints::EndpointsState::default(),
            client: crate::api_client::ApiClient::default(),
            nodes: crate::node_lifecycle::NodeLifecycleState::default(),
            attach: crate::attach::AttachState::default(),
            data: crate::data::DataState::default(),
            set_views: Default::default(),
            seed,
            watch: None,
            shell_vars: Default::default(),
            log: Vec::new(),
            warnings: Vec::new(),
        };
        default_cluster::install(&mut sim.cluster);
        sim.run_controllers();
        sim
    }

    /// Rebuilds a simulation by replaying `actions` from a fresh cluster with `seed`.
    /// Actions that were refused when first applied are refused again and skipped.
    pub fn replay(seed: u64, actions: &[Action]) -> Self {
        let mut sim = Simulation::new(seed);
        for action in actions {
            let _ = sim.apply(action.clone());
        }
        sim
    }

    /// Performs one action. An accepted action is logged and its output returned; a
    /// refused one leaves the simulation exactly as it was.
    pub fn apply(&mut self, action: Action) -> Result<Outcome, ActionError> {
        let outcome = match &action {
            Action::Apply { manifest, source } => crate::apply::apply_manifest(self, manifest, source, false)?,
            Action::Create { manifest, source } => crate::apply::apply_manifest(self, manifest, source, true)?,
            Action::ScaleTo { statefulset, replicas } => self.scale(statefulset, *replicas)?,
            Action::ScaleWorkload { kind, name, replicas } => {
                crate::deployment_objects::scale_workload(self, *kind, name, *replicas)?
            }
            Action::SetWorkloadImage { kind, name, container, image } => {
                crate::deployment_objects::set_workload_image(self, *kind, name, container, image)?
            }
            Action::SetImage { statefulset, container, image } => {
                crate::apply::set_image(self, statefulset, container, image)?
            }
            Action::Patch { kind, name, patch, patch_type } => {
                crate::patch_object::patch_object(self, *kind, name, patch, *patch_type)?
            }
            Action::Label { kind, name, set, remove, overwrite, annotations } => {
                crate::apply::relabel(self, *kind, name, set, remove, *overwrite, *annotations)?
            }
            Action::DeletePod { pod, grace_period_seconds } => {
                let key = ObjectKey::default_ns(pod);
                let silent_node = self
                    .cluster
                    .get::<crate::api::Pod>(&key)
                    .and_then(|p| p.spec.node_name.clone())
                    .filter(|n| self.nodes.is_failed(n) && *grace_period_seconds == Some(0));
                self.cluster.delete_pod(&key, *grace_period_seconds)?;
                let mut lines = vec![format!("pod \"{pod}\" deleted")];
                if let Some(node) = silent_node {
                    // The lesson of section 5.4: the API forgot the pod, but its node may
                    // still run it.
                    lines.push(format!(
                        "sim: warning: {node} stopped reporting but may still be running {pod}; its replacement can make two {pod} at once (split brain)"
                    ));
                }
                Outcome { lines }
            }
            Action::EvictPod { pod } => crate::eviction::evict(self, pod)?,
            Action::Delete { kind, name, propagation } => {
                let key = match kind.is_namespaced() {
                    true => ObjectKey::default_ns(name),
                    false => ObjectKey::cluster_scoped(name),
                };
                self.cluster.delete_kind(*kind, &key, *propagation)?;
                Outcome { lines: vec![format!("{} \"{name}\" deleted", kind.kubectl_name())] }
            }
            Action::Advance { by } => {
                self.advance(*by);
                Outcome::default()
            }
            Action::Settle { limit } => self.settle(*limit),
            Action::InjectFault { pod, fault } => {
                kubelet::inject(self, &ObjectKey::default_ns(pod), *fault)?;
                Outcome::default()
            }
            Action::SetImageBehaviour { image, behaviour } => {
                self.kubelet.set_image(image, *behaviour);
                Outcome::default()
            }
            Action::CordonNode { node, unschedulable } => crate::node_admin::cordon(self, node, *unschedulable)?,
            Action::TaintNode { node, add, remove, overwrite } => {
                crate::node_admin::taint(self, node, add, remove, *overwrite)?
            }
            Action::FailNode { node } => {
                crate::node_lifecycle::fail(self, node)?;
                Outcome::default()
            }
            Action::RecoverNode { node } => {
                crate::node_lifecycle::recover(self, node)?;
                Outcome::default()
            }
            Action::AddNode { name, zone } => default_cluster::add_node(&mut self.cluster, name, zone.as_deref())?,
            Action::FailApiCalls { verb, kind, name, times } => {
                let fault = crate::api_client::ApiFault { verb: *verb, kind: *kind, name: name.clone(), times: *times };
                self.client.arm(fault);
                Outcome::default()
            }
            Action::Exec { pod, container, command } => crate::exec::exec(self, pod, container.as_deref(), command)?,
            Action::SetReplication { statefulset, on } => crate::data::set_replication(self, statefulset, *on)?,
            Action::WriteData { pod, key, value } => crate::data::write_key(self, pod, key, value)?,
            Action::ReadData { pod, key } => crate::data::read_key(self, pod, key)?,
            Action::Reseed { seed } => {
                // `self.seed` stays the initial seed: replay starts there and the log
                // carries this reseed.
                self.cluster.reseed(*seed);
                Outcome::default()
            }
        };
        self.run_controllers();
        self.record(action);
        Ok(outcome)
    }

    /// Logs an accepted action. Consecutive advances merge into one: advancing by `a`
    /// then `b` fires the same timers in the same order as advancing by `a + b`.
    fn record(&mut self, action: Action) {
        if let (Action::Advance { by }, Some(Action::Advance { by: last })) = (&action, self.log.last_mut()) {
            *last = SimDuration::from_millis(last.as_millis().saturating_add(by.as_millis()));
            return;
        }
        self.log.push(action);
    }

    fn scale(&mut self, name: &str, replicas: i64) -> Result<Outcome, ActionError> {
        let key = ObjectKey::default_ns(name);
        let Some(set) = self.cluster.get::<StatefulSet>(&key) else {
            return Err(crate::error::ApiError::NotFound { kind: Kind::StatefulSet, name: name.into() }.into());
        };
        let mut set = set.clone();
        set.spec.replicas = Some(crate::apply::as_replicas(replicas));
        crate::apply::update_statefulset(self, set)?;
        Ok(Outcome { lines: vec![format!("statefulset.apps/{name} scaled")] })
    }

    /// Moves time forward by `by`, firing every timer that falls due on the way, in order.
    fn advance(&mut self, by: SimDuration) {
        let target = self.cluster.now().plus(by);
        // Every change due at the same moment happens before the controllers react, as
        // informers deliver a burst of updates together; a sync then sees them all.
        while let Some((at, timer)) = self.timers.pop_due(target) {
            self.cluster.set_now(at);
            self.fire(timer);
            while let Some((_, timer)) = self.timers.pop_due(at) {
                self.fire(timer);
            }
            self.run_controllers();
        }
        self.cluster.set_now(target);
    }

    /// Advances from one scheduled change to the next until none is pending or `limit`
    /// has passed, and says which.
    fn settle(&mut self, limit: SimDuration) -> Outcome {
        let start = self.cluster.now();
        let deadline = start.plus(limit);
        loop {
            match self.timers.next_due() {
                None => {
                    let took = self.cluster.now().since(start).go_string();
                    return Outcome { lines: vec![format!("settled in {took}")] };
                }
                Some(at) if at > deadline => break,
                Some(at) => self.advance(at.since(self.cluster.now())),
            }
        }
        self.advance(deadline.since(self.cluster.now()));
        let pending = self.timers.len();
        Outcome { lines: vec![format!("not settled after {}: {pending} changes still scheduled", limit.go_string())] }
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Pod { pod, uid, step } => {
                if !crate::node_lifecycle::defer_if_down(self, &pod, &uid, step) {
                    kubelet::perform(self, &pod, &uid, step);
                }
            }
            Timer::ForceDetach { volume, pod_uid } => crate::attach::on_force_detach(self, &volume, &pod_uid),
            Timer::NodeUnreachable { node } => crate::node_lifecycle::on_unreachable(self, &node),
            Timer::TaintEviction { pod, uid, tainted_at } => {
                crate::node_lifecycle::on_eviction_due(self, &pod, &uid, tainted_at)
            }
            Timer::ProvisionClaim { claim, uid } => volumes::provision(self, &claim, &uid),
            Timer::ReclaimVolume { volume, uid } => volumes::reclaim(self, &volume, &uid),
            Timer::SyncStatefulSet { set } => controller::statefulset::on_delayed_sync(self, set),
            Timer::SyncWorkload { kind, key } => controller::delayed_sync::on_due(self, kind, key),
            Timer::Replicate { set } => crate::data::on_replicate(self, &set),
        }
    }

    /// Routes one watch notification to the controllers that watch its kind.
    fn dispatch(&mut self, change: &Change) {
        gc::on_change(self, change);
        crate::claim_protection::on_change(self, change);
        match change.kind {
            Kind::Pod => {
                if change.op == crate::cluster::ChangeOp::Deleted {
                    crate::attach::on_pod_deleted(self, &change.meta.uid);
                    crate::data::on_pod_deleted(self, &change.meta.uid);
                    controller::deployment::on_pod_deleted(self, change);
                }
                self.set_views.pod_changed(&change.key, &change.meta);
                controller::statefulset::on_pod_change(self, change);
                controller::replicaset::on_pod_change(self, change);
                controller::disruption::on_pod_change(self, change);
                scheduler::on_pod_change(self, change);
                kubelet::on_pod_change(self, change);
                endpoints::on_pod_change(self, change);
            }
            Kind::StatefulSet => {
                self.queues.statefulsets.insert(change.key.clone());
                controller::disruption::on_change(self, change);
            }
            Kind::Deployment => {
                self.queues.deployments.insert(change.key.clone());
                controller::disruption::on_change(self, change);
            }
            Kind::ReplicaSet => {
                self.queues.replica_sets.insert(change.key.clone());
                controller::deployment::on_replica_set_change(self, change);
                controller::disruption::on_change(self, change);
            }
            Kind::PodDisruptionBudget => controller::disruption::on_change(self, change),
            Kind::PersistentVolumeClaim => {
                self.set_views.claim_changed(&change.key);
                volumes::on_claim_change(self, change);
                controller::statefulset::on_claim_change(self, change);
                scheduler::on_claim_change(self, change);
            }
            Kind::PersistentVolume => {
                if change.op == crate::cluster::ChangeOp::Deleted {
                    crate::data::on_volume_deleted(self, &change.key.name)
                }
                volumes::on_volume_change(self, change);
                scheduler::retry_unschedulable(self);
            }
            Kind::Service => endpoints::on_service_change(self, change),
            Kind::EndpointSlice => endpoints::on_slice_change(self, change),
            Kind::Node => {
                if change.op == crate::cluster::ChangeOp::Deleted {
                    crate::node_lifecycle::on_node_deleted(self, &change.key.name);
                }
                scheduler::on_node_change(self);
            }
            _ => {}
        }
    }

    /// Runs the controllers until none has work left at the current moment.
    fn run_controllers(&mut self) {
        for _ in 0..MAX_STEPS_PER_MOMENT {
            let changes = self.cluster.take_changes();
            if !changes.is_empty() {
                self.record_watched(&changes);
                for change in &changes {
                    self.dispatch(change);
                }
                continue;
            }
            if let Some(key) = self.queues.statefulsets.pop_first() {
                controller::statefulset::sync(self, &key);
                continue;
            }
            if let Some(key) = self.queues.deployments.pop_first() {
                controller::deployment::sync(self, &key);
                continue;
            }
            if let Some(key) = self.queues.replica_sets.pop_first() {
                controller::replicaset::sync(self, &key);
                continue;
            }
            if let Some(key) = self.queues.unscheduled.pop_first() {
                scheduler::schedule(self, &key);
                continue;
            }
            if let Some(key) = self.queues.budgets.pop_first() {
                controller::disruption::sync(self, &key);
                continue;
            }
            if let Some(key) = self.queues.claim_protection.pop_first() {
                crate::claim_protection::sync(self, &key);
                continue;
            }
            if gc::step(self) {
                continue;
            }
            if !self.queues.endpoints.is_empty() {
                endpoints::sync(self);
                continue;
            }
            return;
        }
        self.warnings.push(format!(
            "controllers did not settle at {} after {MAX_STEPS_PER_MOMENT} steps",
            self.cluster.now().to_clock()
        ));
    }

    /// Starts recording the changes `request` watches (`kubectl get -w`), replacing any
    /// watch already open.
    pub fn start_watch(&mut self, request: WatchRequest) {
        let before = std::rc::Rc::new(self.cluster.clone());
        self.watch =
            Some(Watch { request, events: Vec::new(), before, overflowed: false, printed: Default::default() });
    }

    /// Stops the open watch, if any.
    pub fn stop_watch(&mut self) {
        self.watch = None;
    }

    /// The open watch's request, if a watch is open.
    pub fn watch_request(&self) -> Option<&WatchRequest> {
        self.watch.as_ref().map(|w| &w.request)
    }

    /// The changes the open watch recorded since the last call, oldest first, and
    /// whether some were dropped ([`MAX_WATCH_EVENTS`]).
    pub fn take_watch_events(&mut self) -> (Vec<WatchEvent>, bool) {
        match self.watch.as_mut() {
            Some(w) => (std::mem::take(&mut w.events), std::mem::replace(&mut w.overflowed, false)),
            None => (Vec::new(), false),
        }
    }

    /// The last row printed for each watched object (so an unchanged row is not printed
    /// twice); `None` when no watch is open.
    pub fn watch_printed_rows(&mut self) -> Option<&mut crate::flat_map::FlatMap<ObjectKey, String>> {
        self.watch.as_mut().map(|w| &mut w.printed)
    }

    fn record_watched(&mut self, changes: &[Change]) {
        let Some(watch) = self.watch.as_mut() else { return };
        let wanted: Vec<&Change> = changes
            .iter()
            .filter(|c| c.kind == watch.request.kind)
            .filter(|c| watch.request.name.as_ref().is_none_or(|n| *n == c.key.name))
            .collect();
        if wanted.is_empty() {
            return;
        }
        if watch.events.len() + wanted.len() > MAX_WATCH_EVENTS {
            watch.overflowed = true;
            return;
        }
        let after = std::rc::Rc::new(self.cluster.clone());
        for c in wanted {
            let cluster = match c.op {
                crate::cluster::ChangeOp::Deleted => std::rc::Rc::clone(&watch.before),
                _ => std::rc::Rc::clone(&after),
            };
            watch.events.push(WatchEvent { key: c.key.clone(), op: c.op, cluster });
        }
        watch.before = after;
    }

    /// Which node each ReadWriteOnce volume is attached to.
    pub fn attachments(&self) -> &crate::attach::AttachState {
        &self.attach
    }

    /// The StatefulSet controller's calls to the API server (for tests that count them).
    pub fn api_calls(&self) -> &crate::api_client::ApiClient {
        &self.client
    }

    /// The cluster's objects as the API server holds them.
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.cluster.now()
    }

    /// When the next scheduled state change is due, if any.
    pub fn next_change_at(&self) -> Option<SimTime> {
        self.timers.next_due()
    }

    /// The seed the run started from (a later `Reseed` is in the log).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every accepted action, in order: the run's whole history.
    pub fn log(&self) -> &[Action] {
        &self.log
    }

    /// Problems the simulation itself met (never expected; shown rather than hidden).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}
