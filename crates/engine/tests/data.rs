//! What a pod sees from inside (`kubectl exec`: hostname, DNS lookups, files) and the data
//! on the volumes: kept on a claim across deletion, rescheduling and scaling; gone with
//! the pod without one; and the replicated model of scenario A1.

mod common;

use common::*;
use sts_engine::data::{pod_store, snapshot};
use sts_engine::Simulation;

/// What one line printed, without the `$ line` echo.
fn run(sim: &mut Simulation, line: &str) -> String {
    let out = more(sim, &format!("{line}\n"));
    out.split_once('\n').map(|(_, rest)| rest.to_string()).unwrap_or_default()
}

fn healthy(replicas: u32) -> Simulation {
    let (sim, _) =
        script(&format!("kubectl apply -f web.yaml\nkubectl scale sts web --replicas={replicas}\nsim settle\n"));
    sim
}

const INDEX: &str = "/usr/share/nginx/html/index.html";

/// S3 — `hostname` inside each pod prints its own name; `-f` the FQDN under the
/// governing Service.
#[test]
fn s03_hostname_inside_each_pod_is_its_name() {
    let mut sim = healthy(3);
    for i in 0..3 {
        assert_eq!(run(&mut sim, &format!("kubectl exec web-{i} -- hostname")), format!("web-{i}\n"));
    }
    assert_eq!(run(&mut sim, "kubectl exec web-1 -- hostname -f"), "web-1.nginx.default.svc.cluster.local\n");
}

/// S32 (data) and the tutorial's lesson: a file written under the claim's mountPath
/// survives pod deletion, rescheduling and scale down/up; a file elsewhere goes with the
/// pod.
#[test]
fn s32_files_on_the_claim_follow_the_identity() {
    let mut sim = healthy(5);
    for i in 0..5 {
        run(&mut sim, &format!("kubectl exec web-{i} -- sh -c 'echo \"$(hostname)\" > {INDEX}'"));
    }
    run(&mut sim, "kubectl exec web-1 -- sh -c 'echo scratch > /tmp/note'");
    assert_eq!(run(&mut sim, "kubectl exec web-1 -- cat /tmp/note"), "scratch\n");
    assert_eq!(run(&mut sim, "kubectl exec web-1 -- ls /usr/share/nginx/html"), "index.html\n");
    run(&mut sim, "kubectl exec web-2 -- sh -c 'echo extra >> /usr/share/nginx/html/more.txt && rm /usr/share/nginx/html/more.txt'");
    assert_eq!(run(&mut sim, "kubectl exec web-2 -- ls /usr/share/nginx/html"), "index.html\n");
    assert_eq!(
        run(&mut sim, "kubectl exec web-2 -- rm /usr/share/nginx/html/gone"),
        "rm: can't remove '/usr/share/nginx/html/gone': No such file or directory\ncommand terminated with exit code 1\n"
    );

    // Delete web-1 and move it: same name, new pod, the same claim and its file.
    let old_uid = pod(&sim, "web-1").expect("web-1").metadata.uid.clone();
    let old_node = pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone()).expect("bound");
    more(&mut sim, &format!("kubectl cordon {old_node}\nkubectl delete pod web-1\nsim settle\n"));
    let new = pod(&sim, "web-1").expect("re-created");
    assert_ne!(new.metadata.uid, old_uid);
    assert_ne!(new.spec.node_name.as_deref(), Some(old_node.as_str()), "rescheduled to another node");
    assert_eq!(run(&mut sim, &format!("kubectl exec web-1 -- cat {INDEX}")), "web-1\n");
    assert_eq!(
        run(&mut sim, "kubectl exec web-1 -- cat /tmp/note"),
        "cat: can't open '/tmp/note': No such file or directory\ncommand terminated with exit code 1\n",
        "the container's own files were in the old pod"
    );

    // Scale down to 3 and back to 5: web-3 and web-4 remount their claims.
    more(&mut sim, "kubectl scale sts web --replicas=3\nsim settle\n");
    assert!(pod(&sim, "web-4").is_none());
    assert_eq!(snapshot(&sim).get("www-web-4").and_then(|d| d.get("/index.html")).map(String::as_str), Some("web-4\n"));
    more(&mut sim, "kubectl scale sts web --replicas=5\nsim settle\n");
    for i in 3..5 {
        assert_eq!(run(&mut sim, &format!("kubectl exec web-{i} -- cat {INDEX}")), format!("web-{i}\n"));
    }
}

