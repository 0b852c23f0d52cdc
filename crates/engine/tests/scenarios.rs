//! Acceptance scenarios of the behaviour document (section 7) that the first slice
//! covers, named after them, plus the identity lessons the page shows.

mod common;

use common::*;
use sts_engine::api::PodPhase;
use sts_engine::dns::{records, RecordType};
use sts_engine::{Action, ActionError, ClusterView, Simulation};

/// S1 — Ordered creation: each pod is created only once every lower ordinal is Running
/// and Ready, in ADD order web-0, web-1, web-2; never is a higher ordinal Ready while a
/// lower one is not.
#[test]
fn s01_ordered_creation() {
    let mut sim = tutorial(0);
    scale(&mut sim, 3);
    let mut seen: Vec<String> = Vec::new();
    settle_checking(&mut sim, 120, |sim| {
        for name in pod_names(sim) {
            if seen.contains(&name) {
                continue;
            }
            let ordinal: usize = name.trim_start_matches("web-").parse().expect("ordinal");
            for lower in 0..ordinal {
                let p = pod(sim, &format!("web-{lower}")).expect("lower ordinal exists");
                assert!(p.is_running_and_ready(), "{name} created while web-{lower} is {}", p.kubectl_status());
            }
            seen.push(name);
        }
        let ready: Vec<bool> =
            (0..3).map(|i| pod(sim, &format!("web-{i}")).is_some_and(|p| p.is_running_and_ready())).collect();
        for i in 1..3 {
            assert!(!ready[i] || ready[i - 1], "web-{i} Ready while web-{} is not", i - 1);
        }
    });
    assert_eq!(seen, ["web-0", "web-1", "web-2"]);
    let created: Vec<String> = set_messages(&sim).into_iter().filter(|m| m.starts_with("create Pod")).collect();
    assert_eq!(
        created,
        [
            "create Pod web-0 in StatefulSet web successful",
            "create Pod web-1 in StatefulSet web successful",
            "create Pod web-2 in StatefulSet web successful",
        ]
    );
    let status = web(&sim).status.clone().expect("status");
    assert_eq!((status.replicas, status.ready_replicas, status.available_replicas), (3, 3, 3));
}

/// While web-0 is not yet Ready, only web-0 exists.
#[test]
fn s01_only_web_0_exists_until_it_is_ready() {
    let mut sim = tutorial(0);
    assert_eq!(pod_names(&sim), ["web-0"]);
    while !pod(&sim, "web-0").expect("web-0").is_running_and_ready() {
        assert_eq!(pod_names(&sim), ["web-0"]);
        advance_ms(&mut sim, 100);
    }
    advance_ms(&mut sim, 1);
    assert_eq!(pod_names(&sim), ["web-0", "web-1"]);
}

/// S2 — Claim then pod: the claim exists before the pod, and creating a fresh ordinal
/// records exactly two Normal events, claim first. After the scale-up every claim is
/// Bound and labelled with the selector.
#[test]
fn s02_claim_then_pod_with_events() {
    let sim = tutorial(0);
    assert_eq!(
        set_events(&sim),
        [
            (
                "Normal".into(),
                "SuccessfulCreate".into(),
                "create Claim www-web-0 Pod web-0 in StatefulSet web success".into()
            ),
            ("Normal".into(), "SuccessfulCreate".into(), "create Pod web-0 in StatefulSet web successful".into()),
        ]
    );
    let key = |n: &str| sts_engine::ObjectKey::default_ns(n);
    let claim_created =
        sim.cluster().list::<sts_engine::api::PersistentVolumeClaim>().creation_index(&key("www-web-0"));
    let pod_created = sim.cluster().list::<sts_engine::api::Pod>().creation_index(&key("web-0"));
    assert!(claim_created.is_some() && claim_created < pod_created, "the claim is created before the pod");

    let mut sim = sim;
    scale(&mut sim, 3);
    settle(&mut sim, 120);
    assert_eq!(claim_names(&sim), ["www-web-0", "www-web-1", "www-web-2"]);
    for name in claim_names(&sim) {
        let c = claim(&sim, &name).expect("claim");
        assert_eq!(c.phase(), "Bound", "{name}");
        assert_eq!(c.metadata.labels.get("app").map(String::as_str), Some("nginx"), "{name}");
        assert_eq!(c.spec.storage_class_name.as_deref(), Some("standard"), "{name}: the default class");
        assert!(c.spec.volume_name.as_deref().is_some_and(|v| v.starts_with("pvc-")), "{name}");
    }
}

