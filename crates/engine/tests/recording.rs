//! A run written as a script and read back (`sts_engine::script::recording`), as the
//! page's links and exported files use it: the replayed run shows the same moment with
//! the same cluster, byte for byte, and has the same recorded future; a text that is not
//! such a run is refused with a message that says why.

use proptest::prelude::*;
use sts_engine::export::to_json_string;
use sts_engine::script::console::{execute, BundledFiles};
use sts_engine::script::lines::split_lines;
use sts_engine::script::recording::{apply_heredoc, record, replay, RecordingError};
use sts_engine::timeline::Timeline;
use sts_engine::{SimDuration, SimTime, Simulation};

/// Runs `script` (one command, perhaps with a here-document) at the shown moment, as the
/// page does.
fn type_in(timeline: &mut Timeline, script: &str) {
    let lines = split_lines(script).expect("one command");
    let line = &lines[0];
    let _ = timeline.act_scripted(&line.command, script, |sim| execute(sim, line, &BundledFiles));
}

/// The page's opening scene, then ticks of 100 ms.
fn opening(seed: u64) -> Timeline {
    let mut timeline = Timeline::new(Simulation::new(seed));
    type_in(&mut timeline, "kubectl apply -f web.yaml");
    tick(&mut timeline, 30);
    timeline
}

fn tick(timeline: &mut Timeline, ticks: u32) {
    for _ in 0..ticks {
        timeline.advance(SimDuration::from_millis(100));
    }
}

/// The shown moment and the latest one, as the runner's `--json` prints them.
fn both_ends(timeline: &Timeline) -> (String, String, SimTime) {
    let mut at_end = timeline.clone();
    at_end.seek(timeline.end());
    (to_json_string(timeline.sim()), to_json_string(at_end.sim()), timeline.end())
}

fn round_trip(timeline: &Timeline) -> Timeline {
    let text = record(timeline);
    let back = replay(&text, &BundledFiles).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(both_ends(&back), both_ends(timeline), "{text}");
    assert_eq!(record(&back), text, "recording the replayed run gives the same script");
    back
}

#[test]
fn a_run_with_a_heredoc_a_scrub_and_an_undo_comes_back_exactly() {
    let mut timeline = opening(7);
    type_in(&mut timeline, "kubectl scale sts web --replicas=3");
    tick(&mut timeline, 123);
    let db = sts_engine::bundled::WEB_YAML.replace("name: web\n", "name: db\n");
    type_in(&mut timeline, &apply_heredoc(&db));
    type_in(&mut timeline, "sim settle");
    type_in(&mut timeline, "kubectl delete pod web-1");
    tick(&mut timeline, 7);
    type_in(&mut timeline, "kubectl exec web-0 -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'");
    type_in(&mut timeline, "kubectl delete pod web-0");
    assert!(timeline.undo().is_some());
    tick(&mut timeline, 50);
    timeline.seek(SimTime(4_250));
    let text = record(&timeline);
    assert!(text.starts_with("# StatefulSet Playground run, format 1\n# shown at 4s250ms\nsim seed 7\n"), "{text}");
    assert!(text.contains("kubectl apply -f - <<EOF\n"), "{text}");
    assert!(!text.contains("kubectl delete pod web-0"), "the undone action is not part of the run");
    let back = round_trip(&timeline);
    assert_eq!(back.now(), SimTime(4_250));
    assert_eq!(back.marks().len(), timeline.marks().len());
}

#[test]
fn a_run_with_a_pasted_for_loop_comes_back_exactly() {
    let mut timeline = opening(3);
    tick(&mut timeline, 100);
    type_in(&mut timeline, "for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'; done");
    type_in(&mut timeline, "for i in 0 1; do kubectl delete pod web-$i; done");
    tick(&mut timeline, 20);
    let text = record(&timeline);
    assert!(text.contains("\nfor i in 0 1; do kubectl delete pod web-$i; done\n"), "{text}");
    round_trip(&timeline);
}

#[test]
fn a_recorded_run_runs_headless_to_the_same_latest_moment() {
    let mut timeline = opening(0);
    type_in(&mut timeline, "kubectl scale sts web --replicas=4");
    tick(&mut timeline, 200);
    let mut sim = Simulation::new(0);
    let (transcript, result) = sts_engine::script::console::run_script(&mut sim, &record(&timeline), &BundledFiles);
    assert!(result.is_ok(), "{}", transcript.text);
    let mut at_end = timeline.clone();
    at_end.seek(timeline.end());
    assert_eq!(to_json_string(&sim), to_json_string(at_end.sim()));
}

#[test]
fn texts_that_are_not_runs_are_refused_with_the_reason() {
    let refused = |text: &str| replay(text, &BundledFiles).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(replay("", &BundledFiles).err(), Some(RecordingError::NotARun));
    assert!(refused("kubectl get pods\n").starts_with("this is not a StatefulSet Playground run"));
    assert_eq!(
        refused("# StatefulSet Playground run, format 9\n# shown at 0s\nsim seed 0\n"),
        "this run was saved in format 9, which this build of the playground cannot read (it reads format 1)"
    );
    let header = "# StatefulSet Playground run, format 1\n";
    assert!(refused(&format!("{header}sim seed 0\n")).starts_with("line 2: expected \"# shown at DURATION\""));
    assert_eq!(
        refused(&format!("{header}# shown at 0s\nkubectl get pods\n")),
        "line 3: a recorded run starts with \"sim seed N\""
    );
    assert_eq!(
        refused(&format!("{header}# shown at 0s\nsim seed 0\nkubectl frob\n")),
        "line 4: kubectl frob is not simulated yet"
    );
    assert!(refused(&format!("{header}# shown at 0s\nsim seed 0\nkubectl apply -f - <<EOF\nkind: x\n"))
        .starts_with("line 4: here-document not terminated"));
    assert!(
        refused(&format!("{header}# shown at 0s\nsim seed 0\nsim advance 25h\n")).starts_with("the run is too long")
    );
    let many = "kubectl get pods\n".repeat(2_001);
    assert!(refused(&format!("{header}# shown at 0s\nsim seed 0\n{many}")).starts_with("the run is too long"));
}

/// One thing a person does in a property run.
#[derive(Debug, Clone)]
enum Step {
    Ticks(u32),
    Scale(i64),
    Delete(u8),
    Write(u8),
    Back(u64),
    Undo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1u32..80).prop_map(Step::Ticks),
        (0i64..5).prop_map(Step::Scale),
        (0u8..4).prop_map(Step::Delete),
        (0u8..3).prop_map(Step::Write),
        (0u64..60_000).prop_map(Step::Back),
        Just(Step::Undo),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever a person did (playing, acting, scrubbing back and acting there, undoing),
    /// the recorded run replays to the same moment and the same future.
    #[test]
    fn any_run_round_trips(seed in 0u64..4, steps in proptest::collection::vec(step(), 1..14)) {
        let mut timeline = opening(seed);
        for s in steps {
            match s {
                Step::Ticks(n) => tick(&mut timeline, n),
                Step::Scale(n) => type_in(&mut timeline, &format!("kubectl scale sts web --replicas={n}")),
                Step::Delete(i) => type_in(&mut timeline, &format!("kubectl delete pod web-{i}")),
                Step::Write(i) => type_in(&mut timeline, &format!("sim write web-{i} k=v{i}")),
                Step::Back(ms) => timeline.seek(SimTime(ms.min(timeline.end().0))),
                Step::Undo => { let _ = timeline.undo(); }
            }
        }
        round_trip(&timeline);
    }
}
