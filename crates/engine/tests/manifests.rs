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