/// S3 (the parts of this slice) — the identity metadata stamped on every pod.
#[test]
fn s03_identity_metadata() {
    let mut sim = tutorial(0);
    settle(&mut sim, 60);
    let p = pod(&sim, "web-1").expect("web-1");
    assert_eq!(p.metadata.labels.get("statefulset.kubernetes.io/pod-name").map(String::as_str), Some("web-1"));
    assert_eq!(p.metadata.labels.get("apps.kubernetes.io/pod-index").map(String::as_str), Some("1"));
    assert_eq!(p.spec.hostname.as_deref(), Some("web-1"));
    assert_eq!(p.spec.subdomain.as_deref(), Some("nginx"));
    let owner = p.metadata.controller_ref().expect("controller ref");
    assert_eq!(
        (owner.api_version.as_str(), owner.kind.as_str(), owner.name.as_str()),
        ("apps/v1", "StatefulSet", "web")
    );
    assert_eq!(owner.uid, web(&sim).metadata.uid);
    assert_eq!(owner.block_owner_deletion, Some(true));
    let www = p.spec.volumes.iter().find(|v| v.name == "www").expect("www volume");
    assert_eq!(www.persistent_volume_claim.as_ref().map(|c| c.claim_name.as_str()), Some("www-web-1"));
}

fn a_record(sim: &Simulation, name: &str) -> Option<Vec<String>> {
    records(sim.cluster()).into_iter().find(|r| r.type_ == RecordType::A && r.name == name).map(|r| r.answers)
}

fn ip(sim: &Simulation, name: &str) -> String {
    pod(sim, name).and_then(|p| p.status.pod_ip.clone()).expect("pod IP")
}

/// S4 — DNS while healthy and after restart: per-pod A records, the Service A set and
/// the SRV answers; after every pod is deleted and re-created the names and targets stay
/// and the A records follow the new IPs.
#[test]
fn s04_dns_while_healthy_and_after_restart() {
    let mut sim = tutorial(0);
    scale(&mut sim, 3);
    settle(&mut sim, 120);
    let before: Vec<String> = (0..3).map(|i| ip(&sim, &format!("web-{i}"))).collect();
    for (i, a) in before.iter().enumerate() {
        assert_eq!(a_record(&sim, &format!("web-{i}.nginx.default.svc.cluster.local")), Some(vec![a.clone()]));
    }
    let mut all = a_record(&sim, "nginx.default.svc.cluster.local").expect("service record");
    all.sort();
    let mut expected = before.clone();
    expected.sort();
    assert_eq!(all, expected);
    let srv = records(sim.cluster())
        .into_iter()
        .find(|r| r.type_ == RecordType::SRV && r.name == "_web._tcp.nginx.default.svc.cluster.local")
        .expect("SRV record");
    assert_eq!(
        srv.answers,
        [
            "0 33 80 web-0.nginx.default.svc.cluster.local",
            "0 33 80 web-1.nginx.default.svc.cluster.local",
            "0 33 80 web-2.nginx.default.svc.cluster.local",
        ]
    );

    for i in 0..3 {
        sim.apply(Action::DeletePod { pod: format!("web-{i}"), grace_period_seconds: None }).expect("delete");
    }
    settle(&mut sim, 120);
    let after: Vec<String> = (0..3).map(|i| ip(&sim, &format!("web-{i}"))).collect();
    for (i, a) in after.iter().enumerate() {
        assert_ne!(a, &before[i], "web-{i} got a new IP");
        assert_eq!(a_record(&sim, &format!("web-{i}.nginx.default.svc.cluster.local")), Some(vec![a.clone()]));
    }
    assert_eq!(claim_names(&sim), ["www-web-0", "www-web-1", "www-web-2"], "no new claims");
}

/// Only Ready pods have records: a pod that is Running but not yet Ready has none.
#[test]
fn dns_records_appear_only_once_the_pod_is_ready() {
    let mut sim = tutorial(0);
    let fqdn = "web-0.nginx.default.svc.cluster.local";
    while pod(&sim, "web-0").expect("web-0").status.phase != Some(PodPhase::Running) {
        assert_eq!(a_record(&sim, fqdn), None);
        advance_ms(&mut sim, 100);
    }
    assert!(!pod(&sim, "web-0").expect("web-0").is_ready());
    assert_eq!(a_record(&sim, fqdn), None, "Running but not Ready: no record");
    while !pod(&sim, "web-0").expect("web-0").is_ready() {
        advance_ms(&mut sim, 100);
    }
    assert_eq!(a_record(&sim, fqdn), Some(vec![ip(&sim, "web-0")]));
}

