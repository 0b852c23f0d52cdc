//! The whole cluster as one JSON document, in the shape the headless runner prints with
//! `--json`: a `v1` `List` of every object as the API returns it, grouped by kind in
//! creation order, and an `x-simulation` block with the time and the DNS records.

use crate::api::{
    ConfigMap, ControllerRevision, Deployment, EndpointSlice, Event, Node, PersistentVolume, PersistentVolumeClaim,
    Pod, PodDisruptionBudget, ReplicaSet, Secret, Service, StatefulSet, StorageClass,
};
use crate::cluster::{Cluster, Stored};
use crate::dns;
use crate::simulation::Simulation;
use crate::wire::{object, Wire};
use serde_json::{Map, Value};

fn push_all<T: Stored + Wire>(cluster: &Cluster, items: &mut Vec<Value>) {
    items.extend(cluster.list::<T>().in_creation_order().into_iter().map(T::encode));
}

/// The state of `sim` as a JSON value.
pub fn to_json(sim: &Simulation) -> Value {
    let c = sim.cluster();
    let mut items = Vec::new();
    push_all::<Node>(c, &mut items);
    push_all::<StorageClass>(c, &mut items);
    push_all::<Service>(c, &mut items);
    push_all::<StatefulSet>(c, &mut items);
    push_all::<ControllerRevision>(c, &mut items);
    push_all::<Deployment>(c, &mut items);
    push_all::<ReplicaSet>(c, &mut items);
    push_all::<PersistentVolumeClaim>(c, &mut items);
    push_all::<PersistentVolume>(c, &mut items);
    push_all::<ConfigMap>(c, &mut items);
    push_all::<Secret>(c, &mut items);
    push_all::<PodDisruptionBudget>(c, &mut items);
    push_all::<Pod>(c, &mut items);
    push_all::<EndpointSlice>(c, &mut items);
    push_all::<Event>(c, &mut items);
    object(vec![
        ("apiVersion", "v1".into()),
        ("kind", "List".into()),
        ("items", items.into()),
        (
            "x-simulation",
            object(vec![
                ("time", (sim.now().as_millis() as f64 / 1000.0).into()),
                ("dns", dns::records(c).iter().map(dns::DnsRecord::to_json).collect::<Vec<_>>().into()),
                ("data", data_json(sim)),
            ]),
        ),
    ])
}

/// The data on every volume and container, store by store: `{STORE: {KEY: VALUE}}`.
fn data_json(sim: &Simulation) -> Value {
    let stores = crate::data::snapshot(sim).into_iter().map(|(store, entries)| {
        let entries: Map<String, Value> = entries.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        (store, Value::Object(entries))
    });
    Value::Object(stores.collect())
}

/// The state of `sim` as pretty-printed JSON text.
pub fn to_json_string(sim: &Simulation) -> String {
    serde_json::to_string_pretty(&to_json(sim)).unwrap_or_default()
}
