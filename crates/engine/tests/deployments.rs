//! The stateless contrast (issue 4, item 7): Deployments and ReplicaSets as the
//! deployment and ReplicaSet controllers run them. Pods are named
//! `<deployment>-<template hash>-<5 random characters>`, interchangeable, created together;
//! a deleted pod is replaced by one with a new name; a new template rolls out within
//! maxSurge and maxUnavailable (25% each by default); a claim in the template is one claim
//! for every replica.

mod common;

use common::*;
use sts_engine::api::deployment::POD_TEMPLATE_HASH_LABEL;
use sts_engine::api::{Deployment, Pod, ReplicaSet};
use sts_engine::{ObjectKey, Simulation};

const NAME_ALPHABET: &str = "bcdfghjklmnpqrstvwxz2456789";

/// A Deployment `app` with `replicas` nginx pods and `extra` lines appended to its spec.
fn deployment(replicas: i32, extra: &str) -> String {
    format!(
        "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1\n{extra}EOF\n"
    )
}

fn app(sim: &Simulation) -> &Deployment {
    sim.cluster().get::<Deployment>(&ObjectKey::default_ns("app")).expect("deployment app")
}

/// The Deployment's pods that are not terminating.
fn live_pods(sim: &Simulation) -> Vec<&Pod> {
    sim.cluster()
        .list::<Pod>()
        .values()
        .filter(|p| p.metadata.name.starts_with("app-") && !p.metadata.is_terminating())
        .collect()
}

fn replica_sets(sim: &Simulation) -> Vec<&ReplicaSet> {
    sim.cluster().list::<ReplicaSet>().values().collect()
}

#[test]
fn pods_are_named_deployment_hash_random_and_created_together() {
    let (sim, out) = script(&(deployment(4, "") + "sim settle\n"));
    assert!(out.contains("deployment.apps/app created"), "{out}");
    let sets = replica_sets(&sim);
    assert_eq!(sets.len(), 1);
    let rs = sets[0];
    let hash = rs.metadata.labels.get(POD_TEMPLATE_HASH_LABEL).expect("hash label").clone();
    assert_eq!(rs.metadata.name, format!("app-{hash}"));
    assert_eq!(rs.metadata.controller_ref().map(|r| r.kind.as_str()), Some("Deployment"));
    let pods = live_pods(&sim);
    assert_eq!(pods.len(), 4);
    for p in &pods {
        let suffix = p.metadata.name.strip_prefix(&format!("app-{hash}-")).expect("name starts with the ReplicaSet's");
        assert_eq!(suffix.len(), 5, "{}", p.metadata.name);
        assert!(suffix.chars().all(|c| NAME_ALPHABET.contains(c)), "{}", p.metadata.name);
        assert_eq!(p.metadata.labels.get(POD_TEMPLATE_HASH_LABEL), Some(&hash));
        assert!(p.is_running_and_ready(), "{} is {}", p.metadata.name, p.kubectl_status());
        assert_eq!(p.spec.hostname, None, "no stable hostname");
    }
    // All four were created at the same moment: no ordinal order to wait for.
    let created: Vec<_> = pods.iter().map(|p| p.metadata.creation_timestamp).collect();
    assert!(created.iter().all(|c| *c == created[0]), "{created:?}");
    let status = app(&sim).status.clone().expect("status");
    assert_eq!(
        (status.replicas, status.updated_replicas, status.ready_replicas, status.available_replicas),
        (4, 4, 4, 4)
    );
    assert_eq!(app(&sim).condition("Available").map(|c| c.status.as_str()), Some("True"));
    assert_eq!(app(&sim).condition("Progressing").and_then(|c| c.reason.as_deref()), Some("NewReplicaSetAvailable"));
}

