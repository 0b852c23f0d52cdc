//! `kubectl drain NODE`: cordon the node, evict every pod on it through the Eviction API,
//! and wait (letting simulated time pass) until each is gone, printing what kubectl
//! prints. An eviction a PodDisruptionBudget refuses (429) is asked again every 5 seconds,
//! as kubectl does, until the budget allows it or the timeout passes; the StatefulSet
//! re-creates its evicted pods on the other nodes, in its own order.
//!
//! kubectl waits for ever without `--timeout`. The console cannot run other commands
//! meanwhile, so the simulation stops waiting when nothing in the cluster is due to change
//! (only the user can then make room) or after 10 simulated minutes, and says so.

use crate::action::{Action, ActionError};
use crate::api::Pod;
use crate::error::ApiError;
use crate::simulation::Simulation;
use crate::time::{SimDuration, SimTime};

/// How long kubectl sleeps after a refused eviction.
const RETRY_AFTER: SimDuration = SimDuration::from_secs(5);

/// How long the simulation waits when no `--timeout` was given.
const UNTIMED_LIMIT: SimDuration = SimDuration::from_secs(600);

/// Refusals of one pod printed in full before the rest are counted.
const SHOWN_REFUSALS: u32 = 3;

/// A pod whose eviction has not gone through yet.
struct Asking {
    name: String,
    namespace: String,
    uid: String,
    due: SimTime,
    refusals: u32,
}

/// Runs `kubectl drain NODE`; `timeout` is kubectl's `--timeout`, if given.
pub fn drain(sim: &mut Simulation, node: &str, timeout: Option<SimDuration>) -> String {
    let mut out = String::new();
    match sim.apply(Action::CordonNode { node: node.to_string(), unschedulable: true }) {
        Ok(done) => done.lines.iter().for_each(|l| out.push_str(&format!("{l}\n"))),
        Err(e) => return format!("{e}\n"),
    }
    let start = sim.now();
    let mut asking: Vec<Asking> = sim
        .cluster()
        .list::<Pod>()
        .values()
        .filter(|p| p.spec.node_name.as_deref() == Some(node) && !p.is_terminal())
        .map(|p| Asking {
            name: p.metadata.name.clone(),
            namespace: p.metadata.namespace.clone(),
            uid: p.metadata.uid.clone(),
            due: start,
            refusals: 0,
        })
        .collect();
    let deadline = start.plus(timeout.unwrap_or(UNTIMED_LIMIT));
    let mut waiting: Vec<(String, String, String)> = Vec::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut asked_when_quiet = false;
    loop {
        let now = sim.now();
        let mut still = Vec::new();
        for mut a in asking {
            if a.due > now {
                still.push(a);
                continue;
            }
            if a.refusals < SHOWN_REFUSALS {
                out.push_str(&format!("evicting pod {}/{}\n", a.namespace, a.name));
            }
            let answer = sim.apply(Action::EvictPod { pod: a.name.clone() });
            if a.refusals >= SHOWN_REFUSALS && !matches!(answer, Err(ActionError::Api(ApiError::TooManyRequests(_)))) {
                // The attempt that ended a run of refusals left out: its line after the count.
                repeated(&mut out, a.refusals);
                out.push_str(&format!("evicting pod {}/{}\n", a.namespace, a.name));
                a.refusals = 0;
            }
            match answer {
                Ok(_) => waiting.push((a.name, a.namespace, a.uid)),
                Err(ActionError::Api(ApiError::NotFound { .. })) => {}
                Err(ActionError::Api(ApiError::TooManyRequests(why))) => {
                    if a.refusals < SHOWN_REFUSALS {
                        out.push_str(&format!(
                            "error when evicting pods/\"{}\" -n \"{}\" (will retry after 5s): {why}\n",
                            a.name, a.namespace
                        ));
                    }
                    a.refusals += 1;
                    a.due = now.plus(RETRY_AFTER);
                    still.push(a);
                }
                Err(e) => {
                    let why = match &e {
                        ActionError::Api(api) => api.server_message(),
                        other => other.to_string(),
                    };
                    let message = format!("error when evicting pods/\"{}\" -n \"{}\": {why}", a.name, a.namespace);
                    failures.push((a.name, message));
                }
            }
        }
        asking = still;
        let (gone, left): (Vec<_>, Vec<_>) = waiting.into_iter().partition(|(name, namespace, uid)| {
            let key = crate::store::ObjectKey::new(namespace, name);
            sim.cluster().get::<Pod>(&key).is_none_or(|p| &p.metadata.uid != uid)
        });
        gone.iter().for_each(|(name, _, _)| out.push_str(&format!("pod/{name} evicted\n")));
        waiting = left;
        if asking.is_empty() && waiting.is_empty() {
            if failures.is_empty() {
                out.push_str(&format!("node/{node} drained\n"));
            } else {
                give_up(&mut out, node, failures);
            }
            return out;
        }
        // kubectl asks no more once its timeout has passed.
        let retry = asking.iter().map(|a| a.due).min().filter(|at| *at < deadline);
        let change = sim.next_change_at();
        let next = [retry, change.filter(|at| *at <= deadline)].into_iter().flatten().min();
        // Once nothing is due to change, one more attempt answers for good.
        let quiet = change.is_none() && waiting.is_empty();
        let stop_now = quiet && timeout.is_none() && asked_when_quiet;
        asked_when_quiet = quiet;
        match next {
            Some(next) if !stop_now => {
                let _ = sim.apply(Action::Advance { by: next.since(sim.now()) });
            }
            _ => {
                let limit = timeout.unwrap_or(UNTIMED_LIMIT);
                if timeout.is_none() {
                    stopped(&mut out, node, &asking, &waiting, quiet);
                    return out;
                }
                let _ = sim.apply(Action::Advance { by: deadline.since(sim.now()) });
                for a in &asking {
                    repeated(&mut out, a.refusals);
                    let message = format!(
                        "error when evicting pods/\"{}\" -n \"{}\": global timeout reached: {}",
                        a.name,
                        a.namespace,
                        limit.go_string()
                    );
                    failures.push((a.name.clone(), message));
                }
                for (name, namespace, _) in &waiting {
                    let message = format!(
                        "error when waiting for pod \"{name}\" in namespace \"{namespace}\" to terminate: global timeout reached: {}",
                        limit.go_string()
                    );
                    failures.push((name.clone(), message));
                }
                give_up(&mut out, node, failures);
                return out;
            }
        }
    }
}

