//! The EndpointSlice controller (`pkg/controller/endpointslice`): a Service with a
//! selector gets slices listing every selected pod that has an IP and is not in a
//! terminal phase, each endpoint marked ready only when the pod is Ready and not
//! terminating (or the Service publishes not-ready addresses), with the pod's hostname
//! when it lives under the Service's domain (behaviour document, section 1.5).
//!
//! As upstream, a slice holds at most [`MAX_ENDPOINTS_PER_SLICE`] endpoints, and a change
//! rewrites only the slices it touches (`reconcileByPortMapping`): changed endpoints are
//! replaced where they stand, removed ones dropped (an emptied slice is deleted), new ones
//! fill the slices already being rewritten, then the fullest untouched slice they all fit
//! in, then new slices; a Service without endpoints keeps one empty placeholder slice; a
//! slice about to be deleted is reused for one about to be created. Upstream appends new
//! endpoints in map order; here each slice is kept in natural name order, which makes the
//! result the same on every run and lets a changed pod be found by binary search.
//!
//! A pod change marks only that pod for the Services of its namespace, so a sync costs
//! what the change touched, not the size of the Service. A Service change, or a slice
//! changed by anyone but this controller, reconciles the whole Service.

use crate::api::endpointslice::{Endpoint, EndpointConditions, EndpointPort, SERVICE_NAME_LABEL};
use crate::api::meta::ObjectReference;
use crate::api::{EndpointSlice, ObjectMeta, Pod, Service};
use crate::cluster::{Change, ChangeOp};
use crate::flat_map::{FlatMap, FlatSet};
use crate::ordinal::natural_cmp;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use std::rc::Rc;

/// The label naming the controller that manages a slice.
pub const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";
/// This controller's value of [`MANAGED_BY_LABEL`].
pub const MANAGED_BY: &str = "endpointslice-controller.k8s.io";
/// kube-controller-manager's default `--max-endpoints-per-slice`.
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;

/// What a Service's slices need: a full reconcile, or only these pods looked at again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Work {
    /// Every pod of the Service and every slice it has.
    All,
    /// Only the endpoints of these pods (by name) may have changed.
    Pods(FlatSet<String>),
}

/// The controller's memory: the resourceVersion of each slice as it last wrote it, so
/// that its own writes coming back on the watch are told apart from anyone else's.
#[derive(Debug, Clone, Default)]
pub(crate) struct EndpointsState {
    written: FlatMap<ObjectKey, String>,
}

fn mark(sim: &mut Simulation, service: ObjectKey, work: Work) {
    let entry = sim.queues.endpoints.entry(service).or_insert(Work::Pods(FlatSet::new()));
    match (entry, work) {
        (Work::All, _) => {}
        (entry, Work::All) => *entry = Work::All,
        (Work::Pods(pods), Work::Pods(more)) => pods.extend(more),
    }
}

/// A pod changed: every Service of its namespace that has a selector looks at that pod
/// again (whether it is selected now or was listed before, the sync finds out).
pub(crate) fn on_pod_change(sim: &mut Simulation, change: &Change) {
    let services: Vec<ObjectKey> = sim
        .cluster
        .list::<Service>()
        .iter()
        .filter(|(k, svc)| k.namespace == change.key.namespace && !svc.spec.selector.is_empty())
        .map(|(k, _)| k.clone())
        .collect();
    for service in services {
        mark(sim, service, Work::Pods([change.key.name.clone()].into()));
    }
}

/// A Service changed: reconcile it whole.
pub(crate) fn on_service_change(sim: &mut Simulation, change: &Change) {
    mark(sim, change.key.clone(), Work::All);
}

/// A slice changed: if this controller did not make that change, its Service is
/// reconciled whole (a slice edited or deleted by hand is put right).
pub(crate) fn on_slice_change(sim: &mut Simulation, change: &Change) {
    let labels = &change.meta.labels;
    if labels.get(MANAGED_BY_LABEL).map(String::as_str) != Some(MANAGED_BY) {
        return;
    }
    let Some(service) = labels.get(SERVICE_NAME_LABEL) else { return };
    let own = match change.op {
        ChangeOp::Deleted => sim.endpoints.written.remove(&change.key).is_none(),
        _ => sim.endpoints.written.get(&change.key) == Some(&change.meta.resource_version),
    };
    if !own {
        mark(sim, ObjectKey::new(&change.key.namespace, service), Work::All);
    }
}

