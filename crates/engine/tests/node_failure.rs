//! A node that stops reporting (behaviour document, section 5.4): the node goes
//! NotReady after the 50 s grace period and its pods leave the DNS; after the 300 s
//! toleration they are evicted and stay Terminating, with no replacement, until the node
//! recovers, the pod is force-deleted (with the split-brain warning), or the node object
//! is deleted.

mod common;

use common::*;
use sts_engine::api::Node;
use sts_engine::dns::records;
use sts_engine::{ObjectKey, Simulation};

fn three_on_three_nodes() -> Simulation {
    let (sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim settle\n");
    assert_eq!(pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone()).as_deref(), Some("node-2"));
    sim
}

fn node_ready(sim: &Simulation, name: &str) -> String {
    let node = sim.cluster().get::<Node>(&ObjectKey::cluster_scoped(name)).expect("node");
    node.status.conditions.iter().find(|c| c.type_ == "Ready").map(|c| c.status.clone()).unwrap_or_default()
}

fn has_record(sim: &Simulation, host: &str) -> bool {
    records(sim.cluster()).iter().any(|r| r.name == format!("{host}.nginx.default.svc.cluster.local"))
}

/// S40, part 1 — after the grace period the node is NotReady and `web-1` drops from DNS.
#[test]
fn a_failed_node_goes_not_ready_after_the_grace_period_and_its_pods_leave_the_dns() {
    let mut sim = three_on_three_nodes();
    more(&mut sim, "sim node fail node-2\nsim advance 49s\n");
    assert_eq!(node_ready(&sim, "node-2"), "True", "still within node-monitor-grace-period");
    assert!(is_ready(&sim, "web-1") && has_record(&sim, "web-1"));
    more(&mut sim, "sim advance 2s\n");
    assert_eq!(node_ready(&sim, "node-2"), "Unknown");
    let taints: Vec<String> = sim
        .cluster()
        .get::<Node>(&ObjectKey::cluster_scoped("node-2"))
        .map(|n| n.spec.taints.iter().map(|t| t.to_kubectl()).collect())
        .unwrap_or_default();
    assert_eq!(taints, ["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    assert!(!pod(&sim, "web-1").expect("still there").is_ready());
    assert!(!has_record(&sim, "web-1"), "a not-ready pod has no DNS record");
    assert!(has_record(&sim, "web-0") && has_record(&sim, "web-2"));
    assert!(pod_events(&sim, "web-1").contains(&"Node is not ready".to_string()));
    let out = more(&mut sim, "kubectl get nodes\n");
    assert!(out.contains("node-2   NotReady"), "{out}");
}

/// S40, part 2 — after the 300 s toleration `web-1` is Terminating for good, there is no
/// second `web-1`, and OrderedReady scale-up is blocked at it.
#[test]
fn after_the_toleration_the_pod_is_evicted_and_stays_terminating_with_no_replacement() {
    let mut sim = three_on_three_nodes();
    more(&mut sim, "sim node fail node-2\nsim advance 349s\n");
    assert!(!pod(&sim, "web-1").expect("web-1").metadata.is_terminating(), "tolerated for 300 s after the taint");
    more(&mut sim, "sim advance 2s\n");
    assert_eq!(pod(&sim, "web-1").expect("web-1").kubectl_status(), "Terminating");
    assert!(pod_events(&sim, "web-1").contains(&"Marking for deletion Pod default/web-1".to_string()));
    more(&mut sim, "kubectl scale sts web --replicas=4\nsim advance 30m\n");
    assert_eq!(pod(&sim, "web-1").expect("web-1").kubectl_status(), "Terminating", "forever: no kubelet confirms");
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"], "no second web-1, and OrderedReady is blocked");
}

/// S40, part 3 — a force delete creates a new `web-1` (new uid and IP, same claim) on
/// another node, with the split-brain warning.
#[test]
fn a_force_delete_frees_the_name_and_warns_of_split_brain() {
    let mut sim = three_on_three_nodes();
    let old = pod(&sim, "web-1").cloned().expect("web-1");
    more(&mut sim, "sim node fail node-2\nsim advance 6m\n");
    let out = more(&mut sim, "kubectl delete pod web-1 --grace-period=0 --force\n");
    assert!(
        out.contains("pod \"web-1\" force deleted\nsim: warning: node-2 stopped reporting but may still be running web-1; its replacement can make two web-1 at once (split brain)\n"),
        "{out}"
    );
    more(&mut sim, "sim settle\n");
    let new = pod(&sim, "web-1").expect("re-created");
    assert!(new.is_running_and_ready());
    assert_ne!(new.metadata.uid, old.metadata.uid);
    assert_ne!(new.spec.node_name.as_deref(), Some("node-2"), "not on the silent node");
    assert_ne!(new.status.pod_ip, old.status.pod_ip, "a new IP");
    let claims: Vec<String> = new
        .spec
        .volumes
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref())
        .map(|c| c.claim_name.clone())
        .collect();
    assert_eq!(claims, ["www-web-1"], "the same claim");
    assert!(has_record(&sim, "web-1"), "the name resolves again, to the new IP");
}

#[test]
fn a_recovered_node_finishes_the_deletion_and_the_pod_comes_back() {
    let mut sim = three_on_three_nodes();
    let old = pod(&sim, "web-1").map(|p| p.metadata.uid.clone());
    more(&mut sim, "sim node fail node-2\nsim advance 6m\nsim node recover node-2\nsim settle\n");
    assert_eq!(node_ready(&sim, "node-2"), "True");
    assert!(is_ready(&sim, "web-1"));
    assert_ne!(pod(&sim, "web-1").map(|p| p.metadata.uid.clone()), old, "the evicted pod finished; a new one runs");
    let out = more(&mut sim, "kubectl get nodes\n");
    assert!(!out.contains("NotReady"), "{out}");
}

#[test]
fn a_node_that_recovers_within_the_toleration_keeps_its_pods() {
    let mut sim = three_on_three_nodes();
    let old = pod(&sim, "web-1").map(|p| p.metadata.uid.clone());
    more(&mut sim, "sim node fail node-2\nsim advance 2m\n");
    assert!(!pod(&sim, "web-1").expect("web-1").is_ready());
    more(&mut sim, "sim node recover node-2\nsim advance 10m\n");
    assert!(is_ready(&sim, "web-1"), "the kubelet reports it Ready again");
    assert_eq!(pod(&sim, "web-1").map(|p| p.metadata.uid.clone()), old, "never evicted");
}

#[test]
fn deleting_the_node_removes_its_pods_and_the_set_replaces_them() {
    let mut sim = three_on_three_nodes();
    let out = more(&mut sim, "sim node fail node-2\nsim advance 6m\nkubectl delete node node-2\nsim settle\n");
    assert!(out.contains("node \"node-2\" deleted"), "{out}");
    let p = pod(&sim, "web-1").expect("replaced");
    assert!(p.is_running_and_ready());
    assert_ne!(p.spec.node_name.as_deref(), Some("node-2"));
}

#[test]
fn a_second_failure_gets_a_fresh_toleration() {
    let mut sim = three_on_three_nodes();
    more(&mut sim, "sim node fail node-2\nsim advance 4m\nsim node recover node-2\nsim advance 10s\nsim node fail node-2\nsim advance 2m\n");
    assert!(!pod(&sim, "web-1").expect("web-1").metadata.is_terminating(), "the first failure's clock does not count");
    more(&mut sim, "sim advance 4m\n");
    assert_eq!(pod(&sim, "web-1").expect("web-1").kubectl_status(), "Terminating");
}

/// `kubectl drain`: cordon, evict, wait until the pods are gone; the set re-creates them
/// elsewhere. A silent node's pods never finish, so drain times out.
#[test]
fn drain_evicts_and_waits_and_times_out_on_a_silent_node() {
    let mut sim = three_on_three_nodes();
    let out = more(&mut sim, "kubectl drain node-2 --ignore-daemonsets\n");
    assert!(
        out.ends_with("node/node-2 cordoned\nevicting pod default/web-1\npod/web-1 evicted\nnode/node-2 drained\n"),
        "{out}"
    );
    more(&mut sim, "sim settle\n");
    let p = pod(&sim, "web-1").expect("re-created");
    assert!(p.is_running_and_ready());
    assert_ne!(p.spec.node_name.as_deref(), Some("node-2"));

    let node = p.spec.node_name.clone().unwrap_or_default();
    let out = more(&mut sim, &format!("sim node fail {node}\nkubectl drain {node} --timeout 2m\n"));
    // Two pods wait, so kubectl reports both errors as one aggregate: `[…, …]`.
    assert!(out.contains("to terminate: global timeout reached: 2m0s, error when waiting for pod"), "{out}");
    assert!(out.ends_with("There are pending nodes to be drained:\n node-3\nerror: [error when waiting for pod \"web-1\" in namespace \"default\" to terminate: global timeout reached: 2m0s, error when waiting for pod \"web-2\" in namespace \"default\" to terminate: global timeout reached: 2m0s]\n"), "{out}");
}

/// The replacement of a force-deleted pod waits for its ReadWriteOnce volume: attached to
/// the silent node, it is detached only after 6 minutes (`Multi-Attach` meanwhile).
#[test]
fn the_replacement_waits_six_minutes_for_the_volume_on_the_silent_node() {
    let mut sim = three_on_three_nodes();
    let volume = claim(&sim, "www-web-1").and_then(|c| c.spec.volume_name.clone()).expect("bound");
    assert_eq!(sim.attachments().node_of(&volume), Some("node-2"));
    more(
        &mut sim,
        "sim node fail node-2\nsim advance 6m\nkubectl delete pod web-1 --grace-period=0 --force\nsim advance 5m\n",
    );
    let waiting = pod(&sim, "web-1").expect("re-created");
    assert_eq!(waiting.kubectl_status(), "ContainerCreating", "its volume is still on node-2");
    let multi = format!("Multi-Attach error for volume \"{volume}\" Volume is already exclusively attached to one node and can't be attached to another");
    assert!(pod_events(&sim, "web-1").contains(&multi), "{:?}", pod_events(&sim, "web-1"));
    more(&mut sim, "sim advance 70s\n");
    assert!(is_ready(&sim, "web-1"), "detached after 6 minutes, then attached to the new node");
    let node = pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone());
    assert_eq!(sim.attachments().node_of(&volume), node.as_deref());
}