/// Says how many more times kubectl printed the same refusal, when it was left out.
fn repeated(out: &mut String, refusals: u32) {
    if refusals > SHOWN_REFUSALS {
        out.push_str(&format!(
            "sim: kubectl printed those two lines {} more times, every 5s\n",
            refusals - SHOWN_REFUSALS
        ));
    }
}

/// kubectl's report of a node it could not drain: the pods still there, the error, and
/// the node left to drain.
fn give_up(out: &mut String, node: &str, failures: Vec<(String, String)>) {
    let errors: Vec<&str> = failures.iter().map(|(_, m)| m.as_str()).collect();
    let error = match &errors[..] {
        [one] => one.to_string(),
        many => format!("[{}]", many.join(", ")),
    };
    out.push_str(&format!("There are pending pods in node \"{node}\" when an error occurred: {error}\n"));
    failures.iter().for_each(|(name, _)| out.push_str(&format!("pod/{name}\n")));
    out.push_str(&format!("error: unable to drain node \"{node}\" due to error: {error}, continuing command...\n"));
    out.push_str(&format!("There are pending nodes to be drained:\n {node}\nerror: {error}\n"));
}

/// Where the simulation stops a drain that kubectl would go on retrying.
fn stopped(out: &mut String, node: &str, asking: &[Asking], waiting: &[(String, String, String)], quiet: bool) {
    asking.iter().for_each(|a| repeated(out, a.refusals));
    let names: Vec<&str> =
        asking.iter().map(|a| a.name.as_str()).chain(waiting.iter().map(|(n, _, _)| n.as_str())).collect();
    let why = if quiet {
        "nothing in the cluster will change while it waits".to_string()
    } else {
        format!("it has waited {} of simulated time", UNTIMED_LIMIT.go_string())
    };
    out.push_str(&format!(
        "sim: kubectl would go on retrying every 5s until you press Ctrl-C; the simulation stops here, as {why}. {} stays on {node}, which stays cordoned: make room for it (kubectl uncordon NODE) and drain again\n",
        names.join(", ")
    ));
}
