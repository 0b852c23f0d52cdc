//! `kubectl rollout status|history|undo|restart|pause|resume deploy/NAME`, as kubectl's
//! Deployment status viewer, history viewer and rollbacker word them. A Deployment's
//! revisions are its ReplicaSets (their `deployment.kubernetes.io/revision`); undo copies
//! a ReplicaSet's template, less its `pod-template-hash` label, back into the Deployment.

use crate::action::Action;
use crate::api::deployment::POD_TEMPLATE_HASH_LABEL;
use crate::api::{Deployment, Kind, ReplicaSet};
use crate::controller::deployment::owned_replica_sets;
use crate::patch::PatchType;
use crate::script::command::RolloutVerb;
use crate::script::rollout::{history_table, restart_workload, watch_status, DEFAULT_STATUS_TIMEOUT};
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use crate::time::SimDuration;
use crate::wire::Wire;
use std::rc::Rc;

/// Runs one rollout subcommand on a Deployment and returns what kubectl prints.
pub fn rollout(
    sim: &mut Simulation,
    verb: RolloutVerb,
    name: &str,
    revision: Option<i64>,
    watch: bool,
    timeout: Option<SimDuration>,
) -> String {
    let Some(d) = deployment(sim, name) else {
        return format!("Error from server (NotFound): deployments.apps \"{name}\" not found\n");
    };
    match verb {
        RolloutVerb::Status => {
            let read = |sim: &Simulation| {
                deployment(sim, name).map(|d| (d.metadata.resource_version.clone(), status_message(&d)))
            };
            let not_found = format!("Error from server (NotFound): deployments.apps \"{name}\" not found\n");
            watch_status(sim, &not_found, read, watch, timeout.unwrap_or(DEFAULT_STATUS_TIMEOUT))
        }
        RolloutVerb::History => history(sim, &d, revision),
        RolloutVerb::Undo => undo(sim, &d, revision.unwrap_or(0)),
        RolloutVerb::Restart => restart_workload(sim, Kind::Deployment, name),
        RolloutVerb::Pause | RolloutVerb::Resume => pause(sim, &d, verb == RolloutVerb::Pause),
    }
}

fn deployment(sim: &Simulation, name: &str) -> Option<Deployment> {
    sim.cluster().get::<Deployment>(&ObjectKey::default_ns(name)).cloned()
}

/// kubectl's `DeploymentStatusViewer`: the message and whether the rollout is done, or
/// the error once the progress deadline has passed.
pub fn status_message(d: &Deployment) -> Result<(String, bool), String> {
    let name = &d.metadata.name;
    let status = d.status.clone().unwrap_or_default();
    if d.metadata.generation > status.observed_generation {
        return Ok(("Waiting for deployment spec update to be observed...".into(), false));
    }
    if d.condition("Progressing").and_then(|c| c.reason.as_deref()) == Some("ProgressDeadlineExceeded") {
        return Err(format!("deployment {name:?} exceeded its progress deadline"));
    }
    let waiting = |what: String| Ok((format!("Waiting for deployment {name:?} rollout to finish: {what}..."), false));
    if status.updated_replicas < d.replicas() {
        return waiting(format!("{} out of {} new replicas have been updated", status.updated_replicas, d.replicas()));
    }
    if status.replicas > status.updated_replicas {
        return waiting(format!("{} old replicas are pending termination", status.replicas - status.updated_replicas));
    }
    if status.available_replicas < status.updated_replicas {
        return waiting(format!(
            "{} of {} updated replicas are available",
            status.available_replicas, status.updated_replicas
        ));
    }
    Ok((format!("deployment {name:?} successfully rolled out"), true))
}

/// The Deployment's ReplicaSets by revision number, lowest first.
fn by_revision(sim: &Simulation, d: &Deployment) -> Vec<Rc<ReplicaSet>> {
    let mut sets = owned_replica_sets(sim, d);
    crate::sorting::sort_by_key(&mut sets, |rs| rs.revision());
    sets
}

/// `rollout history`: the revisions with their change causes, or one revision's
/// template with `--revision`.
fn history(sim: &Simulation, d: &Deployment, revision: Option<i64>) -> String {
    let sets = by_revision(sim, d);
    let name = &d.metadata.name;
    if let Some(number) = revision.filter(|r| *r > 0) {
        let Some(found) = sets.iter().find(|rs| rs.revision() == number) else {
            return format!("error: unable to find the specified revision {number}\n");
        };
        let mut out = format!("deployment.apps/{name} with revision #{number}\n");
        out.push_str(&crate::script::tabwriter::tabwrite(
            &crate::script::describe::pod_template(&found.spec.template),
            2,
        ));
        return out + "\n";
    }
    history_table(&format!("deployment.apps/{name}"), sets.iter().map(|rs| (rs.revision(), &rs.metadata)))
}

/// `rollout undo [--to-revision=N]`: the revision's template (the previous revision when
/// N is 0) goes back into the Deployment, which rolls it out like any change.
fn undo(sim: &mut Simulation, d: &Deployment, to_revision: i64) -> String {
    let sets = by_revision(sim, d);
    let target = match to_revision {
        0 => sets.iter().rev().nth(1),
        n => sets.iter().find(|rs| rs.revision() == n),
    };
    let Some(target) = target else {
        return match to_revision {
            0 => "error: no rollout history found for deployment \"".to_string() + &d.metadata.name + "\"\n",
            n => format!("error: unable to find specified revision {n} in history\n"),
        };
    };
    let name = &d.metadata.name;
    let mut template = target.spec.template.clone();
    template.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    if template == d.spec.template {
        return format!(
            "deployment.apps/{name} skipped rollback (current template already matches revision {})\n",
            target.revision()
        );
    }
    let patch = crate::script::rollout::replace_template(template.encode());
    match sim.apply(Action::Patch { kind: Kind::Deployment, name: name.clone(), patch, patch_type: PatchType::Json }) {
        Ok(_) => format!("deployment.apps/{name} rolled back\n"),
        Err(e) => format!("{e}\n"),
    }
}

/// `rollout pause|resume`: sets `spec.paused`.
fn pause(sim: &mut Simulation, d: &Deployment, paused: bool) -> String {
    let name = &d.metadata.name;
    let (word, already) = if paused { ("paused", "already paused") } else { ("resumed", "is not paused") };
    if (d.spec.paused == Some(true)) == paused {
        return format!("error: deployments.apps {name:?} {already}\n");
    }
    let patch = format!("{{\"spec\":{{\"paused\":{paused}}}}}");
    match sim.apply(Action::Patch {
        kind: Kind::Deployment,
        name: name.clone(),
        patch,
        patch_type: PatchType::Strategic,
    }) {
        Ok(_) => format!("deployment.apps/{name} {word}\n"),
        Err(e) => format!("{e}\n"),
    }
}
