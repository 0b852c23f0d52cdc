//! PodDisruptionBudgets (policy/v1): the disruption controller's counts, the Eviction
//! API's answers, and `kubectl drain` retrying a refused eviction as kubectl does.

mod common;

use common::{more, script};
use sts_engine::api::PodDisruptionBudget;
use sts_engine::{ObjectKey, Simulation};

/// The `web` set of the tutorial at `replicas`, settled, with a budget whose spec lines
/// are `bound` (e.g. `maxUnavailable: 1`).
fn web_with_budget(replicas: u32, bound: &str) -> Simulation {
    let (mut sim, _) =
        script(&format!("kubectl apply -f web.yaml\nkubectl scale sts web --replicas={replicas}\nsim settle\n"));
    let out = more(&mut sim, &budget_manifest("web-pdb", bound));
    assert!(out.contains("\npoddisruptionbudget.policy/web-pdb created\n"), "{out}");
    sim
}

fn budget_manifest(name: &str, bound: &str) -> String {
    format!(
        "kubectl apply -f - <<EOF\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {name}\nspec:\n  {bound}\n  selector:\n    matchLabels:\n      app: nginx\nEOF\n"
    )
}

fn status(sim: &Simulation, name: &str) -> (i32, i32, i32, i32) {
    let b = sim.cluster().get::<PodDisruptionBudget>(&ObjectKey::default_ns(name)).expect("the budget exists");
    let s = b.status.clone().unwrap_or_default();
    (s.expected_pods, s.desired_healthy, s.current_healthy, s.disruptions_allowed)
}

/// The four ways to write a bound, each counted as the disruption controller counts it
/// (expected, desired, current, allowed).
#[test]
fn the_controller_counts_each_kind_of_bound() {
    for (bound, counts) in [
        ("maxUnavailable: 1", (3, 2, 3, 1)),
        ("maxUnavailable: 50%", (3, 1, 3, 2)), // 50% of 3 rounds up to 2
        ("minAvailable: 2", (3, 2, 3, 1)),
        ("minAvailable: 50%", (3, 2, 3, 1)), // 50% of 3 rounds up to 2
        ("minAvailable: 3", (3, 3, 3, 0)),
        ("maxUnavailable: 0", (3, 3, 3, 0)),
    ] {
        let sim = web_with_budget(3, bound);
        assert_eq!(status(&sim, "web-pdb"), counts, "{bound}");
    }
}

#[test]
fn a_pod_that_is_not_ready_is_not_healthy_and_scaling_moves_the_expected_count() {
    let mut sim = web_with_budget(3, "maxUnavailable: 1");
    more(&mut sim, "sim pod unready web-1\nsim settle\n");
    assert_eq!(status(&sim, "web-pdb"), (3, 2, 2, 0));
    more(&mut sim, "sim pod ready web-1\nkubectl scale sts web --replicas=5\nsim settle\n");
    assert_eq!(status(&sim, "web-pdb"), (5, 4, 5, 1));
}

#[test]
fn get_and_describe_print_kubectls_columns_and_fields() {
    let mut sim = web_with_budget(3, "maxUnavailable: 1");
    let out = more(&mut sim, "kubectl get pdb\nkubectl describe pdb web-pdb\n");
    assert!(
        out.contains(
            "NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nweb-pdb   N/A             1                 1                     0s\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Name:             web-pdb\nNamespace:        default\nMax unavailable:  1\nSelector:         app=nginx\nStatus:\n    Allowed disruptions:  1\n    Current:              3\n    Desired:              2\n    Total:                3\nEvents:                   <none>\n"
        ),
        "{out}"
    );
}

/// The ZooKeeper tutorial's lesson: drain refuses to evict while the budget allows no
/// disruption, and retries every 5 s until the evicted pod's replacement is Ready.
#[test]
fn drain_retries_a_refused_eviction_until_the_replacement_is_ready() {
    let mut sim = web_with_budget(3, "maxUnavailable: 1");
    let node_of =
        |sim: &Simulation, pod: &str| common::pod(sim, pod).and_then(|p| p.spec.node_name.clone()).expect("scheduled");
    let first = node_of(&sim, "web-0");
    let out = more(&mut sim, &format!("kubectl drain {first} --ignore-daemonsets\n"));
    assert!(out.ends_with(&format!("evicting pod default/web-0\npod/web-0 evicted\nnode/{first} drained\n")), "{out}");
    assert_eq!(status(&sim, "web-pdb").3, 0, "web-0's replacement is not Ready yet");

    let second = node_of(&sim, "web-1");
    let out = more(&mut sim, &format!("kubectl drain {second} --ignore-daemonsets\n"));
    let refusal = "evicting pod default/web-1\nerror when evicting pods/\"web-1\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n";
    assert!(
        out.ends_with(&format!("{refusal}evicting pod default/web-1\npod/web-1 evicted\nnode/{second} drained\n")),
        "refused, then let through 5 s later: {out}"
    );
    assert!(common::is_ready(&sim, "web-0"), "the eviction went through once web-0 was back");
}