/// S7 — Scale-down in reverse order, one at a time: delete order web-2, web-1, web-0,
/// each only after the previous pod is completely gone; status ends at zero; every claim
/// remains.
#[test]
fn s07_scale_down_reverse_order() {
    let mut sim = tutorial(0);
    scale(&mut sim, 3);
    settle(&mut sim, 120);
    scale(&mut sim, 0);
    settle_checking(&mut sim, 120, |sim| {
        let terminating: Vec<String> =
            pod_names(sim).into_iter().filter(|n| pod(sim, n).is_some_and(|p| p.metadata.is_terminating())).collect();
        assert!(terminating.len() <= 1, "one at a time: {terminating:?}");
        if let Some(t) = terminating.first() {
            let ordinal: usize = t.trim_start_matches("web-").parse().expect("ordinal");
            for higher in ordinal + 1..3 {
                assert!(
                    pod(sim, &format!("web-{higher}")).is_none(),
                    "{t} terminating while web-{higher} still exists"
                );
            }
        }
    });
    let deleted: Vec<String> = set_messages(&sim).into_iter().filter(|m| m.starts_with("delete Pod")).collect();
    assert_eq!(
        deleted,
        [
            "delete Pod web-2 in StatefulSet web successful",
            "delete Pod web-1 in StatefulSet web successful",
            "delete Pod web-0 in StatefulSet web successful",
        ]
    );
    assert!(pod_names(&sim).is_empty());
    let status = web(&sim).status.clone().expect("status");
    assert_eq!((status.replicas, status.ready_replicas, status.updated_replicas), (0, 0, 0));
    assert_eq!(claim_names(&sim), ["www-web-0", "www-web-1", "www-web-2"]);
    for name in claim_names(&sim) {
        assert_eq!(claim(&sim, &name).expect("claim").phase(), "Bound");
    }
}

/// Lesson: a deleted pod comes back with the same name and claim, a new uid and IP.
#[test]
fn deleted_pod_returns_with_same_name_and_claim_and_a_new_ip() {
    let mut sim = tutorial(0);
    settle(&mut sim, 60);
    let old = pod(&sim, "web-1").expect("web-1").clone();
    let volume_before = claim(&sim, "www-web-1").and_then(|c| c.spec.volume_name.clone());
    sim.apply(Action::DeletePod { pod: "web-1".into(), grace_period_seconds: None }).expect("delete");
    assert_eq!(pod(&sim, "web-1").expect("still there").kubectl_status(), "Terminating");
    settle(&mut sim, 60);
    let new = pod(&sim, "web-1").expect("web-1 is back");
    assert_ne!(new.metadata.uid, old.metadata.uid);
    assert_ne!(new.status.pod_ip, old.status.pod_ip);
    assert!(new.is_running_and_ready());
    let claim_of = |p: &sts_engine::api::Pod| p.spec.volumes[0].persistent_volume_claim.clone().map(|c| c.claim_name);
    assert_eq!(claim_of(new), claim_of(&old));
    assert_eq!(claim(&sim, "www-web-1").and_then(|c| c.spec.volume_name.clone()), volume_before, "same volume");
}

/// Pods of the set are spread: two replicas never share a node while others are free.
#[test]
fn pods_of_a_set_spread_across_nodes() {
    let mut sim = tutorial(0);
    scale(&mut sim, 3);
    settle(&mut sim, 120);
    let mut nodes: Vec<String> =
        (0..3).map(|i| pod(&sim, &format!("web-{i}")).and_then(|p| p.spec.node_name.clone()).expect("bound")).collect();
    nodes.sort();
    assert_eq!(nodes, ["node-1", "node-2", "node-3"]);
}

/// Pod IPs come from the node's podCIDR.
#[test]
fn pod_ips_come_from_their_nodes_range() {
    let mut sim = tutorial(0);
    settle(&mut sim, 60);
    for name in pod_names(&sim) {
        let p = pod(&sim, &name).expect("pod");
        let node: u32 = p
            .spec
            .node_name
            .as_deref()
            .and_then(|n| n.strip_prefix("node-"))
            .and_then(|n| n.parse().ok())
            .expect("node");
        assert!(p.status.pod_ip.as_deref().is_some_and(|ip| ip.starts_with(&format!("10.244.{node}."))), "{name}");
    }
}

