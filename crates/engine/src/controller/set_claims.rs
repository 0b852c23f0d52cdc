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
    /// Per template, (ordinal, claim) in name order: the ordinals' decimal forms sorted
    /// as text (`10` before `2`), as the store lists them.
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
                store
                    .range_from(&start)
                    .take_while(|(k, _)| k.namespace == set.metadata.namespace && k.name.starts_with(&prefix))
                    .filter_map(|(k, claim)| Some((canonical_ordinal(&k.name[prefix.len()..])?, claim)))
                    .collect()
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
    let text = |o: i64| DecimalText::of(o);
    let wanted = text(ordinal);
    let i = claims.binary_search_by(|(o, _)| text(*o).as_bytes().cmp(wanted.as_bytes())).ok()?;
    claims.get(i).map(|(_, c)| &**c)
}

/// An ordinal's decimal digits without allocating (ordinals are non-negative here).
struct DecimalText {
    digits: [u8; 20],
    start: usize,
}

impl DecimalText {
    fn of(mut n: i64) -> Self {
        let mut digits = [b'0'; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10).unsigned_abs() as u8;
            n /= 10;
            if n == 0 || start == 0 {
                return DecimalText { digits, start };
            }
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.digits[self.start..]
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
    fn decimal_text_orders_as_the_store_does() {
        assert_eq!(super::DecimalText::of(0).as_bytes(), b"0");
        assert_eq!(super::DecimalText::of(1234).as_bytes(), b"1234");
        assert!(super::DecimalText::of(10).as_bytes() < super::DecimalText::of(2).as_bytes());
    }

    #[test]
    fn only_names_the_controller_would_write_have_an_ordinal() {
        assert_eq!(canonical_ordinal("0"), Some(0));
        assert_eq!(canonical_ordinal("12"), Some(12));
        for other in ["", "01", "+1", "-1", "2-0", "1a", "99999999999999999999"] {
            assert_eq!(canonical_ordinal(other), None, "{other}");
        }
    }
}
