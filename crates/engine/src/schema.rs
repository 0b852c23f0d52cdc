//! The field names of the Kubernetes API types that manifests of the simulated kinds use,
//! for the API server's strict field validation (kubectl's default since 1.27): a field
//! the type does not have is refused with `strict decoding error: unknown field "PATH"`.
//!
//! The simulation models only some fields; this table lists every field the real types
//! have (Kubernetes v1.32), so a valid manifest with fields the simulation ignores (probes'
//! `exec`, `resources`, `env`, …) is accepted, and only a misspelt or invented field is
//! refused. Branches the simulation never reads are [`Shape::Any`]: what is inside them is
//! not checked.

use serde_json::Value;

/// What a field holds, as far as strict validation looks.
#[derive(Debug)]
pub enum Shape {
    /// Anything (a map of strings, a quantity, a branch not checked further).
    Any,
    /// An object with exactly these fields.
    Object(&'static [(&'static str, Shape)]),
    /// A list of the inner shape.
    List(&'static Shape),
    /// The shape of a type defined once and used in several places.
    Ref(&'static Shape),
}

use Shape::{Any, List, Object, Ref};

/// `metadata` of any object.
pub static OBJECT_META: Shape = Object(&[
    ("name", Any),
    ("generateName", Any),
    ("namespace", Any),
    ("selfLink", Any),
    ("uid", Any),
    ("resourceVersion", Any),
    ("generation", Any),
    ("creationTimestamp", Any),
    ("deletionTimestamp", Any),
    ("deletionGracePeriodSeconds", Any),
    ("labels", Any),
    ("annotations", Any),
    ("ownerReferences", List(&OWNER_REFERENCE)),
    ("finalizers", Any),
    ("managedFields", Any),
]);

static OWNER_REFERENCE: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("name", Any),
    ("uid", Any),
    ("controller", Any),
    ("blockOwnerDeletion", Any),
]);

static LABEL_SELECTOR: Shape = Object(&[("matchLabels", Any), ("matchExpressions", List(&SELECTOR_REQUIREMENT))]);

static SELECTOR_REQUIREMENT: Shape = Object(&[("key", Any), ("operator", Any), ("values", Any)]);

static PROBE: Shape = Object(&[
    ("exec", Any),
    ("httpGet", Any),
    ("tcpSocket", Any),
    ("grpc", Any),
    ("initialDelaySeconds", Any),
    ("timeoutSeconds", Any),
    ("periodSeconds", Any),
    ("successThreshold", Any),
    ("failureThreshold", Any),
    ("terminationGracePeriodSeconds", Any),
]);

static CONTAINER_PORT: Shape =
    Object(&[("name", Any), ("hostPort", Any), ("containerPort", Any), ("protocol", Any), ("hostIP", Any)]);

static VOLUME_MOUNT: Shape = Object(&[
    ("name", Any),
    ("readOnly", Any),
    ("recursiveReadOnly", Any),
    ("mountPath", Any),
    ("subPath", Any),
    ("mountPropagation", Any),
    ("subPathExpr", Any),
]);

static CONTAINER: Shape = Object(&[
    ("name", Any),
    ("image", Any),
    ("command", Any),
    ("args", Any),
    ("workingDir", Any),
    ("ports", List(&CONTAINER_PORT)),
    ("envFrom", Any),
    ("env", Any),
    ("resources", Any),
    ("resizePolicy", Any),
    ("restartPolicy", Any),
    ("volumeMounts", List(&VOLUME_MOUNT)),
    ("volumeDevices", Any),
    ("livenessProbe", Ref(&PROBE)),
    ("readinessProbe", Ref(&PROBE)),
    ("startupProbe", Ref(&PROBE)),
    ("lifecycle", Any),
    ("terminationMessagePath", Any),
    ("terminationMessagePolicy", Any),
    ("imagePullPolicy", Any),
    ("securityContext", Any),
    ("stdin", Any),
    ("stdinOnce", Any),
    ("tty", Any),
]);

