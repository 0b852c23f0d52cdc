//! The page's state: the simulation on its timeline, the view drawn from it, the
//! console and the time controls. User intents become command lines of the scenario
//! language here and nowhere else, so a button and the same typed command do exactly the
//! same thing and both land on the timeline; the page knows no Kubernetes rules, it only
//! forwards intents and redraws the engine's view.

use std::cell::RefCell;
use std::rc::Rc;
use sts_engine::script::command::Command;
use sts_engine::script::complete::{common_prefix, complete};
use sts_engine::script::console::{execute, is_error_output, BundledFiles};
use sts_engine::script::lines::ScriptLine;
use sts_engine::script::recording::{apply_heredoc, record, replay};
use sts_engine::script::tour::{parse_tour, split_highlight, Tour};
use sts_engine::timeline::Timeline;
use sts_engine::{ClusterView, SimDuration, SimTime, Simulation};
use yew::Reducible;

/// How often the clock ticks while playing, in real milliseconds.
pub const TICK_MS: u32 = 100;

/// The playback speeds offered, in percent of real time.
pub const SPEEDS: [u32; 7] = [25, 50, 100, 200, 400, 800, 1600];

/// The StatefulSet the controls act on.
pub const SET_NAME: &str = "web";

/// How many console entries are kept on screen.
pub const CONSOLE_KEPT: usize = 50;

/// The most simulated time one command may move the page's clock: a large cluster takes
/// about a second of real time per simulated hour, and the page must stay responsive.
pub const MAX_ADVANCE: SimDuration = SimDuration::from_secs(3600);

/// Why the page will not run `command` at once, if it will not: a `sim advance` or `sim
/// settle --timeout` longer than [`MAX_ADVANCE`].
pub fn too_long(command: &str) -> Option<String> {
    let words = sts_engine::script::words::split_words(command).ok()?;
    let by = match sts_engine::script::command::parse_command(&words).ok()? {
        Command::Advance(by) | Command::Settle(by) => by,
        _ => return None,
    };
    (by > MAX_ADVANCE).then(|| {
        let (most, asked) = (MAX_ADVANCE.go_string(), by.go_string());
        format!(
            "error: the page moves time by at most {most} at once (asked {asked}); the headless runner has no limit\n"
        )
    })
}

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
    /// Set the desired replicas to this number.
    ScaleTo(i64),
    /// Delete the named pod gracefully.
    DeletePod(String),
    /// Delete the named pod at once, without waiting for its node to confirm.
    ForceDeletePod(String),
    /// Write the pod's hostname into its volume's `index.html`, as the tutorial does.
    WriteData(String),
    /// Delete the named PersistentVolumeClaim.
    DeleteClaim(String),
    /// Mark the named node unschedulable, or schedulable again.
    Cordon(String, bool),
    /// Cordon the named node and evict its pods.
    DrainNode(String),
    /// Roll the set out to one of [`IMAGES`] (by index).
    RollOut(usize),
    /// Go back to the previous revision of the set's template.
    RollBack,
    /// Set the rolling update's partition.
    SetPartition(i64),
    /// Whether the set's claims are deleted when it is deleted (`true`) or kept.
    SetWhenDeleted(bool),
    /// Whether a scaled-away identity's claims are deleted (`true`) or kept.
    SetWhenScaled(bool),
    /// Re-create the set with this pod management policy (the field is immutable).
    SetPodManagement(bool),
    /// Apply the bundled stateless Deployment beside the set, for the contrast.
    AddDeployment,
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
    /// Show this simulated moment (milliseconds since the start); playing stops.
    Seek(u64),
    /// Go back to just before the last action, forgetting it.
    Undo,
    /// Do the last undone action again.
    Redo,
    /// The console's text changed.
    ConsoleInput(String),
    /// Complete the word being typed in the console (Tab).
    ConsoleComplete,
    /// Show an earlier (-1) or later (+1) command of the console's history.
    ConsoleHistory(i32),
    /// Run what is typed in the console.
    ConsoleSubmit,
    /// The manifest editor's text changed.
    EditorInput(String),
    /// Put this bundled manifest in the editor.
    EditorLoad(String),
    /// Apply the editor's manifest, if the API server would accept all of it.
    EditorApply,
    /// Start the tour of this name, whose script (loaded with the page's files) is given,
    /// from its first step.
    StartTour(String, String),
    /// Show the tour's next step (after the last: free play).
    TourNext,
    /// Show the tour's previous step, as it was.
    TourBack,
    /// Leave the tour into free play at this moment.
    LeaveTour,
    /// Replace the run with the recorded run in this text (a link's or a file's); if it
    /// cannot be read, say why and keep the run.
    OpenRun(String),
    /// Run this command line (from an embedding page), as if typed in the console.
    RunCommand(String),
    /// Tell the person something from outside the engine (a copied link, a file that
    /// could not be read); `true` for a problem.
    Note(String, bool),
}

