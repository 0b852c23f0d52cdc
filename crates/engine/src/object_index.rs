//! [`ObjectIndex`]: an ordered map from a string to an object's kind and key, for the
//! indexes that grow with the cluster (the garbage collector's live objects by uid, the
//! event aggregation index, the scheduler's pods waiting on a claim).
//!
//! Those indexes take an entry per object, at a place set by a random uid or a name, so
//! a sorted list (`FlatMap`) moved half of itself on every insert: at 10,000 pods that
//! was most of an hour's simulation. The index is a [`Store`] underneath, whose B-tree
//! inserts in logarithmic time, stays ordered (the same on every run), and is the one
//! B-tree type the object store already puts in the page: a map of its own would add
//! its code again (7 KiB gzipped, measured).

use crate::api::Kind;
use crate::store::{ObjectKey, Store};
use std::rc::Rc;

/// An object in an index: its kind and key.
pub type Indexed = (Kind, ObjectKey);

/// An ordered map from a string (a uid, or a composite key) to an object.
#[derive(Debug, Clone, Default)]
pub struct ObjectIndex {
    entries: Store<Indexed>,
}

fn key(name: &str) -> ObjectKey {
    ObjectKey::cluster_scoped(name)
}

impl ObjectIndex {
    /// The object at `name`.
    pub fn get(&self, name: &str) -> Option<&Indexed> {
        self.entries.get(&key(name))
    }

    /// Whether `name` is in the index.
    pub fn contains_key(&self, name: &str) -> bool {
        self.entries.contains(&key(name))
    }

    /// Sets the object at `name`.
    pub fn insert(&mut self, name: String, object: Indexed) {
        let key = ObjectKey::cluster_scoped(name);
        if !self.entries.replace(&key, Rc::new(object.clone())) {
            self.entries.insert(key, 0, Rc::new(object));
        }
    }

    /// Removes and returns the object at `name`.
    pub fn remove(&mut self, name: &str) -> Option<Indexed> {
        self.entries.remove(&key(name))
    }

    /// The names starting with `prefix`, in order.
    pub fn names_with_prefix(&self, prefix: &str) -> Vec<String> {
        self.entries
            .range_from(&key(prefix))
            .take_while(|(k, _)| k.name.starts_with(prefix))
            .map(|(k, _)| k.name.clone())
            .collect()
    }
}
