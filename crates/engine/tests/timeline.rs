//! Time travel (`sts_engine::timeline`): seeking shows exactly the state that replaying
//! the log to that moment gives, playing on through a recorded future reproduces it,
//! acting in the past forks, undo and redo.

mod common;

use proptest::prelude::*;
use sts_engine::bundled::WEB_YAML;
use sts_engine::export::to_json_string;
use sts_engine::timeline::{Timeline, CHECKPOINT_EVERY, MAX_CHECKPOINTS};
use sts_engine::{Action, SimDuration, SimTime, Simulation};

fn opening() -> Timeline {
    let mut timeline = Timeline::new(Simulation::new(3));
    let applied = timeline.act("kubectl apply -f web.yaml", |sim| {
        sim.apply(Action::Apply { manifest: WEB_YAML.into(), source: "web.yaml".into() })
    });
    assert!(applied.is_ok());
    timeline
}

fn scale(timeline: &mut Timeline, replicas: i64) {
    let label = format!("kubectl scale sts web --replicas={replicas}");
    let _ = timeline.act(&label, |sim| sim.apply(Action::ScaleTo { statefulset: "web".into(), replicas }));
}

fn secs(s: u64) -> SimDuration {
    SimDuration::from_millis(s * 1000)
}

/// The whole cluster, as the runner's `--json` prints it.
fn state(timeline: &Timeline) -> String {
    to_json_string(timeline.sim())
}

/// What replaying the shown moment's own log from scratch gives.
fn replayed(timeline: &Timeline) -> String {
    let sim = timeline.sim();
    to_json_string(&Simulation::replay(sim.seed(), sim.log()))
}

#[test]
fn seeking_back_shows_the_earlier_picture_and_forward_the_later_one() {
    let mut timeline = opening();
    let mut seen = Vec::new();
    for _ in 0..12 {
        timeline.advance(secs(5));
        if seen.len() == 4 {
            // An action recorded at a moment is part of the picture of that moment.
            scale(&mut timeline, 4);
        }
        seen.push((timeline.now(), state(&timeline)));
    }
    let end = timeline.now();
    for (at, picture) in seen.iter().rev().chain(seen.iter()) {
        timeline.seek(*at);
        assert_eq!(timeline.now(), *at);
        assert!(state(&timeline) == *picture, "the picture at {at:?} differs");
    }
    timeline.seek(end);
    assert!(timeline.at_end());
    assert_eq!(timeline.end(), end);
}

#[test]
fn playing_on_from_the_past_replays_the_recorded_actions() {
    let mut timeline = opening();
    timeline.advance(secs(20));
    scale(&mut timeline, 5);
    timeline.advance(secs(30));
    let recorded = state(&timeline);
    let end = timeline.now();
    timeline.seek(SimTime(5_000));
    assert!(!timeline.at_end());
    assert_eq!(timeline.next_change_at().map(|t| t <= SimTime(20_000)), Some(true));
    while timeline.now() < end {
        timeline.advance(SimDuration::from_millis(700));
    }
    timeline.seek(end);
    assert_eq!(state(&timeline), recorded);
    assert_eq!(timeline.marks().len(), 2, "the scale is still on the timeline");
}

#[test]
fn acting_at_a_past_moment_discards_the_old_future() {
    let mut timeline = opening();
    timeline.advance(secs(20));
    scale(&mut timeline, 5);
    timeline.advance(secs(30));
    timeline.seek(SimTime(10_000));
    scale(&mut timeline, 1);
    assert!(timeline.at_end());
    assert_eq!(timeline.end(), SimTime(10_000), "the old future is gone");
    let labels: Vec<_> = timeline.marks().iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["kubectl apply -f web.yaml", "kubectl scale sts web --replicas=1"]);
    timeline.advance(secs(60));
    assert_eq!(state(&timeline), replayed(&timeline));
    assert!(!common::pods_now(timeline.sim()).contains(&"web-1".to_string()));
}

