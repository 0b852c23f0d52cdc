//! The data on the volumes and in the pods: files written through `kubectl exec` and the
//! keys of the replicated-data model (`sim replication`, `sim write`, `sim read`).
//!
//! Data lives where a real container would put it. A path under a volumeMount of a claim
//! is stored on that claim's PersistentVolume, so it follows the identity to any node and
//! survives deletion, rescheduling and scale down/up; anything else (the container's own
//! filesystem, an emptyDir) is stored with the pod incarnation and is gone with it. A key
//! written by `sim write` goes on the pod's first claim, or into the pod when it has none.
//!
//! With replication on for a StatefulSet, the lowest existing ordinal is the primary and
//! the only pod that accepts writes; every write is appended to the set's log, and the
//! replicas apply what they miss one second later (`Timer::Replicate`). A pod whose store
//! is empty when it starts clones the previous ordinal's store in its init phase, as the
//! MySQL example's `clone-mysql` init container does.

use crate::action::{ActionError, Outcome};
use crate::api::{Kind, PersistentVolumeClaim, Pod, PodPhase, StatefulSet};
use crate::error::ApiError;
use crate::flat_map::{FlatMap, FlatSet};
use crate::ordinal::parent_and_ordinal;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::SimDuration;
use crate::timers::Timer;

/// How long a replica takes to apply the primary's writes.
pub const REPLICATION_LAG: SimDuration = SimDuration::from_secs(1);

/// What one volume or one pod holds: files by path and keys of the replicated model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataStore {
    /// Paths (starting with `/`, relative to the volume root for a volume, absolute in the
    /// container for a pod) and keys (never starting with `/`), with their contents.
    pub entries: FlatMap<String, String>,
    /// How many writes of its set's replication log this store holds.
    pub applied: usize,
    /// The pod whose data this store was cloned from, if it was.
    pub cloned_from: Option<String>,
    /// For a pod's own store, the pod's name (for display).
    pub pod_name: Option<String>,
}

impl DataStore {
    fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.applied == 0 && self.cloned_from.is_none()
    }
}

impl Place {
    /// The key of the place in [`DataState`]'s one map (one map type keeps the page
    /// smaller than two).
    fn key(&self) -> String {
        match self {
            Place::Volume(v) => format!("pv/{v}"),
            Place::Pod(uid) => format!("pod/{uid}"),
        }
    }
}

/// Where data is kept.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// On the PersistentVolume of this name.
    Volume(String),
    /// In the pod incarnation of this uid.
    Pod(String),
}

/// Every volume's and pod's data, and the replication logs.
#[derive(Debug, Clone, Default)]
pub struct DataState {
    /// By [`Place::key`]: `pv/NAME` for a volume, `pod/UID` for a pod incarnation.
    stores: FlatMap<String, DataStore>,
    /// Sets with replication on, with every write their primary accepted (a list: there
    /// are a few sets at most, and a map would be one more B-tree type in the page).
    replicated: Vec<(ObjectKey, Vec<(String, String)>)>,
    /// Sets with a `Replicate` timer pending.
    replicating: FlatSet<ObjectKey>,
}

impl DataState {
    /// The store at `place`, if anything was ever written there.
    pub fn store(&self, place: &Place) -> Option<&DataStore> {
        self.stores.get(&place.key())
    }

    fn store_mut(&mut self, place: &Place, pod_name: &str) -> &mut DataStore {
        let pod_name = matches!(place, Place::Pod(_)).then(|| pod_name.to_string());
        self.stores.entry(place.key()).or_insert_with(|| DataStore { pod_name, ..Default::default() })
    }

    /// Whether the replicated model is on for the set at `key`.
    pub fn is_replicated(&self, key: &ObjectKey) -> bool {
        self.log(key).is_some()
    }

    /// The replication log of the set at `key`, if replication is on.
    fn log(&self, key: &ObjectKey) -> Option<&Vec<(String, String)>> {
        self.replicated.iter().find(|(k, _)| k == key).map(|(_, log)| log)
    }

    /// The replication log of the set at `key`, started if replication was off.
    fn log_mut(&mut self, key: &ObjectKey) -> &mut Vec<(String, String)> {
        let at = match self.replicated.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                self.replicated.push((key.clone(), Vec::new()));
                self.replicated.len() - 1
            }
        };
        &mut self.replicated[at].1
    }
}

/// The stored pod `name`, or NotFound as kubectl prints it.
fn pod_named<'a>(sim: &'a Simulation, name: &str) -> Result<&'a Pod, ActionError> {
    sim.cluster
        .get::<Pod>(&ObjectKey::default_ns(name))
        .ok_or_else(|| ApiError::NotFound { kind: Kind::Pod, name: name.into() }.into())
}

