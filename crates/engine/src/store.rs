//! An ordered object store for one kind: looked up by (namespace, name), listed by name
//! or in creation order. Ordered maps only, so every listing is the same on every run.
//! Stored objects are immutable and shared (`Rc`): a write replaces the whole object, so
//! controllers can hold the objects they read while they act, and cloning a store (a
//! snapshot of the cluster) copies no object.

use std::any::Any;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::rc::Rc;

/// Identifies an object of a known kind: namespace (empty if cluster-scoped) and name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ObjectKey {
    /// The namespace, empty for cluster-scoped kinds.
    pub namespace: String,
    /// The name.
    pub name: String,
}

impl ObjectKey {
    /// A key in `namespace`.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        ObjectKey { namespace: namespace.into(), name: name.into() }
    }

    /// A key in the `default` namespace.
    pub fn default_ns(name: impl Into<String>) -> Self {
        ObjectKey::new(crate::cluster::DEFAULT_NAMESPACE, name)
    }

    /// A key of a cluster-scoped object.
    pub fn cluster_scoped(name: impl Into<String>) -> Self {
        ObjectKey::new("", name)
    }
}

/// The stored objects of one kind.
///
/// The map underneath holds type-erased objects (`Rc<dyn Any>`), one map type for every
/// kind: a `BTreeMap` per kind would make the compiler emit the B-tree's insert, remove,
/// search and iteration code once per kind (tens of KB of the page). The typed methods
/// here are the only way in or out, so every object in a `Store<T>` is a `T`.
pub struct Store<T> {
    items: BTreeMap<ObjectKey, Entry>,
    kind: PhantomData<T>,
}

impl<T> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.items.keys()).finish()
    }
}

impl<T> Clone for Store<T> {
    fn clone(&self) -> Self {
        Store { items: self.items.clone(), kind: PhantomData }
    }
}

#[derive(Clone)]
struct Entry {
    created: u64,
    object: Rc<dyn Any>,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store { items: BTreeMap::new(), kind: PhantomData }
    }
}

impl<T: 'static> Store<T> {
    fn typed(entry: &Entry) -> Option<&T> {
        entry.object.downcast_ref::<T>()
    }

    fn shared(entry: &Entry) -> Option<Rc<T>> {
        Rc::clone(&entry.object).downcast::<T>().ok()
    }

    /// The object at `key`.
    pub fn get(&self, key: &ObjectKey) -> Option<&T> {
        self.items.get(key).and_then(Self::typed)
    }

    /// The object at `key`, shared: it stays valid while the store changes.
    pub fn get_shared(&self, key: &ObjectKey) -> Option<Rc<T>> {
        self.items.get(key).and_then(Self::shared)
    }

    /// All objects, shared, ordered by namespace then name.
    pub fn values_shared(&self) -> impl Iterator<Item = Rc<T>> + '_ {
        self.items.values().filter_map(Self::shared)
    }

    /// All objects with their keys, shared, ordered by namespace then name.
    pub fn iter_shared(&self) -> impl Iterator<Item = (ObjectKey, Rc<T>)> + '_ {
        self.items.iter().filter_map(|(k, e)| Some((k.clone(), Self::shared(e)?)))
    }

    /// The objects from `start` on (namespace, then name), shared.
    pub fn range_from(&self, start: &ObjectKey) -> impl Iterator<Item = (&ObjectKey, Rc<T>)> + '_ {
        self.items.range(start.clone()..).filter_map(|(k, e)| Some((k, Self::shared(e)?)))
    }

    /// The object's place in the cluster-wide creation order (the resourceVersion it was
    /// created at), which is the order a watch on all kinds would have seen them added.
    pub fn creation_index(&self, key: &ObjectKey) -> Option<u64> {
        self.items.get(key).map(|e| e.created)
    }

    /// Whether an object is stored at `key`.
    pub fn contains(&self, key: &ObjectKey) -> bool {
        self.items.contains_key(key)
    }

    /// Stores a new object; `created` orders it among the others.
    pub(crate) fn insert(&mut self, key: ObjectKey, created: u64, object: Rc<T>) {
        self.items.insert(key, Entry { created, object });
    }

    /// Replaces the object at `key`, keeping its place in creation order.
    /// Returns false when nothing is stored there.
    pub(crate) fn replace(&mut self, key: &ObjectKey, object: Rc<T>) -> bool {
        match self.items.get_mut(key) {
            Some(e) => {
                e.object = object;
                true
            }
            None => false,
        }
    }

    /// Removes and returns the object at `key`.
    pub(crate) fn remove(&mut self, key: &ObjectKey) -> Option<T>
    where
        T: Clone,
    {
        let entry = self.items.remove(key)?;
        entry.object.downcast::<T>().ok().map(Rc::unwrap_or_clone)
    }

    /// Removes the object at `key` and returns it as it was shared.
    pub(crate) fn take(&mut self, key: &ObjectKey) -> Option<Rc<T>> {
        self.items.remove(key).and_then(|e| e.object.downcast::<T>().ok())
    }

    /// How many objects are stored.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All objects with their keys, ordered by namespace then name.
    pub fn iter(&self) -> impl Iterator<Item = (&ObjectKey, &T)> {
        self.items.iter().filter_map(|(k, e)| Some((k, Self::typed(e)?)))
    }

    /// All objects, ordered by namespace then name.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.items.values().filter_map(Self::typed)
    }

    /// Every key, in order (one copy of the code for all kinds).
    pub fn keys(&self) -> Vec<ObjectKey> {
        all_keys(&self.items)
    }

    /// All objects in the order they were created.
    pub fn in_creation_order(&self) -> Vec<&T> {
        let mut entries: Vec<&Entry> = self.items.values().collect();
        crate::sorting::sort_by_key(&mut entries, |e| e.created);
        entries.into_iter().filter_map(Self::typed).collect()
    }
}

#[inline(never)]
fn all_keys(items: &BTreeMap<ObjectKey, Entry>) -> Vec<ObjectKey> {
    items.keys().cloned().collect()
}
