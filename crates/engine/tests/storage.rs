//! Storage scenarios of the behaviour document (S17, S32–S35, S37, and the ownerRefs part
//! of S38): claims that outlive their pods, the retention policy as owner references,
//! the garbage collector, claim protection and the stale-claim guard, each written as a
//! script in the scenario language.

mod common;

use common::*;
use sts_engine::api::{PersistentVolume, PersistentVolumeClaim};
use sts_engine::{ObjectKey, Simulation};

/// The tutorial set at `replicas`, settled, with `policy` (JSON) as its retention policy.
fn with_policy(replicas: u32, policy: &str) -> Simulation {
    let (sim, _) = script(&format!(
        "kubectl apply -f web.yaml\n\
         kubectl patch sts web -p '{{\"spec\":{{\"persistentVolumeClaimRetentionPolicy\":{policy}}}}}'\n\
         kubectl scale sts web --replicas={replicas}\nsim settle\n"
    ));
    sim
}

/// `(kind, name, controller)` of each owner reference of the claim.
fn claim_owners(sim: &Simulation, name: &str) -> Vec<(String, String, bool)> {
    claim(sim, name)
        .map(|c| {
            c.metadata
                .owner_references
                .iter()
                .map(|r| (r.kind.clone(), r.name.clone(), r.controller == Some(true)))
                .collect()
        })
        .unwrap_or_default()
}

fn claim_uid(sim: &Simulation, name: &str) -> String {
    claim(sim, name).map(|c| c.metadata.uid.clone()).expect("claim exists")
}

fn owner(kind: &str, name: &str) -> (String, String, bool) {
    (kind.into(), name.into(), true)
}

/// S32 — The default policy keeps claims through scale-down, scale-up, and deletion of
/// the set; a re-created set remounts them.
#[test]
fn s32_default_retention_keeps_claims() {
    let mut sim = with_policy(5, "{}");
    let uids: Vec<String> = (0..5).map(|i| claim_uid(&sim, &format!("www-web-{i}"))).collect();
    assert!(claim_owners(&sim, "www-web-0").is_empty(), "Retain/Retain: no owner references");
    more(&mut sim, "kubectl scale sts web --replicas=3\nsim settle\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"]);
    assert_eq!(claim(&sim, "www-web-3").map(|c| c.phase()), Some("Bound"));
    assert_eq!(claim(&sim, "www-web-4").map(|c| c.phase()), Some("Bound"));

    more(&mut sim, "kubectl scale sts web --replicas=5\nsim settle\n");
    let volume = |sim: &Simulation, pod: &str| {
        common::pod(sim, pod).and_then(|p| p.spec.volumes.first()).and_then(|v| v.persistent_volume_claim.clone())
    };
    assert_eq!(volume(&sim, "web-4").map(|v| v.claim_name), Some("www-web-4".into()));
    assert_eq!(claim_uid(&sim, "www-web-4"), uids[4], "the same claim, so the same data");

    let out = more(&mut sim, "kubectl delete sts web\nsim settle\n");
    assert!(out.contains("statefulset.apps \"web\" deleted"), "{out}");
    assert!(pods_now(&sim).is_empty(), "the garbage collector deleted the pods");
    assert_eq!(claim_names(&sim).len(), 5, "every claim remains");
    assert!(more(&mut sim, "kubectl get svc nginx\n").contains("nginx"), "the Service is not deleted");

    more(&mut sim, "kubectl apply -f web.yaml\nkubectl scale sts web --replicas=5\nsim settle\n");
    let now: Vec<String> = (0..5).map(|i| claim_uid(&sim, &format!("www-web-{i}"))).collect();
    assert_eq!(now, uids, "the new set remounts the old claims");
    assert!(is_ready(&sim, "web-4"));
}

/// S33 — whenDeleted: Delete puts a controller reference to the set on every claim (none
/// to pods); deleting the set deletes the claims, after the pods that use them.
#[test]
fn s33_when_deleted_delete() {
    let mut sim = with_policy(3, "{\"whenDeleted\":\"Delete\"}");
    for i in 0..3 {
        assert_eq!(claim_owners(&sim, &format!("www-web-{i}")), [owner("StatefulSet", "web")]);
    }
    more(&mut sim, "kubectl delete sts web\nsim advance 1s\n");
    assert_eq!(claim_names(&sim).len(), 3, "held by pvc-protection while the pods terminate");
    assert!(claim(&sim, "www-web-0").is_some_and(|c| c.metadata.is_terminating()));
    assert!(more(&mut sim, "kubectl get pvc\n").contains("Terminating"));
    more(&mut sim, "sim settle\n");
    assert!(pods_now(&sim).is_empty());
    assert!(claim_names(&sim).is_empty(), "all three claims deleted");
    assert!(sim.cluster().list::<PersistentVolume>().is_empty(), "reclaim policy Delete removes the volumes");
}

