//! Time travel over one simulation: the recorded actions (a "tape") can be replayed to any
//! past moment, acting at a past moment forks a new future, and the last action can be
//! undone and redone.
//!
//! A run is a pure function of its seed and its action log ([`Simulation::log`]), so a
//! past moment is rebuilt by replaying the log; snapshots taken every
//! [`CHECKPOINT_EVERY`] of simulated time (cloning a simulation shares its stored objects)
//! bound a seek to replaying at most that much from the nearest one. Moving forward
//! through a recorded future replays it exactly, actions included, so playing from the
//! past and leaving it alone reaches the same present.

use crate::action::Action;
use crate::simulation::Simulation;
use crate::time::{SimDuration, SimTime};

/// Simulated time between two snapshots.
pub const CHECKPOINT_EVERY: SimDuration = SimDuration(5_000);

/// The most snapshots kept; past it every other one goes (a seek then replays up to twice
/// as much).
pub const MAX_CHECKPOINTS: usize = 256;

/// A person's action on the timeline: when, what they did, and where it sits on the tape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The simulated moment it happened.
    pub at: SimTime,
    /// What the person typed or pressed, as a command line.
    pub label: String,
    /// The scenario-language text that does it again: the command line, with its
    /// here-document if it had one (see [`crate::script::recording`]).
    pub script: String,
    /// The simulated moment it was done (later than `at` for commands that let time
    /// pass, such as `sim settle`).
    pub done: SimTime,
    /// Where on the tape the action starts.
    start: Position,
    /// The tape length after it.
    end: usize,
}

/// An undone action, kept for redo.
#[derive(Debug, Clone)]
struct Undone {
    label: String,
    script: String,
    actions: Vec<Action>,
}

/// A point on the tape: this many entries applied, and this much of the next one (an
/// advance). The end of an advance is written as a part of it, not as the start of the
/// next entry, because the last advance on the tape grows while the clock runs.
type Position = (usize, SimDuration);

/// A snapshot: the simulation at a position.
#[derive(Clone)]
struct Checkpoint {
    at: Position,
    sim: Simulation,
}

/// Where a replay stops.
#[derive(Clone, Copy)]
enum Stop {
    /// At this simulated moment, after the actions recorded at it.
    Time(SimTime),
    /// At this position on the tape.
    At(Position),
}

/// A simulation with its recorded past and future.
#[derive(Clone)]
pub struct Timeline {
    sim: Simulation,
    /// The moment the timeline starts at.
    start: SimTime,
    /// Every action of the longest recorded future, as the simulation logs them
    /// (consecutive advances merged).
    tape: Vec<Action>,
    /// How many tape entries the shown moment has applied.
    cursor: usize,
    /// How much of the advance at `cursor` the shown moment has applied.
    partial: SimDuration,
    /// The latest moment recorded.
    end: SimTime,
    checkpoints: Vec<Checkpoint>,
    marks: Vec<Mark>,
    undone: Vec<Undone>,
}

impl Timeline {
    /// A timeline starting at `sim` (usually a fresh simulation), which becomes the first
    /// snapshot.
    pub fn new(sim: Simulation) -> Self {
        let tape = sim.log().to_vec();
        let cursor = tape.len();
        let end = sim.now();
        let mut timeline = Timeline {
            start: sim.now(),
            sim,
            tape,
            cursor,
            partial: SimDuration::ZERO,
            end,
            checkpoints: Vec::new(),
            marks: Vec::new(),
            undone: Vec::new(),
        };
        timeline.checkpoints.push(Checkpoint { at: timeline.position(), sim: timeline.sim.clone() });
        timeline
    }

    /// The shown moment's position, the end of an advance written as a part of it.
    fn position(&self) -> Position {
        if self.partial == SimDuration::ZERO && self.cursor > 0 {
            if let Some(Action::Advance { by }) = self.tape.get(self.cursor - 1) {
                return (self.cursor - 1, *by);
            }
        }
        (self.cursor, self.partial)
    }

    /// The simulation at the shown moment.
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// The moment the timeline starts at: the left end of the scrub bar.
    pub fn start(&self) -> SimTime {
        self.start
    }

    /// The seed the run started from.
    pub fn seed(&self) -> u64 {
        self.sim.seed()
    }

    /// The shown moment.
    pub fn now(&self) -> SimTime {
        self.sim.now()
    }

