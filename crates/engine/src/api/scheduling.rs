//! What decides where a pod may run: node taints and pod tolerations, node selectors and
//! required node affinity, with the matching rules of `k8s.io/api/core/v1` helpers
//! (`ToleratesTaint`, `MatchNodeSelectorTerms`).

use super::meta::StringMap;
use super::node::Node;
use crate::wire::wire_struct;

/// The taint the API server's admission and `kubectl cordon` stand for on an
/// unschedulable node.
pub const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";
/// The taint of a node whose Ready condition is False.
pub const NOT_READY_TAINT: &str = "node.kubernetes.io/not-ready";
/// The taint of a node whose Ready condition is Unknown (it stopped reporting).
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";
/// How long the DefaultTolerationSeconds admission plugin lets a pod stay on a not-ready
/// or unreachable node.
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;

wire_struct! {
    /// A taint on a node: pods that do not tolerate it are kept off (or evicted).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Taint as "v1.Taint" {
        /// The taint key.
        pub key: String = "key" always,
        /// The taint value, if any.
        pub value: Option<String> = "value" omitempty,
        /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
        pub effect: String = "effect" always,
    }
}

impl Taint {
    /// A taint without a value.
    pub fn new(key: &str, effect: &str) -> Self {
        Taint { key: key.into(), value: None, effect: effect.into() }
    }

    /// The taint as kubectl and the scheduler print it: `key=value:Effect`.
    pub fn to_kubectl(&self) -> String {
        match &self.value {
            Some(v) if !v.is_empty() => format!("{}={v}:{}", self.key, self.effect),
            _ => format!("{}:{}", self.key, self.effect),
        }
    }
}

wire_struct! {
    /// A toleration on a pod.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Toleration as "v1.Toleration" {
        /// The taint key it matches (empty with `Exists`: every key).
        pub key: Option<String> = "key" omitempty,
        /// `Equal` (default) or `Exists`.
        pub operator: Option<String> = "operator" omitempty,
        /// The value it matches with `Equal`.
        pub value: Option<String> = "value" omitempty,
        /// The effect it matches (empty: every effect).
        pub effect: Option<String> = "effect" omitempty,
        /// For `NoExecute`: how long the pod may stay after the taint appears.
        pub toleration_seconds: Option<i64> = "tolerationSeconds" omitempty,
    }
}

impl Toleration {
    /// `ToleratesTaint`: same effect (or any), same key (or any with `Exists`), and the
    /// value equal under `Equal`.
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if self.effect.as_deref().is_some_and(|e| !e.is_empty() && e != taint.effect) {
            return false;
        }
        let key = self.key.as_deref().unwrap_or("");
        if !key.is_empty() && key != taint.key {
            return false;
        }
        match self.operator.as_deref().unwrap_or("Equal") {
            "Exists" => true,
            "Equal" => !key.is_empty() && self.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or(""),
            _ => false,
        }
    }
}

wire_struct! {
    /// `spec.affinity` of a pod. Only the required terms are simulated; preferred ones
    /// are accepted and not kept.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Affinity as "v1.Affinity" {
        /// Rules about the node's labels and fields.
        pub node_affinity: Option<NodeAffinity> = "nodeAffinity" omitempty,
        /// Pods this pod must run near (in the same topology domain).
        pub pod_affinity: Option<PodAffinity> = "podAffinity" omitempty,
        /// Pods this pod must not run near.
        pub pod_anti_affinity: Option<PodAffinity> = "podAntiAffinity" omitempty,
    }
}

wire_struct! {
    /// `podAffinity` or `podAntiAffinity` (the same shape in the API: `v1.PodAffinity`,
    /// `v1.PodAntiAffinity`).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PodAffinity as "v1.PodAffinity" {
        /// Terms every one of which must hold when the pod is scheduled.
        pub required: Vec<PodAffinityTerm> = "requiredDuringSchedulingIgnoredDuringExecution" omitempty,
    }
}

wire_struct! {
    /// One pod (anti-)affinity term: pods picked by `labelSelector` in `namespaces`,
    /// within the topology domain named by the node label `topologyKey`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PodAffinityTerm as "v1.PodAffinityTerm" {
        /// Which pods the term is about.
        pub label_selector: Option<super::meta::LabelSelector> = "labelSelector" omitempty,
        /// Their namespaces; the pod's own when empty.
        pub namespaces: Vec<String> = "namespaces" omitempty,
        /// The node label whose value defines a domain (`kubernetes.io/hostname`: a node;
        /// `topology.kubernetes.io/zone`: a zone).
        pub topology_key: String = "topologyKey" always,
    }
}

impl PodAffinityTerm {
    /// Whether `other` (in `other_ns`) is one of the pods the term of a pod in `own_ns`
    /// is about.
    pub fn selects(&self, own_ns: &str, other_ns: &str, other: &StringMap) -> bool {
        let in_ns =
            if self.namespaces.is_empty() { other_ns == own_ns } else { self.namespaces.iter().any(|n| n == other_ns) };
        in_ns && self.label_selector.as_ref().is_some_and(|s| s.matches(other))
    }
}

wire_struct! {
    /// Node affinity: what a node must (or should) be.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NodeAffinity as "v1.NodeAffinity" {
        /// The terms at least one of which the node must match.
        pub required: Option<NodeSelector> = "requiredDuringSchedulingIgnoredDuringExecution" omitempty,
    }
}

wire_struct! {
    /// A list of terms, ORed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NodeSelector as "v1.NodeSelector" {
        /// The terms.
        pub node_selector_terms: Vec<NodeSelectorTerm> = "nodeSelectorTerms" always,
    }
}

