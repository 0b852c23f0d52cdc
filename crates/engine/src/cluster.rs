//! The simulated API server: the object stores, with the bookkeeping the real server does
//! on every write (uids, resourceVersion, generation, timestamps, graceful pod deletion),
//! a watch feed of changes for the controllers, and the event recorder.

use crate::api::event::EventSource;
use crate::api::meta::{ObjectReference, Timestamp};
use crate::api::{
    ConfigMap, ControllerRevision, Deployment, EndpointSlice, Event, Kind, Node, ObjectMeta, PersistentVolume,
    PersistentVolumeClaim, Pod, PodDisruptionBudget, ReplicaSet, Resource, Secret, Service, StatefulSet, StorageClass,
};
use crate::error::ApiError;
use crate::random::SeededRandom;
use crate::store::{ObjectKey, Store};
use crate::time::{SimDuration, SimTime};
use std::rc::Rc;

/// The namespace objects land in when their manifest names none.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The key of [`Cluster`]'s event aggregation index for an event with these fields.
fn event_index_key(uid: &str, type_: &str, reason: &str, component: &str, message: &str) -> String {
    format!("{uid}\0{type_}\0{reason}\0{component}\0{message}")
}

/// How long the API server keeps an event after its last update (`--event-ttl`).
pub const EVENT_TTL: SimDuration = SimDuration::from_secs(3600);

/// The grace period a pod gets when neither its spec nor the delete names one.
pub const DEFAULT_GRACE_PERIOD_SECONDS: i64 = 30;

/// The finalizer the API server adds for `propagationPolicy: Orphan`: the garbage
/// collector removes owner references to the object, then this finalizer.
pub const ORPHAN_FINALIZER: &str = "orphan";
/// The finalizer for `propagationPolicy: Foreground`: the garbage collector deletes the
/// dependents first, then removes this finalizer.
pub const FOREGROUND_FINALIZER: &str = "foregroundDeletion";

/// What happens to an object's dependents when it is deleted (`kubectl delete
/// --cascade`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Propagation {
    /// The object goes at once; the garbage collector then deletes its dependents
    /// (kubectl's default).
    #[default]
    Background,
    /// The object stays, marked for deletion, until its dependents are gone.
    Foreground,
    /// The dependents survive: their owner references to the object are removed.
    Orphan,
}

/// What happened to an object, as a watch reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOp {
    /// The object was created.
    Added,
    /// The object was written.
    Modified,
    /// The object is gone from the API.
    Deleted,
}

/// One watch notification: which object changed, how, and its metadata at that moment
/// (for a deletion, its last metadata), which is what controllers route on.
#[derive(Debug, Clone)]
pub struct Change {
    /// The object's kind.
    pub kind: Kind,
    /// The object's key.
    pub key: ObjectKey,
    /// What happened.
    pub op: ChangeOp,
    /// The object's metadata after the change.
    pub meta: ObjectMeta,
}

/// The cluster's state as the API server holds it.
#[derive(Debug, Clone)]
pub struct Cluster {
    now: SimTime,
    random: SeededRandom,
    sequence: u64,
    nodes: Store<Node>,
    storage_classes: Store<StorageClass>,
    services: Store<Service>,
    statefulsets: Store<StatefulSet>,
    revisions: Store<ControllerRevision>,
    deployments: Store<Deployment>,
    replica_sets: Store<ReplicaSet>,
    claims: Store<PersistentVolumeClaim>,
    volumes: Store<PersistentVolume>,
    config_maps: Store<ConfigMap>,
    secrets: Store<Secret>,
    pods: Store<Pod>,
    endpoint_slices: Store<EndpointSlice>,
    events: Store<Event>,
    budgets: Store<PodDisruptionBudget>,
    /// When the oldest kept event expires (`None`: no event is kept).
    event_expiry: Option<SimTime>,
    /// Where the event for (object uid, type, reason, component, message) is, so that a
    /// repeat is counted on it (client-go's event aggregation) without a scan of every
    /// event. An entry whose event is gone or different is ignored.
    /// (The value holds the kind, always `Event`: the map is an [`ObjectIndex`], whose
    /// code the page holds once.)
    ///
    /// [`ObjectIndex`]: crate::object_index::ObjectIndex
    event_index: crate::object_index::ObjectIndex,
    changes: Vec<Change>,
}

