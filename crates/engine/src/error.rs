//! Errors the simulated API server returns, worded as kubectl prints them.

use crate::api::Kind;
use std::fmt;

/// One invalid field of an object, as the API server's validation reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field path, e.g. `spec.replicas`.
    pub field: String,
    /// What is wrong with it.
    pub problem: FieldProblem,
}

/// The kinds of field error the API server reports (`field.ErrorType`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    /// `Invalid value: <value>: <detail>`; `value` is already rendered as Go prints it.
    Invalid {
        /// The offending value, rendered.
        value: String,
        /// Why it is invalid.
        detail: String,
    },
    /// `Required value`.
    Required,
    /// `Required value: <detail>`.
    RequiredDetail(String),
    /// `Unsupported value: <value>: supported values: ...`.
    Unsupported {
        /// The offending value, rendered.
        value: String,
        /// The values that are accepted.
        supported: Vec<String>,
    },
    /// `Forbidden: <detail>`.
    Forbidden(String),
    /// `Duplicate value: <value>`; `value` is already rendered as Go prints it.
    Duplicate(String),
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.field)?;
        match &self.problem {
            FieldProblem::Invalid { value, detail } => {
                write!(f, "Invalid value: {value}: {detail}")
            }
            FieldProblem::Required => write!(f, "Required value"),
            FieldProblem::RequiredDetail(detail) => write!(f, "Required value: {detail}"),
            FieldProblem::Unsupported { value, supported } => {
                let list: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
                write!(f, "Unsupported value: {value}: supported values: {}", list.join(", "))
            }
            FieldProblem::Forbidden(detail) => write!(f, "Forbidden: {detail}"),
            FieldProblem::Duplicate(value) => write!(f, "Duplicate value: {value}"),
        }
    }
}

/// An error answer from the simulated API server.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The object does not exist.
    #[error("Error from server (NotFound): {} \"{name}\" not found", kind.resource())]
    NotFound {
        /// Its kind.
        kind: Kind,
        /// Its name.
        name: String,
    },
    /// An object of that kind and name exists already.
    #[error("Error from server (AlreadyExists): {} \"{name}\" already exists", kind.resource())]
    AlreadyExists {
        /// Its kind.
        kind: Kind,
        /// Its name.
        name: String,
    },
    /// The request itself could not be used (a patch that does not fit the object).
    #[error("Error from server (BadRequest): {0}")]
    BadRequest(String),
    /// The server failed to carry out a valid request (in the simulation, only a fault a
    /// test injected).
    #[error("Error from server (InternalError): Internal error occurred: {0}")]
    Internal(String),
    /// The server refused for now and the client may retry (an eviction a disruption
    /// budget does not allow).
    #[error("Error from server (TooManyRequests): {0}")]
    TooManyRequests(String),
    /// Validation rejected the object; nothing was changed.
    #[error("The {kind} \"{name}\" is invalid: {}", render_causes(causes))]
    Invalid {
        /// Its kind.
        kind: Kind,
        /// Its name.
        name: String,
        /// Every field that failed validation.
        causes: Vec<FieldError>,
    },
}

impl ApiError {
    /// The error as the API client library words it (Go's `err.Error()`), without
    /// kubectl's decoration: what controllers put in their event messages.
    pub fn server_message(&self) -> String {
        match self {
            ApiError::NotFound { kind, name } => format!("{} \"{name}\" not found", kind.resource()),
            ApiError::AlreadyExists { kind, name } => format!("{} \"{name}\" already exists", kind.resource()),
            ApiError::BadRequest(message) => message.clone(),
            ApiError::Internal(message) => format!("Internal error occurred: {message}"),
            ApiError::TooManyRequests(message) => message.clone(),
            ApiError::Invalid { kind, name, causes } => {
                let causes: Vec<String> = causes.iter().map(ToString::to_string).collect();
                match &causes[..] {
                    [one] => format!("{kind} \"{name}\" is invalid: {one}"),
                    many => format!("{kind} \"{name}\" is invalid: [{}]", many.join(", ")),
                }
            }
        }
    }
}

fn render_causes(causes: &[FieldError]) -> String {
    match causes {
        [one] => one.to_string(),
        many => {
            let lines: Vec<String> = many.iter().map(|c| format!("* {c}")).collect();
            format!("\n{}", lines.join("\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_cause_prints_on_one_line_as_kubectl_shows_it() {
        let e = ApiError::Invalid {
            kind: Kind::StatefulSet,
            name: "web".into(),
            causes: vec![FieldError {
                field: "spec.replicas".into(),
                problem: FieldProblem::Invalid {
                    value: "-1".into(),
                    detail: "must be greater than or equal to 0".into(),
                },
            }],
        };
        assert_eq!(
            e.to_string(),
            "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
    }

    #[test]
    fn several_causes_print_one_per_line() {
        let e = ApiError::Invalid {
            kind: Kind::StatefulSet,
            name: "web".into(),
            causes: vec![
                FieldError { field: "spec.selector".into(), problem: FieldProblem::Required },
                FieldError {
                    field: "spec.podManagementPolicy".into(),
                    problem: FieldProblem::Unsupported {
                        value: "\"Random\"".into(),
                        supported: vec!["OrderedReady".into(), "Parallel".into()],
                    },
                },
            ],
        };
        assert_eq!(
            e.to_string(),
            "The StatefulSet \"web\" is invalid: \n* spec.selector: Required value\n* spec.podManagementPolicy: Unsupported value: \"Random\": supported values: \"OrderedReady\", \"Parallel\""
        );
    }

    #[test]
    fn controllers_see_the_error_without_kubectls_words() {
        let e = ApiError::AlreadyExists { kind: Kind::Pod, name: "web-0".into() };
        assert_eq!(e.server_message(), "pods \"web-0\" already exists");
        let e = ApiError::Internal("boom".into());
        assert_eq!(e.to_string(), "Error from server (InternalError): Internal error occurred: boom");
        assert_eq!(e.server_message(), "Internal error occurred: boom");
    }

    #[test]
    fn not_found_names_the_resource() {
        let e = ApiError::NotFound { kind: Kind::Pod, name: "web-7".into() };
        assert_eq!(e.to_string(), "Error from server (NotFound): pods \"web-7\" not found");
    }
}