/// The images the Act panel rolls out: a name, the `sim image` behaviour it is given
/// first (`None`: it works), and what the person reads.
pub const IMAGES: [(&str, Option<&str>, &str); 4] = [
    ("registry.k8s.io/nginx-slim:0.8", None, "nginx-slim:0.8 (works)"),
    ("registry.k8s.io/nginx-slim:0.7", None, "nginx-slim:0.7 (works, the tutorial's)"),
    ("registry.k8s.io/nginx-slim:0.9-crash", Some("crash"), "nginx-slim:0.9-crash (crashes on start)"),
    ("registry.k8s.io/nginx-slim:0.404", Some("unpullable"), "nginx-slim:0.404 (cannot be pulled)"),
];

/// Where the tutorial's nginx keeps its claim (`web.yaml`'s volumeMount).
const WEB_ROOT: &str = "/usr/share/nginx/html";

/// The merge patch that sets one field of the set's spec.
fn patch(spec: &str) -> String {
    format!("kubectl patch sts {SET_NAME} -p '{{\"spec\":{spec}}}'")
}

/// The patch that sets one field of the claim retention policy to Delete or Retain.
fn retention_patch(field: &str, delete: bool) -> String {
    let value = if delete { "Delete" } else { "Retain" };
    patch(&format!("{{\"persistentVolumeClaimRetentionPolicy\":{{\"{field}\":\"{value}\"}}}}"))
}

impl Intent {
    /// The command lines that do what this intent asks, for intents that change the
    /// cluster; `set` is the set's view now. Empty for intents that do not.
    fn commands(&self, set: Option<&sts_engine::view::SetView>) -> Vec<String> {
        let desired = set.map_or(0, |s| i64::from(s.desired));
        let one = |line: String| vec![line];
        match self {
            Intent::ScaleBy(delta) => one(format!("kubectl scale sts {SET_NAME} --replicas={}", desired + delta)),
            Intent::ScaleTo(n) => one(format!("kubectl scale sts {SET_NAME} --replicas={n}")),
            Intent::DeletePod(pod) => one(format!("kubectl delete pod {pod}")),
            Intent::ForceDeletePod(pod) => one(format!("kubectl delete pod {pod} --grace-period=0 --force")),
            Intent::WriteData(pod) => {
                one(format!("kubectl exec {pod} -- sh -c 'echo \"$(hostname)\" > {WEB_ROOT}/index.html'"))
            }
            Intent::DeleteClaim(claim) => one(format!("kubectl delete pvc {claim}")),
            Intent::FailNode(node) => one(format!("sim node fail {node}")),
            Intent::RecoverNode(node) => one(format!("sim node recover {node}")),
            Intent::Cordon(node, true) => one(format!("kubectl cordon {node}")),
            Intent::Cordon(node, false) => one(format!("kubectl uncordon {node}")),
            Intent::DrainNode(node) => one(format!("kubectl drain {node}")),
            Intent::RollOut(index) => {
                let Some((image, behaviour, _)) = IMAGES.get(*index) else { return Vec::new() };
                let container = set.and_then(|s| s.container.as_ref()).map_or("nginx", |(name, _)| name.as_str());
                let mut lines: Vec<String> = behaviour.iter().map(|b| format!("sim image {image} {b}")).collect();
                lines.push(format!("kubectl set image sts/{SET_NAME} {container}={image}"));
                lines
            }
            Intent::RollBack => one(format!("kubectl rollout undo sts/{SET_NAME}")),
            Intent::AddDeployment => one("kubectl apply -f web-deployment.yaml".into()),
            Intent::SetPartition(n) => {
                one(patch(&format!("{{\"updateStrategy\":{{\"rollingUpdate\":{{\"partition\":{n}}}}}}}")))
            }
            Intent::SetWhenDeleted(delete) => one(retention_patch("whenDeleted", *delete)),
            Intent::SetWhenScaled(delete) => one(retention_patch("whenScaled", *delete)),
            Intent::SetPodManagement(parallel) => {
                let manifest = if *parallel { "web-parallel.yaml" } else { "web.yaml" };
                let mut lines = vec![format!("kubectl delete sts {SET_NAME}"), format!("kubectl apply -f {manifest}")];
                if desired != 2 {
                    lines.push(format!("kubectl scale sts {SET_NAME} --replicas={desired}"));
                }
                lines
            }
            _ => Vec::new(),
        }
    }
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

/// One command run in the console (or by a button) and what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleEntry {
    /// The command line; empty for a note from the page itself.
    pub command: String,
    /// What it printed.
    pub output: String,
    /// Whether that is an error.
    pub error: bool,
}

/// The console: what is typed, what was run, and the completion offered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Console {
    /// The text in the input.
    pub input: String,
    /// The commands run and their output, oldest first (the last [`CONSOLE_KEPT`]).
    pub entries: Vec<ConsoleEntry>,
    /// Every command typed, oldest first, for the up and down keys.
    pub history: Vec<String>,
    /// Where the up and down keys are in `history` (`history.len()` is the new line).
    pub history_at: usize,
    /// The candidates of the last Tab that had more than one.
    pub candidates: Vec<String>,
    /// How many entries were ever added (an embedding page is sent each new one).
    pub added: u64,
}