static VOLUME: Shape = Object(&[
    ("name", Any),
    ("hostPath", Any),
    ("emptyDir", Any),
    ("gcePersistentDisk", Any),
    ("awsElasticBlockStore", Any),
    ("gitRepo", Any),
    ("secret", Any),
    ("nfs", Any),
    ("iscsi", Any),
    ("glusterfs", Any),
    ("persistentVolumeClaim", Any),
    ("rbd", Any),
    ("flexVolume", Any),
    ("cinder", Any),
    ("cephfs", Any),
    ("flocker", Any),
    ("downwardAPI", Any),
    ("fc", Any),
    ("azureFile", Any),
    ("configMap", Any),
    ("vsphereVolume", Any),
    ("quobyte", Any),
    ("azureDisk", Any),
    ("photonPersistentDisk", Any),
    ("projected", Any),
    ("portworxVolume", Any),
    ("scaleIO", Any),
    ("storageos", Any),
    ("csi", Any),
    ("ephemeral", Any),
    ("image", Any),
]);

static POD_SPEC: Shape = Object(&[
    ("volumes", List(&VOLUME)),
    ("initContainers", List(&CONTAINER)),
    ("containers", List(&CONTAINER)),
    ("ephemeralContainers", Any),
    ("restartPolicy", Any),
    ("terminationGracePeriodSeconds", Any),
    ("activeDeadlineSeconds", Any),
    ("dnsPolicy", Any),
    ("nodeSelector", Any),
    ("serviceAccountName", Any),
    ("serviceAccount", Any),
    ("automountServiceAccountToken", Any),
    ("nodeName", Any),
    ("hostNetwork", Any),
    ("hostPID", Any),
    ("hostIPC", Any),
    ("shareProcessNamespace", Any),
    ("securityContext", Any),
    ("imagePullSecrets", Any),
    ("hostname", Any),
    ("subdomain", Any),
    ("affinity", Any),
    ("schedulerName", Any),
    ("tolerations", Any),
    ("hostAliases", Any),
    ("priorityClassName", Any),
    ("priority", Any),
    ("dnsConfig", Any),
    ("readinessGates", Any),
    ("runtimeClassName", Any),
    ("enableServiceLinks", Any),
    ("preemptionPolicy", Any),
    ("overhead", Any),
    ("topologySpreadConstraints", Any),
    ("setHostnameAsFQDN", Any),
    ("os", Any),
    ("hostUsers", Any),
    ("schedulingGates", Any),
    ("resourceClaims", Any),
    ("resources", Any),
]);

static POD_TEMPLATE_SPEC: Shape = Object(&[("metadata", Ref(&OBJECT_META)), ("spec", Ref(&POD_SPEC))]);

static CLAIM_SPEC: Shape = Object(&[
    ("accessModes", Any),
    ("selector", Ref(&LABEL_SELECTOR)),
    ("resources", Any),
    ("volumeName", Any),
    ("storageClassName", Any),
    ("volumeMode", Any),
    ("dataSource", Any),
    ("dataSourceRef", Any),
    ("volumeAttributesClassName", Any),
]);

static CLAIM: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    ("spec", Ref(&CLAIM_SPEC)),
    ("status", Any),
]);

static STATEFULSET_SPEC: Shape = Object(&[
    ("replicas", Any),
    ("selector", Ref(&LABEL_SELECTOR)),
    ("template", Ref(&POD_TEMPLATE_SPEC)),
    ("volumeClaimTemplates", List(&CLAIM)),
    ("serviceName", Any),
    ("podManagementPolicy", Any),
    (
        "updateStrategy",
        Object(&[("type", Any), ("rollingUpdate", Object(&[("partition", Any), ("maxUnavailable", Any)]))]),
    ),
    ("revisionHistoryLimit", Any),
    ("minReadySeconds", Any),
    ("persistentVolumeClaimRetentionPolicy", Object(&[("whenDeleted", Any), ("whenScaled", Any)])),
    ("ordinals", Object(&[("start", Any)])),
]);

