//! kubectl commands beyond apply/get/scale: `rollout status|history|undo|restart`,
//! `describe`, and `get -w` in a script, each checked against kubectl's wording.

mod common;

use common::*;

fn after(out: &str, command: &str) -> String {
    let start = out.find(&format!("$ {command}\n")).map(|i| i + command.len() + 3).expect("command echoed");
    let rest = &out[start..];
    rest[..rest.find("\n$ ").map_or(rest.len(), |i| i + 1)].to_string()
}

#[test]
fn rollout_status_follows_the_rollout_to_its_end() {
    let (_, out) = script(
        "kubectl apply -f web.yaml\nkubectl rollout status sts/web\n\
         kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.8\nkubectl rollout status sts/web\n",
    );
    assert_eq!(
        after(&out, "kubectl rollout status sts/web"),
        "Waiting for 2 pods to be ready...\nWaiting for 1 pods to be ready...\n\
         partitioned roll out complete: 2 new pods have been updated...\n"
    );
    let second = &out[out.rfind("$ kubectl rollout status sts/web\n").expect("second status")..];
    assert!(second.contains("Waiting for partitioned roll out to finish: 0 out of 2 new pods have been updated...\n"));
    assert!(second.contains("Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n"));
    assert!(second.ends_with("partitioned roll out complete: 2 new pods have been updated...\n"), "{second}");
}

#[test]
fn rollout_status_says_when_it_gives_up() {
    let (sim, out) = script(
        "kubectl apply -f web.yaml\nsim settle\nsim image bad:1 crash\nkubectl set image sts/web nginx=bad:1\n\
         kubectl rollout status sts/web --timeout=2m\n",
    );
    assert!(out.ends_with("Waiting for 1 pods to be ready...\nerror: timed out waiting for the condition\n"), "{out}");
    assert!(sim.now().as_millis() >= 120_000, "the timeout is simulated time that passed");
    let (_, out) = script(
        "kubectl apply -f web.yaml\nsim settle\n\
         kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}'\n\
         kubectl rollout status sts/web\n",
    );
    assert!(out.ends_with("error: rollout status is only available for RollingUpdate strategy type\n"), "{out}");
}

#[test]
fn rollout_history_and_undo_reuse_the_old_revision() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    let first = web(&sim).status.clone().and_then(|s| s.update_revision).expect("revision");
    let out = more(
        &mut sim,
        "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.8\nsim settle\nkubectl rollout history sts/web\n",
    );
    assert_eq!(
        after(&out, "kubectl rollout history sts/web"),
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    );
    let out = more(&mut sim, "kubectl rollout history sts/web --revision=1\n");
    assert!(out.contains("statefulset.apps/web with revision #1\nPod Template:\n  Labels:  app=nginx\n"), "{out}");
    assert!(out.contains("    Image:        registry.k8s.io/nginx-slim:0.7\n"), "{out}");

    let out = more(&mut sim, "kubectl rollout undo sts/web\nsim settle\nkubectl rollout history sts/web\n");
    assert!(out.contains("statefulset.apps/web rolled back\n"), "{out}");
    assert!(out.contains("REVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n"), "revision 1 became 3: {out}");
    let status = web(&sim).status.clone().expect("status");
    assert_eq!(status.update_revision.as_deref(), Some(first.as_str()), "the old revision's name is reused");
    assert_eq!(status.current_revision, status.update_revision);
    assert_eq!(
        pod(&sim, "web-0").and_then(|p| p.spec.containers.first()).map(|c| c.image.clone()).as_deref(),
        Some("registry.k8s.io/nginx-slim:0.7")
    );
    let out =
        more(&mut sim, "kubectl rollout undo sts/web --to-revision=3\nkubectl rollout undo sts/web --to-revision=9\n");
    assert!(out.contains("statefulset.apps/web skipped rollback (current template already matches revision 3)\n"));
    assert!(out.contains("error: unable to find specified revision 9 in history\n"), "{out}");
}

