//! Acceptance scenarios of the behaviour document (section 7), each written as a script
//! in the scenario language and run through the same code path as `sts-run`.

mod common;

use common::*;
use sts_engine::dns::{records, RecordType};
use sts_engine::Simulation;

/// The tutorial set at `replicas`, settled.
fn healthy(replicas: u32) -> Simulation {
    let (sim, _) =
        script(&format!("kubectl apply -f web.yaml\nkubectl scale sts web --replicas={replicas}\nsim settle\n"));
    sim
}

fn a_answers(sim: &Simulation, name: &str) -> Option<Vec<String>> {
    records(sim.cluster()).into_iter().find(|r| r.type_ == RecordType::A && r.name == name).map(|r| r.answers)
}

fn srv_answers(sim: &Simulation) -> usize {
    records(sim.cluster())
        .into_iter()
        .find(|r| r.type_ == RecordType::SRV && r.name == "_web._tcp.nginx.default.svc.cluster.local")
        .map_or(0, |r| r.answers.len())
}

/// S5 — Not-ready pod disappears from DNS, and returns when Ready again.
#[test]
fn s05_not_ready_pod_disappears_from_dns() {
    let mut sim = healthy(3);
    let web2 = "web-2.nginx.default.svc.cluster.local";
    assert!(a_answers(&sim, web2).is_some());
    more(&mut sim, "sim pod unready web-2\nsim advance 2s\n");
    assert!(!is_ready(&sim, "web-2"), "Running, Ready=False");
    assert_eq!(pod(&sim, "web-2").expect("web-2").kubectl_status(), "Running");
    assert_eq!(a_answers(&sim, web2), None, "NXDOMAIN");
    assert_eq!(a_answers(&sim, "nginx.default.svc.cluster.local").map(|a| a.len()), Some(2));
    assert_eq!(srv_answers(&sim), 2);
    assert_eq!(ready_replicas(&sim), 2);
    assert!(more(&mut sim, "kubectl get events").contains("Unhealthy"), "the kubelet reports the failing probe");
    more(&mut sim, "sim pod ready web-2\nsim advance 2s\n");
    assert!(a_answers(&sim, web2).is_some());
    assert_eq!(srv_answers(&sim), 3);
    assert_eq!(ready_replicas(&sim), 3);
}

/// S5 — with `publishNotReadyAddresses: true` the records stay throughout.
#[test]
fn s05_publish_not_ready_addresses_keeps_records() {
    let manifest =
        sts_engine::bundled::WEB_YAML.replace("clusterIP: None", "clusterIP: None\n  publishNotReadyAddresses: true");
    let (mut sim, _) =
        script(&format!("kubectl apply -f - <<EOF\n{manifest}EOF\nkubectl scale sts web --replicas=3\nsim settle\n"));
    more(&mut sim, "sim pod unready web-2\nsim advance 2s\n");
    assert!(!is_ready(&sim, "web-2"));
    assert!(a_answers(&sim, "web-2.nginx.default.svc.cluster.local").is_some());
    assert_eq!(srv_answers(&sim), 3);
}

/// S6 — Scale-up halts on an unhealthy pod (OrderedReady), and resumes in order.
#[test]
fn s06_scale_up_halts_on_an_unhealthy_pod() {
    let mut sim = healthy(1);
    more(&mut sim, "sim pod unready web-0\nsim advance 2s\nkubectl scale sts web --replicas=3\nsim advance 2m\n");
    assert_eq!(pods_now(&sim), ["web-0"], "no pod is created while web-0 is not Ready");
    more(&mut sim, "sim pod ready web-0\nsim settle\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"]);
    assert_eq!(
        set_messages_starting(&sim, "create Pod"),
        [
            "create Pod web-0 in StatefulSet web successful",
            "create Pod web-1 in StatefulSet web successful",
            "create Pod web-2 in StatefulSet web successful",
        ]
    );
}