/// The pod at `name` if a command can run in its container `container` (the first one
/// when not given), or the error kubectl prints when it cannot.
pub(crate) fn running_pod<'a>(
    sim: &'a Simulation,
    name: &str,
    container: Option<&str>,
) -> Result<&'a Pod, ActionError> {
    let pod = pod_named(sim, name)?;
    if let Some(phase @ (PodPhase::Succeeded | PodPhase::Failed)) = pod.status.phase {
        return Err(ActionError::Kubectl(format!(
            "cannot exec into a container in a completed pod; current phase is {}",
            phase.as_str()
        )));
    }
    let Some(node) = pod.spec.node_name.as_deref() else {
        return Err(ApiError::BadRequest(format!("pod {name} does not have a host assigned")).into());
    };
    if sim.nodes.is_failed(node) {
        let ip = pod.status.host_ip.clone().unwrap_or_else(|| node.to_string());
        return Err(ActionError::Kubectl(format!("error dialing backend: dial tcp {ip}:10250: i/o timeout")));
    }
    let container = match container {
        Some(c) => c,
        None => pod.spec.containers.first().map(|c| c.name.as_str()).unwrap_or_default(),
    };
    let Some(status) = pod.status.container_statuses.iter().find(|c| c.name == container) else {
        if pod.spec.containers.iter().any(|c| c.name == container) {
            return Err(ActionError::Kubectl(format!(
                "unable to upgrade connection: container not found (\"{container}\")"
            )));
        }
        return Err(ActionError::Kubectl(format!("container {container} is not valid for pod {name}")));
    };
    if status.state.running.is_none() {
        return Err(ActionError::Kubectl(format!(
            "unable to upgrade connection: container not found (\"{container}\")"
        )));
    }
    Ok(pod)
}

/// The PersistentVolume bound to the claim `claim` in the pod's namespace, if bound.
fn bound_volume(sim: &Simulation, pod: &Pod, claim: &str) -> Option<String> {
    let key = ObjectKey { namespace: pod.metadata.namespace.clone(), name: claim.to_string() };
    sim.cluster.get::<PersistentVolumeClaim>(&key)?.spec.volume_name.clone()
}

/// Where the pod's keys live: its first claim's volume, or the pod itself.
pub(crate) fn key_place(sim: &Simulation, pod: &Pod) -> Place {
    let claim = pod.spec.volumes.iter().find_map(|v| v.persistent_volume_claim.as_ref());
    match claim.and_then(|c| bound_volume(sim, pod, &c.claim_name)) {
        Some(volume) => Place::Volume(volume),
        None => Place::Pod(pod.metadata.uid.clone()),
    }
}

/// Where `path` (absolute, normalised) lives as container `container` of `pod` sees it,
/// and its name in that store.
pub(crate) fn path_place(sim: &Simulation, pod: &Pod, container: &str, path: &str) -> (Place, String) {
    let mount = mount_of(pod, container, path);
    let claim = mount
        .and_then(|m| pod.spec.volumes.iter().find(|v| v.name == m.name))
        .and_then(|v| v.persistent_volume_claim.as_ref());
    if let (Some(mount), Some(claim)) = (mount, claim) {
        if let Some(volume) = bound_volume(sim, pod, &claim.claim_name) {
            let rest = &path[mount.mount_path.trim_end_matches('/').len()..];
            let rest = if rest.is_empty() { "/" } else { rest };
            return (Place::Volume(volume), rest.to_string());
        }
    }
    (Place::Pod(pod.metadata.uid.clone()), path.to_string())
}

/// The volume mounts of container `container` of `pod` (none if there is no such one).
fn mounts_of<'a>(pod: &'a Pod, container: &str) -> &'a [crate::api::pod::VolumeMount] {
    pod.spec.containers.iter().find(|c| c.name == container).map(|c| &c.volume_mounts[..]).unwrap_or(&[])
}

/// The innermost mount of `container` that holds `path`, as the container's mount
/// namespace resolves it.
fn mount_of<'a>(pod: &'a Pod, container: &str, path: &str) -> Option<&'a crate::api::pod::VolumeMount> {
    mounts_of(pod, container)
        .iter()
        .filter(|m| under(path, &m.mount_path))
        .max_by_key(|m| m.mount_path.trim_end_matches('/').len())
}

