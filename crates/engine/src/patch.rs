//! `kubectl patch` of a StatefulSet: the patch (JSON or YAML) is read as a partial
//! StatefulSet and merged into the stored one field by field, as a strategic merge patch
//! does for these fields: objects merge, maps merge key by key, containers and volumes
//! merge by name, other lists are replaced. With `--type=merge` (RFC 7386) lists are
//! replaced whole. Removing a field with `null` is not supported.

use crate::api::meta::ObjectMeta;
use crate::api::pod::{Container, PodSpec, PodTemplateSpec, Volume};
use crate::api::statefulset::{StatefulSetSpec, StatefulSetUpdateStrategy};
use crate::api::StatefulSet;

fn replace<T>(target: &mut Option<T>, patch: Option<T>) {
    if patch.is_some() {
        *target = patch;
    }
}

fn merge_meta(target: &mut ObjectMeta, patch: ObjectMeta) {
    target.labels.extend(patch.labels);
    target.annotations.extend(patch.annotations);
}

/// Merges list items that have a name: patched items merge into the item of the same
/// name, new names are appended.
fn merge_named<T>(target: &mut Vec<T>, patch: Vec<T>, name: fn(&T) -> &str, merge: fn(&mut T, T), strategic: bool) {
    if patch.is_empty() {
        return;
    }
    if !strategic {
        *target = patch;
        return;
    }
    for item in patch {
        match target.iter_mut().find(|t| name(t) == name(&item)) {
            Some(existing) => merge(existing, item),
            None => target.push(item),
        }
    }
}

fn merge_container(target: &mut Container, patch: Container) {
    if !patch.image.is_empty() {
        target.image = patch.image;
    }
    if !patch.ports.is_empty() {
        target.ports = patch.ports;
    }
    if !patch.volume_mounts.is_empty() {
        target.volume_mounts = patch.volume_mounts;
    }
}

fn merge_pod_spec(target: &mut PodSpec, patch: PodSpec, strategic: bool) {
    merge_named(&mut target.containers, patch.containers, |c| &c.name, merge_container, strategic);
    merge_named(&mut target.init_containers, patch.init_containers, |c| &c.name, merge_container, strategic);
    merge_named(&mut target.volumes, patch.volumes, |v: &Volume| &v.name, |t, p| *t = p, strategic);
    replace(&mut target.node_name, patch.node_name);
    replace(&mut target.hostname, patch.hostname);
    replace(&mut target.subdomain, patch.subdomain);
    replace(&mut target.restart_policy, patch.restart_policy);
    replace(&mut target.termination_grace_period_seconds, patch.termination_grace_period_seconds);
    replace(&mut target.dns_policy, patch.dns_policy);
    replace(&mut target.scheduler_name, patch.scheduler_name);
}

fn merge_template(target: &mut PodTemplateSpec, patch: PodTemplateSpec, strategic: bool) {
    merge_meta(&mut target.metadata, patch.metadata);
    merge_pod_spec(&mut target.spec, patch.spec, strategic);
}

fn merge_strategy(target: &mut Option<StatefulSetUpdateStrategy>, patch: Option<StatefulSetUpdateStrategy>) {
    let Some(patch) = patch else { return };
    let target = target.get_or_insert_with(Default::default);
    replace(&mut target.type_, patch.type_);
    if let Some(p) = patch.rolling_update {
        let t = target.rolling_update.get_or_insert_with(Default::default);
        replace(&mut t.partition, p.partition);
        replace(&mut t.max_unavailable, p.max_unavailable);
    }
}

fn merge_spec(target: &mut StatefulSetSpec, patch: StatefulSetSpec, strategic: bool) {
    replace(&mut target.replicas, patch.replicas);
    replace(&mut target.selector, patch.selector);
    merge_template(&mut target.template, patch.template, strategic);
    if !patch.volume_claim_templates.is_empty() {
        target.volume_claim_templates = patch.volume_claim_templates;
    }
    replace(&mut target.service_name, patch.service_name);
    replace(&mut target.pod_management_policy, patch.pod_management_policy);
    merge_strategy(&mut target.update_strategy, patch.update_strategy);
    replace(&mut target.revision_history_limit, patch.revision_history_limit);
    replace(&mut target.min_ready_seconds, patch.min_ready_seconds);
    if let Some(p) = patch.persistent_volume_claim_retention_policy {
        let t = target.persistent_volume_claim_retention_policy.get_or_insert_with(Default::default);
        replace(&mut t.when_deleted, p.when_deleted);
        replace(&mut t.when_scaled, p.when_scaled);
    }
    replace(&mut target.ordinals, patch.ordinals);
}

/// `set` with `patch` merged in; `strategic` merges named lists by name.
pub fn merge_statefulset(set: &StatefulSet, patch: StatefulSet, strategic: bool) -> StatefulSet {
    let mut out = set.clone();
    merge_meta(&mut out.metadata, patch.metadata);
    merge_spec(&mut out.spec, patch.spec, strategic);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::ContainerPort;

    fn web() -> StatefulSet {
        let mut s = StatefulSet::default();
        s.spec.replicas = Some(2);
        s.spec.template.spec.containers = vec![Container {
            name: "nginx".into(),
            image: "nginx:1".into(),
            ports: vec![ContainerPort { container_port: 80, name: Some("web".into()), protocol: None }],
            volume_mounts: vec![],
        }];
        s
    }

    fn patch(json: &str) -> StatefulSet {
        serde_json::from_str(json).expect("patch")
    }

    #[test]
    fn fields_given_replace_and_others_stay() {
        let out = merge_statefulset(&web(), patch(r#"{"spec":{"replicas":5}}"#), true);
        assert_eq!(out.spec.replicas, Some(5));
        assert_eq!(out.spec.template.spec.containers[0].image, "nginx:1");
    }

    #[test]
    fn strategic_merge_merges_containers_by_name() {
        let p = patch(r#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:2"}]}}}}"#);
        let out = merge_statefulset(&web(), p.clone(), true);
        assert_eq!(out.spec.template.spec.containers[0].image, "nginx:2");
        assert_eq!(out.spec.template.spec.containers[0].ports.len(), 1, "ports kept");
        let merged = merge_statefulset(&web(), p, false);
        assert!(merged.spec.template.spec.containers[0].ports.is_empty(), "--type=merge replaces the list");
    }

    #[test]
    fn nested_objects_merge() {
        let mut base = web();
        base.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: Some(crate::api::statefulset::RollingUpdate { partition: Some(0), max_unavailable: None }),
        });
        let out =
            merge_statefulset(&base, patch(r#"{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}"#), true);
        let s = out.spec.update_strategy.expect("strategy");
        assert_eq!(s.type_.as_deref(), Some("RollingUpdate"));
        assert_eq!(s.rolling_update.and_then(|r| r.partition), Some(2));
    }

    #[test]
    fn labels_merge_key_by_key() {
        let mut base = web();
        base.metadata.labels.insert("a".into(), "1".into());
        let out = merge_statefulset(&base, patch(r#"{"metadata":{"labels":{"b":"2"}}}"#), true);
        assert_eq!(out.metadata.labels.len(), 2);
    }
}