wire_struct! {
    /// One term: every expression and every field requirement must hold.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NodeSelectorTerm as "v1.NodeSelectorTerm" {
        /// Requirements on the node's labels.
        pub match_expressions: Vec<NodeSelectorRequirement> = "matchExpressions" omitempty,
        /// Requirements on the node's fields (`metadata.name`).
        pub match_fields: Vec<NodeSelectorRequirement> = "matchFields" omitempty,
    }
}

wire_struct! {
    /// One requirement: `key operator values`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NodeSelectorRequirement as "v1.NodeSelectorRequirement" {
        /// The label key (or `metadata.name` for a field).
        pub key: String = "key" always,
        /// `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt` or `Lt`.
        pub operator: String = "operator" always,
        /// The values the operator compares with.
        pub values: Vec<String> = "values" omitempty,
    }
}

impl NodeSelectorRequirement {
    fn holds(&self, value: Option<&str>) -> bool {
        let number = |s: &str| s.parse::<i64>().ok();
        match self.operator.as_str() {
            "In" => value.is_some_and(|v| self.values.iter().any(|x| x == v)),
            "NotIn" => value.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            "Gt" | "Lt" => {
                let (Some(v), Some(bound)) = (value.and_then(number), self.values.first().and_then(|b| number(b)))
                else {
                    return false;
                };
                if self.operator == "Gt" {
                    v > bound
                } else {
                    v < bound
                }
            }
            _ => false,
        }
    }
}

impl NodeSelectorTerm {
    /// Whether `node` satisfies the term (an empty term matches nothing, as upstream).
    pub fn matches(&self, node: &Node) -> bool {
        if self.match_expressions.is_empty() && self.match_fields.is_empty() {
            return false;
        }
        let labels = &node.metadata.labels;
        self.match_expressions.iter().all(|r| r.holds(labels.get(&r.key).map(String::as_str)))
            && self.match_fields.iter().all(|r| {
                let field = (r.key == "metadata.name").then_some(node.metadata.name.as_str());
                r.holds(field)
            })
    }
}

/// `NodeAffinity` filter: the pod's `nodeSelector` labels and its required node affinity
/// (any term) both hold for `node`.
pub fn node_matches(node_selector: &StringMap, affinity: Option<&Affinity>, node: &Node) -> bool {
    let labels_ok = node_selector.iter().all(|(k, v)| node.metadata.labels.get(k) == Some(v));
    let required = affinity.and_then(|a| a.node_affinity.as_ref()).and_then(|n| n.required.as_ref());
    labels_ok && required.is_none_or(|r| r.node_selector_terms.iter().any(|t| t.matches(node)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toleration(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Toleration {
            key: opt(key),
            operator: opt(op),
            value: opt(value),
            effect: opt(effect),
            toleration_seconds: None,
        }
    }

    #[test]
    fn tolerations_match_as_tolerates_taint_does() {
        let taint = Taint { key: "dedicated".into(), value: Some("db".into()), effect: "NoSchedule".into() };
        assert!(toleration("dedicated", "Equal", "db", "NoSchedule").tolerates(&taint));
        assert!(toleration("dedicated", "", "db", "").tolerates(&taint), "Equal by default, any effect");
        assert!(toleration("dedicated", "Exists", "", "NoSchedule").tolerates(&taint));
        assert!(toleration("", "Exists", "", "").tolerates(&taint), "an empty key with Exists tolerates all");
        assert!(!toleration("dedicated", "Equal", "web", "NoSchedule").tolerates(&taint));
        assert!(!toleration("dedicated", "Equal", "db", "NoExecute").tolerates(&taint));
        assert!(!toleration("", "Equal", "", "").tolerates(&taint), "Equal needs a key");
    }

    #[test]
    fn node_selector_terms_are_ored_and_their_requirements_anded() {
        let mut node = Node::default();
        node.metadata.name = "node-2".into();
        node.metadata.labels.insert("disk".into(), "ssd".into());
        node.metadata.labels.insert("cores".into(), "8".into());
        let req = |key: &str, operator: &str, values: &[&str]| NodeSelectorRequirement {
            key: key.into(),
            operator: operator.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        let term = |exprs: Vec<NodeSelectorRequirement>, fields: Vec<NodeSelectorRequirement>| NodeSelectorTerm {
            match_expressions: exprs,
            match_fields: fields,
        };
        assert!(term(vec![req("disk", "In", &["ssd", "nvme"]), req("cores", "Gt", &["4"])], vec![]).matches(&node));
        assert!(!term(vec![req("disk", "In", &["ssd"]), req("gpu", "Exists", &[])], vec![]).matches(&node));
        assert!(
            term(vec![req("gpu", "DoesNotExist", &[])], vec![req("metadata.name", "In", &["node-2"])]).matches(&node)
        );
        assert!(!term(vec![], vec![]).matches(&node));
        let affinity = Affinity {
            node_affinity: Some(NodeAffinity {
                required: Some(NodeSelector {
                    node_selector_terms: vec![
                        term(vec![req("disk", "In", &["hdd"])], vec![]),
                        term(vec![], vec![req("metadata.name", "NotIn", &["node-1"])]),
                    ],
                }),
            }),
            ..Default::default()
        };
        assert!(node_matches(&StringMap::new(), Some(&affinity), &node));
        let selector: StringMap = [("disk".to_string(), "hdd".to_string())].into();
        assert!(!node_matches(&selector, Some(&affinity), &node));
    }
}
