//! Why a JSON value could not be decoded, worded as Go's `encoding/json` words it.

use serde_json::Value;
use std::fmt;

/// A JSON value the API server's decoder refuses: most often one of the wrong type for
/// its field (`json: cannot unmarshal string into Go struct field
/// StatefulSetSpec.spec.replicas of type int32`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// What went wrong.
    problem: Problem,
    /// The innermost Go struct holding the field, empty at the top level.
    go_struct: &'static str,
    /// The field path from the object's root, dotted, without list indices (Go's form).
    field: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    /// A value of the wrong JSON type.
    Mismatch {
        /// What was found: `string`, `number`, `number 1.5`, `bool`, `array`, `object`.
        found: String,
        /// The Go type it should have been.
        go_type: String,
    },
    /// A value a type's own decoder refuses (a timestamp that does not parse); Go reports
    /// these without the field.
    Other(String),
}

impl DecodeError {
    /// `value` does not fit Go type `go_type`.
    pub fn mismatch(value: &Value, go_type: String) -> Self {
        let found = match value {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        Self::new(Problem::Mismatch { found: found.into(), go_type })
    }

    /// A number that does not fit an integer type (a fraction, or out of range): Go
    /// names the number itself.
    pub fn number(text: String, go_type: &str) -> Self {
        Self::new(Problem::Mismatch { found: format!("number {text}"), go_type: go_type.into() })
    }

    /// A refusal in a type's own words, e.g. a timestamp that does not parse.
    pub fn other(message: String) -> Self {
        Self::new(Problem::Other(message))
    }

    fn new(problem: Problem) -> Self {
        DecodeError { problem, go_struct: "", field: String::new() }
    }

    /// The error as seen from the struct `go_struct` (`v1.PodSpec`) decoding its field
    /// `json`: the first struct on the way out names itself, every one prepends its field.
    pub fn in_field(mut self, go_struct: &'static str, json: &str) -> Self {
        if self.go_struct.is_empty() {
            self.go_struct = go_struct.rsplit('.').next().unwrap_or(go_struct);
            self.field = json.to_string();
        } else {
            self.field = format!("{json}.{}", self.field);
        }
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.problem, self.go_struct) {
            (Problem::Other(message), _) => f.write_str(message),
            (Problem::Mismatch { found, go_type }, "") => {
                write!(f, "json: cannot unmarshal {found} into Go value of type {go_type}")
            }
            (Problem::Mismatch { found, go_type }, s) => {
                write!(f, "json: cannot unmarshal {found} into Go struct field {s}.{} of type {go_type}", self.field)
            }
        }
    }
}

impl std::error::Error for DecodeError {}
