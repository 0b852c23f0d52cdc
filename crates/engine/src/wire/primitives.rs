//! The wire form of the building blocks: strings, booleans, integers, optionals, lists
//! and string-keyed maps, with Go's type names for errors.

use super::{DecodeError, Wire};
use crate::flat_map::FlatMap;
use serde_json::{Map, Value};

impl Wire for String {
    fn go_type() -> String {
        "string".into()
    }
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
    fn is_zero(&self) -> bool {
        self.is_empty()
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value {
            Value::String(s) => Ok(s.clone()),
            v => Err(DecodeError::mismatch(v, Self::go_type())),
        }
    }
}

impl Wire for bool {
    fn go_type() -> String {
        "bool".into()
    }
    fn encode(&self) -> Value {
        Value::Bool(*self)
    }
    fn is_zero(&self) -> bool {
        !*self
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value {
            Value::Bool(b) => Ok(*b),
            v => Err(DecodeError::mismatch(v, Self::go_type())),
        }
    }
}

/// Reads an integer as Go does: a JSON number without a fraction, in range; another
/// number is named in the error (`number 1.5`).
fn integer(value: &Value, go_type: &str, min: i64, max: i64) -> Result<i64, DecodeError> {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(i) if (min..=max).contains(&i) => Ok(i),
            _ => Err(DecodeError::number(n.to_string(), go_type)),
        },
        v => Err(DecodeError::mismatch(v, go_type.into())),
    }
}

impl Wire for i32 {
    fn go_type() -> String {
        "int32".into()
    }
    fn encode(&self) -> Value {
        Value::from(*self)
    }
    fn is_zero(&self) -> bool {
        *self == 0
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        integer(value, "int32", i32::MIN.into(), i32::MAX.into()).map(|i| i as i32)
    }
}

impl Wire for i64 {
    fn go_type() -> String {
        "int64".into()
    }
    fn encode(&self) -> Value {
        Value::from(*self)
    }
    fn is_zero(&self) -> bool {
        *self == 0
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        integer(value, "int64", i64::MIN, i64::MAX)
    }
}

/// A Go pointer field: absent or `null` is `None`; errors name the pointed-to type.
impl<T: Wire> Wire for Option<T> {
    fn go_type() -> String {
        T::go_type()
    }
    fn encode(&self) -> Value {
        self.as_ref().map_or(Value::Null, T::encode)
    }
    fn is_zero(&self) -> bool {
        self.is_none()
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value {
            Value::Null => Ok(None),
            v => T::decode(v).map(Some),
        }
    }
}

/// A Go slice: a JSON list, `null` items read as zero values.
impl<T: Wire> Wire for Vec<T> {
    fn go_type() -> String {
        format!("[]{}", T::go_type())
    }
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(T::encode).collect())
    }
    fn is_zero(&self) -> bool {
        self.is_empty()
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value {
            // A loop, not `collect::<Result<Vec<_>, _>>()`, whose adapter is one more
            // sizeable copy per element type.
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(super::from_json(item)?);
                }
                Ok(out)
            }
            v => Err(DecodeError::mismatch(v, Self::go_type())),
        }
    }
}

/// A Go `map[string]T`: a JSON object, ordered by key.
impl<T: Wire> Wire for FlatMap<String, T> {
    fn go_type() -> String {
        format!("map[string]{}", T::go_type())
    }
    // Maps are built by inserting rather than `collect`, whose bulk build sorts first: one
    // more copy of the standard sort per map type in the page.
    fn encode(&self) -> Value {
        let mut map = Map::new();
        for (k, v) in self {
            map.insert(k.clone(), v.encode());
        }
        Value::Object(map)
    }
    fn is_zero(&self) -> bool {
        self.is_empty()
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value {
            Value::Object(map) => {
                let mut out = FlatMap::new();
                for (k, v) in map {
                    out.insert(k.clone(), super::from_json(v)?);
                }
                Ok(out)
            }
            v => Err(DecodeError::mismatch(v, Self::go_type())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_refuse_strings_fractions_and_overflow_as_go_does() {
        assert_eq!(i32::decode(&json!(3)), Ok(3));
        let err = |v: Value| i32::decode(&v).map_err(|e| e.to_string()).expect_err("refused");
        assert_eq!(err(json!("3")), "json: cannot unmarshal string into Go value of type int32");
        assert_eq!(err(json!(1.5)), "json: cannot unmarshal number 1.5 into Go value of type int32");
        assert_eq!(
            err(json!(3_000_000_000_i64)),
            "json: cannot unmarshal number 3000000000 into Go value of type int32"
        );
    }

    #[test]
    fn lists_and_maps_name_their_go_types() {
        let err = Vec::<String>::decode(&json!("a")).map_err(|e| e.to_string());
        assert_eq!(err, Err("json: cannot unmarshal string into Go value of type []string".into()));
        let err = FlatMap::<String, String>::decode(&json!({"a": 1})).map_err(|e| e.to_string());
        assert_eq!(err, Err("json: cannot unmarshal number into Go value of type string".into()));
        assert_eq!(Vec::<String>::decode(&json!(["a", null])), Ok(vec!["a".into(), String::new()]));
    }

    #[test]
    fn zero_values_are_what_omitempty_leaves_out() {
        assert!(String::new().is_zero() && !"a".to_string().is_zero());
        assert!(Wire::is_zero(&0_i32) && !Wire::is_zero(&1_i64) && Wire::is_zero(&false));
        assert!(Vec::<String>::new().is_zero());
        assert!(Option::<bool>::None.is_zero() && !Some(false).is_zero());
    }
}