/// Brings the slices of every Service with work queued in line with its pods.
pub(crate) fn sync(sim: &mut Simulation) {
    for (key, work) in std::mem::take(&mut sim.queues.endpoints) {
        let Some(svc) = sim.cluster.list::<Service>().get_shared(&key) else { continue };
        if svc.spec.selector.is_empty() {
            continue;
        }
        sync_service(sim, &svc, work);
    }
}

fn sync_service(sim: &mut Simulation, svc: &Service, work: Work) {
    let ports = service_ports(svc);
    let existing: Vec<(ObjectKey, Rc<EndpointSlice>)> = sim
        .cluster
        .list::<EndpointSlice>()
        .iter_shared()
        .filter(|(k, s)| {
            k.namespace == svc.metadata.namespace
                && s.metadata.labels.get(SERVICE_NAME_LABEL) == Some(&svc.metadata.name)
                && s.metadata.labels.get(MANAGED_BY_LABEL).map(String::as_str) == Some(MANAGED_BY)
        })
        .collect();
    // Slices with other ports belong to an old port mapping; with endpoints in them only a
    // whole reconcile can move those endpoints.
    let full = work == Work::All || existing.iter().any(|(_, s)| s.ports != ports && !s.endpoints.is_empty());
    let candidates: FlatMap<String, Option<Endpoint>> = match &work {
        Work::Pods(pods) if !full => {
            crate::sorting::map_from(pods.iter().map(|name| (name.clone(), endpoint_of(sim, svc, name))))
        }
        _ => crate::sorting::map_from(
            sim.cluster
                .list::<Pod>()
                .values()
                .filter_map(|p| desired_endpoint(svc, p).map(|e| (p.metadata.name.clone(), Some(e)))),
        ),
    };
    let plan = reconcile(&existing, candidates, &ports, full);
    write(sim, svc, plan, &ports);
}

/// What one reconcile decided: slices to rewrite (by key, with their new endpoints and
/// ports), to create (endpoints; ports empty for the placeholder) and to delete.
#[derive(Debug, Default)]
struct Plan {
    update: Vec<(ObjectKey, Vec<Endpoint>, bool)>,
    create: Vec<(Vec<Endpoint>, bool)>,
    delete: Vec<ObjectKey>,
}

