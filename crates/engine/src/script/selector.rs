//! Label selectors as `kubectl -l` writes them: `k=v`, `k==v`, `k!=v`, `k`, `!k`,
//! `k in (a,b)`, `k notin (a,b)`, joined by commas, all of which must hold. They are read
//! into the API's [`LabelSelector`], which does the matching (`k!=v` is `k notin (v)`).

use crate::api::meta::{LabelSelector, LabelSelectorRequirement};
use crate::label_validation;

/// Splits on commas that are not inside parentheses.
fn split_terms(text: &str) -> Vec<String> {
    let (mut terms, mut current, mut depth) = (Vec::new(), String::new(), 0);
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                terms.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    terms.push(current);
    terms.into_iter().map(|t| t.trim().to_string()).collect()
}

fn values(list: &str) -> Option<Vec<String>> {
    let inner = list.trim().strip_prefix('(')?.strip_suffix(')')?;
    Some(inner.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect())
}

fn requirement(key: &str, operator: &str, values: Vec<String>) -> LabelSelectorRequirement {
    LabelSelectorRequirement { key: key.trim().to_string(), operator: operator.into(), values }
}

/// A selector written as kubectl prints it (`metav1.FormatLabelSelector`):
/// `app=nginx,tier in (db,cache),!legacy`.
pub fn render_selector(selector: &LabelSelector) -> String {
    let mut parts: Vec<String> = selector.match_labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    for r in &selector.match_expressions {
        parts.push(match r.operator.as_str() {
            "In" => format!("{} in ({})", r.key, r.values.join(",")),
            "NotIn" => format!("{} notin ({})", r.key, r.values.join(",")),
            "Exists" => r.key.clone(),
            "DoesNotExist" => format!("!{}", r.key),
            other => format!("{} {other}", r.key),
        });
    }
    if parts.is_empty() {
        return "<none>".into();
    }
    parts.join(",")
}

/// Parses `text` into a selector; the error is worded as kubectl words it.
pub fn parse_selector(text: &str) -> Result<LabelSelector, String> {
    let mut selector = LabelSelector::default();
    for term in split_terms(text) {
        let bad = || format!("error: unable to parse requirement: found '{term}', expected: key[=value]");
        let req = if let Some((k, v)) = term.split_once("!=") {
            requirement(k, "NotIn", vec![v.trim().to_string()])
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            requirement(k, "In", vec![v.trim().to_string()])
        } else if let Some((k, list)) = term.split_once(" notin ") {
            requirement(k, "NotIn", values(list).ok_or_else(bad)?)
        } else if let Some((k, list)) = term.split_once(" in ") {
            requirement(k, "In", values(list).ok_or_else(bad)?)
        } else if let Some(k) = term.strip_prefix('!') {
            requirement(k, "DoesNotExist", vec![])
        } else if !term.is_empty() && !term.contains(char::is_whitespace) {
            requirement(&term, "Exists", vec![])
        } else {
            return Err(bad());
        };
        // The label parser validates each key and value it reads.
        let mut problems = std::iter::once((&req.key, label_validation::key_problems(&req.key)))
            .chain(req.values.iter().map(|v| (v, label_validation::value_problems(v))));
        if let Some((shown, problems)) = problems.find(|(_, p)| !p.is_empty()) {
            return Err(format!(
                "error: unable to parse requirement: <nil>: Invalid value: {shown:?}: {}",
                problems.join("; ")
            ));
        }
        selector.match_expressions.push(req);
    }
    Ok(selector)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::meta::StringMap;

    fn labels(pairs: &[(&str, &str)]) -> StringMap {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn reads_every_form_kubectl_accepts() {
        let s = parse_selector("app=nginx,tier!=db,env in (a, b),!legacy,zone").expect("parses");
        assert!(s.matches(&labels(&[("app", "nginx"), ("env", "b"), ("zone", "x")])));
        assert!(!s.matches(&labels(&[("app", "nginx"), ("env", "c"), ("zone", "x")])));
        assert!(!s.matches(&labels(&[("app", "nginx"), ("env", "a"), ("zone", "x"), ("legacy", "")])));
        assert!(!s.matches(&labels(&[("app", "nginx"), ("tier", "db"), ("env", "a"), ("zone", "x")])));
        assert!(parse_selector("app==nginx").expect("parses").matches(&labels(&[("app", "nginx")])));
        assert!(parse_selector("env notin (prod)").expect("parses").matches(&labels(&[])));
    }

    #[test]
    fn nonsense_is_refused_with_kubectls_words() {
        assert_eq!(
            parse_selector("app nginx"),
            Err("error: unable to parse requirement: found 'app nginx', expected: key[=value]".into())
        );
    }
}