/// Scaling below 0 is refused with the API server's message and changes nothing.
#[test]
fn scaling_below_zero_is_refused_and_changes_nothing() {
    let mut sim = tutorial(0);
    settle(&mut sim, 60);
    let before = ClusterView::of(&sim);
    let log_len = sim.log().len();
    let err = sim.apply(Action::ScaleTo { statefulset: "web".into(), replicas: -1 }).expect_err("refused");
    assert!(matches!(err, ActionError::Api(_)));
    assert_eq!(
        err.to_string(),
        "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    );
    assert_eq!(ClusterView::of(&sim), before);
    assert_eq!(sim.log().len(), log_len, "a refused action is not logged");
}

/// Acting on objects that do not exist answers NotFound as kubectl prints it.
#[test]
fn unknown_objects_are_not_found() {
    let mut sim = tutorial(0);
    let err = sim.apply(Action::DeletePod { pod: "web-9".into(), grace_period_seconds: None }).expect_err("missing");
    assert_eq!(err.to_string(), "Error from server (NotFound): pods \"web-9\" not found");
    let err = sim.apply(Action::ScaleTo { statefulset: "db".into(), replicas: 1 }).expect_err("missing");
    assert_eq!(err.to_string(), "Error from server (NotFound): statefulsets.apps \"db\" not found");
}

/// The page's starting scene, web.yaml, reports what kubectl apply reports.
#[test]
fn applying_the_tutorial_reports_each_object() {
    let mut sim = Simulation::new(0);
    let out = sim
        .apply(Action::Apply { manifest: sts_engine::bundled::WEB_YAML.into(), source: "web.yaml".into() })
        .expect("applies");
    assert_eq!(out.lines, ["service/nginx created", "statefulset.apps/web created"]);
    let out = sim
        .apply(Action::Apply { manifest: sts_engine::bundled::WEB_YAML.into(), source: "web.yaml".into() })
        .expect("applies");
    assert_eq!(out.lines, ["service/nginx unchanged", "statefulset.apps/web unchanged"]);
}

/// More replicas than the playground simulates are refused with a clear message, and
/// nothing changes (the API would accept any int32; a browser cannot run that many pods).
#[test]
fn more_replicas_than_the_playground_simulates_are_refused() {
    let mut sim = tutorial(0);
    let before = ClusterView::of(&sim);
    for replicas in [10_001, 2_000_000_000, i64::MAX] {
        let err = sim.apply(Action::ScaleTo { statefulset: "web".into(), replicas }).expect_err("refused");
        assert!(matches!(err, ActionError::TooManyReplicas { .. }), "{err}");
        assert!(err.to_string().starts_with("error: the playground simulates at most 10000 replicas"), "{err}");
    }
    assert_eq!(ClusterView::of(&sim), before);
    let manifest = sts_engine::bundled::WEB_YAML.replace("replicas: 2", "replicas: 50000");
    let out = sim.apply(Action::Apply { manifest, source: "web.yaml".into() }).expect("the other document applies");
    assert_eq!(out.lines[0], "service/nginx unchanged");
    assert!(out.lines[1].contains("at most 10000 replicas"), "{:?}", out.lines);
    assert_eq!(web(&sim).replicas(), 2);
}

/// The page's event log puts a repeated event where it last happened.
#[test]
fn the_event_view_orders_repeats_by_when_they_last_happened() {
    let mut sim = tutorial(0);
    settle(&mut sim, 60);
    sim.apply(Action::DeletePod { pod: "web-1".into(), grace_period_seconds: None }).expect("delete");
    settle(&mut sim, 60);
    let view = ClusterView::of(&sim);
    let last =
        view.events.iter().rposition(|e| e.message == "create Pod web-1 in StatefulSet web successful").expect("event");
    assert_eq!(view.events[last].count, 2);
    let after: Vec<&str> = view.events[last + 1..].iter().map(|e| e.reason.as_str()).collect();
    assert!(after.iter().all(|r| *r != "WaitForFirstConsumer" && *r != "ProvisioningSucceeded"), "{after:?}");
}

/// The view carries only the newest events, the newest last.
#[test]
fn the_view_carries_only_the_newest_events() {
    let mut sim = tutorial(0);
    sim.apply(Action::ScaleTo { statefulset: "web".into(), replicas: 20 }).expect("scale");
    settle(&mut sim, 600);
    let all = sim.cluster().list::<sts_engine::api::Event>().len();
    assert!(all > sts_engine::view::VIEW_EVENTS, "{all} events");
    let view = ClusterView::of(&sim);
    assert_eq!(view.events.len(), sts_engine::view::VIEW_EVENTS);
    assert!(view.events.windows(2).all(|w| w[0].clock <= w[1].clock), "oldest first");
    assert!(view.events.iter().any(|e| e.object == "pod/web-19"), "the newest pod's events are there");
}