/// `reconcileByPortMapping` over `existing` slices (in name order). `candidates` are the
/// pods to look at, each with the endpoint it should have (None: it should not be
/// listed); in a `full` reconcile they are every pod that should be listed, and anything
/// else in the slices goes.
fn reconcile(
    existing: &[(ObjectKey, Rc<EndpointSlice>)],
    mut candidates: FlatMap<String, Option<Endpoint>>,
    ports: &[EndpointPort],
    full: bool,
) -> Plan {
    let mut plan = Plan::default();
    let mut unchanged: Vec<(&ObjectKey, usize)> = Vec::new();
    let mut to_update: Vec<(ObjectKey, Vec<Endpoint>)> = Vec::new();
    let mut placeholder: Option<&ObjectKey> = None;
    for (key, slice) in existing {
        let wrong_ports = slice.ports != ports;
        if wrong_ports && slice.endpoints.is_empty() {
            // An empty placeholder (or a slice of old ports that emptied): deleted, unless
            // it is still the placeholder the Service needs (decided below).
            plan.delete.push(key.clone());
            placeholder = placeholder.or(Some(key));
            continue;
        }
        let touched = full || candidates.keys().any(|name| position(slice, name).is_ok());
        if !touched {
            unchanged.push((key, slice.endpoints.len()));
            continue;
        }
        let mut kept = Vec::with_capacity(slice.endpoints.len());
        let mut changed = wrong_ports;
        for endpoint in &slice.endpoints {
            let name = endpoint.target_ref.as_ref().map(|r| r.name.as_str());
            match name.and_then(|n| candidates.remove(n)) {
                Some(Some(desired)) => {
                    changed |= desired != *endpoint;
                    kept.push(desired);
                }
                Some(None) => changed = true,
                // In a full reconcile anything not wanted (or listed twice) goes.
                None if full => changed = true,
                None => kept.push(endpoint.clone()),
            }
        }
        match (changed, kept.is_empty()) {
            (false, _) => unchanged.push((key, slice.endpoints.len())),
            (true, true) => plan.delete.push(key.clone()),
            (true, false) => to_update.push((key.clone(), kept)),
        }
    }
    let mut remaining: Vec<Endpoint> = candidates.into_values().flatten().collect();
    crate::sorting::sort_by(&mut remaining, by_target_name);
    let mut remaining = remaining.into_iter();
    // New endpoints fill the slices being rewritten first, fullest first (the first of
    // equally full ones).
    let mut filled = vec![false; to_update.len()];
    while let Some(i) = fullest(to_update.iter().map(|(_, eps)| eps.len()).enumerate().filter(|(i, _)| !filled[*i])) {
        filled[i] = true;
        let eps = &mut to_update[i].1;
        while eps.len() < MAX_ENDPOINTS_PER_SLICE {
            let Some(e) = remaining.next() else { break };
            eps.push(e);
        }
    }
    let mut remaining: Vec<Endpoint> = remaining.collect();
    // Then the fullest untouched slice they all fit in.
    if !remaining.is_empty() && remaining.len() < MAX_ENDPOINTS_PER_SLICE {
        let fits = |(_, (_, len)): &(usize, &(&ObjectKey, usize))| len + remaining.len() <= MAX_ENDPOINTS_PER_SLICE;
        let candidates = unchanged.iter().enumerate().filter(fits).map(|(i, (_, len))| (i, *len));
        if let Some(i) = fullest(candidates) {
            let (key, _) = unchanged.remove(i);
            let slice = existing.iter().find(|(k, _)| k == key).map(|(_, s)| s);
            let mut eps = slice.map(|s| s.endpoints.clone()).unwrap_or_default();
            eps.append(&mut remaining);
            to_update.push((key.clone(), eps));
        }
    }
    // Then new slices.
    while !remaining.is_empty() {
        let rest = remaining.split_off(remaining.len().min(MAX_ENDPOINTS_PER_SLICE));
        plan.create.push((std::mem::replace(&mut remaining, rest), true));
    }
    plan.update = to_update
        .into_iter()
        .map(|(k, mut eps)| {
            crate::sorting::sort_by(&mut eps, by_target_name);
            (k, eps, true)
        })
        .collect();
    // A Service with no endpoints keeps one empty slice with no ports.
    if existing.len() == plan.delete.len() && plan.create.is_empty() {
        match (plan.delete.len(), placeholder) {
            (1, Some(_)) => plan.delete.clear(),
            _ => plan.create.push((Vec::new(), false)),
        }
    }
    // `finalize`: a slice about to be deleted is reused for one about to be created.
    while !plan.create.is_empty() && !plan.delete.is_empty() {
        let (Some(key), Some((eps, with_ports))) = (plan.delete.pop(), plan.create.pop()) else { break };
        plan.update.push((key, eps, with_ports));
    }
    plan
}

/// Carries out a plan, remembering the resourceVersion of each write.
fn write(sim: &mut Simulation, svc: &Service, plan: Plan, ports: &[EndpointPort]) {
    for key in plan.delete {
        sim.endpoints.written.remove(&key);
        let _ = sim.cluster.remove::<EndpointSlice>(&key);
    }
    let ports_of = |with_ports: bool| if with_ports { ports.to_vec() } else { Vec::new() };
    for (key, endpoints, with_ports) in plan.update {
        let Some(slice) = sim.cluster.get::<EndpointSlice>(&key) else { continue };
        let mut slice = slice.clone();
        slice.endpoints = endpoints;
        slice.ports = ports_of(with_ports);
        if let Ok(written) = sim.cluster.update(slice) {
            sim.endpoints.written.insert(key, written.metadata.resource_version.clone());
        }
    }
    for (endpoints, with_ports) in plan.create {
        let slice = new_slice(svc, endpoints, ports_of(with_ports));
        if let Ok(created) = sim.cluster.create(slice) {
            let key = ObjectKey::new(&created.metadata.namespace, &created.metadata.name);
            sim.endpoints.written.insert(key, created.metadata.resource_version.clone());
        }
    }
}

