//! Object metadata shared by every kind: names, uids, labels, owner references and the
//! timestamps the API server stamps, with label selectors.

use crate::flat_map::FlatMap;
use crate::time::SimTime;
use crate::wire::{wire_struct, DecodeError, Wire};

/// Labels or annotations: ordered so that output is identical on every run.
pub type StringMap = FlatMap<String, String>;

/// A timestamp as the API writes it: RFC 3339, whole seconds, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Timestamp(pub SimTime);

impl Wire for Timestamp {
    fn go_type() -> String {
        "v1.Time".into()
    }
    fn encode(&self) -> serde_json::Value {
        serde_json::Value::String(self.0.to_rfc3339())
    }
    /// RFC 3339 in UTC, as the API writes it; anything else is refused as Go's
    /// `time.Parse` words it.
    fn decode(value: &serde_json::Value) -> Result<Self, DecodeError> {
        match value {
            serde_json::Value::String(s) => SimTime::from_rfc3339(s).map(Timestamp).ok_or_else(|| {
                DecodeError::other(format!(
                    "parsing time {s:?} as \"2006-01-02T15:04:05Z07:00\": cannot parse {s:?} as \"2006\""
                ))
            }),
            v => Err(DecodeError::mismatch(v, Self::go_type())),
        }
    }
}

wire_struct! {
    /// `metadata` of an object. The fields the API server owns (uid, resourceVersion,
    /// generation, timestamps) are never read from a manifest: the server sets them itself.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ObjectMeta as "v1.ObjectMeta" {
        /// The object's name, unique per kind and namespace.
        pub name: String = "name" omitempty,
        /// Prefix for a server-generated name when `name` is empty.
        pub generate_name: Option<String> = "generateName" omitempty,
        /// The namespace; empty for cluster-scoped kinds.
        pub namespace: String = "namespace" omitempty,
        /// Unique id of this incarnation of the object, assigned at creation.
        pub uid: String = "uid" server_owned,
        /// Version of the object, bumped on every write.
        pub resource_version: String = "resourceVersion" server_owned,
        /// Spec generation, bumped when the spec changes (workload kinds).
        pub generation: Option<i64> = "generation" server_owned,
        /// When the API server created the object.
        pub creation_timestamp: Option<Timestamp> = "creationTimestamp" server_owned,
        /// Set when graceful deletion has started ("Terminating").
        pub deletion_timestamp: Option<Timestamp> = "deletionTimestamp" server_owned,
        /// The grace period granted to the deletion in progress.
        pub deletion_grace_period_seconds: Option<i64> = "deletionGracePeriodSeconds" server_owned,
        /// Identifying labels, matched by selectors.
        pub labels: StringMap = "labels" omitempty,
        /// Non-identifying annotations.
        pub annotations: StringMap = "annotations" omitempty,
        /// Owners of this object; the garbage collector deletes it when its owners are gone.
        pub owner_references: Vec<OwnerReference> = "ownerReferences" omitempty,
        /// Finalizers that hold deletion until they are removed.
        pub finalizers: Vec<String> = "finalizers" omitempty,
    }
}

impl ObjectMeta {
    /// The owner reference marked `controller: true`, if any.
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references.iter().find(|r| r.controller == Some(true))
    }

    /// Whether graceful deletion has started.
    pub fn is_terminating(&self) -> bool {
        self.deletion_timestamp.is_some()
    }
}

wire_struct! {
    /// A reference from a dependent to its owner.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct OwnerReference as "v1.OwnerReference" {
        /// API group/version of the owner, e.g. `apps/v1`.
        pub api_version: String = "apiVersion" always,
        /// Kind of the owner, e.g. `StatefulSet`.
        pub kind: String = "kind" always,
        /// Name of the owner.
        pub name: String = "name" always,
        /// Uid of the owner incarnation.
        pub uid: String = "uid" always,
        /// Whether the owner is the managing controller.
        pub controller: Option<bool> = "controller" omitempty,
        /// Whether foreground deletion of the owner waits for this dependent.
        pub block_owner_deletion: Option<bool> = "blockOwnerDeletion" omitempty,
    }
}

