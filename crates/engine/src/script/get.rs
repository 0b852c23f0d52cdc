//! `kubectl get`: the tables (default and `-o wide`), `-o name`, `-o json` and `-o yaml`
//! for every kind the simulation keeps, with kubectl's columns and wording.

use crate::api::meta::LabelSelector;
use crate::api::{
    ConfigMap, ControllerRevision, Deployment, EndpointSlice, Event, Kind, Node, ObjectMeta, PersistentVolume,
    PersistentVolumeClaim, Pod, PodDisruptionBudget, ReplicaSet, Secret, Service, StatefulSet, StorageClass,
};
use crate::cluster::{Cluster, Stored};
use crate::script::command::{OutputFormat, Resource};
use crate::script::selector::parse_selector;
use crate::script::table::format_table;
use crate::time::SimTime;
use crate::wire::Wire;
use serde::Serialize;
use serde_json::Value;

/// One object as `get` shows it.
struct Row {
    name: String,
    labels: crate::api::meta::StringMap,
    cells: Vec<String>,
    wide: Vec<String>,
    json: Value,
}

/// The columns of a kind's table.
struct Columns {
    header: &'static [&'static str],
    wide: &'static [&'static str],
}

fn age(meta: &ObjectMeta, now: SimTime) -> String {
    meta.creation_timestamp.map_or_else(|| "<unknown>".into(), |t| now.since(t.0).to_string())
}

fn none_if_empty(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or("<none>").to_string()
}

/// Access modes as kubectl's tables and describe abbreviate them: `RWO,RWX`.
pub(crate) fn access_modes(modes: &[String]) -> String {
    modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn rows_of<T: Stored + Wire>(cluster: &Cluster, cells: impl Fn(&T) -> (Vec<String>, Vec<String>)) -> Vec<Row> {
    let mut objects: Vec<&T> = cluster.list::<T>().values().collect();
    if T::KIND == Kind::Event {
        objects = cluster.list::<T>().in_creation_order();
    } else {
        crate::sorting::sort_by(&mut objects, |a, b| crate::ordinal::natural_cmp(&a.meta().name, &b.meta().name));
    }
    objects
        .into_iter()
        .map(|o| {
            let (cells, wide) = cells(o);
            Row { name: o.meta().name.clone(), labels: o.meta().labels.clone(), cells, wide, json: o.encode() }
        })
        .collect()
}

/// The wide columns of Deployments and ReplicaSets.
const WORKLOAD_WIDE: &[&str] = &["CONTAINERS", "IMAGES", "SELECTOR"];

/// CONTAINERS, IMAGES and SELECTOR of a workload's row.
fn workload_wide(template: &crate::api::pod::PodTemplateSpec, selector: Option<&LabelSelector>) -> Vec<String> {
    let containers = &template.spec.containers;
    vec![
        containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","),
        containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(","),
        selector.map_or_else(|| "<none>".into(), crate::script::selector::render_selector),
    ]
}

