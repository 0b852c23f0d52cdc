//! The cluster DNS as the Kubernetes DNS specification defines it for headless Services,
//! answered from EndpointSlices: only ready endpoints have records.

use crate::api::endpointslice::SERVICE_NAME_LABEL;
use crate::api::{EndpointSlice, Service};
use crate::cluster::Cluster;
use crate::ordinal::natural_cmp;

/// The cluster domain.
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// The type of a DNS record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordType {
    /// An IPv4 address.
    A,
    /// A service location: priority, weight, port, target.
    SRV,
}

/// A name that resolves now, with every answer it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    /// The fully qualified name, without the trailing dot.
    pub name: String,
    /// A or SRV.
    pub type_: RecordType,
    /// A: IP strings. SRV: `"PRIORITY WEIGHT PORT TARGET"` strings.
    pub answers: Vec<String>,
}

impl RecordType {
    /// The type as DNS tools print it.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::SRV => "SRV",
        }
    }
}

impl DnsRecord {
    /// The record as the runner's `--json` export shows it: `name`, `type`, `answers`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        map.insert("name".into(), self.name.clone().into());
        map.insert("type".into(), self.type_.as_str().into());
        map.insert("answers".into(), self.answers.clone().into());
        serde_json::Value::Object(map)
    }
}

/// Every name that resolves now, headless Service by Service: the Service name (all
/// ready IPs), each ready pod's hostname, and one SRV name per named port.
pub fn records(cluster: &Cluster) -> Vec<DnsRecord> {
    let mut out = Vec::new();
    for svc in cluster.list::<Service>().values().filter(|s| s.is_headless()) {
        let domain = format!("{}.{}.svc.{CLUSTER_DOMAIN}", svc.metadata.name, svc.metadata.namespace);
        let ready = ready_hosts(cluster, svc);
        if ready.is_empty() {
            continue;
        }
        out.push(DnsRecord {
            name: domain.clone(),
            type_: RecordType::A,
            answers: ready.iter().map(|(_, ip)| ip.clone()).collect(),
        });
        for (host, ip) in &ready {
            out.push(DnsRecord { name: format!("{host}.{domain}"), type_: RecordType::A, answers: vec![ip.clone()] });
        }
        // CoreDNS splits a weight of 100 evenly over equal-priority answers.
        let weight = 100 / ready.len();
        for port in &svc.spec.ports {
            let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) else {
                continue;
            };
            let proto = port.protocol.as_deref().unwrap_or("TCP").to_ascii_lowercase();
            out.push(DnsRecord {
                name: format!("_{name}._{proto}.{domain}"),
                type_: RecordType::SRV,
                answers: ready.iter().map(|(host, _)| format!("0 {weight} {} {host}.{domain}", port.port)).collect(),
            });
        }
    }
    out
}

/// The ready endpoints of headless Service `svc` as (hostname, IP), in name order, each
/// name once: an endpoint without a hostname is named by its dashed IP.
fn ready_hosts(cluster: &Cluster, svc: &Service) -> Vec<(String, String)> {
    let mut ready: Vec<(String, String)> = cluster
        .list::<EndpointSlice>()
        .values()
        .filter(|s| {
            s.metadata.namespace == svc.metadata.namespace
                && s.metadata.labels.get(SERVICE_NAME_LABEL) == Some(&svc.metadata.name)
        })
        .flat_map(|s| s.endpoints.iter())
        .filter(|e| e.conditions.ready)
        .filter_map(|e| {
            let ip = e.addresses.first()?.clone();
            let host = e.hostname.clone().unwrap_or_else(|| ip.replace('.', "-"));
            Some((host, ip))
        })
        .collect();
    // A Service's endpoints may span several slices.
    crate::sorting::sort_by(&mut ready, |a, b| natural_cmp(&a.0, &b.0).then_with(|| a.cmp(b)));
    ready.dedup_by(|a, b| a.0 == b.0);
    ready
}

/// The name a reverse (PTR) lookup of `ip` gives, as CoreDNS answers it: a ready endpoint
/// of a headless Service is `HOST.SERVICE.NAMESPACE.svc.cluster.local` (the first such
/// Service by name), a Service's cluster IP is the Service's name; any other IP has none.
pub fn reverse(cluster: &Cluster, ip: &str) -> Option<String> {
    cluster.list::<Service>().values().find_map(|svc| {
        let domain = format!("{}.{}.svc.{CLUSTER_DOMAIN}", svc.metadata.name, svc.metadata.namespace);
        if svc.is_headless() {
            let hosts = ready_hosts(cluster, svc);
            hosts.into_iter().find(|(_, i)| i == ip).map(|(host, _)| format!("{host}.{domain}"))
        } else {
            (svc.spec.cluster_ip.as_deref() == Some(ip)).then_some(domain)
        }
    })
}

/// The address of the cluster DNS Service (`kube-dns` in `kube-system`), which every pod's
/// resolver asks.
pub const DNS_SERVER_IP: &str = "10.96.0.10";

/// What a lookup of one name found: the name that answered and its answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The fully qualified name that answered, without the trailing dot.
    pub name: String,
    /// A: IP strings. SRV: `"PRIORITY WEIGHT PORT TARGET"` strings.
    pub answers: Vec<String>,
}

/// Looks `query` up as a pod in `namespace` does: through the resolver's search path
/// (`<ns>.svc.<zone> svc.<zone> <zone>`, `ndots:5`), against the headless Services'
/// records and the cluster IPs of the other Services. `None` is NXDOMAIN.
pub fn lookup(cluster: &Cluster, query: &str, namespace: &str, type_: RecordType) -> Option<Answer> {
    let records = records(cluster);
    let find = |fqdn: &str| -> Option<Answer> {
        if let Some(r) = records.iter().find(|r| r.type_ == type_ && r.name == fqdn) {
            return Some(Answer { name: r.name.clone(), answers: r.answers.clone() });
        }
        if type_ != RecordType::A {
            return None;
        }
        cluster.list::<Service>().values().filter(|s| !s.is_headless()).find_map(|s| {
            let name = format!("{}.{}.svc.{CLUSTER_DOMAIN}", s.metadata.name, s.metadata.namespace);
            let ip = s.spec.cluster_ip.clone().filter(|ip| !ip.is_empty())?;
            (name == fqdn).then(|| Answer { name, answers: vec![ip] })
        })
    };
    if let Some(absolute) = query.strip_suffix('.') {
        return find(absolute);
    }
    let search =
        [format!("{namespace}.svc.{CLUSTER_DOMAIN}"), format!("svc.{CLUSTER_DOMAIN}"), CLUSTER_DOMAIN.to_string()];
    let expanded = search.iter().map(|domain| format!("{query}.{domain}"));
    if query.matches('.').count() >= 5 {
        std::iter::once(query.to_string()).chain(expanded).find_map(|n| find(&n))
    } else {
        expanded.chain(std::iter::once(query.to_string())).find_map(|n| find(&n))
    }
}
