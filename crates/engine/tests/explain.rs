//! "Why?" (issue 5, item 4): the engine's one-sentence reason for what a pod, an identity
//! slot, a claim or a set looks like now.

mod common;

use common::*;
use sts_engine::explain::{why_claim, why_pod, why_set};

#[test]
fn a_missing_identity_names_the_pod_ordered_ready_waits_for() {
    let (sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim advance 1s\n");
    assert_eq!(
        why_pod(sim.cluster(), "web-1"),
        "web-1 is not created yet: OrderedReady waits for web-0 to be Running and Ready."
    );
    assert!(
        why_set(sim.cluster(), "web").starts_with("web has 0 of 3 Ready; next: web-0 "),
        "{}",
        why_set(sim.cluster(), "web")
    );
    assert_eq!(why_pod(sim.cluster(), "web-7"), "web-7 is not wanted: web has replicas=3 (ordinals 0 to 2).");
}

#[test]
fn a_ready_pod_keeps_its_name_and_claims_and_a_scaled_down_claim_is_kept() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim settle\n");
    let web0 = why_pod(sim.cluster(), "web-0");
    assert!(web0.starts_with("web-0 is Running and Ready on node-"), "{web0}");
    assert!(web0.ends_with("a new web-0 gets the same name and claims, and a new IP."), "{web0}");
    assert!(why_claim(sim.cluster(), "www-web-0").starts_with("www-web-0 is Bound to pvc-"));
    assert!(why_claim(sim.cluster(), "www-web-0").contains("it belongs to the identity web-0, not to one pod"));
    more(&mut sim, "kubectl scale sts web --replicas=2\nsim settle\n");
    assert_eq!(
        why_claim(sim.cluster(), "www-web-2"),
        "www-web-2 kept: whenScaled=Retain; if web scales up again, web-2 gets it back with its data."
    );
    assert!(why_set(sim.cluster(), "web").starts_with("web is settled: 2 of 2 Ready"));
}

#[test]
fn a_pod_on_a_dead_node_is_stuck_terminating_and_says_why() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim settle\n");
    let node = pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone()).expect("placed");
    more(&mut sim, &format!("sim node fail {node}\nsim advance 6m\n"));
    let why = why_pod(sim.cluster(), "web-1");
    assert!(why.starts_with(&format!("web-1 is stuck Terminating: {node} is unreachable")), "{why}");
    assert!(why.contains("a StatefulSet never runs two web-1"), "{why}");
}

#[test]
fn pending_pods_carry_the_scheduler_s_reason_and_partitions_explain_old_templates() {
    let (mut sim, _) = script(
        "kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim settle\n\
         kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":2}}}}'\n\
         kubectl set image sts/web nginx=nginx:2\nsim settle\n",
    );
    assert_eq!(
        why_pod(sim.cluster(), "web-0"),
        "web-0 runs the old template: partition=2 keeps ordinals below 2 on it."
    );
    assert!(why_pod(sim.cluster(), "web-2").starts_with("web-2 is Running and Ready"), "web-2 is on the new template");
    more(&mut sim, "kubectl cordon node-1\nkubectl cordon node-2\nkubectl cordon node-3\nkubectl scale sts web --replicas=4\nsim advance 5s\n");
    let why = why_pod(sim.cluster(), "web-3");
    assert!(
        why.starts_with(
            "web-3 is Pending: the scheduler found no node. 0/3 nodes are available: 3 node(s) were unschedulable."
        ),
        "{why}"
    );
}
