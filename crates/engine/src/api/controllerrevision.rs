//! The ControllerRevision kind (apps/v1): an immutable snapshot of a StatefulSet's pod
//! template, which pods name in their `controller-revision-hash` label.

use super::pod::PodTemplateSpec;
use crate::wire::{object_of, DecodeError, Wire};
use serde_json::{Map, Value};

api_object! {
    /// One revision of a set's template. Its name is `<set>-<hash>`; its labels are the
    /// template's plus `controller.kubernetes.io/hash`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ControllerRevision as "v1.ControllerRevision" for ControllerRevision {
        /// The template this revision restores.
        pub data: RevisionData = "data" always,
        /// The revision number (1, 2, …); a rollback bumps an old revision's number.
        pub revision: i64 = "revision" always,
    }
}

/// `data` of a revision: the pod template, which the API shows as the patch that
/// restores it, `{"spec":{"template":{…,"$patch":"replace"}}}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RevisionData {
    /// The template.
    pub template: PodTemplateSpec,
}

impl Wire for RevisionData {
    fn go_type() -> String {
        "runtime.RawExtension".into()
    }
    fn encode(&self) -> Value {
        let mut template = self.template.encode();
        if let Value::Object(map) = &mut template {
            map.insert("$patch".into(), Value::String("replace".into()));
        }
        let mut spec = Map::new();
        spec.insert("template".into(), template);
        let mut data = Map::new();
        data.insert("spec".into(), Value::Object(spec));
        Value::Object(data)
    }
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        object_of(value, "runtime.RawExtension")?;
        let template = match value.pointer("/spec/template") {
            Some(Value::Object(map)) => {
                let mut map = map.clone();
                map.remove("$patch");
                crate::wire::from_json(&Value::Object(map))?
            }
            _ => PodTemplateSpec::default(),
        };
        Ok(RevisionData { template })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_shown_as_a_replace_patch_and_reads_back() {
        let mut rev = ControllerRevision { revision: 2, ..Default::default() };
        rev.data.template.metadata.labels.insert("app".into(), "nginx".into());
        let json = rev.encode();
        assert_eq!(json.pointer("/data/spec/template/$patch"), Some(&serde_json::json!("replace")));
        assert_eq!(json.pointer("/data/spec/template/metadata/labels/app"), Some(&serde_json::json!("nginx")));
        let back = ControllerRevision::decode(&json).expect("reads back");
        assert_eq!(back, rev);
    }
}
