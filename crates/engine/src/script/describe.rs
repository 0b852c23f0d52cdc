//! `kubectl describe KIND NAME`: the layout of kubectl's describers for the simulated
//! kinds (StatefulSet, Pod, PersistentVolumeClaim, PersistentVolume, Service, ConfigMap,
//! Secret; the other kinds with their metadata), each ending with the object's Events
//! (except a Secret's, as kubectl). Only what the simulation models is
//! printed: there are no container or image ids to show.

use crate::api::meta::{ObjectMeta, StringMap};
use crate::api::pod::PodTemplateSpec;
use crate::api::{
    ConfigMap, Deployment, Event, Kind, PersistentVolume, PersistentVolumeClaim, Pod, PodDisruptionBudget, ReplicaSet,
    Secret, Service, StatefulSet,
};
use crate::cluster::Cluster;
use crate::script::command::Resource;
use crate::script::get::access_modes;
use crate::script::tabwriter::tabwrite;
use crate::store::ObjectKey;
use crate::time::SimTime;
use base64::Engine as _;

/// What `kubectl describe` prints for the object, or kubectl's NotFound error.
pub fn describe(cluster: &Cluster, resource: Resource, name: &str) -> String {
    let kind = resource.kind();
    let key = if kind.is_namespaced() { ObjectKey::default_ns(name) } else { ObjectKey::cluster_scoped(name) };
    let Some(meta) = cluster.meta_of(kind, &key) else {
        return format!("Error from server (NotFound): {} \"{name}\" not found\n", kind.resource());
    };
    let mut out = match kind {
        Kind::StatefulSet => cluster.get::<StatefulSet>(&key).map(|s| statefulset(cluster, s)),
        Kind::Deployment => cluster.get::<Deployment>(&key).map(|d| deployment(cluster, d)),
        Kind::ReplicaSet => cluster.get::<ReplicaSet>(&key).map(|r| replica_set(cluster, r)),
        Kind::Pod => cluster.get::<Pod>(&key).map(|p| pod(cluster, p)),
        Kind::PersistentVolumeClaim => cluster.get::<PersistentVolumeClaim>(&key).map(|c| claim(cluster, c)),
        Kind::PersistentVolume => cluster.get::<PersistentVolume>(&key).map(volume),
        Kind::Service => cluster.get::<Service>(&key).map(service),
        Kind::ConfigMap => cluster.get::<ConfigMap>(&key).map(config_map),
        Kind::PodDisruptionBudget => cluster.get::<PodDisruptionBudget>(&key).map(budget),
        // kubectl's Secret describer prints no events.
        Kind::Secret => return cluster.get::<Secret>(&key).map(|s| tabwrite(&secret(s), 2)).unwrap_or_default(),
        _ => None,
    }
    .unwrap_or_else(|| basics(meta));
    out.push_str(&events(cluster, meta));
    tabwrite(&out, 2)
}

fn line(out: &mut String, label: &str, value: impl std::fmt::Display) {
    out.push_str(&format!("{label}:\t{value}\n"));
}

/// `Labels:` (one `key=value` per line) or `Annotations:` (one `key: value` per line, as
/// kubectl's `printAnnotationsMultiline`), `<none>` when empty.
fn map(out: &mut String, indent: &str, label: &str, values: &StringMap) {
    if values.is_empty() {
        out.push_str(&format!("{indent}{label}:\t<none>\n"));
        return;
    }
    let separator = if label == "Annotations" { ": " } else { "=" };
    for (i, (k, v)) in values.iter().enumerate() {
        let head = if i == 0 { format!("{indent}{label}:") } else { String::new() };
        out.push_str(&format!("{head}\t{k}{separator}{v}\n"));
    }
}