#[test]
fn rollout_restart_replaces_every_pod() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\nsim advance 1m\n");
    let uids: Vec<String> =
        ["web-0", "web-1"].iter().filter_map(|n| pod(&sim, n)).map(|p| p.metadata.uid.clone()).collect();
    let out = more(&mut sim, "kubectl rollout restart sts/web\nsim settle\n");
    assert!(out.contains("statefulset.apps/web restarted\n"), "{out}");
    let annotation = web(&sim).spec.template.metadata.annotations.get("kubectl.kubernetes.io/restartedAt").cloned();
    assert_eq!(annotation.as_deref(), Some("2025-01-01T00:01:09Z"));
    for (name, old) in ["web-0", "web-1"].iter().zip(&uids) {
        assert!(pod(&sim, name).is_some_and(|p| &p.metadata.uid != old && p.is_running_and_ready()));
    }
}

#[test]
fn describe_statefulset_and_pod() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    let out = more(&mut sim, "kubectl describe sts web\n");
    for expected in [
        "Name:               web\n",
        "CreationTimestamp:  Wed, 01 Jan 2025 00:00:00 +0000\n",
        "Selector:           app=nginx\n",
        "Replicas:           2 desired | 2 total\n",
        "Update Strategy:    RollingUpdate\n  Partition:        0\n",
        "Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n",
        "Volume Claims:\n  Name:          www\n",
        "  Capacity:      1Gi\n  Access Modes:  [ReadWriteOnce]\n",
        "Events:\n  Type    Reason            Age   From                    Message\n",
        "  Normal  SuccessfulCreate  9s    statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success\n",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    let out = more(&mut sim, "kubectl describe pod web-1\n");
    for expected in [
        "Labels:           app=nginx\n                  apps.kubernetes.io/pod-index=1\n",
        "Status:           Running\n",
        "Controlled By:  StatefulSet/web\n",
        "    ClaimName:   www-web-1\n",
        "  Normal  Scheduled  ",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    let out = more(&mut sim, "kubectl describe pod web-9\nkubectl describe svc nginx\n");
    assert!(out.contains("Error from server (NotFound): pods \"web-9\" not found\n"), "{out}");
    assert!(out.contains("Port:         web  80/TCP\nEvents:       <none>\n"), "{out}");
}

#[test]
fn get_watch_prints_what_the_sim_lines_cause_until_the_next_kubectl_line() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    let out = more(&mut sim, "kubectl delete pod web-1\nkubectl get pods -w\nsim settle\n");
    let watched = after(&out, "sim settle");
    let lines: Vec<&str> = watched.lines().collect();
    assert!(lines[0].starts_with("settled in "), "{watched}");
    let statuses: Vec<String> = lines[1..]
        .iter()
        .filter(|l| l.starts_with("web-1"))
        .map(|l| l.split_whitespace().nth(2).unwrap_or_default().to_string())
        .collect();
    assert_eq!(statuses, ["Terminating", "Pending", "ContainerCreating", "Running", "Running"], "{watched}");
    assert!(!watched.contains("web-0"), "an unchanged pod prints nothing");
    let out = more(&mut sim, "kubectl get sts\nsim pod unready web-0\nsim advance 5s\n");
    assert!(!after(&out, "sim advance 5s").contains("web-0"), "a kubectl line ended the watch");
}

#[test]
fn a_patch_that_changes_nothing_says_so_and_writes_nothing() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    let version = web(&sim).metadata.resource_version.clone();
    let out = more(&mut sim, "kubectl patch sts web -p '{\"spec\":{\"replicas\":2}}'\n");
    assert!(out.ends_with("statefulset.apps/web patched (no change)\n"), "{out}");
    assert_eq!(web(&sim).metadata.resource_version, version);
    let out =
        more(&mut sim, "kubectl patch pvc www-web-0 --type=merge -p '{\"metadata\":{\"labels\":{\"tier\":\"db\"}}}'\n");
    assert!(out.ends_with("persistentvolumeclaim/www-web-0 patched\n"), "{out}");
}

