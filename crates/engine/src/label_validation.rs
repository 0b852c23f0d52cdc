//! Label keys and values as the API server checks them (`ValidateLabels`: a key is a
//! qualified name, `[PREFIX/]NAME`; a value is empty or a short name), with its wording.

use crate::api::meta::StringMap;
use crate::error::{FieldError, FieldProblem};
use crate::validation::{is_dns1123_subdomain, DNS1123_SUBDOMAIN_MESSAGE};

const NAME_PART: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const TOO_LONG: &str = "must be no more than 63 characters";

/// Whether `s` is 1 to 63 of `[-A-Za-z0-9_.]` with an alphanumeric character at both ends.
fn is_short_name(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_alphanumeric();
    b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter().all(|c| alnum(c) || matches!(c, b'-' | b'_' | b'.'))
}

/// What is wrong with label key `key`, each rule in the API server's words.
pub fn key_problems(key: &str) -> Vec<String> {
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    let mut out = Vec::new();
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            out.push("prefix part must be non-empty".to_string());
        } else if !is_dns1123_subdomain(prefix) {
            out.push(format!("prefix part {DNS1123_SUBDOMAIN_MESSAGE}"));
        }
    }
    if name.is_empty() {
        out.push("name part must be non-empty".into());
    } else {
        if name.len() > 63 {
            out.push(format!("name part {TOO_LONG}"));
        }
        if !is_short_name(name) {
            out.push(NAME_PART.into());
        }
    }
    out
}

/// What is wrong with label value `value`.
pub fn value_problems(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    if value.len() > 63 {
        out.push(TOO_LONG.to_string());
    }
    if !value.is_empty() && !is_short_name(value) {
        out.push(VALUE.into());
    }
    out
}

/// The errors of the labels `labels` at field `field` (`metadata.labels`).
pub fn label_errors(field: &str, labels: &StringMap) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (k, v) in labels {
        for (shown, problems) in [(k, key_problems(k)), (v, value_problems(v))] {
            if !problems.is_empty() {
                let problem = FieldProblem::Invalid { value: format!("{shown:?}"), detail: problems.join("; ") };
                errors.push(FieldError { field: field.into(), problem });
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_qualified_names_and_values_short_names() {
        for good in ["app", "app.kubernetes.io/name", "a_b.c-d", "X9"] {
            assert!(key_problems(good).is_empty(), "{good}");
        }
        assert_eq!(key_problems("bad key!"), [NAME_PART]);
        assert_eq!(key_problems("/x"), ["prefix part must be non-empty"]);
        assert_eq!(key_problems("a/"), ["name part must be non-empty"]);
        assert_eq!(key_problems(&"k".repeat(64)), ["name part must be no more than 63 characters"]);
        assert!(value_problems("").is_empty() && value_problems("MyValue").is_empty());
        assert_eq!(value_problems("not ok!"), [VALUE]);
        assert_eq!(value_problems(&"v".repeat(64)), [TOO_LONG]);
    }
}
