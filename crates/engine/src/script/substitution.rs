//! The host shell's command substitution, `$(COMMAND)`, as the documentation's commands
//! use it (`kubectl drain $(kubectl get pod zk-0 --template {{.spec.nodeName}}) …`): the
//! inner command runs first and its output, without its trailing newlines, takes its
//! place in the line. Not inside single quotes, where the shell does not expand either.

/// Whether `text` has a `$(…)` the shell would expand.
pub fn has_substitution(text: &str) -> bool {
    find(text).is_some()
}

/// The byte range of the first `$(…)` outside single quotes, `$` to `)` inclusive.
fn find(text: &str) -> Option<(usize, usize)> {
    let mut single = false;
    for (i, c) in text.char_indices() {
        match c {
            '\'' => single = !single,
            '$' if !single && text[i + 1..].starts_with('(') => {
                let close = text[i..].find(')')?;
                return Some((i, i + close));
            }
            _ => {}
        }
    }
    None
}

/// `text` with every `$(…)` replaced by what `run` prints for the command inside.
pub fn expand<E>(text: &str, run: &mut dyn FnMut(&str) -> Result<String, E>) -> Result<String, E> {
    let mut out = String::new();
    let mut rest = text;
    while let Some((start, end)) = find(rest) {
        out.push_str(&rest[..start]);
        let printed = run(&rest[start + 2..end])?;
        out.push_str(printed.trim_end_matches('\n'));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inner_command_output_takes_its_place_without_its_newlines() {
        let mut ran = Vec::new();
        let mut run = |inner: &str| -> Result<String, ()> {
            ran.push(inner.to_string());
            Ok("node-2\n".into())
        };
        let line = "kubectl drain $(kubectl get pod zk-0 --template {{.spec.nodeName}}) --force";
        assert!(has_substitution(line));
        assert_eq!(expand(line, &mut run), Ok("kubectl drain node-2 --force".to_string()));
        assert_eq!(ran, ["kubectl get pod zk-0 --template {{.spec.nodeName}}"]);
        assert!(!has_substitution("kubectl exec web-0 -- sh -c 'echo $(hostname)'"), "single quotes keep it");
        assert!(!has_substitution("kubectl get pods"));
    }
}