/// Without a claim, data lives in the pod: deleting it loses the data.
#[test]
fn data_without_a_claim_is_gone_with_the_pod() {
    let manifest = sts_engine::bundled::WEB_YAML;
    let without_claims = &manifest[..manifest.find("  volumeClaimTemplates:").expect("claim templates")];
    let without_mounts = without_claims
        .replace("        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n", "");
    assert!(!without_mounts.contains("volumeMounts"), "{without_mounts}");
    let (mut sim, _) = script(&format!("kubectl apply -f - <<EOF\n{without_mounts}EOF\nsim settle\n"));
    assert_eq!(run(&mut sim, "sim write web-0 greeting=hello"), "");
    assert_eq!(run(&mut sim, "sim read web-0 greeting"), "hello\n");
    assert_eq!(snapshot(&sim).get("web-0").and_then(|d| d.get("greeting")).map(String::as_str), Some("hello"));
    more(&mut sim, "kubectl delete pod web-0\nsim settle\n");
    assert_eq!(run(&mut sim, "sim read web-0 greeting"), "error: web-0 has no key \"greeting\"\n");
    assert!(snapshot(&sim).is_empty());
}

/// With a claim, a key written with `sim write` is on the volume: deleting the pod keeps
/// it.
#[test]
fn keys_on_a_claim_survive_the_pod() {
    let mut sim = healthy(2);
    run(&mut sim, "sim write web-1 greeting=hello");
    more(&mut sim, "kubectl delete pod web-1\nsim settle\n");
    assert_eq!(run(&mut sim, "sim read web-1 greeting"), "hello\n");
    assert_eq!(snapshot(&sim).get("www-web-1").and_then(|d| d.get("greeting")).map(String::as_str), Some("hello"));
}

/// DNS as a pod sees it: short names through the search path, the Service name to every
/// ready pod, SRV targets, NXDOMAIN for a pod that is not ready. busybox 1.28 prints the
/// name as asked and each address with its reverse (PTR) name, the fully qualified name
/// the search path found.
#[test]
fn nslookup_answers_from_the_cluster_dns() {
    let mut sim = healthy(3);
    let ips: Vec<String> =
        (0..3).map(|i| pod(&sim, &format!("web-{i}")).and_then(|p| p.status.pod_ip.clone()).expect("ip")).collect();
    let header = "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n";
    assert_eq!(
        run(&mut sim, "kubectl exec web-0 -- nslookup web-1.nginx"),
        format!("{header}Name:      web-1.nginx\nAddress 1: {} web-1.nginx.default.svc.cluster.local\n", ips[1])
    );
    assert_eq!(
        run(&mut sim, "kubectl exec web-0 -- nslookup web-1.nginx.default.svc.cluster.local"),
        format!(
            "{header}Name:      web-1.nginx.default.svc.cluster.local\nAddress 1: {} web-1.nginx.default.svc.cluster.local\n",
            ips[1]
        )
    );
    assert_eq!(
        run(&mut sim, "kubectl exec web-2 -- nslookup nginx"),
        format!(
            "{header}Name:      nginx\nAddress 1: {} web-0.nginx.default.svc.cluster.local\n\
             Address 2: {} web-1.nginx.default.svc.cluster.local\nAddress 3: {} web-2.nginx.default.svc.cluster.local\n",
            ips[0], ips[1], ips[2]
        )
    );
    let srv = run(&mut sim, "kubectl exec web-0 -- nslookup -type=srv _web._tcp.nginx");
    assert!(srv.contains("service = 0 33 80 web-2.nginx.default.svc.cluster.local."), "{srv}");

    more(&mut sim, "sim pod unready web-2\nsim advance 2s\n");
    assert_eq!(
        run(&mut sim, "kubectl exec web-0 -- nslookup web-2.nginx"),
        format!("{header}nslookup: can't resolve 'web-2.nginx'\ncommand terminated with exit code 1\n")
    );
    let all = run(&mut sim, "kubectl exec web-0 -- nslookup nginx");
    assert!(!all.contains(&ips[2]) && all.contains(&ips[1]), "{all}");
}