fn rows(cluster: &Cluster, resource: Resource) -> (Columns, Vec<Row>) {
    let now = cluster.now();
    match resource {
        Resource::Pods => (
            Columns {
                header: &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
                wide: &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
            },
            rows_of::<Pod>(cluster, |p| {
                (
                    vec![
                        p.metadata.name.clone(),
                        p.kubectl_ready(),
                        p.kubectl_status(),
                        p.restarts().to_string(),
                        age(&p.metadata, now),
                    ],
                    vec![
                        none_if_empty(p.status.pod_ip.as_deref()),
                        none_if_empty(p.spec.node_name.as_deref()),
                        "<none>".into(),
                        "<none>".into(),
                    ],
                )
            }),
        ),
        Resource::StatefulSets => (
            Columns { header: &["NAME", "READY", "AGE"], wide: &["CONTAINERS", "IMAGES"] },
            rows_of::<StatefulSet>(cluster, |s| {
                let ready = s.status.as_ref().map_or(0, |st| st.ready_replicas);
                let containers = &s.spec.template.spec.containers;
                (
                    vec![s.metadata.name.clone(), format!("{ready}/{}", s.replicas()), age(&s.metadata, now)],
                    vec![
                        containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","),
                        containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(","),
                    ],
                )
            }),
        ),
        Resource::Deployments => (
            Columns { header: &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], wide: WORKLOAD_WIDE },
            rows_of::<Deployment>(cluster, |d| {
                let status = d.status.clone().unwrap_or_default();
                (
                    vec![
                        d.metadata.name.clone(),
                        format!("{}/{}", status.ready_replicas, d.replicas()),
                        status.updated_replicas.to_string(),
                        status.available_replicas.to_string(),
                        age(&d.metadata, now),
                    ],
                    workload_wide(&d.spec.template, d.spec.selector.as_ref()),
                )
            }),
        ),
        Resource::ReplicaSets => (
            Columns { header: &["NAME", "DESIRED", "CURRENT", "READY", "AGE"], wide: WORKLOAD_WIDE },
            rows_of::<ReplicaSet>(cluster, |r| {
                (
                    vec![
                        r.metadata.name.clone(),
                        r.replicas().to_string(),
                        r.actual().to_string(),
                        r.ready().to_string(),
                        age(&r.metadata, now),
                    ],
                    workload_wide(&r.spec.template, r.spec.selector.as_ref()),
                )
            }),
        ),
        Resource::Claims => (
            Columns {
                header: &[
                    "NAME",
                    "STATUS",
                    "VOLUME",
                    "CAPACITY",
                    "ACCESS MODES",
                    "STORAGECLASS",
                    "VOLUMEATTRIBUTESCLASS",
                    "AGE",
                ],
                wide: &["VOLUMEMODE"],
            },
            rows_of::<PersistentVolumeClaim>(cluster, |c| {
                let bound = c.spec.volume_name.is_some();
                let status = c.status.clone().unwrap_or_default();
                let phase = if c.metadata.is_terminating() { "Terminating".to_string() } else { c.phase().to_string() };
                (
                    vec![
                        c.metadata.name.clone(),
                        phase,
                        c.spec.volume_name.clone().unwrap_or_default(),
                        if bound { status.capacity.get("storage").cloned().unwrap_or_default() } else { String::new() },
                        if bound { access_modes(&status.access_modes) } else { String::new() },
                        c.spec.storage_class_name.clone().unwrap_or_default(),
                        "<unset>".into(),
                        age(&c.metadata, now),
                    ],
                    vec![c.spec.volume_mode.clone().unwrap_or_else(|| "Filesystem".into())],
                )
            }),
        ),
        Resource::Volumes => (
            Columns {
                header: &[
                    "NAME",
                    "CAPACITY",
                    "ACCESS MODES",
                    "RECLAIM POLICY",
                    "STATUS",
                    "CLAIM",
                    "STORAGECLASS",
                    "VOLUMEATTRIBUTESCLASS",
                    "REASON",
                    "AGE",
                ],
                wide: &["VOLUMEMODE"],
            },
            rows_of::<PersistentVolume>(cluster, |v| {
                let claim =
                    v.spec.claim_ref.as_ref().map(|r| format!("{}/{}", r.namespace, r.name)).unwrap_or_default();
                (
                    vec![
                        v.metadata.name.clone(),
                        v.spec.capacity.get("storage").cloned().unwrap_or_default(),
                        access_modes(&v.spec.access_modes),
                        v.spec.persistent_volume_reclaim_policy.clone().unwrap_or_default(),
                        if v.metadata.is_terminating() { "Terminating".to_string() } else { v.phase().to_string() },
                        claim,
                        v.spec.storage_class_name.clone().unwrap_or_default(),
                        "<unset>".into(),
                        String::new(),
                        age(&v.metadata, now),
                    ],
                    vec!["Filesystem".into()],
                )
            }),
        ),
        Resource::Services => (
            Columns { header: &["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], wide: &["SELECTOR"] },
            rows_of::<Service>(cluster, |s| {
                let ports: Vec<String> = s
                    .spec
                    .ports
                    .iter()
                    .map(|p| format!("{}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")))
                    .collect();
                let selector: Vec<String> = s.spec.selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
                (
                    vec![
                        s.metadata.name.clone(),
                        s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into()),
                        s.spec.cluster_ip.clone().unwrap_or_else(|| "<pending>".into()),
                        "<none>".into(),
                        if ports.is_empty() { "<none>".into() } else { ports.join(",") },
                        age(&s.metadata, now),
                    ],
                    vec![if selector.is_empty() { "<none>".into() } else { selector.join(",") }],
                )
            }),
        ),
        Resource::Nodes => (
            Columns {
                header: &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
                wide: &["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
            },
            rows_of::<Node>(cluster, |n| {
                let mut status = if n.is_ready() { "Ready".to_string() } else { "NotReady".to_string() };
                if n.is_unschedulable() {
                    status.push_str(",SchedulingDisabled");
                }
                (
                    vec![
                        n.metadata.name.clone(),
                        status,
                        "<none>".into(),
                        age(&n.metadata, now),
                        crate::KUBERNETES_VERSION.into(),
                    ],
                    vec![
                        none_if_empty(n.internal_ip()),
                        "<none>".into(),
                        "Debian GNU/Linux 12 (bookworm)".into(),
                        "6.1.0-sim".into(),
                        "containerd://2.1.0".into(),
                    ],
                )
            }),
        ),
        Resource::Events => (
            Columns {
                header: &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
                wide: &["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"],
            },
            rows_of::<Event>(cluster, |e| {
                let seen = now.since(e.last_timestamp.0).to_string();
                let seen = if e.count > 1 {
                    format!("{seen} (x{} over {})", e.count, e.last_timestamp.0.since(e.first_timestamp.0))
                } else {
                    seen
                };
                (
                    vec![
                        seen,
                        e.type_.clone(),
                        e.reason.clone(),
                        format!("{}/{}", e.involved_object.kind.to_ascii_lowercase(), e.involved_object.name),
                        e.message.clone(),
                    ],
                    vec![
                        String::new(),
                        e.source.component.clone(),
                        now.since(e.first_timestamp.0).to_string(),
                        e.count.to_string(),
                        e.metadata.name.clone(),
                    ],
                )
            }),
        ),
        Resource::StorageClasses => (
            Columns {
                header: &["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
                wide: &[],
            },
            rows_of::<StorageClass>(cluster, |c| {
                let name =
                    if c.is_default() { format!("{} (default)", c.metadata.name) } else { c.metadata.name.clone() };
                (
                    vec![
                        name,
                        c.provisioner.clone(),
                        c.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
                        c.volume_binding_mode.clone().unwrap_or_else(|| "Immediate".into()),
                        c.allow_volume_expansion.unwrap_or(false).to_string(),
                        age(&c.metadata, now),
                    ],
                    vec![],
                )
            }),
        ),
        Resource::ConfigMaps => (
            Columns { header: &["NAME", "DATA", "AGE"], wide: &[] },
            rows_of::<ConfigMap>(cluster, |c| {
                (vec![c.metadata.name.clone(), c.key_count().to_string(), age(&c.metadata, now)], vec![])
            }),
        ),
        Resource::Secrets => (
            Columns { header: &["NAME", "TYPE", "DATA", "AGE"], wide: &[] },
            rows_of::<Secret>(cluster, |s| {
                let cells = vec![
                    s.metadata.name.clone(),
                    s.type_name().to_string(),
                    s.data.len().to_string(),
                    age(&s.metadata, now),
                ];
                (cells, vec![])
            }),
        ),
        Resource::Budgets => (
            Columns { header: &["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], wide: &[] },
            rows_of::<PodDisruptionBudget>(cluster, |b| {
                let bound = |v: &Option<crate::api::statefulset::IntOrString>| {
                    v.as_ref().map_or_else(|| "N/A".into(), |v| v.text())
                };
                let cells = vec![
                    b.metadata.name.clone(),
                    bound(&b.spec.min_available),
                    bound(&b.spec.max_unavailable),
                    b.disruptions_allowed().to_string(),
                    age(&b.metadata, now),
                ];
                (cells, vec![])
            }),
        ),
        Resource::ControllerRevisions => (
            Columns { header: &["NAME", "CONTROLLER", "REVISION", "AGE"], wide: &[] },
            rows_of::<ControllerRevision>(cluster, |r| {
                let controller = r
                    .metadata
                    .controller_ref()
                    .map(|o| {
                        format!(
                            "{}.{}/{}",
                            o.kind.to_ascii_lowercase(),
                            o.api_version.split('/').next().unwrap_or(""),
                            o.name
                        )
                    })
                    .unwrap_or_else(|| "<none>".into());
                (vec![r.metadata.name.clone(), controller, r.revision.to_string(), age(&r.metadata, now)], vec![])
            }),
        ),
        Resource::EndpointSlices => (
            Columns { header: &["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], wide: &[] },
            rows_of::<EndpointSlice>(cluster, |s| {
                let ports: Vec<String> = s.ports.iter().map(|p| p.port.to_string()).collect();
                let addresses: Vec<&str> =
                    s.endpoints.iter().flat_map(|e| e.addresses.iter().map(String::as_str)).collect();
                let endpoints = match addresses.len() {
                    0 => "<unset>".to_string(),
                    n if n > 3 => format!("{} + {} more...", addresses[..3].join(","), n - 3),
                    _ => addresses.join(","),
                };
                (
                    vec![
                        s.metadata.name.clone(),
                        s.address_type.clone(),
                        if ports.is_empty() { "<unset>".into() } else { ports.join(",") },
                        endpoints,
                        age(&s.metadata, now),
                    ],
                    vec![],
                )
            }),
        ),
    }
}

/// Formats JSON as kubectl does: four-space indentation.
pub fn kubectl_json(value: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default() + "\n"
}

/// One object's row as `kubectl get -w` prints a change: the row alone, its columns as
/// wide as its own cells (kubectl flushes its table writer after every event).
pub fn watch_row(
    cluster: &Cluster,
    resource: Resource,
    name: &str,
    selector: Option<&crate::api::meta::LabelSelector>,
    wide: bool,
) -> Option<String> {
    let (_, rows) = rows(cluster, resource);
    let row = rows.into_iter().find(|r| r.name == name && selector.is_none_or(|s| s.matches(&r.labels)))?;
    let mut cells = row.cells;
    if wide {
        cells.extend(row.wide);
    }
    let blank: Vec<&str> = cells.iter().map(|_| "").collect();
    let table = format_table(&blank, &[cells]);
    table.lines().nth(1).map(|l| format!("{l}\n"))
}

/// Runs `kubectl get` and returns what kubectl prints (errors included, as kubectl words
/// them).
pub fn get(
    cluster: &Cluster,
    resources: &[Result<Resource, String>],
    name: Option<&str>,
    output: OutputFormat,
    selector: Option<&str>,
) -> String {
    if let Some(Err(unknown)) = resources.iter().find(|r| r.is_err()) {
        return format!("error: the server doesn't have a resource type \"{unknown}\"\n");
    }
    let selector = match selector.map(parse_selector).transpose() {
        Ok(s) => s,
        Err(e) => return format!("{e}\n"),
    };
    let several = resources.len() > 1;
    let mut tables = Vec::new();
    let mut names = Vec::new();
    let mut items = Vec::new();
    for resource in resources.iter().flatten() {
        let (columns, mut rows) = rows(cluster, *resource);
        if let Some(sel) = &selector {
            rows.retain(|r| sel.matches(&r.labels));
        }
        if let Some(name) = name {
            rows.retain(|r| r.name == name);
            if rows.is_empty() {
                return format!("Error from server (NotFound): {} \"{name}\" not found\n", resource.kind().resource());
            }
        }
        if rows.is_empty() {
            continue;
        }
        let prefix = resource.kind().kubectl_name();
        for r in &rows {
            names.push(format!("{prefix}/{}", r.name));
            items.push(r.json.clone());
        }
        let wide = output == OutputFormat::Wide;
        let mut header: Vec<&str> = columns.header.to_vec();
        if wide {
            header.extend_from_slice(columns.wide);
        }
        let cells: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| {
                let mut cells = r.cells;
                if several && resource.kind() != Kind::Event {
                    cells[0] = format!("{prefix}/{}", cells[0]);
                }
                if wide {
                    cells.extend(r.wide);
                }
                cells
            })
            .collect();
        tables.push(format_table(&header, &cells));
    }
    if names.is_empty() {
        let namespaced = resources.iter().flatten().any(|r| r.kind().is_namespaced());
        return if namespaced {
            "No resources found in default namespace.\n".into()
        } else {
            "No resources found\n".into()
        };
    }
    match output {
        OutputFormat::Table | OutputFormat::Wide => tables.join("\n"),
        OutputFormat::Name => names.iter().map(|n| format!("{n}\n")).collect(),
        OutputFormat::Json | OutputFormat::Yaml | OutputFormat::Template(_) | OutputFormat::JsonPath(_) => {
            let value = if name.is_some() && items.len() == 1 {
                items.remove(0)
            } else {
                crate::wire::object(vec![
                    ("apiVersion", "v1".into()),
                    ("items", std::mem::take(&mut items).into()),
                    ("kind", "List".into()),
                    ("metadata", crate::wire::object(vec![("resourceVersion", "".into())])),
                ])
            };
            if let OutputFormat::Template(template) = &output {
                crate::script::go_template::render(template, &value)
            } else if let OutputFormat::JsonPath(path) = &output {
                crate::script::go_template::render_jsonpath(path, &value)
            } else if output == OutputFormat::Json {
                kubectl_json(&value)
            } else {
                crate::yaml::to_yaml(&value)
            }
        }
    }
}