fn new_slice(svc: &Service, endpoints: Vec<Endpoint>, ports: Vec<EndpointPort>) -> EndpointSlice {
    EndpointSlice {
        metadata: ObjectMeta {
            generate_name: Some(format!("{}-", svc.metadata.name)),
            namespace: svc.metadata.namespace.clone(),
            labels: [
                (SERVICE_NAME_LABEL.to_string(), svc.metadata.name.clone()),
                (MANAGED_BY_LABEL.to_string(), MANAGED_BY.to_string()),
            ]
            .into(),
            owner_references: vec![crate::api::controller_ref_to(svc)],
            ..Default::default()
        },
        address_type: "IPv4".into(),
        endpoints,
        ports,
        ..Default::default()
    }
}

fn service_ports(svc: &Service) -> Vec<EndpointPort> {
    svc.spec
        .ports
        .iter()
        .map(|p| EndpointPort {
            name: p.name.clone().or_else(|| Some(String::new())),
            port: p.port,
            protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
        })
        .collect()
}

/// The index of the largest length, the first of equals.
fn fullest(lengths: impl Iterator<Item = (usize, usize)>) -> Option<usize> {
    lengths
        .fold(None, |best: Option<(usize, usize)>, (i, len)| match best {
            Some((_, b)) if b >= len => best,
            _ => Some((i, len)),
        })
        .map(|(i, _)| i)
}

/// Natural order of the endpoints' pod names (one comparison function for every sort).
fn by_target_name(a: &Endpoint, b: &Endpoint) -> std::cmp::Ordering {
    natural_cmp(target_name(a), target_name(b)).then_with(|| target_name(a).cmp(target_name(b)))
}

fn target_name(e: &Endpoint) -> &str {
    e.target_ref.as_ref().map_or("", |r| r.name.as_str())
}

/// Where the pod `name` stands in a slice kept in natural order.
fn position(slice: &EndpointSlice, name: &str) -> Result<usize, usize> {
    slice.endpoints.binary_search_by(|e| natural_cmp(target_name(e), name).then_with(|| target_name(e).cmp(name)))
}

fn endpoint_of(sim: &Simulation, svc: &Service, pod: &str) -> Option<Endpoint> {
    let pod = sim.cluster.get::<Pod>(&ObjectKey::new(&svc.metadata.namespace, pod))?;
    desired_endpoint(svc, pod)
}

