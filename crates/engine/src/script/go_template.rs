//! `kubectl get --template`: the part of Go's text/template that the documentation's
//! commands use, field paths such as `{{.spec.nodeName}}` between literal text, printed
//! as Go prints the value (a string bare, a missing field as `<no value>`) and with no
//! newline after it, as kubectl prints a template.

use serde_json::Value;

/// `template` applied to `object`; an action that is not a field path is an error worded
/// as kubectl words a template it cannot run.
pub fn render(template: &str, object: &Value) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find("}}") else {
            return format!("error: error parsing template {template}, template: output:1: unclosed action\n");
        };
        let action = rest[open + 2..open + close].trim();
        let Some(path) = action.strip_prefix('.') else {
            return format!(
                "error: error parsing template {template}, template: output:1: function {action:?} not defined\n"
            );
        };
        let found = path.split('.').filter(|f| !f.is_empty()).try_fold(object, |v, field| v.get(field));
        match found {
            None | Some(Value::Null) => out.push_str("<no value>"),
            Some(Value::String(s)) => out.push_str(s),
            Some(other) => out.push_str(&other.to_string()),
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
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
    }
}