/// Why the editor's manifest was not applied, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorError {
    /// What kubectl printed.
    pub message: String,
    /// The manifest line it points at, if it can be told.
    pub line: Option<usize>,
    /// The field it names, if any.
    pub field: Option<String>,
}

/// The manifest editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    /// The manifest being edited.
    pub text: String,
    /// Why the last Apply was refused; cleared by editing.
    pub error: Option<EditorError>,
}

impl Default for Editor {
    fn default() -> Self {
        Editor { text: sts_engine::bundled::WEB_YAML.to_string(), error: None }
    }
}

/// A person's action on the timeline, as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineMark {
    /// Simulated milliseconds since the start.
    pub at_ms: u64,
    /// The command it ran.
    pub label: String,
}

/// What the timeline bar draws.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimelineView {
    /// The shown moment, in simulated milliseconds.
    pub now_ms: u64,
    /// The latest recorded moment.
    pub end_ms: u64,
    /// The person's actions.
    pub marks: Vec<TimelineMark>,
    /// Whether Undo has something to undo.
    pub can_undo: bool,
    /// Whether Redo has something to redo.
    pub can_redo: bool,
}

/// The tour being played: which one and which step is shown. Two are equal when they
/// play the same tour (the same `Rc`, not a copy) at the same step.
#[derive(Debug, Clone)]
pub struct TourPlay {
    /// The bundled tour's name (`tour=NAME`).
    pub name: String,
    /// The tour, read.
    pub tour: Rc<Tour>,
    /// The step shown, from 0.
    pub step: usize,
}

impl PartialEq for TourPlay {
    fn eq(&self, other: &Self) -> bool {
        self.step == other.step && self.name == other.name && Rc::ptr_eq(&self.tour, &other.tour)
    }
}

/// Everything the page holds.
#[derive(Clone)]
pub struct Playground {
    /// Shared so each intent mutates in place instead of copying the cluster; only
    /// `reduce` borrows it, and components read `view`.
    timeline: Rc<RefCell<Timeline>>,
    /// What the picture shows now.
    pub view: Rc<ClusterView>,
    /// What the timeline bar shows now.
    pub time: Rc<TimelineView>,
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
    /// The kubectl console.
    pub console: Rc<Console>,
    /// The manifest editor.
    pub editor: Rc<Editor>,
    /// The guided tour being played, if any.
    pub tour: Option<Rc<TourPlay>>,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        self.view == other.view
            && self.time == other.time
            && self.playing == other.playing
            && self.speed == other.speed
            && self.notice == other.notice
            && self.selected == other.selected
            && self.why == other.why
            && self.help_open == other.help_open
            && self.console == other.console
            && self.editor == other.editor
            && self.tour == other.tour
    }
}

impl Playground {
    /// The opening scene: the default cluster with the tutorial's `web.yaml` applied,
    /// the clock running at 1×.
    pub fn new(seed: u64) -> Self {
        let timeline = Timeline::new(Simulation::new(seed));
        let view = Rc::new(ClusterView::of(timeline.sim()));
        let mut page = Playground {
            timeline: Rc::new(RefCell::new(timeline)),
            view,
            time: Rc::default(),
            playing: true,
            speed: 100,
            notice: None,
            selected: None,
            why: None,
            help_open: false,
            console: Rc::default(),
            editor: Rc::default(),
            tour: None,
        };
        page.run("kubectl apply -f web.yaml");
        page
    }

    /// The page as its address asks: a shared run, a tour or a scenario (whose script the
    /// caller loaded: `script`), at a speed, playing or paused; what the address got
    /// wrong is said in the console.
    pub fn from_options(options: &crate::page_options::PageOptions, script: Option<&str>) -> Self {
        let mut page = Playground::new(0);
        page.speed = options.speed;
        if let Some(compressed) = &options.run {
            match crate::share::script_of(compressed) {
                Ok(script) => page.open_run(&script),
                Err(e) => page.say(format!("Could not open the link: {e}. Starting fresh."), true),
            }
        } else if let Some(name) = options.tour.as_ref().or(options.scenario.as_ref()) {
            match (script, options.tour.is_some()) {
                (Some(script), true) => page.start_tour(name, script),
                (Some(script), false) => page.run_scenario(name, script),
                (None, _) => page.say(crate::tour_list::unavailable(name), true),
            }
        }
        page.playing = options.autoplay && page.playing;
        for problem in &options.problems {
            page.say(format!("Ignored in the address: {problem}"), true);
        }
        page
    }

    /// The run so far as a script of the scenario language, for a link or a file.
    pub fn recording(&self) -> String {
        self.timeline.try_borrow().map(|t| record(&t)).unwrap_or_default()
    }

    /// A fresh cluster with nothing applied, for a tour or a scenario; the console's
    /// history stays.
    fn start_empty(&mut self) {
        self.timeline = Rc::new(RefCell::new(Timeline::new(Simulation::new(0))));
        self.selected = None;
        self.tour = None;
        self.editor = Rc::default();
        Rc::make_mut(&mut self.console).entries.clear();
    }