/// A Service's cluster IP reverses to the Service's name; an address no Service names
/// is printed bare.
#[test]
fn nslookup_prints_each_address_with_its_reverse_name() {
    let mut sim = healthy(1);
    more(&mut sim, "kubectl apply -f mysql-services.yaml\n");
    let out = run(&mut sim, "kubectl exec web-0 -- nslookup mysql-read");
    let ip = out.lines().last().and_then(|l| l.split_whitespace().nth(2)).expect("an address").to_string();
    assert!(!ip.starts_with("10.244."), "a cluster IP, not a pod IP: {out}");
    assert!(
        out.ends_with(&format!("Name:      mysql-read\nAddress 1: {ip} mysql-read.default.svc.cluster.local\n")),
        "{out}"
    );
}

/// A pasted docs line keeps its trailing shell comment out of the command, as a shell does.
#[test]
fn a_trailing_shell_comment_is_not_part_of_the_command() {
    let mut sim = healthy(1);
    assert_eq!(run(&mut sim, &format!("kubectl exec web-0 -- sh -c 'echo hi > {INDEX}'   # write")), "");
    assert_eq!(run(&mut sim, &format!("kubectl exec web-0 -- cat {INDEX}   # before")), "hi\n");
    assert_eq!(run(&mut sim, "kubectl exec web-0 -- sh -c 'echo a # not printed'"), "a\n");
    assert_eq!(run(&mut sim, "kubectl exec web-0 -- echo a#b '# kept'"), "a#b # kept\n");
}

/// The lesson of the tutorial: after the pod is re-created its name resolves to a new
/// IP; the hostname is the same.
#[test]
fn the_ip_changes_the_name_stays() {
    let mut sim = healthy(2);
    let before = run(&mut sim, "kubectl exec web-1 -- nslookup web-0.nginx");
    more(&mut sim, "kubectl delete pod web-0\nsim settle\n");
    let after = run(&mut sim, "kubectl exec web-1 -- nslookup web-0.nginx");
    assert_ne!(before, after, "a new IP");
    let ip = pod(&sim, "web-0").and_then(|p| p.status.pod_ip.clone()).expect("ip");
    assert!(after.ends_with(&format!("Address 1: {ip} web-0.nginx.default.svc.cluster.local\n")), "{after}");
    assert_eq!(run(&mut sim, "kubectl exec web-0 -- hostname"), "web-0\n");
}

/// kubectl's and busybox's refusals, worded as they word them.
#[test]
fn exec_refusals_are_worded_as_kubectl_words_them() {
    let mut sim = healthy(2);
    assert_eq!(
        run(&mut sim, "kubectl exec web-7 -- hostname"),
        "Error from server (NotFound): pods \"web-7\" not found\n"
    );
    assert_eq!(
        run(&mut sim, "kubectl exec web-0 -- ls /nowhere"),
        "ls: /nowhere: No such file or directory\ncommand terminated with exit code 1\n"
    );
    assert_eq!(
        run(&mut sim, "kubectl exec web-0 -- sh -c 'frobnicate --now'"),
        "sh: frobnicate: not found\ncommand terminated with exit code 127\n"
    );
    // A pod still being created has no running container to exec into.
    more(&mut sim, "kubectl scale sts web --replicas=3\nsim advance 1500ms\n");
    assert_eq!(
        run(&mut sim, "kubectl exec web-2 -- hostname"),
        "error: unable to upgrade connection: container not found (\"nginx\")\n"
    );
    // A node that stopped answering cannot be reached.
    more(&mut sim, "sim settle\n");
    let node = pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone()).expect("bound");
    more(&mut sim, &format!("sim node fail {node}\n"));
    assert!(run(&mut sim, "kubectl exec web-1 -- hostname").starts_with("error: error dialing backend: dial tcp "));
    // Lines the parser refuses name the problem.
    let (_, err) = sts_engine::script::console::run_script(
        &mut Simulation::new(0),
        "kubectl exec web-0 hostname\n",
        &sts_engine::script::console::BundledFiles,
    );
    assert!(err.is_err_and(|e| e.reason.contains("after --")));
}

/// A missing ConfigMap keeps the pod in ContainerCreating with `FailedMount`; once it
/// exists the pod starts, and its keys are files in the mount.
#[test]
fn a_missing_config_map_blocks_the_mount() {
    let (mut sim, _) =
        script("kubectl apply -f mysql-services.yaml\nkubectl apply -f mysql-statefulset.yaml\nsim advance 30s\n");
    let mysql0 = pod(&sim, "mysql-0").expect("mysql-0");
    assert_eq!(mysql0.kubectl_status(), "Init:0/2");
    assert!(pod_events(&sim, "mysql-0")
        .iter()
        .any(|e| e == "MountVolume.SetUp failed for volume \"config-map\" : configmap \"mysql\" not found"));
    more(&mut sim, "kubectl apply -f mysql-configmap.yaml\nsim advance 1m\n");
    assert!(is_ready(&sim, "mysql-0"));
}

