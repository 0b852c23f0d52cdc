//! Guided tours: a script of the scenario language cut into steps by its `sim say` lines.
//!
//! A tour file starts with a `# Tour: TITLE` line. Every `sim say [--highlight KIND/NAME]
//! TEXT` begins a step: the narration and the object to mark, then the commands that the
//! step runs when it is shown. Commands before the first `sim say` run with the first
//! step. Because a tour is an ordinary script, `sts-run tours/NAME.sts` plays it headless
//! and the tests run every bundled tour end to end.

use crate::script::command::{parse_command, Command};
use crate::script::lines::{split_lines, LineError, ScriptLine};
use crate::script::words::split_words;

/// What a tour file's first line starts with.
const TITLE: &str = "# Tour: ";

/// A tour, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tour {
    /// What the tour teaches, from its first line.
    pub title: String,
    /// Its steps, in order; never empty.
    pub steps: Vec<TourStep>,
}

/// One step of a tour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TourStep {
    /// What the narrator says.
    pub narration: String,
    /// The object the picture marks, as `pod/NAME`, `pvc/NAME` or `sts/NAME`.
    pub highlight: Option<String>,
    /// The commands the step runs, in order (not the `sim say` line itself).
    pub lines: Vec<ScriptLine>,
}

/// Reads `text` as a tour.
pub fn parse_tour(text: &str) -> Result<Tour, LineError> {
    let title = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix(TITLE))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| LineError { line: 1, reason: format!("a tour starts with \"{TITLE}TITLE\"") })?;
    let mut steps: Vec<TourStep> = Vec::new();
    let mut before_first = Vec::new();
    for line in split_lines(text)? {
        let words = split_words(&line.command).map_err(|e| LineError { line: line.number, reason: e.to_string() })?;
        let command = parse_command(&words).map_err(|reason| LineError { line: line.number, reason })?;
        match (command, steps.last_mut()) {
            (Command::Say { text, highlight }, _) => {
                let lines = std::mem::take(&mut before_first);
                steps.push(TourStep { narration: text, highlight, lines });
            }
            (_, Some(step)) => step.lines.push(line),
            (_, None) => before_first.push(line),
        }
    }
    if steps.is_empty() {
        return Err(LineError { line: 1, reason: "a tour needs at least one \"sim say TEXT\" step".into() });
    }
    Ok(Tour { title: title.to_string(), steps })
}

/// Splits a highlight such as `pod/web-1` into its kind word and name.
pub fn split_highlight(highlight: &str) -> Option<(&str, &str)> {
    highlight.split_once('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_begin_at_each_say_and_setup_joins_the_first() {
        let tour = parse_tour(
            "# Tour: Sticky identity\nkubectl apply -f web.yaml\nsim say Two pods.\nsim settle\n\
             sim say --highlight pod/web-1 'Delete web-1.'\nkubectl delete pod web-1\n",
        )
        .expect("a tour");
        assert_eq!(tour.title, "Sticky identity");
        assert_eq!(tour.steps.len(), 2);
        let commands = |i: usize| tour.steps[i].lines.iter().map(|l| l.command.as_str()).collect::<Vec<_>>();
        assert_eq!(commands(0), ["kubectl apply -f web.yaml", "sim settle"]);
        assert_eq!(tour.steps[1].narration, "Delete web-1.");
        assert_eq!(tour.steps[1].highlight.as_deref(), Some("pod/web-1"));
        assert_eq!(commands(1), ["kubectl delete pod web-1"]);
    }

    #[test]
    fn a_tour_needs_a_title_and_a_step_and_names_bad_lines() {
        assert_eq!(parse_tour("sim say Hi\n").map_err(|e| e.line), Err(1));
        assert!(parse_tour("# Tour: T\nkubectl get pods\n").is_err_and(|e| e.reason.contains("at least one")));
        let bad = parse_tour("# Tour: T\nsim say Hi\nkubectl frobnicate\n").expect_err("refused");
        assert_eq!(bad.line, 3);
    }
}
