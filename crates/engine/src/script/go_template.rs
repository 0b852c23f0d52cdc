//! `kubectl get --template`: the part of Go's text/template that the documentation's
//! commands use: field paths (`{{.spec.nodeName}}`), variables (`{{$c.image}}`) and
//! `{{range $i, $c := .spec.containers}}…{{end}}` over a list, between literal text,
//! printed as Go prints the value (a string bare, a missing field as `<no value>`) and
//! with no newline after it, as kubectl prints a template.

use serde_json::Value;

/// One piece of a parsed template.
enum Piece<'a> {
    Text(&'a str),
    /// A value to print: `.a.b` or `$name.a.b`.
    Print(&'a str),
    /// `range [$index, $element :=] PATH` and the pieces up to its `end`.
    Range {
        index: Option<&'a str>,
        element: Option<&'a str>,
        path: &'a str,
        body: Vec<Piece<'a>>,
    },
}

/// `template` applied to `object`; what is not in the supported part is an error worded
/// as kubectl words a template it cannot parse.
pub fn render(template: &str, object: &Value) -> String {
    let fail = |why: String| format!("error: error parsing template {template}, template: output:1: {why}\n");
    let mut rest = template;
    let pieces = match parse(&mut rest, false) {
        Ok(p) if rest.is_empty() => p,
        Ok(_) => return fail("unexpected {{end}}".into()),
        Err(why) => return fail(why),
    };
    let mut out = String::new();
    let mut vars: Vec<(&str, Value)> = Vec::new();
    if let Err(why) = run(&pieces, object, &mut vars, &mut out) {
        return fail(why);
    }
    out
}

/// `-o jsonpath=PATH` for a path of plain fields between text (`{.spec.nodeName}`): the
/// same lookups as a template, but a missing field is kubectl's error, as JSONPath has
/// no `<no value>`.
pub fn render_jsonpath(path: &str, object: &Value) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return format!("error: error parsing jsonpath {path}, unclosed action\n");
        };
        let fields = rest[open + 1..open + close].trim().trim_start_matches('.');
        let mut value = object;
        for field in fields.split('.').filter(|f| !f.is_empty()) {
            match value.get(field) {
                Some(v) => value = v,
                None => {
                    return format!(
                        "error: error executing jsonpath {path:?}: Error executing template: {field} is not found.\n"
                    )
                }
            }
        }
        match value {
            Value::String(s) => out.push_str(s),
            other => out.push_str(&other.to_string()),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Parses pieces until the end of the text, or (`in_range`) up to and past an `{{end}}`.
fn parse<'a>(rest: &mut &'a str, in_range: bool) -> Result<Vec<Piece<'a>>, String> {
    let mut pieces = Vec::new();
    loop {
        let Some(open) = rest.find("{{") else {
            if in_range {
                return Err("unexpected EOF".into());
            }
            pieces.push(Piece::Text(rest));
            *rest = "";
            return Ok(pieces);
        };
        pieces.push(Piece::Text(&rest[..open]));
        let close = rest[open..].find("}}").ok_or("unclosed action")?;
        let action = rest[open + 2..open + close].trim();
        *rest = &rest[open + close + 2..];
        if action == "end" {
            return if in_range { Ok(pieces) } else { Err("unexpected {{end}}".into()) };
        }
        if let Some(range) = action.strip_prefix("range ") {
            let (vars, path) = match range.split_once(":=") {
                Some((vars, path)) => (Some(vars), path.trim()),
                None => (None, range.trim()),
            };
            let names: Vec<&str> = vars.map(|v| v.split(',').map(str::trim).collect()).unwrap_or_default();
            let (index, element) = match names[..] {
                [] => (None, None),
                [e] => (None, Some(e)),
                [i, e] => (Some(i), Some(e)),
                _ => return Err("too many declarations in range".into()),
            };
            let body = parse(rest, true)?;
            pieces.push(Piece::Range { index, element, path, body });
        } else if action.starts_with('.') || action.starts_with('$') {
            pieces.push(Piece::Print(action));
        } else {
            let name = action.split_whitespace().next().unwrap_or(action);
            return Err(format!("function {name:?} not defined"));
        }
    }
}

/// The value of `.a.b` (from `dot`) or `$v.a.b` (from the variable `v`).
fn lookup(path: &str, dot: &Value, vars: &[(&str, Value)]) -> Result<Value, String> {
    let (start, fields) = match path.strip_prefix('$') {
        Some(rest) => {
            let (name, fields) = rest.split_once('.').unwrap_or((rest, ""));
            let var = format!("${name}");
            let value = vars
                .iter()
                .rev()
                .find(|(n, _)| *n == var)
                .map(|(_, v)| v)
                .ok_or(format!("undefined variable \"{var}\""))?;
            (value, fields)
        }
        None => (dot, path.trim_start_matches('.')),
    };
    let found = fields.split('.').filter(|f| !f.is_empty()).try_fold(start, |v, field| v.get(field));
    Ok(found.cloned().unwrap_or(Value::Null))
}

fn run<'a>(
    pieces: &[Piece<'a>],
    dot: &Value,
    vars: &mut Vec<(&'a str, Value)>,
    out: &mut String,
) -> Result<(), String> {
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Print(path) => match lookup(path, dot, vars)? {
                Value::Null => out.push_str("<no value>"),
                Value::String(s) => out.push_str(&s),
                other => out.push_str(&other.to_string()),
            },
            Piece::Range { index, element, path, body } => {
                let list = match lookup(path, dot, vars)? {
                    Value::Array(items) => items,
                    Value::Null => Vec::new(),
                    _ => return Err(format!("range can't iterate over {path}")),
                };
                for (i, item) in list.iter().enumerate() {
                    let depth = vars.len();
                    if let Some(index) = index {
                        vars.push((index, Value::from(i)));
                    }
                    if let Some(element) = element {
                        vars.push((element, item.clone()));
                    }
                    run(body, item, vars, out)?;
                    vars.truncate(depth);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn field_paths_print_their_values_between_the_text() {
        let pod = serde_json::json!({"spec": {"nodeName": "node-2", "terminationGracePeriodSeconds": 10}});
        assert_eq!(render("{{.spec.nodeName}}", &pod), "node-2");
        assert_eq!(
            render("on {{ .spec.nodeName }} after {{.spec.terminationGracePeriodSeconds}}s", &pod),
            "on node-2 after 10s"
        );
        assert_eq!(render("{{.spec.missing}}", &pod), "<no value>");
        assert!(render("{{len .spec}}", &pod).starts_with("error: error parsing template"));
        assert!(render("{{.spec", &pod).contains("unclosed action"));
        assert!(render("{{end}}", &pod).contains("unexpected {{end}}"));
    }

    /// The basic tutorial's `{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}`.
    #[test]
    fn range_binds_the_index_and_the_element() {
        let pod = serde_json::json!({"spec": {"containers": [{"image": "a:1"}, {"image": "b:2"}]}});
        assert_eq!(render("{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}", &pod), "a:1b:2");
        assert_eq!(render("{{range $i, $c := .spec.containers}}{{$i}}={{$c.image}} {{end}}", &pod), "0=a:1 1=b:2 ");
        assert_eq!(render("{{range .spec.containers}}[{{.image}}]{{end}}", &pod), "[a:1][b:2]");
        assert!(render("{{range .spec.containers}}{{.image}}", &pod).contains("unexpected EOF"));
        assert!(render("{{$x.image}}", &pod).contains("undefined variable \"$x\""));
    }
}