    /// Starts the tour `name`, read from `script`, at its first step, playing.
    fn start_tour(&mut self, name: &str, script: &str) {
        match parse_tour(script) {
            Ok(tour) => self.begin_tour(name, Rc::new(tour)),
            Err(e) => self.say(format!("The tour {name:?} cannot be read: line {}: {}", e.line, e.reason), true),
        }
    }

    /// Plays `tour` from its first step on a fresh cluster.
    fn begin_tour(&mut self, name: &str, tour: Rc<Tour>) {
        self.start_empty();
        self.tour = Some(Rc::new(TourPlay { name: name.to_string(), tour, step: 0 }));
        self.show_step(0);
        self.playing = true;
    }

    /// Runs step `index` of the tour being played and shows it: its commands on the
    /// timeline, its highlighted object selected.
    fn show_step(&mut self, index: usize) {
        let Some(play) = self.tour.clone() else { return };
        let Some(step) = play.tour.steps.get(index) else { return };
        for line in &step.lines {
            self.run_line(line);
        }
        self.selected = step.highlight.as_deref().and_then(split_highlight).map(|(kind, name)| match kind {
            "pvc" => Subject::Claim(name.to_string()),
            "sts" => Subject::Set(name.to_string()),
            _ => Subject::Pod(name.to_string()),
        });
        self.tour = Some(Rc::new(TourPlay { step: index, ..(*play).clone() }));
        self.redraw();
    }

    /// Runs every step of a bundled tour without its narration, then leaves the person in
    /// free play there.
    fn run_scenario(&mut self, name: &str, script: &str) {
        self.start_tour(name, script);
        let Some(play) = self.tour.clone() else { return };
        for index in 1..play.tour.steps.len() {
            self.show_step(index);
        }
        self.tour = None;
        self.selected = None;
        self.say(format!("Scenario {name:?} ran; free play from here."), false);
    }

    /// Replaces the run with the one `script` records, or says why it cannot.
    fn open_run(&mut self, script: &str) {
        match replay(script, &BundledFiles) {
            Ok(timeline) => {
                self.start_empty();
                self.timeline = Rc::new(RefCell::new(timeline));
                self.playing = false;
                self.redraw();
                let at = self.view.clock.clone();
                self.say(format!("Opened the shared run at {at}."), false);
            }
            Err(e) => self.say(format!("Could not open the run: {e}. The current run is kept."), true),
        }
    }

    /// Tells the person something that is not a command's output (undo, redo, a tour, a
    /// link), in the status line and the console.
    fn say(&mut self, text: String, error: bool) {
        self.push_entry(ConsoleEntry { command: String::new(), output: text.clone(), error });
        self.notice = Some(if error { Notice::Error(text) } else { Notice::Info(text) });
    }

    /// Runs one command line of the scenario language at the shown moment (forking the
    /// timeline if that is in the past), shows its output and redraws.
    fn run(&mut self, command: &str) {
        if let Some(refusal) = too_long(command) {
            return self.report(command, refusal, true);
        }
        let line = ScriptLine { number: 1, command: command.to_string(), heredoc: None, source: command.to_string() };
        self.run_line(&line);
    }

    /// Runs `line` (a command, perhaps with a here-document) as [`Playground::run`] does.
    fn run_line(&mut self, line: &ScriptLine) {
        let command = line.command.as_str();
        let result = match self.timeline.try_borrow_mut() {
            Ok(mut timeline) => timeline.act_scripted(command, &line.source, |sim| execute(sim, line, &BundledFiles)),
            Err(_) => return self.notice = Some(Notice::Error("the simulation is busy; try again".into())),
        };
        let (output, error) = match result {
            Ok(out) => {
                let error = is_error_output(&out);
                (out, error)
            }
            Err(e) => (format!("error: {}\n", e.reason), true),
        };
        self.report(command, output, error);
        self.redraw();
    }

    /// Shows what `command` printed, in the status line and the console.
    fn report(&mut self, command: &str, output: String, error: bool) {
        let shown = format!("$ {command}\n{}", output.trim_end());
        self.notice = Some(if error { Notice::Error(shown) } else { Notice::Info(shown) });
        self.push_entry(ConsoleEntry { command: command.to_string(), output, error });
    }

    /// Adds an entry to the console, keeping the last [`CONSOLE_KEPT`].
    fn push_entry(&mut self, entry: ConsoleEntry) {
        let console = Rc::make_mut(&mut self.console);
        console.entries.push(entry);
        console.added += 1;
        let extra = console.entries.len().saturating_sub(CONSOLE_KEPT);
        console.entries.drain(..extra);
    }

    /// Ends the tour; what it built stays, to play with.
    fn leave_tour(&mut self) {
        if let Some(play) = self.tour.take() {
            self.say(format!("Left the tour \"{}\": free play from here.", play.tour.title), false);
        }
    }

    /// Changes the timeline with `change` and redraws.
    fn on_timeline(&mut self, change: impl FnOnce(&mut Timeline)) {
        if let Ok(mut timeline) = self.timeline.try_borrow_mut() {
            change(&mut timeline);
        }
        self.redraw();
    }

