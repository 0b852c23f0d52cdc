//! The pods each StatefulSet's syncs claim, kept from one sync to the next, so that a
//! sync looks again only at the pods that changed since the last one.
//!
//! A sync starts by claiming pods (behaviour document, section 3.2 step 4): keep the
//! owned members that match the selector, release the owned pods that do not, adopt the
//! matching orphans that are members by name. Doing that by walking every pod made each
//! sync cost the size of the cluster, and a set of 10,000 pods is synced thousands of
//! times an hour. The outcome for a pod depends only on the pod and on the set's uid,
//! selector and deletion, so it stays true until one of those changes:
//!
//! - every pod change is routed here ([`SetViews::pod_changed`]) to the one set its name
//!   belongs to (`<set>-<ordinal>`: no other set can claim it) and to the set its
//!   controller reference names (which must release it), and marks it to be looked at
//!   again;
//! - a set seen with another uid, selector or retention policy, or for the first time,
//!   is walked whole;
//! - a write that failed (an adoption or a release) leaves the pod marked, so the next
//!   sync tries again, as the walk would.
//!
//! The set's claims ([`SetClaims`]) are kept the same way: a claim change marks its name
//! in every view of its namespace, and the next sync reads again only those names.
//!
//! Debug builds check every answer against a fresh walk of the store, so the scenario
//! and property tests prove the two agree.

use crate::api::meta::{LabelSelector, ObjectMeta};
use crate::api::statefulset::ClaimRetention;
use crate::api::{Pod, StatefulSet};
use crate::controller::pod_facts::Member;
use crate::controller::set_claims::SetClaims;
use crate::controller::slot_index::SlotIndex;
use crate::flat_map::{FlatMap, FlatSet};
use crate::ordinal::parent_and_ordinal;
use crate::simulation::Simulation;
use crate::store::{ObjectKey, Store};
use std::rc::Rc;

/// The pods a set claimed, by name (the order the store lists them in), and by ordinal
/// with what a sync must look at (`slot_index.rs`; none while two share an ordinal).
#[derive(Debug, Clone, Default)]
pub(crate) struct Members {
    /// By name (as a cluster-scoped key: the object store's map type, whose inserts take
    /// logarithmic time, and no second B-tree in the page).
    by_name: Store<Member>,
    slots: Option<SlotIndex>,
}

impl Members {
    /// The members a walk of every pod claimed.
    fn of_walk(claimed: Vec<Rc<Member>>) -> Self {
        let mut by_name = Store::default();
        for member in claimed {
            by_name.insert(ObjectKey::cluster_scoped(&member.pod.metadata.name), 0, member);
        }
        let slots = SlotIndex::of(by_name.values_shared());
        Members { by_name, slots }
    }

    /// Adds (or replaces) a member; returns the one it replaced.
    fn insert(&mut self, member: Rc<Member>) -> Option<Rc<Member>> {
        let key = ObjectKey::cluster_scoped(&member.pod.metadata.name);
        let replaced = self.by_name.take(&key);
        self.by_name.insert(key, 0, Rc::clone(&member));
        if let Some(slots) = &mut self.slots {
            if let Some(old) = &replaced {
                slots.remove(old);
            }
            if !slots.insert(&member) {
                self.slots = None;
            }
        }
        replaced
    }

    /// Takes out the member named `name`.
    fn remove(&mut self, name: &str) -> Option<Rc<Member>> {
        let gone = self.by_name.take(&ObjectKey::cluster_scoped(name))?;
        if let Some(slots) = &mut self.slots {
            slots.remove(&gone);
        }
        Some(gone)
    }

    /// The members in name order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &Member> {
        self.by_name.values()
    }

    /// How many there are.
    pub(crate) fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether there are none.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The index by ordinal, if every member has an ordinal of its own.
    pub(crate) fn slots(&self) -> Option<&SlotIndex> {
        self.slots.as_ref()
    }

    /// The index by ordinal, to record what a sync found.
    pub(crate) fn slots_mut(&mut self) -> Option<&mut SlotIndex> {
        self.slots.as_mut()
    }
}

/// Every set's view, by the set's namespace and name.
#[derive(Debug, Clone, Default)]
pub(crate) struct SetViews {
    views: FlatMap<ObjectKey, SetView>,
}

