//! `kubectl exec POD -- COMMAND`: the few commands a person runs inside a StatefulSet pod
//! to see its identity, its DNS and its data: `hostname [-f]`, `nslookup NAME`,
//! `cat FILE`, `ls [DIR]`, `rm [-rf] PATH`, `echo`, and `sh -c` over those with `>`/`>>` redirection,
//! `;` and `&&`, as a busybox shell answers them (busybox's error wording, exit codes
//! reported as kubectl reports them).

use crate::action::{ActionError, Outcome};
use crate::api::Pod;
use crate::data;
use crate::dns::{self, RecordType};
use crate::simulation::Simulation;

/// The output of one command and its exit status.
struct Run {
    out: Vec<String>,
    status: i32,
}

impl Run {
    fn ok(out: Vec<String>) -> Self {
        Run { out, status: 0 }
    }
    fn fail(line: String, status: i32) -> Self {
        Run { out: vec![line], status }
    }
}

/// Runs `command` in container `container` (the first when not given) of pod `pod`.
pub(crate) fn exec(
    sim: &mut Simulation,
    pod: &str,
    container: Option<&str>,
    command: &[String],
) -> Result<Outcome, ActionError> {
    let pod = data::running_pod(sim, pod, container)?.clone();
    let mut lines = Vec::new();
    let container = match container {
        Some(c) => c.to_string(),
        None => {
            let first = pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
            if pod.spec.containers.len() + pod.spec.init_containers.len() > 1 {
                let mut all: Vec<String> = pod.spec.containers.iter().map(|c| c.name.clone()).collect();
                all.extend(pod.spec.init_containers.iter().map(|c| format!("{} (init)", c.name)));
                lines.push(format!("Defaulted container \"{first}\" out of: {}", all.join(", ")));
            }
            first
        }
    };
    let Some((program, args)) = command.split_first() else {
        return Err(ActionError::Kubectl("you must specify at least one command for the container".into()));
    };
    let mut shell = Shell { sim, pod: &pod, container: &container };
    let run = shell.program(program, args).unwrap_or_else(|| {
        Run::fail(
            format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown"),
            126,
        )
    });
    lines.extend(run.out);
    if run.status != 0 {
        lines.push(format!("command terminated with exit code {}", run.status));
        let image = pod.spec.containers.iter().find(|c| c.name == container).map(|c| c.image.as_str());
        if let Some(image) = image.filter(|i| !modelled(i)) {
            // Never a silent difference: say where the simulation stops.
            lines.push(not_simulated(image));
        }
    }
    Ok(Outcome { lines })
}

/// `kubectl run -i --rm NAME --image=IMAGE -- COMMAND`: a throwaway pod in the default
/// namespace runs the command (as the busybox shell answers it) and is deleted; what it
/// prints is the command's output and kubectl's deletion line.
pub(crate) fn run_throwaway(sim: &mut Simulation, name: &str, image: &str, command: &[String]) -> String {
    if !modelled(image) {
        return format!("{}\npod \"{name}\" deleted\n", not_simulated(image));
    }
    let mut pod = Pod::default();
    pod.metadata.name = name.to_string();
    pod.metadata.namespace = crate::cluster::DEFAULT_NAMESPACE.to_string();
    pod.spec.containers.push(crate::api::pod::Container {
        name: name.to_string(),
        image: image.to_string(),
        ..Default::default()
    });
    let mut shell = Shell { sim, pod: &pod, container: name };
    let run = match command.split_first() {
        Some((program, args)) => shell
            .program(program, args)
            .unwrap_or_else(|| Run::fail(format!("exec {program} failed: No such file or directory"), 1)),
        None => Run::fail("error: you must specify at least one command for the container".into(), 1),
    };
    let mut out: String = run.out.iter().map(|l| format!("{l}\n")).collect();
    out.push_str(&format!("pod \"{name}\" deleted\n"));
    if run.status != 0 {
        out.push_str(&format!("pod default/{name} terminated (Error)\n"));
    }
    out
}