/// S8 — Scale-down halts when pods are unhealthy; afterwards S7's order applies.
#[test]
fn s08_scale_down_halts_when_pods_are_unhealthy() {
    let mut sim = healthy(3);
    more(&mut sim, "sim pod unready web-0\nsim pod unready web-1\nsim pod unready web-2\nsim advance 2s\n");
    more(&mut sim, "kubectl scale sts web --replicas=0\nsim advance 2m\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"], "no deletion while unhealthy");
    more(&mut sim, "sim pod ready web-0\nsim pod ready web-1\nsim pod ready web-2\nsim settle\n");
    assert!(pods_now(&sim).is_empty());
    assert_eq!(
        set_messages_starting(&sim, "delete Pod"),
        [
            "delete Pod web-2 in StatefulSet web successful",
            "delete Pod web-1 in StatefulSet web successful",
            "delete Pod web-0 in StatefulSet web successful",
        ]
    );
}

/// S9 — Parallel scaling ignores health: creation and deletion do not wait.
#[test]
fn s09_parallel_scaling_ignores_health() {
    let (mut sim, _) = script("kubectl apply -f web-parallel.yaml\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1"], "both created at once, both Pending");
    more(&mut sim, "kubectl scale sts web --replicas=1\nsim settle\nsim pod unready web-0\nsim advance 2s\n");
    assert!(!is_ready(&sim, "web-0"));
    more(&mut sim, "kubectl scale sts web --replicas=3\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"], "created immediately");
    more(&mut sim, "sim advance 1s\nsim pod unready web-1\nsim pod unready web-2\nsim advance 2s\nkubectl scale sts web --replicas=0\n");
    let terminating: Vec<String> =
        pods_now(&sim).into_iter().filter(|n| pod(&sim, n).is_some_and(|p| p.metadata.is_terminating())).collect();
    assert_eq!(terminating, ["web-0", "web-1", "web-2"], "all deleted at once");
    more(&mut sim, "sim settle\n");
    assert!(pods_now(&sim).is_empty());
}

/// S11 — A Failed pod is deleted, then re-created with a new uid on a later sync, after
/// the old object is gone; monotonic creations total 2 for it.
#[test]
fn s11_failed_pod_is_deleted_then_recreated() {
    let mut sim = healthy(3);
    let old_uid = pod(&sim, "web-0").map(|p| p.metadata.uid.clone());
    more(&mut sim, "sim pod fail web-0\n");
    let web0 = pod(&sim, "web-0").expect("still listed, terminating");
    assert!(web0.metadata.is_terminating());
    assert_eq!(set_messages_starting(&sim, "delete Pod"), ["delete Pod web-0 in StatefulSet web successful"]);
    assert_eq!(set_event_count(&sim, "create Pod web-0"), 1, "no re-creation in the same sync");
    more(&mut sim, "sim settle\n");
    let new = pod(&sim, "web-0").expect("re-created");
    assert_ne!(Some(new.metadata.uid.clone()), old_uid);
    assert!(new.is_running_and_ready());
    assert_eq!(set_event_count(&sim, "create Pod web-0"), 2, "monotonic: 2 creations in total");
    assert_eq!(claim_names(&sim), ["www-web-0", "www-web-1", "www-web-2"], "the same claim");
}

/// S11 — in Parallel mode the creations total replicas + 1.
#[test]
fn s11_parallel_failed_pod_recreations() {
    let (mut sim, _) = script("kubectl apply -f web-parallel.yaml\nkubectl scale sts web --replicas=3\nsim settle\nsim pod fail web-0\nsim settle\n");
    assert_eq!(set_event_count(&sim, "create Pod"), 4, "Parallel: replicas + 1 creations");
    assert!(is_ready(&sim, "web-0"));
    let _ = more(&mut sim, "kubectl get pods\n");
}

/// S12 — A Succeeded pod is treated like a Failed one.
#[test]
fn s12_succeeded_pod_is_treated_like_failed() {
    let mut sim = healthy(3);
    more(&mut sim, "sim pod succeed web-1\n");
    assert_eq!(pod(&sim, "web-1").expect("web-1").kubectl_status(), "Terminating");
    assert_eq!(set_messages_starting(&sim, "delete Pod"), ["delete Pod web-1 in StatefulSet web successful"]);
    more(&mut sim, "sim settle\n");
    assert!(is_ready(&sim, "web-1"));
    assert_eq!(set_event_count(&sim, "create Pod web-1"), 2);
}

