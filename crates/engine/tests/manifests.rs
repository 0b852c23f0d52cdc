//! Every manifest the project bundles (`manifests/`: the Kubernetes documentation's,
//! copies of `shared/manifests/`, and the playground's own Deployment) applies unchanged to
//! a fresh cluster and settles with every pod Running and Ready.

mod common;

use common::*;
use sts_engine::api::Pod;

#[test]
fn every_bundled_manifest_applies_unchanged_and_settles_ready() {
    for files in [
        &["web.yaml"][..],
        &["web-parallel.yaml"],
        &["mysql-configmap.yaml", "mysql-services.yaml", "mysql-statefulset.yaml"],
        &["web-deployment.yaml"],
    ] {
        let lines: String = files.iter().map(|f| format!("kubectl apply -f {f}\n")).collect();
        let (sim, out) = script(&format!("{lines}sim settle\n"));
        assert!(!out.contains("rror"), "{out}");
        let pods: Vec<&Pod> = sim.cluster().list::<Pod>().values().collect();
        assert!(!pods.is_empty(), "{files:?} made pods");
        for p in pods {
            assert!(p.is_running_and_ready(), "{} is {} after {files:?}", p.metadata.name, p.kubectl_status());
        }
    }
}

/// A `kind: List` manifest (as people write one file of several objects) applies its
/// items, each reported as kubectl reports it.
#[test]
fn a_list_applies_its_items() {
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: nginx\n  spec:\n    clusterIP: None\n    selector:\n      app: nginx\n    ports:\n    - port: 80\n      name: web\n\
                - apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: Bad\n";
    let (sim, out) = script(&format!("kubectl apply -f - <<EOF\n{list}EOF\n"));
    assert!(out.contains("service/nginx created\n"), "{out}");
    assert!(out.contains("The ConfigMap \"Bad\" is invalid: metadata.name: Invalid value: \"Bad\""), "{out}");
    assert!(sim.cluster().get::<sts_engine::api::Service>(&sts_engine::ObjectKey::default_ns("nginx")).is_some());
}
