//! Object metadata shared by every kind: names, uids, labels, owner references and the
//! timestamps the API server stamps, with label selectors.

use crate::time::SimTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// Labels or annotations: ordered so that output is identical on every run.
pub type StringMap = BTreeMap<String, String>;

/// A timestamp as the API writes it: RFC 3339, whole seconds, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Timestamp(pub SimTime);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Timestamps in a manifest are ignored by the API server (it stamps its own), so any
    /// string is accepted here and read as time 0.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let _ = String::deserialize(d)?;
        Ok(Timestamp(SimTime::START))
    }
}

/// `metadata` of an object. The fields the API server owns (uid, resourceVersion,
/// generation, timestamps) are never read from a manifest: the server sets them itself.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    /// The object's name, unique per kind and namespace.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Prefix for a server-generated name when `name` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    /// The namespace; empty for cluster-scoped kinds.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    /// Unique id of this incarnation of the object, assigned at creation.
    #[serde(skip_deserializing, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    /// Version of the object, bumped on every write.
    #[serde(skip_deserializing, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    /// Spec generation, bumped when the spec changes (workload kinds).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    /// When the API server created the object.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Timestamp>,
    /// Set when graceful deletion has started ("Terminating").
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Timestamp>,
    /// The grace period granted to the deletion in progress.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    /// Identifying labels, matched by selectors.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: StringMap,
    /// Non-identifying annotations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: StringMap,
    /// Owners of this object; the garbage collector deletes it when its owners are gone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owner_references: Vec<OwnerReference>,
    /// Finalizers that hold deletion until they are removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
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

/// A reference from a dependent to its owner.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    /// API group/version of the owner, e.g. `apps/v1`.
    pub api_version: String,
    /// Kind of the owner, e.g. `StatefulSet`.
    pub kind: String,
    /// Name of the owner.
    pub name: String,
    /// Uid of the owner incarnation.
    pub uid: String,
    /// Whether the owner is the managing controller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    /// Whether foreground deletion of the owner waits for this dependent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

/// A reference to another object, as events and bindings carry it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    /// Kind of the object.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Namespace of the object.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    /// Name of the object.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Uid of the object.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    /// API group/version of the object.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    /// Resource version the reference was made at.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
}

/// A label selector: `matchLabels` and `matchExpressions`, all of which must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    /// Labels that must be present with exactly these values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: StringMap,
    /// Set-based requirements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

/// One set-based requirement of a [`LabelSelector`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    /// The label key.
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    pub operator: String,
    /// Values for `In` / `NotIn`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl LabelSelector {
    /// Whether the selector selects nothing at all (no labels, no expressions).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether `labels` satisfy every requirement. An empty selector matches everything,
    /// as `metav1.LabelSelectorAsSelector` makes it.
    pub fn matches(&self, labels: &StringMap) -> bool {
        self.match_labels.iter().all(|(k, v)| labels.get(k) == Some(v))
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
        assert_eq!(serde_json::to_string(&t).ok().as_deref(), Some("\"2025-01-01T00:00:04Z\""));
    }
}
