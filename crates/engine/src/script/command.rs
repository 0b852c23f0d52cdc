//! The commands of the scenario language, typed: what a line asks for, parsed from its
//! words with kubectl's flag forms (`--replicas=3`, `--replicas 3`, `-o wide`, `-owide`).

use crate::kubelet::{ImageBehaviour, PodFault};
use crate::time::SimDuration;

/// A resource type as `kubectl get` names it, with its short names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Resource {
    /// pods, po.
    Pods,
    /// statefulsets, sts.
    StatefulSets,
    /// deployments, deploy.
    Deployments,
    /// replicasets, rs.
    ReplicaSets,
    /// persistentvolumeclaims, pvc.
    Claims,
    /// persistentvolumes, pv.
    Volumes,
    /// services, svc.
    Services,
    /// nodes, no.
    Nodes,
    /// events, ev.
    Events,
    /// storageclasses, sc.
    StorageClasses,
    /// endpointslices.
    EndpointSlices,
    /// controllerrevisions.
    ControllerRevisions,
    /// configmaps, cm.
    ConfigMaps,
    /// secrets.
    Secrets,
    /// poddisruptionbudgets, pdb.
    Budgets,
}

impl Resource {
    /// The kind of object this resource type lists.
    pub fn kind(self) -> crate::api::Kind {
        use crate::api::Kind;
        match self {
            Resource::Pods => Kind::Pod,
            Resource::StatefulSets => Kind::StatefulSet,
            Resource::Deployments => Kind::Deployment,
            Resource::ReplicaSets => Kind::ReplicaSet,
            Resource::Claims => Kind::PersistentVolumeClaim,
            Resource::Volumes => Kind::PersistentVolume,
            Resource::Services => Kind::Service,
            Resource::Nodes => Kind::Node,
            Resource::Events => Kind::Event,
            Resource::StorageClasses => Kind::StorageClass,
            Resource::EndpointSlices => Kind::EndpointSlice,
            Resource::ControllerRevisions => Kind::ControllerRevision,
            Resource::ConfigMaps => Kind::ConfigMap,
            Resource::Secrets => Kind::Secret,
            Resource::Budgets => Kind::PodDisruptionBudget,
        }
    }

    /// The resource type that lists `kind`, if kubectl can get it.
    pub fn of_kind(kind: crate::api::Kind) -> Option<Resource> {
        use crate::api::Kind;
        Some(match kind {
            Kind::Pod => Resource::Pods,
            Kind::StatefulSet => Resource::StatefulSets,
            Kind::Deployment => Resource::Deployments,
            Kind::ReplicaSet => Resource::ReplicaSets,
            Kind::PersistentVolumeClaim => Resource::Claims,
            Kind::PersistentVolume => Resource::Volumes,
            Kind::Service => Resource::Services,
            Kind::Node => Resource::Nodes,
            Kind::Event => Resource::Events,
            Kind::StorageClass => Resource::StorageClasses,
            Kind::EndpointSlice => Resource::EndpointSlices,
            Kind::ControllerRevision => Resource::ControllerRevisions,
            Kind::ConfigMap => Resource::ConfigMaps,
            Kind::Secret => Resource::Secrets,
            Kind::PodDisruptionBudget => Resource::Budgets,
        })
    }

    /// Reads a resource name as kubectl accepts it (plural, singular, short, `.group`).
    pub fn parse(name: &str) -> Option<Resource> {
        let base = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
        Some(match base.as_str() {
            "pods" | "pod" | "po" => Resource::Pods,
            "statefulsets" | "statefulset" | "sts" => Resource::StatefulSets,
            "deployments" | "deployment" | "deploy" => Resource::Deployments,
            "replicasets" | "replicaset" | "rs" => Resource::ReplicaSets,
            "persistentvolumeclaims" | "persistentvolumeclaim" | "pvc" => Resource::Claims,
            "persistentvolumes" | "persistentvolume" | "pv" => Resource::Volumes,
            "services" | "service" | "svc" => Resource::Services,
            "nodes" | "node" | "no" => Resource::Nodes,
            "events" | "event" | "ev" => Resource::Events,
            "storageclasses" | "storageclass" | "sc" => Resource::StorageClasses,
            "endpointslices" | "endpointslice" => Resource::EndpointSlices,
            "controllerrevisions" | "controllerrevision" => Resource::ControllerRevisions,
            "configmaps" | "configmap" | "cm" => Resource::ConfigMaps,
            "secrets" | "secret" => Resource::Secrets,
            "poddisruptionbudgets" | "poddisruptionbudget" | "pdb" => Resource::Budgets,
            _ => return None,
        })
    }
}

/// How `kubectl get` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFormat {
    /// The default table.
    Table,
    /// The table with the extra columns.
    Wide,
    /// `kind/name` per line.
    Name,
    /// The object(s) as JSON.
    Json,
    /// The object(s) as YAML.
    Yaml,
    /// The object through a Go template (`--template`, `-o go-template=`), printed with no
    /// newline after it.
    Template(String),
    /// The object's fields through a JSONPath of plain field paths (`-o jsonpath=`).
    JsonPath(String),
}