fn basics(meta: &ObjectMeta) -> String {
    let mut out = String::new();
    line(&mut out, "Name", &meta.name);
    if !meta.namespace.is_empty() {
        line(&mut out, "Namespace", &meta.namespace);
    }
    map(&mut out, "", "Labels", &meta.labels);
    map(&mut out, "", "Annotations", &meta.annotations);
    out
}

/// kubectl's `translateTimestampSince`: a moment still to come reads `<invalid>`.
fn since(now: SimTime, then: SimTime) -> String {
    if then > now {
        return "<invalid>".into();
    }
    now.since(then).to_string()
}

fn timestamp(t: Option<crate::api::meta::Timestamp>) -> String {
    t.map_or_else(|| "<unset>".into(), |t| t.0.to_rfc1123z())
}

/// The `Pod Template:` block, shared with `kubectl rollout history --revision`.
pub fn pod_template(template: &PodTemplateSpec) -> String {
    let mut out = String::from("Pod Template:\n");
    map(&mut out, "  ", "Labels", &template.metadata.labels);
    if !template.metadata.annotations.is_empty() {
        map(&mut out, "  ", "Annotations", &template.metadata.annotations);
    }
    for (title, containers) in
        [("Init Containers", &template.spec.init_containers), ("Containers", &template.spec.containers)]
    {
        if containers.is_empty() {
            continue;
        }
        out.push_str(&format!("  {title}:\n"));
        for c in containers.iter() {
            out.push_str(&format!("   {}:\n", c.name));
            line(&mut out, "    Image", &c.image);
            ports(&mut out, "    ", c);
            line(&mut out, "    Environment", "<none>");
            mounts(&mut out, "    ", c);
        }
    }
    let claims: Vec<&str> = template.spec.volumes.iter().map(|v| v.name.as_str()).collect();
    line(&mut out, "  Volumes", if claims.is_empty() { "<none>".to_string() } else { claims.join(", ") });
    map(&mut out, "  ", "Node-Selectors", &template.spec.node_selector);
    tolerations(&mut out, "  ", &template.spec.tolerations);
    out
}

/// `Tolerations:` one per line as kubectl prints them (`key=value:Effect op=Exists for
/// 300s`), `<none>` when there are none.
fn tolerations(out: &mut String, indent: &str, list: &[crate::api::scheduling::Toleration]) {
    if list.is_empty() {
        out.push_str(&format!("{indent}Tolerations:\t<none>\n"));
        return;
    }
    for (i, t) in list.iter().enumerate() {
        let (key, value, effect) =
            (t.key.as_deref().unwrap_or(""), t.value.as_deref().unwrap_or(""), t.effect.as_deref().unwrap_or(""));
        let mut text = key.to_string();
        if !value.is_empty() {
            text.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            text.push_str(&format!(":{effect}"));
        }
        if t.operator.as_deref() == Some("Exists") && value.is_empty() {
            text.push_str(if key.is_empty() && effect.is_empty() { "op=Exists" } else { " op=Exists" });
        }
        if let Some(seconds) = t.toleration_seconds {
            text.push_str(&format!(" for {seconds}s"));
        }
        let head = if i == 0 { format!("{indent}Tolerations:") } else { String::new() };
        out.push_str(&format!("{head}\t{text}\n"));
    }
}

fn ports(out: &mut String, indent: &str, c: &crate::api::pod::Container) {
    let list: Vec<String> =
        c.ports.iter().map(|p| format!("{}/{}", p.container_port, p.protocol.as_deref().unwrap_or("TCP"))).collect();
    let port = if list.is_empty() { "<none>".to_string() } else { list.join(", ") };
    line(out, &format!("{indent}Port"), &port);
    line(out, &format!("{indent}Host Port"), if list.is_empty() { "<none>".to_string() } else { "0/TCP".into() });
}

fn mounts(out: &mut String, indent: &str, c: &crate::api::pod::Container) {
    if c.volume_mounts.is_empty() {
        line(out, &format!("{indent}Mounts"), "<none>");
        return;
    }
    out.push_str(&format!("{indent}Mounts:\n"));
    for m in &c.volume_mounts {
        out.push_str(&format!("{indent}  {} from {} (rw)\n", m.mount_path, m.name));
    }
}

