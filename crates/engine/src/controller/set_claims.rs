//! The claims of one StatefulSet as a sync sees them: read once at the start of the sync
//! (as the controller reads its claim lister) and looked up by template and ordinal.
//!
//! Every sync asks, for every pod, whether its claims exist and carry the references the
//! retention policy wants; building the answer from one ordered scan of the set's claim
//! names keeps that from costing a name formatting and a map search per pod. The set's
//! view (`set_view.rs`) keeps the answer between syncs and [`SetClaims::refresh`]es only
//! the claims that changed.

use crate::api::statefulset::ClaimRetention;
use crate::api::{PersistentVolumeClaim, Pod, StatefulSet};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use std::cell::RefCell;
use std::rc::Rc;

/// The set's existing claims, by template (in `volumeClaimTemplates` order) and ordinal.
#[derive(Debug, Clone, Default)]
pub(crate) struct SetClaims {
    by_template: Vec<ByOrdinal>,
}

/// One template's claims: a slot per ordinal up to a bound (the usual case, looked up in
/// constant time), and the rare claims of larger ordinals in a list.
#[derive(Debug, Clone, Default)]
struct ByOrdinal {
    slots: Vec<Option<Held>>,
    beyond: Vec<(i64, Held)>,
}

/// One stored claim, with the last answer to whether its owner references suit the
/// retention policy for a pod. The answer lives beside the claim so that it goes when the
/// claim is replaced, and is found with the claim in one look (a sync asks it of every
/// pod of the set).
#[derive(Debug, Clone)]
struct Held {
    claim: Rc<PersistentVolumeClaim>,
    answer: RefCell<Option<RetentionAnswer>>,
}

/// One answer of `ClaimsMatchRetentionPolicy` for one claim, with its inputs besides the
/// claim and the set's name and uid (fixed for a view). The pod is held, not just its
/// address, so a later pod can never be mistaken for it.
#[derive(Debug, Clone)]
struct RetentionAnswer {
    pod: Rc<Pod>,
    policy: ClaimRetention,
    condemned: bool,
    matches: bool,
}

impl Held {
    fn new(claim: Rc<PersistentVolumeClaim>) -> Self {
        Held { claim, answer: RefCell::new(None) }
    }

    /// Whether the claim suits `policy` for `pod`: the kept answer if it was asked the
    /// same, otherwise `compute`'s, kept.
    fn matches(
        &self,
        pod: &Rc<Pod>,
        policy: ClaimRetention,
        condemned: bool,
        compute: impl Fn(&PersistentVolumeClaim) -> bool,
    ) -> bool {
        if let Some(known) = self.answer.borrow().as_ref() {
            if Rc::ptr_eq(&known.pod, pod) && known.policy == policy && known.condemned == condemned {
                debug_assert_eq!(
                    known.matches,
                    compute(&self.claim),
                    "stale retention answer for {}",
                    pod.metadata.name
                );
                return known.matches;
            }
        }
        let matches = compute(&self.claim);
        *self.answer.borrow_mut() = Some(RetentionAnswer { pod: Rc::clone(pod), policy, condemned, matches });
        matches
    }
}

impl ByOrdinal {
    fn get(&self, ordinal: i64) -> Option<&Held> {
        match usize::try_from(ordinal).ok().and_then(|i| self.slots.get(i)) {
            Some(slot) => slot.as_ref(),
            None => self.beyond.iter().find(|(o, _)| *o == ordinal).map(|(_, c)| c),
        }
    }

    /// Stores (or with `None` forgets) the claim at `ordinal`: in its slot if it is below
    /// `bound` or a slot exists, otherwise in the list.
    fn set(&mut self, ordinal: i64, claim: Option<Rc<PersistentVolumeClaim>>, bound: usize) {
        match usize::try_from(ordinal).ok().filter(|i| *i < bound.max(self.slots.len())) {
            Some(i) => {
                if self.slots.len() <= i {
                    self.slots.resize(i + 1, None);
                }
                self.slots[i] = claim.map(Held::new);
            }
            None => {
                self.beyond.retain(|(o, _)| *o != ordinal);
                if let Some(claim) = claim {
                    self.beyond.push((ordinal, Held::new(claim)));
                }
            }
        }
    }
}

/// The ordinal slots a read prepares: the ordinals the set can have now and a margin.
fn slot_bound(set: &StatefulSet) -> usize {
    usize::try_from(i64::from(set.start_ordinal()) + i64::from(set.replicas())).unwrap_or(0) * 2 + 64
}

/// The prefix of the claim names of `template`'s claims: `<template>-<set>-`.
fn prefix(template: &PersistentVolumeClaim, set: &StatefulSet) -> String {
    format!("{}-{}-", template.metadata.name, set.metadata.name)
}