    /// The latest moment recorded: the end of the scrub bar.
    pub fn end(&self) -> SimTime {
        self.end.max(self.sim.now())
    }

    /// Whether the shown moment is the latest one (nothing recorded after it).
    pub fn at_end(&self) -> bool {
        self.cursor == self.tape.len() && self.partial == SimDuration::ZERO
    }

    /// The person's actions so far, oldest first, on the current future.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// How many snapshots are kept.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Whether there is an action to undo at the shown moment.
    pub fn can_undo(&self) -> bool {
        self.marks.first().is_some_and(|m| m.end <= self.cursor)
    }

    /// Whether there is an undone action to redo.
    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// The next moment something happens: the engine's next scheduled change or the next
    /// recorded action, whichever comes first.
    pub fn next_change_at(&self) -> Option<SimTime> {
        let scheduled = self.sim.next_change_at();
        let recorded = self.next_recorded_action_at();
        match (scheduled, recorded) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn next_recorded_action_at(&self) -> Option<SimTime> {
        let mut at = self.sim.now();
        let mut partial = self.partial;
        for action in self.tape.get(self.cursor..)? {
            match action {
                Action::Advance { by } => at = at.plus(SimDuration(by.0.saturating_sub(partial.0))),
                _ => return Some(at),
            }
            partial = SimDuration::ZERO;
        }
        None
    }

    /// Moves time forward by `by`: through the recorded future if there is one (its
    /// actions happen again at their moments), past its end by running the simulation.
    pub fn advance(&mut self, by: SimDuration) {
        let target = self.sim.now().plus(by);
        self.replay_to(Stop::Time(target));
    }

    /// Shows moment `at`: a past one is rebuilt from the nearest snapshot, a later one is
    /// reached by moving forward. The recorded future is kept.
    pub fn seek(&mut self, at: SimTime) {
        let (here, now) = (self.position(), self.sim.now());
        // The nearest snapshot at or before `at`, unless the shown moment is nearer
        // (snapshots are in tape order, so a later one is never behind an earlier one).
        self.restore(|c| c.sim.now() <= at && (at < now || (c.at > here && c.sim.now() > now)));
        self.replay_to(Stop::Time(at));
    }

    /// Does something at the shown moment. If anything was recorded after it, that
    /// future is discarded first (a fork). When `act` records actions, they become one
    /// mark labelled `label` on the timeline and the redo list is emptied.
    pub fn act<R>(&mut self, label: &str, act: impl FnOnce(&mut Simulation) -> R) -> R {
        self.act_scripted(label, label, act)
    }

    /// [`Timeline::act`] for an action whose script (what replays it) is not its label:
    /// a command with a here-document, labelled by its command line.
    pub fn act_scripted<R>(&mut self, label: &str, script: &str, act: impl FnOnce(&mut Simulation) -> R) -> R {
        self.fork_here();
        let at = self.sim.now();
        let start = self.position();
        let length = self.tape.len();
        let before = self.tape.last().cloned();
        let result = act(&mut self.sim);
        self.sync_head();
        if self.tape.len() != length || self.tape.last() != before.as_ref() {
            let (label, script, done) = (label.to_string(), script.to_string(), self.sim.now());
            self.marks.push(Mark { at, label, script, done, start, end: self.tape.len() });
            self.undone.clear();
        }
        result
    }

    /// Goes back to just before the last action at or before the shown moment and
    /// forgets it and everything recorded after it; returns its label.
    /// [`Timeline::redo`] does it again.
    pub fn undo(&mut self) -> Option<String> {
        self.fork_here();
        let mark = self.marks.pop()?;
        let actions = self.actions_of(&mark);
        self.restore(|c| c.at <= mark.start);
        self.replay_to(Stop::At(mark.start));
        self.fork_here();
        self.undone.push(Undone { label: mark.label.clone(), script: mark.script, actions });
        Some(mark.label)
    }

    /// The actions `mark` recorded: its part of an advance it began inside, then whole
    /// entries.
    fn actions_of(&self, mark: &Mark) -> Vec<Action> {
        let (index, part) = mark.start;
        let mut actions = Vec::new();
        for (i, action) in self.tape.iter().enumerate().take(mark.end).skip(index) {
            match action {
                Action::Advance { by } if i == index => {
                    let rest = SimDuration(by.0.saturating_sub(part.0));
                    if rest > SimDuration::ZERO {
                        actions.push(Action::Advance { by: rest });
                    }
                }
                _ => actions.push(action.clone()),
            }
        }
        actions
    }

    /// Does the last undone action again, at the shown moment; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let undone = self.undone.pop()?;
        let rest = std::mem::take(&mut self.undone);
        self.act_scripted(&undone.label, &undone.script, |sim| {
            for action in undone.actions {
                let _ = sim.apply(action);
            }
        });
        self.undone = rest;
        Some(undone.label)
    }

