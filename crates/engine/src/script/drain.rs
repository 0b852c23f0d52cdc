//! `kubectl drain NODE`: cordon the node, evict every pod on it, and wait (letting
//! simulated time pass) until each is gone, printing what kubectl prints. Evictions are
//! graceful deletions (there are no PodDisruptionBudgets to refuse them); the
//! StatefulSet re-creates its pods on the other nodes, in its own order.

use crate::action::Action;
use crate::api::Pod;
use crate::simulation::Simulation;
use crate::time::SimDuration;

/// Runs `kubectl drain NODE`; `timeout` bounds the simulated wait (kubectl's
/// `--timeout`, 10 minutes unless given).
pub fn drain(sim: &mut Simulation, node: &str, timeout: SimDuration) -> String {
    let mut out = String::new();
    match sim.apply(Action::CordonNode { node: node.to_string(), unschedulable: true }) {
        Ok(done) => done.lines.iter().for_each(|l| out.push_str(&format!("{l}\n"))),
        Err(e) => return format!("{e}\n"),
    }
    let on_node: Vec<(String, String, String)> = sim
        .cluster()
        .list::<Pod>()
        .values()
        .filter(|p| p.spec.node_name.as_deref() == Some(node) && !p.is_terminal())
        .map(|p| (p.metadata.namespace.clone(), p.metadata.name.clone(), p.metadata.uid.clone()))
        .collect();
    let mut waiting = Vec::new();
    for (namespace, name, uid) in on_node {
        out.push_str(&format!("evicting pod {namespace}/{name}\n"));
        match sim.apply(Action::DeletePod { pod: name.clone(), grace_period_seconds: None }) {
            Ok(_) => waiting.push((name, uid)),
            Err(e) => out.push_str(&format!("error when evicting pods/\"{name}\" -n \"{namespace}\": {e}\n")),
        }
    }
    let deadline = sim.now().plus(timeout);
    loop {
        let gone = |sim: &Simulation, name: &str, uid: &str| {
            sim.cluster().get::<Pod>(&crate::store::ObjectKey::default_ns(name)).is_none_or(|p| p.metadata.uid != uid)
        };
        let (done, left): (Vec<_>, Vec<_>) = waiting.into_iter().partition(|(n, u)| gone(sim, n, u));
        done.iter().for_each(|(name, _)| out.push_str(&format!("pod/{name} evicted\n")));
        waiting = left;
        if waiting.is_empty() {
            out.push_str(&format!("node/{node} drained\n"));
            return out;
        }
        let next = sim.next_change_at().filter(|at| *at <= deadline);
        let Some(next) = next else {
            let _ = sim.apply(Action::Advance { by: deadline.since(sim.now()) });
            let (name, _) = &waiting[0];
            out.push_str(&format!(
                "There are pending nodes to be drained:\n {node}\nerror: error when waiting for pod \"{name}\" in namespace \"default\" to terminate: global timeout reached: {}\n",
                timeout.go_string()
            ));
            return out;
        };
        let _ = sim.apply(Action::Advance { by: next.since(sim.now()) });
    }
}