    /// Draws the shown moment again: the picture, the timeline bar, the Why? sentence.
    fn redraw(&mut self) {
        let Ok(timeline) = self.timeline.try_borrow() else { return };
        self.view = Rc::new(ClusterView::of(timeline.sim()));
        let marks = timeline.marks().iter().map(|m| TimelineMark { at_ms: m.at.0, label: m.label.clone() }).collect();
        let time = TimelineView {
            now_ms: timeline.now().0,
            end_ms: timeline.end().0,
            marks,
            can_undo: timeline.can_undo(),
            can_redo: timeline.can_redo(),
        };
        if *self.time != time {
            self.time = Rc::new(time);
        }
        let cluster = timeline.sim().cluster();
        self.why = self.selected.as_ref().map(|s| match s {
            Subject::Pod(name) => sts_engine::explain::why_pod(cluster, name),
            Subject::Claim(name) => sts_engine::explain::why_claim(cluster, name),
            Subject::Set(name) => sts_engine::explain::why_set(cluster, name),
        });
    }

    /// Applies the editor's manifest if a trial on a copy of the cluster shows kubectl
    /// would accept every document; otherwise shows why, at its line, and applies nothing.
    fn apply_editor(&mut self) {
        let mut text = self.editor.text.clone();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let line = ScriptLine {
            number: 1,
            command: "kubectl apply -f -".into(),
            heredoc: Some(text.clone()),
            source: apply_heredoc(&text),
        };
        let trial = match self.timeline.try_borrow() {
            Ok(timeline) => execute(&mut timeline.sim().clone(), &line, &BundledFiles),
            Err(_) => return,
        };
        let refusal = match trial {
            Ok(out) => out.lines().find(|l| is_error_output(l)).map(String::from),
            Err(e) => Some(format!("error: {}", e.reason)),
        };
        let editor = Rc::make_mut(&mut self.editor);
        match refusal {
            Some(message) => {
                let at = sts_engine::error_location::locate(&text, &message);
                editor.error = Some(EditorError {
                    line: at.as_ref().map(|a| a.line),
                    field: at.and_then(|a| a.field),
                    message: message.clone(),
                });
                self.notice = Some(Notice::Error(format!("Not applied: {message}")));
            }
            None => {
                editor.error = None;
                self.run_line(&line);
            }
        }
    }

    /// Fills in what Tab can: the common start of every candidate for the last word.
    fn complete_input(&mut self) {
        let Ok(timeline) = self.timeline.try_borrow() else { return };
        let input = self.console.input.clone();
        let candidates = complete(timeline.sim().cluster(), &input);
        drop(timeline);
        let console = Rc::make_mut(&mut self.console);
        let typed = input.rsplit(char::is_whitespace).next().unwrap_or("");
        let head = &input[..input.len() - typed.len()];
        match candidates.as_slice() {
            [] => console.candidates.clear(),
            [only] => {
                console.input = format!("{head}{only} ");
                console.candidates.clear();
            }
            many => {
                let prefix = common_prefix(many);
                if prefix.len() > typed.len() {
                    console.input = format!("{head}{prefix}");
                }
                console.candidates = many.to_vec();
            }
        }
    }
}

impl Reducible for Playground {
    type Action = Intent;

