//! A run on the timeline written as a script of the scenario language, and read back.
//!
//! A run is a pure function of its seed and its actions, so the script that says "this
//! seed, this command at this moment, then that one" rebuilds it exactly: the page puts it
//! in a link (compressed) and in an exported file, and the headless runner can run the
//! same file. Two comment lines the language ignores say what the page needs besides:
//!
//! ```text
//! # StatefulSet Playground run, format 1
//! # shown at 25s300ms
//! sim seed 0
//! kubectl apply -f web.yaml
//! sim advance 12s
//! kubectl scale sts web --replicas=3
//! sim advance 40s
//! ```
//!
//! Reading a script that is not such a run, or one too long to replay in a page, is an
//! error that says so; nothing is half-built.

use crate::script::command::{parse_command, Command};
use crate::script::console::{execute, ManifestFiles};
use crate::script::lines::{split_lines, ScriptLine};
use crate::script::words::split_words;
use crate::simulation::Simulation;
use crate::time::{SimDuration, SimTime};
use crate::timeline::Timeline;

/// The first line of every recorded run; the number moves when the format changes.
pub const HEADER: &str = "# StatefulSet Playground run, format 1";

/// What every header starts with, whatever its format number.
const HEADER_START: &str = "# StatefulSet Playground run, format ";

/// The second line's start: the moment shown when the run was recorded.
const SHOWN_AT: &str = "# shown at ";

/// The most simulated time a recorded run may span: replaying more would keep a page busy
/// for too long.
pub const MAX_SPAN: SimDuration = SimDuration::from_secs(24 * 3600);

/// The most commands a recorded run may hold.
pub const MAX_COMMANDS: usize = 2_000;

/// Why a text could not be read as a recorded run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordingError {
    /// The text does not start with [`HEADER`]'s words at all.
    #[error("this is not a StatefulSet Playground run: its first line should be \"{HEADER}\"")]
    NotARun,
    /// The run was written in another format (another build of the playground).
    #[error("this run was saved in format {0}, which this build of the playground cannot read (it reads format 1)")]
    Format(String),
    /// The second line does not say which moment was shown.
    #[error("line 2: expected \"{SHOWN_AT}DURATION\", such as \"{SHOWN_AT}12s\"")]
    ShownAt,
    /// The first command is not `sim seed N`.
    #[error("line {0}: a recorded run starts with \"sim seed N\"")]
    NoSeed(usize),
    /// A line could not be read or run.
    #[error("line {line}: {reason}")]
    Line {
        /// The 1-based line.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The run holds more than the page replays.
    #[error("the run is too long to replay here: at most {MAX_COMMANDS} commands and 24h of simulated time")]
    TooLong,
}

/// A duration as the scenario language reads it back exactly: `0s`, `250ms`, `1m30s`,
/// `12s300ms`.
pub fn script_duration(d: SimDuration) -> String {
    let ms = d.as_millis();
    let parts = [(ms / 3_600_000, "h"), ((ms / 60_000) % 60, "m"), ((ms / 1000) % 60, "s"), (ms % 1000, "ms")];
    let text: String = parts.iter().filter(|(n, _)| *n > 0).map(|(n, unit)| format!("{n}{unit}")).collect();
    if text.is_empty() {
        "0s".into()
    } else {
        text
    }
}

/// The run on `timeline` as a script: its seed, every action of the current future at its
/// moment, time passing up to the latest moment recorded, and the moment shown.
pub fn record(timeline: &Timeline) -> String {
    let mut out = format!(
        "{HEADER}\n{SHOWN_AT}{}\nsim seed {}\n",
        script_duration(timeline.now().since(SimTime(0))),
        timeline.seed()
    );
    let mut at = timeline.start();
    let advance_to = |out: &mut String, at: &mut SimTime, to: SimTime| {
        if to > *at {
            out.push_str(&format!("sim advance {}\n", script_duration(to.since(*at))));
            *at = to;
        }
    };
    for mark in timeline.marks() {
        advance_to(&mut out, &mut at, mark.at);
        out.push_str(mark.script.trim_end_matches('\n'));
        out.push('\n');
        at = at.max(mark.done);
    }
    advance_to(&mut out, &mut at, timeline.end());
    out
}