/// A ConfigMap volume shows the ConfigMap's keys as files.
#[test]
fn a_config_map_volume_shows_its_keys_as_files() {
    let manifest = sts_engine::bundled::WEB_YAML.replace(
        "        volumeMounts:\n",
        "        volumeMounts:\n        - name: settings\n          mountPath: /etc/settings\n",
    );
    let manifest = manifest.replace(
        "  volumeClaimTemplates:",
        "      volumes:\n      - name: settings\n        configMap:\n          name: settings\n  volumeClaimTemplates:",
    );
    let config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n  level: \"3\"\n";
    let (mut sim, out) = script(&format!("kubectl apply -f - <<EOF\n{config}---\n{manifest}EOF\nsim settle\n"));
    assert!(is_ready(&sim, "web-0"), "{out}");
    assert_eq!(run(&mut sim, "kubectl exec web-0 -- ls /etc/settings"), "level\nmode\n");
    assert_eq!(run(&mut sim, "kubectl exec web-0 -- cat /etc/settings/mode"), "fast\n");
}

/// A1 — Replicated MySQL with the documentation's manifests: clone from the previous
/// ordinal in the init phase, only once; writes only on the primary; replicas 1 s behind;
/// scaling up clones from the previous ordinal; scaling down keeps the claims.
#[test]
fn a1_replicated_mysql_clones_from_the_previous_ordinal() {
    let (mut sim, _) = script(
        "kubectl apply -f mysql-configmap.yaml\nkubectl apply -f mysql-services.yaml\nkubectl apply -f mysql-statefulset.yaml\nsim replication sts/mysql on\n",
    );
    // mysql-0 is the primary once it runs; write before mysql-1 exists.
    let mut seen_cloning = false;
    for _ in 0..600 {
        advance_ms(&mut sim, 100);
        if is_ready(&sim, "mysql-0") {
            break;
        }
    }
    assert_eq!(run(&mut sim, "sim write mysql-0 greeting=hello"), "");
    for _ in 0..1200 {
        advance_ms(&mut sim, 100);
        if pod(&sim, "mysql-2").is_some_and(|p| p.kubectl_status() == "Init:1/2") {
            seen_cloning = true;
        }
        if is_ready(&sim, "mysql-2") {
            break;
        }
    }
    assert!(seen_cloning, "mysql-2 shows Init:1/2 while clone-mysql runs");
    assert_eq!(pod_store(&sim, "mysql-1").and_then(|s| s.cloned_from.clone()).as_deref(), Some("mysql-0"));
    assert_eq!(pod_store(&sim, "mysql-2").and_then(|s| s.cloned_from.clone()).as_deref(), Some("mysql-1"));
    assert_eq!(run(&mut sim, "sim read mysql-2 greeting"), "hello\n", "cloned data");

    // A write to the primary reaches the replicas one second later.
    run(&mut sim, "sim write mysql-0 colour=blue");
    assert_eq!(run(&mut sim, "sim read mysql-1 colour"), "error: mysql-1 has no key \"colour\"\n");
    more(&mut sim, "sim advance 1s\n");
    assert_eq!(run(&mut sim, "sim read mysql-1 colour"), "blue\n");
    assert_eq!(run(&mut sim, "sim read mysql-2 colour"), "blue\n");
    assert_eq!(
        run(&mut sim, "sim write mysql-2 colour=red"),
        "error: mysql-2 is a read-only replica; write to mysql-0\n"
    );

    // Re-created mysql-2 keeps its claim and does not clone again.
    let claim = run(&mut sim, "kubectl get pvc data-mysql-2 -o name");
    more(&mut sim, "kubectl delete pod mysql-2\nsim settle\n");
    assert_eq!(run(&mut sim, "kubectl get pvc data-mysql-2 -o name"), claim);
    assert_eq!(pod_store(&sim, "mysql-2").and_then(|s| s.cloned_from.clone()).as_deref(), Some("mysql-1"));
    assert_eq!(run(&mut sim, "sim read mysql-2 colour"), "blue\n");

    // Scale to 5: mysql-3 clones mysql-2, then mysql-4 clones mysql-3.
    more(&mut sim, "kubectl scale sts mysql --replicas=5\nsim settle\n");
    assert_eq!(pod_store(&sim, "mysql-3").and_then(|s| s.cloned_from.clone()).as_deref(), Some("mysql-2"));
    assert_eq!(pod_store(&sim, "mysql-4").and_then(|s| s.cloned_from.clone()).as_deref(), Some("mysql-3"));
    assert_eq!(run(&mut sim, "sim read mysql-4 greeting"), "hello\n");

    // Back to 3: the claims of mysql-3 and mysql-4 stay.
    more(&mut sim, "kubectl scale sts mysql --replicas=3\nsim settle\n");
    assert!(pod(&sim, "mysql-3").is_none());
    let claims = claim_names(&sim);
    assert!(claims.contains(&"data-mysql-3".to_string()) && claims.contains(&"data-mysql-4".to_string()));
}

