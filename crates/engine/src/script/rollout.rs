//! `kubectl rollout status|history|undo|restart sts/NAME`, as kubectl's
//! StatefulSet status viewer, history viewer and rollbacker word them. `status` lets
//! simulated time pass, one scheduled change at a time, until the rollout is complete,
//! or says that it is blocked (nothing more is scheduled) or timed out.

use crate::action::Action;
use crate::api::{Kind, StatefulSet};
use crate::controller::revisions::owned_revisions;
use crate::patch::PatchType;
use crate::script::command::RolloutVerb;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::SimDuration;
use crate::wire::Wire;
use serde_json::Value;

/// The annotation kubectl reads as a revision's change cause.
pub const CHANGE_CAUSE_ANNOTATION: &str = "kubernetes.io/change-cause";
/// The template annotation `kubectl rollout restart` sets.
pub const RESTARTED_AT_ANNOTATION: &str = "kubectl.kubernetes.io/restartedAt";

/// How long `rollout status` waits when no `--timeout` is given (kubectl waits forever;
/// the simulation stops where `sim settle` does).
pub const DEFAULT_STATUS_TIMEOUT: SimDuration = SimDuration::from_secs(600);

/// Runs one rollout subcommand and returns what kubectl prints.
pub fn rollout(
    sim: &mut Simulation,
    verb: RolloutVerb,
    name: &str,
    revision: Option<i64>,
    watch: bool,
    timeout: Option<SimDuration>,
) -> String {
    let Some(set) = statefulset(sim, name) else {
        return format!("Error from server (NotFound): statefulsets.apps \"{name}\" not found\n");
    };
    match verb {
        RolloutVerb::Status => status(sim, name, watch, timeout.unwrap_or(DEFAULT_STATUS_TIMEOUT)),
        RolloutVerb::History => history(sim, &set, revision),
        RolloutVerb::Undo => undo(sim, &set, revision.unwrap_or(0)),
        RolloutVerb::Restart => restart(sim, name),
        RolloutVerb::Pause | RolloutVerb::Resume => {
            let verb = if verb == RolloutVerb::Pause { "pausing" } else { "resuming" };
            format!("error: statefulsets.apps \"{name}\" {verb} is not supported\n")
        }
    }
}

fn statefulset(sim: &Simulation, name: &str) -> Option<StatefulSet> {
    sim.cluster().get::<StatefulSet>(&ObjectKey::default_ns(name)).cloned()
}

/// kubectl's `StatefulSetStatusViewer`: the message and whether the rollout is done.
pub fn status_message(set: &StatefulSet) -> Result<(String, bool), String> {
    let strategy = set.spec.update_strategy.as_ref();
    if strategy.and_then(|s| s.type_.as_deref()) != Some("RollingUpdate") {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let status = set.status.clone().unwrap_or_default();
    let generation = set.metadata.generation.unwrap_or(0);
    if status.observed_generation.unwrap_or(0) == 0 || generation > status.observed_generation.unwrap_or(0) {
        return Ok(("Waiting for statefulset spec update to be observed...".into(), false));
    }
    let replicas = set.replicas();
    if status.ready_replicas < replicas {
        return Ok((format!("Waiting for {} pods to be ready...", replicas - status.ready_replicas), false));
    }
    if let Some(ru) = strategy.and_then(|s| s.rolling_update.as_ref()) {
        if let Some(partition) = ru.partition {
            if status.updated_replicas < replicas - partition {
                return Ok((
                    format!(
                        "Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...",
                        status.updated_replicas,
                        replicas - partition
                    ),
                    false,
                ));
            }
        }
        return Ok((
            format!("partitioned roll out complete: {} new pods have been updated...", status.updated_replicas),
            true,
        ));
    }
    let (current, update) = (status.current_revision.unwrap_or_default(), status.update_revision.unwrap_or_default());
    if update != current {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {update}...",
                status.updated_replicas
            ),
            false,
        ));
    }
    Ok((format!("statefulset rolling update complete {} pods at revision {current}...", status.current_replicas), true))
}

/// `rollout status`: prints the status each time the set's status changes, letting time
/// pass until the rollout completes, nothing more is scheduled, or `timeout` passes.
fn status(sim: &mut Simulation, name: &str, watch: bool, timeout: SimDuration) -> String {
    let read = |sim: &Simulation| {
        statefulset(sim, name).map(|set| (set.metadata.resource_version.clone(), status_message(&set)))
    };
    let not_found = format!("Error from server (NotFound): statefulsets.apps \"{name}\" not found\n");
    watch_status(sim, &not_found, read, watch, timeout)
}