/// S13 — A lower ordinal is re-created even while a higher one is unhealthy.
#[test]
fn s13_lower_ordinal_recreated_while_higher_is_unhealthy() {
    let mut sim = healthy(2);
    more(&mut sim, "sim pod unready web-1\nsim advance 2s\nkubectl delete pod web-0\nsim settle\n");
    assert!(is_ready(&sim, "web-0"), "web-0 back and Ready");
    assert!(!is_ready(&sim, "web-1"), "web-1 still not Ready");
    more(&mut sim, "sim pod ready web-1\nsim settle\n");
    assert!(is_ready(&sim, "web-0") && is_ready(&sim, "web-1"));
}

/// S14 — Missing pods are replaced in ordinal order, each waiting for the lower one.
#[test]
fn s14_missing_pods_replaced_in_ordinal_order() {
    let mut sim = healthy(5);
    more(
        &mut sim,
        "kubectl delete pod web-0 --force\nkubectl delete pod web-2 --force\nkubectl delete pod web-4 --force\n",
    );
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-3"], "web-0 is re-created first, at once");
    let mut order = Vec::new();
    settle_checking(&mut sim, 120, |sim| {
        for name in ["web-2", "web-4"] {
            if pod(sim, name).is_some() && !order.contains(&name) {
                let lower = if name == "web-2" { "web-0" } else { "web-2" };
                assert!(is_ready(sim, lower), "{name} re-created before {lower} was Ready");
                order.push(name);
            }
        }
    });
    assert_eq!(order, ["web-2", "web-4"]);
    assert_eq!(web(&sim).status.as_ref().map(|s| s.replicas), Some(5));
    for c in claim_names(&sim) {
        assert!(
            claim(&sim, &c).is_some_and(|c| c.metadata.owner_references.is_empty()),
            "Retain: no owner refs on {c}"
        );
    }
}

/// S15 — A terminating pod blocks scale-up (OrderedReady) until it is gone.
#[test]
fn s15_terminating_pod_blocks_scale_up() {
    let mut sim = healthy(3);
    more(&mut sim, "kubectl delete pod web-0\nkubectl scale sts web --replicas=5\nsim advance 1s\n");
    assert!(pod(&sim, "web-0").is_some_and(|p| p.metadata.is_terminating()));
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"], "nothing created while web-0 terminates");
    more(&mut sim, "sim advance 1500ms\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"], "web-0 re-created only");
    assert!(!pod(&sim, "web-0").is_some_and(|p| p.metadata.is_terminating()));
    more(&mut sim, "sim settle\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2", "web-3", "web-4"]);
}

/// S16 — Terminating condemned pods are waited for; then scale-down proceeds.
#[test]
fn s16_terminating_condemned_pods_are_waited_for() {
    let mut sim = healthy(5);
    more(&mut sim, "kubectl delete pod web-3\nkubectl delete pod web-4\nkubectl scale sts web --replicas=3\n");
    assert_eq!(pods_now(&sim).len(), 5, "all five still listed");
    let deletes_before = set_messages_starting(&sim, "delete Pod").len();
    more(&mut sim, "sim advance 1s\n");
    assert_eq!(set_messages_starting(&sim, "delete Pod").len(), deletes_before, "nothing else deleted");
    assert!(set_messages_starting(&sim, "create Pod web-3").len() == 1, "nothing re-created");
    more(&mut sim, "sim settle\nkubectl scale sts web --replicas=0\nsim settle\n");
    assert!(pods_now(&sim).is_empty());
}