wire_struct! {
    /// A reference to another object, as events and bindings carry it.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ObjectReference as "v1.ObjectReference" {
        /// Kind of the object.
        pub kind: String = "kind" omitempty,
        /// Namespace of the object.
        pub namespace: String = "namespace" omitempty,
        /// Name of the object.
        pub name: String = "name" omitempty,
        /// Uid of the object.
        pub uid: String = "uid" omitempty,
        /// API group/version of the object.
        pub api_version: String = "apiVersion" omitempty,
        /// Resource version the reference was made at.
        pub resource_version: String = "resourceVersion" omitempty,
    }
}

wire_struct! {
    /// A label selector: `matchLabels` and `matchExpressions`, all of which must hold.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct LabelSelector as "v1.LabelSelector" {
        /// Labels that must be present with exactly these values.
        pub match_labels: StringMap = "matchLabels" omitempty,
        /// Set-based requirements.
        pub match_expressions: Vec<LabelSelectorRequirement> = "matchExpressions" omitempty,
    }
}

wire_struct! {
    /// One set-based requirement of a [`LabelSelector`].
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct LabelSelectorRequirement as "v1.LabelSelectorRequirement" {
        /// The label key.
        pub key: String = "key" always,
        /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
        pub operator: String = "operator" always,
        /// Values for `In` / `NotIn`.
        pub values: Vec<String> = "values" omitempty,
    }
}

impl LabelSelector {
    /// Whether the selector selects nothing at all (no labels, no expressions).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether `labels` satisfy every requirement. An empty selector matches everything,
    /// as `metav1.LabelSelectorAsSelector` makes it.
    pub fn matches(&self, labels: &StringMap) -> bool {
        // Both maps are sorted by key: one walk over the labels answers every matchLabels
        // pair (this runs for every pod of a set on every sync).
        let mut have = labels.iter();
        let every_pair = self.match_labels.iter().all(|(key, value)| loop {
            match have.next() {
                Some((k, v)) if k == key => break v == value,
                Some((k, _)) if k < key => continue,
                _ => break false,
            }
        });
        every_pair
            && self.match_expressions.iter().all(|r| {
                let value = labels.get(&r.key);
                match r.operator.as_str() {
                    "In" => value.is_some_and(|v| r.values.contains(v)),
                    "NotIn" => value.is_none_or(|v| !r.values.contains(v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> StringMap {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    proptest::proptest! {
        /// The one-walk match gives what looking up every pair would.
        #[test]
        fn matching_walks_agree_with_lookups(
            wanted in proptest::collection::vec(("[a-d]", "[xy]"), 0..4),
            have in proptest::collection::vec(("[a-e]", "[xy]"), 0..6),
        ) {
            let to_map = |pairs: &[(String, String)]| -> StringMap { pairs.iter().cloned().collect() };
            let (wanted, have) = (to_map(&wanted), to_map(&have));
            let expected = wanted.iter().all(|(k, v)| have.get(k) == Some(v));
            let sel = LabelSelector { match_labels: wanted, ..Default::default() };
            proptest::prop_assert_eq!(sel.matches(&have), expected);
        }
    }

    #[test]
    fn match_labels_must_all_be_present() {
        let sel = LabelSelector { match_labels: labels(&[("app", "nginx")]), ..Default::default() };
        assert!(sel.matches(&labels(&[("app", "nginx"), ("x", "y")])));
        assert!(!sel.matches(&labels(&[("app", "web")])));
        assert!(!sel.matches(&labels(&[])));
    }

    #[test]
    fn expressions_follow_their_operators() {
        let req = |op: &str, values: &[&str]| LabelSelector {
            match_expressions: vec![LabelSelectorRequirement {
                key: "tier".into(),
                operator: op.into(),
                values: values.iter().map(|s| s.to_string()).collect(),
            }],
            ..Default::default()
        };
        let db = labels(&[("tier", "db")]);
        assert!(req("In", &["db", "cache"]).matches(&db));
        assert!(!req("NotIn", &["db"]).matches(&db));
        assert!(req("NotIn", &["db"]).matches(&labels(&[])));
        assert!(req("Exists", &[]).matches(&db));
        assert!(req("DoesNotExist", &[]).matches(&labels(&[])));
    }

    #[test]
    fn timestamps_serialise_as_rfc3339() {
        let t = Timestamp(SimTime(4_000));
        assert_eq!(t.encode(), serde_json::Value::String("2025-01-01T00:00:04Z".into()));
    }
}
