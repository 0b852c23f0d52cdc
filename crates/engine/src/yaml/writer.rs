//! Writing JSON values as YAML the way `kubectl get -o yaml` prints them: keys in order,
//! two-space indentation, sequences at their key's indentation, strings quoted only when
//! they would read back as something else, multi-line strings as `|` blocks.

use super::scalar::resolve_plain;
use serde_json::Value;

/// `value` as a YAML document.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, value, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, value, 0),
        other => {
            out.push_str(&scalar(other, 0));
            out.push('\n');
        }
    }
    out
}

fn write_map(out: &mut String, value: &Value, indent: usize) {
    let Value::Object(map) = value else { return };
    for (i, (key, v)) in map.iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&key_text(key, indent));
        out.push(':');
        write_value_after_key(out, v, indent);
    }
}

fn write_value_after_key(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(out, v, indent + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(out, v, indent);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other, indent + 2));
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, value: &Value, indent: usize) {
    let Value::Array(items) = value else { return };
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => write_map(out, item, indent + 2),
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                write_seq(out, item, indent + 2);
            }
            other => {
                out.push_str(&scalar(other, indent + 2));
                out.push('\n');
            }
        }
    }
}

fn scalar(v: &Value, indent: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s, indent),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
    }
}

/// Whether a string must be quoted to read back as the same string (including YAML 1.1
/// words and timestamps, which go-yaml would read as booleans and times).
fn needs_quotes(s: &str) -> bool {
    const V11: [&str; 16] =
        ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"];
    let first = s.chars().next();
    s.is_empty()
        || resolve_plain(s) != Value::String(s.to_string())
        || V11.contains(&s)
        || first.is_some_and(|c| "-?:,[]{}#&*!|>'\"%@` \t".contains(c))
        || s.ends_with([' ', ':', '\t'])
        || s.contains(": ")
        || s.contains(" #")
        || s.chars().any(|c| c.is_control())
        || (s.len() >= 10 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-')
}

/// A map key: as a string value, but never a `|` block, which cannot be a key (a key
/// with a line break in it is double-quoted instead; found by the fuzz test).
fn key_text(key: &str, indent: usize) -> String {
    match key.contains('\n') {
        true => serde_json::to_string(key).unwrap_or_default(),
        false => string(key, indent),
    }
}

fn string(s: &str, indent: usize) -> String {
    // A block needs a first line with text: one of only line breaks is quoted (found by
    // the fuzz test: `|` over nothing read back as "").
    // A block needs its first line to have text, and no line of only spaces (its
    // indentation would be read from it): such strings are quoted (found by the fuzz
    // test: `|` over nothing read back as "").
    let content = s.trim_end_matches('\n');
    let plain_lines = content.split('\n').all(|l| l.is_empty() || !l.trim_start_matches(' ').is_empty());
    let block = !content.is_empty() && !s.starts_with(['\n', ' ']) && plain_lines;
    if s.contains('\n') && block && !s.chars().any(|c| c.is_control() && c != '\n') {
        let chomp = match s.len() - s.trim_end_matches('\n').len() {
            0 => "-",
            1 => "",
            _ => "+",
        };
        let pad = " ".repeat(indent.max(2));
        let body: Vec<String> = s
            .trim_end_matches('\n')
            .split('\n')
            .map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") })
            .collect();
        let mut out = format!("|{chomp}\n{}", body.join("\n"));
        if chomp == "+" {
            out.push_str(&"\n".repeat(s.len() - s.trim_end_matches('\n').len() - 1));
        }
        return out;
    }
    if needs_quotes(s) {
        serde_json::to_string(s).unwrap_or_default()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A key with a line break is double-quoted (a `|` block cannot be a key), and reads
    /// back as the same key (found by the fuzz test).
    #[test]
    fn a_key_with_a_line_break_is_quoted() {
        let v = json!({"apiVersio\n": "v1", "kind": "a\nb", "k": "\n"});
        let written = to_yaml(&v);
        assert_eq!(written, "\"apiVersio\\n\": v1\nk: \"\\n\"\nkind: |-\n  a\n  b\n");
        assert_eq!(crate::yaml::read_documents(&written).ok().and_then(|d| d.into_iter().next()), Some(v));
    }

    /// `n` is quoted as go-yaml v2 (kubectl's printer) quotes YAML 1.1 booleans.
    #[test]
    fn writes_as_kubectl_prints() {
        let v = json!({
            "apiVersion": "v1",
            "items": [{"kind": "Pod", "metadata": {"labels": {"app": "nginx"}, "name": "web-0"}}],
            "metadata": {"resourceVersion": ""},
            "n": 3,
            "t": "2025-01-01T00:00:00Z",
            "b": "true",
            "e": {},
            "l": []
        });
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nb: \"true\"\ne: {}\nitems:\n- kind: Pod\n  metadata:\n    labels:\n      app: nginx\n    name: web-0\nl: []\nmetadata:\n  resourceVersion: \"\"\n\"n\": 3\nt: \"2025-01-01T00:00:00Z\"\n"
        );
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let v = json!({
            "a": ["x", ["y", "z"], {"k": "v", "m": [1, 2]}],
            "script": "#!/bin/bash\nset -ex\n",
            "strip": "no newline\nat end",
            "odd": "- dash",
            "colon": "a: b",
            "yes": "yes",
            "num": "10",
            "nul": null,
            "f": 1.5
        });
        let back = crate::yaml::read_documents(&to_yaml(&v)).expect("reads back");
        assert_eq!(back, vec![v]);
    }
}
