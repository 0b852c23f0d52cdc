//! The Secret kind: like a ConfigMap, for sensitive values, which the API stores
//! base64-encoded. `stringData` is a write-only convenience: the API server encodes it
//! into `data` and never returns it.

use super::meta::StringMap;
use base64::Engine as _;

/// The type a Secret gets when none is given.
pub const DEFAULT_SECRET_TYPE: &str = "Opaque";

api_object! {
    /// A Secret.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Secret as "v1.Secret" for Secret {
        /// `Opaque` unless another type is given; cannot change after creation.
        pub type_: Option<String> = "type" omitempty,
        /// Values by key, base64-encoded.
        pub data: StringMap = "data" omitempty,
        /// Plain-text values to store (encoded into `data`; never stored themselves).
        pub string_data: StringMap = "stringData" omitempty,
        /// Once true, `data` can no longer change.
        pub immutable: Option<bool> = "immutable" omitempty,
    }
}

impl Secret {
    /// The first value of `data` that is not base64, as Go's decoder reports it
    /// (`illegal base64 data at input byte N`), if any.
    pub fn undecodable(&self) -> Option<String> {
        self.data.values().find_map(|v| {
            let offset = match base64::engine::general_purpose::STANDARD.decode(v) {
                Ok(_) => return None,
                Err(base64::DecodeError::InvalidByte(at, _) | base64::DecodeError::InvalidLastSymbol(at, _)) => at,
                // An incomplete last group is reported where that group starts.
                Err(_) => v.len() - v.len() % 4,
            };
            Some(format!("illegal base64 data at input byte {offset}"))
        })
    }

    /// What the API server does to a written Secret: `stringData` is encoded into `data`
    /// (winning over the same key there) and dropped; the type defaults to `Opaque`.
    pub fn normalize(&mut self) {
        for (k, v) in std::mem::take(&mut self.string_data) {
            self.data.insert(k, base64::engine::general_purpose::STANDARD.encode(v));
        }
        self.type_.get_or_insert_with(|| DEFAULT_SECRET_TYPE.to_string());
    }

    /// The values as a mounted Secret volume shows them: decoded, as text (bytes that
    /// are not UTF-8 shown as U+FFFD).
    pub fn decoded(&self) -> super::meta::StringMap {
        crate::sorting::map_from(self.data.iter().map(|(k, v)| {
            let bytes = base64::engine::general_purpose::STANDARD.decode(v).unwrap_or_default();
            (k.clone(), String::from_utf8_lossy(&bytes).into_owned())
        }))
    }

    /// The secret's type (kubectl's TYPE column).
    pub fn type_name(&self) -> &str {
        self.type_.as_deref().unwrap_or(DEFAULT_SECRET_TYPE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_data_is_encoded_into_data_and_dropped() {
        let mut s = Secret::default();
        s.data.insert("user".into(), "YWRtaW4=".into());
        s.string_data.insert("password".into(), "s3cret".into());
        s.normalize();
        assert_eq!(s.data.get("password").map(String::as_str), Some("czNjcmV0"));
        assert!(s.string_data.is_empty());
        assert_eq!(s.type_name(), "Opaque");
    }

    #[test]
    fn data_that_is_not_base64_is_reported_where_go_reports_it() {
        let mut s = Secret::default();
        s.data.insert("a".into(), "YWRt!W4=".into());
        assert_eq!(s.undecodable().as_deref(), Some("illegal base64 data at input byte 4"));
        s.data.insert("a".into(), "YWRtaW4".into());
        assert_eq!(s.undecodable().as_deref(), Some("illegal base64 data at input byte 4"));
        s.data.insert("a".into(), "YWRtaW4=".into());
        assert_eq!(s.undecodable(), None);
    }
}