#[test]
fn a_deleted_pod_is_replaced_at_once_by_one_with_a_new_name_and_ip() {
    let (mut sim, _) = script(&(deployment(2, "") + "sim settle\n"));
    let before: Vec<(String, String)> = live_pods(&sim)
        .iter()
        .map(|p| (p.metadata.name.clone(), p.status.pod_ip.clone().unwrap_or_default()))
        .collect();
    let (victim, victim_ip) = before[0].clone();
    more(&mut sim, &format!("kubectl delete pod {victim} --wait=false\nsim advance 1s\n"));
    // The replacement exists while the deleted pod is still terminating.
    assert!(pod(&sim, &victim).is_some_and(|p| p.metadata.is_terminating()), "{victim} is still terminating");
    let names: Vec<String> = live_pods(&sim).iter().map(|p| p.metadata.name.clone()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(!names.contains(&victim), "the name is not reused: {names:?}");
    more(&mut sim, "sim settle\n");
    let after: Vec<&Pod> = live_pods(&sim);
    let replacement = after.iter().find(|p| !before.iter().any(|(n, _)| *n == p.metadata.name)).expect("a new pod");
    assert_ne!(replacement.status.pod_ip.clone().unwrap_or_default(), victim_ip);
    assert!(replacement.is_running_and_ready());
}

#[test]
fn a_rolling_update_stays_within_max_surge_and_max_unavailable() {
    // 10 replicas: maxSurge 25% rounds up to 3, maxUnavailable 25% rounds down to 2.
    let (mut sim, _) = script(&(deployment(10, "") + "sim settle\n"));
    more(&mut sim, "kubectl set image deploy/app nginx=nginx:2\n");
    let mut saw_both_images = false;
    settle_checking(&mut sim, 600, |sim| {
        let live = live_pods(sim);
        assert!(live.len() <= 13, "at most replicas + maxSurge pods: {}", live.len());
        let ready = live.iter().filter(|p| p.is_ready()).count();
        assert!(ready >= 8, "at least replicas - maxUnavailable ready: {ready}");
        let images: std::collections::BTreeSet<&str> =
            live.iter().map(|p| p.spec.containers[0].image.as_str()).collect();
        saw_both_images |= images.len() == 2;
    });
    assert!(saw_both_images, "old and new pods served together during the rollout");
    let live = live_pods(&sim);
    assert_eq!(live.len(), 10);
    assert!(live.iter().all(|p| p.spec.containers[0].image == "nginx:2" && p.is_running_and_ready()));
    let sets = replica_sets(&sim);
    assert_eq!(sets.len(), 2, "the old ReplicaSet is kept, scaled to 0, for rollback");
    assert_eq!(sets.iter().map(|rs| rs.replicas()).sum::<i32>(), 10);
    assert_eq!(app(&sim).metadata.annotations.get("deployment.kubernetes.io/revision").map(String::as_str), Some("2"));
    let out = more(&mut sim, "kubectl rollout history deploy/app\n");
    assert!(
        out.ends_with("deployment.apps/app \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"),
        "{out:?}"
    );
}

#[test]
fn recreate_removes_every_old_pod_before_the_first_new_one() {
    let (mut sim, _) = script(&(deployment(3, "  strategy:\n    type: Recreate\n") + "sim settle\n"));
    more(&mut sim, "kubectl set image deploy/app nginx=nginx:2\n");
    settle_checking(&mut sim, 600, |sim| {
        let all: Vec<&Pod> = sim.cluster().list::<Pod>().values().collect();
        let old = all.iter().filter(|p| p.spec.containers[0].image == "nginx:1").count();
        let new = all.iter().filter(|p| p.spec.containers[0].image == "nginx:2").count();
        assert!(old == 0 || new == 0, "old and new pods never exist together: {old} old, {new} new");
    });
    assert_eq!(live_pods(&sim).iter().filter(|p| p.spec.containers[0].image == "nginx:2").count(), 3);
}

#[test]
fn a_broken_image_stops_at_the_progress_deadline_and_undo_recovers() {
    let (mut sim, _) = script(&(deployment(4, "") + "sim settle\nsim image nginx:broken unpullable\n"));
    let out = more(
        &mut sim,
        "kubectl set image deploy/app nginx=nginx:broken\nkubectl rollout status deploy/app --timeout=15m\n",
    );
    assert!(out.contains("error: deployment \"app\" exceeded its progress deadline"), "{out}");
    // The old pods kept serving: replicas - maxUnavailable of them.
    let serving = live_pods(&sim).iter().filter(|p| p.is_ready()).count();
    assert_eq!(serving, 3);
    let progressing = app(&sim).condition("Progressing").cloned().expect("condition");
    assert_eq!(
        (progressing.status.as_str(), progressing.reason.as_deref()),
        ("False", Some("ProgressDeadlineExceeded"))
    );
    let out = more(&mut sim, "kubectl rollout undo deploy/app\nkubectl rollout status deploy/app\n");
    assert!(out.contains("deployment.apps/app rolled back"), "{out}");
    assert!(out.contains("deployment \"app\" successfully rolled out"), "{out}");
    let live = live_pods(&sim);
    assert_eq!(live.len(), 4);
    assert!(live.iter().all(|p| p.spec.containers[0].image == "nginx:1" && p.is_ready()));
}

#[test]
fn scaling_adds_to_the_current_replica_set_and_removes_newest_first() {
    let (mut sim, _) = script(&(deployment(2, "") + "sim settle\n"));
    more(&mut sim, "kubectl scale deploy app --replicas=5\nsim settle\n");
    assert_eq!(live_pods(&sim).len(), 5);
    assert_eq!(replica_sets(&sim).len(), 1, "scaling is not a rollout");
    let oldest: Vec<String> = {
        let mut pods = live_pods(&sim);
        pods.sort_by_key(|p| p.metadata.creation_timestamp);
        pods.iter().take(2).map(|p| p.metadata.name.clone()).collect()
    };
    more(&mut sim, "kubectl scale deploy app --replicas=2\nsim settle\n");
    let left: Vec<String> = live_pods(&sim).iter().map(|p| p.metadata.name.clone()).collect();
    assert_eq!(left.len(), 2);
    for name in oldest {
        assert!(left.contains(&name), "the oldest pods stay: {left:?}");
    }
    let events = sim.cluster().list::<sts_engine::api::Event>().in_creation_order();
    assert!(events.iter().any(|e| e.reason == "ScalingReplicaSet" && e.message.ends_with("from 2 to 5")));
}

#[test]
fn a_pod_relabelled_out_of_the_selector_is_released_and_replaced() {
    let (mut sim, _) = script(&(deployment(2, "") + "sim settle\n"));
    let name = live_pods(&sim)[0].metadata.name.clone();
    more(&mut sim, &format!("kubectl label pod {name} app=debug --overwrite\nsim settle\n"));
    let released = pod(&sim, &name).expect("the pod keeps running");
    assert!(released.metadata.controller_ref().is_none(), "released: no controller any more");
    assert!(released.is_running_and_ready());
    let owned = sim.cluster().list::<Pod>().values().filter(|p| p.metadata.controller_ref().is_some()).count();
    assert_eq!(owned, 2, "a replacement was made");
}

#[test]
fn deleting_the_deployment_deletes_its_replica_sets_and_pods() {
    let (mut sim, _) = script(&(deployment(3, "") + "sim settle\n"));
    let out = more(&mut sim, "kubectl delete deploy app\nsim settle\n");
    assert!(out.contains("deployment.apps \"app\" deleted"), "{out}");
    assert!(replica_sets(&sim).is_empty());
    assert!(sim.cluster().list::<Pod>().values().next().is_none());
}

#[test]
fn one_claim_is_shared_by_every_replica_and_read_write_once_pins_them_to_one_node() {
    let claim = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: shared\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\nEOF\n";
    let volume = "        volumeMounts:\n        - name: data\n          mountPath: /data\n      volumes:\n      - name: data\n        persistentVolumeClaim:\n          claimName: shared\n";
    let with_volume = deployment(1, "").replace("image: nginx:1\n", &format!("image: nginx:1\n{volume}"));
    let (mut sim, _) = script(&format!("{claim}{with_volume}sim advance 2m\n"));
    let first = live_pods(&sim)[0].metadata.name.clone();
    more(&mut sim, &format!("kubectl exec {first} -- sh -c 'echo hello > /data/greeting'\n"));
    more(&mut sim, &format!("kubectl delete pod {first}\nsim advance 2m\n"));
    let second = live_pods(&sim)[0].metadata.name.clone();
    assert_ne!(first, second);
    let out = more(&mut sim, &format!("kubectl exec {second} -- cat /data/greeting\n"));
    assert!(out.contains("hello"), "the data is on the one shared claim: {out}");
    // A second replica on another node cannot attach the ReadWriteOnce volume.
    more(&mut sim, "kubectl scale deploy app --replicas=2\nsim advance 2m\n");
    let claims: Vec<String> = claim_names(&sim);
    assert_eq!(claims, vec!["shared".to_string()], "no per-pod claims");
    let live = live_pods(&sim);
    let nodes: std::collections::BTreeSet<_> = live.iter().filter_map(|p| p.spec.node_name.clone()).collect();
    assert_eq!(nodes.len(), 2, "the scheduler spreads the replicas: {nodes:?}");
    let stuck = live.iter().filter(|p| p.kubectl_status() == "ContainerCreating").count();
    assert_eq!(stuck, 1, "one replica waits for the volume held on the other node");
    let events = sim.cluster().list::<sts_engine::api::Event>().in_creation_order();
    assert!(events.iter().any(|e| e.reason == "FailedAttachVolume" && e.message.contains("Multi-Attach")));
}

#[test]
fn get_and_describe_print_kubectl_s_columns() {
    let (mut sim, _) = script(&(deployment(2, "") + "sim settle\n"));
    let out = more(&mut sim, "kubectl get deploy\nkubectl get rs -o wide\nkubectl describe deploy app\n");
    assert!(
        out.contains("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\napp    2/2     2            2           "),
        "{out}"
    );
    assert!(out.contains("DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES    SELECTOR"), "{out}");
    assert!(
        out.contains("Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable"),
        "{out}"
    );
    assert!(out.contains("RollingUpdateStrategy:  25% max unavailable, 25% max surge"), "{out}");
    assert!(out.contains("NewReplicaSet:   app-"), "{out}");
}

#[test]
fn invalid_deployments_are_refused_in_the_api_server_s_words() {
    let cases = [
        (
            deployment(1, "  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n"),
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
        ),
        (
            deployment(1, "  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n"),
            "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
        ),
        (
            deployment(1, "  strategy:\n    type: Sometimes\n"),
            "spec.strategy.type: Unsupported value: \"Sometimes\": supported values: \"Recreate\", \"RollingUpdate\"",
        ),
        (deployment(-1, ""), "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        (
            deployment(1, "").replace("      app: app\n  template", "      app: other\n  template"),
            "`selector` does not match template `labels`",
        ),
        (
            deployment(1, "  progressDeadlineSeconds: 5\n  minReadySeconds: 10\n"),
            "spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds",
        ),
    ];
    for (text, expected) in cases {
        let (sim, out) = script(&text);
        assert!(out.contains("The Deployment \"app\" is invalid: "), "{out}");
        assert!(out.contains(expected), "expected {expected:?} in {out}");
        assert!(sim.cluster().list::<Deployment>().values().next().is_none());
    }
    let (_, out) = script(&(deployment(1, "") + &deployment(1, "").replace("app: app", "app: other")));
    assert!(
        out.contains("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"other\"}"),
        "{out}"
    );
    assert!(out.contains("field is immutable"), "{out}");
}
