//! PersistentVolumes made by hand (issue 4, volumes): applied as the API server validates
//! them, bound by the PV controller to claims they fit (class, access modes, volume mode,
//! size; the smallest that fits), and, for a WaitForFirstConsumer class without a
//! provisioner, found by the scheduler on the nodes that can reach them.

mod common;

use common::*;
use sts_engine::api::{PersistentVolume, PersistentVolumeClaim};
use sts_engine::{ObjectKey, Simulation};

fn pv(name: &str, size: &str, class: &str, extra: &str) -> String {
    format!(
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: {name}\nspec:\n  capacity:\n    storage: {size}\n  accessModes: [ReadWriteOnce]\n  storageClassName: \"{class}\"\n{extra}EOF\n"
    )
}

fn host_path(name: &str, size: &str, class: &str) -> String {
    pv(name, size, class, &format!("  hostPath:\n    path: /mnt/{name}\n"))
}

fn claim_of(name: &str, size: &str, class: &str) -> String {
    format!(
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\nspec:\n  storageClassName: \"{class}\"\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: {size}\nEOF\n"
    )
}

fn volume<'a>(sim: &'a Simulation, name: &str) -> &'a PersistentVolume {
    sim.cluster().get::<PersistentVolume>(&ObjectKey::cluster_scoped(name)).expect("volume")
}

fn claim_of_name<'a>(sim: &'a Simulation, name: &str) -> &'a PersistentVolumeClaim {
    sim.cluster().get::<PersistentVolumeClaim>(&ObjectKey::default_ns(name)).expect("claim")
}

#[test]
fn a_claim_binds_to_the_smallest_volume_that_fits_it() {
    let (sim, out) = script(&format!(
        "{}{}{}{}sim advance 1s\nkubectl get pv,pvc\n",
        host_path("big", "10Gi", "manual"),
        host_path("small", "2Gi", "manual"),
        host_path("tiny", "500Mi", "manual"),
        claim_of("data", "1Gi", "manual")
    ));
    assert!(out.contains("persistentvolume/big created"), "{out}");
    let claim = claim_of_name(&sim, "data");
    assert_eq!(claim.spec.volume_name.as_deref(), Some("small"));
    assert_eq!(claim.phase(), "Bound");
    assert_eq!(claim.status.as_ref().and_then(|s| s.capacity.get("storage")).map(String::as_str), Some("2Gi"));
    assert_eq!(volume(&sim, "small").phase(), "Bound");
    assert_eq!(volume(&sim, "small").spec.claim_ref.as_ref().map(|r| r.name.as_str()), Some("data"));
    assert_eq!(volume(&sim, "big").phase(), "Available");
    assert_eq!(volume(&sim, "big").spec.persistent_volume_reclaim_policy.as_deref(), Some("Retain"));
    assert!(
        out.contains("persistentvolume/small   2Gi        RWO            Retain           Bound       default/data"),
        "{out}"
    );
}

#[test]
fn a_claim_without_a_fitting_volume_waits_and_binds_when_one_appears() {
    let (mut sim, _) =
        script(&format!("{}{}sim advance 1s\n", host_path("other", "5Gi", "fast"), claim_of("data", "1Gi", "")));
    assert_eq!(claim_of_name(&sim, "data").phase(), "Pending", "a volume of another class does not fit");
    let events = events_about(&sim, "PersistentVolumeClaim", "data");
    assert!(
        events.iter().any(|m| m == "no persistent volumes available for this claim and no storage class is set"),
        "{events:?}"
    );
    more(&mut sim, &format!("{}sim advance 1s\n", host_path("plain", "1Gi", "")));
    assert_eq!(claim_of_name(&sim, "data").spec.volume_name.as_deref(), Some("plain"));
}

#[test]
fn a_released_retained_volume_keeps_its_data_and_binds_no_new_claim() {
    let (mut sim, _) =
        script(&format!("{}{}sim advance 1s\n", host_path("keep", "1Gi", "manual"), claim_of("data", "1Gi", "manual")));
    more(
        &mut sim,
        &format!("kubectl delete pvc data\nsim advance 5s\n{}sim advance 5s\n", claim_of("again", "1Gi", "manual")),
    );
    assert_eq!(volume(&sim, "keep").phase(), "Released");
    assert_eq!(claim_of_name(&sim, "again").phase(), "Pending", "a Released volume is not reused by itself");
}

#[test]
fn local_volumes_of_a_class_without_provisioner_pin_the_pods_that_find_them() {
    let class = "kubectl apply -f - <<EOF\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local-storage\nprovisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: WaitForFirstConsumer\nEOF\n";
    let local = |name: &str, node: &str| {
        pv(
            name,
            "2Gi",
            "local-storage",
            &format!("  local:\n    path: /mnt/disks/{name}\n  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: kubernetes.io/hostname\n          operator: In\n          values: [{node}]\n"),
        )
    };
    let set = sts_engine::bundled::WEB_YAML.replace(
        "      accessModes: [ \"ReadWriteOnce\" ]\n",
        "      accessModes: [ \"ReadWriteOnce\" ]\n      storageClassName: local-storage\n",
    );
    let (mut sim, _) = script(&format!(
        "{class}{}{}kubectl apply -f - <<EOF\n{set}EOF\nkubectl scale sts web --replicas=3\nsim advance 2m\n",
        local("disk-a", "node-1"),
        local("disk-b", "node-2")
    ));
    assert!(is_ready(&sim, "web-0") && is_ready(&sim, "web-1"));
    let mut nodes: Vec<String> =
        ["web-0", "web-1"].iter().filter_map(|n| pod(&sim, n)?.spec.node_name.clone()).collect();
    nodes.sort();
    assert_eq!(nodes, ["node-1", "node-2"], "each pod went where a disk is");
    assert_eq!(pod(&sim, "web-2").map(|p| p.kubectl_status()).as_deref(), Some("Pending"));
    assert_eq!(
        pod_events(&sim, "web-2").last().map(String::as_str),
        Some("0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")
    );
    // A disk on node-3 lets it run there.
    more(&mut sim, &format!("{}sim advance 2m\n", local("disk-c", "node-3")));
    assert!(is_ready(&sim, "web-2"));
    assert_eq!(pod(&sim, "web-2").and_then(|p| p.spec.node_name.clone()).as_deref(), Some("node-3"));
}

#[test]
fn invalid_volumes_are_refused_in_the_api_server_s_words() {
    let cases = [
        (
            pv("none", "1Gi", "", ""),
            "The PersistentVolume \"none\" is invalid: spec: Required value: must specify a volume type",
        ),
        (
            pv("local", "1Gi", "", "  local:\n    path: /mnt/x\n"),
            "spec.nodeAffinity: Required value: Local volume requires node affinity",
        ),
        (
            pv("two", "1Gi", "", "  hostPath:\n    path: /a\n  nfs:\n    server: s\n    path: /b\n"),
            "spec.nfs: Forbidden: may not specify more than 1 volume type",
        ),
        (
            pv("zero", "0", "", "  hostPath:\n    path: /a\n"),
            "spec.capacity[storage]: Invalid value: \"0\": must be greater than zero",
        ),
    ];
    for (text, expected) in cases {
        let (sim, out) = script(&text);
        assert!(out.contains(expected), "expected {expected:?} in {out}");
        assert!(sim.cluster().list::<PersistentVolume>().is_empty());
    }
}