fn statefulset(cluster: &Cluster, set: &StatefulSet) -> String {
    let mut out = String::new();
    let meta = &set.metadata;
    line(&mut out, "Name", &meta.name);
    line(&mut out, "Namespace", &meta.namespace);
    line(&mut out, "CreationTimestamp", timestamp(meta.creation_timestamp));
    let selector = set.spec.selector.as_ref().map(crate::script::selector::render_selector).unwrap_or_default();
    line(&mut out, "Selector", selector);
    map(&mut out, "", "Labels", &meta.labels);
    map(&mut out, "", "Annotations", &meta.annotations);
    let status = set.status.clone().unwrap_or_default();
    line(&mut out, "Replicas", format!("{} desired | {} total", set.replicas(), status.replicas));
    let strategy = set.spec.update_strategy.clone().unwrap_or_default();
    line(&mut out, "Update Strategy", strategy.type_.as_deref().unwrap_or("RollingUpdate"));
    if let Some(partition) = strategy.rolling_update.as_ref().and_then(|r| r.partition) {
        line(&mut out, "  Partition", partition);
    }
    line(&mut out, "Pods Status", pods_status(cluster, &meta.uid));
    out.push_str(&pod_template(&set.spec.template));
    if set.spec.volume_claim_templates.is_empty() {
        line(&mut out, "Volume Claims", "<none>");
    } else {
        out.push_str("Volume Claims:\n");
        for t in &set.spec.volume_claim_templates {
            line(&mut out, "  Name", &t.metadata.name);
            line(&mut out, "  StorageClass", t.spec.storage_class_name.clone().unwrap_or_default());
            map(&mut out, "  ", "Labels", &t.metadata.labels);
            map(&mut out, "  ", "Annotations", &t.metadata.annotations);
            line(&mut out, "  Capacity", t.requested_storage().unwrap_or_default());
            line(&mut out, "  Access Modes", format!("[{}]", t.spec.access_modes.join(" ")));
        }
    }
    out
}

/// kubectl's `Pods Status:` line for the pods `owner_uid` controls.
fn pods_status(cluster: &Cluster, owner_uid: &str) -> String {
    let pods: Vec<&Pod> = cluster
        .list::<Pod>()
        .values()
        .filter(|p| p.metadata.controller_ref().is_some_and(|r| r.uid == owner_uid))
        .collect();
    let count = |phase: crate::api::PodPhase| pods.iter().filter(|p| p.status.phase == Some(phase)).count();
    use crate::api::PodPhase::*;
    format!(
        "{} Running / {} Waiting / {} Succeeded / {} Failed",
        count(Running),
        count(Pending),
        count(Succeeded),
        count(Failed)
    )
}

