//! `persistentVolumeClaimRetentionPolicy` (behaviour document, section 2.5): the
//! controller expresses the policy as owner references on the claims, and the garbage
//! collector does the deleting. These are `isClaimOwnerUpToDate`,
//! `updateClaimOwnerRefForSetAndPod` and `PodClaimIsStale` of `stateful_set_utils.go`.

use crate::api::meta::OwnerReference;
use crate::api::statefulset::ClaimRetention;
use crate::api::{controller_ref_to, PersistentVolumeClaim, Pod, StatefulSet};

/// Whether `reference` names `owner` of `kind` by kind and name (any uid).
fn matches_ref(reference: &OwnerReference, kind: &str, name: &str) -> bool {
    reference.kind == kind && reference.name == name
}

/// A reference to an earlier incarnation: same kind and name, another uid.
fn has_stale_owner_ref(claim: &PersistentVolumeClaim, kind: &str, name: &str, uid: &str) -> bool {
    claim.metadata.owner_references.iter().any(|r| matches_ref(r, kind, name) && r.uid != uid)
}

fn has_owner_ref(claim: &PersistentVolumeClaim, uid: &str) -> bool {
    claim.metadata.owner_references.iter().any(|r| r.uid == uid)
}

/// A controller reference to something other than this set or pod.
fn has_unexpected_controller(claim: &PersistentVolumeClaim, set: &StatefulSet, pod: &Pod) -> bool {
    claim.metadata.owner_references.iter().filter(|r| r.controller == Some(true)).any(|r| {
        if matches_ref(r, "StatefulSet", &set.metadata.name) {
            r.uid != set.metadata.uid
        } else if matches_ref(r, "Pod", &pod.metadata.name) {
            r.uid != pod.metadata.uid
        } else {
            true
        }
    })
}

/// A reference to this set or pod that is not a controller reference.
fn has_non_controller_owner(claim: &PersistentVolumeClaim, set: &StatefulSet, pod: &Pod) -> bool {
    claim
        .metadata
        .owner_references
        .iter()
        .any(|r| (r.uid == set.metadata.uid || r.uid == pod.metadata.uid) && r.controller != Some(true))
}

/// Whether the claim's owner references already say what the policy wants for `pod`
/// (condemned or not): the table of section 2.5.
pub(crate) fn is_claim_owner_up_to_date(
    claim: &PersistentVolumeClaim,
    set: &StatefulSet,
    pod: &Pod,
    condemned: bool,
) -> bool {
    if has_stale_owner_ref(claim, "StatefulSet", &set.metadata.name, &set.metadata.uid)
        || has_stale_owner_ref(claim, "Pod", &pod.metadata.name, &pod.metadata.uid)
    {
        // Managed by an earlier incarnation: not to be touched.
        return true;
    }
    if has_unexpected_controller(claim, set, pod) {
        return !(has_owner_ref(claim, &set.metadata.uid) || has_owner_ref(claim, &pod.metadata.uid));
    }
    if has_non_controller_owner(claim, set, pod) {
        return false;
    }
    let policy = set.retention();
    let set_ref = has_owner_ref(claim, &set.metadata.uid);
    let pod_ref = has_owner_ref(claim, &pod.metadata.uid);
    match (policy.when_scaled_delete, policy.when_deleted_delete) {
        (false, false) => !set_ref && !pod_ref,
        (false, true) => set_ref && !pod_ref,
        (true, false) => !set_ref && condemned == pod_ref,
        (true, true) => condemned != set_ref && condemned == pod_ref,
    }
}

/// Rewrites the claim's references to this set and pod so that they say what the policy
/// wants; returns the `ConflictingController` warning to record when another controller
/// owns the claim (then only our references are scrubbed).
pub(crate) fn update_claim_owner_refs(
    claim: &mut PersistentVolumeClaim,
    set: &StatefulSet,
    pod: &Pod,
    condemned: bool,
) -> Option<String> {
    let unexpected = has_unexpected_controller(claim, set, pod);
    let refs = &mut claim.metadata.owner_references;
    refs.retain(|r| !matches_ref(r, "StatefulSet", &set.metadata.name) && !matches_ref(r, "Pod", &pod.metadata.name));
    if unexpected {
        return Some(format!(
            "PersistentVolumeClaim {} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim",
            claim.metadata.name
        ));
    }
    let ClaimRetention { when_scaled_delete, when_deleted_delete } = set.retention();
    if when_scaled_delete && condemned {
        refs.push(controller_ref_to(pod));
    } else if when_deleted_delete {
        refs.push(controller_ref_to(set));
    }
    None
}

