//! A set's members by ordinal, and which of its replica slots a sync must look at.
//!
//! The replica pass of a sync (behaviour document, section 3.3, step F) goes through
//! every ordinal of the set and, for nearly all of them, finds a pod Running and Ready,
//! labelled right, whose claims carry the references the retention policy wants: a step
//! that goes on and writes nothing. A set of 10,000 pods is synced thousands of times an
//! hour, and walking every slot each time made the hour cost the square of the set's
//! size. The index keeps, as members come and go (`set_view.rs`):
//!
//! - the members by ordinal;
//! - the ordinals whose member is not *settled* ([`settled`]): an OrderedReady pass
//!   looks at them (and stops at the first), and only they can be unavailable;
//! - the ordinals whose member is *active* ([`active`]: finished, or labelled wrong): a
//!   Parallel pass, which does not wait for readiness, must act on them;
//! - the ordinals whose claims' references were not found right since the member or one
//!   of its claims last changed: the pass looks at them too;
//! - the ordinals on each revision label, for the rolling update's choice of pod.
//!
//! Only with `minReadySeconds` 0, where a settled pod is available whatever the clock
//! says; otherwise a sync walks every slot as before. A slot the pass skips would have
//! been a step that goes on and writes nothing: debug builds check that of every skipped
//! slot on every sync (`statefulset.rs`).

use crate::controller::pod_facts::{Member, PodFacts};
use crate::flat_map::{FlatMap, FlatSet};
use std::rc::Rc;

/// The members of one set by ordinal, with the ordinals a sync must look at.
#[derive(Debug, Clone, Default)]
pub(crate) struct SlotIndex {
    by_ordinal: FlatMap<i64, Rc<Member>>,
    unsettled: FlatSet<i64>,
    active: FlatSet<i64>,
    unchecked: FlatSet<i64>,
    by_revision: FlatMap<Option<String>, FlatSet<i64>>,
}

/// Whether a member's own state asks nothing of the replica pass: Running and Ready
/// (so available when `minReadySeconds` is 0), not being deleted, named right.
pub(crate) fn settled(facts: &PodFacts) -> bool {
    facts.running_ready && facts.ready_since.is_some() && !facts.terminating && !facts.terminal && facts.identity_ok
}

/// Whether a member's own state makes a step act whatever its claims say: it finished
/// (to be deleted and made again) or its identity labels are wrong (to be restored).
pub(crate) fn active(facts: &PodFacts) -> bool {
    facts.terminal || !facts.identity_ok
}

impl SlotIndex {
    /// The index of `members`, every claim unchecked; `None` if two of them share an
    /// ordinal (`web-1` and `web-01`), which the index cannot tell apart.
    pub(crate) fn of(members: impl Iterator<Item = Rc<Member>>) -> Option<Self> {
        let mut index = SlotIndex::default();
        for member in members {
            if !index.insert(&member) {
                return None;
            }
        }
        Some(index)
    }

    /// Adds a member, its claims unchecked; false (and nothing added) if another member
    /// has its ordinal.
    pub(crate) fn insert(&mut self, member: &Rc<Member>) -> bool {
        let ordinal = member.ordinal;
        if self.by_ordinal.contains_key(&ordinal) {
            return false;
        }
        self.by_ordinal.insert(ordinal, Rc::clone(member));
        if !settled(&member.facts) {
            self.unsettled.insert(ordinal);
        }
        if active(&member.facts) {
            self.active.insert(ordinal);
        }
        self.unchecked.insert(ordinal);
        self.by_revision.entry(member.facts.revision.clone()).or_default().insert(ordinal);
        true
    }

    /// Takes a member out.
    pub(crate) fn remove(&mut self, member: &Member) {
        let ordinal = member.ordinal;
        if !self.by_ordinal.get(&ordinal).is_some_and(|held| std::ptr::eq(&**held, member)) {
            return;
        }
        self.by_ordinal.remove(&ordinal);
        self.unsettled.remove(&ordinal);
        self.active.remove(&ordinal);
        self.unchecked.remove(&ordinal);
        if let Some(on) = self.by_revision.get_mut(&member.facts.revision) {
            on.remove(&ordinal);
            if on.is_empty() {
                self.by_revision.remove(&member.facts.revision);
            }
        }
    }

    /// A claim of the pod at `ordinal` changed: its references are checked again.
    pub(crate) fn recheck(&mut self, ordinal: i64) {
        if self.by_ordinal.contains_key(&ordinal) {
            self.unchecked.insert(ordinal);
        }
    }

    /// Every claim is checked again (they were all read anew).
    pub(crate) fn recheck_all(&mut self) {
        self.unchecked = self.by_ordinal.keys().copied().collect();
    }

