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

/// The tutorial with `resources` lines added to its container, scaled to `replicas`.
fn with_resources(resources: &str, replicas: i64) -> String {
    with_template("", replicas).replace(
        "        image: registry.k8s.io/nginx-slim:0.7\n",
        &format!("        image: registry.k8s.io/nginx-slim:0.7\n        resources:\n{resources}"),
    )
}

#[test]
fn requests_are_fitted_against_node_capacity_and_the_rest_wait_insufficient() {
    // Each node has 4 CPUs: three pods asking for 3 take one node each; a fourth fits nowhere.
    let (mut sim, _) =
        script(&format!("{}sim settle\n", with_resources("          requests:\n            cpu: 3\n", 3)));
    let mut placed = nodes_of(&sim);
    placed.sort();
    assert_eq!(placed, vec![Some("node-1".into()), Some("node-2".into()), Some("node-3".into())]);
    more(&mut sim, "kubectl scale sts web --replicas=4\nsim advance 20s\n");
    assert_eq!(pod(&sim, "web-3").map(|p| p.kubectl_status()).as_deref(), Some("Pending"));
    assert_eq!(
        pod_events(&sim, "web-3").last().map(String::as_str),
        Some("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.")
    );
    // A fourth node makes room.
    more(&mut sim, "sim node add node-4\nsim settle\n");
    assert!(is_ready(&sim, "web-3"));
    assert_eq!(pod(&sim, "web-3").and_then(|p| p.spec.node_name.clone()).as_deref(), Some("node-4"));
}