/// What the last sync of one set claimed, and what changed since.
#[derive(Debug, Clone)]
pub(crate) struct SetView {
    uid: String,
    selector: LabelSelector,
    terminating: bool,
    /// The claimed pods (empty while a sync has them: [`SetView::take_members`]).
    members: Members,
    /// Names of pods that changed (or whose claim must be retried) since the last sync.
    dirty: FlatSet<String>,
    /// The claim templates' names the view was made for.
    templates: Vec<String>,
    /// The retention policy the claims were checked against.
    policy: ClaimRetention,
    /// The set's claims as the last sync read them, if it did.
    claims: Option<Rc<SetClaims>>,
    /// Names of claims of the namespace that changed since.
    claims_dirty: FlatSet<String>,
    /// The status counters over `members`, kept as members come and go.
    tally: Tally,
}

/// The counts the set's status is made of that do not depend on the clock: how many
/// members the kubelet has given a phase, how many of those are Running and Ready, and
/// how many of those not being deleted carry each revision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Members with a phase.
    pub created: usize,
    /// Of those, Running and Ready.
    pub ready: usize,
    /// Of those not being deleted, how many carry each revision label.
    by_revision: FlatMap<String, usize>,
}

impl Tally {
    /// The tally of `members`.
    pub(crate) fn of<'a>(members: impl Iterator<Item = &'a Member>) -> Self {
        let mut tally = Tally::default();
        for m in members {
            tally.add(m);
        }
        tally
    }

    /// How many counted members carry `revision`.
    pub(crate) fn on_revision(&self, revision: &str) -> usize {
        self.by_revision.get(revision).copied().unwrap_or(0)
    }

    fn add(&mut self, m: &Member) {
        let f = &m.facts;
        if !f.created {
            return;
        }
        self.created += 1;
        self.ready += usize::from(f.running_ready);
        if let Some(revision) = f.revision().filter(|_| !f.terminating) {
            match self.by_revision.get_mut(revision) {
                Some(n) => *n += 1,
                None => {
                    self.by_revision.insert(revision.to_string(), 1);
                }
            }
        }
    }

    fn remove(&mut self, m: &Member) {
        let f = &m.facts;
        if !f.created {
            return;
        }
        self.created -= 1;
        self.ready -= usize::from(f.running_ready);
        if let Some(revision) = f.revision().filter(|_| !f.terminating) {
            if let Some(n) = self.by_revision.get_mut(revision) {
                *n -= 1;
                if *n == 0 {
                    self.by_revision.remove(revision);
                }
            }
        }
    }
}

impl SetViews {
    /// A pod changed: the sets that may claim or release it look at it again.
    pub(crate) fn pod_changed(&mut self, key: &ObjectKey, meta: &ObjectMeta) {
        if self.views.is_empty() {
            return;
        }
        if let Some((parent, _)) = parent_and_ordinal(&key.name) {
            self.mark(ObjectKey::new(&key.namespace, parent), &key.name);
        }
        if let Some(owner) = meta.controller_ref().filter(|r| r.kind == "StatefulSet") {
            self.mark(ObjectKey::new(&key.namespace, &owner.name), &key.name);
        }
    }

    /// A claim changed: every view of its namespace reads that name again.
    pub(crate) fn claim_changed(&mut self, key: &ObjectKey) {
        let start = ObjectKey::new(&key.namespace, "");
        let in_namespace = self.views.iter_mut().skip_while(|(k, _)| **k < start);
        for (_, view) in in_namespace.take_while(|(k, _)| k.namespace == key.namespace) {
            if view.claims.is_some() && !view.claims_dirty.contains(key.name.as_str()) {
                view.claims_dirty.insert(key.name.clone());
            }
        }
    }

    fn mark(&mut self, set: ObjectKey, pod: &str) {
        if let Some(view) = self.views.get_mut(&set) {
            if !view.dirty.contains(pod) {
                view.dirty.insert(pod.to_string());
            }
        }
    }

    /// The set is gone: its view goes too.
    pub(crate) fn forget(&mut self, set: &ObjectKey) {
        self.views.remove(set);
    }

    /// Takes the set's view out for a sync, if it still describes `set` (same uid,
    /// selector and deletion state); the sync puts it back with [`SetViews::put`].
    pub(crate) fn take(&mut self, key: &ObjectKey, set: &StatefulSet, selector: &LabelSelector) -> Option<SetView> {
        let view = self.views.remove(key)?;
        let same = view.uid == set.metadata.uid
            && view.selector == *selector
            && view.terminating == set.metadata.is_terminating()
            && view.policy == set.retention()
            && view.templates.iter().eq(set.spec.volume_claim_templates.iter().map(|t| &t.metadata.name));
        same.then_some(view)
    }

