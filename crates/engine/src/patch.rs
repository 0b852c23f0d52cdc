//! The three patch types of `kubectl patch`, applied to an object's JSON form:
//! - `merge` (RFC 7386): objects merge key by key, `null` removes a key, lists are
//!   replaced whole;
//! - `strategic` (kubectl's default): as `merge`, except that the lists Kubernetes marks
//!   with a merge key merge item by item (containers and volumes by `name`, ports by
//!   `containerPort`, owner references by `uid`, conditions by `type`, …) and finalizers
//!   merge as a set; an item with `"$patch": "delete"` removes the item with its key;
//! - `json` (RFC 6902): a list of `add`, `remove`, `replace`, `move`, `copy` and `test`
//!   operations on JSON pointers.

use serde_json::{Map, Value};

/// Which kind of patch `kubectl patch --type` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PatchType {
    /// Strategic merge patch (the default).
    #[default]
    Strategic,
    /// JSON merge patch, RFC 7386.
    Merge,
    /// JSON patch, RFC 6902.
    Json,
}

/// Why a patch could not be applied, in the API server's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    /// The patch is not the shape its type needs.
    #[error("{0}")]
    Malformed(String),
    /// A JSON patch operation could not be carried out.
    #[error("{0}")]
    Operation(String),
}

/// The merge key of a list field under strategic merge, by field name.
fn merge_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "ephemeralContainers" | "volumes" | "env" | "imagePullSecrets" => "name",
        "volumeMounts" => "mountPath",
        "ports" => "containerPort",
        "ownerReferences" => "uid",
        "conditions" => "type",
        "volumeDevices" => "devicePath",
        _ => return None,
    })
}

/// Lists of plain values that strategic merge treats as sets.
fn is_set_list(field: &str) -> bool {
    field == "finalizers"
}

/// Applies `patch` of `patch_type` to `target`.
pub fn apply_patch(target: &Value, patch: &Value, patch_type: PatchType) -> Result<Value, PatchError> {
    match patch_type {
        PatchType::Merge | PatchType::Strategic => {
            if !patch.is_object() {
                return Err(PatchError::Malformed(
                    "couldn't get version/kind; json parse error: a merge patch must be a JSON object".into(),
                ));
            }
            let mut out = target.clone();
            merge(&mut out, patch, patch_type == PatchType::Strategic);
            Ok(out)
        }
        PatchType::Json => json_patch(target, patch),
    }
}

fn merge(target: &mut Value, patch: &Value, strategic: bool) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(target) = target else { return };
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
            continue;
        }
        match (strategic, value, target.get_mut(key)) {
            (true, Value::Array(items), Some(Value::Array(existing))) if merge_key(key).is_some() => {
                merge_keyed_list(existing, items, merge_key(key).unwrap_or("name"));
            }
            (true, Value::Array(items), Some(Value::Array(existing))) if is_set_list(key) => {
                for item in items {
                    if !existing.contains(item) {
                        existing.push(item.clone());
                    }
                }
            }
            (_, Value::Object(_), Some(existing)) => merge(existing, value, strategic),
            _ => {
                let mut fresh = Value::Null;
                merge(&mut fresh, value, strategic);
                target.insert(key.clone(), if value.is_object() { fresh } else { value.clone() });
            }
        }
    }
}

fn merge_keyed_list(existing: &mut Vec<Value>, items: &[Value], key: &str) {
    for item in items {
        let id = item.get(key);
        let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
        let position = id.and_then(|id| existing.iter().position(|e| e.get(key) == Some(id)));
        match (position, delete) {
            (Some(i), true) => {
                existing.remove(i);
            }
            (Some(i), false) => merge(&mut existing[i], item, true),
            (None, true) => {}
            (None, false) => existing.push(item.clone()),
        }
    }
}

/// Splits a JSON pointer (`/spec/replicas`) into unescaped tokens.
fn pointer_tokens(path: &str) -> Result<Vec<String>, PatchError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(PatchError::Operation(format!("invalid JSON pointer {path:?}: it must start with /")));
    };
    Ok(rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

fn missing(path: &str) -> PatchError {
    PatchError::Operation(format!(
        "the server rejected our request due to an error in our request: missing path {path}"
    ))
}

/// The parent container of `tokens` and the last token.
fn parent_mut<'a>(
    root: &'a mut Value,
    tokens: &'a [String],
    path: &str,
) -> Result<(&'a mut Value, &'a str), PatchError> {
    let Some((last, parents)) = tokens.split_last() else {
        return Err(PatchError::Operation("the root of a document cannot be patched".into()));
    };
    let mut node = root;
    for t in parents {
        node = match node {
            Value::Object(m) => m.get_mut(t).ok_or_else(|| missing(path))?,
            Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get_mut(i)).ok_or_else(|| missing(path))?,
            _ => return Err(missing(path)),
        };
    }
    Ok((node, last))
}

fn add(root: &mut Value, path: &str, value: Value) -> Result<(), PatchError> {
    let tokens = pointer_tokens(path)?;
    let (parent, last) = parent_mut(root, &tokens, path)?;
    match parent {
        Value::Object(m) => {
            m.insert(last.to_string(), value);
            Ok(())
        }
        Value::Array(a) => {
            let index = if last == "-" { a.len() } else { last.parse::<usize>().map_err(|_| missing(path))? };
            if index > a.len() {
                return Err(missing(path));
            }
            a.insert(index, value);
            Ok(())
        }
        _ => Err(missing(path)),
    }
}