/// Whether `path` is `dir` or inside it.
pub(crate) fn under(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir.is_empty() || path == dir || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

/// The files a ConfigMap or Secret volume mounted at a mount containing `path` shows:
/// `Some((mount path, files by key))` when `path` is under such a mount.
fn projected(sim: &Simulation, pod: &Pod, container: &str, path: &str) -> Option<(String, FlatMap<String, String>)> {
    let mount = mount_of(pod, container, path)?;
    let volume = pod.spec.volumes.iter().find(|v| v.name == mount.name)?;
    let ns = &pod.metadata.namespace;
    let files = if let Some(cm) = &volume.config_map {
        let key = ObjectKey { namespace: ns.clone(), name: cm.name.clone() };
        sim.cluster.get::<crate::api::ConfigMap>(&key).map(|c| c.data.clone()).unwrap_or_default()
    } else if let Some(secret) = &volume.secret {
        let key = ObjectKey { namespace: ns.clone(), name: secret.secret_name.clone() };
        sim.cluster.get::<crate::api::Secret>(&key).map(|s| s.decoded()).unwrap_or_default()
    } else {
        return None;
    };
    Some((mount.mount_path.trim_end_matches('/').to_string(), files))
}

/// Reads the file at `path` as `pod`'s container sees it.
pub(crate) fn read_file(sim: &Simulation, pod: &Pod, container: &str, path: &str) -> Option<String> {
    if let Some((mount, files)) = projected(sim, pod, container, path) {
        return files.get(path.get(mount.len() + 1..)?).cloned();
    }
    let (place, name) = path_place(sim, pod, container, path);
    sim.data.store(&place)?.entries.get(&name).cloned()
}

/// Writes (or appends to) the file at `path` as `pod`'s container sees it.
pub(crate) fn write_file(sim: &mut Simulation, pod: &Pod, container: &str, path: &str, text: &str, append: bool) {
    let (place, name) = path_place(sim, pod, container, path);
    let store = sim.data.store_mut(&place, &pod.metadata.name);
    let entry = store.entries.entry(name).or_default();
    if !append {
        entry.clear();
    }
    entry.push_str(text);
}

/// Removes the file at `path` (with `recursive`, everything under it too) as `pod`'s
/// container sees it. Returns whether anything was removed.
pub(crate) fn remove(sim: &mut Simulation, pod: &Pod, container: &str, path: &str, recursive: bool) -> bool {
    let (place, name) = path_place(sim, pod, container, path);
    let store = sim.data.stores.get_mut(&place.key());
    let Some(store) = store else { return false };
    if store.entries.remove(&name).is_some() {
        return true;
    }
    let before = store.entries.len();
    if recursive {
        store.entries.retain(|k, _| !(k.starts_with('/') && under(k, &name)));
    }
    before != store.entries.len()
}

/// The names directly inside `dir` as `pod`'s container sees it, or None when nothing
/// is there and it is not a mount point.
pub(crate) fn list_dir(sim: &Simulation, pod: &Pod, container: &str, dir: &str) -> Option<Vec<String>> {
    let dir = dir.trim_end_matches('/');
    if let Some((mount, files)) = projected(sim, pod, container, if dir.is_empty() { "/" } else { dir }) {
        return (mount == dir).then(|| files.into_keys().collect());
    }
    let mut names: FlatSet<String> = FlatSet::new();
    let mut exists = dir.is_empty();
    let mounts = mounts_of(pod, container);
    // Every absolute path the container can see: its own files, then each volume's under
    // its mount point.
    let mut paths: Vec<String> = Vec::new();
    if let Some(store) = sim.data.store(&Place::Pod(pod.metadata.uid.clone())) {
        paths.extend(store.entries.keys().filter(|k| k.starts_with('/')).cloned());
    }
    for m in mounts {
        let mount = m.mount_path.trim_end_matches('/');
        paths.push(mount.to_string());
        let claim = pod.spec.volumes.iter().find(|v| v.name == m.name).and_then(|v| v.persistent_volume_claim.as_ref());
        let store =
            claim.and_then(|c| bound_volume(sim, pod, &c.claim_name)).and_then(|v| sim.data.store(&Place::Volume(v)));
        if let Some(store) = store {
            paths.extend(store.entries.keys().filter(|k| k.starts_with('/')).map(|k| format!("{mount}{k}")));
        }
    }
    for path in &paths {
        if path == dir {
            exists = true;
        }
        if let Some(rest) = path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            exists = true;
            if let Some(first) = rest.split('/').next().filter(|f| !f.is_empty()) {
                names.insert(first.to_string());
            }
        }
    }
    exists.then(|| names.into_iter().collect())
}