impl SetClaims {
    /// Reads the claims named `<template>-<set>-<ordinal>` for every template of `set`.
    /// Slots cover the ordinals the set can have now and a margin; a claim left from a
    /// far larger ordinal goes to the list, so memory stays bounded by the claims.
    pub(crate) fn read(sim: &Simulation, set: &StatefulSet) -> Self {
        let store = sim.cluster.list::<PersistentVolumeClaim>();
        let bound = slot_bound(set);
        let by_template = set
            .spec
            .volume_claim_templates
            .iter()
            .map(|t| {
                let prefix = prefix(t, set);
                let start = ObjectKey::new(&set.metadata.namespace, &prefix);
                let mut claims = ByOrdinal::default();
                let found = store
                    .range_from(&start)
                    .take_while(|(k, _)| k.namespace == set.metadata.namespace && k.name.starts_with(&prefix))
                    .filter_map(|(k, claim)| Some((canonical_ordinal(&k.name[prefix.len()..])?, claim)));
                for (ordinal, claim) in found {
                    match usize::try_from(ordinal).ok().filter(|i| *i < bound) {
                        Some(i) => {
                            if claims.slots.len() <= i {
                                claims.slots.resize(i + 1, None);
                            }
                            claims.slots[i] = Some(Held::new(claim));
                        }
                        None => claims.beyond.push((ordinal, Held::new(claim))),
                    }
                }
                claims
            })
            .collect();
        SetClaims { by_template }
    }

    /// Looks again at the claims named `changed` (names in the set's namespace) that
    /// belong to one of the set's templates, as [`SetClaims::read`] would find them now;
    /// returns the ordinals whose claims it looked at.
    pub(crate) fn refresh<'a>(
        &mut self,
        sim: &Simulation,
        set: &StatefulSet,
        changed: impl Iterator<Item = &'a str>,
    ) -> Vec<i64> {
        let mut touched = Vec::new();
        let store = sim.cluster.list::<PersistentVolumeClaim>();
        let bound = slot_bound(set);
        let prefixes: Vec<String> = set.spec.volume_claim_templates.iter().map(|t| prefix(t, set)).collect();
        for name in changed {
            for (claims, prefix) in self.by_template.iter_mut().zip(&prefixes) {
                let Some(ordinal) = name.strip_prefix(prefix.as_str()).and_then(canonical_ordinal) else { continue };
                let claim = store.get_shared(&ObjectKey::new(&set.metadata.namespace, name));
                claims.set(ordinal, claim, bound);
                touched.push(ordinal);
            }
        }
        touched
    }

    /// The claims of the pod at `ordinal` that exist, in template order.
    pub(crate) fn of(&self, ordinal: i64) -> impl Iterator<Item = &Rc<PersistentVolumeClaim>> + Clone + '_ {
        self.by_template.iter().filter_map(move |claims| claims.get(ordinal)).map(|held| &held.claim)
    }

    /// `ClaimsMatchRetentionPolicy` for `pod` at `ordinal`: every existing claim of it
    /// carries the references `policy` wants, as `up_to_date` tells for one claim. Each
    /// claim keeps its last answer while the claim, the pod, the policy and `condemned`
    /// stay the same.
    pub(crate) fn match_retention(
        &self,
        ordinal: i64,
        pod: &Rc<Pod>,
        policy: ClaimRetention,
        condemned: bool,
        up_to_date: impl Fn(&PersistentVolumeClaim) -> bool,
    ) -> bool {
        self.by_template
            .iter()
            .filter_map(|claims| claims.get(ordinal))
            .all(|held| held.matches(pod, policy, condemned, &up_to_date))
    }

    /// Whether every claim of the pod at `ordinal` exists and none is being deleted.
    pub(crate) fn all_present(&self, ordinal: i64) -> bool {
        self.by_template.iter().all(|claims| claims.get(ordinal).is_some_and(|h| !h.claim.metadata.is_terminating()))
    }
}

#[cfg(debug_assertions)]
impl SetClaims {
    /// Every claim held, as (template index, ordinal, object address), sorted: two reads
    /// agree when these do.
    pub(crate) fn entries(&self) -> Vec<(usize, i64, *const PersistentVolumeClaim)> {
        let mut all = Vec::new();
        for (t, claims) in self.by_template.iter().enumerate() {
            for (i, slot) in claims.slots.iter().enumerate() {
                if let Some(h) = slot {
                    all.push((t, i as i64, Rc::as_ptr(&h.claim)));
                }
            }
            all.extend(claims.beyond.iter().map(|(o, h)| (t, *o, Rc::as_ptr(&h.claim))));
        }
        all.sort();
        all
    }
}

/// The ordinal a claim name ends with, if it is written as the controller writes it
/// (decimal, no sign, no leading zero).
fn canonical_ordinal(suffix: &str) -> Option<i64> {
    let canonical = !suffix.is_empty()
        && suffix.bytes().all(|b| b.is_ascii_digit())
        && (suffix.len() == 1 || !suffix.starts_with('0'));
    canonical.then(|| suffix.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::canonical_ordinal;

    #[test]
    fn only_names_the_controller_would_write_have_an_ordinal() {
        assert_eq!(canonical_ordinal("0"), Some(0));
        assert_eq!(canonical_ordinal("12"), Some(12));
        for other in ["", "01", "+1", "-1", "2-0", "1a", "99999999999999999999"] {
            assert_eq!(canonical_ordinal(other), None, "{other}");
        }
    }
}
