//! The page's state: the simulation, the view drawn from it, and the time controls.
//! User intents become engine actions here and nowhere else; the page knows no
//! Kubernetes rules, it only forwards intents and redraws the engine's view.

use std::cell::RefCell;
use std::rc::Rc;
use sts_engine::bundled::WEB_YAML;
use sts_engine::{Action, ClusterView, SimDuration, Simulation};
use yew::Reducible;

/// How often the clock ticks while playing, in real milliseconds.
pub const TICK_MS: u32 = 100;

/// The playback speeds offered, in percent of real time.
pub const SPEEDS: [u32; 7] = [25, 50, 100, 200, 400, 800, 1600];

/// The StatefulSet the controls act on.
pub const SET_NAME: &str = "web";

/// A user intent, named for what the person wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// One tick of the real-time clock while playing.
    Tick,
    /// Start or stop the clock.
    TogglePlay,
    /// Jump to the next scheduled change.
    StepToNextChange,
    /// Change the desired replicas by this much.
    ScaleBy(i64),
    /// Delete the named pod gracefully.
    DeletePod(String),
    /// Stop the named node's kubelet, as a crashed machine.
    FailNode(String),
    /// Start the named node's kubelet again.
    RecoverNode(String),
    /// Play at this percentage of real time.
    SetSpeed(u32),
    /// Start over from the opening scene.
    Reset,
    /// Ask why this object is as it is (the "Why?" panel follows it as it changes).
    Select(Subject),
    /// Open or close the keyboard shortcuts.
    ToggleHelp,
    /// Close the keyboard shortcuts.
    CloseHelp,
}

/// Something a person can select in the picture to ask "why?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A pod, or the identity slot of one that does not exist.
    Pod(String),
    /// A PersistentVolumeClaim.
    Claim(String),
    /// A StatefulSet.
    Set(String),
}

/// The last thing the engine said, shown under the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// What an accepted action printed.
    Info(String),
    /// Why an action was refused.
    Error(String),
}

/// Everything the page holds.
#[derive(Clone)]
pub struct Playground {
    /// Shared so each intent mutates in place instead of copying the cluster; only
    /// `reduce` borrows it, and components read `view`.
    sim: Rc<RefCell<Simulation>>,
    /// What the picture shows now.
    pub view: Rc<ClusterView>,
    /// Whether the clock runs.
    pub playing: bool,
    /// Playback speed in percent of real time.
    pub speed: u32,
    /// The latest message for the person.
    pub notice: Option<Notice>,
    /// What the person selected, if anything.
    pub selected: Option<Subject>,
    /// The engine's one-sentence reason for the selected object's state, kept current.
    pub why: Option<String>,
    /// Whether the keyboard shortcuts are shown.
    pub help_open: bool,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        self.view == other.view
            && self.playing == other.playing
            && self.speed == other.speed
            && self.notice == other.notice
            && self.selected == other.selected
            && self.why == other.why
            && self.help_open == other.help_open
    }
}

impl Playground {
    /// The opening scene: the default cluster with the tutorial's `web.yaml` applied,
    /// the clock running at 1×.
    pub fn new(seed: u64) -> Self {
        let mut sim = Simulation::new(seed);
        let notice = match sim.apply(Action::Apply { manifest: WEB_YAML.into(), source: "web.yaml".into() }) {
            Ok(out) => Notice::Info(format!("$ kubectl apply -f web.yaml\n{}", out.lines.join("\n"))),
            Err(e) => Notice::Error(e.to_string()),
        };
        let view = Rc::new(ClusterView::of(&sim));
        Playground {
            sim: Rc::new(RefCell::new(sim)),
            view,
            playing: true,
            speed: 100,
            notice: Some(notice),
            selected: None,
            why: None,
            help_open: false,
        }
    }

    /// Performs `action` on the simulation and refreshes the view; `echo` is the
    /// command a person would have typed, shown with the outcome.
    fn act(&mut self, action: Action, echo: Option<String>) {
        let Ok(mut sim) = self.sim.try_borrow_mut() else {
            self.notice = Some(Notice::Error("the simulation is busy; try again".into()));
            return;
        };
        let result = sim.apply(action);
        self.view = Rc::new(ClusterView::of(&sim));
        let Some(echo) = echo else { return };
        self.notice = Some(match result {
            Ok(out) => Notice::Info(format!("$ {echo}\n{}", out.lines.join("\n"))),
            Err(e) => Notice::Error(format!("$ {echo}\n{e}")),
        });
    }

    /// Asks the engine again why the selected object is as it is.
    fn refresh_why(&mut self) {
        let Ok(sim) = self.sim.try_borrow() else { return };
        let cluster = sim.cluster();
        self.why = self.selected.as_ref().map(|s| match s {
            Subject::Pod(name) => sts_engine::explain::why_pod(cluster, name),
            Subject::Claim(name) => sts_engine::explain::why_claim(cluster, name),
            Subject::Set(name) => sts_engine::explain::why_set(cluster, name),
        });
    }

    fn desired(&self) -> i64 {
        self.view.sets.iter().find(|s| s.name == SET_NAME).map_or(0, |s| i64::from(s.desired))
    }
}