#[test]
fn drain_stops_where_only_the_user_can_make_room_and_times_out_as_kubectl_does() {
    let mut sim = web_with_budget(2, "minAvailable: 2");
    let node = common::pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone()).expect("scheduled");
    let out = more(&mut sim, &format!("kubectl drain {node}\n"));
    assert!(out.contains("sim: kubectl would go on retrying every 5s until you press Ctrl-C"), "{out}");
    assert!(common::is_ready(&sim, "web-1"), "web-1 stays");
    assert!(!out.contains("drained"), "{out}");

    let out = more(&mut sim, &format!("kubectl drain {node} --timeout=1m\n"));
    let error = "error when evicting pods/\"web-1\" -n \"default\": global timeout reached: 1m0s";
    assert!(out.contains("sim: kubectl printed those two lines 9 more times, every 5s\n"), "{out}");
    assert!(
        out.ends_with(&format!(
            "There are pending pods in node \"{node}\" when an error occurred: {error}\npod/web-1\nerror: unable to drain node \"{node}\" due to error: {error}, continuing command...\nThere are pending nodes to be drained:\n {node}\nerror: {error}\n"
        )),
        "{out}"
    );
}

#[test]
fn a_pod_that_is_not_ready_may_go_while_the_budget_is_met_or_always_under_always_allow() {
    // Three of four pods healthy, three needed: web-3 is not ready, and the budget is met.
    let mut sim = web_with_budget(4, "minAvailable: 3");
    more(&mut sim, "sim pod unready web-3\nsim settle\n");
    assert_eq!(status(&sim, "web-pdb"), (4, 3, 3, 0));
    let node = common::pod(&sim, "web-3").and_then(|p| p.spec.node_name.clone()).expect("scheduled");
    let out = more(&mut sim, &format!("kubectl drain {node} --timeout=20s\n"));
    assert!(out.contains("pod/web-3 evicted\n"), "an unready pod goes without using the budget: {out}");

    // With fewer healthy than desired, only AlwaysAllow lets an unready pod go.
    let mut sim = web_with_budget(2, "minAvailable: 2");
    more(&mut sim, "sim pod unready web-1\nsim settle\n");
    let node = common::pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone()).expect("scheduled");
    let out = more(&mut sim, &format!("kubectl drain {node} --timeout=10s\n"));
    assert!(out.contains("Cannot evict pod as it would violate the pod's disruption budget."), "{out}");
    more(&mut sim, &format!("kubectl uncordon {node}\n"));
    more(&mut sim, &budget_manifest("web-pdb", "minAvailable: 2\n  unhealthyPodEvictionPolicy: AlwaysAllow"));
    let out = more(&mut sim, &format!("kubectl drain {node} --timeout=10s\n"));
    assert!(out.contains("pod/web-1 evicted\n"), "{out}");
}

#[test]
fn two_budgets_over_one_pod_make_its_eviction_an_error() {
    let mut sim = web_with_budget(2, "maxUnavailable: 1");
    more(&mut sim, &budget_manifest("second", "maxUnavailable: 1"));
    let node = common::pod(&sim, "web-0").and_then(|p| p.spec.node_name.clone()).expect("scheduled");
    let out = more(&mut sim, &format!("kubectl drain {node}\n"));
    let error = "error when evicting pods/\"web-0\" -n \"default\": Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
    assert!(out.ends_with(&format!("There are pending nodes to be drained:\n {node}\nerror: {error}\n")), "{out}");
}

#[test]
fn an_invalid_budget_is_refused_naming_its_field() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\n");
    for (bound, error) in [
        ("maxUnavailable: 1\n  minAvailable: 1", "spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(…), Selector:(*v1.LabelSelector)(…), MaxUnavailable:(*intstr.IntOrString)(…), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set"),
        ("minAvailable: 120%", "spec.minAvailable: Invalid value: \"120%\": must not be greater than 100%"),
        ("maxUnavailable: -1", "spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"),
        ("unhealthyPodEvictionPolicy: Sometimes", "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Sometimes\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\""),
    ] {
        let out = more(&mut sim, &budget_manifest("bad", bound));
        assert!(out.contains(&format!("The PodDisruptionBudget \"bad\" is invalid: {error}\n")), "{bound}: {out}");
        assert!(sim.cluster().get::<PodDisruptionBudget>(&ObjectKey::default_ns("bad")).is_none());
    }
    let out = more(&mut sim, &budget_manifest("typo", "maxUnavailabel: 1"));
    assert!(out.contains("strict decoding error: unknown field \"spec.maxUnavailabel\""), "{out}");
}

#[test]
fn a_deployments_budget_expects_the_deployments_replicas() {
    let (mut sim, _) = script("kubectl apply -f web-deployment.yaml\nsim settle\n");
    let replicas = sim.cluster().list::<sts_engine::api::Deployment>().values().next().map(|d| d.replicas());
    let out = more(
        &mut sim,
        "kubectl apply -f - <<EOF\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: d\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web-stateless\nEOF\nkubectl get pdb d -o yaml\n",
    );
    let expected = replicas.expect("a deployment");
    assert!(out.contains(&format!("expectedPods: {expected}\n")), "{out}");
}
