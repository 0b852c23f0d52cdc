//! The kubelet as a pod's events and readiness show it: the pull, create and start of
//! each container in order, Killing on deletion, and a readiness probe's initial delay.

mod common;

use common::*;

/// A fresh node pulls the image; a later pod on that node finds it present; deletion
/// stops the container.
#[test]
fn container_start_and_stop_events_come_in_order() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    let events = pod_events(&sim, "web-0");
    let image = "registry.k8s.io/nginx-slim:0.7";
    let start = events.iter().position(|e| e == &format!("Pulling image \"{image}\"")).expect("pulling");
    assert_eq!(
        events[start..start + 4],
        [
            format!("Pulling image \"{image}\""),
            format!("Successfully pulled image \"{image}\" in 2s (2s including waiting)"),
            "Created container: nginx".to_string(),
            "Started container nginx".to_string(),
        ]
    );
    // Three nodes, four pods: web-3 lands on a node that already pulled the image.
    more(&mut sim, "kubectl scale sts web --replicas=4\nsim settle\n");
    let events = pod_events(&sim, "web-3");
    assert!(events.contains(&format!("Container image \"{image}\" already present on machine")), "{events:#?}");
    assert!(!events.iter().any(|e| e.starts_with("Pulling")), "{events:#?}");
    more(&mut sim, "kubectl delete pod web-0 --wait=false\n");
    assert!(pod_events(&sim, "web-0").contains(&"Stopping container nginx".to_string()));
}

/// A readiness probe's initialDelaySeconds holds Ready back after the container starts.
#[test]
fn readiness_waits_for_the_probe_initial_delay() {
    let manifest = sts_engine::bundled::WEB_YAML.replace(
        "        volumeMounts:\n",
        "        readinessProbe:\n          initialDelaySeconds: 20\n          periodSeconds: 5\n        volumeMounts:\n",
    );
    let (mut sim, _) = script(&format!("kubectl apply -f - <<EOF\n{manifest}EOF\nsim advance 15s\n"));
    assert_eq!(pod(&sim, "web-0").expect("web-0").kubectl_status(), "Running");
    assert!(!is_ready(&sim, "web-0"), "the first probe has not run");
    more(&mut sim, "sim advance 10s\n");
    assert!(is_ready(&sim, "web-0"));
    // A failing probe is noticed after periodSeconds × failureThreshold (5 s × 3).
    more(&mut sim, "sim pod unready web-0\nsim advance 14s\n");
    assert!(is_ready(&sim, "web-0"));
    more(&mut sim, "sim advance 2s\n");
    assert!(!is_ready(&sim, "web-0"));
}

/// An init container that keeps failing holds the pod in Init:CrashLoopBackOff, restarted
/// with the back-off; once its image works the pod starts.
#[test]
fn a_failing_init_container_backs_off_until_it_succeeds() {
    let manifest = sts_engine::bundled::WEB_YAML.replace(
        "      containers:\n",
        "      initContainers:\n      - name: setup\n        image: busybox:bad\n      containers:\n",
    );
    let (mut sim, _) =
        script(&format!("sim image busybox:bad crash\nkubectl apply -f - <<EOF\n{manifest}EOF\nsim advance 40s\n"));
    let web0 = pod(&sim, "web-0").expect("web-0");
    assert_eq!(web0.kubectl_status(), "Init:CrashLoopBackOff");
    let restarts = web0.status.init_container_statuses[0].restart_count;
    assert!(restarts >= 2, "restarted with the back-off: {restarts}");
    assert!(pod(&sim, "web-1").is_none(), "OrderedReady waits for web-0");
    assert!(pod_events(&sim, "web-0")
        .iter()
        .any(|e| e.starts_with("Back-off restarting failed container setup in pod web-0_default(")));
    more(&mut sim, "sim image busybox:bad ok\nsim advance 6m\n");
    assert!(is_ready(&sim, "web-0"), "{}", pod(&sim, "web-0").map(|p| p.kubectl_status()).unwrap_or_default());
}

/// The API server deletes an event an hour after its last update (`--event-ttl`): the
/// start-up events of a quiet set are gone after an hour, and a repeated event is kept
/// an hour from its latest count.
#[test]
fn events_expire_an_hour_after_their_last_update() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    let events = |sim: &sts_engine::Simulation| sim.cluster().list::<sts_engine::api::Event>().len();
    assert!(events(&sim) > 5, "start-up events are kept");
    more(&mut sim, "sim advance 59m\n");
    assert!(events(&sim) > 5, "not before the hour");
    more(&mut sim, "kubectl delete pod web-0\nsim settle\n");
    let after_delete = events(&sim);
    more(&mut sim, "sim advance 2m\n");
    assert!(events(&sim) < after_delete, "the start-up events expired");
    assert!(events(&sim) > 0, "the delete's events are younger than an hour");
    more(&mut sim, "sim advance 61m\n");
    assert_eq!(events(&sim), 0, "every event expired");
}