/// An apps/v1 StatefulSet.
pub static STATEFULSET: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    ("spec", Ref(&STATEFULSET_SPEC)),
    ("status", Any),
]);

static TAINT: Shape = Object(&[("key", Any), ("value", Any), ("effect", Any), ("timeAdded", Any)]);

/// A core/v1 Node.
pub static NODE: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    (
        "spec",
        Object(&[
            ("podCIDR", Any),
            ("podCIDRs", Any),
            ("providerID", Any),
            ("unschedulable", Any),
            ("taints", List(&TAINT)),
            ("configSource", Any),
            ("externalID", Any),
        ]),
    ),
    ("status", Any),
]);

static PERSISTENT_VOLUME_SPEC: Shape = Object(&[
    ("capacity", Any),
    ("accessModes", Any),
    ("claimRef", Any),
    ("persistentVolumeReclaimPolicy", Any),
    ("storageClassName", Any),
    ("mountOptions", Any),
    ("volumeMode", Any),
    ("nodeAffinity", Any),
    ("volumeAttributesClassName", Any),
    ("gcePersistentDisk", Any),
    ("awsElasticBlockStore", Any),
    ("hostPath", Any),
    ("glusterfs", Any),
    ("nfs", Any),
    ("rbd", Any),
    ("iscsi", Any),
    ("cinder", Any),
    ("cephfs", Any),
    ("fc", Any),
    ("flocker", Any),
    ("flexVolume", Any),
    ("azureFile", Any),
    ("vsphereVolume", Any),
    ("quobyte", Any),
    ("azureDisk", Any),
    ("photonPersistentDisk", Any),
    ("portworxVolume", Any),
    ("scaleIO", Any),
    ("local", Any),
    ("storageos", Any),
    ("csi", Any),
]);

/// A core/v1 PersistentVolume.
pub static PERSISTENT_VOLUME: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    ("spec", Ref(&PERSISTENT_VOLUME_SPEC)),
    ("status", Any),
]);

static DEPLOYMENT_SPEC: Shape = Object(&[
    ("replicas", Any),
    ("selector", Ref(&LABEL_SELECTOR)),
    ("template", Ref(&POD_TEMPLATE_SPEC)),
    ("strategy", Object(&[("type", Any), ("rollingUpdate", Object(&[("maxUnavailable", Any), ("maxSurge", Any)]))])),
    ("minReadySeconds", Any),
    ("revisionHistoryLimit", Any),
    ("paused", Any),
    ("progressDeadlineSeconds", Any),
]);

/// An apps/v1 Deployment.
pub static DEPLOYMENT: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    ("spec", Ref(&DEPLOYMENT_SPEC)),
    ("status", Any),
]);

static REPLICA_SET_SPEC: Shape = Object(&[
    ("replicas", Any),
    ("minReadySeconds", Any),
    ("selector", Ref(&LABEL_SELECTOR)),
    ("template", Ref(&POD_TEMPLATE_SPEC)),
]);

/// An apps/v1 ReplicaSet.
pub static REPLICA_SET: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    ("spec", Ref(&REPLICA_SET_SPEC)),
    ("status", Any),
]);

static SERVICE_PORT: Shape = Object(&[
    ("name", Any),
    ("protocol", Any),
    ("appProtocol", Any),
    ("port", Any),
    ("targetPort", Any),
    ("nodePort", Any),
]);

/// A core/v1 Service.
pub static SERVICE: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    (
        "spec",
        Object(&[
            ("ports", List(&SERVICE_PORT)),
            ("selector", Any),
            ("clusterIP", Any),
            ("clusterIPs", Any),
            ("type", Any),
            ("externalIPs", Any),
            ("sessionAffinity", Any),
            ("loadBalancerIP", Any),
            ("loadBalancerSourceRanges", Any),
            ("externalName", Any),
            ("externalTrafficPolicy", Any),
            ("healthCheckNodePort", Any),
            ("publishNotReadyAddresses", Any),
            ("sessionAffinityConfig", Any),
            ("ipFamilies", Any),
            ("ipFamilyPolicy", Any),
            ("allocateLoadBalancerNodePorts", Any),
            ("loadBalancerClass", Any),
            ("internalTrafficPolicy", Any),
            ("trafficDistribution", Any),
        ]),
    ),
    ("status", Any),
]);