/// One command of the scenario language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The shell's `echo WORDS`: prints the words and a newline.
    Echo(String),
    /// `kubectl run -i --rm NAME --image=IMAGE [--restart=Never] -- COMMAND…`: a throwaway
    /// pod that runs one command.
    Run {
        /// The pod's name.
        name: String,
        /// Its image.
        image: String,
        /// The command, as typed after `--`.
        command: Vec<String>,
    },
    /// `kubectl apply -f FILE` (or `create`, which refuses existing objects).
    Apply {
        /// The file named, or `-` for the heredoc.
        file: String,
        /// Whether this is `kubectl create`.
        create: bool,
    },
    /// `kubectl get KIND[,KIND] [NAME] [-o FORMAT] [-l SELECTOR]`.
    Get {
        /// The resource types asked for; `Err(name)` for one kubectl does not know.
        resources: Vec<Result<Resource, String>>,
        /// The object's name, if one was given.
        name: Option<String>,
        /// The output format.
        output: OutputFormat,
        /// A label selector (`-l`).
        selector: Option<String>,
        /// `-w`: keep printing the changes that the following `sim` lines cause.
        watch: bool,
    },
    /// `kubectl scale sts|deploy|rs NAME --replicas=N`.
    Scale {
        /// StatefulSets, Deployments or ReplicaSets.
        resource: Resource,
        /// The workload.
        name: String,
        /// The desired count (kubectl itself refuses negative values).
        replicas: i64,
    },
    /// `kubectl delete KIND NAME… | -l SELECTOR [--grace-period=N] [--force] [--now]
    /// [--cascade=background|foreground|orphan] [--wait=false]`.
    Delete {
        /// The resource type.
        resource: Resource,
        /// The objects named (empty with a selector).
        names: Vec<String>,
        /// A label selector (`-l`) choosing the objects instead of names.
        selector: Option<String>,
        /// What happens to dependents.
        propagation: crate::cluster::Propagation,
        /// The grace period, if given: kubectl turns 0 without `--force` into 1, and
        /// `--force` without a period into 0 (remove at once).
        grace_period_seconds: Option<i64>,
        /// Whether `--force` was given.
        force: bool,
    },
    /// `kubectl delete -f FILE [--cascade=…]`: every object the manifest names.
    DeleteFile {
        /// The file named.
        file: String,
        /// What happens to dependents.
        propagation: crate::cluster::Propagation,
    },
    /// `kubectl set image sts/NAME CONTAINER=IMAGE`.
    SetImage {
        /// StatefulSets, Deployments or ReplicaSets.
        resource: Resource,
        /// The workload.
        name: String,
        /// The container.
        container: String,
        /// The image.
        image: String,
    },
    /// `kubectl patch KIND NAME -p PATCH [--type strategic|merge|json]`.
    Patch {
        /// The resource type.
        resource: Resource,
        /// The object.
        name: String,
        /// The patch text (JSON or YAML).
        patch: String,
        /// The patch type.
        patch_type: crate::patch::PatchType,
    },
    /// `kubectl label|annotate KIND NAME K=V… K-… [--overwrite]`.
    Label {
        /// Pods or StatefulSets.
        kind: crate::api::Kind,
        /// The object.
        name: String,
        /// Keys to set.
        set: Vec<(String, String)>,
        /// Keys to remove.
        remove: Vec<String>,
        /// `--overwrite`.
        overwrite: bool,
        /// `annotate` rather than `label`.
        annotations: bool,
    },
    /// `kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force]
    /// [--timeout D]`.
    Drain {
        /// The node.
        node: String,
        /// How long to wait for the evicted pods (simulated time).
        timeout: Option<SimDuration>,
    },
    /// `kubectl cordon|uncordon NODE`.
    Cordon {
        /// The node.
        node: String,
        /// True for cordon.
        unschedulable: bool,
    },
    /// `kubectl taint nodes NODE KEY[=VALUE]:EFFECT… KEY[:EFFECT]-… [--overwrite]`.
    Taint {
        /// The node.
        node: String,
        /// The taint arguments as typed (kubectl itself refuses bad ones).
        specs: Vec<String>,
        /// `--overwrite`.
        overwrite: bool,
    },
    /// `kubectl describe KIND NAME`.
    Describe {
        /// The resource type.
        resource: Resource,
        /// The object.
        name: String,
    },
    /// `kubectl rollout status|history|undo|restart sts/NAME`.
    Rollout {
        /// Which subcommand.
        verb: RolloutVerb,
        /// StatefulSets or Deployments.
        resource: Resource,
        /// The workload.
        name: String,
        /// `--to-revision` (undo) or `--revision` (history).
        revision: Option<i64>,
        /// `status` watches until done unless `--watch=false`.
        watch: bool,
        /// `--timeout` of `status`.
        timeout: Option<SimDuration>,
    },
    /// `kubectl exec POD [-c CONTAINER] -- COMMAND…`.
    Exec {
        /// The pod.
        pod: String,
        /// `-c`: the container.
        container: Option<String>,
        /// The program and its arguments, as typed after `--`.
        command: Vec<String>,
    },
    /// `sim replication sts/NAME on|off`.
    Replication {
        /// The StatefulSet.
        name: String,
        /// On or off.
        on: bool,
    },
    /// `sim write POD KEY=VALUE`.
    Write {
        /// The pod.
        pod: String,
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// `sim read POD KEY`.
    Read {
        /// The pod.
        pod: String,
        /// The key.
        key: String,
    },
    /// `sim advance DURATION`.
    Advance(SimDuration),
    /// `sim settle [--timeout DURATION]`.
    Settle(SimDuration),
    /// `sim seed N`.
    Seed(u64),
    /// `sim say [--highlight KIND/NAME] TEXT…`: a tour's narration. It changes nothing; the
    /// page shows the text and marks the object named, the runner echoes the line.
    Say {
        /// What the narrator says.
        text: String,
        /// The object the picture marks, as `pod/NAME`, `pvc/NAME` or `sts/NAME`.
        highlight: Option<String>,
    },
    /// `sim pod unready|ready|crash|heal|fail|succeed POD`.
    Pod {
        /// The pod.
        name: String,
        /// What happens to it.
        fault: PodFault,
    },
    /// `sim node add NAME [--zone Z]`.
    AddNode {
        /// The node's name.
        name: String,
        /// Its zone.
        zone: Option<String>,
    },
    /// `sim node fail NODE`.
    FailNode(String),
    /// `sim node recover NODE`.
    RecoverNode(String),
    /// `sim image IMAGE ok|crash|unpullable`.
    Image {
        /// The image reference.
        image: String,
        /// How its containers behave from now on.
        behaviour: ImageBehaviour,
    },
}