/// S33 — a pod orphaned before the deletion is re-adopted first, so its claim goes too.
#[test]
fn s33_orphaned_pod_is_readopted_before_deletion() {
    let mut sim = with_policy(3, "{\"whenDeleted\":\"Delete\"}");
    let out = more(&mut sim, "kubectl patch pod web-2 --type=merge -p '{\"metadata\":{\"ownerReferences\":null}}'\n");
    assert!(out.contains("pod/web-2 patched"), "{out}");
    assert!(common::pod(&sim, "web-2").is_some_and(|p| p.metadata.controller_ref().is_some()), "re-adopted");
    more(&mut sim, "kubectl delete sts web\nsim settle\n");
    assert!(pods_now(&sim).is_empty());
    assert!(claim_names(&sim).is_empty());
}

/// S34 — whenScaled: Delete: the condemned pods' claims get a reference to their pod
/// before any pod is deleted; pods go highest first; then their claims go.
#[test]
fn s34_when_scaled_delete() {
    let mut sim = with_policy(3, "{\"whenScaled\":\"Delete\"}");
    assert!(claim_owners(&sim, "www-web-0").is_empty());
    more(&mut sim, "kubectl scale sts web --replicas=1\n");
    assert_eq!(claim_owners(&sim, "www-web-1"), [owner("Pod", "web-1")]);
    assert_eq!(claim_owners(&sim, "www-web-2"), [owner("Pod", "web-2")]);
    assert!(claim_owners(&sim, "www-web-0").is_empty(), "remaining ordinals are untouched");
    let deleted = settle_recording_deletions(&mut sim, 600);
    assert_eq!(deleted, ["web-2", "web-1"]);
    assert_eq!(claim_names(&sim), ["www-web-0"]);
    assert_eq!(sim.cluster().list::<PersistentVolume>().len(), 1);
}

/// S34 — with both Delete, the remaining claim has the set's reference and no pod's.
#[test]
fn s34_both_delete_remaining_claim_owned_by_the_set() {
    let mut sim = with_policy(3, "{\"whenScaled\":\"Delete\",\"whenDeleted\":\"Delete\"}");
    assert_eq!(claim_owners(&sim, "www-web-2"), [owner("StatefulSet", "web")]);
    more(&mut sim, "kubectl scale sts web --replicas=1\n");
    assert_eq!(claim_owners(&sim, "www-web-2"), [owner("Pod", "web-2")], "set reference replaced");
    more(&mut sim, "sim settle\n");
    assert_eq!(claim_names(&sim), ["www-web-0"]);
    assert_eq!(claim_owners(&sim, "www-web-0"), [owner("StatefulSet", "web")]);
}

/// Retention is mutable: switching back to Retain removes the references, and a claim
/// kept that way survives the scale-down.
#[test]
fn switching_the_policy_back_to_retain_removes_the_references() {
    let mut sim = with_policy(2, "{\"whenDeleted\":\"Delete\"}");
    assert_eq!(claim_owners(&sim, "www-web-1"), [owner("StatefulSet", "web")]);
    let updates_before = set_event_count(&sim, "update Pod");
    more(&mut sim, "kubectl patch sts web -p '{\"spec\":{\"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Retain\"}}}'\n");
    assert!(claim_owners(&sim, "www-web-1").is_empty());
    assert_eq!(set_event_count(&sim, "update Pod"), updates_before + 2, "UpdateStatefulPod records an update per pod");
}

/// S35 — a claim still owned by the previous `web-2` (its collection held by a
/// finalizer) stops `web-2` from being created until it is gone.
#[test]
fn s35_stale_claim_blocks_recreation() {
    let mut sim = with_policy(3, "{\"whenScaled\":\"Delete\"}");
    more(&mut sim, "kubectl patch pvc www-web-2 -p '{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}'\n");
    more(&mut sim, "kubectl scale sts web --replicas=2\nsim settle\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1"]);
    let held = claim(&sim, "www-web-2").cloned().expect("held by its finalizer");
    assert!(held.metadata.is_terminating());
    assert_eq!(held.metadata.finalizers, ["example.com/hold"], "pvc-protection let go: no pod uses it");
    let old_ref = held.metadata.owner_references.clone();

    more(&mut sim, "kubectl scale sts web --replicas=3\nsim advance 1m\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1"], "web-2 is not created");
    assert_eq!(web(&sim).status.as_ref().map(|s| s.replicas), Some(2));
    assert_eq!(claim(&sim, "www-web-2").map(|c| c.metadata.owner_references.clone()), Some(old_ref));
    assert_eq!(set_event_count(&sim, "create Pod web-2"), 1, "only the first incarnation was created");

    more(&mut sim, "kubectl patch pvc www-web-2 --type=json -p '[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]'\nsim settle\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"]);
    assert_ne!(claim_uid(&sim, "www-web-2"), held.metadata.uid, "a fresh claim");
    assert_eq!(web(&sim).status.as_ref().map(|s| s.replicas), Some(3));
}

