//! "Why?": the controller decision behind what an object looks like now, in one sentence
//! the page shows when a person selects a pod, an identity slot, a claim or a set
//! ("web-2 is not created yet: OrderedReady waits for web-1 to be Running and Ready").
//! Read from the cluster as it is; it changes nothing.

use crate::api::{Event, Node, PersistentVolumeClaim, Pod, PodPhase, StatefulSet};
use crate::cluster::Cluster;
use crate::controller::revisions::pod_revision;
use crate::controller::statefulset::pod_name;
use crate::ordinal::parent_and_ordinal;
use crate::store::ObjectKey;

/// The message of the newest event about the object of `kind` called `name` with one of
/// `reasons`, if any.
fn last_event<'a>(cluster: &'a Cluster, kind: &str, name: &str, reasons: &[&str]) -> Option<&'a Event> {
    cluster
        .list::<Event>()
        .values()
        .filter(|e| e.involved_object.kind == kind && e.involved_object.name == name)
        .filter(|e| reasons.contains(&e.reason.as_str()))
        .max_by_key(|e| e.last_timestamp)
}

fn node_of<'a>(cluster: &'a Cluster, pod: &Pod) -> Option<&'a Node> {
    cluster.get::<Node>(&ObjectKey::cluster_scoped(pod.spec.node_name.as_deref()?))
}

/// Why the pod slot `name` of its set is as it is: the pod itself, or why there is none.
pub fn why_pod(cluster: &Cluster, name: &str) -> String {
    let key = ObjectKey::default_ns(name);
    match cluster.get::<Pod>(&key) {
        Some(pod) => why_existing_pod(cluster, pod),
        None => why_missing_pod(cluster, name),
    }
}

/// The set that owns (or would own) pod `name`, with the pod's ordinal.
fn set_of<'a>(cluster: &'a Cluster, name: &str) -> Option<(&'a StatefulSet, i64)> {
    let (parent, ordinal) = parent_and_ordinal(name)?;
    let set = cluster.get::<StatefulSet>(&ObjectKey::default_ns(parent))?;
    Some((set, ordinal))
}

/// The name of the first pod of `set` with an ordinal in `ordinals` that is missing or not
/// Running and Ready.
fn first_not_ready(cluster: &Cluster, set: &StatefulSet, ordinals: std::ops::Range<i64>) -> Option<String> {
    ordinals
        .map(|o| pod_name(set, o))
        .find(|p| cluster.get::<Pod>(&ObjectKey::default_ns(p)).is_none_or(|pod| !pod.is_running_and_ready()))
}

fn why_missing_pod(cluster: &Cluster, name: &str) -> String {
    let Some((set, ordinal)) = set_of(cluster, name) else {
        return format!("{name} does not exist.");
    };
    let start = i64::from(set.start_ordinal());
    let end = start + i64::from(set.replicas());
    if ordinal < start || ordinal >= end {
        return format!(
            "{name} is not wanted: {} has replicas={} (ordinals {start} to {}).",
            set.metadata.name,
            set.replicas(),
            end - 1
        );
    }
    if set.pod_management_policy() == crate::api::statefulset::PodManagementPolicy::OrderedReady {
        if let Some(blocker) = first_not_ready(cluster, set, start..ordinal) {
            return format!("{name} is not created yet: OrderedReady waits for {blocker} to be Running and Ready.");
        }
    }
    format!("{name} is about to be created by the StatefulSet controller.")
}

fn why_existing_pod(cluster: &Cluster, pod: &Pod) -> String {
    let name = &pod.metadata.name;
    let node = node_of(cluster, pod);
    if pod.metadata.is_terminating() {
        if let Some(node) = node.filter(|n| !n.is_ready()) {
            return format!(
                "{name} is stuck Terminating: {} is unreachable, so no kubelet confirms the pod stopped; a StatefulSet never runs two {name} (force-delete it, delete the node, or wait for it).",
                node.metadata.name
            );
        }
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        return format!("{name} is Terminating: its containers have up to {grace} s to exit; its replacement waits until it is gone.");
    }
    let status = pod.kubectl_status();
    if pod.spec.node_name.is_none() {
        let reason = last_event(cluster, "Pod", name, &["FailedScheduling"]).map(|e| e.message.clone());
        return match reason {
            Some(reason) => format!("{name} is Pending: the scheduler found no node. {reason}"),
            None => format!("{name} is Pending: the scheduler has not placed it yet."),
        };
    }
    let waiting = |reasons: &[&str]| last_event(cluster, "Pod", name, reasons).map(|e| e.message.clone());
    match status.as_str() {
        "ContainerCreating" => {
            if let Some(message) = waiting(&["FailedAttachVolume", "FailedMount"]) {
                return format!("{name} waits for its volumes: {message}");
            }
            return format!("{name} is starting on {}: its sandbox and containers are being created.", node_name(pod));
        }
        "ErrImagePull" | "ImagePullBackOff" | "Init:ErrImagePull" | "Init:ImagePullBackOff" => {
            let message = waiting(&["Failed"]).unwrap_or_default();
            return format!(
                "{name} cannot start: the kubelet cannot pull its image and retries with a back-off. {message}"
            );
        }
        "CrashLoopBackOff" | "Init:CrashLoopBackOff" => {
            return format!(
                "{name}'s container keeps exiting; the kubelet restarts it after a back-off that doubles up to 5 minutes ({} restarts so far).",
                pod.restarts()
            );
        }
        _ => {}
    }
    if status.starts_with("Init:") || status == "PodInitializing" {
        return format!("{name} is running its init containers ({status}); the main containers start after them.");
    }
    if pod.status.phase == Some(PodPhase::Running) && !pod.is_ready() {
        return format!("{name} is Running but not Ready: its readiness check fails, so it has no DNS record and OrderedReady waits on it.");
    }
    if let Some(message) = old_revision(cluster, pod) {
        return message;
    }
    if pod.is_running_and_ready() {
        let ip = pod.status.pod_ip.clone().unwrap_or_default();
        return format!(
            "{name} is Running and Ready on {} with IP {ip}; if it is deleted, a new {name} gets the same name and claims, and a new IP.",
            node_name(pod)
        );
    }
    format!("{name} is {status}.")
}