/// The note where an answer would be the application's: the playground runs none.
fn not_simulated(image: &str) -> String {
    format!("sim: the files and programs of {image} are not simulated; the simulation stops here")
}

/// Whether the shell answers for the insides of `image`: the web server and the shell
/// itself. In any other image a missing file or program may well exist for real.
fn modelled(image: &str) -> bool {
    ["nginx", "busybox"].iter().any(|m| image.contains(m))
}

struct Shell<'a> {
    sim: &'a mut Simulation,
    pod: &'a Pod,
    container: &'a str,
}

impl Shell<'_> {
    /// A program as the container starts it: a shell (`sh -c SCRIPT`), or one of the
    /// simulated programs; `None` when the image has no such program (each caller words
    /// that as its runtime does).
    fn program(&mut self, program: &str, args: &[String]) -> Option<Run> {
        match program {
            "sh" | "/bin/sh" | "bash" | "/bin/bash" => Some(match args {
                [flag, script, ..] if flag == "-c" => self.script(script),
                _ => Run::fail("sh: interactive shells need a terminal; use sh -c 'COMMAND'".into(), 2),
            }),
            _ => self.simple(program, args, None),
        }
    }

    fn hostname(&self) -> String {
        self.pod.spec.hostname.clone().unwrap_or_else(|| self.pod.metadata.name.clone())
    }

    /// `sh -c SCRIPT`: commands separated by `;` or `&&`.
    fn script(&mut self, script: &str) -> Run {
        let host = self.hostname();
        let text = script
            .replace("$(hostname)", &host)
            .replace("`hostname`", &host)
            .replace("${HOSTNAME}", &host)
            .replace("$HOSTNAME", &host);
        let words = match crate::script::words::split_words(&text) {
            Ok(w) => w,
            Err(e) => return Run::fail(format!("sh: syntax error: {e}"), 2),
        };
        let mut out = Vec::new();
        let mut status = 0;
        let mut current: Vec<String> = Vec::new();
        let mut pending_and = false;
        let mut words = words.into_iter().peekable();
        loop {
            let word = words.next();
            let (end, and) = match word.as_deref() {
                None => (true, false),
                Some(";") => (true, false),
                Some("&&") => (true, true),
                Some(w) if w.ends_with(';') && w.len() > 1 => {
                    current.push(w[..w.len() - 1].to_string());
                    (true, false)
                }
                Some(_) => (false, false),
            };
            if !end {
                current.extend(word);
                continue;
            }
            let skipped = pending_and && status != 0;
            if !current.is_empty() && !skipped {
                let run = self.one(&std::mem::take(&mut current));
                out.extend(run.out);
                status = run.status;
            }
            current.clear();
            pending_and = and;
            if word.is_none() {
                break;
            }
        }
        Run { out, status }
    }

    /// One simple command with its redirection.
    fn one(&mut self, words: &[String]) -> Run {
        let mut args: Vec<String> = Vec::new();
        let mut redirect: Option<(String, bool)> = None;
        let mut iter = words.iter();
        while let Some(w) = iter.next() {
            let (append, target) = match w.as_str() {
                ">" => (false, iter.next().cloned()),
                ">>" => (true, iter.next().cloned()),
                w if w.starts_with(">>") => (true, Some(w[2..].to_string())),
                w if w.starts_with('>') => (false, Some(w[1..].to_string())),
                _ => {
                    args.push(w.clone());
                    continue;
                }
            };
            match target.filter(|t| !t.is_empty()) {
                Some(t) => redirect = Some((t, append)),
                None => return Run::fail("sh: syntax error: unexpected newline".into(), 2),
            }
        }
        let Some((program, rest)) = args.split_first() else { return Run::ok(Vec::new()) };
        match self.simple(program, rest, redirect) {
            Some(run) => run,
            None => Run::fail(format!("sh: {program}: not found"), 127),
        }
    }

    /// A program the simulated image has, or None when it has no such program.
    fn simple(&mut self, program: &str, args: &[String], redirect: Option<(String, bool)>) -> Option<Run> {
        let run = match program {
            "hostname" => match args {
                [] => Run::ok(vec![self.hostname()]),
                [f] if f == "-f" || f == "--fqdn" => Run::ok(vec![self.fqdn()]),
                _ => Run::fail("hostname: only -f is simulated".into(), 1),
            },
            "echo" => Run::ok(vec![args.join(" ")]),
            "cat" => self.cat(args),
            "curl" => self.curl(args),
            "ls" => self.ls(args),
            "nslookup" => self.nslookup(args),
            "rm" => self.rm(args),
            "mkdir" | "touch" | "sync" | "true" => Run::ok(Vec::new()),
            _ => return None,
        };
        let Some((path, append)) = redirect else { return Some(run) };
        let path = absolute(&path);
        let mut text: String = run.out.iter().map(|l| format!("{l}\n")).collect();
        if run.status != 0 {
            // Errors go to stderr, not into the file.
            text.clear();
        }
        data::write_file(self.sim, self.pod, self.container, &path, &text, append);
        Some(Run { out: if run.status != 0 { run.out } else { Vec::new() }, status: run.status })
    }

    fn fqdn(&self) -> String {
        match &self.pod.spec.subdomain {
            Some(sub) => {
                format!("{}.{sub}.{}.svc.{}", self.hostname(), self.pod.metadata.namespace, dns::CLUSTER_DOMAIN)
            }
            None => self.hostname(),
        }
    }

    fn cat(&self, args: &[String]) -> Run {
        let mut out = Vec::new();
        let mut status = 0;
        for arg in args {
            match data::read_file(self.sim, self.pod, self.container, &absolute(arg)) {
                Some(text) => out.extend(text.lines().map(String::from)),
                None => {
                    out.push(format!("cat: can't open '{arg}': No such file or directory"));
                    status = 1;
                }
            }
        }
        Run { out, status }
    }

    /// `curl [-s] http://localhost/PATH` inside a web server's pod: nginx answers with the
    /// file under its document root (`index.html` for a directory), or its 403 page when
    /// there is none, as the tutorial's "Writing to stable storage" shows. Other hosts are
    /// not simulated.
    fn curl(&self, args: &[String]) -> Run {
        let Some(url) = args.iter().find(|a| !a.starts_with('-')) else {
            return Run::fail("curl: try 'curl --help' or 'curl --manual' for more information".into(), 2);
        };
        let rest = url.strip_prefix("http://").unwrap_or(url);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let serves = self.pod.spec.containers.iter().any(|c| c.name == self.container && c.image.contains("nginx"));
        if !matches!(host, "localhost" | "127.0.0.1") || !serves {
            return Run::fail(format!("curl: (7) Failed to connect to {host} port 80: Connection refused (only a web server's own localhost is simulated)"), 7);
        }
        let mut file = absolute(&format!("/usr/share/nginx/html/{path}"));
        if path.is_empty() || path.ends_with('/') {
            file.push_str("/index.html");
        }
        let status = match data::read_file(self.sim, self.pod, self.container, &file) {
            Some(text) => return Run::ok(text.lines().map(String::from).collect()),
            // A directory without its index is forbidden; a missing file is not found.
            None if file.ends_with("/index.html") => "403 Forbidden",
            None => "404 Not Found",
        };
        let page = format!("<html>\n<head><title>{status}</title></head>\n<body>\n<center><h1>{status}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>");
        Run::ok(page.lines().map(String::from).collect())
    }

    fn rm(&mut self, args: &[String]) -> Run {
        let flags: String = args.iter().filter(|a| a.starts_with('-')).map(|a| a.trim_start_matches('-')).collect();
        let (recursive, force) = (flags.contains('r') || flags.contains('R'), flags.contains('f'));
        let mut out = Vec::new();
        let mut status = 0;
        for arg in args.iter().filter(|a| !a.starts_with('-')) {
            let path = absolute(arg);
            if data::remove(self.sim, self.pod, self.container, &path, recursive) || force {
                continue;
            }
            let is_dir = data::list_dir(self.sim, self.pod, self.container, &path).is_some();
            let why = if is_dir && !recursive { "Is a directory" } else { "No such file or directory" };
            if !(is_dir && recursive) {
                out.push(format!("rm: can't remove '{arg}': {why}"));
                status = 1;
            }
        }
        Run { out, status }
    }

    fn ls(&self, args: &[String]) -> Run {
        let dirs: Vec<&str> = args.iter().map(String::as_str).filter(|a| !a.starts_with('-')).collect();
        let dirs = if dirs.is_empty() { vec!["/"] } else { dirs };
        let mut out = Vec::new();
        let mut status = 0;
        for dir in &dirs {
            let path = absolute(dir);
            if data::read_file(self.sim, self.pod, self.container, &path).is_some() {
                out.push(dir.to_string());
                continue;
            }
            match data::list_dir(self.sim, self.pod, self.container, &path) {
                Some(names) => {
                    if dirs.len() > 1 {
                        out.push(format!("{dir}:"));
                    }
                    out.extend(names);
                }
                None => {
                    out.push(format!("ls: {dir}: No such file or directory"));
                    status = 1;
                }
            }
        }
        Run { out, status }
    }

    fn nslookup(&self, args: &[String]) -> Run {
        let mut type_ = RecordType::A;
        let mut name = None;
        for arg in args {
            match arg.as_str() {
                "-type=srv" | "-type=SRV" | "-q=srv" | "-query=srv" => type_ = RecordType::SRV,
                "-type=a" | "-type=A" | "-q=a" => type_ = RecordType::A,
                a if a.starts_with('-') => return Run::fail(format!("nslookup: unrecognized option '{a}'"), 1),
                a => name = name.or(Some(a)),
            }
        }
        let Some(name) = name else {
            return Run::fail("BusyBox nslookup: usage: nslookup [-type=QUERY_TYPE] HOST".into(), 1);
        };
        let mut out = vec![
            format!("Server:    {}", dns::DNS_SERVER_IP),
            format!("Address 1: {} kube-dns.kube-system.svc.{}", dns::DNS_SERVER_IP, dns::CLUSTER_DOMAIN),
            String::new(),
        ];
        match dns::lookup(self.sim.cluster(), name, &self.pod.metadata.namespace, type_) {
            Some(answer) if type_ == RecordType::SRV => {
                out.extend(answer.answers.iter().map(|a| format!("{}\tservice = {a}.", answer.name)));
                Run::ok(out)
            }
            Some(answer) => {
                // busybox 1.28 (the docs' dns-test image) prints the name as it was asked
                // and each address with the name a reverse lookup gives it.
                out.push(format!("Name:      {name}"));
                out.extend(answer.answers.iter().enumerate().map(|(i, ip)| {
                    match dns::reverse(self.sim.cluster(), ip) {
                        Some(fqdn) => format!("Address {}: {ip} {fqdn}", i + 1),
                        None => format!("Address {}: {ip}", i + 1),
                    }
                }));
                Run::ok(out)
            }
            None => {
                out.push(format!("nslookup: can't resolve '{name}'"));
                Run { out, status: 1 }
            }
        }
    }
}

/// `path` made absolute from the container's working directory (`/`) and normalised.
fn absolute(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::absolute;

    #[test]
    fn paths_are_normalised_from_the_root() {
        assert_eq!(absolute("a/b"), "/a/b");
        assert_eq!(absolute("/usr/share/nginx/html/"), "/usr/share/nginx/html");
        assert_eq!(absolute("/a/../b/./c"), "/b/c");
        assert_eq!(absolute("/"), "/");
    }
}
