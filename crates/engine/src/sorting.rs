//! One sort for the whole engine. Every `slice::sort_by` call site with its own closure
//! type makes the compiler emit the standard library's whole stable sort again (quicksort,
//! drift sort, small sorts: about 5 KB of the page each). Here the standard sort runs once,
//! on indices, through a comparator behind a reference to `dyn Fn`; each call site only
//! adds a small permutation step. Stable, like `sort_by`.
//!
//! `collect()` into a `FlatMap` or `FlatSet` sorts too (a bulk build from a sorted
//! vector), once more per element type: [`map_from`] and [`set_from`] insert instead.

use crate::flat_map::{FlatMap, FlatSet};
use std::cmp::Ordering;

/// A map of `pairs` built by insertion (a later pair wins, as with `collect`).
pub fn map_from<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> FlatMap<K, V> {
    let mut map = FlatMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// A set of `items` built by insertion.
pub fn set_from<T: Ord>(items: impl IntoIterator<Item = T>) -> FlatSet<T> {
    let mut set = FlatSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

/// The stable order of `len` items under `cmp`, as indices into them. The only place the
/// engine instantiates the standard library's sort.
#[inline(never)]
fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..len).collect();
    indices.sort_by(|a, b| cmp(*a, *b));
    indices
}

/// Sorts `items` stably by `cmp`, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let indices = order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(indices.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` stably by `key`, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_equal_items_in_order() {
        let mut items: Vec<(u8, char)> = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        let mut expected = items.clone();
        expected.sort_by_key(|(k, _)| *k);
        sort_by_key(&mut items, |(k, _)| *k);
        assert_eq!(items, expected);
        sort_by(&mut items, |a, b| b.0.cmp(&a.0));
        assert_eq!(items, vec![(3, 'a'), (3, 'c'), (1, 'b'), (1, 'e'), (0, 'd')]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |x| *x);
        assert!(empty.is_empty());
    }
}