    /// The claims of the member at `ordinal` were found to carry the right references.
    pub(crate) fn checked(&mut self, ordinal: i64) {
        self.unchecked.remove(&ordinal);
    }

    /// The member at `ordinal`.
    pub(crate) fn member(&self, ordinal: i64) -> Option<&Member> {
        self.by_ordinal.get(&ordinal).map(|m| &**m)
    }

    /// How many ordinals from `start` to `end` (excluded) have no member.
    pub(crate) fn missing(&self, start: i64, end: i64) -> usize {
        usize::try_from(end - start).unwrap_or(0) - self.by_ordinal.between(&start, &end).len()
    }

    /// The ordinals from `start` to `end` (excluded) the replica pass must look at,
    /// ascending: those without a member, whose member's claims are unchecked, and with
    /// a member that is unsettled (`monotonic`, an OrderedReady pass, which waits for
    /// readiness) or active (a Parallel pass, which does not).
    pub(crate) fn to_visit(&self, start: i64, end: i64, monotonic: bool) -> Vec<i64> {
        let mut gaps = Vec::new();
        collect_gaps(start, end, self.by_ordinal.between(&start, &end), &mut gaps);
        let state = if monotonic { &self.unsettled } else { &self.active };
        let looked = merge(state.between(&start, &end), self.unchecked.between(&start, &end));
        merge(&gaps, &looked)
    }

    /// The unsettled members from `start` to `end` (excluded), ascending: the only ones
    /// there that can be unavailable.
    pub(crate) fn unsettled_between(&self, start: i64, end: i64) -> impl Iterator<Item = &Member> + '_ {
        self.unsettled.between(&start, &end).iter().filter_map(|o| self.member(*o))
    }

    /// The members outside `start` to `end` (excluded), highest ordinal first.
    pub(crate) fn condemned(&self, start: i64, end: i64) -> Vec<&Member> {
        let above = self.by_ordinal.iter().rev().take_while(|(o, _)| **o >= end);
        let below = self.by_ordinal.between(&i64::MIN, &start).iter().rev().map(|(o, m)| (o, m));
        above.chain(below).map(|(_, m)| &**m).collect()
    }

    /// Up to `limit` members from `from` to `end` (excluded) whose revision label is not
    /// `revision` and that `keep` accepts, highest ordinal first.
    pub(crate) fn off_revision(
        &self,
        from: i64,
        end: i64,
        revision: &str,
        keep: impl Fn(&Member) -> bool,
        limit: usize,
    ) -> Vec<&Member> {
        let mut lists: Vec<&[i64]> = self
            .by_revision
            .iter()
            .filter(|(r, _)| r.as_deref() != Some(revision))
            .map(|(_, on)| on.between(&from, &end))
            .collect();
        let mut found = Vec::new();
        while found.len() < limit {
            let highest = lists.iter().enumerate().filter_map(|(i, l)| Some((*l.last()?, i))).max();
            let Some((ordinal, i)) = highest else { break };
            lists[i] = &lists[i][..lists[i].len() - 1];
            if let Some(member) = self.member(ordinal).filter(|m| keep(m)) {
                found.push(member);
            }
        }
        found
    }
}

/// Appends the ordinals from `from` to `to` (excluded) that `present` (the entries with
/// ordinals in that range, in order) lacks, halving the range where it has gaps.
fn collect_gaps(from: i64, to: i64, present: &[(i64, Rc<Member>)], out: &mut Vec<i64>) {
    if to <= from || i64::try_from(present.len()).is_ok_and(|n| n == to - from) {
        return;
    }
    if present.is_empty() {
        out.extend(from..to);
        return;
    }
    let mid = from + (to - from) / 2;
    let split = present.partition_point(|(o, _)| *o < mid);
    collect_gaps(from, mid, &present[..split], out);
    collect_gaps(mid, to, &present[split..], out);
}

/// The union of two ascending lists, ascending, each value once.
fn merge(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
                *x
            }
            (Some(x), Some(y)) if x < y => {
                i += 1;
                *x
            }
            (Some(x), None) => {
                i += 1;
                *x
            }
            (_, Some(y)) => {
                j += 1;
                *y
            }
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_and_merges_are_found_in_order() {
        assert_eq!(merge(&[1, 3, 5], &[2, 3, 6]), vec![1, 2, 3, 5, 6]);
        assert_eq!(merge(&[], &[4]), vec![4]);
        let member = |o: i64| (o, Rc::new(Member::new(o, Rc::new(crate::api::Pod::default()))));
        let present: Vec<(i64, Rc<Member>)> = [0, 1, 4, 5, 9].into_iter().map(member).collect();
        let mut gaps = Vec::new();
        collect_gaps(0, 12, &present, &mut gaps);
        assert_eq!(gaps, vec![2, 3, 6, 7, 8, 10, 11]);
    }
}
