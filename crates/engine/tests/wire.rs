//! The wire codec (`src/wire/`): every object the simulation stores reads back from its
//! own JSON form, bundled manifests read the same after a round trip, and a value of the
//! wrong type is refused with the API server's (Go's) words, naming the field.

mod common;

use common::script;
use proptest::prelude::*;
use serde_json::{json, Value};
use sts_engine::api::{
    ConfigMap, ControllerRevision, Deployment, EndpointSlice, Event, Node, PersistentVolume, PersistentVolumeClaim,
    Pod, ReplicaSet, Secret, Service, StatefulSet, StorageClass,
};
use sts_engine::cluster::Stored;
use sts_engine::manifest::{parse_documents, Document, ManifestError};
use sts_engine::wire::{from_json, Wire};
use sts_engine::Simulation;

/// `value` without what the API server owns, which the decoder never reads: `status`
/// (of the object and of embedded objects such as claim templates) and the metadata the
/// server stamps.
fn without_server_fields(mut value: Value) -> Value {
    strip(&mut value);
    value
}

fn strip(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("spec") || map.contains_key("metadata") {
                map.remove("status");
            }
            if let Some(meta) = map.get_mut("metadata").and_then(Value::as_object_mut) {
                for key in ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp"] {
                    meta.remove(key);
                }
                meta.remove("deletionGracePeriodSeconds");
            }
            map.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Every stored object of kind `T`, encoded, decoded and encoded again, is its first
/// encoding less the server's fields: no field is lost or renamed on the way back.
fn round_trips<T: Stored + Wire + std::fmt::Debug>(sim: &Simulation) -> usize {
    let objects = sim.cluster().list::<T>().in_creation_order();
    for obj in &objects {
        let json = obj.encode();
        let back: T = from_json(&json).unwrap_or_else(|e| panic!("{}: {e}", obj.meta().name));
        assert_eq!(
            without_server_fields(back.encode()),
            without_server_fields(json.clone()),
            "{:?} {}",
            T::KIND,
            obj.meta().name
        );
    }
    objects.len()
}

#[test]
fn every_stored_object_reads_back_from_its_json() {
    let (sim, _) = script(
        "kubectl apply -f mysql-configmap.yaml\nkubectl apply -f mysql-services.yaml\n\
         kubectl apply -f mysql-statefulset.yaml\nkubectl apply -f web.yaml\nkubectl apply -f web-deployment.yaml\n\
         kubectl apply -f - <<EOF\napiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {user: admin}\nEOF\n\
         sim advance 3m\nkubectl set image sts/web nginx=nginx:2\nsim advance 1m\nkubectl delete pod web-0\nsim advance 1s\n",
    );
    let counts = [
        round_trips::<Node>(&sim),
        round_trips::<StorageClass>(&sim),
        round_trips::<Service>(&sim),
        round_trips::<StatefulSet>(&sim),
        round_trips::<ControllerRevision>(&sim),
        round_trips::<Deployment>(&sim),
        round_trips::<ReplicaSet>(&sim),
        round_trips::<PersistentVolumeClaim>(&sim),
        round_trips::<PersistentVolume>(&sim),
        round_trips::<ConfigMap>(&sim),
        round_trips::<Secret>(&sim),
        round_trips::<Pod>(&sim),
        round_trips::<EndpointSlice>(&sim),
        round_trips::<Event>(&sim),
    ];
    assert!(counts.iter().all(|&n| n > 0), "every kind is present: {counts:?}");
}

#[test]
fn bundled_manifests_read_the_same_after_a_round_trip() {
    for name in [
        "web.yaml",
        "web-parallel.yaml",
        "mysql-configmap.yaml",
        "mysql-services.yaml",
        "mysql-statefulset.yaml",
        "web-deployment.yaml",
    ] {
        let text = sts_engine::bundled::manifest(name).expect("bundled");
        for doc in parse_documents(text, name).expect("readable") {
            match doc {
                Document::StatefulSet(s) => assert_eq!(from_json::<StatefulSet>(&s.encode()).as_ref(), Ok(&*s)),
                Document::Service(s) => assert_eq!(from_json::<Service>(&s.encode()).as_ref(), Ok(&*s)),
                Document::ConfigMap(c) => assert_eq!(from_json::<ConfigMap>(&c.encode()).as_ref(), Ok(&*c)),
                Document::Deployment(d) => assert_eq!(from_json::<Deployment>(&d.encode()).as_ref(), Ok(&*d)),
                other => panic!("{name}: unexpected {other:?}"),
            }
        }
    }
}