/// ConfigMaps and Secrets are stored as the API server stores them (issue 3, item 5): the
/// docs' MySQL ConfigMap applies unchanged, a Secret's `stringData` is encoded into
/// `data`, and get / describe / delete print what kubectl prints.
#[test]
fn config_maps_and_secrets_are_stored_and_shown_as_kubectl_shows_them() {
    let (sim, out) = script(
        "kubectl apply -f mysql-configmap.yaml\nkubectl apply -f mysql-configmap.yaml\n\
         kubectl apply -f - <<EOF\napiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: s3cret\nEOF\n\
         kubectl get cm\nkubectl get secrets\nkubectl describe secret creds\n",
    );
    assert_eq!(after(&out, "kubectl apply -f mysql-configmap.yaml"), "configmap/mysql created\n");
    assert!(out.contains("configmap/mysql unchanged\n"), "{out}");
    assert_eq!(after(&out, "kubectl get cm"), "NAME    DATA   AGE\nmysql   2      0s\n");
    assert_eq!(after(&out, "kubectl get secrets"), "NAME    TYPE     DATA   AGE\ncreds   Opaque   1      0s\n");
    assert_eq!(
        after(&out, "kubectl describe secret creds"),
        "Name:         creds\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n\
         Type:  Opaque\n\nData\n====\npassword:  6 bytes\n"
    );
    let secret =
        sim.cluster().get::<sts_engine::api::Secret>(&sts_engine::ObjectKey::default_ns("creds")).expect("stored");
    assert_eq!(secret.data.get("password").map(String::as_str), Some("czNjcmV0"));
    assert!(secret.string_data.is_empty(), "stringData is never stored");
    let cm =
        sim.cluster().get::<sts_engine::api::ConfigMap>(&sts_engine::ObjectKey::default_ns("mysql")).expect("stored");
    assert!(cm.data.get("primary.cnf").is_some_and(|v| v.contains("log-bin")));

    let (_, out) = script(
        "kubectl apply -f mysql-configmap.yaml\nkubectl describe cm mysql\nkubectl delete cm mysql\nkubectl get cm\n",
    );
    assert!(
        after(&out, "kubectl describe cm mysql").starts_with(
            "Name:         mysql\nNamespace:    default\nLabels:       app=mysql\nAnnotations:  <none>\n\n\
             Data\n====\nprimary.cnf:\n----\n# Apply this config only on the primary.\n[mysqld]\nlog-bin\n\n"
        ),
        "{out}"
    );
    assert!(out.ends_with("BinaryData\n====\n\nEvents:  <none>\n$ kubectl delete cm mysql\nconfigmap \"mysql\" deleted\n$ kubectl get cm\nNo resources found in default namespace.\n"), "{out}");
}

/// A Service that is not headless gets a cluster IP from 10.96.0.0/12, kept when the
/// manifest is applied again.
#[test]
fn a_cluster_ip_is_allocated_and_kept() {
    let (sim, _) = script("kubectl apply -f mysql-services.yaml\nkubectl apply -f mysql-services.yaml\n");
    let read = sim
        .cluster()
        .get::<sts_engine::api::Service>(&sts_engine::ObjectKey::default_ns("mysql-read"))
        .expect("mysql-read");
    let ip: std::net::Ipv4Addr = read.spec.cluster_ip.as_deref().unwrap_or_default().parse().expect("an IPv4 address");
    assert_eq!(u32::from(ip) >> 20, 0x0a60_0000 >> 20, "{ip} in 10.96.0.0/12");
}

