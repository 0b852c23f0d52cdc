//! Acceptance scenarios S18–S26 and S29–S30 of the behaviour document (updates,
//! partitions, OnDelete, rollback, maxUnavailable), as scenario-language scripts run
//! through the same code path as `sts-run`.

mod common;

use common::*;
use sts_engine::api::ControllerRevision;
use sts_engine::controller::revisions::pod_revision;
use sts_engine::Simulation;

fn healthy(replicas: u32) -> Simulation {
    let (sim, _) =
        script(&format!("kubectl apply -f web.yaml\nkubectl scale sts web --replicas={replicas}\nsim settle\n"));
    sim
}

fn image(sim: &Simulation, name: &str) -> String {
    pod(sim, name).and_then(|p| p.spec.containers.first().map(|c| c.image.clone())).unwrap_or_default()
}

fn revisions_of(sim: &Simulation) -> (String, String) {
    let s = web(sim).status.clone().expect("status");
    (s.current_revision.unwrap_or_default(), s.update_revision.unwrap_or_default())
}

fn revision_objects(sim: &Simulation) -> Vec<(String, i64)> {
    sim.cluster()
        .list::<ControllerRevision>()
        .in_creation_order()
        .iter()
        .map(|r| (r.metadata.name.clone(), r.revision))
        .collect()
}

const OLD: &str = "registry.k8s.io/nginx-slim:0.7";

/// S18 — Rolling update in reverse ordinal order, each waiting for the previous one.
#[test]
fn s18_rolling_update_reverse_ordinal_order() {
    let mut sim = healthy(3);
    let (r1, _) = revisions_of(&sim);
    more(&mut sim, "kubectl set image sts/web nginx=nginx:2\n");
    let (current, r2) = revisions_of(&sim);
    assert_eq!(current, r1);
    assert_ne!(r2, r1, "a new revision");
    let mut deleted_while_ready: Vec<(String, bool)> = Vec::new();
    settle_checking(&mut sim, 300, |sim| {
        for n in ["web-2", "web-1", "web-0"] {
            if pod(sim, n).is_some_and(|p| p.metadata.is_terminating())
                && !deleted_while_ready.iter().any(|(d, _)| d == n)
            {
                let higher_updated = (n.trim_start_matches("web-").parse::<u32>().unwrap_or(0) + 1..3).all(|h| {
                    is_ready(sim, &format!("web-{h}"))
                        && pod(sim, &format!("web-{h}")).is_some_and(|p| pod_revision(p) == Some(r2.as_str()))
                });
                deleted_while_ready.push((n.to_string(), higher_updated));
            }
        }
    });
    assert_eq!(
        deleted_while_ready,
        [("web-2".to_string(), true), ("web-1".to_string(), true), ("web-0".to_string(), true)],
        "reverse order, each after the higher ones were updated and Ready"
    );
    for i in 0..3 {
        assert_eq!(image(&sim, &format!("web-{i}")), "nginx:2");
    }
    let status = web(&sim).status.clone().expect("status");
    assert_eq!(status.current_revision.as_deref(), Some(r2.as_str()));
    assert_eq!(status.update_revision.as_deref(), Some(r2.as_str()));
    assert_eq!((status.current_replicas, status.updated_replicas), (3, 3));
}

/// S19 — Scale and update in one edit: scaling first, then the update.
#[test]
fn s19_rolling_update_with_scale_up_and_down() {
    let mut sim = healthy(3);
    let creates_before = set_messages_starting(&sim, "create Pod").len();
    more(
        &mut sim,
        "kubectl set image sts/web nginx=foo\nkubectl scale sts web --replicas=5\nsim settle --timeout 20m\n",
    );
    let created: Vec<String> = set_messages_starting(&sim, "create Pod")
        .into_iter()
        .skip(creates_before)
        .filter_map(|m| m.split(' ').nth(2).map(String::from))
        .collect();
    assert_eq!(created[..2], ["web-3", "web-4"], "scaling first: {created:?}");
    assert_eq!(set_event_count(&sim, "create Pod web-3"), 1, "web-3 is created once, directly on the new revision");
    assert_eq!(set_event_count(&sim, "create Pod web-4"), 1);
    for i in 0..5 {
        assert_eq!(image(&sim, &format!("web-{i}")), "foo", "web-{i}");
    }
    let deletes = set_messages_starting(&sim, "delete Pod");
    assert_eq!(
        deletes.iter().map(|m| m.split(' ').nth(2).unwrap_or("")).collect::<Vec<_>>(),
        ["web-2", "web-1", "web-0"]
    );

    // 5 → 3 with a new image: web-4 and web-3 go first (scaling precedes updating).
    more(&mut sim, "kubectl set image sts/web nginx=bar\nkubectl scale sts web --replicas=3\n");
    let order = settle_recording_deletions(&mut sim, 1200);
    assert_eq!(order, ["web-4", "web-3", "web-2", "web-1", "web-0"]);
    assert_eq!(pods_now(&sim), ["web-0", "web-1", "web-2"]);
    for i in 0..3 {
        assert_eq!(image(&sim, &format!("web-{i}")), "bar");
    }
}