/// A kind the API server stores, with the store that holds it.
pub trait Stored: Resource {
    /// The store of this kind.
    fn store(cluster: &Cluster) -> &Store<Self>;
    /// The store of this kind, to write.
    fn store_mut(cluster: &mut Cluster) -> &mut Store<Self>;
    /// Whether an update from `old` to `new` changes the spec (and so `generation`).
    fn spec_changed(_old: &Self, _new: &Self) -> bool {
        false
    }
    /// What admission and the kind's create strategy do to a new object before it is
    /// stored (defaults that depend on the cluster, the initial status).
    fn admit(&mut self, _cluster: &Cluster) {}
    /// What the API server allocates for a new object from the seeded source (a
    /// Service's cluster IP).
    fn allocate(&mut self, _cluster: &mut Cluster) {}
}

/// Implements [`Stored`] for a kind kept in the named field, with any kind-specific
/// methods (`spec_changed`, `admit`) given in braces.
macro_rules! stored {
    ($t:ty, $field:ident $(, { $($extra:tt)* })?) => {
        impl Stored for $t {
            fn store(cluster: &Cluster) -> &Store<Self> {
                &cluster.$field
            }
            fn store_mut(cluster: &mut Cluster) -> &mut Store<Self> {
                &mut cluster.$field
            }
            $($($extra)*)?
        }
    };
}

stored!(Node, nodes);
stored!(StorageClass, storage_classes);
stored!(Service, services, {
    /// A Service that is not headless (nor ExternalName) gets a free cluster IP drawn from
    /// the default service range 10.96.0.0/12, as the IP allocator does; .1 and .10 are
    /// the `kubernetes` and `kube-dns` Services' of a real cluster.
    fn allocate(&mut self, cluster: &mut Cluster) {
        let wanted = self.spec.cluster_ip.as_deref().is_none_or(str::is_empty)
            && self.spec.type_.as_deref() != Some("ExternalName");
        if !wanted {
            return;
        }
        for _ in 0..64 {
            let offset = 2 + cluster.random.below((1 << 20) - 3) as u32;
            let ip = std::net::Ipv4Addr::from(0x0a60_0000u32 + offset).to_string();
            let used = cluster.services.values().any(|s| s.spec.cluster_ip.as_deref() == Some(ip.as_str()));
            if offset != 10 && !used {
                self.spec.cluster_ip = Some(ip);
                return;
            }
        }
    }
});
stored!(PersistentVolume, volumes);
stored!(ControllerRevision, revisions);
stored!(EndpointSlice, endpoint_slices);
stored!(Event, events);
stored!(ConfigMap, config_maps);
stored!(Secret, secrets);
stored!(PodDisruptionBudget, budgets, {
    fn spec_changed(old: &Self, new: &Self) -> bool {
        old.spec != new.spec
    }
});

stored!(StatefulSet, statefulsets, {
    fn spec_changed(old: &Self, new: &Self) -> bool {
        old.spec != new.spec
    }
});
stored!(Deployment, deployments, {
    fn spec_changed(old: &Self, new: &Self) -> bool {
        old.spec != new.spec
    }
});
stored!(ReplicaSet, replica_sets, {
    fn spec_changed(old: &Self, new: &Self) -> bool {
        old.spec != new.spec
    }
});

stored!(Pod, pods, {
    /// The pod strategy resets status to phase `Pending`; the pod spec gets its defaults.
    fn admit(&mut self, _cluster: &Cluster) {
        crate::defaults::default_pod_spec(&mut self.spec);
        crate::defaults::default_tolerations(&mut self.spec);
        self.status = crate::api::pod::PodStatus { phase: Some(crate::api::PodPhase::Pending), ..Default::default() };
    }
});

