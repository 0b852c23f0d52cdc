//! The invariants the behaviour document guarantees at every moment, checked by the
//! property tests after every random step and by the model check in every state.

use std::collections::BTreeSet;
use sts_engine::api::{Pod, StatefulSet};
use sts_engine::dns::{records, RecordType};
use sts_engine::{ObjectKey, Simulation};

/// Panics, naming what broke, unless `sim` satisfies every invariant: the set's status
/// within the API's bounds, DNS only for Ready non-terminating pods at their current IP,
/// each claim its own pod's and never shared, IPs from the pod's node's range, a running
/// pod's volume attached to its node, EndpointSlices equal to the pods, no engine warning.
pub fn check_invariants(sim: &Simulation) {
    let set = sim.cluster().get::<StatefulSet>(&ObjectKey::default_ns("web")).expect("web");
    // The API's own status validation.
    if let Some(s) = &set.status {
        assert!(s.replicas >= 0 && s.ready_replicas >= 0 && s.available_replicas >= 0);
        assert!(s.current_replicas >= 0 && s.updated_replicas >= 0);
        assert!(s.ready_replicas <= s.replicas, "{s:?}");
        assert!(s.available_replicas <= s.ready_replicas, "{s:?}");
        assert!(s.current_replicas <= s.replicas && s.updated_replicas <= s.replicas, "{s:?}");
    }
    assert!(set.replicas() >= 0, "a negative scale never lands");
    // DNS names only Ready, non-terminating pods, with their current IP.
    for r in records(sim.cluster()).iter().filter(|r| r.type_ == RecordType::A) {
        let Some(host) = r.name.strip_suffix(".nginx.default.svc.cluster.local") else { continue };
        let pod = sim.cluster().get::<Pod>(&ObjectKey::default_ns(host)).expect("a record names a pod");
        assert!(
            pod.is_ready() && !pod.metadata.is_terminating(),
            "{host} has a record but is {}",
            pod.kubectl_status()
        );
        assert_eq!(r.answers, vec![pod.status.pod_ip.clone().unwrap_or_default()]);
    }
    // Each pod's claim is its own, and claims are never shared.
    let mut claims = BTreeSet::new();
    for pod in sim.cluster().list::<Pod>().values() {
        for v in pod.spec.volumes.iter().filter_map(|v| v.persistent_volume_claim.as_ref()) {
            assert_eq!(v.claim_name, format!("www-{}", pod.metadata.name));
            assert!(claims.insert(v.claim_name.clone()), "claim {} shared", v.claim_name);
        }
    }
    // No pod ever has an IP from a range other than its node's.
    for pod in sim.cluster().list::<Pod>().values() {
        if let (Some(ip), Some(node)) = (&pod.status.pod_ip, &pod.spec.node_name) {
            let n = node.trim_start_matches("node-");
            assert!(ip.starts_with(&format!("10.244.{n}.")), "{ip} on {node}");
        }
    }
    // A running pod's volume is attached to the pod's own node (and so to no other).
    for pod in sim.cluster().list::<Pod>().values().filter(|p| p.status.pod_ip.is_some()) {
        let node = pod.spec.node_name.as_deref();
        for v in pod.spec.volumes.iter().filter_map(|v| v.persistent_volume_claim.as_ref()) {
            let claim =
                sim.cluster().get::<sts_engine::api::PersistentVolumeClaim>(&ObjectKey::default_ns(&v.claim_name));
            if let Some(volume) = claim.and_then(|c| c.spec.volume_name.clone()) {
                assert_eq!(sim.attachments().node_of(&volume), node, "{} runs without its volume", pod.metadata.name);
            }
        }
    }
    // The kept slices equal a from-scratch computation from the pods.
    let mut listed: Vec<(String, String, bool)> = Vec::new();
    for slice in sim.cluster().list::<sts_engine::api::EndpointSlice>().values() {
        for e in &slice.endpoints {
            let name = e.target_ref.as_ref().map(|r| r.name.clone()).unwrap_or_default();
            listed.push((name, e.addresses.first().cloned().unwrap_or_default(), e.conditions.ready));
        }
    }
    listed.sort();
    let mut expected: Vec<(String, String, bool)> = sim
        .cluster()
        .list::<Pod>()
        .values()
        .filter(|p| p.metadata.labels.get("app").map(String::as_str) == Some("nginx") && !p.is_terminal())
        .filter_map(|p| {
            let ip = p.status.pod_ip.clone()?;
            Some((p.metadata.name.clone(), ip, p.is_ready() && !p.metadata.is_terminating()))
        })
        .collect();
    expected.sort();
    assert_eq!(listed, expected, "EndpointSlices disagree with the pods");
    assert!(sim.warnings().is_empty(), "{:?}", sim.warnings());
}
