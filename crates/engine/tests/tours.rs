//! Every bundled guided tour, played step by step on a timeline as the page plays it:
//! each step's commands are understood, each step's highlighted object is there while the
//! step is shown, and each tour ends in the state its last sentence describes.

use sts_engine::bundled::TOURS;
use sts_engine::cluster::Cluster;
use sts_engine::script::command::{OutputFormat, Resource};
use sts_engine::script::console::{execute, BundledFiles};
use sts_engine::script::get::get;
use sts_engine::script::lines::ScriptLine;
use sts_engine::script::tour::{parse_tour, split_highlight};
use sts_engine::timeline::Timeline;
use sts_engine::{SimDuration, Simulation};

/// Runs one command at the shown moment, as the page's console does.
fn run(timeline: &mut Timeline, line: &ScriptLine) -> String {
    timeline
        .act_scripted(&line.command, &line.source, |sim| execute(sim, line, &BundledFiles))
        .unwrap_or_else(|e| panic!("line {}: {}", e.line, e.reason))
}

/// Whether the object a highlight names exists, as `kubectl get KIND NAME` tells.
fn exists(cluster: &Cluster, highlight: &str) -> bool {
    let Some((kind, name)) = split_highlight(highlight) else { return false };
    let resource = Resource::parse(kind).ok_or_else(|| kind.to_string());
    !get(cluster, &[resource], Some(name), OutputFormat::Name, None).contains("NotFound")
}

/// What each tour's end must show: a command typed in the console and a piece of its
/// output.
const ENDINGS: &[(&str, &str, &str)] = &[
    ("stateless", "kubectl get pvc www-web-1", "Bound"),
    ("identity", "kubectl exec web-1 -- cat /usr/share/nginx/html/index.html", "web-1\n"),
    ("rescheduling", "kubectl exec web-1 -- cat /usr/share/nginx/html/index.html", "web-1\n"),
    ("storage", "kubectl exec web-2 -- cat /usr/share/nginx/html/index.html", "web-2\n"),
    ("replication", "sim read mysql-3 greeting", "hello\n"),
    ("no-pv", "kubectl exec scratch-0 -- cat /usr/share/nginx/html/index.html", "No such file or directory"),
    ("local-storage", "kubectl get pod local-1 -o wide", "node-2"),
    ("ordering", "kubectl get pod web-4", "Running"),
    ("dns", "kubectl exec web-0 -- nslookup web-1.nginx", "Address 1: 10.244."),
    ("forced-rollback", "kubectl get pod web-1", "Running"),
    ("node-failure", "kubectl get pod web-1 -o wide", "Running"),
];

#[test]
fn every_tour_plays_to_its_end() {
    assert_eq!(TOURS.len(), 11, "nine lessons and two traps");
    for (name, text) in TOURS {
        let tour = parse_tour(text).unwrap_or_else(|e| panic!("{name}: line {}: {}", e.line, e.reason));
        assert!(tour.steps.len() >= 3, "{name} has steps");
        let mut timeline = Timeline::new(Simulation::new(0));
        for (i, step) in tour.steps.iter().enumerate() {
            assert!(!step.narration.is_empty());
            for line in &step.lines {
                let out = run(&mut timeline, line);
                assert!(!out.contains("unknown command"), "{name} step {i}: {out}");
            }
            if let Some(highlight) = &step.highlight {
                // The object is there, or appears while the learner reads the step.
                let mut waited = 0;
                while !exists(timeline.sim().cluster(), highlight) && waited < 60 {
                    timeline.advance(SimDuration::from_secs(1));
                    waited += 1;
                }
                assert!(exists(timeline.sim().cluster(), highlight), "{name} step {}: {highlight} exists", i + 1);
            }
        }
        let settle = ScriptLine { number: 1, command: "sim settle".into(), heredoc: None, source: String::new() };
        run(&mut timeline, &settle);
        let (_, command, expected) =
            ENDINGS.iter().find(|(n, _, _)| n == name).unwrap_or_else(|| panic!("{name} has an ending"));
        let line = ScriptLine { number: 1, command: command.to_string(), heredoc: None, source: String::new() };
        let out = run(&mut timeline, &line);
        assert!(out.contains(expected), "{name}: {command} printed {out:?}");
    }
}

#[test]
fn every_tour_runs_headless_as_a_script() {
    for (name, text) in TOURS {
        let mut sim = Simulation::new(0);
        let (transcript, result) = sts_engine::script::console::run_script(&mut sim, text, &BundledFiles);
        assert!(result.is_ok(), "{name}: {:?}\n{}", result, transcript.text);
    }
}
