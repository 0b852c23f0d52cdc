//! Manifests bundled with the engine: the unchanged Kubernetes documentation examples in
//! the repository's `manifests/` folder, so `-f web.yaml` works offline everywhere.

/// The "StatefulSet Basics" tutorial: headless Service `nginx` and StatefulSet `web`.
pub const WEB_YAML: &str = include_str!("../../../manifests/web.yaml");
/// The same with `podManagementPolicy: Parallel`.
pub const WEB_PARALLEL_YAML: &str = include_str!("../../../manifests/web-parallel.yaml");

/// The "Run a Replicated Stateful Application" tutorial: the MySQL ConfigMap.
pub const MYSQL_CONFIGMAP_YAML: &str = include_str!("../../../manifests/mysql-configmap.yaml");
/// The same tutorial's two Services (`mysql` headless, `mysql-read`).
pub const MYSQL_SERVICES_YAML: &str = include_str!("../../../manifests/mysql-services.yaml");
/// The same tutorial's StatefulSet `mysql`.
pub const MYSQL_STATEFULSET_YAML: &str = include_str!("../../../manifests/mysql-statefulset.yaml");

/// The playground's own Deployment `web-stateless`, the same nginx as `web` without
/// identity or storage, for the stateless contrast.
pub const WEB_DEPLOYMENT_YAML: &str = include_str!("../../../manifests/web-deployment.yaml");

/// The names `kubectl apply -f` finds among the bundled manifests.
pub const NAMES: &[&str] = &[
    "mysql-configmap.yaml",
    "mysql-services.yaml",
    "mysql-statefulset.yaml",
    "web-deployment.yaml",
    "web-parallel.yaml",
    "web.yaml",
];

/// The bundled manifest called `name` (as `kubectl apply -f NAME` names it).
pub fn manifest(name: &str) -> Option<&'static str> {
    match name {
        "web.yaml" => Some(WEB_YAML),
        "web-parallel.yaml" => Some(WEB_PARALLEL_YAML),
        "mysql-configmap.yaml" => Some(MYSQL_CONFIGMAP_YAML),
        "mysql-services.yaml" => Some(MYSQL_SERVICES_YAML),
        "mysql-statefulset.yaml" => Some(MYSQL_STATEFULSET_YAML),
        "web-deployment.yaml" => Some(WEB_DEPLOYMENT_YAML),
        _ => None,
    }
}

/// The guided tours in the repository's `tours/` folder, in the order the page offers
/// them (the lessons first, then the traps): each tour's name and its script.
pub const TOURS: &[(&str, &str)] = &[
    ("stateless", include_str!("../../../tours/stateless.sts")),
    ("identity", include_str!("../../../tours/identity.sts")),
    ("rescheduling", include_str!("../../../tours/rescheduling.sts")),
    ("storage", include_str!("../../../tours/storage.sts")),
    ("replication", include_str!("../../../tours/replication.sts")),
    ("no-pv", include_str!("../../../tours/no-pv.sts")),
    ("local-storage", include_str!("../../../tours/local-storage.sts")),
    ("ordering", include_str!("../../../tours/ordering.sts")),
    ("dns", include_str!("../../../tours/dns.sts")),
    ("forced-rollback", include_str!("../../../tours/forced-rollback.sts")),
    ("node-failure", include_str!("../../../tours/node-failure.sts")),
];

/// The script of the bundled tour called `name`.
pub fn tour(name: &str) -> Option<&'static str> {
    TOURS.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}