/// The StatefulSet that owns `pod`, if replication is on for it.
fn replicated_set_of(sim: &Simulation, pod: &Pod) -> Option<ObjectKey> {
    let owner = pod.metadata.controller_ref().filter(|o| o.kind == "StatefulSet")?;
    let key = ObjectKey { namespace: pod.metadata.namespace.clone(), name: owner.name.clone() };
    sim.data.is_replicated(&key).then_some(key)
}

/// The pods of the set at `key`, lowest ordinal first.
fn set_pods(sim: &Simulation, key: &ObjectKey) -> Vec<(i64, Pod)> {
    let Some(set) = sim.cluster.get::<StatefulSet>(key) else { return Vec::new() };
    let mut pods: Vec<(i64, Pod)> = sim
        .cluster
        .list::<Pod>()
        .values()
        .filter(|p| p.metadata.namespace == key.namespace)
        .filter(|p| p.metadata.controller_ref().is_some_and(|o| o.uid == set.metadata.uid))
        .filter_map(|p| {
            let (parent, ordinal) = parent_and_ordinal(&p.metadata.name)?;
            (parent == key.name).then(|| (ordinal, p.clone()))
        })
        .collect();
    crate::sorting::sort_by_key(&mut pods, |(ordinal, _)| *ordinal);
    pods
}

/// `sim write POD KEY=VALUE`.
pub(crate) fn write_key(sim: &mut Simulation, pod_name: &str, key: &str, value: &str) -> Result<Outcome, ActionError> {
    if key.is_empty() || key.starts_with('/') {
        return Err(ActionError::Kubectl(format!("invalid key {key:?}: a key is a name such as greeting, not a path")));
    }
    let pod = running_pod(sim, pod_name, None)?.clone();
    if let Some(set) = replicated_set_of(sim, &pod) {
        let primary = set_pods(sim, &set).into_iter().next().map(|(_, p)| p.metadata.name);
        if let Some(primary) = primary.filter(|p| *p != pod.metadata.name) {
            return Err(ActionError::Kubectl(format!("{pod_name} is a read-only replica; write to {primary}")));
        }
        let log = sim.data.log_mut(&set);
        log.push((key.to_string(), value.to_string()));
        let applied = log.len();
        let place = key_place(sim, &pod);
        let store = sim.data.store_mut(&place, pod_name);
        store.entries.insert(key.to_string(), value.to_string());
        store.applied = applied;
        schedule_replication(sim, &set);
    } else {
        let place = key_place(sim, &pod);
        sim.data.store_mut(&place, pod_name).entries.insert(key.to_string(), value.to_string());
    }
    Ok(Outcome::default())
}

/// `sim read POD KEY`: the value, or an error naming what is missing.
pub(crate) fn read_key(sim: &Simulation, pod_name: &str, key: &str) -> Result<Outcome, ActionError> {
    let pod = running_pod(sim, pod_name, None)?;
    let place = key_place(sim, pod);
    match sim.data.store(&place).and_then(|s| s.entries.get(key)) {
        Some(value) => Ok(Outcome { lines: vec![value.clone()] }),
        None => Err(ActionError::Kubectl(format!("{pod_name} has no key {key:?}"))),
    }
}

/// `sim replication sts/NAME on|off`.
pub(crate) fn set_replication(sim: &mut Simulation, set: &str, on: bool) -> Result<Outcome, ActionError> {
    let key = ObjectKey::default_ns(set);
    if sim.cluster.get::<StatefulSet>(&key).is_none() {
        return Err(ApiError::NotFound { kind: Kind::StatefulSet, name: set.into() }.into());
    }
    if on {
        sim.data.log_mut(&key);
    } else {
        sim.data.replicated.retain(|(k, _)| *k != key);
    }
    Ok(Outcome::default())
}

fn schedule_replication(sim: &mut Simulation, set: &ObjectKey) {
    if sim.data.replicating.insert(set.clone()) {
        let at = sim.cluster.now().plus(REPLICATION_LAG);
        sim.timers.schedule(at, Timer::Replicate { set: set.clone() });
    }
}

/// The replicas of `set` that are running apply the primary's writes they miss.
pub(crate) fn on_replicate(sim: &mut Simulation, set: &ObjectKey) {
    sim.data.replicating.remove(set);
    let Some(log) = sim.data.log(set).cloned() else { return };
    for (_, pod) in set_pods(sim, set).into_iter().skip(1) {
        let statuses = &pod.status.container_statuses;
        let running = !statuses.is_empty() && statuses.iter().all(|c| c.state.running.is_some());
        if !running
            || pod.metadata.is_terminating()
            || pod.spec.node_name.as_deref().is_some_and(|n| sim.nodes.is_failed(n))
        {
            continue;
        }
        let place = key_place(sim, &pod);
        let store = sim.data.store_mut(&place, &pod.metadata.name);
        for (key, value) in log.iter().skip(store.applied) {
            store.entries.insert(key.clone(), value.clone());
        }
        store.applied = store.applied.max(log.len());
    }
}

