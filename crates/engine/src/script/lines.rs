//! Splitting a script into commands: one per line, `#` comments and blank lines skipped,
//! a trailing `\` joining the next line, and heredocs (`<<EOF` … `EOF`) whose body is
//! taken verbatim, as the scenario language defines them.

/// One command of a script, with the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptLine {
    /// The 1-based line number where the command starts.
    pub number: usize,
    /// The command, continuation lines joined with a space.
    pub command: String,
    /// The heredoc body, if the command has one, verbatim, with a final newline.
    pub heredoc: Option<String>,
    /// Everything the command occupied in the script, verbatim (for echoing).
    pub source: String,
}

/// Why a script could not be split into commands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct LineError {
    /// The 1-based line of the problem.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// The heredoc terminator a command asks for (`<<EOF`, `<< EOF`, `<<'EOF'`, `<<"EOF"`).
fn heredoc_terminator(command: &str) -> Option<String> {
    let at = command.find("<<")?;
    let rest = command[at + 2..].trim_start().trim_start_matches('-');
    let word: String = rest.split_whitespace().next()?.to_string();
    let word = word.trim_matches(|c| c == '\'' || c == '"').to_string();
    (!word.is_empty()).then_some(word)
}

/// Removes the `<<WORD` part from a command line.
fn strip_heredoc(command: &str) -> String {
    match command.find("<<") {
        Some(at) => {
            let rest = command[at + 2..].trim_start();
            let after = rest.split_once(char::is_whitespace).map_or("", |(_, r)| r);
            format!("{} {}", command[..at].trim_end(), after).trim().to_string()
        }
        None => command.to_string(),
    }
}

/// Splits `script` into commands.
pub fn split_lines(script: &str) -> Result<Vec<ScriptLine>, LineError> {
    let lines: Vec<&str> = script.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let number = i + 1;
        let trimmed = lines[i].trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let mut command = String::new();
        let mut source = String::new();
        loop {
            let Some(line) = lines.get(i) else {
                return Err(LineError { line: i, reason: "the script ends inside a continued line".into() });
            };
            source.push_str(line);
            source.push('\n');
            i += 1;
            match line.trim_end().strip_suffix('\\') {
                Some(head) => {
                    command.push_str(head.trim());
                    command.push(' ');
                }
                None => {
                    command.push_str(line.trim());
                    break;
                }
            }
        }
        let mut heredoc = None;
        if let Some(word) = heredoc_terminator(&command) {
            let mut body = String::new();
            loop {
                let Some(line) = lines.get(i) else {
                    return Err(LineError {
                        line: number,
                        reason: format!("here-document not terminated by {word:?}"),
                    });
                };
                source.push_str(line);
                source.push('\n');
                i += 1;
                if line.trim() == word {
                    break;
                }
                body.push_str(line);
                body.push('\n');
            }
            heredoc = Some(body);
            command = strip_heredoc(&command);
        }
        out.push(ScriptLine { number, command: command.trim().to_string(), heredoc, source });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let lines = split_lines("# setup\n\nsim seed 3\n  # indented comment\nsim advance 1s\n").expect("ok");
        assert_eq!(
            lines.iter().map(|l| (l.number, l.command.as_str())).collect::<Vec<_>>(),
            [(3, "sim seed 3"), (5, "sim advance 1s")]
        );
    }

    #[test]
    fn a_trailing_backslash_continues_the_line() {
        let lines = split_lines("kubectl scale sts web \\\n  --replicas=3\nsim advance 1s\n").expect("ok");
        assert_eq!(lines[0].command, "kubectl scale sts web --replicas=3");
        assert_eq!(lines[0].number, 1);
        assert_eq!(lines[1].number, 3);
    }

    #[test]
    fn heredoc_bodies_are_verbatim() {
        let script = "kubectl apply -f - <<EOF\n# not a comment\n\nkind: Service \\\nEOF\nsim advance 1s\n";
        let lines = split_lines(script).expect("ok");
        assert_eq!(lines[0].command, "kubectl apply -f -");
        assert_eq!(lines[0].heredoc.as_deref(), Some("# not a comment\n\nkind: Service \\\n"));
        assert_eq!(lines[0].source, "kubectl apply -f - <<EOF\n# not a comment\n\nkind: Service \\\nEOF\n");
        assert_eq!(lines[1].number, 6);
    }

    #[test]
    fn quoted_terminators_work() {
        let lines = split_lines("kubectl apply -f - <<'END'\na: b\nEND\n").expect("ok");
        assert_eq!(lines[0].heredoc.as_deref(), Some("a: b\n"));
    }

    #[test]
    fn an_unterminated_heredoc_names_its_line() {
        let err = split_lines("sim seed 1\nkubectl apply -f - <<EOF\nkind: x\n").expect_err("bad");
        assert_eq!(err.to_string(), "line 2: here-document not terminated by \"EOF\"");
    }
}
