//! Acceptance scenarios S29–S31: availability and minReadySeconds, and ordinals.start,
//! as scenario-language scripts run through the same code path as `sts-run`.

mod common;

use common::*;
use sts_engine::Simulation;

fn available(sim: &Simulation) -> i32 {
    web(sim).status.as_ref().map_or(0, |s| s.available_replicas)
}

fn patch(field: &str) -> String {
    format!("kubectl patch sts web -p '{{\"spec\":{field}}}'\n")
}

/// S29 — availableReplicas counts pods Ready for minReadySeconds, and follows changes
/// to minReadySeconds.
#[test]
fn s29_available_replicas_follow_min_ready_seconds() {
    // `sim settle` would wait out minReadySeconds (its requeue is a scheduled change), so
    // step just past the moment web-1 becomes Ready (about 9 s in).
    let (mut sim, _) =
        script(&format!("kubectl apply -f web.yaml\n{}sim advance 10s\n", patch("{\"minReadySeconds\":30}")));
    assert_eq!(ready_replicas(&sim), 1, "OrderedReady waits for web-0 to be available before web-1");
    assert_eq!(available(&sim), 0);
    more(&mut sim, "sim settle\n");
    assert_eq!(ready_replicas(&sim), 2);
    more(&mut sim, "sim advance 31s\n");
    assert_eq!(available(&sim), 2);
    more(&mut sim, &format!("{}sim advance 1s\n", patch("{\"minReadySeconds\":3600}")));
    assert_eq!(available(&sim), 0, "Ready for less than an hour");
    more(&mut sim, &format!("{}sim advance 1s\n", patch("{\"minReadySeconds\":0}")));
    assert_eq!(available(&sim), 2);
}

/// S29 — with minReadySeconds 3600, a pod Ready for 30 minutes is not available; after
/// 2 hours it is.
#[test]
fn s29_an_hour_of_min_ready_seconds() {
    let (mut sim, _) = script(&format!(
        "kubectl apply -f web.yaml\nkubectl scale sts web --replicas=1\nsim settle\n{}sim advance 30m\n",
        patch("{\"minReadySeconds\":3600}")
    ));
    assert_eq!(available(&sim), 0);
    more(&mut sim, "sim advance 90m\n");
    assert_eq!(available(&sim), 1);
}

/// S30 — minReadySeconds gates the rolling update and scale-down; OnDelete is unaffected.
#[test]
fn s30_min_ready_seconds_gates_update_and_scale_down() {
    let (mut sim, _) = script(&format!("kubectl apply -f web.yaml\nsim settle\n{}", patch("{\"minReadySeconds\":30}")));
    more(&mut sim, "sim advance 10s\nkubectl set image sts/web nginx=nginx:2\nsim advance 5s\n");
    assert!(set_messages_starting(&sim, "delete Pod").is_empty(), "no pod deleted while not yet available");
    more(&mut sim, "sim advance 60s\n");
    assert!(!set_messages_starting(&sim, "delete Pod").is_empty(), "the update proceeds once pods are available");
    more(&mut sim, "sim settle --timeout 20m\n");
    assert_eq!(available(&sim), 2);

    // Scale-down: three Ready pods that are not yet available all stay.
    let (mut sim, _) = script(&format!(
        "kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim settle\n{}kubectl scale sts web --replicas=1\nsim advance 1m\n",
        patch("{\"minReadySeconds\":3600}")
    ));
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"], "all three remain");
    more(&mut sim, &format!("{}sim settle --timeout 5m\n", patch("{\"minReadySeconds\":0}")));
    assert_eq!(pods_now(&sim), ["web-0"]);

    // OnDelete is unaffected: status is still computed.
    let manifest = sts_engine::bundled::WEB_YAML
        .replace("  replicas: 2\n", "  replicas: 2\n  minReadySeconds: 30\n  updateStrategy:\n    type: OnDelete\n");
    let (mut sim, _) = script(&format!("kubectl apply -f - <<EOF\n{manifest}EOF\nsim settle\nkubectl set image sts/web nginx=nginx:2\nsim advance 1m\n"));
    assert!(set_messages_starting(&sim, "delete Pod").is_empty());
    assert_eq!(available(&sim), 2);
    assert_eq!(web(&sim).status.as_ref().map(|s| s.updated_replicas), Some(0));
    let _ = more(&mut sim, "kubectl get sts\n");
}

/// S31 — ordinals.start: pods and claims start at the given ordinal; moving the window
/// creates the new ordinals ascending and removes the old ones descending.
#[test]
fn s31_start_ordinal() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    assert_eq!(pods_now(&sim), ["web-0", "web-1"]);
    more(&mut sim, &format!("{}sim settle --timeout 5m\n", patch("{\"ordinals\":{\"start\":2},\"replicas\":3}")));
    assert_eq!(pods_now(&sim), ["web-2", "web-3", "web-4"]);
    let created = set_messages_starting(&sim, "create Pod");
    let new: Vec<&str> = created.iter().filter_map(|m| m.split(' ').nth(2)).skip(2).collect();
    assert_eq!(new, ["web-2", "web-3", "web-4"], "ascending");
    let deleted: Vec<String> = set_messages_starting(&sim, "delete Pod")
        .iter()
        .filter_map(|m| m.split(' ').nth(2).map(String::from))
        .collect();
    assert_eq!(deleted, ["web-1", "web-0"], "descending");
    for c in ["www-web-2", "www-web-3", "www-web-4"] {
        assert!(claim(&sim, c).is_some(), "{c}");
    }
    more(&mut sim, &format!("{}sim settle --timeout 5m\n", patch("{\"ordinals\":{\"start\":4},\"replicas\":2}")));
    assert_eq!(pods_now(&sim), ["web-4", "web-5"]);
    more(&mut sim, &format!("{}sim settle --timeout 5m\n", patch("{\"ordinals\":{\"start\":3}}")));
    assert_eq!(pods_now(&sim), ["web-3", "web-4"]);
}