/// A document the API server refuses (strict field validation) does not stop the others;
/// kubectl prints what it applied first and the errors at the end.
#[test]
fn a_refused_document_leaves_the_others_applied_and_its_error_last() {
    let (_, out) = script(
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n\
         apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  clusterIp: None\n---\n\
         apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\nEOF\n",
    );
    assert!(
        out.ends_with(
            "EOF\nconfigmap/a created\nconfigmap/b created\nError from server (BadRequest): error when creating \"STDIN\": \
             Service in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"spec.clusterIp\"\n"
        ),
        "{out}"
    );
}

/// `kubectl label` and `kubectl annotate` work on any kind, namespaced or not.
#[test]
fn label_and_annotate_any_kind() {
    let (sim, out) = script(
        "kubectl apply -f web.yaml\nsim settle\nkubectl label pvc www-web-0 tier=data\n\
         kubectl label node node-1 disk=ssd\nkubectl annotate svc nginx owner=team-a\n\
         kubectl label node node-1 disk=hdd\nkubectl label node node-1 disk=hdd --overwrite\n\
         kubectl label cm nothing a=b\n",
    );
    for expected in [
        "persistentvolumeclaim/www-web-0 labeled\n",
        "node/node-1 labeled\n",
        "service/nginx annotated\n",
        "error: 'disk' already has a value (ssd), and --overwrite is false\n",
        "Error from server (NotFound): configmaps \"nothing\" not found\n",
    ] {
        assert!(out.contains(expected), "{expected:?} in\n{out}");
    }
    let node =
        sim.cluster().get::<sts_engine::api::Node>(&sts_engine::ObjectKey::cluster_scoped("node-1")).expect("node");
    assert_eq!(node.metadata.labels.get("disk").map(String::as_str), Some("hdd"));
}

/// `kubectl describe pvc` and `describe pv` in kubectl's layout, with the claim's user
/// and the provisioning events.
#[test]
fn describe_claim_and_volume() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    let out = more(&mut sim, "kubectl describe pvc www-web-0\n");
    let volume = sim
        .cluster()
        .get::<sts_engine::api::PersistentVolumeClaim>(&sts_engine::ObjectKey::default_ns("www-web-0"))
        .and_then(|c| c.spec.volume_name.clone())
        .expect("bound");
    for expected in [
        "Name:          www-web-0\nNamespace:     default\nStorageClass:  standard\nStatus:        Bound\n".to_string(),
        format!("Volume:        {volume}\n"),
        "Finalizers:    [kubernetes.io/pvc-protection]\nCapacity:      1Gi\nAccess Modes:  RWO\nVolumeMode:    Filesystem\nUsed By:       web-0\n".to_string(),
        "  Normal  WaitForFirstConsumer   ".to_string(),
        format!("  Normal  ProvisioningSucceeded  8s    playground.sim/network-volume  Successfully provisioned volume {volume}\n"),
    ] {
        assert!(out.contains(&expected), "missing {expected:?} in\n{out}");
    }
    let out = more(&mut sim, &format!("kubectl describe pv {volume}\n"));
    assert!(
        out.ends_with(
            "StorageClass:    standard\nStatus:          Bound\nClaim:           default/www-web-0\n\
             Reclaim Policy:  Delete\nAccess Modes:    RWO\nCapacity:        1Gi\nNode Affinity:   <none>\n\
             Events:          <none>\n"
        ),
        "{out}"
    );
}

