//! Create-time validation of a StatefulSet, as the API server runs it
//! (`ValidateStatefulSet`), with the API server's wording.

use crate::api::meta::{LabelSelector, StringMap};
use crate::api::pod::PodTemplateSpec;
use crate::api::statefulset::IntOrString;
use crate::api::StatefulSet;
use crate::error::{FieldError, FieldProblem};

const DNS1123_LABEL_MESSAGE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/// The API server's words for a name that is not a DNS-1123 subdomain.
pub const DNS1123_SUBDOMAIN_MESSAGE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/// Whether `s` is a DNS-1123 subdomain: dot-separated labels, at most 253 characters.
pub fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(has_label_shape)
}

/// Whether `s` is non-empty `[a-z0-9-]` with an alphanumeric character at both ends.
fn has_label_shape(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    b.first().is_some_and(alnum) && b.last().is_some_and(alnum) && b.iter().all(|c| alnum(c) || *c == b'-')
}

/// Whether `s` is a DNS-1123 label: at most 63 of `[a-z0-9-]`, alphanumeric at both ends.
pub fn is_dns1123_label(s: &str) -> bool {
    s.len() <= 63 && has_label_shape(s)
}

/// The errors for a value that must be a DNS-1123 label, one per broken rule.
/// The errors of an object name that must be a DNS-1123 subdomain (most kinds' names).
pub fn subdomain_name_errors(name: &str) -> Vec<FieldError> {
    match name {
        "" => vec![FieldError { field: "metadata.name".into(), problem: FieldProblem::Required }],
        n if !is_dns1123_subdomain(n) => vec![FieldError {
            field: "metadata.name".into(),
            problem: FieldProblem::Invalid { value: format!("{n:?}"), detail: DNS1123_SUBDOMAIN_MESSAGE.into() },
        }],
        _ => Vec::new(),
    }
}

fn dns1123_label_errors(field: &str, value: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let invalid = |detail: String| FieldError {
        field: field.to_string(),
        problem: FieldProblem::Invalid { value: format!("{value:?}"), detail },
    };
    if value.len() > 63 {
        errors.push(invalid("must be no more than 63 characters".into()));
    }
    if !has_label_shape(value) {
        errors.push(invalid(DNS1123_LABEL_MESSAGE.into()));
    }
    errors
}

/// Renders a string map as Go's `%#v` does: `map[string]string{"app":"x"}`.
pub fn go_string_map(m: &StringMap) -> String {
    let body: Vec<String> = m.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", body.join(", "))
}

pub(crate) fn non_negative(errors: &mut Vec<FieldError>, field: &str, value: Option<i32>) {
    if let Some(v) = value.filter(|v| *v < 0) {
        errors.push(FieldError {
            field: field.into(),
            problem: FieldProblem::Invalid {
                value: v.to_string(),
                detail: "must be greater than or equal to 0".into(),
            },
        });
    }
}

pub(crate) fn one_of(errors: &mut Vec<FieldError>, field: &str, value: Option<&str>, supported: &[&str]) {
    match value {
        None => errors.push(FieldError { field: field.into(), problem: FieldProblem::Required }),
        Some(v) if !supported.contains(&v) => errors.push(FieldError {
            field: field.into(),
            problem: FieldProblem::Unsupported {
                value: format!("{v:?}"),
                supported: supported.iter().map(|s| s.to_string()).collect(),
            },
        }),
        Some(_) => {}
    }
}

/// `maxUnavailable` of a StatefulSet: a non-negative count or a `N%` percentage, not 0,
/// at most 100%.
fn max_unavailable_errors(max: &IntOrString) -> Vec<FieldError> {
    const FIELD: &str = "spec.updateStrategy.rollingUpdate.maxUnavailable";
    let mut errors = int_or_percent_errors(FIELD, max);
    if max.scaled_down(100) == Some(0) {
        errors.push(invalid_value(FIELD, max, "cannot be 0"));
    }
    errors.extend(over_100_percent(FIELD, max));
    errors
}

/// Validates a defaulted StatefulSet for creation; an empty list means valid.
pub fn validate_statefulset(set: &StatefulSet) -> Vec<FieldError> {
    let mut errors = dns1123_label_errors("metadata.name", &set.metadata.name);
    errors.extend(crate::label_validation::label_errors("metadata.labels", &set.metadata.labels));
    let spec = &set.spec;
    one_of(
        &mut errors,
        "spec.podManagementPolicy",
        spec.pod_management_policy.as_deref(),
        &["OrderedReady", "Parallel"],
    );
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    one_of(&mut errors, "spec.updateStrategy.type", strategy.type_.as_deref(), &["RollingUpdate", "OnDelete"]);
    if strategy.type_.as_deref() == Some("OnDelete") && strategy.rolling_update.is_some() {
        errors.push(FieldError {
            field: "spec.updateStrategy.rollingUpdate".into(),
            problem: FieldProblem::Invalid {
                value: "apps.RollingUpdateStatefulSetStrategy".into(),
                detail: "only allowed for updateStrategy 'RollingUpdate'".into(),
            },
        });
    }
    let rolling = strategy.rolling_update.clone().unwrap_or_default();
    non_negative(&mut errors, "spec.updateStrategy.rollingUpdate.partition", rolling.partition);
    if let Some(max) = &rolling.max_unavailable {
        errors.extend(max_unavailable_errors(max));
    }
    if let Some(policy) = &spec.persistent_volume_claim_retention_policy {
        let supported = ["Retain", "Delete"];
        one_of(
            &mut errors,
            "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
            policy.when_deleted.as_deref(),
            &supported,
        );
        one_of(
            &mut errors,
            "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
            policy.when_scaled.as_deref(),
            &supported,
        );
    }
    non_negative(&mut errors, "spec.replicas", spec.replicas);
    non_negative(&mut errors, "spec.minReadySeconds", spec.min_ready_seconds);
    non_negative(&mut errors, "spec.ordinals.start", spec.ordinals.as_ref().map(|o| o.start));
    if let Some(name) = spec.service_name.as_deref().filter(|s| !s.is_empty()) {
        errors.extend(dns1123_label_errors("spec.serviceName", name));
    }
    errors.extend(selector_and_template_errors(spec.selector.as_ref(), &spec.template, "statefulset"));
    errors
}

