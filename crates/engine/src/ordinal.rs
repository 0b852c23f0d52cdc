//! Ordinals in names: how the controller reads `<parent>-<ordinal>` from a pod name, and
//! the natural order (`web-2` before `web-10`) every listing of identities uses.

use std::cmp::Ordering;

/// Splits `name` into parent and ordinal as the controller's `getParentNameAndOrdinal`
/// does: everything up to the last dash, and the decimal digits after it. A name without
/// a trailing `-<digits>` has no ordinal (`1-bar` → `None`).
pub fn parent_and_ordinal(name: &str) -> Option<(&str, i64)> {
    let (parent, digits) = name.rsplit_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ordinal = digits.parse().ok()?;
    Some((parent, ordinal))
}

/// A sort key that orders names as [`natural_cmp`] does, for sorting with
/// `sort_by_cached_key` (the ordinal is read once per name, not once per comparison).
pub fn natural_key(name: &str) -> (String, i64, String) {
    match parent_and_ordinal(name) {
        Some((parent, ordinal)) => (parent.to_string(), ordinal, String::new()),
        None => (String::new(), -1, name.to_string()),
    }
}

/// Compares names so that a common prefix with a numeric suffix sorts by number:
/// `web-2` < `web-10`. Names without an ordinal sort by text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    match (parent_and_ordinal(a), parent_and_ordinal(b)) {
        (Some((pa, oa)), Some((pb, ob))) => pa.cmp(pb).then(oa.cmp(&ob)),
        _ => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_parent_and_ordinal_like_the_controller() {
        assert_eq!(parent_and_ordinal("web-0"), Some(("web", 0)));
        assert_eq!(parent_and_ordinal("my-db-12"), Some(("my-db", 12)));
        assert_eq!(parent_and_ordinal("1-bar"), None);
        assert_eq!(parent_and_ordinal("web"), None);
        assert_eq!(parent_and_ordinal("web-"), None);
        assert_eq!(parent_and_ordinal("web-1a"), None);
    }

    #[test]
    fn natural_order_puts_web_2_before_web_10() {
        let mut names = vec!["web-10", "web-2", "web-0", "api-1"];
        crate::sorting::sort_by(&mut names, |a, b| natural_cmp(a, b));
        assert_eq!(names, ["api-1", "web-0", "web-2", "web-10"]);
    }
}
