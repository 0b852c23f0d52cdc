//! Resource quantities (`resource.Quantity`): `500m`, `2`, `0.5`, `128Mi`, `1Gi`, `1e3`,
//! read as the API reads them (a JSON string or number). A map of them travels as a
//! string map whose values are checked on the way in.

use super::meta::StringMap;
use crate::wire::{DecodeError, Wire};
use serde_json::Value;

/// The words of the API server for a quantity it cannot read.
pub const QUANTITY_MESSAGE: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// The value of quantity `text` in units (`500m` → 0.5, `1Ki` → 1024), or `None` if it is
/// not a quantity. A double is exact to 2^53, far beyond what a node or a pod asks, and
/// its arithmetic is the same in the browser as natively.
pub fn value(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits_end = text
        .bytes()
        .enumerate()
        .position(|(i, b)| !(b.is_ascii_digit() || b == b'.' || (i == 0 && (b == b'+' || b == b'-'))))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits_end);
    let unsigned = number.trim_start_matches(['+', '-']);
    if unsigned.is_empty() || unsigned == "." || unsigned.matches('.').count() > 1 {
        return None;
    }
    let number = crate::decimal::parse_f64(number)?;
    let scale = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1_048_576.0,
        "Gi" => 1_073_741_824.0,
        "Ti" => 1_099_511_627_776.0,
        "Pi" => 1_125_899_906_842_624.0,
        "Ei" => 1_152_921_504_606_846_976.0,
        exponent => {
            let power: i32 = exponent.strip_prefix(['e', 'E'])?.parse().ok()?;
            if !(-18..=18).contains(&power) {
                return None;
            }
            10f64.powi(power)
        }
    };
    Some(number * scale)
}

/// Resource amounts by name (`cpu`, `memory`), as `requests` and `limits` hold them: each
/// value a JSON string or number that must be a quantity (`Quantity.UnmarshalJSON`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResourceList(pub StringMap);

impl std::ops::Deref for ResourceList {
    type Target = StringMap;
    fn deref(&self) -> &StringMap {
        &self.0
    }
}

impl std::ops::DerefMut for ResourceList {
    fn deref_mut(&mut self) -> &mut StringMap {
        &mut self.0
    }
}

impl ResourceList {
    /// The value of `name` in units, 0 when absent.
    pub fn value(&self, name: &str) -> f64 {
        self.0.get(name).and_then(|q| value(q)).unwrap_or(0.0)
    }
}

impl Wire for ResourceList {
    fn go_type() -> String {
        "v1.ResourceList".into()
    }
    fn encode(&self) -> Value {
        self.0.encode()
    }
    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        let Value::Object(map) = value else {
            return Err(DecodeError::mismatch(value, "map[string]resource.Quantity".into()));
        };
        let mut out = StringMap::new();
        for (name, quantity) in map {
            let text = match quantity {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Null => continue,
                v => return Err(DecodeError::mismatch(v, "resource.Quantity".into())),
            };
            if self::value(&text).is_none() {
                return Err(DecodeError::other(QUANTITY_MESSAGE.into()));
            }
            out.insert(name.clone(), text);
        }
        Ok(ResourceList(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_and_memory_quantities_read_as_the_api_reads_them() {
        assert_eq!(value("500m"), Some(0.5));
        assert_eq!(value("2"), Some(2.0));
        assert_eq!(value("0.5"), Some(0.5));
        assert_eq!(value(".25"), Some(0.25));
        assert_eq!(value("1Ki"), Some(1024.0));
        assert_eq!(value("16Gi"), Some(17_179_869_184.0));
        assert_eq!(value("1G"), Some(1e9));
        assert_eq!(value("1e3"), Some(1000.0));
        assert_eq!(value("-1"), Some(-1.0));
        for bad in ["", "abc", "1.2.3", "1Qi", "m", "1e99", ".", "-"] {
            assert_eq!(value(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_are_quantities_and_bad_text_is_refused_in_the_api_s_words() {
        let list = ResourceList::decode(&serde_json::json!({"cpu": 1, "memory": "1Gi"})).expect("decodes");
        assert_eq!(list.value("cpu"), 1.0);
        assert_eq!(list.0.get("cpu").map(String::as_str), Some("1"));
        let err = ResourceList::decode(&serde_json::json!({"cpu": "lots"})).map_err(|e| e.to_string());
        assert_eq!(err, Err(QUANTITY_MESSAGE.into()));
    }
}