/// The subcommands of `kubectl rollout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RolloutVerb {
    /// Wait for the rollout and report its progress.
    Status,
    /// List the revisions.
    History,
    /// Go back to a revision.
    Undo,
    /// Replace every pod with the same template.
    Restart,
    /// Stop rolling out template changes (Deployments).
    Pause,
    /// Roll out again (Deployments).
    Resume,
}

/// The default limit of `sim settle`.
pub const DEFAULT_SETTLE_TIMEOUT: SimDuration = SimDuration::from_secs(600);

/// The words of a command split into positional arguments and `--flag[=value]`s.
struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

/// Flags that take a value when it is given as the next word.
const VALUE_FLAGS: [&str; 18] = [
    "--to-revision",
    "--template",
    "--image",
    "--restart",
    "--revision",
    "--zone",
    "-f",
    "--filename",
    "-o",
    "--output",
    "-l",
    "--selector",
    "--replicas",
    "--grace-period",
    "--timeout",
    "-p",
    "--patch",
    "--type",
];

fn split_args(words: &[String]) -> Args {
    let mut args = Args { positional: Vec::new(), flags: Vec::new() };
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if let Some(flag) = w
            .strip_prefix("--")
            .map(|_| w.as_str())
            .or_else(|| (w.starts_with('-') && w.len() > 1).then_some(w.as_str()))
        {
            if let Some((name, value)) = flag.split_once('=') {
                args.flags.push((name.to_string(), Some(value.to_string())));
            } else if let Some(short) = ["-o", "-l", "-f"].iter().find(|s| flag.len() > 2 && flag.starts_with(*s)) {
                args.flags.push((short.to_string(), Some(flag[2..].to_string())));
            } else if VALUE_FLAGS.contains(&flag) && i + 1 < words.len() {
                args.flags.push((flag.to_string(), Some(words[i + 1].clone())));
                i += 1;
            } else {
                args.flags.push((flag.to_string(), None));
            }
        } else {
            args.positional.push(w.clone());
        }
        i += 1;
    }
    args
}

impl Args {
    fn value(&self, names: &[&str]) -> Option<&str> {
        self.flags.iter().rev().find(|(n, _)| names.contains(&n.as_str())).and_then(|(_, v)| v.as_deref())
    }

    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, v)| n == name && v.as_deref() != Some("false"))
    }

    /// Refuses any flag not in `known`.
    fn only(&self, known: &[&str]) -> Result<(), String> {
        match self.flags.iter().find(|(n, _)| !known.contains(&n.as_str())) {
            Some((n, _)) => Err(format!("unknown flag {n}")),
            None => Ok(()),
        }
    }
}

/// Parses the words of one line into a command; the error says why the line cannot be
/// understood.
pub fn parse_command(words: &[String]) -> Result<Command, String> {
    let Some((program, rest)) = words.split_first() else { return Err("empty command".into()) };
    match program.as_str() {
        "kubectl" => parse_kubectl(rest),
        "sim" => parse_sim(rest),
        // The shell's own `echo`, which the tutorials' loops use between kubectl commands.
        "echo" => {
            // Where the shell sends it (`1>&2`) does not change what the terminal shows.
            let words: Vec<&str> =
                rest.iter().map(String::as_str).filter(|w| !matches!(*w, "1>&2" | ">&2" | "2>&1")).collect();
            Ok(Command::Echo(words.join(" ")))
        }
        // The shell's `sleep SECONDS`: simulated time passes.
        "sleep" => match rest {
            [n] => {
                let text = if n.bytes().all(|b| b.is_ascii_digit()) { format!("{n}s") } else { n.clone() };
                SimDuration::parse(&text).map(Command::Advance).map_err(|e| format!("sleep: {e}"))
            }
            _ => Err("sleep needs one duration, such as: sleep 10".into()),
        },
        other => Err(format!("unknown command {other:?}: lines start with kubectl or sim")),
    }
}

