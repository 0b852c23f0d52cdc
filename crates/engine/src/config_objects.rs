//! ConfigMaps and Secrets through the API server: the create validation
//! (`ValidateConfigMap`, `ValidateSecret`), the update validation (an `immutable` object
//! keeps its data; a Secret keeps its type), and `kubectl apply` of them. They are stored
//! for the pods that mount them (the kubelet's part is the cluster issue's).

use crate::action::ActionError;
use crate::api::{ConfigMap, Kind, Secret};
use crate::apply::verdict;
use crate::cluster::key_of;
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::simulation::Simulation;
use crate::validation::subdomain_name_errors as name_errors;

/// The API server's words for a key that is not a valid config key.
pub const CONFIG_KEY_MESSAGE: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/// What an `immutable` object may not change, in the API server's words.
const IMMUTABLE: &str = "field is immutable when `immutable` is set";

fn invalid(field: String, value: &str, detail: &str) -> FieldError {
    FieldError { field, problem: FieldProblem::Invalid { value: format!("{value:?}"), detail: detail.into() } }
}

/// `IsConfigMapKey`: at most 253 characters of `[-._a-zA-Z0-9]`, and not `.` or `..`.
fn key_errors<'a>(field: &str, keys: impl Iterator<Item = &'a String>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for key in keys {
        let path = format!("{field}[{key}]");
        let charset = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b));
        if !charset {
            errors.push(invalid(path, key, CONFIG_KEY_MESSAGE));
        } else if key.len() > 253 {
            errors.push(invalid(path, key, "must be no more than 253 characters"));
        } else if key == "." || key == ".." {
            errors.push(invalid(path, key, &format!("must not be '{key}'")));
        }
    }
    errors
}

/// `ValidateConfigMap`.
pub fn validate_config_map(cm: &ConfigMap) -> Vec<FieldError> {
    let mut errors = name_errors(&cm.metadata.name);
    errors.extend(key_errors("data", cm.data.keys()));
    errors.extend(key_errors("binaryData", cm.binary_data.keys()));
    for key in cm.data.keys().filter(|k| cm.binary_data.contains_key(*k)) {
        errors.push(invalid(format!("data[{key}]"), key, "duplicate of key present in binaryData"));
    }
    errors
}

/// `ValidateSecret` (for a Secret already normalized: `stringData` folded into `data`).
pub fn validate_secret(secret: &Secret) -> Vec<FieldError> {
    let mut errors = name_errors(&secret.metadata.name);
    errors.extend(key_errors("data", secret.data.keys()));
    errors
}

/// `ValidateConfigMapUpdate`: an immutable ConfigMap keeps its data and stays immutable.
pub fn config_map_update_errors(new: &ConfigMap, old: &ConfigMap) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if old.immutable == Some(true) {
        if new.immutable != Some(true) {
            errors.push(FieldError { field: "immutable".into(), problem: FieldProblem::Forbidden(IMMUTABLE.into()) });
        }
        if new.data != old.data {
            errors.push(FieldError { field: "data".into(), problem: FieldProblem::Forbidden(IMMUTABLE.into()) });
        }
        if new.binary_data != old.binary_data {
            errors.push(FieldError { field: "binaryData".into(), problem: FieldProblem::Forbidden(IMMUTABLE.into()) });
        }
    }
    errors
}

/// `ValidateSecretUpdate`: the type never changes; an immutable Secret keeps its data.
pub fn secret_update_errors(new: &Secret, old: &Secret) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if new.type_name() != old.type_name() {
        errors.push(invalid("type".into(), new.type_name(), "field is immutable"));
    }
    if old.immutable == Some(true) {
        if new.immutable != Some(true) {
            errors.push(FieldError { field: "immutable".into(), problem: FieldProblem::Forbidden(IMMUTABLE.into()) });
        }
        if new.data != old.data {
            errors.push(FieldError { field: "data".into(), problem: FieldProblem::Forbidden(IMMUTABLE.into()) });
        }
    }
    errors
}

