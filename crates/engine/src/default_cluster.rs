//! The cluster every run starts with (scenario language, "The default cluster"): three
//! Ready nodes in three zones, and the `standard` (default, network volumes) and
//! `local-path` (node-local volumes) storage classes.

use crate::action::{ActionError, Outcome};
use crate::api::meta::StringMap;
use crate::api::node::{NodeAddress, NodeCondition, NodeSpec, NodeStatus, ZONE_LABEL};
use crate::api::storageclass::DEFAULT_CLASS_ANNOTATION;
use crate::api::{Node, ObjectMeta, StorageClass};
use crate::cluster::Cluster;
use crate::error::{ApiError, FieldError, FieldProblem};

/// The provisioner of the `standard` class: network volumes that attach to any node.
pub const NETWORK_PROVISIONER: &str = "playground.sim/network-volume";
/// The provisioner of the `local-path` class: volumes on one node's disk.
pub const LOCAL_PROVISIONER: &str = "rancher.io/local-path";

fn map(pairs: &[(&str, &str)]) -> StringMap {
    crate::sorting::map_from(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

/// A Ready node `node-<n>` in `zone`, with the default capacity and podCIDR `10.244.<n>.0/24`.
pub fn node(n: u32, zone: &str) -> Node {
    named_node(&format!("node-{n}"), n, zone)
}

/// A Ready node called `name`, number `n` (its podCIDR is `10.244.<n>.0/24`, its address
/// `172.18.<n / 250>.<n % 250 + 1>`), in `zone`, with the default capacity.
pub fn named_node(name: &str, n: u32, zone: &str) -> Node {
    let name = name.to_string();
    let resources = map(&[("cpu", "4"), ("memory", "16Gi"), ("pods", "110")]);
    Node {
        metadata: ObjectMeta {
            name: name.clone(),
            labels: map(&[
                ("kubernetes.io/arch", "amd64"),
                ("kubernetes.io/hostname", &name),
                ("kubernetes.io/os", "linux"),
                (ZONE_LABEL, zone),
            ]),
            ..Default::default()
        },
        spec: NodeSpec { pod_cidr: Some(format!("10.244.{n}.0/24")), unschedulable: None, taints: Vec::new() },
        status: NodeStatus {
            capacity: resources.clone(),
            allocatable: resources,
            conditions: vec![NodeCondition { type_: "Ready".into(), status: "True".into() }],
            addresses: vec![
                NodeAddress { type_: "InternalIP".into(), address: format!("172.18.{}.{}", n / 250, n % 250 + 1) },
                NodeAddress { type_: "Hostname".into(), address: name },
            ],
        },
        ..Default::default()
    }
}

fn storage_class(name: &str, provisioner: &str, default: bool) -> StorageClass {
    StorageClass {
        metadata: ObjectMeta {
            name: name.into(),
            annotations: if default { map(&[(DEFAULT_CLASS_ANNOTATION, "true")]) } else { StringMap::new() },
            ..Default::default()
        },
        provisioner: provisioner.into(),
        reclaim_policy: Some("Delete".into()),
        volume_binding_mode: Some("WaitForFirstConsumer".into()),
        ..Default::default()
    }
}

/// Creates the default nodes and storage classes in an empty cluster.
pub(crate) fn install(cluster: &mut Cluster) {
    for (n, zone) in [(1, "zone-a"), (2, "zone-b"), (3, "zone-c")] {
        let _ = cluster.create(node(n, zone));
    }
    let _ = cluster.create(storage_class("standard", NETWORK_PROVISIONER, true));
    let _ = cluster.create(storage_class("local-path", LOCAL_PROVISIONER, false));
}

/// Adds a Ready node called `name` in `zone` (`zone-a` when not given) with the next
/// free podCIDR (`sim node add`).
pub(crate) fn add_node(cluster: &mut Cluster, name: &str, zone: Option<&str>) -> Result<Outcome, ActionError> {
    if !crate::validation::is_dns1123_subdomain(name) {
        return Err(ApiError::Invalid {
            kind: crate::api::Kind::Node,
            name: name.into(),
            causes: vec![FieldError {
                field: "metadata.name".into(),
                problem: FieldProblem::Invalid {
                    value: format!("{name:?}"),
                    detail: crate::validation::DNS1123_SUBDOMAIN_MESSAGE.into(),
                },
            }],
        }
        .into());
    }
    // The next podCIDR after every node's; the 10.244.0.0/16 network holds 255 of them.
    let next = cluster
        .list::<Node>()
        .values()
        .filter_map(|n| n.spec.pod_cidr.as_deref()?.split('.').nth(2)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    if next > 255 {
        return Err(ActionError::Kubectl(
            "the playground's pod network (10.244.0.0/16) has no room for another node".into(),
        ));
    }
    cluster.create(named_node(name, next, zone.unwrap_or("zone-a")))?;
    Ok(Outcome { lines: vec![format!("node/{name} added")] })
}
