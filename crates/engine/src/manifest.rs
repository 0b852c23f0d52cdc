//! Reading manifests: multi-document YAML (block or flow style, JSON included) into
//! typed objects, one per document, as `kubectl apply -f` reads a file: YAML to JSON
//! first (as kubectl converts it), then JSON to the typed object.

use crate::api::{
    ConfigMap, Deployment, Kind, Node, PersistentVolume, PersistentVolumeClaim, PodDisruptionBudget, ReplicaSet,
    Secret, Service, StatefulSet, StorageClass,
};
use crate::schema;
use crate::wire::Wire;
use crate::yaml::read_documents;
use serde_json::Value;

/// One document of a manifest, typed by its `kind`.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// An apps/v1 StatefulSet.
    StatefulSet(Box<StatefulSet>),
    /// An apps/v1 Deployment.
    Deployment(Box<Deployment>),
    /// A core/v1 PersistentVolume (made by hand: a static volume).
    Volume(Box<PersistentVolume>),
    /// A core/v1 Node.
    Node(Box<Node>),
    /// An apps/v1 ReplicaSet.
    ReplicaSet(Box<ReplicaSet>),
    /// A core/v1 Service.
    Service(Box<Service>),
    /// A core/v1 ConfigMap.
    ConfigMap(Box<ConfigMap>),
    /// A core/v1 Secret.
    Secret(Box<Secret>),
    /// A core/v1 PersistentVolumeClaim.
    Claim(Box<PersistentVolumeClaim>),
    /// A storage.k8s.io/v1 StorageClass.
    StorageClass(Box<StorageClass>),
    /// A policy/v1 PodDisruptionBudget.
    Budget(Box<PodDisruptionBudget>),
    /// A document of a simulated kind that the API server refuses to decode (a field of
    /// the wrong type, an unknown field, data that is not base64): applying it prints the
    /// error, and the other documents still apply.
    Undecodable(ManifestError),
    /// A kind the simulation does not model; applying it says so and skips it.
    NotSimulated {
        /// The document's `kind`.
        kind: String,
        /// The document's `metadata.name`.
        name: String,
    },
}

impl Document {
    /// The simulated kind and the name of the object, or `None` for a kind not simulated.
    pub fn kind_and_name(&self) -> Option<(Kind, &str)> {
        match self {
            Document::StatefulSet(o) => Some((Kind::StatefulSet, &o.metadata.name)),
            Document::Deployment(o) => Some((Kind::Deployment, &o.metadata.name)),
            Document::Volume(o) => Some((Kind::PersistentVolume, &o.metadata.name)),
            Document::Node(o) => Some((Kind::Node, &o.metadata.name)),
            Document::ReplicaSet(o) => Some((Kind::ReplicaSet, &o.metadata.name)),
            Document::Service(o) => Some((Kind::Service, &o.metadata.name)),
            Document::ConfigMap(o) => Some((Kind::ConfigMap, &o.metadata.name)),
            Document::Secret(o) => Some((Kind::Secret, &o.metadata.name)),
            Document::Claim(o) => Some((Kind::PersistentVolumeClaim, &o.metadata.name)),
            Document::StorageClass(o) => Some((Kind::StorageClass, &o.metadata.name)),
            Document::Budget(o) => Some((Kind::PodDisruptionBudget, &o.metadata.name)),
            Document::Undecodable(_) | Document::NotSimulated { .. } => None,
        }
    }
}

/// Why a manifest could not be read; nothing of it is applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// The text is not YAML (kubectl's client-side parse error).
    #[error("error: error parsing {source_name}: error converting YAML to JSON: yaml: line {line}: {reason}")]
    Syntax {
        /// Where the manifest came from: `STDIN` or a file name.
        source_name: String,
        /// The 1-based line of the problem.
        line: usize,
        /// What the parser met.
        reason: String,
    },
    /// A document has no `kind` or no `apiVersion`.
    #[error("error: error validating {source_name}: error validating data: {missing} not set")]
    MissingTypeField {
        /// Where the manifest came from.
        source_name: String,
        /// `kind` or `apiVersion`.
        missing: &'static str,
    },
    /// A simulated kind under an `apiVersion` that does not serve it (`apps/v2`).
    #[error("error: resource mapping not found for name: {name:?} namespace: \"\" from {source_name:?}: no matches for kind {kind:?} in version {api_version:?}\nensure CRDs are installed first")]
    NoMapping {
        /// Where the manifest came from.
        source_name: String,
        /// The document's `metadata.name`.
        name: String,
        /// The document's kind.
        kind: String,
        /// The document's `apiVersion`.
        api_version: String,
    },
    /// A field has the wrong type or is unknown to the kind.
    #[error("Error from server (BadRequest): error when creating \"{source_name}\": {kind} in version \"{version}\" cannot be handled as a {kind}: {reason}")]
    Decode {
        /// Where the manifest came from.
        source_name: String,
        /// The document's kind.
        kind: String,
        /// The version part of `apiVersion`.
        version: String,
        /// What did not fit.
        reason: String,
    },
}

