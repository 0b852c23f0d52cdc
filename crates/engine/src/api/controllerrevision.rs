//! The ControllerRevision kind (apps/v1): an immutable snapshot of a StatefulSet's pod
//! template, which pods name in their `controller-revision-hash` label.

use super::meta::ObjectMeta;
use super::pod::PodTemplateSpec;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One revision of a set's template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ControllerRevision {
    /// Always `apps/v1`.
    #[serde(default)]
    pub api_version: String,
    /// Always `ControllerRevision`.
    #[serde(default)]
    pub kind: String,
    /// Name `<set>-<hash>`, the template's labels plus `controller.kubernetes.io/hash`.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The template this revision restores. The API shows it as `data`, the patch
    /// `{"spec":{"template":{…,"$patch":"replace"}}}`.
    #[serde(rename = "data", serialize_with = "as_patch", deserialize_with = "from_patch", default)]
    pub template: PodTemplateSpec,
    /// The revision number (1, 2, …); a rollback bumps an old revision's number.
    #[serde(default)]
    pub revision: i64,
}

fn as_patch<S: Serializer>(template: &PodTemplateSpec, s: S) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(template).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut value {
        map.insert("$patch".into(), serde_json::Value::String("replace".into()));
    }
    serde_json::json!({ "spec": { "template": value } }).serialize(s)
}

fn from_patch<'de, D: Deserializer<'de>>(d: D) -> Result<PodTemplateSpec, D::Error> {
    let mut value = serde_json::Value::deserialize(d)?;
    let template = value.pointer_mut("/spec/template").map(std::mem::take).unwrap_or_default();
    let mut template = template;
    if let serde_json::Value::Object(map) = &mut template {
        map.remove("$patch");
    }
    serde_json::from_value(template).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_shown_as_a_replace_patch_and_reads_back() {
        let mut rev = ControllerRevision { revision: 2, ..Default::default() };
        rev.template.metadata.labels.insert("app".into(), "nginx".into());
        let json = serde_json::to_value(&rev).expect("serialises");
        assert_eq!(json.pointer("/data/spec/template/$patch"), Some(&serde_json::json!("replace")));
        assert_eq!(json.pointer("/data/spec/template/metadata/labels/app"), Some(&serde_json::json!("nginx")));
        let back: ControllerRevision = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, rev);
    }
}
