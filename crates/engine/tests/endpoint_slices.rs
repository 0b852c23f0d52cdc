//! EndpointSlices at the size where one slice is not enough: at most 100 endpoints per
//! slice, every ready pod listed exactly once across the slices, a change rewriting only
//! the slice it touches, and an empty placeholder slice once no pod is left.

mod common;

use common::*;
use std::collections::BTreeSet;
use sts_engine::api::{EndpointSlice, Pod};
use sts_engine::dns::{records, RecordType};
use sts_engine::Simulation;

const DOMAIN: &str = "nginx.default.svc.cluster.local";

fn slices(sim: &Simulation) -> Vec<&EndpointSlice> {
    sim.cluster().list::<EndpointSlice>().values().collect()
}

/// Every slice within the limit, every pod with an IP listed once, readiness as the pod's.
fn check_slices(sim: &Simulation) {
    let mut listed = BTreeSet::new();
    for slice in slices(sim) {
        assert!(slice.endpoints.len() <= 100, "{} has {}", slice.metadata.name, slice.endpoints.len());
        for e in &slice.endpoints {
            let name = e.target_ref.as_ref().map(|r| r.name.clone()).unwrap_or_default();
            let pod = sim.cluster().get::<Pod>(&sts_engine::ObjectKey::default_ns(&name)).expect("a listed pod exists");
            assert_eq!(e.conditions.ready, pod.is_ready() && !pod.metadata.is_terminating(), "{name}");
            assert!(listed.insert(name.clone()), "{name} listed twice");
        }
    }
    let with_ip: BTreeSet<String> = sim
        .cluster()
        .list::<Pod>()
        .values()
        .filter(|p| p.status.pod_ip.is_some() && !p.is_terminal())
        .map(|p| p.metadata.name.clone())
        .collect();
    assert_eq!(listed, with_ip);
}

fn sizes(sim: &Simulation) -> Vec<usize> {
    let mut sizes: Vec<usize> = slices(sim).iter().map(|s| s.endpoints.len()).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes
}

#[test]
fn two_hundred_fifty_pods_fill_three_slices_and_changes_touch_one() {
    let (mut sim, _) = script("kubectl apply -f web-parallel.yaml\nkubectl scale sts web --replicas=250\nsim settle\n");
    check_slices(&sim);
    assert_eq!(sizes(&sim), [100, 100, 50]);
    // The DNS answers in name order whatever slice a pod is in.
    let service = records(sim.cluster()).into_iter().find(|r| r.name == DOMAIN && r.type_ == RecordType::A);
    assert_eq!(service.map(|r| r.answers.len()), Some(250));
    let hosts: Vec<String> = records(sim.cluster())
        .into_iter()
        .filter(|r| r.type_ == RecordType::A && r.name != DOMAIN)
        .map(|r| r.name.trim_end_matches(&format!(".{DOMAIN}")).to_string())
        .collect();
    assert_eq!(hosts, (0..250).map(|i| format!("web-{i}")).collect::<Vec<_>>());

    // A pod turning unready rewrites only the slice it is in.
    let before: Vec<(String, String)> =
        slices(&sim).iter().map(|s| (s.metadata.name.clone(), s.metadata.resource_version.clone())).collect();
    more(&mut sim, "sim pod unready web-170\nsim advance 1m\n");
    assert!(!pod(&sim, "web-170").is_some_and(|p| p.is_ready()));
    let after: Vec<(String, String)> =
        slices(&sim).iter().map(|s| (s.metadata.name.clone(), s.metadata.resource_version.clone())).collect();
    let rewritten = before.iter().zip(&after).filter(|(b, a)| b != a).count();
    assert_eq!(rewritten, 1, "{before:?} → {after:?}");
    check_slices(&sim);

    // Scaling down empties slices, which go; the rest stay within the limit.
    more(&mut sim, "kubectl scale sts web --replicas=120\nsim settle\n");
    check_slices(&sim);
    assert_eq!(sizes(&sim).iter().sum::<usize>(), 120);
    more(&mut sim, "kubectl scale sts web --replicas=230\nsim settle\n");
    check_slices(&sim);
    assert_eq!(sizes(&sim).iter().sum::<usize>(), 230);

    // No pod left: one empty placeholder slice, without ports.
    more(&mut sim, "kubectl scale sts web --replicas=0\nsim settle\n");
    let left = slices(&sim);
    assert_eq!(left.len(), 1, "{:?}", left.iter().map(|s| &s.metadata.name).collect::<Vec<_>>());
    assert!(left[0].endpoints.is_empty() && left[0].ports.is_empty());
    let out = more(&mut sim, "kubectl get endpointslices\n");
    assert!(out.contains("IPv4          <unset>   <unset>"), "{out}");
}

#[test]
fn a_slice_deleted_by_hand_is_put_back() {
    let (mut sim, _) = script("kubectl apply -f web-parallel.yaml\nkubectl scale sts web --replicas=150\nsim settle\n");
    let victim = slices(&sim).iter().find(|s| s.endpoints.len() == 50).map(|s| s.metadata.name.clone()).expect("50");
    more(&mut sim, &format!("kubectl delete endpointslice {victim}\n"));
    check_slices(&sim);
    assert_eq!(sizes(&sim), [100, 50]);
    assert!(slices(&sim).iter().all(|s| s.metadata.name != victim), "a new slice, with a new name");
}