/// `kubectl apply` of a ConfigMap.
pub(crate) fn apply_config_map(sim: &mut Simulation, mut cm: ConfigMap) -> Result<String, ActionError> {
    let key = key_of(&cm);
    let name = key.name.clone();
    let old = sim.cluster.get::<ConfigMap>(&key).cloned();
    let mut causes = validate_config_map(&cm);
    if let Some(old) = &old {
        causes.extend(config_map_update_errors(&cm, old));
    }
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::ConfigMap, name, causes }.into());
    }
    match old {
        None => {
            sim.cluster.create(cm)?;
            Ok(verdict(Kind::ConfigMap, &name, true, true))
        }
        Some(old) => {
            cm.metadata.owner_references = old.metadata.owner_references.clone();
            let changed = cm.data != old.data
                || cm.binary_data != old.binary_data
                || cm.immutable != old.immutable
                || cm.metadata.labels != old.metadata.labels
                || cm.metadata.annotations != old.metadata.annotations;
            sim.cluster.update(cm)?;
            Ok(verdict(Kind::ConfigMap, &name, false, changed))
        }
    }
}

/// `kubectl apply` of a Secret.
pub(crate) fn apply_secret(sim: &mut Simulation, mut secret: Secret) -> Result<String, ActionError> {
    secret.normalize();
    let key = key_of(&secret);
    let name = key.name.clone();
    let old = sim.cluster.get::<Secret>(&key).cloned();
    let mut causes = validate_secret(&secret);
    if let Some(old) = &old {
        causes.extend(secret_update_errors(&secret, old));
    }
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: Kind::Secret, name, causes }.into());
    }
    match old {
        None => {
            sim.cluster.create(secret)?;
            Ok(verdict(Kind::Secret, &name, true, true))
        }
        Some(old) => {
            secret.metadata.owner_references = old.metadata.owner_references.clone();
            let changed = secret.data != old.data
                || secret.immutable != old.immutable
                || secret.metadata.labels != old.metadata.labels
                || secret.metadata.annotations != old.metadata.annotations;
            sim.cluster.update(secret)?;
            Ok(verdict(Kind::Secret, &name, false, changed))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keys_follow_is_config_map_key() {
        let mut cm = ConfigMap::default();
        cm.metadata.name = "settings".into();
        for good in ["a", "A_b-c.d", "my.cnf", ".hidden"] {
            cm.data.insert(good.into(), String::new());
        }
        assert!(validate_config_map(&cm).is_empty());
        cm.data.insert("a b".into(), String::new());
        cm.data.insert("..".into(), String::new());
        let messages: Vec<String> = validate_config_map(&cm).iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "data[..]: Invalid value: \"..\": must not be '..'".to_string(),
                format!("data[a b]: Invalid value: \"a b\": {CONFIG_KEY_MESSAGE}"),
            ]
        );
    }

    #[test]
    fn an_immutable_config_map_keeps_its_data() {
        let mut old = ConfigMap { immutable: Some(true), ..Default::default() };
        old.data.insert("k".into(), "v".into());
        let mut new = old.clone();
        assert!(config_map_update_errors(&new, &old).is_empty());
        new.data.insert("k".into(), "w".into());
        new.immutable = None;
        let messages: Vec<String> = config_map_update_errors(&new, &old).iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "immutable: Forbidden: field is immutable when `immutable` is set",
                "data: Forbidden: field is immutable when `immutable` is set"
            ]
        );
    }

    #[test]
    fn a_secret_keeps_its_type() {
        let old = Secret { type_: Some("Opaque".into()), ..Default::default() };
        let new = Secret { type_: Some("kubernetes.io/tls".into()), ..Default::default() };
        let messages: Vec<String> = secret_update_errors(&new, &old).iter().map(ToString::to_string).collect();
        assert_eq!(messages, ["type: Invalid value: \"kubernetes.io/tls\": field is immutable"]);
    }
}
