//! Splitting a command into words as a POSIX shell does for the simple cases scripts use:
//! whitespace separates words, single quotes keep everything literally, double quotes keep
//! spaces and allow `\"` and `\\`, a backslash outside quotes escapes one character, and a
//! `#` that begins a word starts a comment that runs to the end of the line (so a pasted
//! `kubectl exec web-0 -- cat /f   # before` runs without `# before`, as in a terminal).

/// Why a command could not be split into words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    /// A quote was opened and never closed.
    #[error("unterminated {0} quote")]
    Unterminated(&'static str),
}

/// Splits `command` into words.
pub fn split_words(command: &str) -> Result<Vec<String>, WordsError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '#' if !in_word => {
                // A comment: up to the end of the line, which still separates words.
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(WordsError::Unterminated("single")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err(WordsError::Unterminated("double")),
                        },
                        Some(c) => word.push(c),
                        None => return Err(WordsError::Unterminated("double")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        split_words(s).expect("splits")
    }

    #[test]
    fn splits_on_whitespace() {
        assert_eq!(w("kubectl  get   pods"), ["kubectl", "get", "pods"]);
    }

    #[test]
    fn quotes_keep_spaces_and_shell_characters() {
        assert_eq!(
            w("kubectl exec web-0 -- sh -c 'echo hi > /tmp/x'"),
            ["kubectl", "exec", "web-0", "--", "sh", "-c", "echo hi > /tmp/x"]
        );
        assert_eq!(w(r#"kubectl patch sts web -p '{"spec":{"replicas":3}}'"#)[5], r#"{"spec":{"replicas":3}}"#);
        assert_eq!(w(r#"echo "a \"b\" c""#), ["echo", r#"a "b" c"#]);
        assert_eq!(w(r"a\ b"), ["a b"]);
        assert_eq!(w("''"), [""]);
    }

    #[test]
    fn a_hash_that_begins_a_word_starts_a_comment() {
        assert_eq!(w("kubectl exec web-0 -- cat /f   # before"), ["kubectl", "exec", "web-0", "--", "cat", "/f"]);
        assert_eq!(w("# all of it"), Vec::<String>::new());
        assert_eq!(w("echo a#b '#' \"#\" \\# c"), ["echo", "a#b", "#", "#", "#", "c"]);
        assert_eq!(w("echo a # one\necho b"), ["echo", "a", "echo", "b"]);
        assert_eq!(w("echo 'it # stays' #gone 'quote"), ["echo", "it # stays"]);
    }

    #[test]
    fn unterminated_quotes_are_errors() {
        assert_eq!(split_words("echo 'abc"), Err(WordsError::Unterminated("single")));
        assert_eq!(split_words("echo \"abc"), Err(WordsError::Unterminated("double")));
    }
}
