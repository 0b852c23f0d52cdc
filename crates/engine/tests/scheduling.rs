//! Where pods may run (issue 4, scheduler): cordon, taints and tolerations, node selectors
//! and required node affinity, and the `FailedScheduling` message worded as the real
//! scheduler words it (reasons counted per node, sorted as text).

mod common;

use common::*;

/// The tutorial with `spec` lines added to the pod template (indented for the template's
/// `spec:` block), scaled to `replicas`.
fn with_template(spec: &str, replicas: i64) -> String {
    let manifest = sts_engine::bundled::WEB_YAML
        .replace("    spec:\n      containers:", &format!("    spec:\n{spec}      containers:"));
    format!("kubectl apply -f - <<EOF\n{manifest}EOF\nkubectl scale sts web --replicas={replicas}\n")
}

fn nodes_of(sim: &sts_engine::Simulation) -> Vec<Option<String>> {
    pods_now(sim).iter().map(|n| pod(sim, n).and_then(|p| p.spec.node_name.clone())).collect()
}

#[test]
fn a_cordoned_node_takes_no_new_pods_and_shows_scheduling_disabled() {
    let (mut sim, out) = script("kubectl cordon node-2\nkubectl cordon node-3\nkubectl get nodes\n");
    assert!(out.contains("node-2   Ready,SchedulingDisabled"), "{out}");
    more(&mut sim, &format!("{}sim settle\n", with_template("", 3)));
    assert_eq!(nodes_of(&sim), vec![Some("node-1".to_string()); 3], "all on the one schedulable node");
    let out = more(&mut sim, "kubectl uncordon node-2\nkubectl uncordon node-2\n");
    assert!(
        out.contains("node/node-2 uncordoned\n$ kubectl uncordon node-2\nnode/node-2 already uncordoned\n"),
        "{out}"
    );
}

#[test]
fn a_taint_keeps_off_pods_that_do_not_tolerate_it() {
    let (mut sim, _) = script(
        "kubectl taint nodes node-1 dedicated=db:NoSchedule\nkubectl taint nodes node-2 dedicated=db:NoSchedule\n\
         kubectl taint nodes node-3 dedicated=db:NoSchedule\n",
    );
    more(&mut sim, &format!("{}sim advance 5s\n", with_template("", 1)));
    assert_eq!(nodes_of(&sim), [None], "nowhere to go");
    assert_eq!(
        pod_events(&sim, "web-0").last().map(String::as_str),
        Some("0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: db}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")
    );
    // The same set tolerating the taint is placed.
    let tolerant = with_template(
        "      tolerations:\n      - key: dedicated\n        operator: Equal\n        value: db\n        effect: NoSchedule\n",
        1,
    );
    more(&mut sim, &format!("{tolerant}kubectl delete pod web-0\nsim settle\n"));
    assert!(is_ready(&sim, "web-0"));
    let out = more(
        &mut sim,
        "kubectl taint nodes node-1 dedicated:NoSchedule-\nkubectl taint nodes node-1 dedicated:NoSchedule-\n",
    );
    assert!(out.contains("node/node-1 untainted\n"), "{out}");
    assert!(out.contains("error: taint \"dedicated:NoSchedule\" not found\n"), "{out}");
}

#[test]
fn node_selectors_and_required_affinity_pick_the_nodes() {
    let affinity = "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n\
                    \x20           nodeSelectorTerms:\n            - matchExpressions:\n              - key: topology.kubernetes.io/zone\n\
                    \x20               operator: In\n                values: [zone-b, zone-c]\n";
    let (sim, _) = script(&format!("{}sim settle\n", with_template(affinity, 4)));
    let nodes = nodes_of(&sim);
    assert!(nodes.iter().all(|n| matches!(n.as_deref(), Some("node-2" | "node-3"))), "{nodes:?}");

    let (sim, _) = script(&format!("{}sim advance 5s\n", with_template("      nodeSelector:\n        disk: ssd\n", 1)));
    assert_eq!(
        pod_events(&sim, "web-0").last().map(String::as_str),
        Some("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")
    );
    let (sim, _) = script(&format!(
        "kubectl label node node-3 disk=ssd\n{}sim settle\n",
        with_template("      nodeSelector:\n        disk: ssd\n", 2)
    ));
    assert_eq!(nodes_of(&sim), vec![Some("node-3".to_string()); 2]);
}

#[test]
fn every_pod_tolerates_a_failed_node_for_five_minutes() {
    let (sim, out) = script(&format!("{}sim settle\nkubectl describe pod web-0\n", with_template("", 1)));
    let tolerations: Vec<(Option<String>, Option<i64>)> = pod(&sim, "web-0")
        .expect("web-0")
        .spec
        .tolerations
        .iter()
        .map(|t| (t.key.clone(), t.toleration_seconds))
        .collect();
    assert_eq!(
        tolerations,
        [
            (Some("node.kubernetes.io/not-ready".to_string()), Some(300)),
            (Some("node.kubernetes.io/unreachable".to_string()), Some(300))
        ]
    );
    assert!(
        out.contains(
            "Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n\
             \x20                node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
        ),
        "{out}"
    );
}