/// A volume is never attached to two nodes, and a pod deleted from a live node frees its
/// volume at once.
#[test]
fn a_volume_moves_with_its_pod_between_live_nodes() {
    let mut sim = three_on_three_nodes();
    let volume = claim(&sim, "www-web-1").and_then(|c| c.spec.volume_name.clone()).expect("bound");
    more(&mut sim, "kubectl cordon node-2\nkubectl delete pod web-1\nsim settle\n");
    let node = pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone());
    assert_ne!(node.as_deref(), Some("node-2"));
    assert!(is_ready(&sim, "web-1"));
    assert_eq!(sim.attachments().node_of(&volume), node.as_deref());
}

/// The tutorial set with its claims in the `local-path` class: node-local volumes.
fn local_volumes() -> Simulation {
    let manifest = sts_engine::bundled::WEB_YAML.replace(
        "      accessModes: [ \"ReadWriteOnce\" ]",
        "      storageClassName: local-path\n      accessModes: [ \"ReadWriteOnce\" ]",
    );
    assert!(manifest.contains("local-path"));
    let (sim, out) =
        script(&format!("kubectl apply -f - <<EOF\n{manifest}EOF\nkubectl scale sts web --replicas=3\nsim settle\n"));
    assert_eq!(pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone()).as_deref(), Some("node-2"), "{out}");
    sim
}