fn deployment(cluster: &Cluster, d: &Deployment) -> String {
    let mut out = String::new();
    let meta = &d.metadata;
    line(&mut out, "Name", &meta.name);
    line(&mut out, "Namespace", &meta.namespace);
    line(&mut out, "CreationTimestamp", timestamp(meta.creation_timestamp));
    map(&mut out, "", "Labels", &meta.labels);
    map(&mut out, "", "Annotations", &meta.annotations);
    let selector = d.spec.selector.as_ref().map(crate::script::selector::render_selector).unwrap_or_default();
    line(&mut out, "Selector", selector);
    let s = d.status.clone().unwrap_or_default();
    line(
        &mut out,
        "Replicas",
        format!(
            "{} desired | {} updated | {} total | {} available | {} unavailable",
            d.replicas(),
            s.updated_replicas,
            s.replicas,
            s.available_replicas,
            s.unavailable_replicas
        ),
    );
    let strategy = d.spec.strategy.clone().unwrap_or_default();
    line(&mut out, "StrategyType", strategy.type_.as_deref().unwrap_or("RollingUpdate"));
    line(&mut out, "MinReadySeconds", d.min_ready_seconds());
    if let Some(r) = &strategy.rolling_update {
        let show = |v: &Option<crate::api::statefulset::IntOrString>| match v {
            Some(crate::api::statefulset::IntOrString::Int(n)) => n.to_string(),
            Some(crate::api::statefulset::IntOrString::String(s)) => s.clone(),
            None => "0".into(),
        };
        let text = format!("{} max unavailable, {} max surge", show(&r.max_unavailable), show(&r.max_surge));
        line(&mut out, "RollingUpdateStrategy", text);
    }
    out.push_str(&pod_template(&d.spec.template));
    if let Some(status) = &d.status {
        out.push_str("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
        for c in &status.conditions {
            out.push_str(&format!("  {}\t{}\t{}\n", c.type_, c.status, c.reason.clone().unwrap_or_default()));
        }
    }
    let owned = crate::controller::deployment::owned_replica_sets_in(cluster, d);
    let new = crate::controller::deployment::new_replica_set(d, &owned);
    let created =
        |rs: &ReplicaSet| format!("{} ({}/{} replicas created)", rs.metadata.name, rs.actual(), rs.replicas());
    let old: Vec<String> = owned
        .iter()
        .filter(|rs| rs.replicas() != 0)
        .filter(|rs| new.as_ref().is_none_or(|n| n.metadata.uid != rs.metadata.uid))
        .map(|rs| created(rs))
        .collect();
    line(&mut out, "OldReplicaSets", if old.is_empty() { "<none>".into() } else { old.join(", ") });
    line(&mut out, "NewReplicaSet", new.as_ref().map_or_else(|| "<none>".into(), |rs| created(rs)));
    out
}

fn replica_set(cluster: &Cluster, rs: &ReplicaSet) -> String {
    let mut out = String::new();
    let meta = &rs.metadata;
    line(&mut out, "Name", &meta.name);
    line(&mut out, "Namespace", &meta.namespace);
    let selector = rs.spec.selector.as_ref().map(crate::script::selector::render_selector).unwrap_or_default();
    line(&mut out, "Selector", selector);
    map(&mut out, "", "Labels", &meta.labels);
    map(&mut out, "", "Annotations", &meta.annotations);
    if let Some(owner) = meta.controller_ref() {
        line(&mut out, "Controlled By", format!("{}/{}", owner.kind, owner.name));
    }
    line(&mut out, "Replicas", format!("{} current / {} desired", rs.actual(), rs.replicas()));
    line(&mut out, "Pods Status", pods_status(cluster, &meta.uid));
    out.push_str(&pod_template(&rs.spec.template));
    out
}

fn pod(cluster: &Cluster, pod: &Pod) -> String {
    let mut out = String::new();
    let meta = &pod.metadata;
    line(&mut out, "Name", &meta.name);
    line(&mut out, "Namespace", &meta.namespace);
    line(&mut out, "Priority", 0);
    line(&mut out, "Service Account", "default");
    let node = match (&pod.spec.node_name, &pod.status.host_ip) {
        (Some(n), Some(ip)) => format!("{n}/{ip}"),
        (Some(n), None) => n.clone(),
        _ => "<none>".into(),
    };
    line(&mut out, "Node", node);
    if pod.status.start_time.is_some() {
        line(&mut out, "Start Time", timestamp(pod.status.start_time));
    }
    map(&mut out, "", "Labels", &meta.labels);
    map(&mut out, "", "Annotations", &meta.annotations);
    if let Some(t) = meta.deletion_timestamp.filter(|_| !pod.is_terminal()) {
        let grace = meta.deletion_grace_period_seconds.unwrap_or(0);
        line(&mut out, "Status", format!("Terminating (lasts {})", since(cluster.now(), t.0)));
        line(&mut out, "Termination Grace Period", format!("{grace}s"));
    } else {
        line(&mut out, "Status", pod.status.phase.map_or("Pending", |p| p.as_str()));
    }
    if let Some(reason) = &pod.status.reason {
        line(&mut out, "Reason", reason);
    }
    match &pod.status.pod_ip {
        Some(ip) => {
            line(&mut out, "IP", ip);
            out.push_str("IPs:\n");
            line(&mut out, "  IP", ip);
        }
        None => {
            line(&mut out, "IP", "");
            line(&mut out, "IPs", "<none>");
        }
    }
    if let Some(owner) = meta.controller_ref() {
        line(&mut out, "Controlled By", format!("{}/{}", owner.kind, owner.name));
    }
    if !pod.spec.init_containers.is_empty() {
        out.push_str("Init Containers:\n");
        pod_containers(&mut out, &pod.spec.init_containers, &pod.status.init_container_statuses);
    }
    out.push_str("Containers:\n");
    pod_containers(&mut out, &pod.spec.containers, &pod.status.container_statuses);
    if pod.status.conditions.is_empty() {
        line(&mut out, "Conditions", "<none>");
    } else {
        out.push_str("Conditions:\n");
        out.push_str("  Type\tStatus\n");
        for c in &pod.status.conditions {
            out.push_str(&format!("  {}\t{} \n", c.type_, c.status));
        }
    }
    if pod.spec.volumes.is_empty() {
        line(&mut out, "Volumes", "<none>");
    } else {
        out.push_str("Volumes:\n");
        for v in &pod.spec.volumes {
            out.push_str(&format!("  {}:\n", v.name));
            if let Some(c) = &v.persistent_volume_claim {
                line(
                    &mut out,
                    "    Type",
                    "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
                );
                line(&mut out, "    ClaimName", &c.claim_name);
                line(&mut out, "    ReadOnly", c.read_only.unwrap_or(false));
            } else if let Some(c) = &v.config_map {
                line(&mut out, "    Type", "ConfigMap (a volume populated by a ConfigMap)");
                line(&mut out, "    Name", &c.name);
                line(&mut out, "    Optional", c.optional.unwrap_or(false));
            } else if let Some(c) = &v.secret {
                line(&mut out, "    Type", "Secret (a volume populated by a Secret)");
                line(&mut out, "    SecretName", &c.secret_name);
                line(&mut out, "    Optional", c.optional.unwrap_or(false));
            } else if v.empty_dir.is_some() {
                line(&mut out, "    Type", "EmptyDir (a temporary directory that shares a pod's lifetime)");
                line(&mut out, "    Medium", "");
                line(&mut out, "    SizeLimit", "<unset>");
            }
        }
    }
    line(&mut out, "QoS Class", "BestEffort");
    map(&mut out, "", "Node-Selectors", &pod.spec.node_selector);
    tolerations(&mut out, "", &pod.spec.tolerations);
    out
}

/// The containers of a pod (or its init containers) with their states, as kubectl
/// describes them.
fn pod_containers(
    out: &mut String,
    containers: &[crate::api::pod::Container],
    statuses: &[crate::api::pod::ContainerStatus],
) {
    for c in containers {
        out.push_str(&format!("  {}:\n", c.name));
        line(out, "    Image", &c.image);
        ports(out, "    ", c);
        let status = statuses.iter().find(|s| s.name == c.name);
        match status.map(|s| &s.state) {
            Some(state) if state.running.is_some() => {
                line(out, "    State", "Running");
                let started = state.running.as_ref().and_then(|r| r.started_at);
                line(out, "      Started", timestamp(started));
            }
            Some(state) if state.terminated.is_some() => {
                line(out, "    State", "Terminated");
                let t = state.terminated.as_ref();
                line(out, "      Reason", t.and_then(|t| t.reason.clone()).unwrap_or_default());
                line(out, "      Exit Code", t.map_or(0, |t| t.exit_code));
            }
            Some(state) => {
                line(out, "    State", "Waiting");
                let reason = state.waiting.as_ref().and_then(|w| w.reason.clone()).unwrap_or_default();
                line(out, "      Reason", reason);
            }
            None => {
                line(out, "    State", "Waiting");
                line(out, "      Reason", "ContainerCreating");
            }
        }
        line(out, "    Ready", if status.is_some_and(|s| s.ready) { "True" } else { "False" });
        line(out, "    Restart Count", status.map_or(0, |s| s.restart_count));
        line(out, "    Environment", "<none>");
        mounts(out, "    ", c);
    }
}

fn claim(cluster: &Cluster, c: &PersistentVolumeClaim) -> String {
    let mut out = String::new();
    let meta = &c.metadata;
    line(&mut out, "Name", &meta.name);
    line(&mut out, "Namespace", &meta.namespace);
    line(&mut out, "StorageClass", c.spec.storage_class_name.clone().unwrap_or_default());
    let status = if let Some(t) = meta.deletion_timestamp {
        format!("Terminating (lasts {})", since(cluster.now(), t.0))
    } else {
        c.phase().to_string()
    };
    line(&mut out, "Status", status);
    line(&mut out, "Volume", c.spec.volume_name.clone().unwrap_or_default());
    map(&mut out, "", "Labels", &meta.labels);
    map(&mut out, "", "Annotations", &meta.annotations);
    line(&mut out, "Finalizers", format!("[{}]", meta.finalizers.join(" ")));
    let bound = c.phase() == "Bound";
    line(&mut out, "Capacity", if bound { c.requested_storage().unwrap_or_default() } else { "" });
    line(&mut out, "Access Modes", if bound { access_modes(&c.spec.access_modes) } else { String::new() });
    line(&mut out, "VolumeMode", c.spec.volume_mode.clone().unwrap_or_else(|| "Filesystem".into()));
    let users: Vec<String> = cluster
        .list::<Pod>()
        .values()
        .filter(|p| {
            p.metadata.namespace == meta.namespace
                && p.spec
                    .volumes
                    .iter()
                    .any(|v| v.persistent_volume_claim.as_ref().is_some_and(|v| v.claim_name == meta.name))
        })
        .map(|p| p.metadata.name.clone())
        .collect();
    line(&mut out, "Used By", if users.is_empty() { "<none>".to_string() } else { users.join(", ") });
    out
}

fn volume(v: &PersistentVolume) -> String {
    let mut out = basics(&v.metadata);
    line(&mut out, "Finalizers", format!("[{}]", v.metadata.finalizers.join(" ")));
    line(&mut out, "StorageClass", v.spec.storage_class_name.clone().unwrap_or_default());
    let status = if v.metadata.is_terminating() { "Terminating".to_string() } else { v.phase().to_string() };
    line(&mut out, "Status", status);
    let claim = v.spec.claim_ref.as_ref().map(|r| format!("{}/{}", r.namespace, r.name)).unwrap_or_default();
    line(&mut out, "Claim", claim);
    line(&mut out, "Reclaim Policy", v.spec.persistent_volume_reclaim_policy.clone().unwrap_or_default());
    line(&mut out, "Access Modes", access_modes(&v.spec.access_modes));
    line(&mut out, "Capacity", v.spec.capacity.get("storage").cloned().unwrap_or_default());
    match v.spec.node_affinity.as_ref().and_then(|a| a.required.as_ref()) {
        None => line(&mut out, "Node Affinity", "<none>"),
        Some(required) => {
            line(&mut out, "Node Affinity", "");
            line(&mut out, "  Required Terms", "");
            for (i, term) in required.node_selector_terms.iter().enumerate() {
                let text: Vec<String> = term
                    .match_expressions
                    .iter()
                    .map(|r| format!("{} {} [{}]", r.key, r.operator.to_ascii_lowercase(), r.values.join(", ")))
                    .collect();
                line(&mut out, &format!("    Term {i}"), text.join(", "));
            }
        }
    }
    out
}

fn service(s: &Service) -> String {
    let mut out = basics(&s.metadata);
    let selector: Vec<String> = s.spec.selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
    line(&mut out, "Selector", selector.join(","));
    line(&mut out, "Type", s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into()));
    line(&mut out, "IP", s.spec.cluster_ip.clone().unwrap_or_default());
    for p in &s.spec.ports {
        line(&mut out, "Port", format!("{}  {}/TCP", p.name.clone().unwrap_or_else(|| "<unset>".into()), p.port));
    }
    out
}