fn parse_kubectl(words: &[String]) -> Result<Command, String> {
    let Some((verb, rest)) = words.split_first() else { return Err("kubectl needs a command".into()) };
    let args = split_args(rest);
    match verb.as_str() {
        "apply" | "create" => {
            args.only(&["-f", "--filename"])?;
            let file = args.value(&["-f", "--filename"]).ok_or("kubectl apply needs -f FILE")?;
            Ok(Command::Apply { file: file.to_string(), create: verb == "create" })
        }
        "get" => {
            args.only(&["-o", "--output", "-l", "--selector", "-w", "--watch", "--template"])?;
            let Some(kinds) = args.positional.first() else { return Err("kubectl get needs a resource type".into()) };
            let template = args.value(&["--template"]);
            let output = match (args.value(&["-o", "--output"]), template) {
                (None, None) => OutputFormat::Table,
                (None | Some("go-template"), Some(t)) => OutputFormat::Template(t.to_string()),
                (Some("go-template"), None) => return Err("template format specified but no template given".into()),
                (Some(o), _) if o.starts_with("go-template=") => OutputFormat::Template(o[12..].to_string()),
                (Some(o), _) if o.starts_with("jsonpath=") => OutputFormat::JsonPath(o[9..].to_string()),
                (Some("wide"), _) => OutputFormat::Wide,
                (Some("name"), _) => OutputFormat::Name,
                (Some("json"), _) => OutputFormat::Json,
                (Some("yaml"), _) => OutputFormat::Yaml,
                (Some(other), _) => {
                    return Err(format!("unsupported output format {other:?}: use wide, name, json or yaml"))
                }
            };
            let (kinds, name) = match kinds.split_once('/') {
                Some((k, n)) => (k.to_string(), Some(n.to_string())),
                None => (kinds.clone(), args.positional.get(1).cloned()),
            };
            let resources: Vec<Result<Resource, String>> =
                kinds.split(',').map(|k| Resource::parse(k).ok_or_else(|| k.to_string())).collect();
            let watch = args.has("-w") || args.has("--watch");
            if watch && (resources.len() != 1 || matches!(output, OutputFormat::Json | OutputFormat::Yaml)) {
                return Err("kubectl get -w watches one resource type, printed as a table".into());
            }
            let selector = args.value(&["-l", "--selector"]).map(String::from);
            Ok(Command::Get { resources, name, output, selector, watch })
        }
        "scale" => {
            args.only(&["--replicas"])?;
            let (kind, name) = kind_and_name(&args.positional)?;
            let resource = workload(&kind, "scale")?;
            let replicas = args.value(&["--replicas"]).ok_or("kubectl scale needs --replicas=COUNT")?;
            let replicas = replicas.parse().map_err(|_| format!("invalid --replicas value {replicas:?}"))?;
            Ok(Command::Scale { resource, name, replicas })
        }
        "delete" => {
            args.only(&[
                "--grace-period",
                "--force",
                "--wait",
                "--now",
                "--cascade",
                "-l",
                "--selector",
                "-f",
                "--filename",
            ])?;
            let selector = args.value(&["-l", "--selector"]).map(String::from);
            let file = args.value(&["-f", "--filename"]).map(String::from);
            let (resource, names) = match &file {
                Some(_) if !args.positional.is_empty() => {
                    return Err("error: resource(s) were provided, but no name was specified".into())
                }
                Some(_) => (Resource::Pods, Vec::new()),
                None => delete_targets(&args.positional, selector.is_some())?,
            };
            let propagation = match args.value(&["--cascade"]) {
                None | Some("background") | Some("true") => crate::cluster::Propagation::Background,
                Some("foreground") => crate::cluster::Propagation::Foreground,
                Some("orphan") | Some("false") => crate::cluster::Propagation::Orphan,
                Some(other) => {
                    return Err(format!(
                        "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
                    ))
                }
            };
            let force = args.has("--force");
            let given: Option<i64> = match args.value(&["--grace-period"]) {
                Some(g) => Some(g.parse().map_err(|_| format!("invalid --grace-period value {g:?}"))?),
                None => None,
            };
            let grace = match (given.filter(|g| *g >= 0), force, args.has("--now")) {
                (Some(0), false, _) => Some(1),
                (Some(g), _, _) => Some(g),
                (None, true, _) => Some(0),
                (None, false, true) => Some(1),
                (None, false, false) => None,
            };
            if let Some(file) = file {
                return Ok(Command::DeleteFile { file, propagation });
            }
            Ok(Command::Delete { resource, names, selector, propagation, grace_period_seconds: grace, force })
        }
        "set" => {
            args.only(&[])?;
            let Some((what, rest)) = args.positional.split_first() else {
                return Err("kubectl set needs a subcommand".into());
            };
            if what != "image" {
                return Err(format!("kubectl set {what} is not simulated yet"));
            }
            let (target, pairs) = match rest {
                [target, pairs @ ..] if target.contains('/') => (target.clone(), pairs.to_vec()),
                [kind, name, pairs @ ..] => (format!("{kind}/{name}"), pairs.to_vec()),
                _ => return Err("usage: kubectl set image sts/NAME CONTAINER=IMAGE".into()),
            };
            let (kind, name) = kind_and_name(&[target])?;
            let resource = workload(&kind, "set image")?;
            let [pair] = &pairs[..] else { return Err("usage: kubectl set image sts/NAME CONTAINER=IMAGE".into()) };
            let (container, image) = pair.split_once('=').ok_or("usage: kubectl set image sts/NAME CONTAINER=IMAGE")?;
            Ok(Command::SetImage { resource, name, container: container.into(), image: image.into() })
        }
        "patch" => {
            args.only(&["-p", "--patch", "--type"])?;
            let (kind, name) = kind_and_name(&args.positional)?;
            let resource =
                Resource::parse(&kind).ok_or_else(|| format!("the server doesn't have a resource type \"{kind}\""))?;
            let patch_type = match args.value(&["--type"]) {
                None | Some("strategic") => crate::patch::PatchType::Strategic,
                Some("merge") => crate::patch::PatchType::Merge,
                Some("json") => crate::patch::PatchType::Json,
                Some(other) => return Err(format!("--type must be one of [json merge strategic], not \"{other}\"")),
            };
            let patch = args
                .value(&["-p", "--patch"])
                .ok_or("must specify --patch or --patch-file containing the contents of the patch")?;
            Ok(Command::Patch { resource, name, patch: patch.into(), patch_type })
        }
        "describe" => {
            args.only(&[])?;
            let (kind, name) = kind_and_name(&args.positional)?;
            let resource =
                Resource::parse(&kind).ok_or_else(|| format!("the server doesn't have a resource type \"{kind}\""))?;
            Ok(Command::Describe { resource, name })
        }
        "rollout" => {
            args.only(&["--to-revision", "--revision", "--watch", "-w", "--timeout"])?;
            let Some((sub, target)) = args.positional.split_first() else {
                return Err("kubectl rollout needs a subcommand: status, history, undo or restart".into());
            };
            let verb = match sub.as_str() {
                "status" => RolloutVerb::Status,
                "history" => RolloutVerb::History,
                "undo" => RolloutVerb::Undo,
                "restart" => RolloutVerb::Restart,
                "pause" => RolloutVerb::Pause,
                "resume" => RolloutVerb::Resume,
                other => return Err(format!("unknown command \"{other}\" for \"kubectl rollout\"")),
            };
            let (kind, name) = kind_and_name(target)?;
            let resource = match Resource::parse(&kind) {
                Some(r @ (Resource::StatefulSets | Resource::Deployments)) => r,
                _ => {
                    return Err(format!(
                        "kubectl rollout of {kind:?} is not simulated: use a statefulset or a deployment"
                    ))
                }
            };
            let revision = match args.value(&["--to-revision", "--revision"]) {
                Some(r) => Some(r.parse().map_err(|_| format!("invalid revision {r:?}"))?),
                None => None,
            };
            let watch = !args.flags.iter().any(|(n, v)| (n == "--watch" || n == "-w") && v.as_deref() == Some("false"));
            let timeout = match args.value(&["--timeout"]) {
                Some(t) => Some(SimDuration::parse(t).map_err(|e| format!("invalid --timeout: {e}"))?),
                None => None,
            };
            Ok(Command::Rollout { verb, resource, name, revision, watch, timeout })
        }
        "label" | "annotate" => {
            args.only(&["--overwrite"])?;
            let (target, rest) = match &args.positional[..] {
                [first, rest @ ..] if first.contains('/') => (first.clone(), rest.to_vec()),
                [kind, name, rest @ ..] => (format!("{kind}/{name}"), rest.to_vec()),
                _ => return Err(format!("usage: kubectl {verb} KIND NAME KEY=VALUE|KEY-")),
            };
            let (kind, name) = kind_and_name(&[target])?;
            let Some(resource) = Resource::parse(&kind) else {
                return Err(format!("the server doesn't have a resource type \"{kind}\""));
            };
            let (mut set, mut remove) = (Vec::new(), Vec::new());
            for item in &rest {
                if let Some((k, v)) = item.split_once('=') {
                    set.push((k.to_string(), v.to_string()));
                } else if let Some(k) = item.strip_suffix('-') {
                    remove.push(k.to_string());
                } else {
                    return Err(format!("invalid {verb} change {item:?}: use KEY=VALUE or KEY-"));
                }
            }
            if set.is_empty() && remove.is_empty() {
                return Err(format!("kubectl {verb} needs at least one KEY=VALUE or KEY-"));
            }
            Ok(Command::Label {
                kind: resource.kind(),
                name,
                set,
                remove,
                overwrite: args.has("--overwrite"),
                annotations: verb == "annotate",
            })
        }
        "run" => parse_run(words),
        "edit" => Err("kubectl edit opens an editor, which the console has not: change the object with kubectl patch or kubectl scale, or edit its manifest in the Manifest panel and apply it".into()),
        "drain" => {
            args.only(&["--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout"])?;
            let [node] = &args.positional[..] else {
                return Err("usage: kubectl drain NODE".into());
            };
            let timeout = match args.value(&["--timeout"]) {
                Some(t) => Some(SimDuration::parse(t).map_err(|e| format!("invalid --timeout: {e}"))?),
                None => None,
            };
            let node = node.strip_prefix("node/").or_else(|| node.strip_prefix("nodes/")).unwrap_or(node);
            Ok(Command::Drain { node: node.to_string(), timeout })
        }
        "cordon" | "uncordon" => {
            args.only(&[])?;
            let [node] = &args.positional[..] else {
                return Err(format!("usage: kubectl {verb} NODE"));
            };
            let node = node.strip_prefix("node/").or_else(|| node.strip_prefix("nodes/")).unwrap_or(node);
            Ok(Command::Cordon { node: node.to_string(), unschedulable: verb == "cordon" })
        }
        "taint" => {
            args.only(&["--overwrite"])?;
            let (node, rest) = match &args.positional[..] {
                [kind, node, rest @ ..] if matches!(kind.as_str(), "nodes" | "node" | "no") => (node.clone(), rest),
                [target, rest @ ..] if target.starts_with("node/") || target.starts_with("nodes/") => {
                    (target.split_once('/').map(|(_, n)| n.to_string()).unwrap_or_default(), rest)
                }
                _ => return Err("usage: kubectl taint nodes NODE KEY[=VALUE]:EFFECT|KEY[:EFFECT]-".into()),
            };
            Ok(Command::Taint { node, specs: rest.to_vec(), overwrite: args.has("--overwrite") })
        }
        "exec" => parse_exec(rest),
        other => Err(format!("kubectl {other} is not simulated yet")),
    }
}

