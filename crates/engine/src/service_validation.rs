//! Validation of a Service, as the API server runs it (`ValidateService`) for the fields
//! the playground keeps: the name, the type, and each port's name, number and protocol.

use crate::api::Service;
use crate::error::{FieldError, FieldProblem};
use crate::validation::one_of;

const DNS1035_MESSAGE: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/// Whether `s` is a DNS-1035 label's shape: `[a-z]([-a-z0-9]*[a-z0-9])?`.
fn has_dns1035_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_lowercase)
        && b.last().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// What is wrong with port name `name` (`IsValidPortName`), in the API server's words.
fn port_name_problems(name: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if name.len() > 15 {
        out.push("must be no more than 15 characters");
    }
    if !name.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-') {
        out.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if name.contains("--") {
        out.push("must not contain consecutive hyphens");
    }
    if !name.bytes().any(|c| c.is_ascii_lowercase()) {
        out.push("must contain at least one letter (a-z)");
    }
    if name.starts_with('-') || name.ends_with('-') {
        out.push("must not begin or end with a hyphen");
    }
    out
}

fn invalid(field: String, value: String, detail: &str) -> FieldError {
    FieldError { field, problem: FieldProblem::Invalid { value, detail: detail.into() } }
}

/// Validates a Service for creation or update; an empty list means valid.
pub fn validate_service(svc: &Service) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let name = &svc.metadata.name;
    if name.is_empty() {
        errors.push(FieldError { field: "metadata.name".into(), problem: FieldProblem::Required });
    } else {
        if name.len() > 63 {
            errors.push(invalid("metadata.name".into(), format!("{name:?}"), "must be no more than 63 characters"));
        }
        if !has_dns1035_shape(name) {
            errors.push(invalid("metadata.name".into(), format!("{name:?}"), DNS1035_MESSAGE));
        }
    }
    let type_ = svc.spec.type_.as_deref().unwrap_or("ClusterIP");
    one_of(&mut errors, "spec.type", Some(type_), &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]);
    if svc.spec.ports.is_empty() && !svc.is_headless() && type_ != "ExternalName" {
        errors.push(FieldError { field: "spec.ports".into(), problem: FieldProblem::Required });
    }
    let mut names: Vec<&str> = Vec::new();
    for (i, port) in svc.spec.ports.iter().enumerate() {
        let at = |field: &str| format!("spec.ports[{i}].{field}");
        match port.name.as_deref().unwrap_or_default() {
            "" if svc.spec.ports.len() > 1 => {
                errors.push(FieldError { field: at("name"), problem: FieldProblem::Required });
            }
            "" => {}
            n => {
                let problems = port_name_problems(n);
                if !problems.is_empty() {
                    errors.push(invalid(at("name"), format!("{n:?}"), &problems.join(", ")));
                }
                if names.contains(&n) {
                    errors.push(FieldError { field: at("name"), problem: FieldProblem::Duplicate(format!("{n:?}")) });
                }
                names.push(n);
            }
        }
        if !(1..=65535).contains(&port.port) {
            errors.push(invalid(at("port"), port.port.to_string(), "must be between 1 and 65535, inclusive"));
        }
        let protocol = port.protocol.as_deref().unwrap_or("TCP");
        one_of(&mut errors, &at("protocol"), Some(protocol), &["SCTP", "TCP", "UDP"]);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_names_follow_iana_service_name_rules() {
        assert!(port_name_problems("web").is_empty() && port_name_problems("http-2").is_empty());
        assert_eq!(port_name_problems("a--b"), ["must not contain consecutive hyphens"]);
        assert_eq!(port_name_problems("80"), ["must contain at least one letter (a-z)"]);
        assert_eq!(
            port_name_problems("Web"),
            ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]
        );
        assert_eq!(port_name_problems("-web"), ["must not begin or end with a hyphen"]);
    }

    #[test]
    fn dns1035_names_start_with_a_letter() {
        assert!(has_dns1035_shape("nginx") && has_dns1035_shape("a1-b"));
        assert!(!has_dns1035_shape("1nginx") && !has_dns1035_shape("web-") && !has_dns1035_shape("Nginx"));
    }
}