/// The endpoint `pod` should have in `svc`'s slices, if it should be listed
/// (`ShouldPodBeInEndpoints`, `podToEndpoint`).
fn desired_endpoint(svc: &Service, p: &Pod) -> Option<Endpoint> {
    let listed = p.metadata.namespace == svc.metadata.namespace
        && svc.spec.selector.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v))
        && !p.is_terminal()
        && p.status.pod_ip.is_some();
    if !listed {
        return None;
    }
    let terminating = p.metadata.is_terminating();
    let serving = p.is_ready();
    let hostname = match (&p.spec.hostname, &p.spec.subdomain) {
        (Some(h), Some(sub)) if *sub == svc.metadata.name => Some(h.clone()),
        _ => None,
    };
    let publish_not_ready = svc.spec.publish_not_ready_addresses == Some(true);
    Some(Endpoint {
        addresses: p.status.pod_ip.iter().cloned().collect(),
        conditions: EndpointConditions { ready: publish_not_ready || (serving && !terminating), serving, terminating },
        hostname,
        node_name: p.spec.node_name.clone(),
        target_ref: Some(ObjectReference {
            kind: "Pod".into(),
            namespace: p.metadata.namespace.clone(),
            name: p.metadata.name.clone(),
            uid: p.metadata.uid.clone(),
            ..Default::default()
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(name: &str, ready: bool) -> Endpoint {
        Endpoint {
            addresses: vec![format!("10.0.0.{}", name.len())],
            conditions: EndpointConditions { ready, serving: ready, terminating: false },
            target_ref: Some(ObjectReference { kind: "Pod".into(), name: name.into(), ..Default::default() }),
            ..Default::default()
        }
    }

    fn port() -> Vec<EndpointPort> {
        vec![EndpointPort { name: Some("web".into()), port: 80, protocol: "TCP".into() }]
    }

    fn slice(name: &str, pods: impl IntoIterator<Item = String>) -> (ObjectKey, Rc<EndpointSlice>) {
        let eps = pods.into_iter().map(|p| endpoint(&p, true)).collect();
        (ObjectKey::default_ns(name), Rc::new(EndpointSlice { endpoints: eps, ports: port(), ..Default::default() }))
    }

    fn names(n: std::ops::Range<usize>) -> impl Iterator<Item = String> {
        n.map(|i| format!("web-{i}"))
    }

    #[test]
    fn many_endpoints_are_split_into_slices_of_one_hundred() {
        let candidates = names(0..250).map(|n| (n.clone(), Some(endpoint(&n, true)))).collect();
        let plan = reconcile(&[], candidates, &port(), true);
        let sizes: Vec<usize> = plan.create.iter().map(|(e, _)| e.len()).collect();
        assert_eq!(sizes, [100, 100, 50]);
        assert_eq!(target_name(&plan.create[0].0[0]), "web-0");
        assert_eq!(target_name(&plan.create[2].0[49]), "web-249");
    }

    #[test]
    fn a_changed_pod_rewrites_only_its_own_slice() {
        let existing = [slice("a", names(0..100)), slice("b", names(100..150))];
        let candidates = [("web-120".to_string(), Some(endpoint("web-120", false)))].into();
        let plan = reconcile(&existing, candidates, &port(), false);
        assert_eq!(plan.update.len(), 1);
        assert_eq!(plan.update[0].0.name, "b");
        assert!(!plan.update[0].1[20].conditions.ready);
        assert!(plan.create.is_empty() && plan.delete.is_empty());
    }

    #[test]
    fn a_new_pod_goes_into_the_fullest_slice_it_fits() {
        let existing = [slice("a", names(0..100)), slice("b", names(100..140)), slice("c", names(140..190))];
        let candidates = [("web-190".to_string(), Some(endpoint("web-190", true)))].into();
        let plan = reconcile(&existing, candidates, &port(), false);
        assert_eq!(plan.update.len(), 1);
        assert_eq!(plan.update[0].0.name, "c", "c has 50, b 40; a is full");
        assert_eq!(plan.update[0].1.len(), 51);
    }

    #[test]
    fn the_last_endpoint_leaves_an_empty_placeholder_in_the_same_slice() {
        let existing = [slice("a", names(0..1))];
        let plan = reconcile(&existing, [("web-0".to_string(), None)].into(), &port(), false);
        assert!(plan.delete.is_empty() && plan.create.is_empty());
        assert_eq!(plan.update.len(), 1);
        assert_eq!(plan.update[0].0.name, "a", "the slice is reused, not deleted and re-created");
        assert!(plan.update[0].1.is_empty() && !plan.update[0].2, "no endpoints, no ports");
    }

    #[test]
    fn a_full_reconcile_drops_what_is_no_longer_wanted() {
        let existing = [slice("a", names(0..3))];
        let candidates = [("web-0".to_string(), Some(endpoint("web-0", true)))].into();
        let plan = reconcile(&existing, candidates, &port(), true);
        assert_eq!(plan.update.len(), 1);
        assert_eq!(plan.update[0].1.len(), 1);
    }

    #[test]
    fn an_untouched_service_writes_nothing() {
        let existing = [slice("a", names(0..3))];
        let plan = reconcile(&existing, [("web-7".to_string(), None)].into(), &port(), false);
        assert!(plan.update.is_empty() && plan.create.is_empty() && plan.delete.is_empty());
    }
}