stored!(PersistentVolumeClaim, claims, {
    /// The DefaultStorageClass admission plugin fills an unset class; a new claim is
    /// `Pending`.
    fn admit(&mut self, cluster: &Cluster) {
        if self.spec.storage_class_name.is_none() {
            self.spec.storage_class_name =
                cluster.storage_classes.values().find(|c| c.is_default()).map(|c| c.metadata.name.clone());
        }
        self.spec.volume_mode.get_or_insert_with(|| "Filesystem".into());
        // The StorageObjectInUseProtection admission plugin.
        if !self.metadata.finalizers.iter().any(|f| f == crate::claim_protection::PVC_PROTECTION_FINALIZER) {
            self.metadata.finalizers.push(crate::claim_protection::PVC_PROTECTION_FINALIZER.into());
        }
        self.status =
            Some(crate::api::pvc::PersistentVolumeClaimStatus { phase: Some("Pending".into()), ..Default::default() });
    }
});

/// Evaluates `$body` with `$t` standing for the stored type of the runtime `$kind`: the
/// one place that maps each [`Kind`] to its Rust type.
macro_rules! with_kind {
    ($kind:expr, $t:ident => $body:expr) => {
        match $kind {
            $crate::api::Kind::Node => {
                type $t = $crate::api::Node;
                $body
            }
            $crate::api::Kind::StorageClass => {
                type $t = $crate::api::StorageClass;
                $body
            }
            $crate::api::Kind::Service => {
                type $t = $crate::api::Service;
                $body
            }
            $crate::api::Kind::StatefulSet => {
                type $t = $crate::api::StatefulSet;
                $body
            }
            $crate::api::Kind::ControllerRevision => {
                type $t = $crate::api::ControllerRevision;
                $body
            }
            $crate::api::Kind::Deployment => {
                type $t = $crate::api::Deployment;
                $body
            }
            $crate::api::Kind::ReplicaSet => {
                type $t = $crate::api::ReplicaSet;
                $body
            }
            $crate::api::Kind::PersistentVolumeClaim => {
                type $t = $crate::api::PersistentVolumeClaim;
                $body
            }
            $crate::api::Kind::PersistentVolume => {
                type $t = $crate::api::PersistentVolume;
                $body
            }
            $crate::api::Kind::ConfigMap => {
                type $t = $crate::api::ConfigMap;
                $body
            }
            $crate::api::Kind::Secret => {
                type $t = $crate::api::Secret;
                $body
            }
            $crate::api::Kind::Pod => {
                type $t = $crate::api::Pod;
                $body
            }
            $crate::api::Kind::EndpointSlice => {
                type $t = $crate::api::EndpointSlice;
                $body
            }
            $crate::api::Kind::Event => {
                type $t = $crate::api::Event;
                $body
            }
            $crate::api::Kind::PodDisruptionBudget => {
                type $t = $crate::api::PodDisruptionBudget;
                $body
            }
        }
    };
}
pub(crate) use with_kind;

/// The key an object of kind `T` is stored under.
pub fn key_of<T: Resource>(obj: &T) -> ObjectKey {
    key_in(T::KIND, obj.meta())
}

/// The key an object of `kind` with `meta` is stored under (one copy for every kind).
#[inline(never)]
fn key_in(kind: Kind, meta: &ObjectMeta) -> ObjectKey {
    if kind.is_namespaced() {
        let ns = if meta.namespace.is_empty() { DEFAULT_NAMESPACE } else { &meta.namespace };
        ObjectKey::new(ns, &meta.name)
    } else {
        ObjectKey::cluster_scoped(&meta.name)
    }
}