/// The kinds a manifest's documents decode into (the others are kept by name as not
/// simulated).
const DECODED: [Kind; 11] = [
    Kind::StatefulSet,
    Kind::Deployment,
    Kind::PersistentVolume,
    Kind::Node,
    Kind::ReplicaSet,
    Kind::Service,
    Kind::ConfigMap,
    Kind::Secret,
    Kind::PersistentVolumeClaim,
    Kind::StorageClass,
    Kind::PodDisruptionBudget,
];

/// Reads every document of `text`; `source_name` names it in errors (`STDIN`, a file).
/// Empty documents are skipped. What kubectl refuses itself (YAML syntax, a missing
/// `kind` or `apiVersion`) rejects the whole manifest; what the API server refuses
/// rejects only that document ([`Document::Undecodable`]).
pub fn parse_documents(text: &str, source_name: &str) -> Result<Vec<Document>, ManifestError> {
    let values = read_documents(text).map_err(|e| ManifestError::Syntax {
        source_name: source_name.to_string(),
        line: e.line,
        reason: e.reason,
    })?;
    // kubectl reads a `v1` `List` as the objects in its `items`.
    let values = values.into_iter().flat_map(|v| match v {
        Value::Object(mut map) if map.get("kind").and_then(Value::as_str) == Some("List") => {
            match map.remove("items") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            }
        }
        v => vec![v],
    });
    let mut docs = Vec::new();
    for value in values.filter(|v| !v.is_null()) {
        let field = |name: &str| value.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(String::from);
        let Some(kind) = field("kind") else {
            return Err(ManifestError::MissingTypeField { source_name: source_name.into(), missing: "kind" });
        };
        let Some(api_version) = field("apiVersion") else {
            return Err(ManifestError::MissingTypeField { source_name: source_name.into(), missing: "apiVersion" });
        };
        let version = api_version.rsplit('/').next().unwrap_or_default().to_string();
        let served = DECODED.iter().find(|k| k.name() == kind).map(|k| k.api_version());
        if served.is_some_and(|served| served != api_version) {
            let name = value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default().to_string();
            let source_name = source_name.into();
            docs.push(Document::Undecodable(ManifestError::NoMapping { source_name, name, kind, api_version }));
            continue;
        }
        let shape = match kind.as_str() {
            "StatefulSet" => Some(&schema::STATEFULSET),
            "Deployment" => Some(&schema::DEPLOYMENT),
            "PersistentVolume" => Some(&schema::PERSISTENT_VOLUME),
            "Node" => Some(&schema::NODE),
            "ReplicaSet" => Some(&schema::REPLICA_SET),
            "Service" => Some(&schema::SERVICE),
            "ConfigMap" => Some(&schema::CONFIG_MAP),
            "Secret" => Some(&schema::SECRET),
            "PersistentVolumeClaim" => Some(&schema::PERSISTENT_VOLUME_CLAIM),
            "StorageClass" => Some(&schema::STORAGE_CLASS),
            "PodDisruptionBudget" => Some(&schema::POD_DISRUPTION_BUDGET),
            _ => None,
        };
        let unknown = shape.map(|shape| schema::unknown_fields(&value, shape)).unwrap_or_default();
        if !unknown.is_empty() {
            // kubectl's default field validation is Strict: the server refuses the object.
            let fields: Vec<String> = unknown.iter().map(|f| format!("unknown field {f:?}")).collect();
            let reason = format!("strict decoding error: {}", fields.join(", "));
            docs.push(Document::Undecodable(ManifestError::Decode {
                source_name: source_name.into(),
                kind,
                version,
                reason,
            }));
            continue;
        }
        let typed = decode_document(value, source_name, kind, version);
        docs.push(typed.unwrap_or_else(Document::Undecodable));
    }
    Ok(docs)
}

/// Decodes one document into its typed object (or notes a kind not simulated).
fn decode_document(value: Value, source_name: &str, kind: String, version: String) -> Result<Document, ManifestError> {
    Ok(match kind.as_str() {
        "StatefulSet" => Document::StatefulSet(Box::new(decode(value, source_name, &kind, &version)?)),
        "Deployment" => Document::Deployment(Box::new(decode(value, source_name, &kind, &version)?)),
        "PersistentVolume" => Document::Volume(Box::new(decode(value, source_name, &kind, &version)?)),
        "Node" => Document::Node(Box::new(decode(value, source_name, &kind, &version)?)),
        "ReplicaSet" => Document::ReplicaSet(Box::new(decode(value, source_name, &kind, &version)?)),
        "Service" => Document::Service(Box::new(decode(value, source_name, &kind, &version)?)),
        "ConfigMap" => Document::ConfigMap(Box::new(decode(value, source_name, &kind, &version)?)),
        "PersistentVolumeClaim" => Document::Claim(Box::new(decode(value, source_name, &kind, &version)?)),
        "StorageClass" => Document::StorageClass(Box::new(decode(value, source_name, &kind, &version)?)),
        "PodDisruptionBudget" => Document::Budget(Box::new(decode(value, source_name, &kind, &version)?)),
        "Secret" => {
            let secret: Secret = decode(value, source_name, &kind, &version)?;
            // `data` is []byte in Go: JSON carries it base64-encoded, and the decoder
            // refuses anything else.
            if let Some(reason) = secret.undecodable() {
                return Err(ManifestError::Decode { source_name: source_name.into(), kind, version, reason });
            }
            Document::Secret(Box::new(secret))
        }
        _ => {
            let name = value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default().to_string();
            Document::NotSimulated { kind, name }
        }
    })
}

