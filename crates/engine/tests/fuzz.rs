//! Fuzzing of everything a person can type or paste into the engine, on the stable
//! toolchain: each target takes inputs made by mutating a corpus of real ones (the bundled
//! manifests, the tours, the tutorial script, kubectl lines, a recorded run) with a seeded
//! generator (replace, insert, delete, duplicate, splice from another seed, truncate), so
//! every run tries the same inputs and a failure names the input that caused it.
//!
//! Each target asserts more than "no panic" where there is an oracle: the YAML writer's
//! output reads back to the same value; a refused manifest or command leaves the cluster
//! byte-identical. `FUZZ_ITERATIONS=N` runs N inputs per target instead of the default.
//! Crashes found are kept as regression cases in `REGRESSIONS` below.

mod common;

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sts_engine::bundled;
use sts_engine::export::to_json_string;
use sts_engine::manifest::parse_documents;
use sts_engine::script::command::parse_command;
use sts_engine::script::console::{execute, BundledFiles};
use sts_engine::script::lines::split_lines;
use sts_engine::script::recording::{record, replay};
use sts_engine::script::words::split_words;
use sts_engine::timeline::Timeline;
use sts_engine::yaml::reader::read_documents;
use sts_engine::yaml::writer::to_yaml;
use sts_engine::{Action, SimDuration, Simulation};

/// Inputs that once broke a target, kept in every corpus (each also has a test of its own
/// beside the code it broke).
const REGRESSIONS: &[&str] = &[
    // The YAML reader took the ` #` after an escaped quote for a comment (yaml_reader.rs).
    "command: [\"sh\", \"-c\", \"echo \\\"x\\\" # kept\"]\nq: 'it''s # kept'\n",
    // The YAML writer wrote a key with a line break as a `|` block, which is no key.
    "{\"apiVersio\\n\": \"v1\", \"kind\": \"Service\"}\n",
    // The YAML writer wrote a string of only a line break as a `|` block over nothing.
    "k: \"\\n\"\n",
    // A shell list ran its first command before finding that its second could not be read.
    "sim write web-0 greeting=hello&&Z",
];

/// Characters that mean something to YAML, the shell words or kubectl.
const SPECIAL: &[char] = &[
    ':', '-', ' ', '\n', '\'', '"', '{', '}', '[', ']', '#', '|', '>', '&', '*', '!', '%', '\t', '\\', ',', '?', '=',
    '/', '.', '0', '9', 'a', 'Z', 'é', '\u{0}', '\r', '~', '@', '`', '$', '<', ';', '+', '_',
];

fn iterations(default: usize) -> usize {
    std::env::var("FUZZ_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A seeded mutator of a corpus.
struct Mutator {
    rng: ChaCha8Rng,
    corpus: Vec<Vec<char>>,
}

impl Mutator {
    fn new(seed: u64, corpus: &[String]) -> Self {
        Mutator { rng: ChaCha8Rng::seed_from_u64(seed), corpus: corpus.iter().map(|s| s.chars().collect()).collect() }
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.rng.next_u64() % n as u64) as usize
        }
    }

    /// One input: a corpus entry with one to eight mutations.
    fn next(&mut self) -> String {
        let pick = self.below(self.corpus.len());
        let mut text = self.corpus[pick].clone();
        for _ in 0..1 + self.below(8) {
            let len = text.len();
            let at = self.below(len + 1);
            match self.below(7) {
                0 if len > 0 => text[at.min(len - 1)] = SPECIAL[self.below(SPECIAL.len())],
                1 => text.insert(at, SPECIAL[self.below(SPECIAL.len())]),
                2 if len > 0 => {
                    let end = (at + 1 + self.below(16)).min(len);
                    text.drain(at.min(len - 1)..end);
                }
                3 if len > 0 => {
                    let start = at.min(len - 1);
                    let end = (start + 1 + self.below(40)).min(len);
                    let piece: Vec<char> = text[start..end].to_vec();
                    let to = self.below(text.len() + 1);
                    text.splice(to..to, piece);
                }
                4 => {
                    let other = self.below(self.corpus.len());
                    let source = self.corpus[other].clone();
                    if !source.is_empty() {
                        let start = self.below(source.len());
                        let end = (start + 1 + self.below(60)).min(source.len());
                        text.splice(at..at, source[start..end].iter().copied());
                    }
                }
                5 => text.truncate(at),
                _ => {
                    // A run of one character: deep nesting, long names, many dashes.
                    let c = SPECIAL[self.below(SPECIAL.len())];
                    let n = 1 + self.below(64);
                    text.splice(at..at, std::iter::repeat_n(c, n));
                }
            }
        }
        text.into_iter().collect()
    }
}

