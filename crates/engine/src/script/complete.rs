//! Tab completion for the console: the words that can follow what has been typed,
//! kubectl's verbs and resource types and the names of the objects in the cluster, the
//! way a shell's kubectl completion offers them.

use crate::cluster::Cluster;
use crate::script::command::Resource;

/// kubectl's verbs the scenario language runs.
const KUBECTL_VERBS: &[&str] = &[
    "annotate", "apply", "cordon", "create", "delete", "describe", "drain", "exec", "get", "label", "patch", "rollout",
    "run", "scale", "set", "taint", "uncordon",
];

/// The `sim` directives.
const SIM_DIRECTIVES: &[&str] =
    &["advance", "image", "node", "pod", "read", "replication", "say", "seed", "settle", "write"];

/// Resource types offered after a verb that takes one.
const RESOURCE_TYPES: &[&str] = &[
    "configmaps",
    "controllerrevisions",
    "deployments",
    "endpointslices",
    "events",
    "nodes",
    "persistentvolumeclaims",
    "persistentvolumes",
    "poddisruptionbudgets",
    "pods",
    "replicasets",
    "secrets",
    "services",
    "statefulsets",
    "storageclasses",
];

/// Verbs whose second word is a resource type and third an object name.
const TYPED_VERBS: &[&str] = &["annotate", "delete", "describe", "get", "label", "patch", "scale"];

/// The candidates for the word being typed at the end of `line` (empty after a space),
/// sorted; each is the whole word, so the console replaces the partial one.
pub fn complete(cluster: &Cluster, line: &str) -> Vec<String> {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    let typing = match line.ends_with(char::is_whitespace) || line.is_empty() {
        true => "",
        false => words.pop().unwrap_or(""),
    };
    let names =
        |resource: Resource| -> Vec<String> { cluster.keys_of(resource.kind()).into_iter().map(|k| k.name).collect() };
    let fixed = |list: &[&str]| -> Vec<String> { list.iter().map(|w| w.to_string()).collect() };
    let candidates: Vec<String> = match words.as_slice() {
        [] => fixed(&["kubectl", "sim"]),
        ["kubectl"] => fixed(KUBECTL_VERBS),
        ["sim"] => fixed(SIM_DIRECTIVES),
        ["kubectl", verb] if TYPED_VERBS.contains(verb) => match typing.split_once('/') {
            Some((kind, _)) => match Resource::parse(kind) {
                Some(resource) => names(resource).into_iter().map(|n| format!("{kind}/{n}")).collect(),
                None => Vec::new(),
            },
            None => fixed(RESOURCE_TYPES),
        },
        ["kubectl", verb, kind, ..] if TYPED_VERBS.contains(verb) && !kind.contains('/') => {
            Resource::parse(kind).map(names).unwrap_or_default()
        }
        ["kubectl", "cordon" | "uncordon" | "drain"] | ["kubectl", "taint", "nodes" | "node"] => names(Resource::Nodes),
        ["kubectl", "taint"] => fixed(&["nodes"]),
        ["kubectl", "exec"] => names(Resource::Pods),
        ["kubectl", "rollout"] => fixed(&["history", "pause", "restart", "resume", "status", "undo"]),
        ["kubectl", "rollout", _] | ["kubectl", "set", "image"] => {
            let sets = names(Resource::StatefulSets).into_iter().map(|n| format!("statefulset/{n}"));
            sets.chain(names(Resource::Deployments).into_iter().map(|n| format!("deployment/{n}"))).collect()
        }
        ["kubectl", "set"] => fixed(&["image"]),
        ["kubectl", "apply" | "create"] => fixed(&["-f"]),
        ["kubectl", "apply" | "create", "-f"] => fixed(crate::bundled::NAMES),
        ["sim", "pod"] => fixed(&["crash", "fail", "heal", "ready", "succeed", "unready"]),
        ["sim", "pod", _] | ["sim", "write" | "read"] => names(Resource::Pods),
        ["sim", "node"] => fixed(&["add", "fail", "recover"]),
        ["sim", "node", "fail" | "recover"] => names(Resource::Nodes),
        ["sim", "image", _] => fixed(&["crash", "ok", "unpullable"]),
        ["sim", "replication"] => names(Resource::StatefulSets).into_iter().map(|n| format!("sts/{n}")).collect(),
        ["sim", "replication", _] => fixed(&["off", "on"]),
        _ => Vec::new(),
    };
    let mut matching: Vec<String> = candidates.into_iter().filter(|c| c.starts_with(typing)).collect();
    matching.sort();
    matching.dedup();
    matching
}

/// The longest text every candidate starts with: what Tab can fill in at once.
pub fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else { return String::new() };
    let mut length = first.len();
    for other in &candidates[1..] {
        length = first.bytes().zip(other.bytes()).take(length).take_while(|(a, b)| a == b).count();
    }
    while !first.is_char_boundary(length) {
        length -= 1;
    }
    first[..length].to_string()
}