/// The resource and names of `kubectl delete`: `KIND NAME…`, `KIND/NAME…`, or `KIND`
/// with a selector.
/// The workload resource `kind` names, for commands that act on workloads only.
fn workload(kind: &str, verb: &str) -> Result<Resource, String> {
    match Resource::parse(kind) {
        Some(r @ (Resource::StatefulSets | Resource::Deployments | Resource::ReplicaSets)) => Ok(r),
        _ => Err(format!("kubectl {verb} of {kind:?} is not simulated: use a statefulset, deployment or replicaset")),
    }
}

fn delete_targets(positional: &[String], has_selector: bool) -> Result<(Resource, Vec<String>), String> {
    let Some(first) = positional.first() else {
        return Err("kubectl delete needs a resource type and a name, or -l SELECTOR".into());
    };
    let (kind, names) = match first.split_once('/') {
        Some(_) => {
            let mut kind = None;
            let mut names = Vec::new();
            for item in positional {
                let (k, n) = item.split_once('/').ok_or("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form")?;
                kind.get_or_insert_with(|| k.to_string());
                names.push(n.to_string());
            }
            (kind.unwrap_or_default(), names)
        }
        None => (first.clone(), positional[1..].to_vec()),
    };
    let resource =
        Resource::parse(&kind).ok_or_else(|| format!("the server doesn't have a resource type \"{kind}\""))?;
    if matches!(resource, Resource::Events) {
        return Err(format!("kubectl delete of {kind:?} is not simulated yet"));
    }
    match (names.is_empty(), has_selector) {
        (true, false) => Err("resource(s) were provided, but no name was specified".into()),
        (false, true) => Err("name cannot be provided when a selector is specified".into()),
        _ => Ok((resource, names)),
    }
}

