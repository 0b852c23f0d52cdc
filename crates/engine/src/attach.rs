//! The attach/detach controller for ReadWriteOnce volumes: a volume is attached to one
//! node at a time. A pod whose volume is still attached to another node waits in
//! ContainerCreating with `FailedAttachVolume` (`Multi-Attach error …`) until the volume
//! is detached: at once when its last pod there is gone from a live node, after
//! `maxWaitForUnmountDuration` (6 minutes) when that node stopped reporting, at once when
//! the node object is deleted. This is why a StatefulSet pod re-created away from a failed
//! node cannot start right away even after a force delete (behaviour document, 5.4).

use crate::api::Pod;
use crate::flat_map::FlatMap;
use crate::simulation::Simulation;
use crate::time::SimDuration;
use crate::timers::Timer;

/// How long the controller waits for a silent node to unmount before it detaches anyway.
pub const MAX_WAIT_FOR_UNMOUNT: SimDuration = SimDuration::from_secs(360);

/// Which node each attached ReadWriteOnce volume is attached to, and for which pod.
#[derive(Debug, Clone, Default)]
pub struct AttachState {
    /// Volume name → (node, uid of the pod it was attached for).
    attached: FlatMap<String, (String, String)>,
}

impl AttachState {
    /// The node the volume is attached to, if any.
    pub fn node_of(&self, volume: &str) -> Option<&str> {
        self.attached.get(volume).map(|(n, _)| n.as_str())
    }
}

/// The ReadWriteOnce volumes the pod's claims are bound to.
fn exclusive_volumes(sim: &Simulation, pod: &Pod) -> Vec<String> {
    crate::volumes::bound_volumes(sim, pod)
        .into_iter()
        // A node-local volume is not attached: it is already on its node's disk.
        .filter(|pv| {
            pv.spec.node_affinity.is_none()
                && pv.spec.access_modes.iter().any(|m| m == "ReadWriteOnce" || m == "ReadWriteOncePod")
        })
        .map(|pv| pv.metadata.name.clone())
        .collect()
}

/// Attaches the pod's exclusive volumes to `node`. Returns the volumes newly attached, or
/// the first volume still attached to another node.
pub(crate) fn attach(sim: &mut Simulation, pod: &Pod, node: &str) -> Result<Vec<String>, String> {
    let volumes = exclusive_volumes(sim, pod);
    if let Some(busy) = volumes.iter().find(|v| sim.attach.node_of(v).is_some_and(|n| n != node)) {
        return Err(busy.clone());
    }
    let mut attached = Vec::new();
    for v in volumes {
        if sim.attach.node_of(&v).is_none() {
            sim.attach.attached.insert(v.clone(), (node.to_string(), pod.metadata.uid.clone()));
            attached.push(v);
        }
    }
    Ok(attached)
}

/// A pod is gone from the API: the volumes attached for it are detached, at once if its
/// node is live, after [`MAX_WAIT_FOR_UNMOUNT`] if the node stopped reporting.
pub(crate) fn on_pod_deleted(sim: &mut Simulation, pod_uid: &str) {
    let mine: Vec<(String, String)> = sim
        .attach
        .attached
        .iter()
        .filter(|(_, (_, uid))| uid == pod_uid)
        .map(|(v, (n, _))| (v.clone(), n.clone()))
        .collect();
    for (volume, node) in mine {
        if sim.nodes.is_failed(&node) && !crate::node_lifecycle::is_out_of_service(sim, &node) {
            let at = sim.cluster.now().plus(MAX_WAIT_FOR_UNMOUNT);
            sim.timers.schedule(at, Timer::ForceDetach { volume, pod_uid: pod_uid.to_string() });
        } else {
            sim.attach.attached.remove(&volume);
        }
    }
}

/// The wait for a silent node ran out: the volume is detached if it is still attached for
/// the pod that is gone.
pub(crate) fn on_force_detach(sim: &mut Simulation, volume: &str, pod_uid: &str) {
    if sim.attach.attached.get(volume).is_some_and(|(_, uid)| uid == pod_uid) {
        sim.attach.attached.remove(volume);
    }
}

/// A node is back or gone: volumes attached there for pods that no longer exist are
/// detached at once.
pub(crate) fn release_node(sim: &mut Simulation, node: &str, node_deleted: bool) {
    let live: crate::flat_map::FlatSet<&str> =
        crate::sorting::set_from(sim.cluster.list::<Pod>().values().map(|p| p.metadata.uid.as_str()));
    let gone: Vec<String> = sim
        .attach
        .attached
        .iter()
        .filter(|(_, (n, uid))| n == node && (node_deleted || !live.contains(uid.as_str())))
        .map(|(v, _)| v.clone())
        .collect();
    for v in gone {
        sim.attach.attached.remove(&v);
    }
}