/// The lesson "remote storage is needed for rescheduling": a pod whose volume lives on a
/// dead node's disk cannot move; its replacement stays Pending until the node is back.
#[test]
fn a_local_volume_pins_the_pod_to_its_node() {
    let mut sim = local_volumes();
    let volume = claim(&sim, "www-web-1").and_then(|c| c.spec.volume_name.clone()).expect("bound");
    let pv = sim.cluster().get::<sts_engine::api::PersistentVolume>(&ObjectKey::cluster_scoped(&volume)).expect("pv");
    assert_eq!(pv.spec.node_affinity, Some(sts_engine::api::pv::VolumeNodeAffinity::on_node("node-2")));

    more(
        &mut sim,
        "sim node fail node-2\nsim advance 6m\nkubectl delete pod web-1 --grace-period=0 --force\nsim advance 1m\n",
    );
    let web1 = pod(&sim, "web-1").expect("a new web-1");
    assert_eq!(web1.spec.node_name, None, "no node can reach its volume");
    assert_eq!(web1.kubectl_status(), "Pending");
    let events = pod_events(&sim, "web-1");
    assert!(
        events.iter().any(|e| e == "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."),
        "{events:#?}"
    );
    more(&mut sim, "sim node recover node-2\nsim settle\n");
    let web1 = pod(&sim, "web-1").expect("web-1");
    assert_eq!(web1.spec.node_name.as_deref(), Some("node-2"), "back on the node that has its data");
    assert!(is_ready(&sim, "web-1"));
}

/// The out-of-service taint (non-graceful node shutdown): the dead node's pods are
/// force-deleted and their volumes detached at once, so the replacement starts in
/// seconds instead of after the 6-minute force detach.
#[test]
fn the_out_of_service_taint_frees_the_identity_and_the_volume_at_once() {
    let mut sim = three_on_three_nodes();
    let old_uid = pod(&sim, "web-1").expect("web-1").metadata.uid.clone();
    more(&mut sim, "sim node fail node-2\nsim advance 1m\n");
    let out = more(&mut sim, "kubectl taint nodes node-2 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute\n");
    assert!(out.contains("node/node-2 tainted"), "{out}");
    let web1 = pod(&sim, "web-1").expect("replaced at once");
    assert_ne!(web1.metadata.uid, old_uid);
    more(&mut sim, "sim advance 20s\n");
    let web1 = pod(&sim, "web-1").expect("web-1");
    assert!(is_ready(&sim, "web-1"));
    assert_ne!(web1.spec.node_name.as_deref(), Some("node-2"));
}