/// The error text of applying a StatefulSet whose `spec` carries `spec_yaml`.
fn decode_error(spec_yaml: &str) -> String {
    let text = format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n{spec_yaml}");
    let docs = parse_documents(&text, "STDIN").expect("readable YAML");
    match &docs[0] {
        Document::Undecodable(ManifestError::Decode { reason, .. }) => reason.clone(),
        other => panic!("refusal expected, got {other:?}"),
    }
}

#[test]
fn a_wrongly_typed_field_is_refused_in_go_s_words_with_its_path() {
    let cases = [
        ("  replicas: \"3\"\n", "json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"),
        ("  replicas: 1.5\n", "json: cannot unmarshal number 1.5 into Go struct field StatefulSetSpec.spec.replicas of type int32"),
        ("  serviceName: 7\n", "json: cannot unmarshal number into Go struct field StatefulSetSpec.spec.serviceName of type string"),
        ("  selector: [app]\n", "json: cannot unmarshal array into Go struct field StatefulSetSpec.spec.selector of type v1.LabelSelector"),
        ("  selector:\n    matchLabels: [app]\n", "json: cannot unmarshal array into Go struct field LabelSelector.spec.selector.matchLabels of type map[string]string"),
        (
            "  template:\n    spec:\n      containers:\n      - name: a\n        image: 5\n",
            "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string",
        ),
        (
            "  template:\n    spec:\n      containers: nginx\n",
            "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container",
        ),
        (
            "  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: true\n",
            "json: cannot unmarshal bool into Go struct field RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.maxUnavailable of type int32",
        ),
        (
            "  volumeClaimTemplates:\n  - spec:\n      accessModes: ReadWriteOnce\n",
            "json: cannot unmarshal string into Go struct field PersistentVolumeClaimSpec.spec.volumeClaimTemplates.spec.accessModes of type []string",
        ),
    ];
    for (spec, expected) in cases {
        assert_eq!(decode_error(spec), expected, "for {spec:?}");
    }
    let whole = parse_documents("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec: 3\n", "s.yaml")
        .expect("readable");
    let Document::Undecodable(err) = &whole[0] else { panic!("refused") };
    assert_eq!(
        err.to_string(),
        "Error from server (BadRequest): error when creating \"s.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal number into Go struct field StatefulSet.spec of type v1.StatefulSetSpec"
    );
}

#[test]
fn null_and_missing_fields_read_as_zero_values_and_server_fields_are_never_read() {
    let set: StatefulSet = from_json(&json!({
        "metadata": {"name": "db", "uid": "forged", "labels": null},
        "spec": {"replicas": null, "serviceName": "db"},
        "status": {"replicas": 9}
    }))
    .expect("decodes");
    assert_eq!(set.metadata.name, "db");
    assert!(set.metadata.uid.is_empty(), "uid is the server's");
    assert_eq!(set.spec.replicas, None);
    assert_eq!(set.status, None, "status is the server's");
}

/// A JSON tree of bounded depth.
fn json_tree() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-z]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("spec".to_string()),
                        Just("metadata".to_string()),
                        Just("template".to_string()),
                        Just("containers".to_string()),
                        Just("replicas".to_string()),
                        Just("labels".to_string()),
                        Just("name".to_string()),
                        Just("selector".to_string()),
                        Just("matchLabels".to_string()),
                        Just("volumeClaimTemplates".to_string()),
                        Just("updateStrategy".to_string()),
                        Just("rollingUpdate".to_string()),
                        Just("maxUnavailable".to_string()),
                        "[a-z]{1,5}",
                    ],
                    inner
                ),
                0..5
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any JSON at all decodes or is refused with Go's message; nothing panics, and what
    /// decodes encodes to a form that decodes to the same object.
    #[test]
    fn arbitrary_json_decodes_or_is_refused_in_words(value in json_tree()) {
        for kind in 0..3 {
            match kind {
                0 => check::<StatefulSet>(&value),
                1 => check::<Pod>(&value),
                _ => check::<PersistentVolumeClaim>(&value),
            }
        }
    }
}

fn check<T: Wire + PartialEq + std::fmt::Debug>(value: &Value) {
    match from_json::<T>(value) {
        Ok(obj) => assert_eq!(from_json::<T>(&obj.encode()).as_ref(), Ok(&obj)),
        Err(e) => assert!(
            e.to_string().starts_with("json: cannot unmarshal ") || e.to_string().starts_with("parsing time "),
            "{e}"
        ),
    }
}