    /// Stores the view a sync built or refreshed.
    pub(crate) fn put(&mut self, key: ObjectKey, view: SetView) {
        self.views.insert(key, view);
    }

    /// Gives the set's view back the members its sync took ([`SetView::take_members`]).
    /// Pods that changed during the sync stay marked, so the next sync looks at them.
    pub(crate) fn give_back(&mut self, key: &ObjectKey, members: Members) {
        match self.views.get_mut(key) {
            Some(view) if view.members.is_empty() => view.members = members,
            _ => {}
        }
    }
}

impl SetView {
    /// An empty view of `set`, to be filled by a walk of every pod.
    pub(crate) fn new(set: &StatefulSet, selector: &LabelSelector) -> Self {
        SetView {
            uid: set.metadata.uid.clone(),
            selector: selector.clone(),
            terminating: set.metadata.is_terminating(),
            members: Members::default(),
            dirty: FlatSet::new(),
            templates: set.spec.volume_claim_templates.iter().map(|t| t.metadata.name.clone()).collect(),
            policy: set.retention(),
            claims: None,
            claims_dirty: FlatSet::new(),
            tally: Tally::default(),
        }
    }

    /// The set's claims as they are now: the last read with the changed names read
    /// again, or a new read when there is none or too much changed.
    pub(crate) fn claims(&mut self, sim: &Simulation, set: &StatefulSet) -> Rc<SetClaims> {
        let changed = std::mem::take(&mut self.claims_dirty);
        let claims = match self.claims.take() {
            Some(mut claims) if changed.len() <= self.members.len() / 8 + 16 => {
                if !changed.is_empty() {
                    let touched = Rc::make_mut(&mut claims).refresh(sim, set, changed.iter().map(String::as_str));
                    if let Some(slots) = self.members.slots_mut() {
                        touched.into_iter().for_each(|ordinal| slots.recheck(ordinal));
                    }
                }
                claims
            }
            _ => {
                if let Some(slots) = self.members.slots_mut() {
                    slots.recheck_all();
                }
                Rc::new(SetClaims::read(sim, set))
            }
        };
        #[cfg(debug_assertions)]
        debug_assert_eq!(
            claims.entries(),
            SetClaims::read(sim, set).entries(),
            "stale claims of {}",
            set.metadata.name
        );
        self.claims = Some(Rc::clone(&claims));
        claims
    }

    /// The pods that changed since the last sync, by name (store order); the view
    /// forgets them until they are claimed again with [`SetView::claim`].
    pub(crate) fn take_dirty(&mut self) -> FlatSet<String> {
        let dirty = std::mem::take(&mut self.dirty);
        for name in dirty.iter() {
            if let Some(gone) = self.members.remove(name.as_str()) {
                self.tally.remove(&gone);
            }
        }
        dirty
    }

    /// How many pods changed since the last sync, and how many the view holds.
    pub(crate) fn sizes(&self) -> (usize, usize) {
        (self.dirty.len(), self.members.len())
    }

    /// Records a claimed pod.
    pub(crate) fn claim(&mut self, ordinal: i64, pod: Rc<Pod>) {
        let member = Rc::new(Member::new(ordinal, pod));
        self.tally.add(&member);
        if let Some(replaced) = self.members.insert(member) {
            self.tally.remove(&replaced);
        }
    }

    /// Records every claimed pod of a walk, given in name order.
    pub(crate) fn claim_all(&mut self, claimed: Vec<Rc<Member>>) {
        self.members = Members::of_walk(claimed);
        self.tally = Tally::of(self.members.values());
    }

    /// Marks a pod whose claim must be tried again at the next sync.
    pub(crate) fn retry(&mut self, pod: &str) {
        self.dirty.insert(pod.to_string());
    }

    /// The status counters over the claimed pods.
    pub(crate) fn tally(&self) -> &Tally {
        &self.tally
    }

    /// The claimed pods, in name order, taken out for a sync, which gives them back with
    /// [`SetViews::give_back`] (the passes borrow them while they write to the cluster).
    pub(crate) fn take_members(&mut self) -> Members {
        std::mem::take(&mut self.members)
    }
}