/// `PodClaimIsStale`: with `whenScaled: Delete`, a claim still owned by an earlier pod
/// of the same name (not yet collected) stops the pod from being created.
pub(crate) fn claim_is_stale(claim: &PersistentVolumeClaim, set: &StatefulSet, pod_name: &str) -> bool {
    set.retention().when_scaled_delete && has_stale_owner_ref(claim, "Pod", pod_name, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::statefulset::RetentionPolicy;
    use crate::api::ObjectMeta;

    fn set(scaled: &str, deleted: &str) -> StatefulSet {
        let mut s = StatefulSet {
            metadata: ObjectMeta { name: "ss".into(), uid: "set-uid".into(), ..Default::default() },
            ..Default::default()
        };
        s.spec.replicas = Some(3);
        s.spec.persistent_volume_claim_retention_policy =
            Some(RetentionPolicy { when_scaled: Some(scaled.into()), when_deleted: Some(deleted.into()) });
        s
    }

    fn pod() -> Pod {
        Pod {
            metadata: ObjectMeta { name: "ss-1".into(), uid: "pod-uid".into(), ..Default::default() },
            ..Default::default()
        }
    }

    fn claim(refs: Vec<OwnerReference>) -> PersistentVolumeClaim {
        PersistentVolumeClaim {
            metadata: ObjectMeta { name: "datadir-ss-1".into(), owner_references: refs, ..Default::default() },
            ..Default::default()
        }
    }

    /// TestIsClaimOwnerUpToDate, the policy table: for each policy and pod state, the
    /// references the update writes are the ones the check accepts, and no others are.
    #[test]
    fn the_update_writes_exactly_what_the_check_wants() {
        let pod = pod();
        for (scaled, deleted) in
            [("Retain", "Retain"), ("Retain", "Delete"), ("Delete", "Retain"), ("Delete", "Delete")]
        {
            let set = set(scaled, deleted);
            for condemned in [false, true] {
                let mut c = claim(vec![]);
                assert_eq!(update_claim_owner_refs(&mut c, &set, &pod, condemned), None);
                assert!(is_claim_owner_up_to_date(&c, &set, &pod, condemned), "{scaled}/{deleted} {condemned}");
                let want_set = deleted == "Delete" && !(scaled == "Delete" && condemned);
                let want_pod = scaled == "Delete" && condemned;
                assert_eq!(has_owner_ref(&c, "set-uid"), want_set, "{scaled}/{deleted} {condemned}");
                assert_eq!(has_owner_ref(&c, "pod-uid"), want_pod, "{scaled}/{deleted} {condemned}");
                for other in [vec![], vec![controller_ref_to(&set)], vec![controller_ref_to(&pod)]] {
                    let other = claim(other);
                    if other.metadata.owner_references != c.metadata.owner_references {
                        assert!(!is_claim_owner_up_to_date(&other, &set, &pod, condemned));
                    }
                }
            }
        }
    }

    #[test]
    fn a_stale_reference_is_left_alone_and_blocks_creation() {
        let set = set("Delete", "Retain");
        let mut old = controller_ref_to(&pod());
        old.uid = "old-pod-uid".into();
        let c = claim(vec![old]);
        assert!(is_claim_owner_up_to_date(&c, &set, &pod(), false));
        assert!(claim_is_stale(&c, &set, "ss-1"));
        assert!(!claim_is_stale(&c, &self::set("Retain", "Retain"), "ss-1"));
    }

    #[test]
    fn another_controller_wins_and_our_references_are_scrubbed() {
        let set = set("Retain", "Delete");
        let mut foreign = controller_ref_to(&pod());
        foreign.kind = "ReplicaSet".into();
        foreign.name = "other".into();
        foreign.uid = "other-uid".into();
        let mut c = claim(vec![foreign.clone(), controller_ref_to(&set)]);
        assert!(!is_claim_owner_up_to_date(&c, &set, &pod(), false));
        assert!(update_claim_owner_refs(&mut c, &set, &pod(), false).is_some());
        assert_eq!(c.metadata.owner_references, vec![foreign]);
        assert!(is_claim_owner_up_to_date(&c, &set, &pod(), false));
    }
}