/// `kubectl run`, in the throwaway form the tutorials use: attached (`-i`), removed
/// afterwards (`--rm`), one command after `--`.
fn parse_run(words: &[String]) -> Result<Command, String> {
    const USAGE: &str = "kubectl run is simulated as a throwaway pod: kubectl run -i --tty --rm NAME --image=IMAGE --restart=Never -- COMMAND";
    let dashes = words.iter().position(|w| w == "--").ok_or(USAGE)?;
    let args = split_args(&words[1..dashes]);
    args.only(&["--image", "--restart", "--rm", "-i", "--stdin", "-t", "--tty", "-it", "-ti"])?;
    let attached = ["-i", "--stdin", "-it", "-ti"].iter().any(|f| args.has(f));
    if args.has("--rm") && !attached {
        return Err("--rm should only be used for attached containers".into());
    }
    let ([name], Some(image), true) = (&args.positional[..], args.value(&["--image"]), args.has("--rm")) else {
        return Err(USAGE.into());
    };
    if let Some(restart) = args.value(&["--restart"]).filter(|r| *r != "Never") {
        return Err(format!("invalid restart policy: {restart} (a throwaway pod runs with --restart=Never)"));
    }
    let command = words[dashes + 1..].to_vec();
    Ok(Command::Run { name: name.clone(), image: image.to_string(), command })
}

/// `KIND NAME` or `KIND/NAME`.
fn kind_and_name(positional: &[String]) -> Result<(String, String), String> {
    match positional {
        [both] => both
            .split_once('/')
            .map(|(k, n)| (k.to_string(), n.to_string()))
            .ok_or_else(|| "a name is needed: KIND NAME or KIND/NAME".to_string()),
        [kind, name] => Ok((kind.clone(), name.clone())),
        _ => Err("expected KIND NAME or KIND/NAME".into()),
    }
}

/// `kubectl exec POD [-c CONTAINER] [-i] [-t] -- COMMAND…`: everything after `--` is the
/// command, verbatim.
fn parse_exec(words: &[String]) -> Result<Command, String> {
    let Some(dashes) = words.iter().position(|w| w == "--") else {
        let words_after_pod = words.iter().filter(|w| !w.starts_with('-')).count() > 1;
        if words_after_pod {
            // The old form (`kubectl exec zk-0 zkCli.sh …`), in kubectl's words since it
            // was removed.
            return Err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead: the command goes after --".into());
        }
        return Err("kubectl exec needs the command after --, such as: kubectl exec web-0 -- hostname".into());
    };
    let (before, command) = (&words[..dashes], &words[dashes + 1..]);
    if command.is_empty() {
        return Err("you must specify at least one command for the container".into());
    }
    let mut pod = None;
    let mut container = None;
    let mut iter = before.iter();
    while let Some(w) = iter.next() {
        match w.as_str() {
            "-c" | "--container" => {
                container = Some(iter.next().ok_or("flag needs an argument: 'c' in -c")?.clone());
            }
            "-i" | "-t" | "-it" | "-ti" | "--stdin" | "--tty" | "-q" | "--quiet" => {}
            w if w.starts_with("--container=") => container = Some(w["--container=".len()..].to_string()),
            w if w.starts_with('-') => return Err(format!("unknown flag {w}")),
            w => {
                let name = w.strip_prefix("pod/").or_else(|| w.strip_prefix("pods/")).unwrap_or(w);
                if pod.replace(name.to_string()).is_some() {
                    return Err("exactly one POD is required: kubectl exec POD -- COMMAND".into());
                }
            }
        }
    }
    let pod = pod.ok_or("exactly one POD is required: kubectl exec POD -- COMMAND")?;
    Ok(Command::Exec { pod, container, command: command.to_vec() })
}