#[test]
fn memory_and_cpu_shortages_are_both_named_and_quantities_are_checked() {
    let (sim, _) = script(&format!(
        "{}sim advance 20s\n",
        with_resources("          requests:\n            cpu: \"5\"\n            memory: 20Gi\n", 1)
    ));
    assert_eq!(
        pod_events(&sim, "web-0").last().map(String::as_str),
        Some("0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.")
    );
    let (_, out) = script(&with_resources("          requests:\n            cpu: lots\n", 1));
    assert!(
        out.contains("StatefulSet in version \"v1\" cannot be handled as a StatefulSet: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
        "{out}"
    );
}

/// Required anti-affinity of the set's pods to each other, per `topology_key`.
fn anti_affinity(topology_key: &str) -> String {
    format!(
        "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - labelSelector:\n              matchLabels:\n                app: nginx\n            topologyKey: {topology_key}\n"
    )
}

#[test]
fn required_anti_affinity_puts_one_pod_per_node_and_leaves_the_rest_pending() {
    let (mut sim, _) = script(&format!("{}sim settle\n", with_template(&anti_affinity("kubernetes.io/hostname"), 4)));
    let placed: Vec<Option<String>> =
        ["web-0", "web-1", "web-2"].iter().map(|n| pod(&sim, n).and_then(|p| p.spec.node_name.clone())).collect();
    let distinct: std::collections::BTreeSet<_> = placed.iter().flatten().collect();
    assert_eq!(distinct.len(), 3, "one per node: {placed:?}");
    assert_eq!(pod(&sim, "web-3").map(|p| p.kubectl_status()).as_deref(), Some("Pending"));
    assert_eq!(
        pod_events(&sim, "web-3").last().map(String::as_str),
        Some("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.")
    );
    more(&mut sim, "sim node add node-4\nsim settle\n");
    assert!(is_ready(&sim, "web-3"));
}

#[test]
fn placed_pods_anti_affinity_keeps_matching_newcomers_away() {
    // The set's pods repel any pod labelled app=nginx per zone; a lone pod with that
    // label then fits only the zone without one.
    let (mut sim, _) =
        script(&format!("{}sim settle\n", with_template(&anti_affinity("topology.kubernetes.io/zone"), 2)));
    let used: std::collections::BTreeSet<String> = nodes_of(&sim).into_iter().flatten().collect();
    more(
        &mut sim,
        "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: stray\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: nginx\n      role: stray\n  template:\n    metadata:\n      labels:\n        app: nginx\n        role: stray\n    spec:\n      containers:\n      - name: c\n        image: nginx\nEOF\nsim settle\n",
    );
    let stray = sim
        .cluster()
        .list::<sts_engine::api::Pod>()
        .values()
        .find(|p| p.metadata.name.starts_with("stray-"))
        .and_then(|p| p.spec.node_name.clone())
        .expect("the stray pod is placed");
    assert!(!used.contains(&stray), "{stray} is in a zone without a web pod ({used:?})");
    // Now the set cannot grow: the free zone holds a pod its own anti-affinity repels.
    more(&mut sim, "kubectl scale sts web --replicas=3\nsim advance 10s\n");
    assert_eq!(
        pod_events(&sim, "web-2").last().map(String::as_str),
        Some("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.")
    );
    // And with a web pod in every zone, another app=nginx pod fits nowhere.
    more(&mut sim, "kubectl delete rs stray\nsim settle\n");
    assert!(is_ready(&sim, "web-2"), "the zone is free again");
    more(&mut sim, "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: lone\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: nginx\n      role: lone\n  template:\n    metadata:\n      labels:\n        app: nginx\n        role: lone\n    spec:\n      containers:\n      - name: c\n        image: nginx\nEOF\nsim advance 10s\n");
    let lone_pod = sim
        .cluster()
        .list::<sts_engine::api::Pod>()
        .values()
        .find(|p| p.metadata.name.starts_with("lone-"))
        .map(|p| p.metadata.name.clone())
        .expect("the ReplicaSet made its pod");
    let lone = pod_events(&sim, &lone_pod).last().cloned().unwrap_or_default();
    assert!(
        lone.starts_with("0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules."),
        "{lone}"
    );
}

#[test]
fn required_pod_affinity_follows_the_first_pod_of_the_group() {
    let affinity = "      affinity:\n        podAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - labelSelector:\n              matchLabels:\n                app: nginx\n            topologyKey: topology.kubernetes.io/zone\n";
    let (sim, _) = script(&format!("{}sim settle\n", with_template(affinity, 3)));
    let nodes: std::collections::BTreeSet<String> = nodes_of(&sim).into_iter().flatten().collect();
    assert_eq!(nodes.len(), 1, "every pod in the first pod's zone (one node per zone): {nodes:?}");
    assert!(["web-0", "web-1", "web-2"].iter().all(|n| is_ready(&sim, n)));
}

#[test]
fn applying_a_node_adds_it_or_sets_its_labels_and_taints() {
    let node = |name: &str, extra: &str| {
        format!("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\n  labels:\n    disk: ssd\n    topology.kubernetes.io/zone: zone-d\n{extra}EOF\n")
    };
    let (mut sim, out) = script(&node("node-9", ""));
    assert!(out.contains("node/node-9 created"), "{out}");
    let added =
        sim.cluster().get::<sts_engine::api::Node>(&sts_engine::ObjectKey::cluster_scoped("node-9")).expect("node");
    assert!(added.is_ready());
    assert_eq!(added.zone(), Some("zone-d"));
    // A set that needs an ssd goes there.
    more(&mut sim, &format!("{}sim settle\n", with_template("      nodeSelector:\n        disk: ssd\n", 2)));
    assert_eq!(nodes_of(&sim), vec![Some("node-9".to_string()); 2]);
    // Applying it again with a NoExecute taint evicts what does not tolerate it.
    let out = more(&mut sim, &node("node-9", "spec:\n  taints:\n  - key: maintenance\n    effect: NoExecute\n"));
    assert!(out.contains("node/node-9 configured"), "{out}");
    more(&mut sim, "sim advance 5s\n");
    assert!(pod(&sim, "web-0").is_none_or(|p| p.metadata.is_terminating() || p.spec.node_name.is_none()), "evicted");
}
