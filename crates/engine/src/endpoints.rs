//! The EndpointSlice controller: one slice per Service with a selector, listing every
//! selected pod that has an IP and is not in a terminal phase, each marked ready only
//! when the pod is Ready and not terminating (or the Service publishes not-ready
//! addresses), with the pod's hostname when it lives under the Service's domain.

use crate::api::endpointslice::{Endpoint, EndpointConditions, EndpointPort, SERVICE_NAME_LABEL};
use crate::api::meta::ObjectReference;
use crate::api::{EndpointSlice, ObjectMeta, Pod, Service};
use crate::ordinal::natural_key;
use crate::simulation::Simulation;
use crate::store::ObjectKey;

const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";
const MANAGED_BY: &str = "endpointslice-controller.k8s.io";

/// Marks the Services a pod change concerns (those whose selector matches the pod's
/// labels) for recomputation.
/// A Service that does not select the pod any more but still lists it (its labels
/// changed) is marked too.
pub(crate) fn on_pod_change(sim: &mut Simulation, change: &crate::cluster::Change) {
    let dirty: Vec<ObjectKey> = sim
        .cluster
        .list::<Service>()
        .iter()
        .filter(|(k, svc)| {
            k.namespace == change.key.namespace && !svc.spec.selector.is_empty() && {
                let selects = svc.spec.selector.iter().all(|(l, v)| change.meta.labels.get(l) == Some(v));
                selects || lists_pod(sim, svc, &change.key.name)
            }
        })
        .map(|(k, _)| k.clone())
        .collect();
    sim.queues.endpoints.extend(dirty);
}

fn lists_pod(sim: &Simulation, svc: &Service, pod: &str) -> bool {
    slice_key(sim, svc)
        .and_then(|k| sim.cluster.get::<EndpointSlice>(&k))
        .is_some_and(|s| s.endpoints.iter().any(|e| e.target_ref.as_ref().is_some_and(|r| r.name == pod)))
}

/// Brings the slices of the Services marked dirty in line with their pods, and removes
/// slices whose Service is gone.
pub(crate) fn sync(sim: &mut Simulation) {
    let dirty = std::mem::take(&mut sim.queues.endpoints);
    let services: Vec<Service> = dirty.iter().filter_map(|k| sim.cluster.get::<Service>(k).cloned()).collect();
    for svc in &services {
        if svc.spec.selector.is_empty() {
            continue;
        }
        let endpoints = desired_endpoints(sim, svc);
        let ports: Vec<EndpointPort> = svc
            .spec
            .ports
            .iter()
            .map(|p| EndpointPort {
                name: p.name.clone().or_else(|| Some(String::new())),
                port: p.port,
                protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
            })
            .collect();
        let existing = slice_key(sim, svc);
        match existing.and_then(|k| sim.cluster.get::<EndpointSlice>(&k)) {
            Some(slice) if slice.endpoints == endpoints && slice.ports == ports => {}
            Some(slice) => {
                let mut slice = slice.clone();
                slice.endpoints = endpoints;
                slice.ports = ports;
                let _ = sim.cluster.update(slice);
            }
            None => {
                let slice = EndpointSlice {
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
                };
                let _ = sim.cluster.create(slice);
            }
        }
    }
    let services: Vec<Service> = sim.cluster.list::<Service>().values().cloned().collect();
    let orphaned: Vec<ObjectKey> = sim
        .cluster
        .list::<EndpointSlice>()
        .iter()
        .filter(|(k, s)| {
            s.metadata.labels.get(SERVICE_NAME_LABEL).is_none_or(|name| {
                !services.iter().any(|svc| &svc.metadata.name == name && svc.metadata.namespace == k.namespace)
            })
        })
        .map(|(k, _)| k.clone())
        .collect();
    for key in orphaned {
        let _ = sim.cluster.remove::<EndpointSlice>(&key);
    }
}

/// The key of the slice the controller keeps for `svc`, if it has made one.
fn slice_key(sim: &Simulation, svc: &Service) -> Option<ObjectKey> {
    sim.cluster
        .list::<EndpointSlice>()
        .iter()
        .find(|(_, s)| {
            s.metadata.namespace == svc.metadata.namespace
                && s.metadata.labels.get(SERVICE_NAME_LABEL) == Some(&svc.metadata.name)
        })
        .map(|(k, _)| k.clone())
}

fn desired_endpoints(sim: &Simulation, svc: &Service) -> Vec<Endpoint> {
    let publish_not_ready = svc.spec.publish_not_ready_addresses == Some(true);
    let mut pods: Vec<&Pod> = sim
        .cluster
        .list::<Pod>()
        .values()
        .filter(|p| {
            p.metadata.namespace == svc.metadata.namespace
                && svc.spec.selector.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v))
                && !p.is_terminal()
                && p.status.pod_ip.is_some()
        })
        .collect();
    pods.sort_by_cached_key(|p| natural_key(&p.metadata.name));
    pods.into_iter()
        .map(|p| {
            let terminating = p.metadata.is_terminating();
            let serving = p.is_ready();
            let hostname = match (&p.spec.hostname, &p.spec.subdomain) {
                (Some(h), Some(sub)) if *sub == svc.metadata.name => Some(h.clone()),
                _ => None,
            };
            Endpoint {
                addresses: p.status.pod_ip.iter().cloned().collect(),
                conditions: EndpointConditions {
                    ready: publish_not_ready || (serving && !terminating),
                    serving,
                    terminating,
                },
                hostname,
                node_name: p.spec.node_name.clone(),
                target_ref: Some(ObjectReference {
                    kind: "Pod".into(),
                    namespace: p.metadata.namespace.clone(),
                    name: p.metadata.name.clone(),
                    uid: p.metadata.uid.clone(),
                    ..Default::default()
                }),
            }
        })
        .collect()
}