/// A crashing container goes into CrashLoopBackOff with growing back-off, stays Running
/// but not Ready, and blocks OrderedReady progress; healing lets it through.
#[test]
fn crash_loop_back_off_blocks_ordered_progress_until_healed() {
    let mut sim = healthy(1);
    more(&mut sim, "sim pod crash web-0\nsim advance 2s\n");
    let p = pod(&sim, "web-0").expect("web-0");
    assert_eq!(p.kubectl_status(), "CrashLoopBackOff");
    assert_eq!(p.restarts(), 1);
    more(&mut sim, "kubectl scale sts web --replicas=2\nsim advance 3m\n");
    let p = pod(&sim, "web-0").expect("web-0");
    assert!(p.restarts() >= 4, "restarts keep coming with back-off: {}", p.restarts());
    assert!(p.restarts() <= 6, "back-off doubles: {}", p.restarts());
    assert_eq!(pods_now(&sim), ["web-0"], "web-1 waits for web-0");
    assert!(more(&mut sim, "kubectl get events")
        .contains("Back-off restarting failed container nginx in pod web-0_default"));
    more(&mut sim, "sim pod heal web-0\nsim settle\n");
    assert!(is_ready(&sim, "web-0") && is_ready(&sim, "web-1"));
}

/// An unpullable image: ErrImagePull, then ImagePullBackOff, Pending with an IP, and the
/// set waits; once the image pulls, it comes up.
#[test]
fn an_unpullable_image_backs_off_and_blocks_the_set() {
    let (mut sim, _) =
        script("sim image registry.k8s.io/nginx-slim:0.7 unpullable\nkubectl apply -f web.yaml\nsim advance 3500ms\n");
    assert_eq!(pod(&sim, "web-0").expect("web-0").kubectl_status(), "ErrImagePull");
    more(&mut sim, "sim advance 1s\n");
    let p = pod(&sim, "web-0").expect("web-0");
    assert_eq!(p.kubectl_status(), "ImagePullBackOff");
    assert_eq!(p.status.phase, Some(sts_engine::api::PodPhase::Pending));
    assert!(p.status.pod_ip.is_some(), "the sandbox, and so the IP, exists");
    more(&mut sim, "sim advance 1m\n");
    assert_eq!(pods_now(&sim), ["web-0"]);
    more(&mut sim, "sim image registry.k8s.io/nginx-slim:0.7 ok\nsim settle\n");
    assert!(is_ready(&sim, "web-0") && is_ready(&sim, "web-1"));
}

/// Directives about pods that do not exist answer as kubectl would.
#[test]
fn sim_pod_on_a_missing_pod_is_not_found() {
    let (_, out) = script("kubectl apply -f web.yaml\nsim pod crash web-9\n");
    assert!(out.ends_with("Error from server (NotFound): pods \"web-9\" not found\n"), "{out}");
}

/// `sim node add`: a Ready node with the next pod range, which the scheduler spreads onto.
#[test]
fn an_added_node_gets_the_next_range_and_pods() {
    let (mut sim, out) = script("sim node add node-4 --zone zone-d\nkubectl apply -f web.yaml\nkubectl scale sts web --replicas=4\nsim settle\n");
    assert!(out.contains("node/node-4 added"), "{out}");
    let nodes = more(&mut sim, "kubectl get nodes -o wide\n");
    assert!(nodes.contains("node-4   Ready"), "{nodes}");
    let on_node_4: Vec<String> = pods_now(&sim)
        .into_iter()
        .filter(|n| pod(&sim, n).and_then(|p| p.spec.node_name.clone()).as_deref() == Some("node-4"))
        .collect();
    assert_eq!(on_node_4.len(), 1, "four pods over four nodes");
    let ip = pod(&sim, &on_node_4[0]).and_then(|p| p.status.pod_ip.clone()).unwrap_or_default();
    assert!(ip.starts_with("10.244.4."), "{ip}");
    let err = more(&mut sim, "sim node add node-1\n");
    assert!(err.contains("Error from server (AlreadyExists): nodes \"node-1\" already exists"), "{err}");
    let err = more(&mut sim, "sim node add Node_5\n");
    assert!(
        err.contains(
            "The Node \"Node_5\" is invalid: metadata.name: Invalid value: \"Node_5\": a lowercase RFC 1123 subdomain"
        ),
        "{err}"
    );
}
