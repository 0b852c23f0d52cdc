//! What `kubectl cordon`, `uncordon`, `taint` and `apply` of a Node do to a node, with
//! kubectl's output and its errors. Pods already on the node stay (cordon and
//! `NoSchedule` only keep new pods off); the scheduler retries waiting pods when a node
//! changes.

use crate::action::{ActionError, Outcome};
use crate::api::scheduling::Taint;
use crate::api::{Kind, Node};
use crate::simulation::Simulation;

/// `kubectl apply` of a Node. An existing node takes the manifest's labels, annotations,
/// taints and `unschedulable` (the rest of a node is its kubelet's to report). A new name
/// joins the cluster as `sim node add` makes one, Ready, with the manifest's labels and
/// taints, its zone from `topology.kubernetes.io/zone` (a real cluster would wait for a
/// kubelet to register under that name; the playground supplies one).
pub(crate) fn apply_node(sim: &mut Simulation, manifest: Node) -> Result<String, ActionError> {
    let name = manifest.metadata.name.clone();
    let key = crate::store::ObjectKey::cluster_scoped(&name);
    let created = sim.cluster.get::<Node>(&key).is_none();
    if created {
        let zone = manifest.metadata.labels.get(crate::api::node::ZONE_LABEL).cloned();
        crate::default_cluster::add_node(&mut sim.cluster, &name, zone.as_deref())?;
    }
    let Some(old) = sim.cluster.get::<Node>(&key).cloned() else {
        return Err(crate::error::ApiError::NotFound { kind: Kind::Node, name }.into());
    };
    let mut node = old.clone();
    for (k, v) in &manifest.metadata.labels {
        node.metadata.labels.insert(k.clone(), v.clone());
    }
    for (k, v) in &manifest.metadata.annotations {
        node.metadata.annotations.insert(k.clone(), v.clone());
    }
    node.spec.taints = manifest.spec.taints.clone();
    node.spec.unschedulable = manifest.spec.unschedulable;
    let taints_changed = node.spec.taints != old.spec.taints;
    let changed = node != old;
    sim.cluster.update(node)?;
    if taints_changed {
        crate::node_lifecycle::on_taints_changed(sim, &name);
    }
    Ok(crate::apply::verdict(Kind::Node, &name, created, changed))
}

/// The effects a taint may have.
pub const TAINT_EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/// `kubectl cordon NODE` (`unschedulable`) or `kubectl uncordon NODE`.
pub(crate) fn cordon(sim: &mut Simulation, name: &str, unschedulable: bool) -> Result<Outcome, ActionError> {
    let mut n = crate::node_lifecycle::node(sim, name)?;
    let word = if unschedulable { "cordoned" } else { "uncordoned" };
    if n.is_unschedulable() == unschedulable {
        return Ok(Outcome { lines: vec![format!("node/{name} already {word}")] });
    }
    n.spec.unschedulable = unschedulable.then_some(true);
    sim.cluster.update(n)?;
    Ok(Outcome { lines: vec![format!("node/{name} {word}")] })
}

/// A taint to remove: its key, and its effect if the removal names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaintRemoval {
    /// The taint key.
    pub key: String,
    /// Only the taint with this effect, if given (`key:Effect-`); else every effect.
    pub effect: Option<String>,
}

/// Reads one argument of `kubectl taint`: `key[=value]:Effect` to add, `key[:Effect]-` to
/// remove, with kubectl's error words.
pub fn parse_taint_arg(arg: &str) -> Result<Result<Taint, TaintRemoval>, String> {
    if let Some(spec) = arg.strip_suffix('-') {
        let (key, effect) = match spec.split_once(':') {
            Some((k, e)) => (k, Some(e.to_string())),
            None => (spec, None),
        };
        if let Some(e) = effect.as_deref().filter(|e| !TAINT_EFFECTS.contains(e)) {
            return Err(format!("invalid taint effect: {e}, unsupported taint effect"));
        }
        return Ok(Err(TaintRemoval { key: key.to_string(), effect }));
    }
    let Some((key_value, effect)) = arg.split_once(':') else {
        return Err(format!("invalid taint spec: {arg}"));
    };
    if !TAINT_EFFECTS.contains(&effect) {
        return Err(format!("invalid taint effect: {effect}, unsupported taint effect"));
    }
    let (key, value) = match key_value.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (key_value, None),
    };
    if key.is_empty() {
        return Err(format!("invalid taint spec: {arg}"));
    }
    Ok(Ok(Taint { key: key.into(), value, effect: effect.into() }))
}

/// `kubectl taint nodes NODE …`: adds and removes taints; an existing taint of the same
/// key and effect is replaced only with `--overwrite`.
pub(crate) fn taint(
    sim: &mut Simulation,
    name: &str,
    add: &[Taint],
    remove: &[TaintRemoval],
    overwrite: bool,
) -> Result<Outcome, ActionError> {
    let mut n = crate::node_lifecycle::node(sim, name)?;
    let taints = &mut n.spec.taints;
    for r in remove {
        let matches = |t: &Taint| t.key == r.key && r.effect.as_deref().is_none_or(|e| e == t.effect);
        if !taints.iter().any(matches) {
            let shown = match &r.effect {
                Some(e) => format!("{}:{e}", r.key),
                None => r.key.clone(),
            };
            return Err(ActionError::Kubectl(format!("taint {shown:?} not found")));
        }
        taints.retain(|t| !matches(t));
    }
    for t in add {
        match taints.iter_mut().find(|old| old.key == t.key && old.effect == t.effect) {
            Some(_) if !overwrite => {
                return Err(ActionError::Kubectl(format!(
                    "node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                    t.key
                )))
            }
            Some(old) => *old = t.clone(),
            None => taints.push(t.clone()),
        }
    }
    sim.cluster.update(n)?;
    crate::node_lifecycle::on_taints_changed(sim, name);
    let word = match (add.is_empty(), remove.is_empty()) {
        (false, true) => "tainted",
        (true, false) => "untainted",
        _ => "modified",
    };
    Ok(Outcome { lines: vec![format!("node/{name} {word}")] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taint_arguments_read_as_kubectl_reads_them() {
        assert_eq!(
            parse_taint_arg("dedicated=db:NoSchedule"),
            Ok(Ok(Taint { key: "dedicated".into(), value: Some("db".into()), effect: "NoSchedule".into() }))
        );
        assert_eq!(parse_taint_arg("gpu:NoExecute"), Ok(Ok(Taint::new("gpu", "NoExecute"))));
        assert_eq!(
            parse_taint_arg("gpu:NoExecute-"),
            Ok(Err(TaintRemoval { key: "gpu".into(), effect: Some("NoExecute".into()) }))
        );
        assert_eq!(parse_taint_arg("gpu-"), Ok(Err(TaintRemoval { key: "gpu".into(), effect: None })));
        assert_eq!(
            parse_taint_arg("gpu:Sometimes"),
            Err("invalid taint effect: Sometimes, unsupported taint effect".into())
        );
        assert_eq!(parse_taint_arg("gpu"), Err("invalid taint spec: gpu".into()));
    }
}
