//! The claims of one StatefulSet as a sync sees them: read once at the start of the sync
//! (as the controller reads its claim lister) and looked up by template and ordinal.
//!
//! Every sync asks, for every pod, whether its claims exist and carry the references the
//! retention policy wants; building the answer from one ordered scan of the set's claim
//! names keeps that from costing a name formatting and a map search per pod.

use crate::api::{PersistentVolumeClaim, StatefulSet};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use std::rc::Rc;

/// The set's existing claims, by template (in `volumeClaimTemplates` order) and ordinal.
#[derive(Debug, Default)]
pub(crate) struct SetClaims {
    /// Per template, (ordinal, claim) sorted by ordinal.
    by_template: Vec<Vec<(i64, Rc<PersistentVolumeClaim>)>>,
}

impl SetClaims {
    /// Reads the claims named `<template>-<set>-<ordinal>` for every template of `set`.
    pub(crate) fn read(sim: &Simulation, set: &StatefulSet) -> Self {
        let store = sim.cluster.list::<PersistentVolumeClaim>();
        let by_template = set
            .spec
            .volume_claim_templates
            .iter()
            .map(|t| {
                let prefix = format!("{}-{}-", t.metadata.name, set.metadata.name);
                let start = ObjectKey::new(&set.metadata.namespace, &prefix);
                let mut claims: Vec<(i64, Rc<PersistentVolumeClaim>)> = store
                    .range_from(&start)
                    .take_while(|(k, _)| k.namespace == set.metadata.namespace && k.name.starts_with(&prefix))
                    .filter_map(|(k, claim)| Some((canonical_ordinal(&k.name[prefix.len()..])?, claim)))
                    .collect();
                claims.sort_unstable_by_key(|(ordinal, _)| *ordinal);
                claims
            })
            .collect();
        SetClaims { by_template }
    }

    /// The claims of the pod at `ordinal` that exist, in template order.
    pub(crate) fn of(&self, ordinal: i64) -> impl Iterator<Item = &PersistentVolumeClaim> + '_ {
        self.by_template.iter().filter_map(move |claims| find(claims, ordinal))
    }

    /// Whether every claim of the pod at `ordinal` exists and none is being deleted.
    pub(crate) fn all_present(&self, ordinal: i64) -> bool {
        self.by_template.iter().all(|claims| find(claims, ordinal).is_some_and(|c| !c.metadata.is_terminating()))
    }
}

fn find(claims: &[(i64, Rc<PersistentVolumeClaim>)], ordinal: i64) -> Option<&PersistentVolumeClaim> {
    let i = claims.binary_search_by_key(&ordinal, |(o, _)| *o).ok()?;
    claims.get(i).map(|(_, c)| &**c)
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