fn node_name(pod: &Pod) -> String {
    pod.spec.node_name.clone().unwrap_or_default()
}

/// Why a Ready pod still runs the current revision while the set's template changed.
fn old_revision(cluster: &Cluster, pod: &Pod) -> Option<String> {
    let (set, ordinal) = set_of(cluster, &pod.metadata.name)?;
    let update = set.status.as_ref()?.update_revision.as_deref()?;
    if pod_revision(pod)? == update {
        return None;
    }
    let name = &pod.metadata.name;
    let boundary = i64::from(set.start_ordinal()) + i64::from(set.partition());
    Some(if !set.rolls_out() {
        format!("{name} runs the old template: updateStrategy OnDelete replaces it only when it is deleted.")
    } else if ordinal < boundary {
        format!("{name} runs the old template: partition={} keeps ordinals below {boundary} on it.", set.partition())
    } else {
        format!("{name} runs the old template: the rolling update replaces pods from the highest ordinal down, one at a time, each after the one above is Ready.")
    })
}

/// Why claim `name` is as it is.
pub fn why_claim(cluster: &Cluster, name: &str) -> String {
    let Some(claim) = cluster.get::<PersistentVolumeClaim>(&ObjectKey::default_ns(name)) else {
        return format!("{name} does not exist.");
    };
    if claim.metadata.is_terminating() {
        return format!("{name} is Terminating: kubernetes.io/pvc-protection holds it while a pod uses it.");
    }
    // A StatefulSet claim is `<template>-<set>-<ordinal>`: find the set and the pod.
    let owner = cluster.list::<StatefulSet>().values().find_map(|set| {
        set.spec.volume_claim_templates.iter().find_map(|t| {
            let rest = name.strip_prefix(&format!("{}-", t.metadata.name))?;
            let (parent, ordinal) = parent_and_ordinal(rest)?;
            (parent == set.metadata.name).then_some((set, ordinal))
        })
    });
    if let Some((set, ordinal)) = owner {
        let pod = pod_name(set, ordinal);
        let wanted = ordinal >= i64::from(set.start_ordinal())
            && ordinal < i64::from(set.start_ordinal()) + i64::from(set.replicas());
        if !wanted {
            let policy = if set.retention().when_scaled_delete { "Delete" } else { "Retain" };
            return format!(
                "{name} kept: whenScaled={policy}; if {} scales up again, {pod} gets it back with its data.",
                set.metadata.name
            );
        }
        if claim.spec.volume_name.is_none() {
            return format!("{name} waits for its volume: the storage class provisions it once {pod} is scheduled (WaitForFirstConsumer).");
        }
        return format!(
            "{name} is Bound to {}: it belongs to the identity {pod}, not to one pod; every {pod} mounts it, on whatever node.",
            claim.spec.volume_name.clone().unwrap_or_default()
        );
    }
    match &claim.spec.volume_name {
        Some(volume) => format!("{name} is Bound to {volume}."),
        None => format!("{name} is Pending: no volume is bound to it yet."),
    }
}

/// Why the set `name` is where it is: scaling, rolling out, or settled.
pub fn why_set(cluster: &Cluster, name: &str) -> String {
    let Some(set) = cluster.get::<StatefulSet>(&ObjectKey::default_ns(name)) else {
        return format!("{name} does not exist.");
    };
    let status = set.status.clone().unwrap_or_default();
    let (want, ready) = (set.replicas(), status.ready_replicas);
    let start = i64::from(set.start_ordinal());
    // The first wanted identity that is not Running and Ready says what the set waits for.
    if let Some(pod) = first_not_ready(cluster, set, start..start + i64::from(want)) {
        return format!("{name} has {ready} of {want} Ready; next: {}", why_pod(cluster, &pod));
    }
    if status.replicas > want {
        return format!(
            "{name} is scaling down to {want}: pods go from the highest ordinal, one at a time; their claims stay."
        );
    }
    if status.current_revision != status.update_revision {
        return format!("{name} has {} of {want} pods on the new template.", status.updated_replicas);
    }
    format!("{name} is settled: {ready} of {want} Ready, each with its own name, DNS record and claim.")
}
