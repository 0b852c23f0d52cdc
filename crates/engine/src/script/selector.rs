//! Label selectors as `kubectl -l` writes them: `k=v`, `k==v`, `k!=v`, `k`, `!k`,
//! `k in (a,b)`, `k notin (a,b)`, joined by commas, all of which must hold.

use crate::api::meta::StringMap;

/// One requirement of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// The label has this value.
    Equals(String, String),
    /// The label is absent or has another value.
    NotEquals(String, String),
    /// The label is present.
    Exists(String),
    /// The label is absent.
    NotExists(String),
    /// The label has one of these values.
    In(String, Vec<String>),
    /// The label is absent or has none of these values.
    NotIn(String, Vec<String>),
}

/// A parsed selector: every requirement must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector(pub Vec<Requirement>);

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

impl Selector {
    /// Parses `text`; the error is worded as kubectl words it.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        for term in split_terms(text) {
            let bad = || format!("error: unable to parse requirement: found '{term}', expected: key[=value]");
            let req = if let Some((k, v)) = term.split_once("!=") {
                Requirement::NotEquals(k.trim().into(), v.trim().into())
            } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
                Requirement::Equals(k.trim().into(), v.trim().into())
            } else if let Some((k, list)) = term.split_once(" notin ") {
                Requirement::NotIn(k.trim().into(), values(list).ok_or_else(bad)?)
            } else if let Some((k, list)) = term.split_once(" in ") {
                Requirement::In(k.trim().into(), values(list).ok_or_else(bad)?)
            } else if let Some(k) = term.strip_prefix('!') {
                Requirement::NotExists(k.trim().into())
            } else if !term.is_empty() && !term.contains(char::is_whitespace) {
                Requirement::Exists(term.clone())
            } else {
                return Err(bad());
            };
            reqs.push(req);
        }
        Ok(Selector(reqs))
    }

    /// Whether `labels` satisfy every requirement.
    pub fn matches(&self, labels: &StringMap) -> bool {
        self.0.iter().all(|r| match r {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::NotExists(k) => !labels.contains_key(k),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> StringMap {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn reads_every_form_kubectl_accepts() {
        let s = Selector::parse("app=nginx,tier!=db,env in (a, b),!legacy,zone").expect("parses");
        assert!(s.matches(&labels(&[("app", "nginx"), ("env", "b"), ("zone", "x")])));
        assert!(!s.matches(&labels(&[("app", "nginx"), ("env", "c"), ("zone", "x")])));
        assert!(!s.matches(&labels(&[("app", "nginx"), ("env", "a"), ("zone", "x"), ("legacy", "")])));
        assert!(Selector::parse("app==nginx").expect("parses").matches(&labels(&[("app", "nginx")])));
        assert!(Selector::parse("env notin (prod)").expect("parses").matches(&labels(&[])));
    }

    #[test]
    fn nonsense_is_refused_with_kubectls_words() {
        assert_eq!(
            Selector::parse("app nginx"),
            Err("error: unable to parse requirement: found 'app nginx', expected: key[=value]".into())
        );
    }
}