    fn reduce(self: Rc<Self>, intent: Intent) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        // Borrowed from a second handle on the view: no copy of the set on every tick.
        let view = Rc::clone(&next.view);
        let commands = intent.commands(view.sets.iter().find(|s| s.name == SET_NAME));
        if !commands.is_empty() {
            for command in commands {
                next.run(&command);
            }
            return Rc::new(next);
        }
        match intent {
            Intent::Tick if next.playing => {
                let ms = u64::from(TICK_MS) * u64::from(next.speed) / 100;
                next.on_timeline(|t| t.advance(SimDuration::from_millis(ms)));
            }
            Intent::TogglePlay => next.playing = !next.playing,
            Intent::StepToNextChange => {
                let wait = next.timeline.try_borrow().ok().and_then(|t| t.next_change_at().map(|at| at.since(t.now())));
                match wait {
                    Some(by) => next.on_timeline(|t| t.advance(by)),
                    None => next.say("Nothing is scheduled: the cluster is settled.".into(), false),
                }
            }
            Intent::SetSpeed(speed) if SPEEDS.contains(&speed) => next.speed = speed,
            Intent::Reset => {
                let speed = next.speed;
                next = Playground::new(0);
                next.speed = speed;
            }
            Intent::Select(subject) => {
                next.selected = Some(subject);
                next.redraw();
            }
            Intent::ToggleHelp => next.help_open = !next.help_open,
            Intent::CloseHelp => next.help_open = false,
            Intent::Seek(ms) => {
                next.playing = false;
                next.on_timeline(|t| t.seek(SimTime(ms)));
            }
            Intent::Undo => {
                let mut undone = None;
                next.on_timeline(|t| undone = t.undo());
                if let Some(label) = undone {
                    next.say(format!("Undone: {label}"), false);
                }
            }
            Intent::Redo => {
                let mut redone = None;
                next.on_timeline(|t| redone = t.redo());
                if let Some(label) = redone {
                    next.say(format!("Redone: {label}"), false);
                }
            }
            Intent::ConsoleInput(text) => {
                let console = Rc::make_mut(&mut next.console);
                console.input = text;
                console.candidates.clear();
            }
            Intent::ConsoleComplete => next.complete_input(),
            Intent::ConsoleHistory(step) => {
                let console = Rc::make_mut(&mut next.console);
                let at = console.history_at.saturating_add_signed(step as isize).min(console.history.len());
                console.history_at = at;
                console.input = console.history.get(at).cloned().unwrap_or_default();
            }
            Intent::ConsoleSubmit => {
                let command = next.console.input.trim().to_string();
                let console = Rc::make_mut(&mut next.console);
                console.input.clear();
                console.candidates.clear();
                if !command.is_empty() {
                    if console.history.last() != Some(&command) {
                        console.history.push(command.clone());
                    }
                    console.history_at = console.history.len();
                    next.run(&command);
                }
            }
            Intent::EditorInput(text) => {
                let editor = Rc::make_mut(&mut next.editor);
                editor.text = text;
                editor.error = None;
            }
            Intent::EditorLoad(name) => {
                if let Some(text) = sts_engine::bundled::manifest(&name) {
                    next.editor = Rc::new(Editor { text: text.to_string(), error: None });
                }
            }
            Intent::EditorApply => next.apply_editor(),
            Intent::StartTour(name, script) => next.start_tour(&name, &script),
            Intent::TourNext => match next.tour.as_ref().map(|t| (t.step + 1, t.tour.steps.len())) {
                Some((step, count)) if step < count => next.show_step(step),
                Some(_) => next.leave_tour(),
                None => {}
            },
            Intent::TourBack => {
                if let Some(play) = next.tour.clone().filter(|t| t.step > 0) {
                    next.begin_tour(&play.name, play.tour.clone());
                    for step in 1..play.step {
                        next.show_step(step);
                    }
                }
            }
            Intent::LeaveTour => next.leave_tour(),
            Intent::OpenRun(script) => next.open_run(&script),
            Intent::Note(text, error) => next.say(text, error),
            Intent::RunCommand(command) => next.run(command.trim()),
            _ => {}
        }
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
    fn scaling_below_zero_shows_kubectl_s_error_and_keeps_the_state() {
        let mut p = Playground::new(0);
        p = reduce(p, Intent::ScaleBy(-2));
        assert_eq!(p.view.sets[0].desired, 0);
        let before = p.view.clone();
        p = reduce(p, Intent::ScaleBy(-1));
        assert_eq!(p.view, before);
        assert!(matches!(&p.notice, Some(Notice::Error(t)) if t.contains("COUNT must be greater than or equal to 0")));
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

    fn typed(mut p: Playground, command: &str) -> Playground {
        p = reduce(p, Intent::ConsoleInput(command.into()));
        reduce(p, Intent::ConsoleSubmit)
    }

    fn settled(mut p: Playground) -> Playground {
        for _ in 0..300 {
            p = reduce(p, Intent::Tick);
        }
        p
    }

    #[test]
    fn typing_a_command_does_exactly_what_its_button_does() {
        let clicked = reduce(settled(Playground::new(0)), Intent::DeletePod("web-1".into()));
        let typed = typed(settled(Playground::new(0)), "kubectl delete pod web-1");
        assert_eq!(typed.view, clicked.view);
        assert_eq!(typed.time, clicked.time);
        assert_eq!(typed.console.entries, clicked.console.entries);
        let last = typed.time.marks.last().map(|m| m.label.as_str());
        assert_eq!(last, Some("kubectl delete pod web-1"), "the action is on the timeline");
        assert_eq!(typed.console.entries.last().map(|e| e.output.as_str()), Some("pod \"web-1\" deleted\n"));
    }

    #[test]
    fn the_console_prints_kubectl_output_and_marks_errors() {
        let mut p = typed(settled(Playground::new(0)), "kubectl get pods");
        let entry = p.console.entries.last().cloned().unwrap_or_else(|| panic!("no entry"));
        assert!(
            entry.output.starts_with("NAME    READY   STATUS    RESTARTS   AGE\nweb-0   1/1     Running"),
            "{}",
            entry.output
        );
        assert!(!entry.error);
        let marks = p.time.marks.len();
        p = typed(p, "kubectl get pod web-9");
        let entry = p.console.entries.last().cloned().unwrap_or_else(|| panic!("no entry"));
        assert_eq!(entry.output, "Error from server (NotFound): pods \"web-9\" not found\n");
        assert!(entry.error);
        p = typed(p, "kubctl get pods");
        assert!(p.console.entries.last().is_some_and(|e| e.error && e.output.contains("unknown command")));
        assert_eq!(p.time.marks.len(), marks, "reads and mistakes leave no mark");
    }

    #[test]
    fn up_and_down_walk_the_history_and_tab_completes_names() {
        let mut p = typed(Playground::new(0), "kubectl get pods");
        p = typed(p, "kubectl get sts");
        p = reduce(p, Intent::ConsoleHistory(-1));
        assert_eq!(p.console.input, "kubectl get sts");
        p = reduce(p, Intent::ConsoleHistory(-1));
        p = reduce(p, Intent::ConsoleHistory(-1));
        assert_eq!(p.console.input, "kubectl get pods", "the oldest stays");
        p = reduce(p, Intent::ConsoleHistory(1));
        p = reduce(p, Intent::ConsoleHistory(1));
        assert_eq!(p.console.input, "", "past the newest is a new line");
        p = reduce(p, Intent::ConsoleInput("kubectl desc".into()));
        p = reduce(p, Intent::ConsoleComplete);
        assert_eq!(p.console.input, "kubectl describe ");
        p = reduce(settled(p), Intent::ConsoleInput("kubectl describe pod w".into()));
        p = reduce(p, Intent::ConsoleComplete);
        assert_eq!(p.console.input, "kubectl describe pod web-");
        assert_eq!(p.console.candidates, ["web-0", "web-1"]);
    }

    #[test]
    fn seeking_back_shows_the_past_and_acting_there_forks() {
        let mut p = settled(Playground::new(0));
        p = reduce(p, Intent::ScaleBy(1));
        p = settled(p);
        assert_eq!(p.view.sets[0].ready, 3);
        let end = p.time.end_ms;
        p = reduce(p, Intent::Seek(5_000));
        assert!(!p.playing, "seeking pauses");
        assert_eq!(p.view.time_ms, 5_000);
        assert!(p.view.sets[0].ready < 3);
        assert_eq!(p.time.end_ms, end, "the future is kept while only looking");
        p = reduce(p, Intent::DeletePod("web-0".into()));
        assert_eq!(p.time.end_ms, 5_000, "acting in the past discards the old future");
        assert!(p.time.marks.iter().all(|m| !m.label.contains("--replicas=3")));
        p = reduce(p, Intent::Undo);
        assert!(matches!(&p.notice, Some(Notice::Info(t)) if t == "Undone: kubectl delete pod web-0"));
        assert!(p.time.can_redo);
        p = reduce(p, Intent::Redo);
        assert_eq!(p.time.marks.last().map(|m| m.label.as_str()), Some("kubectl delete pod web-0"));
    }

    #[test]
    fn the_editor_applies_nothing_of_a_refused_manifest_and_points_at_the_line() {
        let mut p = settled(Playground::new(0));
        let bad =
            sts_engine::bundled::WEB_YAML.replace("replicas: 2", "replicas: -3").replace("name: web\n", "name: db\n");
        p = reduce(p, Intent::EditorInput(bad.clone()));
        let before = p.view.clone();
        let marks = p.time.marks.len();
        p = reduce(p, Intent::EditorApply);
        let error = p.editor.error.clone().unwrap_or_else(|| panic!("refused"));
        assert_eq!(error.field.as_deref(), Some("spec.replicas"));
        let line = bad.lines().position(|l| l.contains("replicas: -3")).map(|i| i + 1);
        assert_eq!(error.line, line);
        assert!(error.message.starts_with("The StatefulSet \"db\" is invalid: spec.replicas: Invalid value: -3"));
        assert_eq!(p.view, before, "the Service in the same file was not applied either");
        assert_eq!(p.time.marks.len(), marks);
        p = reduce(p, Intent::EditorInput(bad.replace("replicas: -3", "replicas: 1")));
        assert!(p.editor.error.is_none(), "editing clears the error");
        p = reduce(p, Intent::EditorApply);
        assert!(p.editor.error.is_none());
        assert_eq!(p.time.marks.last().map(|m| m.label.as_str()), Some("kubectl apply -f -"));
        assert!(p.view.sets.iter().any(|s| s.name == "db"));
        p = reduce(p, Intent::EditorLoad("web-deployment.yaml".into()));
        assert!(p.editor.text.contains("kind: Deployment"));
    }

    #[test]
    fn the_console_will_not_freeze_the_page_with_a_huge_advance() {
        let mut p = typed(Playground::new(0), "sim advance 1000000h");
        assert_eq!(p.view.time_ms, 0, "time did not move");
        let entry = p.console.entries.last().cloned().unwrap_or_else(|| panic!("an entry"));
        assert!(
            entry.error && entry.output.starts_with("error: the page moves time by at most 1h0m0s at once"),
            "{}",
            entry.output
        );
        p = typed(p, "sim advance 1h");
        assert_eq!(p.view.time_ms, 3_600_000);
        assert!(too_long("sim settle --timeout 2h").is_some());
        assert!(too_long("sim settle").is_none());
        assert!(too_long("kubectl get pods").is_none());
    }

    #[test]
    fn stepping_jumps_to_the_next_change() {
        let mut p = Playground::new(0);
        p = reduce(p, Intent::TogglePlay);
        p = reduce(p, Intent::StepToNextChange);
        assert!(p.view.time_ms > 0);
    }

    fn tour(name: &str) -> Intent {
        Intent::StartTour(name.into(), sts_engine::bundled::tour(name).unwrap_or_default().into())
    }

    #[test]
    fn a_tour_runs_its_steps_marks_their_objects_and_goes_back_exactly() {
        let mut p = reduce(Playground::new(0), tour("identity"));
        let play = p.tour.clone().unwrap_or_else(|| panic!("a tour"));
        assert_eq!((play.name.as_str(), play.step), ("identity", 0));
        assert!(play.tour.title.starts_with("Sticky identity"));
        assert_eq!(p.selected, Some(Subject::Set("web".into())));
        assert_eq!(p.console.entries.first().map(|e| e.command.as_str()), Some("kubectl apply -f web.yaml"));
        assert!(p.playing);
        let first = p.view.clone();
        p = reduce(p, Intent::TourNext);
        assert_eq!(p.tour.as_ref().map(|t| t.step), Some(1));
        assert_eq!(p.selected, Some(Subject::Pod("web-0".into())));
        assert_eq!(p.console.entries.last().map(|e| e.output.as_str()), Some("web-0\n"), "hostname ran");
        p = reduce(p, Intent::TourNext);
        assert_eq!(p.selected, Some(Subject::Claim("www-web-0".into())));
        p = reduce(p, Intent::TourBack);
        p = reduce(p, Intent::TourBack);
        assert_eq!(p.tour.as_ref().map(|t| t.step), Some(0));
        assert_eq!(p.view, first, "back shows the step as it was");
        let back = reduce(p.clone(), Intent::TourBack);
        assert_eq!(back.tour.as_ref().map(|t| t.step), Some(0), "nothing before the first step");
        p = reduce(p, Intent::LeaveTour);
        assert!(p.tour.is_none());
        assert_eq!(p.view, first, "leaving keeps the moment");
        assert!(matches!(&p.notice, Some(Notice::Info(t)) if t.starts_with("Left the tour")));
    }

    #[test]
    fn the_last_step_s_next_is_free_play_and_a_broken_tour_is_refused() {
        let mut p = reduce(Playground::new(0), tour("dns"));
        let count = p.tour.as_ref().map_or(0, |t| t.tour.steps.len());
        for _ in 0..count {
            p = reduce(p, Intent::TourNext);
        }
        assert!(p.tour.is_none(), "finished");
        let before = p.view.clone();
        p = reduce(p, Intent::StartTour("broken".into(), "# Tour: Broken\nsim say Hi\nkubectl frob\n".into()));
        assert!(
            matches!(&p.notice, Some(Notice::Error(t)) if t == "The tour \"broken\" cannot be read: line 3: kubectl frob is not simulated yet")
        );
        assert_eq!(p.view, before, "a tour that cannot be read changes nothing");
    }

    #[test]
    fn an_opened_run_shows_the_same_moment_and_a_bad_one_keeps_the_run() {
        let mut p = settled(Playground::new(0));
        p = reduce(p, Intent::DeletePod("web-1".into()));
        p = reduce(p, Intent::Tick);
        p = reduce(p, Intent::Seek(4_000));
        let script = p.recording();
        let opened = reduce(settled(Playground::new(0)), Intent::OpenRun(script));
        assert_eq!(opened.view, p.view);
        assert_eq!(opened.time, p.time);
        assert!(!opened.playing, "an opened run waits on its moment");
        let kept = opened.view.clone();
        let refused = reduce(opened, Intent::OpenRun("kubectl get pods\n".into()));
        assert_eq!(refused.view, kept);
        assert!(
            matches!(&refused.notice, Some(Notice::Error(t)) if t.starts_with("Could not open the run: this is not a StatefulSet Playground run"))
        );
    }

    #[test]
    fn the_address_chooses_the_start_and_its_mistakes_are_said() {
        use crate::page_options::parse;
        let p = Playground::from_options(
            &parse("tour=storage&speed=4&autoplay=0", ""),
            sts_engine::bundled::tour("storage"),
        );
        assert_eq!(p.tour.as_ref().map(|t| t.name.as_str()), Some("storage"));
        assert_eq!(p.speed, 400);
        assert!(!p.playing);
        let p = Playground::from_options(
            &parse("scenario=node-failure&zoom=3", ""),
            sts_engine::bundled::tour("node-failure"),
        );
        assert!(p.tour.is_none());
        assert!(p
            .console
            .entries
            .iter()
            .any(|e| e.error && e.output == "Ignored in the address: unknown option \"zoom\""));
        assert!(p.view.nodes.iter().any(|n| n.failed), "the scenario ran to its end");
        let p = Playground::from_options(&parse("", "#run=garbage!"), None);
        assert!(matches!(&p.notice, Some(Notice::Error(t)) if t.starts_with("Could not open the link")));
        assert_eq!(p.view.sets.first().map(|s| s.name.as_str()), Some("web"), "started fresh");
        let shared = crate::share::fragment(&settled(Playground::new(0)).recording());
        let p = Playground::from_options(&parse("", &format!("#{shared}")), None);
        assert!(matches!(&p.notice, Some(Notice::Info(t)) if t.starts_with("Opened the shared run at")));
    }
}
