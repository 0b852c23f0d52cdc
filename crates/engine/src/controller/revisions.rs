//! A StatefulSet's ControllerRevisions (behaviour document, section 4.4): naming
//! (`<set>-<hash>`, an FNV-32 hash in the safe alphabet), finding or
//! creating the update revision (a rollback bumps an old revision's number instead of
//! making a new object), the current revision, and history truncation.

use crate::api::pod::PodTemplateSpec;
use crate::api::{ControllerRevision, ObjectMeta, Pod, StatefulSet};
use crate::error::ApiError;
use crate::random::NAME_ALPHABET;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::wire::Wire;
use std::rc::Rc;

/// The label every revision carries with its hash.
pub const HASH_LABEL: &str = "controller.kubernetes.io/hash";
/// The pod label naming the revision the pod was made from.
pub const POD_REVISION_LABEL: &str = "controller-revision-hash";

/// Go's `hash/fnv` New32 (FNV-1, 32 bits).
fn fnv1_32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| h.wrapping_mul(0x0100_0193) ^ u32::from(*b))
}

/// The revision hash: FNV-1 of the template's JSON form (keys sorted) and of the
/// collision count, its decimal digits mapped into the safe alphabet
/// (`rand.SafeEncodeString`). Upstream hashes the template's JSON bytes too; they also
/// hold defaults the simulation does not model, so the values cannot match a real
/// cluster's anyway. The rendering is the same on every platform.
pub fn revision_hash(template: &PodTemplateSpec, collision_count: i32) -> String {
    let mut bytes = template.encode().to_string().into_bytes();
    bytes.extend_from_slice(collision_count.to_string().as_bytes());
    fnv1_32(&bytes).to_string().bytes().map(|b| NAME_ALPHABET[usize::from(b) % NAME_ALPHABET.len()] as char).collect()
}

/// The revision a pod was made from (its `controller-revision-hash` label).
pub fn pod_revision(pod: &Pod) -> Option<&str> {
    pod.metadata.labels.get(POD_REVISION_LABEL).map(String::as_str)
}

/// The revisions the set owns, oldest revision number first (shared, not copied: this
/// runs on every sync).
pub fn owned_revisions(sim: &Simulation, set: &StatefulSet) -> Vec<Rc<ControllerRevision>> {
    let mut revisions: Vec<Rc<ControllerRevision>> = sim
        .cluster
        .list::<ControllerRevision>()
        .values_shared()
        .filter(|r| {
            r.metadata.namespace == set.metadata.namespace
                && r.metadata.controller_ref().is_some_and(|o| o.uid == set.metadata.uid)
        })
        .collect();
    crate::sorting::sort_by(&mut revisions, |a, b| {
        a.revision.cmp(&b.revision).then_with(|| a.metadata.name.cmp(&b.metadata.name))
    });
    revisions
}

fn new_revision(set: &StatefulSet, revision: i64, collision_count: i32) -> ControllerRevision {
    let hash = revision_hash(&set.spec.template, collision_count);
    let mut labels = set.spec.template.metadata.labels.clone();
    labels.insert(HASH_LABEL.into(), hash.clone());
    ControllerRevision {
        metadata: ObjectMeta {
            name: format!("{}-{hash}", set.metadata.name),
            namespace: set.metadata.namespace.clone(),
            labels,
            annotations: set.metadata.annotations.clone(),
            owner_references: vec![crate::api::controller_ref_to(set)],
            ..Default::default()
        },
        data: crate::api::controllerrevision::RevisionData { template: set.spec.template.clone() },
        revision,
        ..Default::default()
    }
}

/// The current and update revisions of `set` and the collision count, creating or
/// bumping revisions as `getStatefulSetRevisions` does. A revision equals the set when
/// its template does (the hash is computed only when a new revision is made).
pub fn current_and_update(
    sim: &mut Simulation,
    set: &StatefulSet,
) -> Result<(Rc<ControllerRevision>, Rc<ControllerRevision>, i32), ApiError> {
    let revisions = owned_revisions(sim, set);
    let mut collision_count = set.status.as_ref().and_then(|s| s.collision_count).unwrap_or(0);
    let next = revisions.last().map_or(1, |r| r.revision + 1);
    let equal = revisions.iter().rev().find(|r| r.data.template == set.spec.template);
    let update = match (equal, revisions.last()) {
        // Unchanged template: the newest revision stays the update revision.
        (Some(eq), Some(newest)) if eq.metadata.name == newest.metadata.name => Rc::clone(eq),
        // A rollback: the old revision gets the next number.
        (Some(eq), _) => {
            let mut bumped = ControllerRevision::clone(eq);
            bumped.revision = next;
            crate::api_client::update(sim, bumped)?
        }
        (None, _) => loop {
            let candidate = new_revision(set, next, collision_count);
            let key = ObjectKey::new(&set.metadata.namespace, &candidate.metadata.name);
            match sim.cluster.list::<ControllerRevision>().get_shared(&key) {
                Some(existing) if existing.data.template == candidate.data.template => break existing,
                Some(_) => collision_count += 1,
                None => break crate::api_client::create(sim, candidate)?,
            }
        },
    };
    let current_name = set.status.as_ref().and_then(|s| s.current_revision.as_ref());
    let current =
        revisions.iter().find(|r| Some(&r.metadata.name) == current_name).map_or_else(|| Rc::clone(&update), Rc::clone);
    Ok((current, update, collision_count))
}

/// `truncateHistory`: deletes the oldest revisions that no pod, nor the current or update
/// revision, uses, until at most `revisionHistoryLimit` of them remain.
pub fn truncate_history<'a>(
    sim: &mut Simulation,
    set: &StatefulSet,
    pod_revisions: impl Iterator<Item = &'a str>,
    live: [&str; 2],
) {
    let limit = set.spec.revision_history_limit.unwrap_or(10);
    let Ok(limit) = usize::try_from(limit) else { return };
    let revisions = owned_revisions(sim, set);
    if revisions.len() <= limit {
        return;
    }
    let used: crate::flat_map::FlatSet<&str> = crate::sorting::set_from(pod_revisions);
    let history: Vec<&Rc<ControllerRevision>> = revisions
        .iter()
        .filter(|r| !live.contains(&r.metadata.name.as_str()) && !used.contains(r.metadata.name.as_str()))
        .collect();
    for old in history.iter().take(history.len().saturating_sub(limit)) {
        let key = ObjectKey::new(&old.metadata.namespace, &old.metadata.name);
        let _ = crate::api_client::remove::<ControllerRevision>(sim, &key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1_matches_gos_hash_fnv_new32() {
        // Reference values of Go's fnv.New32 (FNV-1).
        assert_eq!(fnv1_32(b""), 0x811c_9dc5);
        assert_eq!(fnv1_32(b"a"), 0x050c_5d7e);
        assert_eq!(fnv1_32(b"foobar"), 0x31f0_b262);
    }

    #[test]
    fn hashes_use_the_safe_alphabet_and_change_with_the_collision_count() {
        let mut t = PodTemplateSpec::default();
        t.metadata.labels.insert("app".into(), "nginx".into());
        let h0 = revision_hash(&t, 0);
        assert!(h0.bytes().all(|b| NAME_ALPHABET.contains(&b)) && !h0.is_empty() && h0.len() <= 10, "{h0}");
        assert_ne!(h0, revision_hash(&t, 1));
        assert_eq!(h0, revision_hash(&t.clone(), 0));
        t.metadata.labels.insert("tier".into(), "web".into());
        assert_ne!(h0, revision_hash(&t, 0), "another template, another hash");
    }
}
