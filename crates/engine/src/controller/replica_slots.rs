//! A sync's split of the claimed pods into replica slots and condemned pods (behaviour
//! document, section 3.3, step C), and the questions the passes ask of the slots.
//!
//! Two ways to answer them, with the same answers: from the set's slot index
//! (`slot_index.rs`), looking only at the slots that can need something, or, when there
//! is no index or `minReadySeconds` makes availability move with the clock, from a list
//! of every slot walked whole, as the controller does.

use crate::controller::pod_facts::Member;
use crate::controller::set_view::Members;
use crate::controller::slot_index::SlotIndex;
use crate::time::SimTime;

/// The replica slots of one sync and its condemned pods.
pub(crate) struct ReplicaSlots<'a> {
    slots: Slots<'a>,
    /// The pods outside the replica range, highest ordinal first.
    pub condemned: Vec<&'a Member>,
}

enum Slots<'a> {
    Indexed { index: &'a SlotIndex, start: i64, count: usize },
    Walked { replicas: Vec<Option<&'a Member>> },
}

impl<'a> ReplicaSlots<'a> {
    /// The slots `start`…`start + count - 1` of `members`, indexed when the index can
    /// answer (`min_ready` 0 or less), walked otherwise.
    pub(crate) fn of(members: &'a Members, start: i64, count: usize, min_ready: i32) -> Self {
        let end = start.saturating_add(i64::try_from(count).unwrap_or(i64::MAX));
        match members.slots().filter(|_| min_ready <= 0) {
            Some(index) => {
                let condemned = index.condemned(start, end);
                ReplicaSlots { slots: Slots::Indexed { index, start, count }, condemned }
            }
            None => Self::walked(members, start, count),
        }
    }

    /// The slots walked whole: every member put in its slot or among the condemned.
    pub(crate) fn walked(members: &'a Members, start: i64, count: usize) -> Self {
        let mut replicas: Vec<Option<&Member>> = vec![None; count];
        let mut condemned: Vec<&Member> = Vec::new();
        for member in members.values() {
            match usize::try_from(member.ordinal - start).ok().filter(|i| *i < count) {
                Some(i) => replicas[i] = Some(member),
                None => condemned.push(member),
            }
        }
        crate::sorting::sort_by_key(&mut condemned, |m| std::cmp::Reverse(m.ordinal));
        ReplicaSlots { slots: Slots::Walked { replicas }, condemned }
    }

    /// Whether the answers come from the index.
    #[cfg(debug_assertions)]
    pub(crate) fn is_indexed(&self) -> bool {
        matches!(self.slots, Slots::Indexed { .. })
    }

    /// The pod in slot `i`.
    pub(crate) fn member(&self, i: usize) -> Option<&'a Member> {
        match &self.slots {
            Slots::Indexed { index, start, .. } => index.member(start + i as i64),
            Slots::Walked { replicas } => replicas.get(i).copied().flatten(),
        }
    }

    /// The slots the replica pass must look at, ascending; a slot left out has a pod
    /// whose claims were found right and that is settled (`monotonic`) or not active, so
    /// its step would go on and write nothing.
    pub(crate) fn to_visit(&self, monotonic: bool) -> Vec<usize> {
        match &self.slots {
            Slots::Indexed { index, start, count } => {
                let end = start + *count as i64;
                index.to_visit(*start, end, monotonic).into_iter().map(|o| (o - start) as usize).collect()
            }
            Slots::Walked { replicas } => (0..replicas.len()).collect(),
        }
    }

    /// The lowest slot's pod that `unavailable` says is unavailable.
    pub(crate) fn first_unavailable(&self, unavailable: impl Fn(&Member) -> bool) -> Option<&'a Member> {
        match &self.slots {
            Slots::Indexed { index, start, count } => {
                index.unsettled_between(*start, start + *count as i64).find(|m| unavailable(m))
            }
            Slots::Walked { replicas } => replicas.iter().flatten().copied().find(|m| unavailable(m)),
        }
    }
}

/// What the rolling update asks of the replica slots.
pub(crate) trait RollingSlots {
    /// How many slots have no pod, or one being deleted or not available at `now`,
    /// counted up to `at_most`.
    fn unavailable(&self, min_ready: i32, now: SimTime, at_most: usize) -> usize;
    /// Up to `limit` pods of the slots from `from` up that are not on `revision` and not
    /// being deleted, highest slot first.
    fn outdated(&self, from: usize, revision: &str, limit: usize) -> Vec<&Member>;
}

fn is_unavailable(m: &Member, min_ready: i32, now: SimTime) -> bool {
    m.facts.terminating || !m.facts.is_available(min_ready, now)
}

fn is_outdated(m: &Member, revision: &str) -> bool {
    m.facts.revision() != Some(revision) && !m.facts.terminating
}

impl<M: std::ops::Deref<Target = Member>> RollingSlots for Vec<Option<M>> {
    fn unavailable(&self, min_ready: i32, now: SimTime, at_most: usize) -> usize {
        let down = self.iter().filter(|slot| slot.as_ref().is_none_or(|m| is_unavailable(m, min_ready, now)));
        down.take(at_most).count()
    }

    fn outdated(&self, from: usize, revision: &str, limit: usize) -> Vec<&Member> {
        self.iter().skip(from).rev().flatten().map(|m| &**m).filter(|m| is_outdated(m, revision)).take(limit).collect()
    }
}

impl RollingSlots for ReplicaSlots<'_> {
    fn unavailable(&self, min_ready: i32, now: SimTime, at_most: usize) -> usize {
        match &self.slots {
            Slots::Indexed { index, start, count } => {
                let end = start + *count as i64;
                let missing = index.missing(*start, end).min(at_most);
                let unsettled = index.unsettled_between(*start, end).filter(|m| is_unavailable(m, min_ready, now));
                missing + unsettled.take(at_most - missing).count()
            }
            Slots::Walked { replicas } => replicas.unavailable(min_ready, now, at_most),
        }
    }

    fn outdated(&self, from: usize, revision: &str, limit: usize) -> Vec<&Member> {
        match &self.slots {
            Slots::Indexed { index, start, count } => {
                let (from, end) = (start.saturating_add(from as i64), start + *count as i64);
                index.off_revision(from, end, revision, |m| !m.facts.terminating, limit)
            }
            Slots::Walked { replicas } => replicas.outdated(from, revision, limit),
        }
    }
}
