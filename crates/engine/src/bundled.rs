//! Manifests bundled with the engine: the unchanged Kubernetes documentation examples in
//! the repository's `manifests/` folder, so `-f web.yaml` works offline everywhere.

/// The "StatefulSet Basics" tutorial: headless Service `nginx` and StatefulSet `web`.
pub const WEB_YAML: &str = include_str!("../../../manifests/web.yaml");
/// The same with `podManagementPolicy: Parallel`.
pub const WEB_PARALLEL_YAML: &str = include_str!("../../../manifests/web-parallel.yaml");

/// The bundled manifest called `name` (as `kubectl apply -f NAME` names it).
pub fn manifest(name: &str) -> Option<&'static str> {
    match name {
        "web.yaml" => Some(WEB_YAML),
        "web-parallel.yaml" => Some(WEB_PARALLEL_YAML),
        _ => None,
    }
}
