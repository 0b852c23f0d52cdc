//! Structs on the wire: the `put` and `take` steps every generated encoder and decoder
//! is made of, and [`wire_struct!`], which writes a struct and its [`Wire`] impl from one
//! field list.

use super::{DecodeError, Wire};
use serde_json::{Map, Value};

/// How a field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Written unless zero (Go's `omitempty`); read.
    OmitEmpty,
    /// Always written; read.
    Always,
    /// Written unless zero, never read: a field the API server owns (uid, timestamps,
    /// `status`), which a manifest or a write of the main resource cannot set.
    ServerOwned,
}

/// Writes field `key` of an object being encoded, as `mode` says.
pub fn put<T: Wire>(map: &mut Map<String, Value>, key: &str, value: &T, mode: Mode) {
    if mode == Mode::Always || !value.is_zero() {
        insert(map, key, value.encode());
    }
}

/// The map insertion of [`put`], once for every field type.
#[inline(never)]
fn insert(map: &mut Map<String, Value>, key: &str, value: Value) {
    map.insert(key.to_string(), value);
}

/// Reads field `key` of an object of Go type `go_struct`: the zero value when absent,
/// `null` or server-owned; a decoding error names the field.
pub fn take<T: Wire>(
    map: &Map<String, Value>,
    key: &str,
    mode: Mode,
    go_struct: &'static str,
) -> Result<T, DecodeError> {
    match map.get(key) {
        Some(v) if mode != Mode::ServerOwned => super::from_json(v).map_err(|e| e.in_field(go_struct, key)),
        _ => Ok(T::default()),
    }
}

/// The object a struct decodes from; any other JSON value is a type error naming the
/// struct's Go type.
pub fn object_of<'a>(value: &'a Value, go_type: &'static str) -> Result<&'a Map<String, Value>, DecodeError> {
    match value {
        Value::Object(map) => Ok(map),
        v => Err(DecodeError::mismatch(v, go_type.into())),
    }
}

/// Declares a struct whose fields travel as JSON, and its [`Wire`](crate::wire::Wire)
/// impl. Each field names its JSON key and its [`Mode`] (`omitempty`, `always`,
/// `server_owned`); `as "v1.PodSpec"` gives the Go type for decoding errors.
///
/// ```ignore
/// wire_struct! {
///     /// A port a container exposes.
///     #[derive(Debug, Clone, PartialEq, Eq, Default)]
///     pub struct ContainerPort as "v1.ContainerPort" {
///         /// The port number in the container.
///         pub container_port: i32 = "containerPort" always,
///     }
/// }
/// ```
macro_rules! wire_struct {
    (@mode omitempty) => { $crate::wire::Mode::OmitEmpty };
    (@mode always) => { $crate::wire::Mode::Always };
    (@mode server_owned) => { $crate::wire::Mode::ServerOwned };
    (
        $(#[$attr:meta])*
        pub struct $name:ident as $go:literal {
            $(
                $(#[$field_attr:meta])*
                pub $field:ident : $ty:ty = $json:literal $mode:ident
            ),* $(,)?
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $(
                $(#[$field_attr])*
                pub $field: $ty,
            )*
        }

        impl $crate::wire::Wire for $name {
            fn go_type() -> String {
                $go.to_string()
            }

            #[allow(unused_mut)]
            fn encode(&self) -> serde_json::Value {
                let mut map = serde_json::Map::new();
                $( $crate::wire::put(&mut map, $json, &self.$field, $crate::wire::wire_struct!(@mode $mode)); )*
                serde_json::Value::Object(map)
            }

            #[allow(unused_variables)]
            fn decode(value: &serde_json::Value) -> Result<Self, $crate::wire::DecodeError> {
                let map = $crate::wire::object_of(value, $go)?;
                Ok($name {
                    $( $field: $crate::wire::take(map, $json, $crate::wire::wire_struct!(@mode $mode), $go)?, )*
                })
            }
        }
    };
}

pub(crate) use wire_struct;