/// A replica that was down catches up on the writes it missed when it runs again.
#[test]
fn a_replica_that_was_down_catches_up() {
    let (mut sim, _) = script(
        "kubectl apply -f mysql-configmap.yaml\nkubectl apply -f mysql-services.yaml\nkubectl apply -f mysql-statefulset.yaml\nsim replication sts/mysql on\nsim settle\n",
    );
    more(&mut sim, "kubectl delete pod mysql-1 --wait=false\n");
    run(&mut sim, "sim write mysql-0 during=outage");
    more(&mut sim, "sim settle\n");
    assert_eq!(run(&mut sim, "sim read mysql-1 during"), "outage\n");
}

/// A container restart empties the container's own filesystem; an emptyDir and the claim
/// keep their files, as long as the pod (or the claim) lives.
#[test]
fn a_container_restart_keeps_the_claim_and_the_empty_dir_but_not_its_own_files() {
    let manifest = sts_engine::bundled::WEB_YAML
        .replace(
            "        - name: www\n          mountPath: /usr/share/nginx/html\n",
            "        - name: www\n          mountPath: /usr/share/nginx/html\n        - name: scratch\n          mountPath: /scratch\n",
        )
        .replace("  volumeClaimTemplates:", "      volumes:\n      - name: scratch\n        emptyDir: {}\n  volumeClaimTemplates:");
    let (mut sim, _) = script(&format!("kubectl apply -f - <<EOF\n{manifest}EOF\nsim settle\n"));
    for (path, text) in
        [(INDEX, "on the claim"), ("/scratch/note", "in the emptyDir"), ("/tmp/own", "in the container")]
    {
        run(&mut sim, &format!("kubectl exec web-0 -- sh -c 'echo {text} > {path}'"));
    }
    more(&mut sim, "sim pod crash web-0\nsim advance 15s\nsim pod heal web-0\nsim settle\n");
    assert!(pod(&sim, "web-0").is_some_and(|p| p.restarts() >= 1), "the container restarted");
    assert_eq!(run(&mut sim, &format!("kubectl exec web-0 -- cat {INDEX}")), "on the claim\n");
    assert_eq!(run(&mut sim, "kubectl exec web-0 -- cat /scratch/note"), "in the emptyDir\n");
    assert_eq!(
        run(&mut sim, "kubectl exec web-0 -- cat /tmp/own"),
        "cat: can't open '/tmp/own': No such file or directory\ncommand terminated with exit code 1\n"
    );
}

/// The basic tutorial's host-shell loops, pasted as written: one command per pod, the
/// variable expanded in double quotes and left alone in single ones.
#[test]
fn the_tutorials_for_loops_run_one_command_per_pod() {
    let mut sim = healthy(2);
    assert_eq!(run(&mut sim, "for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'hostname'; done"), "web-0\nweb-1\n");
    run(&mut sim, &format!("for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'echo \"$(hostname)\" > {INDEX}'; done"));
    assert_eq!(
        run(&mut sim, &format!("for i in 0 1; do kubectl exec -i -t \"web-$i\" -- cat {INDEX}; done")),
        "web-0\nweb-1\n"
    );
    // A loop with a line that cannot be read runs none of it.
    let refused = more(&mut sim, "kubectl get pods\n");
    let (transcript, result) = sts_engine::script::console::run_script(
        &mut sim,
        "for i in 0 1; do kubectl delete pod web-$i; kubectl frobnicate; done\n",
        &sts_engine::script::console::BundledFiles,
    );
    assert!(result.is_err(), "{}", transcript.text);
    assert_eq!(more(&mut sim, "kubectl get pods\n"), refused, "nothing was deleted");
}