/// S37 — a claim being deleted blocks the creation of its pod with one Warning
/// `FailedCreate`; once the claim is gone, a fresh one and the pod are created.
#[test]
fn s37_claim_being_deleted_blocks_pod_creation() {
    let mut sim = with_policy(1, "{}");
    let out = more(&mut sim, "kubectl delete pvc www-web-0 --wait=false\nkubectl get pvc www-web-0\n");
    assert!(out.contains("persistentvolumeclaim \"www-web-0\" deleted"), "{out}");
    assert!(out.contains("Terminating"), "pvc-protection holds it while web-0 runs: {out}");
    let old = claim_uid(&sim, "www-web-0");
    more(&mut sim, "kubectl delete pod web-0\nsim settle\n");
    let warnings: Vec<(String, String, String)> =
        set_events(&sim).into_iter().filter(|(t, _, _)| t == "Warning").collect();
    assert_eq!(
        warnings,
        [(
            "Warning".to_string(),
            "FailedCreate".to_string(),
            "create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted".to_string()
        )]
    );
    assert!(is_ready(&sim, "web-0"));
    assert_ne!(claim_uid(&sim, "www-web-0"), old, "a fresh, empty claim");
    let released: Vec<&PersistentVolume> = sim.cluster().list::<PersistentVolume>().values().collect();
    assert_eq!(released.len(), 1, "the old volume was reclaimed (Delete)");
}

/// S17 — a set being deleted (foreground) creates nothing; the collector deletes its
/// pods, then the set; claims stay under the default policy.
#[test]
fn s17_set_being_deleted_creates_no_pods() {
    let mut sim = with_policy(3, "{}");
    let creates = set_event_count(&sim, "create Pod");
    more(&mut sim, "kubectl delete sts web --cascade=foreground --wait=false\n");
    let set = web(&sim).clone();
    assert!(set.metadata.is_terminating());
    assert_eq!(set.metadata.finalizers, ["foregroundDeletion"]);
    assert!(pods_now(&sim).iter().all(|p| common::pod(&sim, p).is_some_and(|p| p.metadata.is_terminating())));
    more(&mut sim, "kubectl delete pod web-1 --grace-period=0 --force\nsim advance 1s\n");
    assert_eq!(set_event_count(&sim, "create Pod"), creates, "no pod is created for a set being deleted");
    more(&mut sim, "sim settle\n");
    assert!(pods_now(&sim).is_empty());
    assert!(sim.cluster().get::<sts_engine::api::StatefulSet>(&ObjectKey::default_ns("web")).is_none());
    assert_eq!(sim.cluster().list::<PersistentVolumeClaim>().len(), 3);
}

/// Section 2.6 — deleting with `--cascade=orphan` keeps the pods; a new set adopts the
/// matching ones, re-creates the missing and condemns the extra.
#[test]
fn orphaning_delete_then_recreate_adopts_the_pods() {
    let mut sim = with_policy(3, "{}");
    let uid1 = common::pod(&sim, "web-1").map(|p| p.metadata.uid.clone());
    more(&mut sim, "kubectl delete sts web --cascade=orphan\nsim settle\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"]);
    assert!(common::pod(&sim, "web-1").is_some_and(|p| p.metadata.owner_references.is_empty()), "orphaned");
    assert!(sim
        .cluster()
        .list::<sts_engine::api::ControllerRevision>()
        .values()
        .all(|r| r.metadata.owner_references.is_empty()));
    more(&mut sim, "kubectl delete pod web-0 --grace-period=0 --force\nkubectl apply -f web.yaml\nsim settle\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1"], "web-0 re-created, web-2 condemned (replicas 2)");
    assert_eq!(common::pod(&sim, "web-1").map(|p| p.metadata.uid.clone()), uid1, "web-1 adopted, not replaced");
}