/// `describeConfigMap`: each text value under its key, binary values by size.
fn config_map(c: &ConfigMap) -> String {
    let mut out = basics(&c.metadata);
    out.push_str("\nData\n====\n");
    for (k, v) in &c.data {
        out.push_str(&format!("{k}:\n----\n{v}\n"));
    }
    out.push_str("\nBinaryData\n====\n");
    for (k, v) in &c.binary_data {
        let bytes = base64::engine::general_purpose::STANDARD.decode(v).map_or(0, |b| b.len());
        out.push_str(&format!("{k}: {bytes} bytes\n"));
    }
    out.push('\n');
    out
}

/// `describePodDisruptionBudget`: the bound the spec sets, the selector, and the counts
/// the disruption controller last wrote.
fn budget(b: &PodDisruptionBudget) -> String {
    let mut out = String::new();
    line(&mut out, "Name", &b.metadata.name);
    line(&mut out, "Namespace", &b.metadata.namespace);
    match (&b.spec.min_available, &b.spec.max_unavailable) {
        (Some(min), _) => line(&mut out, "Min available", min.text()),
        (None, Some(max)) => line(&mut out, "Max unavailable", max.text()),
        (None, None) => {}
    }
    let selector = b.spec.selector.as_ref().map_or_else(|| "<unset>".into(), crate::script::selector::render_selector);
    line(&mut out, "Selector", selector);
    let status = b.status.clone().unwrap_or_default();
    out.push_str("Status:\n");
    line(&mut out, "    Allowed disruptions", status.disruptions_allowed);
    line(&mut out, "    Current", status.current_healthy);
    line(&mut out, "    Desired", status.desired_healthy);
    line(&mut out, "    Total", status.expected_pods);
    out
}

