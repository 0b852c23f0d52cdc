//! Running the scenario language against a simulation: each line becomes an engine
//! action (or a read such as `kubectl get`), and prints what kubectl would print. The
//! runner, the tests and the page's console all go through here.

use crate::action::{Action, ActionError};
use crate::api::{Kind, Resource as _};
use crate::cluster::Propagation;
use crate::script::command::{parse_command, Command, Resource};
use crate::script::get::get;
use crate::script::lines::{split_lines, LineError, ScriptLine};
use crate::script::words::split_words;
use crate::simulation::Simulation;

/// Where `kubectl apply -f FILE` finds FILE: next to the script for the runner, among the
/// bundled manifests in the page.
pub trait ManifestFiles {
    /// The text of `name`, if there is such a file.
    fn read(&self, name: &str) -> Option<String>;
}

/// Only the manifests bundled with the engine (`web.yaml`, `web-parallel.yaml`).
pub struct BundledFiles;

impl ManifestFiles for BundledFiles {
    fn read(&self, name: &str) -> Option<String> {
        crate::bundled::manifest(name.trim_start_matches("./")).map(String::from)
    }
}

/// Runs one command and returns what it prints. A line that cannot be understood is an
/// error naming the line; kubectl-level errors are output, as kubectl prints them.
pub fn execute(sim: &mut Simulation, line: &ScriptLine, files: &dyn ManifestFiles) -> Result<String, LineError> {
    let fail = |reason: String| LineError { line: line.number, reason };
    // Reading one command: its words, the command, and whether it is a `sim` line.
    let read = |text: &str| -> Result<(Command, bool), LineError> {
        let words = split_words(text).map_err(|e| fail(e.to_string()))?;
        let is_sim = words.first().is_some_and(|w| w == "sim");
        Ok((parse_command(&words).map_err(fail)?, is_sim))
    };
    // What `$(…)` prints: a kubectl command run, its output (not a `sim` line).
    let substituted = |sim: &mut Simulation, inner: &str| -> Result<String, LineError> {
        let (command, is_sim) = read(inner)?;
        if is_sim {
            return Err(fail("$(…) runs kubectl commands, not sim lines".into()));
        }
        run_command(sim, command, line, files)
    };
    // A shell list (`A && B; C`) is its commands, one after the other; a `for` loop
    // splits its own body.
    if !line.command.starts_with("for ") {
        let commands = crate::script::shell_loop::list(&line.command);
        if commands.len() > 1 {
            // Every command that can be read now is read before the first runs, so a list
            // with one the console cannot read changes nothing (found by the fuzz test).
            // One that can be read only once an earlier one ran (it uses `$`) and then
            // cannot, ends the list there with its error, as `&&` would.
            for command in commands.iter().filter(|c| !c.contains('$')) {
                read(command)?;
            }
            let mut out = String::new();
            for (i, command) in commands.into_iter().enumerate() {
                let one = ScriptLine { command: command.to_string(), ..line.clone() };
                match execute(sim, &one, files) {
                    Ok(printed) => out.push_str(&printed),
                    Err(e) if i > 0 => {
                        out.push_str(&format!("{e}\n"));
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
            return Ok(out);
        }
    }
    // The host shell's variables set by earlier lines, then an assignment of one.
    let mut command = line.command.clone();
    for (name, value) in sim.shell_vars.iter() {
        command = crate::script::shell_loop::substitute(&command, name, value);
    }
    if let Some((name, value)) = assignment(&command) {
        let value = crate::script::substitution::expand(value, &mut |inner| substituted(sim, inner))?;
        let value = split_words(&value).map_err(|e| fail(e.to_string()))?.join(" ");
        sim.shell_vars.insert(name.to_string(), value);
        return Ok(String::new());
    }
    // A pasted `for` loop is its commands; every one is read before the first runs, so a
    // loop with a line that cannot be read changes nothing.
    let texts = match crate::script::shell_loop::unroll(&command) {
        Some(commands) => commands.map_err(fail)?,
        None => vec![command.clone()],
    };
    // A command with `$(…)` is read once what it substitutes has run; the others now.
    let mut commands = Vec::new();
    for text in &texts {
        let substitutes = crate::script::substitution::has_substitution(text);
        commands.push(if substitutes { Err(text.as_str()) } else { Ok(read(text)?) });
    }
    let mut out = String::new();
    for command in commands {
        let (command, is_sim) = match command {
            Ok(read_already) => read_already,
            Err(text) => {
                let expanded = crate::script::substitution::expand(text, &mut |inner| substituted(sim, inner))?;
                read(&expanded)?
            }
        };
        if !is_sim {
            // A watch prints what the `sim` lines after it cause, until the next kubectl line.
            sim.stop_watch();
        }
        out.push_str(&run_command(sim, command, line, files)?);
        if is_sim && sim.watch_request().is_some() {
            out.push_str(&watched_rows(sim));
        }
    }
    Ok(out)
}

/// `NAME=VALUE` as the shell reads an assignment: a name, `=`, no space before it.
fn assignment(command: &str) -> Option<(&str, &str)> {
    let (name, value) = command.split_once('=')?;
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    valid.then_some((name, value))
}

/// The open watch's label selector, read.
fn selector_of(sim: &Simulation) -> Option<crate::api::meta::LabelSelector> {
    sim.watch_request()?.selector.as_deref().and_then(|s| crate::script::selector::parse_selector(s).ok())
}

/// The rows of the changes the open watch saw, as `kubectl get -w` prints them.
fn watched_rows(sim: &mut Simulation) -> String {
    let Some(request) = sim.watch_request().cloned() else { return String::new() };
    let (events, overflowed) = sim.take_watch_events();
    let Some(resource) = Resource::of_kind(request.kind) else { return String::new() };
    let selector = selector_of(sim);
    let mut out = String::new();
    for event in events {
        let Some(row) =
            crate::script::get::watch_row(&event.cluster, resource, &event.key.name, selector.as_ref(), request.wide)
        else {
            continue;
        };
        let Some(printed) = sim.watch_printed_rows() else { break };
        let deleted = event.op == crate::cluster::ChangeOp::Deleted;
        if !deleted && printed.get(&event.key) == Some(&row) {
            continue;
        }
        printed.insert(event.key.clone(), row.clone());
        out.push_str(&row);
    }
    if overflowed {
        out.push_str(&format!("(the watch stopped recording after {} changes)\n", crate::simulation::MAX_WATCH_EVENTS));
        sim.stop_watch();
    }
    out
}

fn run_command(
    sim: &mut Simulation,
    command: Command,
    line: &ScriptLine,
    files: &dyn ManifestFiles,
) -> Result<String, LineError> {
    let fail = |reason: String| LineError { line: line.number, reason };
    let action = match command {
        Command::Apply { file, create } => {
            let (manifest, source) = if file == "-" {
                let body =
                    line.heredoc.clone().ok_or_else(|| fail("-f - needs a here-document (<<EOF … EOF)".into()))?;
                (body, "STDIN".to_string())
            } else {
                match files.read(&file) {
                    Some(text) => (text, file.clone()),
                    None => return Ok(format!("error: the path \"{file}\" does not exist\n")),
                }
            };
            if create {
                Action::Create { manifest, source }
            } else {
                Action::Apply { manifest, source }
            }
        }
        Command::Echo(words) => return Ok(format!("{words}\n")),
        Command::Run { name, image, command } => return Ok(crate::exec::run_throwaway(sim, &name, &image, &command)),
        Command::Get { resources, name, output, selector, watch } => {
            let wide = output == crate::script::command::OutputFormat::Wide;
            let out = get(sim.cluster(), &resources, name.as_deref(), output, selector.as_deref());
            if let (true, Some(Ok(resource))) = (watch, resources.first()) {
                sim.start_watch(crate::simulation::WatchRequest { kind: resource.kind(), name, selector, wide });
                // The rows already printed are the starting point of the watch.
                let selector = selector_of(sim);
                for key in sim.cluster().keys_of(resource.kind()) {
                    let row =
                        crate::script::get::watch_row(sim.cluster(), *resource, &key.name, selector.as_ref(), wide);
                    if let (Some(row), Some(printed)) = (row, sim.watch_printed_rows()) {
                        printed.insert(key, row);
                    }
                }
            }
            return Ok(out);
        }
        Command::Scale { resource, name, replicas } => {
            if replicas < 0 {
                return Ok(
                    "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"
                        .into(),
                );
            }
            match resource {
                Resource::StatefulSets => Action::ScaleTo { statefulset: name, replicas },
                other => Action::ScaleWorkload { kind: other.kind(), name, replicas },
            }
        }
        Command::Delete { resource, names, selector, propagation, grace_period_seconds, force } => {
            return Ok(delete(sim, resource, names, selector.as_deref(), propagation, grace_period_seconds, force));
        }
        Command::DeleteFile { file, propagation } => {
            let Some(text) = files.read(&file) else {
                return Ok(format!("error: the path \"{file}\" does not exist\n"));
            };
            return Ok(delete_file(sim, &text, &file, propagation));
        }
        Command::SetImage { resource: Resource::StatefulSets, name, container, image } => {
            Action::SetImage { statefulset: name, container, image }
        }
        Command::SetImage { resource, name, container, image } => {
            Action::SetWorkloadImage { kind: resource.kind(), name, container, image }
        }
        Command::Patch { resource, name, patch, patch_type } => {
            Action::Patch { kind: resource.kind(), name, patch, patch_type }
        }
        Command::Label { kind, name, set, remove, overwrite, annotations } => {
            Action::Label { kind, name, set, remove, overwrite, annotations }
        }
        Command::Describe { resource, name } => {
            return Ok(crate::script::describe::describe(sim.cluster(), resource, &name));
        }
        Command::Rollout { verb, resource: Resource::Deployments, name, revision, watch, timeout } => {
            return Ok(crate::script::deployment_rollout::rollout(sim, verb, &name, revision, watch, timeout));
        }
        Command::Rollout { verb, name, revision, watch, timeout, .. } => {
            return Ok(crate::script::rollout::rollout(sim, verb, &name, revision, watch, timeout));
        }
        Command::Exec { pod, container, command } => Action::Exec { pod, container, command },
        Command::Replication { name, on } => Action::SetReplication { statefulset: name, on },
        Command::Write { pod, key, value } => Action::WriteData { pod, key, value },
        Command::Read { pod, key } => Action::ReadData { pod, key },
        Command::Advance(by) => Action::Advance { by },
        Command::Settle(limit) => Action::Settle { limit },
        Command::Pod { name, fault } => Action::InjectFault { pod: name, fault },
        Command::Image { image, behaviour } => Action::SetImageBehaviour { image, behaviour },
        Command::AddNode { name, zone } => Action::AddNode { name, zone },
        Command::FailNode(node) => Action::FailNode { node },
        Command::RecoverNode(node) => Action::RecoverNode { node },
        Command::Drain { node, timeout } => {
            return Ok(crate::script::drain::drain(sim, &node, timeout));
        }
        Command::Cordon { node, unschedulable } => Action::CordonNode { node, unschedulable },
        Command::Taint { node, specs, overwrite } => {
            if specs.is_empty() {
                return Ok("error: at least one taint update is required\n".into());
            }
            let (mut add, mut remove) = (Vec::new(), Vec::new());
            for spec in &specs {
                match crate::node_admin::parse_taint_arg(spec) {
                    Ok(Ok(taint)) => add.push(taint),
                    Ok(Err(removal)) => remove.push(removal),
                    Err(e) => return Ok(format!("error: {e}\n")),
                }
            }
            Action::TaintNode { node, add, remove, overwrite }
        }
        Command::Say { .. } => return Ok(String::new()),
        Command::Seed(seed) => {
            if sim.log().is_empty() {
                *sim = Simulation::new(seed);
                return Ok(String::new());
            }
            Action::Reseed { seed }
        }
    };
    Ok(run(sim, action))
}

/// `kubectl delete -f FILE`: the objects of the manifest in its order, the errors (an
/// object already gone) after them, as kubectl prints them.
fn delete_file(sim: &mut Simulation, text: &str, file: &str, propagation: Propagation) -> String {
    let docs = match crate::manifest::parse_documents(text, file) {
        Ok(docs) => docs,
        Err(e) => return format!("{e}\n"),
    };
    let (mut out, mut errors) = (String::new(), String::new());
    for (kind, name) in docs.iter().filter_map(|d| d.kind_and_name()) {
        let action = match kind {
            Kind::Pod => Action::DeletePod { pod: name.to_string(), grace_period_seconds: None },
            _ => Action::Delete { kind, name: name.to_string(), propagation },
        };
        match sim.apply(action) {
            Ok(done) => done.lines.iter().for_each(|l| out.push_str(&format!("{l}\n"))),
            Err(crate::action::ActionError::Api(e)) => errors.push_str(&format!(
                "Error from server ({}): error when deleting \"{file}\": {}\n",
                if matches!(e, crate::error::ApiError::NotFound { .. }) { "NotFound" } else { "BadRequest" },
                e.server_message()
            )),
            Err(e) => errors.push_str(&format!("{e}\n")),
        }
    }
    out + &errors
}

/// `kubectl delete`: one action per object, named or selected, each printed as kubectl
/// does (a forced pod deletion with kubectl's warning first).
fn delete(
    sim: &mut Simulation,
    resource: Resource,
    names: Vec<String>,
    selector: Option<&str>,
    propagation: Propagation,
    grace_period_seconds: Option<i64>,
    force: bool,
) -> String {
    let kind = resource.kind();
    let names = match selector {
        None => names,
        Some(text) => match crate::script::selector::parse_selector(text) {
            Ok(selector) => selected_names(sim, kind, &selector),
            Err(e) => return format!("error: {e}\n"),
        },
    };
    if names.is_empty() {
        return "No resources found\n".into();
    }
    let mut out = String::new();
    if force {
        out.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    for name in names {
        let action = match kind {
            Kind::Pod => Action::DeletePod { pod: name.clone(), grace_period_seconds },
            _ => Action::Delete { kind, name: name.clone(), propagation },
        };
        match sim.apply(action) {
            Ok(done) if force => {
                out.push_str(&format!("{} \"{name}\" force deleted\n", kind.kubectl_name()));
                // Lines after the first are the simulator's own notes (a split-brain risk).
                done.lines.iter().skip(1).for_each(|l| out.push_str(&format!("{l}\n")));
            }
            Ok(done) => done.lines.iter().for_each(|l| out.push_str(&format!("{l}\n"))),
            Err(e) => out.push_str(&format!("{e}\n")),
        }
    }
    out
}

/// The names of the objects of `kind` in the default namespace that `selector` selects.
fn selected_names(sim: &Simulation, kind: Kind, selector: &crate::api::meta::LabelSelector) -> Vec<String> {
    crate::cluster::with_kind!(kind, T => {
        let namespaced = kind.is_namespaced();
        sim.cluster()
            .list::<T>()
            .values()
            .map(|o| o.meta())
            .filter(|m| (!namespaced || m.namespace == crate::cluster::DEFAULT_NAMESPACE) && selector.matches(&m.labels))
            .map(|m| m.name.clone())
            .collect()
    })
}

/// Whether `output` is an error as kubectl prints one (on its standard error): a client
/// error, the API server's refusal, or an invalid object. The console shows these apart.
pub fn is_error_output(output: &str) -> bool {
    let first = output.lines().next().unwrap_or("");
    first.starts_with("error:")
        || first.starts_with("Error from server")
        || (first.starts_with("The ") && first.contains(" is invalid"))
}

/// Applies `action` and renders its outcome or its refusal.
fn run(sim: &mut Simulation, action: Action) -> String {
    match sim.apply(action) {
        Ok(out) => out.lines.iter().map(|l| format!("{l}\n")).collect(),
        Err(ActionError::Api(e)) => format!("{e}\n"),
        Err(e) => format!("{e}\n"),
    }
}

/// A script's transcript: every line echoed as `$ LINE` followed by its output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Transcript {
    /// The text, as the runner prints it.
    pub text: String,
}

/// Runs a whole script. Returns the transcript so far, and the error of the line that
/// stopped the run, if one did.
pub fn run_script(
    sim: &mut Simulation,
    script: &str,
    files: &dyn ManifestFiles,
) -> (Transcript, Result<(), LineError>) {
    let mut transcript = Transcript::default();
    let lines = match split_lines(script) {
        Ok(lines) => lines,
        Err(e) => return (transcript, Err(e)),
    };
    for line in &lines {
        let mut source = line.source.lines();
        // Output that ends without a newline (a `--template`) ends before the next prompt.
        if !transcript.text.is_empty() && !transcript.text.ends_with('\n') {
            transcript.text.push('\n');
        }
        if let Some(first) = source.next() {
            transcript.text.push_str(&format!("$ {first}\n"));
        }
        for rest in source {
            transcript.text.push_str(rest);
            transcript.text.push('\n');
        }
        match execute(sim, line, files) {
            Ok(out) => transcript.text.push_str(&out),
            Err(e) => return (transcript, Err(e)),
        }
    }
    (transcript, Ok(()))
}