fn parse_sim(words: &[String]) -> Result<Command, String> {
    let Some((directive, rest)) = words.split_first() else { return Err("sim needs a directive".into()) };
    let args = split_args(rest);
    match directive.as_str() {
        "advance" => {
            args.only(&[])?;
            let [d] = &args.positional[..] else { return Err("sim advance needs one DURATION, such as 30s".into()) };
            SimDuration::parse(d).map(Command::Advance).map_err(|e| e.to_string())
        }
        "settle" => {
            args.only(&["--timeout"])?;
            if !args.positional.is_empty() {
                return Err("sim settle takes no arguments besides --timeout DURATION".into());
            }
            match args.value(&["--timeout"]) {
                Some(t) => SimDuration::parse(t).map(Command::Settle).map_err(|e| e.to_string()),
                None => Ok(Command::Settle(DEFAULT_SETTLE_TIMEOUT)),
            }
        }
        "say" => {
            let (highlight, text) = match rest {
                [flag, target, text @ ..] if flag == "--highlight" => (Some(target), text),
                text => (None, text),
            };
            if let Some(target) = highlight {
                let ok = ["pod/", "pvc/", "sts/"].iter().any(|p| target.strip_prefix(p).is_some_and(|n| !n.is_empty()));
                if !ok {
                    return Err(format!("sim say --highlight takes pod/NAME, pvc/NAME or sts/NAME, not {target:?}"));
                }
            }
            if text.is_empty() {
                return Err("usage: sim say [--highlight KIND/NAME] TEXT".into());
            }
            Ok(Command::Say { text: text.join(" "), highlight: highlight.cloned() })
        }
        "seed" => {
            let [n] = rest else { return Err("sim seed needs one number".into()) };
            n.parse().map(Command::Seed).map_err(|_| format!("invalid seed {n:?}: use a whole number"))
        }
        "pod" => {
            let [fault, name] = rest else {
                return Err("usage: sim pod unready|ready|crash|heal|fail|succeed POD".into());
            };
            let fault = match fault.as_str() {
                "unready" => PodFault::Unready,
                "ready" => PodFault::Ready,
                "crash" => PodFault::Crash,
                "heal" => PodFault::Heal,
                "fail" => PodFault::Fail,
                "succeed" => PodFault::Succeed,
                other => {
                    return Err(format!(
                        "unknown pod change {other:?}: use unready, ready, crash, heal, fail or succeed"
                    ))
                }
            };
            Ok(Command::Pod { name: name.clone(), fault })
        }
        "node" => {
            let node_args = split_args(rest.get(1..).unwrap_or_default());
            match (rest.first().map(String::as_str), &node_args.positional[..]) {
                (Some("add"), [name]) => {
                    node_args.only(&["--zone"])?;
                    Ok(Command::AddNode { name: name.clone(), zone: node_args.value(&["--zone"]).map(String::from) })
                }
                (Some("fail"), [name]) => Ok(Command::FailNode(name.clone())),
                (Some("recover"), [name]) => Ok(Command::RecoverNode(name.clone())),
                _ => Err("usage: sim node add NAME [--zone ZONE] | sim node fail NAME | sim node recover NAME".into()),
            }
        }
        "image" => {
            let [image, behaviour] = rest else { return Err("usage: sim image IMAGE ok|crash|unpullable".into()) };
            let behaviour = match behaviour.as_str() {
                "ok" => ImageBehaviour::Ok,
                "crash" => ImageBehaviour::Crash,
                "unpullable" => ImageBehaviour::Unpullable,
                other => return Err(format!("unknown image behaviour {other:?}: use ok, crash or unpullable")),
            };
            Ok(Command::Image { image: image.clone(), behaviour })
        }
        "replication" => {
            let [target, state] = rest else { return Err("usage: sim replication sts/NAME on|off".into()) };
            let name = ["sts/", "statefulset/", "statefulsets/"]
                .iter()
                .find_map(|p| target.strip_prefix(p))
                .ok_or("usage: sim replication sts/NAME on|off")?;
            let on = match state.as_str() {
                "on" => true,
                "off" => false,
                other => return Err(format!("sim replication takes on or off, not {other:?}")),
            };
            Ok(Command::Replication { name: name.to_string(), on })
        }
        "write" => {
            let [pod, pair] = rest else { return Err("usage: sim write POD KEY=VALUE".into()) };
            let (key, value) = pair.split_once('=').ok_or("usage: sim write POD KEY=VALUE")?;
            Ok(Command::Write { pod: pod.clone(), key: key.to_string(), value: value.to_string() })
        }
        "read" => {
            let [pod, key] = rest else { return Err("usage: sim read POD KEY".into()) };
            Ok(Command::Read { pod: pod.clone(), key: key.clone() })
        }
        other => Err(format!("sim {other} is not simulated yet")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Command, String> {
        parse_command(&crate::script::words::split_words(line).expect("words"))
    }

    #[test]
    fn kubectl_flag_forms_all_read_the_same() {
        for line in [
            "kubectl scale sts web --replicas=3",
            "kubectl scale sts web --replicas 3",
            "kubectl scale statefulset/web --replicas=3",
        ] {
            assert_eq!(
                parse(line),
                Ok(Command::Scale { resource: Resource::StatefulSets, name: "web".into(), replicas: 3 }),
                "{line}"
            );
        }
        let get = |o| {
            Ok(Command::Get {
                resources: vec![Ok(Resource::Pods)],
                name: None,
                output: o,
                selector: None,
                watch: false,
            })
        };
        assert_eq!(parse("kubectl get pods -o wide"), get(OutputFormat::Wide));
        assert_eq!(parse("kubectl get po -owide"), get(OutputFormat::Wide));
        assert_eq!(parse("kubectl get pod --output=json"), get(OutputFormat::Json));
    }

    #[test]
    fn get_reads_kinds_names_and_selectors() {
        assert_eq!(
            parse("kubectl get pods,sts web-0 -l app=nginx"),
            Ok(Command::Get {
                resources: vec![Ok(Resource::Pods), Ok(Resource::StatefulSets)],
                name: Some("web-0".into()),
                output: OutputFormat::Table,
                selector: Some("app=nginx".into()),
                watch: false,
            })
        );
        assert!(matches!(parse("kubectl get pods -w"), Ok(Command::Get { watch: true, .. })));
        assert!(parse("kubectl get pods,sts -w").is_err(), "one resource type per watch");
        assert!(matches!(parse("kubectl get sts/web"), Ok(Command::Get { name: Some(n), .. }) if n == "web"));
        assert!(
            matches!(parse("kubectl get widgets"), Ok(Command::Get { resources, .. }) if resources == vec![Err("widgets".to_string())])
        );
    }

    fn delete_pod(name: &str, grace_period_seconds: Option<i64>, force: bool) -> Command {
        Command::Delete {
            resource: Resource::Pods,
            names: vec![name.into()],
            selector: None,
            propagation: crate::cluster::Propagation::Background,
            grace_period_seconds,
            force,
        }
    }

    #[test]
    fn delete_reads_grace_and_force() {
        assert_eq!(parse("kubectl delete pod web-1 --grace-period=0 --force"), Ok(delete_pod("web-1", Some(0), true)));
        assert_eq!(parse("kubectl delete pod/web-1"), Ok(delete_pod("web-1", None, false)));
        assert_eq!(
            parse("kubectl delete pod web-1 --grace-period=0"),
            Ok(delete_pod("web-1", Some(1), false)),
            "kubectl turns 0 into 1 without --force"
        );
        assert_eq!(parse("kubectl delete pod web-1 --force"), Ok(delete_pod("web-1", Some(0), true)));
    }

    #[test]
    fn delete_reads_kinds_names_selectors_and_cascade() {
        use crate::cluster::Propagation;
        assert!(matches!(
            parse("kubectl delete sts web --cascade=orphan"),
            Ok(Command::Delete { resource: Resource::StatefulSets, propagation: Propagation::Orphan, .. })
        ));
        assert!(matches!(
            parse("kubectl delete pvc www-web-0 www-web-1"),
            Ok(Command::Delete { resource: Resource::Claims, names, .. }) if names.len() == 2
        ));
        assert!(matches!(
            parse("kubectl delete pod -l app=nginx"),
            Ok(Command::Delete { selector: Some(s), names, .. }) if s == "app=nginx" && names.is_empty()
        ));
        assert_eq!(
            parse("kubectl delete sts web --cascade=sometimes"),
            Err("invalid cascade value (sometimes). Must be \"background\", \"foreground\", or \"orphan\"".into())
        );
        assert_eq!(parse("kubectl delete pvc"), Err("resource(s) were provided, but no name was specified".into()));
        assert_eq!(
            parse("kubectl delete widgets w"),
            Err("the server doesn't have a resource type \"widgets\"".into())
        );
    }

    #[test]
    fn sim_directives() {
        assert_eq!(parse("sim advance 1m30s"), Ok(Command::Advance(SimDuration::from_secs(90))));
        assert_eq!(parse("sim settle"), Ok(Command::Settle(DEFAULT_SETTLE_TIMEOUT)));
        assert_eq!(parse("sim settle --timeout 2m"), Ok(Command::Settle(SimDuration::from_secs(120))));
        assert_eq!(parse("sim seed 42"), Ok(Command::Seed(42)));
        assert_eq!(
            parse("sim say --highlight pod/web-1 'Delete web-1.' Watch."),
            Ok(Command::Say { text: "Delete web-1. Watch.".into(), highlight: Some("pod/web-1".into()) })
        );
        assert_eq!(parse("sim say Hello"), Ok(Command::Say { text: "Hello".into(), highlight: None }));
        assert!(parse("sim say").is_err());
        assert!(parse("sim say --highlight node/x Hi").is_err_and(|e| e.contains("pod/NAME, pvc/NAME or sts/NAME")));
        assert_eq!(parse("sim pod unready web-2"), Ok(Command::Pod { name: "web-2".into(), fault: PodFault::Unready }));
        assert_eq!(
            parse("sim image nginx:broken crash"),
            Ok(Command::Image { image: "nginx:broken".into(), behaviour: ImageBehaviour::Crash })
        );
        assert_eq!(
            parse("sim pod explode web-0"),
            Err("unknown pod change \"explode\": use unready, ready, crash, heal, fail or succeed".into())
        );
    }

    #[test]
    fn exec_takes_everything_after_the_dashes_verbatim() {
        assert_eq!(
            parse("kubectl exec -it web-0 -c nginx -- sh -c 'echo hi > /x'"),
            Ok(Command::Exec {
                pod: "web-0".into(),
                container: Some("nginx".into()),
                command: vec!["sh".into(), "-c".into(), "echo hi > /x".into()],
            })
        );
        assert!(matches!(parse("kubectl exec pod/web-1 -- hostname"), Ok(Command::Exec { pod, .. }) if pod == "web-1"));
        assert!(parse("kubectl exec web-0 hostname").is_err_and(|e| e.contains("after --")));
        assert!(parse("kubectl exec -- hostname").is_err_and(|e| e.contains("POD is required")));
        assert!(parse("kubectl exec web-0 --").is_err());
    }

    #[test]
    fn data_directives() {
        assert_eq!(parse("sim replication sts/mysql on"), Ok(Command::Replication { name: "mysql".into(), on: true }));
        assert_eq!(
            parse("sim write mysql-0 greeting=hello=world"),
            Ok(Command::Write { pod: "mysql-0".into(), key: "greeting".into(), value: "hello=world".into() })
        );
        assert_eq!(
            parse("sim read mysql-1 greeting"),
            Ok(Command::Read { pod: "mysql-1".into(), key: "greeting".into() })
        );
        assert_eq!(parse("sim replication mysql on"), Err("usage: sim replication sts/NAME on|off".into()));
        assert_eq!(
            parse("sim replication sts/mysql maybe"),
            Err("sim replication takes on or off, not \"maybe\"".into())
        );
        assert_eq!(parse("sim write mysql-0 greeting"), Err("usage: sim write POD KEY=VALUE".into()));
    }

    #[test]
    fn lines_that_cannot_be_understood_say_why() {
        assert_eq!(parse("helm install x"), Err("unknown command \"helm\": lines start with kubectl or sim".into()));
        assert_eq!(
            parse("sim advance soon"),
            Err("invalid duration \"soon\": write a number with a unit, such as 500ms, 30s, 2m or 1h".into())
        );
        assert_eq!(parse("kubectl scale sts web"), Err("kubectl scale needs --replicas=COUNT".into()));
        assert_eq!(parse("kubectl scale sts web --replicas=many"), Err("invalid --replicas value \"many\"".into()));
        assert_eq!(parse("kubectl get pods --sort-by=.x"), Err("unknown flag --sort-by".into()));
        assert_eq!(parse("sim seed -1"), Err("invalid seed \"-1\": use a whole number".into()));
        assert_eq!(
            parse("kubectl get pods -o csv"),
            Err("unsupported output format \"csv\": use wide, name, json or yaml".into())
        );
        assert_eq!(
            parse("kubectl get pods -o go-template"),
            Err("template format specified but no template given".into())
        );
    }
}