/// `describeSecret`: the type, and each value's size only.
fn secret(s: &Secret) -> String {
    let mut out = basics(&s.metadata);
    out.push_str(&format!("\nType:\t{}\n\nData\n====\n", s.type_name()));
    for (k, v) in &s.data {
        let bytes = base64::engine::general_purpose::STANDARD.decode(v).map_or(0, |b| b.len());
        out.push_str(&format!("{k}:\t{bytes} bytes\n"));
    }
    out
}

/// The `Events:` table of the object: kubectl's describe columns, oldest first, an
/// aggregated event as `AGE (xN over FIRST)`.
fn events(cluster: &Cluster, meta: &ObjectMeta) -> String {
    let now = cluster.now();
    let mut list: Vec<&Event> =
        cluster.list::<Event>().in_creation_order().into_iter().filter(|e| e.involved_object.uid == meta.uid).collect();
    crate::sorting::sort_by_key(&mut list, |e| e.last_timestamp);
    if list.is_empty() {
        return "Events:\t<none>\n".into();
    }
    let mut out = String::from("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
    for e in list {
        let last = now.since(e.last_timestamp.0).to_string();
        let age = match e.count > 1 {
            true => format!("{last} (x{} over {})", e.count, now.since(e.first_timestamp.0)),
            false => last,
        };
        out.push_str(&format!("  {}\t{}\t{age}\t{}\t{}\n", e.type_, e.reason, e.source.component, e.message));
    }
    out
}