/// A core/v1 PersistentVolumeClaim.
pub static PERSISTENT_VOLUME_CLAIM: Shape = Ref(&CLAIM);

/// A storage.k8s.io/v1 StorageClass.
pub static STORAGE_CLASS: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    ("provisioner", Any),
    ("parameters", Any),
    ("reclaimPolicy", Any),
    ("mountOptions", Any),
    ("allowVolumeExpansion", Any),
    ("volumeBindingMode", Any),
    ("allowedTopologies", Any),
]);

/// A core/v1 ConfigMap.
pub static CONFIG_MAP: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    ("data", Any),
    ("binaryData", Any),
    ("immutable", Any),
]);

/// A core/v1 Secret.
pub static SECRET: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    ("data", Any),
    ("stringData", Any),
    ("type", Any),
    ("immutable", Any),
]);

/// A policy/v1 PodDisruptionBudget.
pub static POD_DISRUPTION_BUDGET: Shape = Object(&[
    ("apiVersion", Any),
    ("kind", Any),
    ("metadata", Ref(&OBJECT_META)),
    (
        "spec",
        Object(&[
            ("minAvailable", Any),
            ("selector", Ref(&LABEL_SELECTOR)),
            ("maxUnavailable", Any),
            ("unhealthyPodEvictionPolicy", Any),
        ]),
    ),
    ("status", Any),
]);

/// Every field of `value` that `shape` does not have, as the API server names them
/// (`spec.template.spec.containers[0].imagee`), in key order.
pub fn unknown_fields(value: &Value, shape: &Shape) -> Vec<String> {
    let mut found = Vec::new();
    walk(value, shape, "", &mut found);
    found
}

fn walk(value: &Value, shape: &Shape, path: &str, found: &mut Vec<String>) {
    match (shape, value) {
        (Object(fields), Value::Object(map)) => {
            for (key, inner) in map {
                let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                match fields.iter().find(|(name, _)| name == key) {
                    Some((_, shape)) => walk(inner, shape, &child, found),
                    None => found.push(child),
                }
            }
        }
        (Ref(target), _) => walk(value, target, path, found),
        (List(item), Value::Array(items)) => {
            for (i, inner) in items.iter().enumerate() {
                walk(inner, item, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn misspelt_fields_are_named_with_their_path() {
        let set = json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web", "lables": {}},
            "spec": {"replica": 3, "template": {"spec": {"containers": [{"name": "a"}, {"name": "b", "imagee": "x"}]}}}
        });
        assert_eq!(
            unknown_fields(&set, &STATEFULSET),
            ["metadata.lables", "spec.replica", "spec.template.spec.containers[1].imagee"]
        );
    }

    #[test]
    fn real_fields_the_simulation_ignores_are_accepted() {
        let set = json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
            "spec": {
                "replicas": 3, "selector": {"matchLabels": {"app": "mysql"}},
                "template": {"metadata": {"labels": {"app": "mysql"}}, "spec": {
                    "containers": [{"name": "mysql", "resources": {"requests": {"cpu": "500m"}},
                        "livenessProbe": {"exec": {"command": ["mysqladmin", "ping"]}, "initialDelaySeconds": 30},
                        "env": [{"name": "A", "value": "1"}], "volumeMounts": [{"name": "data", "mountPath": "/d", "subPath": "m"}]}],
                    "volumes": [{"name": "conf", "emptyDir": {}}, {"name": "cm", "configMap": {"name": "mysql"}}]}},
                "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}]
            }
        });
        assert!(unknown_fields(&set, &STATEFULSET).is_empty());
    }
}