impl Reducible for Playground {
    type Action = Intent;

    fn reduce(self: Rc<Self>, intent: Intent) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match intent {
            Intent::Tick if next.playing => {
                let ms = u64::from(TICK_MS) * u64::from(next.speed) / 100;
                next.act(Action::Advance { by: SimDuration::from_millis(ms) }, None);
            }
            Intent::Tick => {}
            Intent::TogglePlay => next.playing = !next.playing,
            Intent::StepToNextChange => {
                let wait = next.sim.try_borrow().ok().and_then(|s| s.next_change_at().map(|t| t.since(s.now())));
                match wait {
                    Some(by) => next.act(Action::Advance { by }, None),
                    None => next.notice = Some(Notice::Info("Nothing is scheduled: the cluster is settled.".into())),
                }
            }
            Intent::ScaleBy(delta) => {
                let replicas = next.desired() + delta;
                let echo = format!("kubectl scale sts {SET_NAME} --replicas={replicas}");
                next.act(Action::ScaleTo { statefulset: SET_NAME.into(), replicas }, Some(echo));
            }
            Intent::DeletePod(pod) => {
                let echo = format!("kubectl delete pod {pod}");
                next.act(Action::DeletePod { pod, grace_period_seconds: None }, Some(echo));
            }
            Intent::FailNode(node) => {
                let echo = format!("sim node fail {node}");
                next.act(Action::FailNode { node }, Some(echo));
            }
            Intent::RecoverNode(node) => {
                let echo = format!("sim node recover {node}");
                next.act(Action::RecoverNode { node }, Some(echo));
            }
            Intent::SetSpeed(speed) if SPEEDS.contains(&speed) => next.speed = speed,
            Intent::SetSpeed(_) => {}
            Intent::Reset => {
                let speed = next.speed;
                next = Playground::new(0);
                next.speed = speed;
            }
            Intent::Select(subject) => next.selected = Some(subject),
            Intent::ToggleHelp => next.help_open = !next.help_open,
            Intent::CloseHelp => next.help_open = false,
        }
        next.refresh_why();
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(p: Playground, i: Intent) -> Playground {
        Rc::unwrap_or_clone(Rc::new(p).reduce(i))
    }

    #[test]
    fn the_opening_scene_applies_the_tutorial() {
        let p = Playground::new(0);
        assert!(p.playing);
        assert_eq!(p.view.sets[0].name, "web");
        assert_eq!(p.view.sets[0].desired, 2);
        assert!(matches!(&p.notice, Some(Notice::Info(t)) if t.contains("statefulset.apps/web created")));
    }

    #[test]
    fn scaling_below_zero_shows_the_api_error_and_keeps_the_state() {
        let mut p = Playground::new(0);
        p = reduce(p, Intent::ScaleBy(-2));
        assert_eq!(p.view.sets[0].desired, 0);
        let before = p.view.clone();
        p = reduce(p, Intent::ScaleBy(-1));
        assert_eq!(p.view, before);
        assert!(matches!(&p.notice, Some(Notice::Error(t)) if t.contains("spec.replicas: Invalid value: -1")));
    }

    #[test]
    fn ticks_advance_time_only_while_playing() {
        let mut p = Playground::new(0);
        p = reduce(p, Intent::Tick);
        assert_eq!(p.view.time_ms, 100);
        p = reduce(p, Intent::SetSpeed(400));
        p = reduce(p, Intent::Tick);
        assert_eq!(p.view.time_ms, 500);
        p = reduce(p, Intent::TogglePlay);
        p = reduce(p, Intent::Tick);
        assert_eq!(p.view.time_ms, 500);
        p = reduce(p, Intent::SetSpeed(3));
        assert_eq!(p.speed, 400, "an unknown speed is ignored");
    }

    #[test]
    fn a_selected_pod_s_why_follows_its_state() {
        let mut p = Playground::new(0);
        p = reduce(p, Intent::Select(Subject::Pod("web-1".into())));
        assert_eq!(
            p.why.as_deref(),
            Some("web-1 is not created yet: OrderedReady waits for web-0 to be Running and Ready.")
        );
        for _ in 0..200 {
            p = reduce(p, Intent::Tick);
        }
        assert!(p.why.as_deref().is_some_and(|w| w.starts_with("web-1 is Running and Ready")), "{:?}", p.why);
    }

    #[test]
    fn failing_a_node_is_echoed_as_the_directive_and_recovering_undoes_it() {
        let mut p = Playground::new(0);
        p = reduce(p, Intent::FailNode("node-2".into()));
        assert!(matches!(&p.notice, Some(Notice::Info(t)) if t.starts_with("$ sim node fail node-2")));
        assert!(p.view.nodes.iter().any(|n| n.name == "node-2" && n.failed));
        p = reduce(p, Intent::RecoverNode("node-2".into()));
        assert!(p.view.nodes.iter().all(|n| !n.failed));
    }

    #[test]
    fn stepping_jumps_to_the_next_change() {
        let mut p = Playground::new(0);
        p = reduce(p, Intent::TogglePlay);
        p = reduce(p, Intent::StepToNextChange);
        assert!(p.view.time_ms > 0);
    }
}