/// The moment the second line names.
fn shown_at(text: &str) -> Result<SimTime, RecordingError> {
    let line = text.lines().nth(1).ok_or(RecordingError::ShownAt)?;
    let d = line.strip_prefix(SHOWN_AT).ok_or(RecordingError::ShownAt)?;
    SimDuration::parse(d).map(|d| SimTime(d.as_millis())).map_err(|_| RecordingError::ShownAt)
}

/// Rebuilds the run `text` records: a timeline with the same actions at the same moments,
/// showing the moment it showed. Manifests named with `-f` are read from `files`.
pub fn replay(text: &str, files: &dyn ManifestFiles) -> Result<Timeline, RecordingError> {
    let first = text.lines().next().unwrap_or("").trim_end();
    if first != HEADER {
        return Err(match first.strip_prefix(HEADER_START) {
            Some(format) => RecordingError::Format(format.to_string()),
            None => RecordingError::NotARun,
        });
    }
    let shown = shown_at(text)?;
    let lines = split_lines(text).map_err(|e| RecordingError::Line { line: e.line, reason: e.reason })?;
    if lines.len() > MAX_COMMANDS {
        return Err(RecordingError::TooLong);
    }
    let (seed, rest) = match lines.split_first() {
        Some((line, rest)) => match parsed(line)? {
            Command::Seed(seed) => (seed, rest),
            _ => return Err(RecordingError::NoSeed(line.number)),
        },
        None => return Err(RecordingError::NoSeed(3)),
    };
    let mut timeline = Timeline::new(Simulation::new(seed));
    let mut span = SimDuration::ZERO;
    for line in rest {
        // A `for` loop (kubectl commands only) is read when it runs.
        let command = match crate::script::shell_loop::unroll(&line.command) {
            Some(_) => None,
            None => Some(parsed(line)?),
        };
        if let Some(Command::Advance(by) | Command::Settle(by)) = command {
            span = SimDuration(span.0.saturating_add(by.0));
            if span > MAX_SPAN {
                return Err(RecordingError::TooLong);
            }
        }
        if let Some(Command::Advance(by)) = command {
            timeline.advance(by);
            continue;
        }
        timeline
            .act_scripted(&line.command, &line.source, |sim| execute(sim, line, files))
            .map_err(|e| RecordingError::Line { line: e.line, reason: e.reason })?;
    }
    if shown < timeline.end() {
        timeline.seek(shown);
    }
    Ok(timeline)
}

/// The command `line` says, or why it cannot be read.
fn parsed(line: &ScriptLine) -> Result<Command, RecordingError> {
    let fail = |reason: String| RecordingError::Line { line: line.number, reason };
    let words = split_words(&line.command).map_err(|e| fail(e.to_string()))?;
    parse_command(&words).map_err(fail)
}

/// The script that applies `manifest` as `kubectl apply -f -` with a here-document, its
/// terminator chosen so that no line of the manifest ends it early.
pub fn apply_heredoc(manifest: &str) -> String {
    let mut end = "EOF".to_string();
    while manifest.lines().any(|l| l == end) {
        end.push('_');
    }
    let newline = if manifest.ends_with('\n') { "" } else { "\n" };
    format!("kubectl apply -f - <<{end}\n{manifest}{newline}{end}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_back_exactly() {
        for ms in [0, 1, 999, 1000, 12_300, 61_000, 3_600_000, 3_723_004, 90_061_001] {
            let text = script_duration(SimDuration(ms));
            assert_eq!(SimDuration::parse(&text), Ok(SimDuration(ms)), "{text}");
        }
        assert_eq!(script_duration(SimDuration(12_300)), "12s300ms");
        assert_eq!(script_duration(SimDuration(90_000)), "1m30s");
    }

    #[test]
    fn a_heredoc_terminator_never_ends_the_manifest_early() {
        assert_eq!(apply_heredoc("a: 1\n"), "kubectl apply -f - <<EOF\na: 1\nEOF\n");
        assert_eq!(apply_heredoc("EOF\nb: 2"), "kubectl apply -f - <<EOF_\nEOF\nb: 2\nEOF_\n");
    }
}