/// A replica that just started catches up with its primary one lag later.
pub(crate) fn on_pod_started(sim: &mut Simulation, pod: &Pod) {
    let Some(set) = replicated_set_of(sim, pod) else { return };
    let behind = {
        let place = key_place(sim, pod);
        let applied = sim.data.store(&place).map_or(0, |s| s.applied);
        sim.data.log(&set).is_some_and(|log| log.len() > applied)
    };
    if behind {
        schedule_replication(sim, &set);
    }
}

/// In `pod`'s init phase: if replication is on for its set and its store is empty, copy
/// the previous ordinal's store. Returns the pod cloned from.
pub(crate) fn clone_if_empty(sim: &mut Simulation, pod: &Pod) -> Option<String> {
    replicated_set_of(sim, pod)?;
    let (parent, ordinal) = parent_and_ordinal(&pod.metadata.name)?;
    let previous = sim.cluster.get::<Pod>(&ObjectKey {
        namespace: pod.metadata.namespace.clone(),
        name: format!("{parent}-{}", ordinal.checked_sub(1)?),
    })?;
    let place = key_place(sim, pod);
    if !sim.data.store(&place).is_none_or(DataStore::is_empty) {
        return None;
    }
    let source = key_place(sim, previous);
    let previous_name = previous.metadata.name.clone();
    let mut copy = sim.data.store(&source).cloned().unwrap_or_default();
    copy.cloned_from = Some(previous_name.clone());
    let store = sim.data.store_mut(&place, &pod.metadata.name);
    copy.pod_name = store.pod_name.take();
    *store = copy;
    Some(previous_name)
}

/// A pod incarnation is gone: its own files go with it.
pub(crate) fn on_pod_deleted(sim: &mut Simulation, uid: &str) {
    sim.data.stores.remove(&Place::Pod(uid.to_string()).key());
}

/// A container of the pod restarted: the files it wrote to its own filesystem are gone
/// (the new container starts from its image); files in an emptyDir live as long as the
/// pod, and the replicated model's keys are kept.
pub(crate) fn on_container_restart(sim: &mut Simulation, pod: &Pod) {
    let scratch: Vec<&str> = pod
        .spec
        .volumes
        .iter()
        .filter(|v| v.empty_dir.is_some())
        .flat_map(|v| pod.spec.containers.iter().flat_map(|c| &c.volume_mounts).filter(move |m| m.name == v.name))
        .map(|m| m.mount_path.as_str())
        .collect();
    let Some(store) = sim.data.stores.get_mut(&Place::Pod(pod.metadata.uid.clone()).key()) else { return };
    let gone: Vec<String> = store
        .entries
        .keys()
        .filter(|path| path.starts_with('/') && !scratch.iter().any(|dir| under(path, dir)))
        .cloned()
        .collect();
    for path in gone {
        store.entries.remove(&path);
    }
}

/// A volume's storage is deleted: its data goes with it.
pub(crate) fn on_volume_deleted(sim: &mut Simulation, volume: &str) {
    sim.data.stores.remove(&Place::Volume(volume.to_string()).key());
}

/// The store holding pod `name`'s keys (its first claim's volume, or the pod itself),
/// if anything was ever stored there.
pub fn pod_store<'a>(sim: &'a Simulation, name: &str) -> Option<&'a DataStore> {
    let pod = sim.cluster.get::<Pod>(&ObjectKey::default_ns(name))?;
    sim.data.store(&key_place(sim, pod))
}

/// Everything stored, by claim name (for volumes) or pod name, for the runner's JSON
/// and the page.
pub fn snapshot(sim: &Simulation) -> FlatMap<String, FlatMap<String, String>> {
    let mut out = FlatMap::new();
    for (key, store) in &sim.data.stores {
        if store.entries.is_empty() {
            continue;
        }
        let name = match (key.strip_prefix("pv/"), &store.pod_name) {
            (Some(volume), _) => sim
                .cluster
                .get::<crate::api::PersistentVolume>(&ObjectKey::cluster_scoped(volume))
                .and_then(|pv| pv.spec.claim_ref.as_ref().map(|c| c.name.clone()))
                .unwrap_or_else(|| volume.to_string()),
            (None, Some(pod)) => pod.clone(),
            (None, None) => continue,
        };
        out.insert(name, store.entries.clone());
    }
    out
}