/// `kubectl delete` by selector and a missing object.
#[test]
fn delete_by_selector_and_not_found() {
    let mut sim = with_policy(2, "{}");
    let out = more(&mut sim, "kubectl delete pod -l app=nginx\n");
    assert!(out.contains("pod \"web-0\" deleted\npod \"web-1\" deleted\n"), "{out}");
    let out = more(&mut sim, "kubectl delete pvc nothing\nkubectl delete pod -l app=none\n");
    assert!(out.contains("Error from server (NotFound): persistentvolumeclaims \"nothing\" not found"), "{out}");
    assert!(out.contains("No resources found"), "{out}");
}

/// S38 — a pod whose owner references are removed is re-adopted.
#[test]
fn s38_pod_without_owner_references_is_readopted() {
    let mut sim = with_policy(1, "{}");
    let set_uid = web(&sim).metadata.uid.clone();
    more(
        &mut sim,
        "kubectl patch pod web-0 --type=json -p '[{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences\"}]'\n",
    );
    let owner = common::pod(&sim, "web-0").and_then(|p| p.metadata.controller_ref().cloned());
    assert_eq!(owner.map(|o| o.uid), Some(set_uid));
}

/// A StorageClass and a claim applied by hand: the claim is provisioned from the class,
/// and with `reclaimPolicy: Retain` its volume outlives it as `Released`.
#[test]
fn a_retain_class_applied_by_hand_keeps_the_volume_released() {
    let (sim, out) = script(
        "kubectl apply -f - <<EOF\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: keep\n\
         provisioner: playground.sim/network-volume\nreclaimPolicy: Retain\n---\napiVersion: v1\n\
         kind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: keep\n  accessModes: [ReadWriteOnce]\n\
         \x20 resources:\n    requests:\n      storage: 1Gi\nEOF\nsim settle\nkubectl delete pvc data\nsim settle\n",
    );
    assert!(out.contains("storageclass.storage.k8s.io/keep created\npersistentvolumeclaim/data created\n"), "{out}");
    let volumes: Vec<(String, String)> = sim
        .cluster()
        .list::<sts_engine::api::PersistentVolume>()
        .values()
        .map(|v| (v.spec.persistent_volume_reclaim_policy.clone().unwrap_or_default(), v.phase().to_string()))
        .collect();
    assert_eq!(volumes, [("Retain".to_string(), "Released".to_string())]);
}

/// S36 — a Pending pod whose claim was deleted gets the claim back: web-0 is pinned to
/// node-1, node-1 is cordoned, web-0 deleted (re-created, Pending: unschedulable) and its
/// claim deleted (an unscheduled pod does not hold it); the controller re-creates the
/// claim, and once node-1 is uncordoned web-0 is Ready there again.
#[test]
fn s36_missing_claim_of_a_pending_pod_is_recreated() {
    let pinned = sts_engine::bundled::WEB_YAML.replace(
        "    spec:\n      containers:",
        "    spec:\n      nodeSelector:\n        kubernetes.io/hostname: node-1\n      containers:",
    );
    assert_ne!(pinned, sts_engine::bundled::WEB_YAML, "the template got its node selector");
    let (mut sim, _) =
        script(&format!("kubectl apply -f - <<EOF\n{pinned}EOF\nkubectl scale sts web --replicas=1\nsim settle\n"));
    let node_of = |sim: &Simulation| pod(sim, "web-0").and_then(|p| p.spec.node_name.clone());
    assert_eq!(node_of(&sim).as_deref(), Some("node-1"));
    let old_claim = claim_uid(&sim, "www-web-0");

    let out = more(&mut sim, "kubectl cordon node-1\nkubectl delete pod web-0\nsim settle --timeout 1m\n");
    assert!(out.contains("node/node-1 cordoned\n"), "{out}");
    let p = pod(&sim, "web-0").expect("re-created");
    assert_eq!((p.kubectl_status(), p.spec.node_name.clone()), ("Pending".to_string(), None));
    let scheduling = pod_events(&sim, "web-0");
    assert!(
        scheduling.iter().any(|m| m == "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."),
        "{scheduling:?}"
    );

    more(&mut sim, "kubectl delete pvc www-web-0\nsim advance 1s\n");
    let recreated = claim(&sim, "www-web-0").cloned().expect("the controller re-created the claim");
    assert_ne!(recreated.metadata.uid, old_claim, "a new claim, not the deleted one");
    assert!(!recreated.metadata.is_terminating());
    assert!(pod(&sim, "web-0").is_some_and(|p| p.spec.node_name.is_none()), "still Pending while cordoned");

    more(&mut sim, "kubectl uncordon node-1\nsim settle\n");
    assert!(is_ready(&sim, "web-0"));
    assert_eq!(node_of(&sim).as_deref(), Some("node-1"), "on the same node");
    assert_eq!(claim_uid(&sim, "www-web-0"), recreated.metadata.uid);
}