/// S20 — A partition larger than the replicas stages the update: nothing changes, and a
/// deleted pod comes back on the old revision.
#[test]
fn s20_partition_above_replicas_stages_the_update() {
    let mut sim = healthy(3);
    more(&mut sim, "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":3}}}}'\n");
    more(&mut sim, "kubectl set image sts/web nginx=nginx:2\nsim settle\n");
    let (current, update) = revisions_of(&sim);
    assert_ne!(current, update);
    assert!(set_messages_starting(&sim, "delete Pod").is_empty(), "no pod changes");
    more(&mut sim, "kubectl delete pod web-2\nsim settle\n");
    assert_eq!(image(&sim, "web-2"), OLD, "re-created on the old revision");
    assert_eq!(pod(&sim, "web-2").and_then(pod_revision).map(String::from), Some(current));
}

/// S21 and S22 — Canary, then phased roll-out by lowering the partition.
#[test]
fn s21_s22_canary_then_phased_rollout() {
    let mut sim = healthy(3);
    more(&mut sim, "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":3}}}}'\nkubectl set image sts/web nginx=nginx:2\nsim settle\n");
    more(&mut sim, "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}}}}'\nsim settle\n");
    assert_eq!(
        [image(&sim, "web-0"), image(&sim, "web-1"), image(&sim, "web-2")],
        [OLD, OLD, "nginx:2"],
        "only the canary"
    );
    more(&mut sim, "kubectl delete pod web-1\nsim settle\n");
    assert_eq!(image(&sim, "web-1"), OLD, "below the partition: back on the old revision");
    more(&mut sim, "kubectl delete pod web-2\nsim settle\n");
    assert_eq!(image(&sim, "web-2"), "nginx:2", "at or above the partition: the new revision");
    // S22: lower the partition step by step.
    more(&mut sim, "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":1}}}}'\nsim settle\n");
    assert_eq!([image(&sim, "web-0"), image(&sim, "web-1"), image(&sim, "web-2")], [OLD, "nginx:2", "nginx:2"]);
    let (current, update) = revisions_of(&sim);
    assert_ne!(current, update);
    more(&mut sim, "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}'\nsim settle\n");
    assert_eq!([image(&sim, "web-0"), image(&sim, "web-1"), image(&sim, "web-2")], ["nginx:2", "nginx:2", "nginx:2"]);
    let (current, update) = revisions_of(&sim);
    assert_eq!(current, update, "partition 0 done: currentRevision == updateRevision");
}

/// S23 — Partition with scale-up: new pods at or above the partition get the new image.
#[test]
fn s23_partition_with_scale_up() {
    let mut sim = healthy(3);
    more(
        &mut sim,
        "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}}}}'\n",
    );
    more(
        &mut sim,
        "kubectl set image sts/web nginx=foo\nkubectl scale sts web --replicas=5\nsim settle --timeout 20m\n",
    );
    let images: Vec<String> = (0..5).map(|i| image(&sim, &format!("web-{i}"))).collect();
    assert_eq!(images, [OLD, OLD, "foo", "foo", "foo"]);
}