    /// Discards what was recorded after the shown moment.
    fn fork_here(&mut self) {
        if self.at_end() {
            return;
        }
        let here = (self.cursor, self.partial);
        self.tape.truncate(self.cursor);
        if self.partial > SimDuration::ZERO {
            self.tape.push(Action::Advance { by: self.partial });
        }
        self.cursor = self.tape.len();
        self.partial = SimDuration::ZERO;
        self.checkpoints.retain(|c| c.at <= here);
        let cursor = self.cursor;
        self.marks.retain(|m| m.end <= cursor);
        self.end = self.sim.now();
    }

    /// Makes the shown moment the latest snapshot that `usable` accepts.
    fn restore(&mut self, usable: impl Fn(&Checkpoint) -> bool) {
        if let Some(c) = self.checkpoints.iter().rev().find(|c| usable(c)) {
            self.sim = c.sim.clone();
            (self.cursor, self.partial) = c.at;
        }
    }

    /// Replays the tape from the shown moment until `stop`; past the tape's end, runs
    /// the simulation on (for a time) and records it.
    fn replay_to(&mut self, stop: Stop) {
        loop {
            let Some(entry) = self.tape.get(self.cursor).cloned() else {
                if let Stop::Time(target) = stop {
                    if target > self.sim.now() {
                        let _ = self.sim.apply(Action::Advance { by: target.since(self.sim.now()) });
                        self.sync_head();
                        self.maybe_checkpoint();
                    }
                }
                return;
            };
            if let Stop::At(position) = stop {
                if (self.cursor, self.partial) >= position {
                    return;
                }
            }
            match entry {
                Action::Advance { by } => {
                    let left = SimDuration(by.0.saturating_sub(self.partial.0));
                    let step = match stop {
                        Stop::Time(target) => SimDuration(left.0.min(target.since(self.sim.now()).0)),
                        Stop::At((index, part)) if index == self.cursor => {
                            SimDuration(left.0.min(part.0.saturating_sub(self.partial.0)))
                        }
                        Stop::At(_) => left,
                    };
                    if step == SimDuration::ZERO && left > SimDuration::ZERO {
                        return;
                    }
                    if step > SimDuration::ZERO {
                        let _ = self.sim.apply(Action::Advance { by: step });
                    }
                    self.partial = SimDuration(self.partial.0 + step.0);
                    if self.partial >= by {
                        self.cursor += 1;
                        self.partial = SimDuration::ZERO;
                    }
                }
                action => {
                    if let Stop::Time(target) = stop {
                        if self.sim.now() > target {
                            return;
                        }
                    }
                    let _ = self.sim.apply(action);
                    self.cursor += 1;
                }
            }
            self.maybe_checkpoint();
        }
    }

    /// At the end of the tape, makes the tape the simulation's log again.
    fn sync_head(&mut self) {
        let log = self.sim.log();
        let same = self.tape.len().min(log.len()).saturating_sub(1);
        self.tape.truncate(same);
        self.tape.extend(log.iter().skip(same).cloned());
        self.cursor = self.tape.len();
        self.partial = SimDuration::ZERO;
        self.end = self.end.max(self.sim.now());
    }

    /// Takes a snapshot if the last one is [`CHECKPOINT_EVERY`] behind.
    fn maybe_checkpoint(&mut self) {
        let at = self.position();
        let Some(last) = self.checkpoints.last() else { return };
        if at <= last.at || self.sim.now() < last.sim.now().plus(CHECKPOINT_EVERY) {
            return;
        }
        self.checkpoints.push(Checkpoint { at, sim: self.sim.clone() });
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            let mut index = 0;
            self.checkpoints.retain(|_| {
                index += 1;
                index % 2 == 1
            });
        }
    }
}