/// What every workload's spec must satisfy about its selector and template: a selector,
/// not empty (the message names `owner`, as each kind's validation words it), matching the
/// template's labels, and `restartPolicy: Always`.
pub(crate) fn selector_and_template_errors(
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    owner: &str,
) -> Vec<FieldError> {
    let mut errors = crate::label_validation::label_errors("spec.template.metadata.labels", &template.metadata.labels);
    match selector {
        None => errors.push(FieldError { field: "spec.selector".into(), problem: FieldProblem::Required }),
        Some(sel) if sel.is_empty() => errors.push(FieldError {
            field: "spec.selector".into(),
            problem: FieldProblem::Invalid {
                value: "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}".into(),
                detail: format!("empty selector is invalid for {owner}"),
            },
        }),
        Some(sel) if !sel.matches(&template.metadata.labels) => errors.push(FieldError {
            field: "spec.template.metadata.labels".into(),
            problem: FieldProblem::Invalid {
                value: go_string_map(&template.metadata.labels),
                detail: "`selector` does not match template `labels`".into(),
            },
        }),
        Some(_) => {}
    }
    if let Some(rp) = template.spec.restart_policy.as_deref().filter(|rp| *rp != "Always") {
        errors.push(FieldError {
            field: "spec.template.spec.restartPolicy".into(),
            problem: FieldProblem::Unsupported { value: format!("{rp:?}"), supported: vec!["Always".into()] },
        });
    }
    errors
}

/// How an int-or-string value shows in an `Invalid value:` message.
fn shown(value: &IntOrString) -> String {
    match value {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => format!("{s:?}"),
    }
}

fn invalid_value(field: &str, value: &IntOrString, detail: &str) -> FieldError {
    FieldError { field: field.into(), problem: FieldProblem::Invalid { value: shown(value), detail: detail.into() } }
}

/// `ValidatePositiveIntOrPercent` of `field`: a non-negative count or an `N%` percentage.
pub(crate) fn int_or_percent_errors(field: &str, value: &IntOrString) -> Vec<FieldError> {
    match value {
        IntOrString::Int(n) if *n < 0 => vec![invalid_value(field, value, "must be greater than or equal to 0")],
        IntOrString::String(s) if s.strip_suffix('%').and_then(|p| p.parse::<u32>().ok()).is_none() => vec![invalid_value(
            field,
            value,
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        )],
        _ => Vec::new(),
    }
}

/// `IsNotMoreThan100Percent` of `field`.
pub(crate) fn over_100_percent(field: &str, value: &IntOrString) -> Option<FieldError> {
    let over = matches!(value, IntOrString::String(_)) && value.scaled_down(100).is_some_and(|p| p > 100);
    over.then(|| invalid_value(field, value, "must not be greater than 100%"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_labels_follow_rfc_1123() {
        assert!(is_dns1123_label("web"));
        assert!(is_dns1123_label("web-0"));
        assert!(!is_dns1123_label("DB_main"));
        assert!(!is_dns1123_label("-web"));
        assert!(!is_dns1123_label("web-"));
        assert!(!is_dns1123_label(""));
        assert!(!is_dns1123_label(&"a".repeat(64)));
    }

    #[test]
    fn subdomains_are_dotted_labels() {
        assert!(is_dns1123_subdomain("node-4"));
        assert!(is_dns1123_subdomain("worker.zone-a.example"));
        assert!(!is_dns1123_subdomain("Node_1"));
        assert!(!is_dns1123_subdomain("a..b"));
        assert!(!is_dns1123_subdomain(""));
    }

    #[test]
    fn a_bad_name_is_worded_as_the_api_server_words_it() {
        let errors = dns1123_label_errors("metadata.name", "DB_main");
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "metadata.name: Invalid value: \"DB_main\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        );
    }

    #[test]
    fn max_unavailable_must_be_positive_and_at_most_100_percent() {
        use crate::api::statefulset::{IntOrString, RollingUpdate, StatefulSetUpdateStrategy};
        let mut set = crate::api::StatefulSet::default();
        set.metadata.name = "web".into();
        set.spec.selector = Some(crate::api::meta::LabelSelector {
            match_labels: [("app".to_string(), "x".to_string())].into(),
            ..Default::default()
        });
        set.spec.template.metadata.labels = [("app".to_string(), "x".to_string())].into();
        let with = |max: IntOrString| {
            let mut s = set.clone();
            s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
                type_: Some("RollingUpdate".into()),
                rolling_update: Some(RollingUpdate { partition: None, max_unavailable: Some(max) }),
            });
            crate::defaults::default_statefulset(&mut s);
            validate_statefulset(&s).iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        assert_eq!(
            with(IntOrString::Int(0)),
            ["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0"]
        );
        assert_eq!(
            with(IntOrString::String("150%".into())),
            ["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"]
        );
        assert!(with(IntOrString::String("50%".into())).is_empty());
        assert!(with(IntOrString::Int(2)).is_empty());
    }

    #[test]
    fn maps_render_as_go_prints_them() {
        let m: StringMap = [("app".to_string(), "x".to_string()), ("b".to_string(), "c".to_string())].into();
        assert_eq!(go_string_map(&m), "map[string]string{\"app\":\"x\", \"b\":\"c\"}");
    }
}