/// The watch loop of `rollout status` for any workload: `read` gives the object's
/// resourceVersion and kubectl's status message (and whether it is done) or its error;
/// the message is printed each time the object changes, and simulated time passes, one
/// scheduled change at a time, until done, blocked, or `timeout`.
pub(crate) fn watch_status(
    sim: &mut Simulation,
    not_found: &str,
    read: impl Fn(&Simulation) -> Option<(String, Result<(String, bool), String>)>,
    watch: bool,
    timeout: SimDuration,
) -> String {
    let mut out = String::new();
    let deadline = sim.now().plus(timeout);
    let mut last_version = String::new();
    loop {
        let Some((version, message)) = read(sim) else {
            out.push_str(not_found);
            return out;
        };
        let (message, done) = match message {
            Ok(m) => m,
            Err(e) => return format!("{out}error: {e}\n"),
        };
        if version != last_version {
            out.push_str(&message);
            out.push('\n');
            last_version = version;
        }
        if done || !watch {
            return out;
        }
        let Some(next) = sim.next_change_at() else {
            out.push_str("error: the rollout is blocked: nothing more will happen until something changes\n");
            return out;
        };
        if next > deadline {
            let _ = sim.apply(Action::Advance { by: deadline.since(sim.now()) });
            out.push_str("error: timed out waiting for the condition\n");
            return out;
        }
        let _ = sim.apply(Action::Advance { by: next.since(sim.now()) });
    }
}

/// `rollout history`: the revisions with their change causes, or one revision's
/// template with `--revision`.
fn history(sim: &Simulation, set: &StatefulSet, revision: Option<i64>) -> String {
    let revisions = owned_revisions(sim, set);
    let name = &set.metadata.name;
    if let Some(number) = revision.filter(|r| *r > 0) {
        let Some(found) = revisions.iter().find(|r| r.revision == number) else {
            return "error: unable to find the specified revision\n".into();
        };
        let mut out = format!("statefulset.apps/{name} with revision #{number}\n");
        out.push_str(&crate::script::tabwriter::tabwrite(
            &crate::script::describe::pod_template(&found.data.template),
            2,
        ));
        return out + "\n";
    }
    history_table(&format!("statefulset.apps/{name}"), revisions.iter().map(|r| (r.revision, &r.metadata)))
}

/// kubectl's history listing of `object`: each revision number with the change cause
/// its object's annotation records (`<none>` without one).
pub(crate) fn history_table<'a>(
    object: &str,
    revisions: impl Iterator<Item = (i64, &'a crate::api::ObjectMeta)>,
) -> String {
    let rows: Vec<Vec<String>> = revisions
        .map(|(number, meta)| {
            let cause = meta.annotations.get(CHANGE_CAUSE_ANNOTATION).cloned().unwrap_or_else(|| "<none>".into());
            vec![number.to_string(), cause]
        })
        .collect();
    let table = crate::script::table::format_table_padded(&["REVISION", "CHANGE-CAUSE"], &rows, 2);
    format!("{object} \n{table}\n")
}

/// `rollout undo [--to-revision=N]`: writes the revision's template back into the set
/// (the previous revision when N is 0), which the controller rolls out like any change.
fn undo(sim: &mut Simulation, set: &StatefulSet, to_revision: i64) -> String {
    if to_revision < 0 {
        return format!("error: unable to find specified revision {to_revision} in history\n");
    }
    let revisions = owned_revisions(sim, set);
    if to_revision == 0 && revisions.len() <= 1 {
        return "error: no last revision to roll back to\n".into();
    }
    let target = match to_revision {
        0 => revisions.iter().rev().nth(1),
        n => revisions.iter().find(|r| r.revision == n),
    };
    let Some(target) = target else {
        return format!("error: unable to find specified revision {to_revision} in history\n");
    };
    let name = &set.metadata.name;
    if target.data.template == set.spec.template {
        return format!(
            "statefulset.apps/{name} skipped rollback (current template already matches revision {})\n",
            target.revision
        );
    }
    let template = target.data.template.encode();
    let patch = replace_template(template);
    match sim.apply(Action::Patch { kind: Kind::StatefulSet, name: name.clone(), patch, patch_type: PatchType::Json }) {
        Ok(_) => format!("statefulset.apps/{name} rolled back\n"),
        Err(e) => format!("{e}\n"),
    }
}

/// `rollout restart`: stamps the template with the time, so every pod is replaced.
fn restart(sim: &mut Simulation, name: &str) -> String {
    restart_workload(sim, Kind::StatefulSet, name)
}

/// `rollout restart` of a StatefulSet or a Deployment: stamps the template with the time,
/// so every pod is replaced.
pub(crate) fn restart_workload(sim: &mut Simulation, kind: Kind, name: &str) -> String {
    let at = sim.now().to_rfc3339();
    let patch = format!(
        "{{\"spec\":{{\"template\":{{\"metadata\":{{\"annotations\":{{\"{RESTARTED_AT_ANNOTATION}\":\"{at}\"}}}}}}}}}}"
    );
    match sim.apply(Action::Patch { kind, name: name.into(), patch, patch_type: PatchType::Strategic }) {
        Ok(_) => format!("{}/{name} restarted\n", kind.kubectl_name()),
        Err(e) => format!("{e}\n"),
    }
}

/// The JSON patch that replaces an object's pod template with `template`, as
/// `kubectl rollout undo` sends it.
pub(crate) fn replace_template(template: Value) -> String {
    let op =
        crate::wire::object(vec![("op", "replace".into()), ("path", "/spec/template".into()), ("value", template)]);
    Value::Array(vec![op]).to_string()
}
