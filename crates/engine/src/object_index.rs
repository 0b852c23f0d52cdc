//! [`ObjectIndex`]: the one B-tree from a string to an object that the indexes growing
//! with the cluster share (the garbage collector's live objects by uid, the event
//! aggregation index, the scheduler's pods waiting on a claim).
//!
//! Those indexes take an entry per object, at a place set by a random uid or a name, so
//! a sorted list (`FlatMap`) moved half of itself on every insert: at 10,000 pods that
//! was most of an hour's simulation. A B-tree inserts in logarithmic time and stays
//! ordered (the same on every run); sharing one key and value type keeps its code in the
//! page once.

use crate::api::Kind;
use crate::store::ObjectKey;

/// An ordered map from a string (a uid, or a composite key) to an object's kind and key.
pub type ObjectIndex = std::collections::BTreeMap<String, (Kind, ObjectKey)>;
