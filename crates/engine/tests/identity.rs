//! Acceptance scenarios S38 (adoption and release by labels) and S39 (identity-label
//! repair), as scenario-language scripts run through the same code path as `sts-run`.

mod common;

use common::*;

fn owner_uid(sim: &sts_engine::Simulation, name: &str) -> Option<String> {
    pod(sim, name).and_then(|p| p.metadata.controller_ref().map(|r| r.uid.clone()))
}

/// S38 — A pod whose labels stop matching is released; its name still holds the slot,
/// so the controller's create fails with AlreadyExists (no event); restoring the labels
/// re-adopts it.
#[test]
fn s38_release_and_readoption_by_labels() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=1\nsim settle\n");
    let set_uid = web(&sim).metadata.uid.clone();
    assert_eq!(owner_uid(&sim, "web-0"), Some(set_uid.clone()));
    let events_before = set_messages(&sim).len();

    let out = more(&mut sim, "kubectl label pod web-0 app-\nsim advance 30s\n");
    assert!(out.contains("pod/web-0 labeled"), "{out}");
    assert_eq!(owner_uid(&sim, "web-0"), None, "released: no controller reference");
    assert_eq!(pods_now(&sim), ["web-0"], "the name is still taken, nothing else created");
    assert_eq!(set_messages(&sim).len(), events_before, "AlreadyExists records no event");
    assert!(
        !more(&mut sim, "kubectl get endpointslices -o yaml\n").contains("name: web-0"),
        "a released pod is no endpoint of the Service any more"
    );

    more(&mut sim, "kubectl label pod web-0 app=nginx\nsim advance 1s\n");
    assert_eq!(owner_uid(&sim, "web-0"), Some(set_uid), "re-adopted");
    assert!(is_ready(&sim, "web-0"));
}

/// kubectl's --overwrite rule and the not-labeled answer.
#[test]
fn labels_follow_kubectls_rules() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    let out = more(&mut sim, "kubectl label pod web-0 app=other\n");
    assert!(out.ends_with("error: 'app' already has a value (nginx), and --overwrite is false\n"), "{out}");
    let out = more(&mut sim, "kubectl label pod web-0 app=nginx\n");
    assert!(out.ends_with("pod/web-0 not labeled\n"), "{out}");
    let out = more(&mut sim, "kubectl annotate sts web team=storage\n");
    assert!(out.ends_with("statefulset.apps/web annotated\n"), "{out}");
    assert_eq!(web(&sim).metadata.annotations.get("team").map(String::as_str), Some("storage"));
}

/// S39 — A removed pod-name label is restored on the next sync with one Normal
/// `SuccessfulUpdate`; a no-op reconcile records nothing.
#[test]
fn s39_identity_label_repair() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    let before = set_events(&sim).len();
    more(&mut sim, "kubectl label pod web-1 statefulset.kubernetes.io/pod-name-\n");
    let p = pod(&sim, "web-1").expect("web-1");
    assert_eq!(
        p.metadata.labels.get("statefulset.kubernetes.io/pod-name").map(String::as_str),
        Some("web-1"),
        "restored"
    );
    let new: Vec<(String, String, String)> = set_events(&sim).into_iter().skip(before).collect();
    assert_eq!(
        new,
        [("Normal".into(), "SuccessfulUpdate".into(), "update Pod web-1 in StatefulSet web successful".into())]
    );
    let rv = pod(&sim, "web-1").map(|p| p.metadata.resource_version.clone());
    more(&mut sim, "sim advance 1m\n");
    assert_eq!(set_events(&sim).len(), before + 1, "no-op reconciles record nothing");
    assert_eq!(pod(&sim, "web-1").map(|p| p.metadata.resource_version.clone()), rv, "and write nothing");
}