#[test]
fn undo_goes_back_to_before_the_action_and_redo_does_it_again() {
    let mut timeline = opening();
    timeline.advance(secs(30));
    let before = state(&timeline);
    scale(&mut timeline, 4);
    timeline.advance(secs(30));
    assert!(timeline.can_undo());
    assert_eq!(timeline.undo().as_deref(), Some("kubectl scale sts web --replicas=4"));
    assert_eq!(timeline.now(), SimTime(30_000));
    assert_eq!(state(&timeline), before);
    assert!(timeline.at_end(), "the undone future is discarded");
    assert!(timeline.can_redo());
    assert_eq!(timeline.redo().as_deref(), Some("kubectl scale sts web --replicas=4"));
    timeline.advance(secs(30));
    assert_eq!(common::pods_now(timeline.sim()).len(), 4);
    assert!(!timeline.can_redo());
}

#[test]
fn undoing_an_advance_typed_after_the_clock_ran_keeps_the_time_before_it() {
    let mut timeline = opening();
    timeline.advance(secs(7));
    let _ = timeline.act("sim advance 10s", |sim| sim.apply(Action::Advance { by: secs(10) }));
    assert_eq!(timeline.now(), SimTime(17_000));
    timeline.undo();
    assert_eq!(timeline.now(), SimTime(7_000));
    timeline.redo();
    assert_eq!(timeline.now(), SimTime(17_000));
}

#[test]
fn reads_leave_no_mark() {
    let mut timeline = opening();
    timeline.act("kubectl get pods", |_| ());
    let _ = timeline.act("kubectl scale sts web --replicas=-1", |sim| {
        sim.apply(Action::ScaleTo { statefulset: "web".into(), replicas: -1 })
    });
    assert_eq!(timeline.marks().len(), 1);
}

#[test]
fn snapshots_stay_bounded_over_a_long_session() {
    let mut timeline = opening();
    for i in 0..3_000u64 {
        timeline.advance(secs(5));
        if i % 100 == 0 {
            scale(&mut timeline, (i / 100 % 5) as i64 + 1);
        }
    }
    assert!(timeline.checkpoint_count() <= MAX_CHECKPOINTS);
    assert!(timeline.checkpoint_count() > MAX_CHECKPOINTS / 4, "{}", timeline.checkpoint_count());
    let middle = SimTime(timeline.now().0 / 2 + 1_234);
    timeline.seek(middle);
    assert_eq!(state(&timeline), replayed(&timeline));
    let _ = CHECKPOINT_EVERY;
}

#[derive(Debug, Clone)]
enum Op {
    Advance(u64),
    Seek(u16),
    Scale(i64),
    Delete(u8),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1u64..40_000).prop_map(Op::Advance),
        3 => any::<u16>().prop_map(Op::Seek),
        2 => (0i64..5).prop_map(Op::Scale),
        2 => (0u8..5).prop_map(Op::Delete),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever is done, the shown moment is exactly what replaying its log from scratch
    /// gives, and its log is the start of the recorded tape.
    #[test]
    fn the_shown_moment_is_always_the_replay_of_its_log(ops in prop::collection::vec(op(), 1..30)) {
        let mut timeline = opening();
        for op in ops {
            match op {
                Op::Advance(ms) => timeline.advance(SimDuration::from_millis(ms)),
                Op::Seek(fraction) => {
                    let end = timeline.end().0;
                    timeline.seek(SimTime(end * u64::from(fraction) / u64::from(u16::MAX)));
                }
                Op::Scale(n) => scale(&mut timeline, n),
                Op::Delete(i) => {
                    let _ = timeline.act("delete", |sim| sim.apply(Action::DeletePod { pod: format!("web-{i}"), grace_period_seconds: None }));
                }
                Op::Undo => { timeline.undo(); }
                Op::Redo => { timeline.redo(); }
            }
            prop_assert_eq!(state(&timeline), replayed(&timeline));
            prop_assert!(timeline.now() <= timeline.end());
        }
        let now = timeline.now();
        let here = state(&timeline);
        timeline.seek(SimTime(0));
        timeline.seek(now);
        prop_assert_eq!(state(&timeline), here, "back and forth again");
    }
}