fn remove(root: &mut Value, path: &str) -> Result<Value, PatchError> {
    let tokens = pointer_tokens(path)?;
    let (parent, last) = parent_mut(root, &tokens, path)?;
    match parent {
        Value::Object(m) => m.remove(last).ok_or_else(|| missing(path)),
        Value::Array(a) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => Ok(a.remove(i)),
            _ => Err(missing(path)),
        },
        _ => Err(missing(path)),
    }
}

fn get<'a>(root: &'a Value, path: &str) -> Result<&'a Value, PatchError> {
    root.pointer(path).ok_or_else(|| missing(path))
}

fn json_patch(target: &Value, patch: &Value) -> Result<Value, PatchError> {
    let Value::Array(ops) = patch else {
        return Err(PatchError::Malformed(
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch".into(),
        ));
    };
    let mut doc = target.clone();
    for op in ops {
        let field = |name: &str| op.get(name).and_then(Value::as_str);
        let path = field("path").ok_or_else(|| PatchError::Operation("operation missing path".into()))?;
        let value = || op.get("value").cloned().ok_or_else(|| PatchError::Operation("operation missing value".into()));
        let from = || field("from").ok_or_else(|| PatchError::Operation("operation missing from".into()));
        match field("op") {
            Some("add") => add(&mut doc, path, value()?)?,
            Some("remove") => {
                remove(&mut doc, path)?;
            }
            Some("replace") => {
                remove(&mut doc, path)?;
                add(&mut doc, path, value()?)?;
            }
            Some("move") => {
                let moved = remove(&mut doc, from()?)?;
                add(&mut doc, path, moved)?;
            }
            Some("copy") => {
                let copied = get(&doc, from()?)?.clone();
                add(&mut doc, path, copied)?;
            }
            Some("test") => {
                if *get(&doc, path)? != value()? {
                    return Err(PatchError::Operation(format!("testing value {path} failed: test failed")));
                }
            }
            Some(other) => return Err(PatchError::Operation(format!("Unexpected kind: {other}"))),
            None => return Err(PatchError::Operation("operation missing op".into())),
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod() -> Value {
        json!({"metadata": {"name": "web-0", "labels": {"app": "nginx", "tier": "web"},
                            "ownerReferences": [{"uid": "a", "kind": "StatefulSet"}],
                            "finalizers": ["x"]},
               "spec": {"containers": [{"name": "nginx", "image": "nginx:1"}, {"name": "side", "image": "busybox"}]}})
    }

    #[test]
    fn merge_replaces_lists_and_null_removes() {
        let patch = json!({"metadata": {"labels": {"tier": null, "x": "y"}, "ownerReferences": null},
                           "spec": {"containers": [{"name": "nginx", "image": "nginx:2"}]}});
        let out = apply_patch(&pod(), &patch, PatchType::Merge).expect("applies");
        assert_eq!(out["metadata"]["labels"], json!({"app": "nginx", "x": "y"}));
        assert!(out["metadata"].get("ownerReferences").is_none());
        assert_eq!(out["spec"]["containers"], json!([{"name": "nginx", "image": "nginx:2"}]));
    }

    #[test]
    fn strategic_merges_named_lists_and_finalizer_sets() {
        let patch = json!({"metadata": {"finalizers": ["y", "x"]},
                           "spec": {"containers": [{"name": "nginx", "image": "nginx:2"}, {"name": "new", "image": "b"}]}});
        let out = apply_patch(&pod(), &patch, PatchType::Strategic).expect("applies");
        let images: Vec<&str> =
            out["spec"]["containers"].as_array().into_iter().flatten().filter_map(|c| c["image"].as_str()).collect();
        assert_eq!(images, vec!["nginx:2", "busybox", "b"]);
        assert_eq!(out["metadata"]["finalizers"], json!(["x", "y"]));
        let delete = json!({"spec": {"containers": [{"name": "side", "$patch": "delete"}]}});
        let out = apply_patch(&pod(), &delete, PatchType::Strategic).expect("applies");
        assert_eq!(out["spec"]["containers"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn json_patch_operations() {
        let ops = json!([
            {"op": "test", "path": "/metadata/name", "value": "web-0"},
            {"op": "replace", "path": "/spec/containers/0/image", "value": "nginx:3"},
            {"op": "remove", "path": "/metadata/ownerReferences"},
            {"op": "add", "path": "/metadata/labels/a~1b", "value": "c"},
            {"op": "add", "path": "/metadata/finalizers/-", "value": "z"},
            {"op": "copy", "from": "/metadata/name", "path": "/metadata/labels/copy"},
            {"op": "move", "from": "/metadata/labels/tier", "path": "/metadata/labels/moved"}
        ]);
        let out = apply_patch(&pod(), &ops, PatchType::Json).expect("applies");
        assert_eq!(out["spec"]["containers"][0]["image"], "nginx:3");
        assert!(out["metadata"].get("ownerReferences").is_none());
        assert_eq!(out["metadata"]["labels"]["a/b"], "c");
        assert_eq!(out["metadata"]["labels"]["copy"], "web-0");
        assert_eq!(out["metadata"]["labels"]["moved"], "web");
        assert_eq!(out["metadata"]["finalizers"], json!(["x", "z"]));
        let bad = json!([{"op": "remove", "path": "/spec/nothing"}]);
        assert_eq!(
            apply_patch(&pod(), &bad, PatchType::Json).map_err(|e| e.to_string()),
            Err("the server rejected our request due to an error in our request: missing path /spec/nothing".into())
        );
        let failed = json!([{"op": "test", "path": "/metadata/name", "value": "web-1"}]);
        assert!(apply_patch(&pod(), &failed, PatchType::Json).is_err());
        assert!(apply_patch(&pod(), &json!({"a": 1}), PatchType::Json).is_err());
    }
}