fn manifests() -> Vec<String> {
    let mut corpus: Vec<String> =
        bundled::NAMES.iter().filter_map(|n| bundled::manifest(n)).map(String::from).collect();
    corpus.push(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: \"v\\n\"\n  j: 'it''s'\n  l: |\n    line\n"
            .into(),
    );
    corpus.push("{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"a\"}, \"spec\": {\"ports\": [{\"port\": 80}]}}".into());
    corpus.push("a: &x 1\nb: *x\nc: [1, {d: e}]\n---\n- - x\n  - y\n".into());
    // The documentation's manifests the tutorial tests apply (a PodDisruptionBudget among them).
    corpus.push(include_str!("tutorials/zookeeper.yaml").into());
    corpus.push(include_str!("tutorials/cassandra-statefulset.yaml").into());
    corpus.extend(REGRESSIONS.iter().map(|s| s.to_string()));
    corpus
}

fn command_lines() -> Vec<String> {
    let mut corpus: Vec<String> = bundled::TOURS
        .iter()
        .map(|(_, text)| *text)
        .chain([include_str!("../../../examples/tutorial.sts")])
        .flat_map(|text| text.lines())
        .filter(|l| !l.trim().is_empty() && !l.starts_with(' '))
        .map(String::from)
        .collect();
    corpus.extend(
        [
            "kubectl get pods -l 'app in (nginx, web)' -o wide",
            "kubectl patch sts web --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]'",
            "kubectl exec web-0 -- sh -c 'echo hi > /usr/share/nginx/html/index.html && cat /usr/share/nginx/html/index.html'",
            "kubectl delete pod web-0 --grace-period=0 --force",
            "kubectl taint nodes node-1 key=value:NoSchedule",
            "kubectl label pod web-0 tier=db --overwrite",
            "kubectl rollout undo sts/web --to-revision=1",
            "sim node fail node-2",
            "sim write web-0 greeting=hello",
            // The host shell of the documentation's pages.
            "for i in 0 1; do echo \"myid web-$i\";kubectl exec web-$i -- cat /usr/share/nginx/html/index.html; done",
            "for p in 0 1; do kubectl get po web-$p --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo; done",
            "kubectl cordon $(kubectl get pod web-0 --template {{.spec.nodeName}})",
            "grace=$(kubectl get pod web-0 -o=jsonpath='{.spec.terminationGracePeriodSeconds}') && echo \"${grace}\" 1>&2 && kubectl get pdb",
            "kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-0.nginx",
            "kubectl exec -i -t web-1 -- curl http://localhost/",
            "kubectl delete -f web.yaml --cascade=false",
            "kubectl describe pdb zk-pdb",
        ]
        .map(String::from),
    );
    corpus.extend(REGRESSIONS.iter().map(|s| s.to_string()));
    corpus
}

/// The tutorial 30 simulated seconds in: the state each refused input must leave as is.
fn running_tutorial() -> Simulation {
    let mut sim = common::tutorial(0);
    sim.apply(Action::Advance { by: SimDuration::from_secs(30) }).expect("advances");
    sim
}

/// A line whose run could take long simulated time (the fuzz runs thousands).
fn slow(line: &str) -> bool {
    ["advance", "settle", "rollout status", "-w", "--watch", "wait", "drain", "sleep"].iter().any(|w| line.contains(w))
}