fn decode<T: Wire>(value: Value, source_name: &str, kind: &str, version: &str) -> Result<T, ManifestError> {
    crate::wire::from_json(&value).map_err(|e| ManifestError::Decode {
        source_name: source_name.to_string(),
        kind: kind.to_string(),
        version: version.to_string(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &str = include_str!("../../../manifests/web.yaml");

    #[test]
    fn the_tutorial_manifest_reads_as_a_service_and_a_statefulset() {
        let docs = parse_documents(WEB, "web.yaml").expect("valid");
        assert_eq!(docs.len(), 2);
        let Document::Service(svc) = &docs[0] else { panic!("first is the Service") };
        assert_eq!(svc.metadata.name, "nginx");
        assert!(svc.is_headless());
        let Document::StatefulSet(sts) = &docs[1] else { panic!("second is the StatefulSet") };
        assert_eq!(sts.metadata.name, "web");
        assert_eq!(sts.spec.replicas, Some(2));
        assert_eq!(sts.spec.volume_claim_templates[0].metadata.name, "www");
        assert_eq!(sts.spec.template.spec.containers[0].image, "registry.k8s.io/nginx-slim:0.7");
    }

    #[test]
    fn flow_style_and_json_read_the_same() {
        let docs = parse_documents(r#"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}}"#, "STDIN")
            .expect("valid");
        assert!(matches!(&docs[0], Document::Service(s) if s.metadata.name == "a"));
    }

    #[test]
    fn broken_yaml_names_the_line() {
        let err = parse_documents("apiVersion: v1\nkind: Service\nmetadata:\n  name: [a\n", "STDIN").expect_err("bad");
        let ManifestError::Syntax { line, .. } = &err else { panic!("syntax error expected, got {err}") };
        assert!(*line >= 4, "{err}");
        assert!(err.to_string().starts_with("error: error parsing STDIN: error converting YAML to JSON: yaml: line "));
    }

    #[test]
    fn a_document_without_kind_is_refused() {
        let err = parse_documents("apiVersion: v1\nmetadata: {name: x}\n", "STDIN").expect_err("bad");
        assert_eq!(err.to_string(), "error: error validating STDIN: error validating data: kind not set");
    }

    #[test]
    fn a_wrongly_typed_field_makes_only_that_document_undecodable() {
        let docs = parse_documents(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec: {replicas: many}\n---\n\
             apiVersion: v1\nkind: Service\nmetadata: {name: a}\n",
            "STDIN",
        )
        .expect("readable");
        assert!(matches!(&docs[0], Document::Undecodable(ManifestError::Decode { .. })), "{docs:?}");
        assert!(matches!(&docs[1], Document::Service(_)));
    }

    #[test]
    fn every_bundled_manifest_passes_strict_field_validation() {
        for name in
            ["web.yaml", "web-parallel.yaml", "mysql-configmap.yaml", "mysql-services.yaml", "mysql-statefulset.yaml"]
        {
            let text = crate::bundled::manifest(name).expect("bundled");
            let docs = parse_documents(text, name).expect("readable");
            assert!(!docs.is_empty());
            for doc in docs {
                assert!(doc.kind_and_name().is_some(), "{name}: {doc:?}");
            }
        }
    }

    #[test]
    fn an_unknown_field_is_a_strict_decoding_error() {
        let docs = parse_documents(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec: {replica: 3}\n",
            "STDIN",
        )
        .expect("readable");
        let Document::Undecodable(err) = &docs[0] else { panic!("undecodable expected: {docs:?}") };
        assert_eq!(
            err.to_string(),
            "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\""
        );
    }

    #[test]
    fn kinds_not_simulated_are_kept_by_name() {
        let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n\
                    - apiVersion: batch/v1\n  kind: CronJob\n  metadata: {name: b}\n";
        let docs = parse_documents(list, "STDIN").expect("reads");
        assert_eq!(docs.len(), 2, "a List is its items");
        assert_eq!(docs[1], Document::NotSimulated { kind: "CronJob".into(), name: "b".into() });
        let docs = parse_documents("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\n", "STDIN")
            .expect("valid");
        assert_eq!(docs, vec![Document::NotSimulated { kind: "CronJob".into(), name: "nightly".into() }]);
    }
}