/// A claim another controller owns, that also names the set, is left to that owner: the
/// set records the `ConflictingController` warning (upstream's words, typo included) and
/// removes only its own reference.
#[test]
fn a_claim_owned_by_another_controller_gets_a_conflicting_controller_warning() {
    let (mut sim, _) = script(
        "kubectl apply -f web.yaml\nsim settle\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owner\nEOF\n",
    );
    let uid_of = |sim: &sts_engine::Simulation, kind: sts_engine::api::Kind, name: &str| {
        sim.cluster().meta_of(kind, &sts_engine::ObjectKey::default_ns(name)).map(|m| m.uid.clone()).expect("exists")
    };
    let owner = uid_of(&sim, sts_engine::api::Kind::ConfigMap, "owner");
    let set = uid_of(&sim, sts_engine::api::Kind::StatefulSet, "web");
    let refs = format!(
        "[{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"owner\",\"uid\":\"{owner}\",\"controller\":true}},\
         {{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":\"web\",\"uid\":\"{set}\"}}]"
    );
    more(
        &mut sim,
        &format!(
            "kubectl patch pvc www-web-0 --type merge -p '{{\"metadata\":{{\"ownerReferences\":{refs}}}}}'\n\
             kubectl annotate sts web touched=yes\n"
        ),
    );
    let warnings: Vec<(String, String, String)> =
        set_events(&sim).into_iter().filter(|(t, _, _)| t == "Warning").collect();
    assert_eq!(
        warnings,
        [(
            "Warning".to_string(),
            "ConflictingController".to_string(),
            "PersistentVolumeClaim www-web-0 has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim".to_string()
        )]
    );
    let refs: Vec<String> =
        claim(&sim, "www-web-0").expect("kept").metadata.owner_references.iter().map(|r| r.kind.clone()).collect();
    assert_eq!(refs, ["ConfigMap"], "only the other controller's reference is left");
}

#[test]
fn tab_completion_offers_verbs_types_and_the_names_in_the_cluster() {
    use sts_engine::script::complete::{common_prefix, complete};
    let (sim, _) = common::script("kubectl apply -f web.yaml\nsim settle\n");
    let cluster = sim.cluster();
    assert_eq!(complete(cluster, ""), ["kubectl", "sim"]);
    assert_eq!(complete(cluster, "kubectl de"), ["delete", "describe"]);
    assert_eq!(complete(cluster, "kubectl delete po"), ["poddisruptionbudgets", "pods"]);
    assert_eq!(complete(cluster, "kubectl delete pod "), ["web-0", "web-1"]);
    assert_eq!(complete(cluster, "kubectl delete pod web-1"), ["web-1"]);
    assert_eq!(complete(cluster, "kubectl get pvc www"), ["www-web-0", "www-web-1"]);
    assert_eq!(complete(cluster, "kubectl describe sts/"), ["sts/web"]);
    assert_eq!(complete(cluster, "kubectl drain node-"), ["node-1", "node-2", "node-3"]);
    assert_eq!(complete(cluster, "kubectl rollout status "), ["statefulset/web"]);
    assert_eq!(complete(cluster, "sim node fail node-3"), ["node-3"]);
    assert_eq!(complete(cluster, "kubectl apply -f web"), ["web-deployment.yaml", "web-parallel.yaml", "web.yaml"]);
    assert!(complete(cluster, "kubectl get pods --sel").is_empty());
    assert_eq!(common_prefix(&complete(cluster, "kubectl delete pod w")), "web-");
    assert_eq!(common_prefix(&[]), "");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

    /// Whatever is typed or pasted, completion and the error locator answer without
    /// panicking; a line found from a field path is a line of the manifest.
    #[test]
    fn completion_and_error_location_never_panic(line in "\\PC{0,60}", manifest in "[a-z:\\- \\[\\]{}\n#é]{0,200}", error in "\\PC{0,120}") {
        let sim = sts_engine::Simulation::new(0);
        let candidates = sts_engine::script::complete::complete(sim.cluster(), &line);
        let _ = sts_engine::script::complete::common_prefix(&candidates);
        for error in [error.clone(), format!("unknown field \"{error}\""), format!("x is invalid: {error}: y"), format!("yaml: line {error}")] {
            if let Some(at) = sts_engine::error_location::locate(&manifest, &error) {
                proptest::prop_assert!(at.line >= 1);
            }
        }
        if let Some(found) = sts_engine::error_location::line_of_field(&manifest, &line) {
            proptest::prop_assert!(found >= 1 && found <= manifest.lines().count());
        }
        proptest::prop_assert_eq!(sts_engine::error_location::locate("a: 1", "yaml: line 0: x"), None);
    }
}