#[test]
fn the_yaml_reader_never_panics_and_what_the_writer_writes_reads_back() {
    let n = iterations(20_000);
    let mut m = Mutator::new(1, &manifests());
    let mut read = 0;
    for _ in 0..n {
        let text = m.next();
        let Ok(docs) = read_documents(&text) else { continue };
        read += 1;
        for doc in docs {
            let written = to_yaml(&doc);
            let again =
                read_documents(&written).unwrap_or_else(|e| panic!("{written:?} (from {text:?}) does not read: {e:?}"));
            assert_eq!(again.first(), Some(&doc), "{text:?} wrote {written:?}");
        }
    }
    println!("yaml: {n} inputs, {read} read");
}

#[test]
fn the_manifest_decoder_never_panics() {
    let n = iterations(20_000);
    let mut m = Mutator::new(2, &manifests());
    let mut decoded = 0;
    for _ in 0..n {
        if parse_documents(&m.next(), "STDIN").is_ok() {
            decoded += 1;
        }
    }
    println!("manifest decoder: {n} inputs, {decoded} decoded");
}

#[test]
fn a_refused_manifest_leaves_the_cluster_as_it_was() {
    let n = iterations(3_000);
    let mut m = Mutator::new(3, &manifests());
    let start = running_tutorial();
    let before = to_json_string(&start);
    let (mut applied, mut refused) = (0, 0);
    for _ in 0..n {
        let manifest = m.next();
        let mut sim = start.clone();
        match sim.apply(Action::Apply { manifest: manifest.clone(), source: "STDIN".into() }) {
            Ok(_) => applied += 1,
            Err(e) => {
                refused += 1;
                assert_eq!(to_json_string(&sim), before, "refused ({e}) but changed the cluster: {manifest:?}");
            }
        }
    }
    println!("apply: {n} manifests, {applied} applied, {refused} refused");
}

#[test]
fn the_command_line_parser_never_panics_and_a_refused_line_changes_nothing() {
    let n = iterations(5_000);
    let mut m = Mutator::new(4, &command_lines());
    let start = running_tutorial();
    let before = to_json_string(&start);
    let (mut parsed, mut run) = (0, 0);
    for _ in 0..n {
        let text = m.next();
        let Ok(words) = split_words(&text) else { continue };
        if parse_command(&words).is_err() {
            continue;
        }
        parsed += 1;
        let Ok(lines) = split_lines(&text) else { continue };
        for line in lines.iter().filter(|l| !slow(&l.command)) {
            let mut sim = start.clone();
            run += 1;
            if let Err(e) = execute(&mut sim, line, &BundledFiles) {
                assert_eq!(to_json_string(&sim), before, "line refused ({e}) but the cluster changed: {text:?}");
            }
        }
    }
    println!("command lines: {n} inputs, {parsed} parsed, {run} run");
}

#[test]
fn an_imported_run_never_panics() {
    // A recorded run, as a link or an exported file carries it.
    let mut timeline = Timeline::new(Simulation::new(7));
    for script in ["kubectl apply -f web.yaml", "kubectl scale sts web --replicas=3", "sim write web-0 k=v"] {
        let lines = split_lines(script).expect("one command");
        let _ = timeline.act_scripted(&lines[0].command, script, |sim| execute(sim, &lines[0], &BundledFiles));
        timeline.advance(SimDuration::from_secs(5));
    }
    let recorded = record(&timeline);
    assert!(replay(&recorded, &BundledFiles).is_ok(), "the corpus run itself reads");
    let n = iterations(1_000);
    let mut m = Mutator::new(5, &[recorded]);
    let mut opened = 0;
    for _ in 0..n {
        let text = m.next();
        if text.lines().any(slow) {
            continue;
        }
        if replay(&text, &BundledFiles).is_ok() {
            opened += 1;
        }
    }
    println!("imported runs: {n} inputs, {opened} opened");
}
