//! Helpers shared by the engine's scenario tests: start from the tutorial manifest, step
//! time finely, and read pods, claims and events the way a test asserts on them.

#![allow(dead_code)]

pub mod invariants;

use sts_engine::api::{Event, PersistentVolumeClaim, Pod, StatefulSet};
use sts_engine::bundled::WEB_YAML;
use sts_engine::script::console::{run_script, BundledFiles};
use sts_engine::{Action, ObjectKey, SimDuration, Simulation};

/// Runs a script of the scenario language on a fresh cluster, as `sts-run` does, and
/// returns the simulation and the transcript. A line the runner cannot understand fails
/// the test.
pub fn script(text: &str) -> (Simulation, String) {
    let mut sim = Simulation::new(0);
    let out = more(&mut sim, text);
    (sim, out)
}

/// Runs more lines of the scenario language on `sim`; returns what they printed.
pub fn more(sim: &mut Simulation, text: &str) -> String {
    let (transcript, result) = run_script(sim, text, &BundledFiles);
    if let Err(e) = result {
        panic!("{e}\n{}", transcript.text);
    }
    transcript.text
}

/// The names of the pods that exist now, in ordinal order.
pub fn pods_now(sim: &Simulation) -> Vec<String> {
    let mut names = pod_names(sim);
    names.sort_by(|a, b| sts_engine::ordinal::natural_cmp(a, b));
    names
}

/// Whether the pod exists and is Running and Ready.
pub fn is_ready(sim: &Simulation, name: &str) -> bool {
    pod(sim, name).is_some_and(|p| p.is_running_and_ready())
}

/// The StatefulSet's `status.readyReplicas`.
pub fn ready_replicas(sim: &Simulation) -> i32 {
    web(sim).status.as_ref().map_or(0, |s| s.ready_replicas)
}

/// The messages of the StatefulSet's events that start with `prefix`, in order.
pub fn set_messages_starting(sim: &Simulation, prefix: &str) -> Vec<String> {
    set_messages(sim).into_iter().filter(|m| m.starts_with(prefix)).collect()
}

/// A default cluster with the tutorial's `nginx` Service and `web` StatefulSet applied.
pub fn tutorial(seed: u64) -> Simulation {
    let mut sim = Simulation::new(seed);
    sim.apply(Action::Apply { manifest: WEB_YAML.into(), source: "web.yaml".into() }).expect("web.yaml applies");
    sim
}

/// Lets `ms` milliseconds of simulated time pass.
pub fn advance_ms(sim: &mut Simulation, ms: u64) {
    sim.apply(Action::Advance { by: SimDuration::from_millis(ms) }).expect("advance");
}

/// Scales `web` to `n`.
pub fn scale(sim: &mut Simulation, n: i64) {
    sim.apply(Action::ScaleTo { statefulset: "web".into(), replicas: n }).expect("scale");
}

/// Steps time 100 ms at a time, calling `check` after each step, until no change is
/// pending or `limit_secs` have passed. Returns the simulated seconds it took.
pub fn settle_checking(sim: &mut Simulation, limit_secs: u64, mut check: impl FnMut(&Simulation)) -> f64 {
    let start = sim.now();
    check(sim);
    while sim.next_change_at().is_some() && sim.now().since(start) < SimDuration::from_secs(limit_secs) {
        advance_ms(sim, 100);
        check(sim);
    }
    assert!(sim.next_change_at().is_none(), "did not settle within {limit_secs}s");
    sim.now().since(start).as_millis() as f64 / 1000.0
}

/// Steps until nothing is pending (at most `limit_secs`).
pub fn settle(sim: &mut Simulation, limit_secs: u64) -> f64 {
    settle_checking(sim, limit_secs, |_| {})
}

/// The pod called `name` in `default`.
pub fn pod<'a>(sim: &'a Simulation, name: &str) -> Option<&'a Pod> {
    sim.cluster().get::<Pod>(&ObjectKey::default_ns(name))
}

/// Names of all pods, in name order.
pub fn pod_names(sim: &Simulation) -> Vec<String> {
    sim.cluster().list::<Pod>().values().map(|p| p.metadata.name.clone()).collect()
}

/// Names of all claims, in name order.
pub fn claim_names(sim: &Simulation) -> Vec<String> {
    sim.cluster().list::<PersistentVolumeClaim>().values().map(|c| c.metadata.name.clone()).collect()
}

/// The claim called `name`.
pub fn claim<'a>(sim: &'a Simulation, name: &str) -> Option<&'a PersistentVolumeClaim> {
    sim.cluster().get::<PersistentVolumeClaim>(&ObjectKey::default_ns(name))
}

/// The `web` StatefulSet.
pub fn web(sim: &Simulation) -> &StatefulSet {
    sim.cluster().get::<StatefulSet>(&ObjectKey::default_ns("web")).expect("web exists")
}

/// `(type, reason, message)` of every event about the StatefulSet `web`, in order.
pub fn set_events(sim: &Simulation) -> Vec<(String, String, String)> {
    sim.cluster()
        .list::<Event>()
        .in_creation_order()
        .into_iter()
        .filter(|e| e.involved_object.kind == "StatefulSet" && e.involved_object.name == "web")
        .map(|e| (e.type_.clone(), e.reason.clone(), e.message.clone()))
        .collect()
}

/// The messages of the StatefulSet's events, in order.
pub fn set_messages(sim: &Simulation) -> Vec<String> {
    set_events(sim).into_iter().map(|(_, _, m)| m).collect()
}

/// How many times the StatefulSet recorded events whose message starts with `prefix`,
/// counting aggregated repeats (`count`), as `kubectl get events` shows `(xN)`.
pub fn set_event_count(sim: &Simulation, prefix: &str) -> i32 {
    sim.cluster()
        .list::<Event>()
        .values()
        .filter(|e| {
            e.involved_object.kind == "StatefulSet" && e.involved_object.name == "web" && e.message.starts_with(prefix)
        })
        .map(|e| e.count)
        .sum()
}

/// Settles (at most `limit_secs`), returning the names of pods in the order they started
/// terminating; each incarnation (uid) counts once.
pub fn settle_recording_deletions(sim: &mut Simulation, limit_secs: u64) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut order = Vec::new();
    settle_checking(sim, limit_secs, |sim| {
        for p in sim.cluster().list::<sts_engine::api::Pod>().values() {
            if p.metadata.is_terminating() && seen.insert(p.metadata.uid.clone()) {
                order.push(p.metadata.name.clone());
            }
        }
    });
    order
}

/// The messages of the events about the pod `name`, in order.
pub fn pod_events(sim: &Simulation, name: &str) -> Vec<String> {
    events_about(sim, "Pod", name)
}

/// The messages of the events about the object of `kind` called `name`, in order.
pub fn events_about(sim: &Simulation, kind: &str, name: &str) -> Vec<String> {
    sim.cluster()
        .list::<Event>()
        .in_creation_order()
        .into_iter()
        .filter(|e| e.involved_object.kind == kind && e.involved_object.name == name)
        .map(|e| e.message.clone())
        .collect()
}
