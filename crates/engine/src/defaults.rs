//! Defaulting, as the API server applies it before validation
//! (`pkg/apis/apps/v1/defaults.go` and the core pod defaults).

use crate::api::pod::PodSpec;
use crate::api::pvc::PersistentVolumeClaimStatus;
#[cfg(test)]
use crate::api::statefulset::StatefulSetUpdateStrategy;
use crate::api::statefulset::{IntOrString, RetentionPolicy, RollingUpdate};
use crate::api::StatefulSet;
use crate::cluster::DEFAULT_GRACE_PERIOD_SECONDS;

/// Fills every field of a StatefulSet that the API server defaults.
pub fn default_statefulset(set: &mut StatefulSet) {
    let spec = &mut set.spec;
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    spec.pod_management_policy.get_or_insert_with(|| "OrderedReady".into());
    // As defaults.go: an empty type becomes RollingUpdate (with an empty block if none);
    // a RollingUpdate block then gets partition 0 and, with the MaxUnavailableStatefulSet
    // gate on by default since v1.35, maxUnavailable 1.
    let strategy = spec.update_strategy.get_or_insert_with(Default::default);
    if strategy.type_.is_none() {
        strategy.type_ = Some("RollingUpdate".into());
        strategy.rolling_update.get_or_insert_with(RollingUpdate::default);
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        if let Some(ru) = strategy.rolling_update.as_mut() {
            ru.partition.get_or_insert(0);
            ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        }
    }
    let policy = spec.persistent_volume_claim_retention_policy.get_or_insert_with(RetentionPolicy::default);
    policy.when_deleted.get_or_insert_with(|| "Retain".into());
    policy.when_scaled.get_or_insert_with(|| "Retain".into());
    default_pod_spec(&mut spec.template.spec);
    for claim in &mut spec.volume_claim_templates {
        claim.spec.volume_mode.get_or_insert_with(|| "Filesystem".into());
        claim
            .status
            .get_or_insert_with(|| PersistentVolumeClaimStatus { phase: Some("Pending".into()), ..Default::default() });
    }
}

/// Fills the pod spec fields the API server defaults.
pub fn default_pod_spec(spec: &mut PodSpec) {
    spec.restart_policy.get_or_insert_with(|| "Always".into());
    spec.termination_grace_period_seconds.get_or_insert(DEFAULT_GRACE_PERIOD_SECONDS);
    spec.dns_policy.get_or_insert_with(|| "ClusterFirst".into());
    spec.scheduler_name.get_or_insert_with(|| "default-scheduler".into());
    for c in spec.containers.iter_mut().chain(spec.init_containers.iter_mut()) {
        for p in &mut c.ports {
            p.protocol.get_or_insert_with(|| "TCP".into());
        }
    }
}

/// The DefaultTolerationSeconds admission plugin: a pod that does not tolerate the
/// not-ready and unreachable `NoExecute` taints gets tolerations for them with 300 s, so
/// it is evicted five minutes after its node fails.
pub fn default_tolerations(spec: &mut PodSpec) {
    use crate::api::scheduling::{Taint, Toleration, DEFAULT_TOLERATION_SECONDS, NOT_READY_TAINT, UNREACHABLE_TAINT};
    for key in [NOT_READY_TAINT, UNREACHABLE_TAINT] {
        let taint = Taint::new(key, "NoExecute");
        if !spec.tolerations.iter().any(|t| t.tolerates(&taint)) {
            spec.tolerations.push(Toleration {
                key: Some(key.into()),
                operator: Some("Exists".into()),
                value: None,
                effect: Some("NoExecute".into()),
                toleration_seconds: Some(DEFAULT_TOLERATION_SECONDS),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_set_gets_the_documented_defaults() {
        let mut s = StatefulSet::default();
        default_statefulset(&mut s);
        assert_eq!(s.spec.replicas, Some(1));
        assert_eq!(s.spec.revision_history_limit, Some(10));
        assert_eq!(s.spec.pod_management_policy.as_deref(), Some("OrderedReady"));
        let strategy = s.spec.update_strategy.expect("strategy");
        assert_eq!(strategy.type_.as_deref(), Some("RollingUpdate"));
        assert_eq!(
            strategy.rolling_update,
            Some(RollingUpdate { partition: Some(0), max_unavailable: Some(IntOrString::Int(1)) })
        );
        let policy = s.spec.persistent_volume_claim_retention_policy.expect("policy");
        assert_eq!(policy.when_deleted.as_deref(), Some("Retain"));
        assert_eq!(policy.when_scaled.as_deref(), Some("Retain"));
        assert_eq!(s.spec.template.spec.restart_policy.as_deref(), Some("Always"));
        assert_eq!(s.spec.template.spec.termination_grace_period_seconds, Some(30));
    }

    #[test]
    fn a_given_rolling_update_block_is_completed_not_replaced() {
        let mut s = StatefulSet::default();
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: None,
            rolling_update: Some(RollingUpdate { partition: Some(2), max_unavailable: Some(IntOrString::Int(0)) }),
        });
        default_statefulset(&mut s);
        let strategy = s.spec.update_strategy.expect("strategy");
        assert_eq!(strategy.type_.as_deref(), Some("RollingUpdate"));
        assert_eq!(
            strategy.rolling_update,
            Some(RollingUpdate { partition: Some(2), max_unavailable: Some(IntOrString::Int(0)) })
        );
    }

    #[test]
    fn rolling_update_without_a_block_stays_without_one() {
        let mut s = StatefulSet::default();
        s.spec.update_strategy =
            Some(StatefulSetUpdateStrategy { type_: Some("RollingUpdate".into()), rolling_update: None });
        default_statefulset(&mut s);
        assert_eq!(s.spec.update_strategy.and_then(|u| u.rolling_update), None);
    }
}