impl Cluster {
    /// An empty cluster at time 0 whose random draws come from `seed`.
    pub fn new(seed: u64) -> Self {
        Cluster {
            now: SimTime::START,
            random: SeededRandom::new(seed),
            sequence: 0,
            nodes: Store::default(),
            storage_classes: Store::default(),
            services: Store::default(),
            statefulsets: Store::default(),
            revisions: Store::default(),
            deployments: Store::default(),
            replica_sets: Store::default(),
            claims: Store::default(),
            volumes: Store::default(),
            config_maps: Store::default(),
            secrets: Store::default(),
            pods: Store::default(),
            endpoint_slices: Store::default(),
            events: Store::default(),
            budgets: Store::default(),
            event_expiry: None,
            event_index: Default::default(),
            changes: Vec::new(),
        }
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Moves the clock (the simulation's job; time never goes backwards).
    pub(crate) fn set_now(&mut self, now: SimTime) {
        self.now = self.now.max(now);
        if self.event_expiry.is_some_and(|at| at <= self.now) {
            self.expire_events();
        }
    }

    /// Removes the events not written for [`EVENT_TTL`], as the API server's storage
    /// does (`--event-ttl`, one hour: each event's lease is renewed when it is updated).
    fn expire_events(&mut self) {
        let now = self.now;
        let expired: Vec<ObjectKey> = self
            .events
            .iter()
            .filter(|(_, e)| e.last_timestamp.0.plus(EVENT_TTL) <= now)
            .map(|(key, _)| key.clone())
            .collect();
        for key in &expired {
            if let Some(e) = self.events.remove(key) {
                let index_key =
                    event_index_key(&e.involved_object.uid, &e.type_, &e.reason, &e.source.component, &e.message);
                self.event_index.remove(&index_key);
            }
        }
        self.event_expiry = self.events.values().map(|e| e.last_timestamp.0.plus(EVENT_TTL)).min();
    }

    /// Notes that an event was written at `at`: it expires [`EVENT_TTL`] later.
    fn renew_event_lease(&mut self, at: SimTime) {
        let expires = at.plus(EVENT_TTL);
        self.event_expiry = Some(self.event_expiry.map_or(expires, |e| e.min(expires)));
    }

    /// Draws randomness from `seed` from now on.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.random = SeededRandom::new(seed);
    }

    /// The seeded random source.
    pub(crate) fn random(&mut self) -> &mut SeededRandom {
        &mut self.random
    }

    /// The object of kind `T` at `key`.
    pub fn get<T: Stored>(&self, key: &ObjectKey) -> Option<&T> {
        T::store(self).get(key)
    }

    /// All objects of kind `T`.
    pub fn list<T: Stored>(&self) -> &Store<T> {
        T::store(self)
    }

    fn next_sequence(&mut self) -> u64 {
        self.sequence += 1;
        self.sequence
    }

    /// Records a change for the controllers (events are not watched); one copy for every
    /// kind, which is also where the metadata is copied.
    #[inline(never)]
    fn notify(&mut self, kind: Kind, key: ObjectKey, op: ChangeOp, meta: &ObjectMeta) {
        if kind != Kind::Event {
            self.changes.push(Change { kind, key, op, meta: meta.clone() });
        }
    }

    /// The changes made since the last call, oldest first, for the controllers.
    pub(crate) fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    /// Creates `obj` as the API server does: fills the namespace, generates the name from
    /// `generateName`, assigns uid, resourceVersion, creationTimestamp and generation.
    pub(crate) fn create<T: Stored>(&mut self, mut obj: T) -> Result<Rc<T>, ApiError> {
        obj.stamp_type();
        self.name_new(T::KIND, obj.meta_mut());
        let key = key_of(&obj);
        if T::store(self).contains(&key) {
            return Err(ApiError::AlreadyExists { kind: T::KIND, name: key.name });
        }
        obj.admit(self);
        obj.allocate(self);
        let seq = self.stamp_new(T::KIND, obj.meta_mut());
        let obj = Rc::new(obj);
        T::store_mut(self).insert(key.clone(), seq, Rc::clone(&obj));
        self.notify(T::KIND, key, ChangeOp::Added, obj.meta());
        Ok(obj)
    }

    /// The namespace and the generated name of a new object of `kind` (one copy of this
    /// code for every kind: the generic callers stay small).
    #[inline(never)]
    fn name_new(&mut self, kind: Kind, meta: &mut ObjectMeta) {
        if kind.is_namespaced() && meta.namespace.is_empty() {
            meta.namespace = DEFAULT_NAMESPACE.to_string();
        }
        if meta.name.is_empty() {
            if let Some(prefix) = meta.generate_name.clone() {
                let suffix = self.random.name_suffix(5);
                meta.name = format!("{prefix}{suffix}");
            }
        }
    }

    /// What the server stamps on a new object: uid, resourceVersion, creationTimestamp and
    /// (for the kinds with a spec generation) generation 1. Returns the resourceVersion.
    #[inline(never)]
    fn stamp_new(&mut self, kind: Kind, meta: &mut ObjectMeta) -> u64 {
        let seq = self.next_sequence();
        meta.uid = self.random.uuid_v4();
        meta.resource_version = seq.to_string();
        meta.creation_timestamp = Some(Timestamp(self.now));
        meta.deletion_timestamp = None;
        if matches!(kind, Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet | Kind::PodDisruptionBudget) {
            meta.generation = Some(1);
        }
        seq
    }

    /// Keeps on an update what the client may not change: namespace, uid, creation time,
    /// resourceVersion, generation, and a deletion already under way.
    #[inline(never)]
    fn keep_server_fields(old: &ObjectMeta, new: &mut ObjectMeta) {
        new.namespace = old.namespace.clone();
        new.uid = old.uid.clone();
        new.creation_timestamp = old.creation_timestamp;
        new.resource_version = old.resource_version.clone();
        new.generation = old.generation;
        if new.deletion_timestamp.is_none() {
            new.deletion_timestamp = old.deletion_timestamp;
            new.deletion_grace_period_seconds = old.deletion_grace_period_seconds;
        }
    }

    /// A new resourceVersion for a changed object, and the next generation if its spec
    /// changed.
    #[inline(never)]
    fn stamp_modified(&mut self, meta: &mut ObjectMeta, spec_changed: bool) {
        let seq = self.next_sequence();
        meta.resource_version = seq.to_string();
        if spec_changed {
            meta.generation = Some(meta.generation.unwrap_or(0) + 1);
        }
    }

    /// Writes `obj` over the stored object of the same key, keeping what the client may
    /// not change (uid, creationTimestamp) and bumping resourceVersion, and generation
    /// when the spec changed. A write that changes nothing is a no-op.
    pub(crate) fn update<T: Stored + PartialEq>(&mut self, mut obj: T) -> Result<Rc<T>, ApiError> {
        let key = key_of(&obj);
        let Some(old) = T::store(self).get_shared(&key) else {
            return Err(ApiError::NotFound { kind: T::KIND, name: key.name });
        };
        obj.stamp_type();
        Self::keep_server_fields(old.meta(), obj.meta_mut());
        if obj == *old {
            return Ok(old);
        }
        // An object marked for deletion goes once its last finalizer is removed (pods are
        // removed by their kubelet instead).
        if T::KIND != Kind::Pod && obj.meta().is_terminating() && obj.meta().finalizers.is_empty() {
            self.remove::<T>(&key)?;
            return Ok(Rc::new(obj));
        }
        let spec_changed = T::spec_changed(&old, &obj);
        self.stamp_modified(obj.meta_mut(), spec_changed);
        let obj = Rc::new(obj);
        T::store_mut(self).replace(&key, Rc::clone(&obj));
        self.notify(T::KIND, key, ChangeOp::Modified, obj.meta());
        Ok(obj)
    }

    /// Removes the object at `key` from the API at once.
    pub(crate) fn remove<T: Stored>(&mut self, key: &ObjectKey) -> Result<(), ApiError> {
        let Some(obj) = T::store_mut(self).take(key) else {
            return Err(ApiError::NotFound { kind: T::KIND, name: key.name.clone() });
        };
        self.notify(T::KIND, key.clone(), ChangeOp::Deleted, obj.meta());
        Ok(())
    }

    /// Deletes an object of any kind but Pod as the API server does: without finalizers it
    /// goes at once; with finalizers (its own, or the one `propagation` adds) it is marked
    /// with a deletionTimestamp and stays until they are removed. Deleting an object
    /// already marked changes nothing.
    pub(crate) fn delete<T: Stored>(&mut self, key: &ObjectKey, propagation: Propagation) -> Result<(), ApiError> {
        let Some(obj) = T::store(self).get(key) else {
            return Err(ApiError::NotFound { kind: T::KIND, name: key.name.clone() });
        };
        if obj.meta().is_terminating() {
            return Ok(());
        }
        let mut obj = obj.clone();
        if !self.mark_deleted(obj.meta_mut(), propagation) {
            self.remove::<T>(key)?;
            return Ok(());
        }
        let obj = Rc::new(obj);
        T::store_mut(self).replace(key, Rc::clone(&obj));
        self.notify(T::KIND, key.clone(), ChangeOp::Modified, obj.meta());
        Ok(())
    }

    /// Adds the finalizer `propagation` asks for and, if the object has any finalizer,
    /// marks it deleted (deletionTimestamp, a new resourceVersion) and returns true; false
    /// means it goes at once.
    #[inline(never)]
    fn mark_deleted(&mut self, meta: &mut ObjectMeta, propagation: Propagation) -> bool {
        let finalizer = match propagation {
            Propagation::Background => None,
            Propagation::Foreground => Some(FOREGROUND_FINALIZER),
            Propagation::Orphan => Some(ORPHAN_FINALIZER),
        };
        if let Some(f) = finalizer.filter(|f| !meta.finalizers.iter().any(|x| x == f)) {
            meta.finalizers.push(f.to_string());
        }
        if meta.finalizers.is_empty() {
            return false;
        }
        meta.deletion_timestamp = Some(Timestamp(self.now));
        meta.deletion_grace_period_seconds = Some(0);
        let seq = self.next_sequence();
        meta.resource_version = seq.to_string();
        true
    }

    /// Deletes the object of `kind` at `key`: a pod gracefully (its own grace period), any
    /// other kind as [`Cluster::delete`] does. Events are never deleted this way.
    pub(crate) fn delete_kind(
        &mut self,
        kind: Kind,
        key: &ObjectKey,
        propagation: Propagation,
    ) -> Result<(), ApiError> {
        if kind == Kind::Pod {
            return self.delete_pod(key, None);
        }
        with_kind!(kind, T => self.delete::<T>(key, propagation))
    }

    /// The metadata of the object of `kind` at `key`, if it exists.
    pub fn meta_of(&self, kind: Kind, key: &ObjectKey) -> Option<&ObjectMeta> {
        with_kind!(kind, T => T::store(self).get(key).map(|o| o.meta()))
    }

    /// The keys of every object of `kind`, in key order.
    pub fn keys_of(&self, kind: Kind) -> Vec<ObjectKey> {
        with_kind!(kind, T => T::store(self).keys())
    }

    /// Rewrites the metadata of the object of `kind` at `key` with `change` (an update
    /// through the API, so a finalizer removed from a marked object deletes it).
    pub(crate) fn update_meta(
        &mut self,
        kind: Kind,
        key: &ObjectKey,
        change: impl FnOnce(&mut ObjectMeta),
    ) -> Result<(), ApiError> {
        fn apply<T: Stored + PartialEq>(
            c: &mut Cluster,
            key: &ObjectKey,
            change: impl FnOnce(&mut ObjectMeta),
        ) -> Result<(), ApiError> {
            let Some(obj) = T::store(c).get(key) else {
                return Err(ApiError::NotFound { kind: T::KIND, name: key.name.clone() });
            };
            let mut obj = obj.clone();
            change(obj.meta_mut());
            c.update(obj).map(|_| ())
        }
        with_kind!(kind, T => apply::<T>(self, key, change))
    }

    /// Deletes a pod as the API server does: a pod bound to a node is marked
    /// `Terminating` (deletionTimestamp) and left for its kubelet to finish; a pod that
    /// was never bound, or a grace period of 0, removes it at once.
    /// `grace_seconds` overrides the pod's `terminationGracePeriodSeconds`.
    pub(crate) fn delete_pod(&mut self, key: &ObjectKey, grace_seconds: Option<i64>) -> Result<(), ApiError> {
        let Some(pod) = self.pods.get(key) else {
            return Err(ApiError::NotFound { kind: Kind::Pod, name: key.name.clone() });
        };
        let grace =
            grace_seconds.or(pod.spec.termination_grace_period_seconds).unwrap_or(DEFAULT_GRACE_PERIOD_SECONDS).max(0);
        if pod.spec.node_name.is_none() || grace == 0 {
            self.remove::<Pod>(key)?;
            return Ok(());
        }
        let already = pod.metadata.deletion_grace_period_seconds;
        if already.is_some_and(|g| g <= grace) {
            return Ok(());
        }
        let mut pod = pod.clone();
        let deadline = self.now.plus(crate::time::SimDuration::from_secs(grace as u64));
        pod.metadata.deletion_timestamp = Some(Timestamp(deadline));
        pod.metadata.deletion_grace_period_seconds = Some(grace);
        let seq = self.next_sequence();
        pod.metadata.resource_version = seq.to_string();
        let pod = Rc::new(pod);
        self.pods.replace(key, Rc::clone(&pod));
        self.notify(Kind::Pod, key.clone(), ChangeOp::Modified, &pod.metadata);
        Ok(())
    }

    /// Records an event about `object`, as client-go's recorder does: an identical event
    /// (same object, type, reason, message and source) within the series bumps the
    /// existing event's count instead of adding a new one.
    pub(crate) fn record_event<T: Resource>(
        &mut self,
        object: &T,
        type_: &str,
        reason: &str,
        message: String,
        component: &str,
    ) {
        self.record_event_about(T::KIND, object.meta(), type_, reason, message, component);
    }

    /// [`Cluster::record_event`] for an object of `kind` with `meta` (one copy for every
    /// kind).
    #[inline(never)]
    fn record_event_about(
        &mut self,
        kind: Kind,
        meta: &ObjectMeta,
        type_: &str,
        reason: &str,
        message: String,
        component: &str,
    ) {
        let now = Timestamp(self.now);
        let involved = ObjectReference {
            kind: kind.name().to_string(),
            namespace: meta.namespace.clone(),
            name: meta.name.clone(),
            uid: meta.uid.clone(),
            api_version: kind.api_version().to_string(),
            resource_version: meta.resource_version.clone(),
        };
        let index_key = event_index_key(&involved.uid, type_, reason, component, &message);
        let same = self.event_index.get(&index_key).and_then(|(_, key)| Some((key, self.events.get(key)?))).filter(
            |(_, e)| {
                e.involved_object.uid == involved.uid
                    && e.reason == reason
                    && e.message == message
                    && e.type_ == type_
                    && e.source.component == component
            },
        );
        if let Some((key, existing)) = same {
            let (key, mut e) = (key.clone(), existing.clone());
            e.count += 1;
            e.last_timestamp = now;
            self.events.replace(&key, Rc::new(e));
            self.renew_event_lease(now.0);
            return;
        }
        let seq = self.next_sequence();
        // client-go names events `<object>.<hex unix nanoseconds>`.
        let nanos = (1_735_689_600_000u64 + self.now.as_millis()) * 1_000_000 + seq;
        let namespace = if meta.namespace.is_empty() { DEFAULT_NAMESPACE } else { &meta.namespace };
        let event = Event {
            api_version: "v1".into(),
            kind: "Event".into(),
            metadata: ObjectMeta {
                name: format!("{}.{nanos:x}", meta.name),
                namespace: namespace.to_string(),
                uid: self.random.uuid_v4(),
                resource_version: seq.to_string(),
                creation_timestamp: Some(now),
                ..Default::default()
            },
            involved_object: involved,
            reason: reason.to_string(),
            message,
            type_: type_.to_string(),
            first_timestamp: now,
            last_timestamp: now,
            count: 1,
            source: EventSource { component: component.to_string(), host: None },
        };
        let key = key_of(&event);
        self.event_index.insert(index_key, (Kind::Event, key.clone()));
        self.events.insert(key, seq, Rc::new(event));
        self.renew_event_lease(now.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::PodSpec;

    fn pod(name: &str) -> Pod {
        Pod { metadata: ObjectMeta { name: name.into(), ..Default::default() }, ..Default::default() }
    }

    #[test]
    fn create_stamps_what_the_api_server_owns() {
        let mut c = Cluster::new(0);
        let p = c.create(pod("web-0")).expect("created");
        assert_eq!(p.api_version, "v1");
        assert_eq!(p.kind, "Pod");
        assert_eq!(p.metadata.namespace, "default");
        assert_eq!(p.metadata.uid.len(), 36);
        assert_eq!(p.metadata.resource_version, "1");
        assert!(p.metadata.creation_timestamp.is_some());
        assert_eq!(c.take_changes().len(), 1);
    }

    #[test]
    fn a_second_create_of_the_same_name_is_refused() {
        let mut c = Cluster::new(0);
        c.create(pod("web-0")).expect("created");
        let err = c.create(pod("web-0")).expect_err("duplicate");
        assert_eq!(err.to_string(), "Error from server (AlreadyExists): pods \"web-0\" already exists");
    }

    #[test]
    fn generate_name_draws_a_suffix_from_the_seeded_source() {
        let mut c = Cluster::new(0);
        let mut p = pod("");
        p.metadata.generate_name = Some("nginx-".into());
        let p = c.create(p).expect("created");
        assert!(p.metadata.name.starts_with("nginx-") && p.metadata.name.len() == 11);
    }

    #[test]
    fn an_unchanged_update_is_a_no_op() {
        let mut c = Cluster::new(0);
        let p = c.create(pod("web-0")).expect("created");
        c.take_changes();
        let again = c.update(Pod::clone(&p)).expect("updated");
        assert_eq!(again.metadata.resource_version, p.metadata.resource_version);
        assert!(c.take_changes().is_empty());
    }

    #[test]
    fn deleting_a_bound_pod_marks_it_terminating() {
        let mut c = Cluster::new(0);
        let mut p = pod("web-0");
        p.spec = PodSpec { node_name: Some("node-1".into()), ..Default::default() };
        c.create(p).expect("created");
        let key = ObjectKey::default_ns("web-0");
        c.delete_pod(&key, None).expect("deleted");
        let p = c.get::<Pod>(&key).expect("still there");
        assert!(p.metadata.is_terminating());
        assert_eq!(p.metadata.deletion_grace_period_seconds, Some(30));
        c.delete_pod(&key, Some(0)).expect("force");
        assert!(c.get::<Pod>(&key).is_none());
    }

    #[test]
    fn deleting_an_unbound_pod_removes_it_at_once() {
        let mut c = Cluster::new(0);
        c.create(pod("web-0")).expect("created");
        let key = ObjectKey::default_ns("web-0");
        c.delete_pod(&key, None).expect("deleted");
        assert!(c.get::<Pod>(&key).is_none());
    }

    #[test]
    fn identical_events_are_counted_not_repeated() {
        let mut c = Cluster::new(0);
        let p = c.create(pod("web-0")).expect("created");
        c.record_event(&*p, "Warning", "BackOff", "back-off".into(), "kubelet");
        c.record_event(&*p, "Warning", "BackOff", "back-off".into(), "kubelet");
        let events = c.list::<Event>().in_creation_order();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].count, 2);
    }
}
