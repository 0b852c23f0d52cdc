//! The host shell's `for NAME in WORDS; do COMMAND; ...; done`, as the Kubernetes
//! tutorials paste it (`for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done`):
//! the loop is unrolled into its commands, `$NAME` and `${NAME}` replaced outside single
//! quotes, as the shell expands them.

/// Why a `for` line could not be read.
const USAGE: &str = "a for loop is written: for NAME in WORDS; do COMMAND; done";

/// Why a loop may not hold `sim` lines: they move simulated time, which the page caps
/// line by line.
const KUBECTL_ONLY: &str = "a for loop runs kubectl commands; write sim lines on their own";

/// The line's top-level pieces between `;` (quotes kept, separators outside them only).
fn pieces(line: &str) -> Vec<&str> {
    let (mut out, mut start, mut quote) = (Vec::new(), 0, None);
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ';') => {
                out.push(line[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(line[start..].trim());
    out
}

/// The commands of a shell list, `A && B; C`, split where the shell splits them: outside
/// quotes and `$(…)`. (Every kubectl command succeeds as far as `&&` is concerned: the
/// next one runs.) A line with neither is one command.
pub fn list(line: &str) -> Vec<&str> {
    let (mut out, mut start, mut quote, mut depth) = (Vec::new(), 0, None, 0usize);
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match (quote, c) {
            (None, b'\'' | b'"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'(') if i > 0 && bytes[i - 1] == b'$' => depth += 1,
            (None, b')') if depth > 0 => depth -= 1,
            (None, b';') if depth == 0 => {
                out.push(line[start..i].trim());
                start = i + 1;
            }
            (None, b'&') if depth == 0 && bytes.get(i + 1) == Some(&b'&') => {
                out.push(line[start..i].trim());
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(line[start..].trim());
    out.retain(|c| !c.is_empty());
    out
}

/// `text` with `$name` and `${name}` replaced by `value` outside single quotes.
pub(crate) fn substitute(text: &str, name: &str, value: &str) -> String {
    let (mut out, mut single) = (String::new(), false);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c == '$' && !single {
            let braced = rest.strip_prefix('{').and_then(|r| r.strip_prefix(name)).and_then(|r| r.strip_prefix('}'));
            let plain =
                rest.strip_prefix(name).filter(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'));
            if let Some(after) = braced.or(plain) {
                out.push_str(value);
                rest = after;
                continue;
            }
        }
        single ^= c == '\'';
        out.push(c);
    }
    out
}

/// The commands `line` runs, in order, if it is a `for` loop; `None` for any other line.
pub fn unroll(line: &str) -> Option<Result<Vec<String>, String>> {
    let head = line.strip_prefix("for ")?;
    Some(unroll_loop(head))
}

fn unroll_loop(head: &str) -> Result<Vec<String>, String> {
    let parts = pieces(head);
    let (Some(header), Some((last, body))) = (parts.first(), parts.get(1..).and_then(<[&str]>::split_last)) else {
        return Err(USAGE.into());
    };
    let (name, words) = header.split_once(" in ").ok_or(USAGE)?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
        return Err(USAGE.into());
    }
    let words = crate::script::words::split_words(words).map_err(|e| e.to_string())?;
    let mut commands: Vec<&str> = body.to_vec();
    match commands.first_mut().and_then(|first| first.strip_prefix("do ")) {
        Some(first) => commands[0] = first,
        None => return Err(USAGE.into()),
    }
    if *last != "done" || commands.iter().any(|c| c.is_empty()) {
        return Err(USAGE.into());
    }
    if commands.iter().any(|c| c.split_whitespace().next() == Some("sim")) {
        return Err(KUBECTL_ONLY.into());
    }
    let mut out = Vec::new();
    for word in &words {
        out.extend(commands.iter().map(|c| substitute(c, name, word)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::unroll;

    #[test]
    fn a_loop_unrolls_into_its_commands_with_the_variable_expanded() {
        let line = "for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'echo $i ${i}'; kubectl get pod web-${i}; done";
        assert_eq!(
            unroll(line),
            Some(Ok(vec![
                "kubectl exec \"web-0\" -- sh -c 'echo $i ${i}'".to_string(),
                "kubectl get pod web-0".into(),
                "kubectl exec \"web-1\" -- sh -c 'echo $i ${i}'".into(),
                "kubectl get pod web-1".into(),
            ]))
        );
        assert_eq!(unroll("kubectl get pods"), None);
        assert_eq!(unroll("for i in 0 1; do echo $in $i_x; done"), Some(Ok(vec!["echo $in $i_x".into(); 2])));
    }

    #[test]
    fn a_list_splits_at_and_and_semicolons_outside_quotes_and_substitutions() {
        use super::list;
        assert_eq!(list("a=$(x; y) && b 'c; d' \"e && f\"; g"), ["a=$(x; y)", "b 'c; d' \"e && f\"", "g"]);
        assert_eq!(list("kubectl get pods"), ["kubectl get pods"]);
    }

    #[test]
    fn a_malformed_loop_says_how_one_is_written() {
        for bad in [
            "for i in 0 1",
            "for i in 0; kubectl get pods; done",
            "for i in 0; do kubectl get pods",
            "for i 0; do x; done",
        ] {
            assert_eq!(unroll(bad), Some(Err(super::USAGE.to_string())), "{bad}");
        }
        assert_eq!(unroll("for a-b in 0; do x; done"), Some(Err(super::USAGE.into())));
        assert_eq!(unroll("for i in 1 2; do sim advance 1h; done"), Some(Err(super::KUBECTL_ONLY.into())));
    }
}