/// S24 — OnDelete: the controller never replaces pods for a template change; deleted and
/// new pods get the update revision; currentRevision is not advanced.
#[test]
fn s24_on_delete() {
    let manifest = sts_engine::bundled::WEB_YAML
        .replace("  replicas: 2\n", "  replicas: 3\n  updateStrategy:\n    type: OnDelete\n");
    let (mut sim, _) = script(&format!("kubectl apply -f - <<EOF\n{manifest}EOF\nsim settle\n"));
    let (r1, _) = revisions_of(&sim);
    more(&mut sim, "kubectl set image sts/web nginx=foo\nsim settle\n");
    assert!(set_messages_starting(&sim, "delete Pod").is_empty(), "no pod is touched");
    let (current, update) = revisions_of(&sim);
    assert_eq!(current, r1);
    assert_ne!(update, r1);
    more(&mut sim, "kubectl scale sts web --replicas=5\nsim settle\n");
    let images: Vec<String> = (0..5).map(|i| image(&sim, &format!("web-{i}"))).collect();
    assert_eq!(images, [OLD, OLD, OLD, "foo", "foo"]);
    more(&mut sim, "kubectl delete pod web-0\nsim settle\n");
    assert_eq!(image(&sim, "web-0"), "foo");
    assert_eq!(revisions_of(&sim).0, r1, "currentRevision is not advanced under OnDelete");
}

/// S25 — Rollback reuses the old revision: no new object, the old one gets the next
/// number, pods roll back in reverse order, and it becomes current.
#[test]
fn s25_rollback_reuses_the_old_revision() {
    let mut sim = healthy(3);
    let (r1, _) = revisions_of(&sim);
    more(&mut sim, "kubectl set image sts/web nginx=nginx:2\nsim settle --timeout 20m\n");
    let (r2, _) = revisions_of(&sim);
    assert_eq!(revision_objects(&sim), [(r1.clone(), 1), (r2.clone(), 2)]);
    more(&mut sim, &format!("kubectl set image sts/web nginx={OLD}\n"));
    assert_eq!(revision_objects(&sim), [(r1.clone(), 3), (r2.clone(), 2)], "R1 reused with the next number");
    let (current, update) = revisions_of(&sim);
    assert_eq!((current.as_str(), update.as_str()), (r2.as_str(), r1.as_str()));
    assert_eq!(settle_recording_deletions(&mut sim, 1200), ["web-2", "web-1", "web-0"], "rolled back in reverse order");
    assert_eq!(revisions_of(&sim), (r1.clone(), r1));
    for i in 0..3 {
        assert_eq!(image(&sim, &format!("web-{i}")), OLD);
    }
}

/// S26 — maxUnavailable 2 with partition 3 (OrderedReady): pods 5 and 4 go together; 4 is
/// re-created first; 3 goes once 5 is Ready; 0–2 are never touched.
#[test]
fn s26_max_unavailable_two() {
    let mut sim = healthy(6);
    more(&mut sim, "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":3,\"maxUnavailable\":2}}}}'\n");
    more(&mut sim, "kubectl set image sts/web nginx=foo\n");
    let terminating: Vec<String> =
        pods_now(&sim).into_iter().filter(|n| pod(&sim, n).is_some_and(|p| p.metadata.is_terminating())).collect();
    assert_eq!(terminating, ["web-4", "web-5"], "two deleted in the same sync");
    let mut web3_deleted_after_web5_ready = None;
    settle_checking(&mut sim, 300, |sim| {
        if web3_deleted_after_web5_ready.is_none() && pod(sim, "web-3").is_some_and(|p| p.metadata.is_terminating()) {
            web3_deleted_after_web5_ready = Some(is_ready(sim, "web-5") && image(sim, "web-5") == "foo");
        }
    });
    assert_eq!(web3_deleted_after_web5_ready, Some(true));
    let images: Vec<String> = (0..6).map(|i| image(&sim, &format!("web-{i}"))).collect();
    assert_eq!(images, [OLD, OLD, OLD, "foo", "foo", "foo"]);
}

/// Invalid maxUnavailable values are refused with the API server's words.
#[test]
fn max_unavailable_zero_is_refused() {
    let mut sim = healthy(2);
    let out = more(
        &mut sim,
        "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxUnavailable\":0}}}}'\n",
    );
    assert!(out.contains("spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0"), "{out}");
    let out = more(&mut sim, "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxUnavailable\":\"150%\"}}}}'\n");
    assert!(out.contains("must not be greater than 100%"), "{out}");
}

/// kubectl get controllerrevisions lists them with their owner and number.
#[test]
fn controllerrevisions_are_listed() {
    let mut sim = healthy(1);
    more(&mut sim, "kubectl set image sts/web nginx=nginx:2\nsim settle\n");
    let out = more(&mut sim, "kubectl get controllerrevisions\n");
    let (_, r2) = revisions_of(&sim);
    assert!(out.contains("NAME             CONTROLLER             REVISION   AGE"), "{out}");
    assert!(out.contains(&format!("{r2}   statefulset.apps/web   2")), "{out}");
}
