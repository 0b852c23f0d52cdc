//! The Kubernetes documentation's StatefulSet tutorials and tasks, run step by step as
//! their pages word the commands, with their manifests unchanged (`tests/tutorials/`,
//! copied from kubernetes/website, `content/en/examples/`). Each test is named after its
//! page. Where a step needs what the playground does not simulate (the application inside
//! a container), the transcript says so; where today's kubectl answers differently from
//! the page's (older) output, the test expects today's answer and says why.

mod common;

use sts_engine::script::console::{run_script, BundledFiles, ManifestFiles};
use sts_engine::Simulation;

/// The manifests the pages apply, by the address they apply them from.
struct DocsExamples;

impl ManifestFiles for DocsExamples {
    fn read(&self, name: &str) -> Option<String> {
        let text = match name {
            "https://k8s.io/examples/application/zookeeper/zookeeper.yaml" => include_str!("tutorials/zookeeper.yaml"),
            "https://k8s.io/examples/application/mysql/mysql-configmap.yaml" => {
                sts_engine::bundled::MYSQL_CONFIGMAP_YAML
            }
            "https://k8s.io/examples/application/mysql/mysql-services.yaml" => sts_engine::bundled::MYSQL_SERVICES_YAML,
            "https://k8s.io/examples/application/mysql/mysql-statefulset.yaml" => {
                sts_engine::bundled::MYSQL_STATEFULSET_YAML
            }
            "https://k8s.io/examples/application/cassandra/cassandra-service.yaml" => {
                include_str!("tutorials/cassandra-service.yaml")
            }
            "https://k8s.io/examples/application/cassandra/cassandra-statefulset.yaml" => {
                include_str!("tutorials/cassandra-statefulset.yaml")
            }
            // The basic tutorial's `web.yaml` is the one the playground bundles.
            "https://k8s.io/examples/application/web/web.yaml" => sts_engine::bundled::WEB_YAML,
            other => return BundledFiles.read(other),
        };
        Some(text.to_string())
    }
}

/// Runs one step of a page: the transcript of the line, or the console's refusal of it
/// (a line it cannot run changes nothing).
fn step(sim: &mut Simulation, line: &str) -> String {
    let (transcript, result) = run_script(sim, &format!("{line}\n"), &DocsExamples);
    match result {
        Ok(()) => transcript.text,
        Err(e) => format!("{}{e}\n", transcript.text),
    }
}

/// Runs the steps in order; returns the whole transcript.
fn steps(sim: &mut Simulation, lines: &[&str]) -> String {
    lines.iter().map(|l| step(sim, l)).collect()
}

/// The image each of the pods `web-0` … `web-{n-1}` runs, as the page reads them.
fn images(sim: &mut Simulation, n: usize) -> Vec<String> {
    let list: Vec<String> = (0..n).map(|p| p.to_string()).collect();
    let out = step(
        sim,
        &format!("for p in {}; do kubectl get po web-$p --template '{{{{range $i, $c := .spec.containers}}}}{{{{$c.image}}}}{{{{end}}}}'; echo; done", list.join(" ")),
    );
    out.lines().skip(1).map(String::from).collect()
}

/// "StatefulSet Basics" (docs/tutorials/stateful-application/basic-stateful-set).
#[test]
fn basic_statefulset_tutorial() {
    let mut sim = Simulation::new(0);
    // Creating a StatefulSet; ordered pod creation.
    let out = steps(&mut sim, &["kubectl get pods -w -l app=nginx", "kubectl apply -f web.yaml"]);
    assert!(out.ends_with("service/nginx created\nstatefulset.apps/web created\n"), "{out}");
    let out = steps(&mut sim, &["kubectl get service nginx", "kubectl get pods -w -l app=nginx", "sim settle"]);
    assert!(out.contains("nginx   ClusterIP   None         <none>        80/TCP"), "{out}");
    let web1 = out.find("\nweb-1   0/1").expect("web-1 is created");
    assert!(out[..web1].contains("\nweb-0   1/1   Running"), "web-1 starts once web-0 is Running and Ready: {out}");

    // Pods in a StatefulSet: stable network identities.
    let out = step(&mut sim, "for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'hostname'; done");
    assert!(out.ends_with("web-0\nweb-1\n"), "{out}");
    let out = step(
        &mut sim,
        "kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-0.nginx",
    );
    assert!(
        out.contains("Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n"),
        "{out}"
    );
    assert!(
        out.contains("Name:      web-0.nginx\nAddress 1: 10.244.") && out.ends_with("pod \"dns-test\" deleted\n"),
        "{out}"
    );
    let before = common::pod(&sim, "web-0").and_then(|p| p.status.pod_ip.clone());
    let out = steps(&mut sim, &["kubectl delete pod -l app=nginx", "kubectl get pod -w -l app=nginx", "sim settle"]);
    assert!(out.contains("pod \"web-0\" deleted\npod \"web-1\" deleted\n"), "{out}");
    let out = step(&mut sim, "for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'hostname'; done");
    assert!(out.ends_with("web-0\nweb-1\n"), "the names survive the pods: {out}");
    let after = common::pod(&sim, "web-0").and_then(|p| p.status.pod_ip.clone());
    assert_ne!(before, after, "the address does not");

    // Writing to stable storage: what each pod wrote is still there for its replacement.
    let out = step(&mut sim, "kubectl get pvc -l app=nginx");
    assert!(out.contains("www-web-0   Bound") && out.contains("www-web-1   Bound"), "{out}");
    step(&mut sim, "for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'; done");
    let out = step(&mut sim, "for i in 0 1; do kubectl exec -i -t \"web-$i\" -- curl http://localhost/; done");
    assert!(out.ends_with("web-0\nweb-1\n"), "{out}");
    steps(&mut sim, &["kubectl delete pod -l app=nginx", "sim settle"]);
    let out = step(&mut sim, "for i in 0 1; do kubectl exec -i -t \"web-$i\" -- curl http://localhost/; done");
    assert!(out.ends_with("web-0\nweb-1\n"), "{out}");

    // Scaling up in order, down in reverse; the claims stay.
    let out =
        steps(&mut sim, &["kubectl scale sts web --replicas=5", "kubectl get pods -w -l app=nginx", "sim settle"]);
    assert!(out.contains("statefulset.apps/web scaled\n"), "{out}");
    let first = |pod: &str| out.find(&format!("\n{pod}   0/1")).unwrap_or(usize::MAX);
    assert!(first("web-2") < first("web-3") && first("web-3") < first("web-4"), "{out}");
    let out = steps(
        &mut sim,
        &["kubectl patch sts web -p '{\"spec\":{\"replicas\":3}}'", "kubectl get pods -w -l app=nginx", "sim settle"],
    );
    assert!(out.contains("statefulset.apps/web patched\n"), "{out}");
    let gone = |pod: &str| out.find(&format!("\n{pod}   1/1   Terminating")).unwrap_or(usize::MAX);
    assert!(gone("web-4") < gone("web-3"), "web-4 goes first: {out}");
    let out = step(&mut sim, "kubectl get pvc -l app=nginx");
    assert_eq!(out.matches("   Bound ").count(), 5, "five claims for three pods: {out}");

    // Updating: a rolling update in reverse order, then a staged one with a partition.
    step(&mut sim, "kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\"}}}'");
    let out = steps(&mut sim, &["kubectl patch statefulset web --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/image\", \"value\":\"registry.k8s.io/nginx-slim:0.24\"}]'", "kubectl get po -l app=nginx -w", "sim settle"]);
    let updated = |pod: &str| out.find(&format!("\n{pod}   0/1   Pending")).unwrap_or(usize::MAX);
    assert!(updated("web-2") < updated("web-1") && updated("web-1") < updated("web-0"), "{out}");
    assert_eq!(images(&mut sim, 3), ["registry.k8s.io/nginx-slim:0.24"; 3]);
    step(&mut sim, "kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":3}}}}'");
    step(&mut sim, "kubectl patch statefulset web --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/image\", \"value\":\"registry.k8s.io/nginx-slim:0.21\"}]'");
    steps(&mut sim, &["kubectl delete pod web-2", "sim settle"]);
    assert_eq!(images(&mut sim, 3)[2], "registry.k8s.io/nginx-slim:0.24", "below the partition: the current revision");
    steps(&mut sim, &["kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":2}}}}'", "sim settle"]);
    assert_eq!(images(&mut sim, 3)[2], "registry.k8s.io/nginx-slim:0.21", "the canary");
    steps(&mut sim, &["kubectl delete pod web-1", "sim settle"]);
    assert_eq!(images(&mut sim, 3)[1], "registry.k8s.io/nginx-slim:0.24", "web-1 keeps its revision");
    steps(&mut sim, &["kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}}}}'", "sim settle"]);
    assert_eq!(images(&mut sim, 3), ["registry.k8s.io/nginx-slim:0.21"; 3], "the phased roll out completes");

    // Deleting: without the pods (orphan), then the set adopts them again.
    let out = steps(&mut sim, &["kubectl delete statefulset web --cascade=orphan", "kubectl get pods -l app=nginx"]);
    assert!(out.contains("statefulset.apps \"web\" deleted\n") && out.contains("\nweb-2   1/1     Running"), "{out}");
    steps(&mut sim, &["kubectl delete pod web-0", "sim settle"]);
    let out = step(&mut sim, "kubectl get pods -l app=nginx");
    assert!(!out.contains("web-0"), "no set to bring web-0 back: {out}");
    let out = steps(&mut sim, &["kubectl apply -f web.yaml", "kubectl get pods -w -l app=nginx", "sim settle"]);
    assert!(out.contains("service/nginx unchanged\nstatefulset.apps/web created\n"), "{out}");
    assert!(out.contains("\nweb-2   1/1   Terminating"), "the set of 2 adopts web-1 and lets web-2 go: {out}");
    let out = step(&mut sim, "for i in 0 1; do kubectl exec -i -t \"web-$i\" -- curl http://localhost/; done");
    assert!(out.ends_with("web-0\nweb-1\n"), "{out}");
    // … and with them. The page says one at a time in reverse order, which was kubectl's
    // old reaper (it scaled the set to 0 first); today the garbage collector deletes the
    // pods together, as here. The Service stays until deleted by hand.
    let out = steps(&mut sim, &["kubectl delete statefulset web", "kubectl get pods -w -l app=nginx", "sim settle"]);
    assert!(out.contains("web-0   1/1     Terminating") && out.contains("web-1   1/1     Terminating"), "{out}");
    assert!(common::pods_now(&sim).is_empty());
    let out = steps(&mut sim, &["kubectl delete service nginx", "kubectl apply -f web.yaml", "sim settle"]);
    assert!(out.contains("service \"nginx\" deleted\n"), "{out}");
    let out = step(&mut sim, "for i in 0 1; do kubectl exec -i -t \"web-$i\" -- curl http://localhost/; done");
    assert!(out.ends_with("web-0\nweb-1\n"), "the claims outlived the set: {out}");
}

/// "Running ZooKeeper, A Distributed System Coordinator"
/// (docs/tutorials/stateful-application/zookeeper).
#[test]
fn zookeeper_tutorial() {
    let mut sim = Simulation::new(0);
    // Before you begin: "a cluster with at least four nodes".
    step(&mut sim, "sim node add node-4");

    // Creating a ZooKeeper ensemble.
    let out = step(&mut sim, "kubectl apply -f https://k8s.io/examples/application/zookeeper/zookeeper.yaml");
    assert!(
        out.ends_with("service/zk-hs created\nservice/zk-cs created\npoddisruptionbudget.policy/zk-pdb created\nstatefulset.apps/zk created\n"),
        "{out}"
    );
    // The page watches `-l app=zk`, but its manifest labels the pods
    // `app.kubernetes.io/name: zk`: the selector matches nothing, as on a real cluster.
    let out = step(&mut sim, "kubectl get pods -w -l app=zk");
    assert!(out.ends_with("No resources found in default namespace.\n"), "{out}");
    let out = steps(&mut sim, &["kubectl get pods -w -l app.kubernetes.io/name=zk", "sim settle"]);
    for pod in ["zk-0", "zk-1", "zk-2"] {
        assert!(out.contains(&format!("\n{pod}   1/1   Running   0")), "{pod} Running and Ready: {out}");
    }
    let created = |out: &str, pod: &str| out.find(&format!("\n{pod}   0/1")).unwrap_or(usize::MAX);
    assert!(created(&out, "zk-0") < created(&out, "zk-1") && created(&out, "zk-1") < created(&out, "zk-2"), "{out}");

    // Facilitating leader election.
    let out = step(&mut sim, "for i in 0 1 2; do kubectl exec zk-$i -- hostname; done");
    assert!(out.ends_with("zk-0\nzk-1\nzk-2\n"), "{out}");
    let out = step(
        &mut sim,
        "for i in 0 1 2; do echo \"myid zk-$i\";kubectl exec zk-$i -- cat /var/lib/zookeeper/data/myid; done",
    );
    assert!(out.contains("myid zk-0\n"), "{out}");
    assert!(
        out.contains(
            "sim: the files and programs of registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10 are not simulated"
        ),
        "{out}"
    );
    let out = step(&mut sim, "for i in 0 1 2; do kubectl exec zk-$i -- hostname -f; done");
    assert!(
        out.ends_with("zk-0.zk-hs.default.svc.cluster.local\nzk-1.zk-hs.default.svc.cluster.local\nzk-2.zk-hs.default.svc.cluster.local\n"),
        "{out}"
    );
    let out = step(&mut sim, "kubectl exec zk-0 -- cat /opt/zookeeper/conf/zoo.cfg");
    assert!(out.contains("are not simulated"), "{out}");

    // Sanity testing the ensemble: the page's `kubectl exec zk-0 zkCli.sh …` is the form
    // today's kubectl refuses.
    let out = step(&mut sim, "kubectl exec zk-0 zkCli.sh create /hello world");
    assert!(
        out.contains("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead"),
        "{out}"
    );
    let out = step(&mut sim, "kubectl exec zk-0 -- zkCli.sh create /hello world");
    assert!(out.contains("\"zkCli.sh\": executable file not found in $PATH") && out.contains("not simulated"), "{out}");

    // Providing durable storage: delete the set, watch the pods go, apply again; the
    // claims (and their volumes) are still there for the new pods.
    let out = steps(
        &mut sim,
        &["kubectl delete statefulset zk", "kubectl get pods -w -l app.kubernetes.io/name=zk", "sim settle"],
    );
    assert!(out.contains("statefulset.apps \"zk\" deleted\n"), "{out}");
    assert!(out.contains("Terminating"), "{out}");
    let out = steps(
        &mut sim,
        &[
            "kubectl apply -f https://k8s.io/examples/application/zookeeper/zookeeper.yaml",
            "sim settle",
            "kubectl get pvc",
        ],
    );
    assert!(out.contains("service/zk-hs unchanged\nservice/zk-cs unchanged\npoddisruptionbudget.policy/zk-pdb unchanged\nstatefulset.apps/zk created\n"), "{out}");
    for claim in ["datadir-zk-0", "datadir-zk-1", "datadir-zk-2"] {
        assert!(out.contains(&format!("{claim}   Bound")), "{claim}: {out}");
    }

    // Tolerating node failure: the nodes of the pods (the template prints no newline,
    // hence the page's `echo ""`).
    let out = step(&mut sim, "for i in 0 1 2; do kubectl get pod zk-$i --template {{.spec.nodeName}}; echo \"\"; done");
    let nodes: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(nodes.len(), 3, "{out}");
    assert!(nodes.iter().all(|n| n.starts_with("node-")), "{out}");

    // Surviving maintenance.
    let out = step(&mut sim, "kubectl get pdb zk-pdb");
    assert!(
        out.ends_with("NAME     MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nzk-pdb   N/A             1                 1                     0s\n")
            || out.contains("zk-pdb   N/A             1                 1    "),
        "{out}"
    );
    let drain = |sim: &mut Simulation, pod: &str| {
        step(
            sim,
            &format!("kubectl drain $(kubectl get pod {pod} --template {{{{.spec.nodeName}}}}) --ignore-daemonsets --force --delete-emptydir-data"),
        )
    };
    let out = drain(&mut sim, "zk-0");
    assert!(out.contains("evicting pod default/zk-0\npod/zk-0 evicted\n") && out.contains(" drained\n"), "{out}");
    // zk-0's replacement is not Ready yet: the budget allows no other disruption, and
    // drain retries every 5 s until it does.
    let out = drain(&mut sim, "zk-1");
    let refusal = "error when evicting pods/\"zk-1\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n";
    assert!(out.contains(refusal), "{out}");
    assert!(out.contains("pod/zk-1 evicted\n") && out.contains(" drained\n"), "{out}");
    step(&mut sim, "sim settle");
    let out = drain(&mut sim, "zk-2");
    assert!(out.contains("pod/zk-2 evicted\n"), "{out}");
    // The page's anti-affinity term selects `app=zk`, a label these pods do not carry, so
    // nothing keeps them apart: with three nodes drained, all three run on the fourth.
    let out = steps(&mut sim, &["sim settle", "kubectl get pods -o wide", "kubectl get pdb zk-pdb"]);
    assert_eq!(out.matches("   node-4   ").count(), 3, "{out}");
    assert!(out.contains("zk-pdb   N/A             1                 1    "), "{out}");
    // Cleaning up: uncordon the drained nodes.
    let out = steps(&mut sim, &["kubectl uncordon node-1", "kubectl uncordon node-2", "kubectl uncordon node-3"]);
    assert_eq!(out.matches(" uncordoned\n").count(), 3, "{out}");
}

/// "Delete a StatefulSet" (docs/tasks/run-application/delete-stateful-set), with the
/// tutorial's `web.yaml` as "an application running on your cluster represented by a
/// StatefulSet" and its label, `app=nginx`, for the page's `app=myapp`.
#[test]
fn delete_a_statefulset_task() {
    let mut sim = Simulation::new(0);
    steps(&mut sim, &["kubectl apply -f web.yaml", "sim settle"]);
    // By file; the Service goes with it, as the file names it.
    let out = steps(&mut sim, &["kubectl delete -f web.yaml", "sim settle"]);
    assert!(out.contains("service \"nginx\" deleted\nstatefulset.apps \"web\" deleted\n"), "{out}");
    assert!(common::pods_now(&sim).is_empty());
    // By name, leaving the pods (`--cascade=false`, today `--cascade=orphan`), which are
    // then deleted by their label.
    steps(&mut sim, &["kubectl apply -f web.yaml", "sim settle"]);
    let out = steps(&mut sim, &["kubectl delete statefulsets web --cascade=false", "kubectl delete service nginx"]);
    assert!(out.contains("statefulset.apps \"web\" deleted\n") && out.contains("service \"nginx\" deleted\n"), "{out}");
    assert_eq!(common::pods_now(&sim), ["web-0", "web-1"], "the pods are left behind");
    let out = steps(&mut sim, &["kubectl delete pods -l app=nginx", "sim settle"]);
    assert!(out.contains("pod \"web-0\" deleted\npod \"web-1\" deleted\n"), "{out}");
    assert!(common::pods_now(&sim).is_empty());
    // Persistent volumes: the claims outlive the pods.
    let out = step(&mut sim, "kubectl get pvc");
    assert!(out.contains("www-web-0   Bound") && out.contains("www-web-1   Bound"), "{out}");

    // Complete deletion, as the page's series of commands (the set needs the label the
    // selector names; web.yaml puts it on the pods only).
    steps(&mut sim, &["kubectl apply -f web.yaml", "sim settle", "kubectl label statefulset web app=nginx"]);
    let out = steps(
        &mut sim,
        &[
            "grace=$(kubectl get pods web-0 --template '{{.spec.terminationGracePeriodSeconds}}')",
            "kubectl delete statefulset -l app=nginx",
            "sleep $grace",
            "kubectl delete pvc -l app=nginx",
        ],
    );
    assert!(out.contains("$ sleep $grace\n"), "{out}");
    assert!(out.contains("statefulset.apps \"web\" deleted\n"), "{out}");
    assert!(
        out.contains("persistentvolumeclaim \"www-web-0\" deleted\npersistentvolumeclaim \"www-web-1\" deleted\n"),
        "{out}"
    );
    step(&mut sim, "sim settle");
    let out = step(&mut sim, "kubectl get pods,pvc,pv");
    assert!(
        out.ends_with("No resources found\n") || out.ends_with("No resources found in default namespace.\n"),
        "{out}"
    );
}

/// "Force Delete StatefulSet Pods" (docs/tasks/run-application/force-delete-stateful-set-pod):
/// a pod on a node that stopped answering stays `Terminating` (then `Unknown`); a graceful
/// delete cannot finish it; a forced one removes it from the API while its node may still
/// run it, which is the danger the page warns of.
#[test]
fn force_delete_statefulset_pods_task() {
    let mut sim = Simulation::new(0);
    steps(&mut sim, &["kubectl apply -f web.yaml", "sim settle"]);
    let node = common::pod(&sim, "web-1").and_then(|p| p.spec.node_name.clone()).expect("scheduled");
    steps(&mut sim, &[&format!("sim node fail {node}"), "sim advance 6m"]);
    let out = steps(&mut sim, &["kubectl delete pods web-1 --wait=false", "sim advance 2m", "kubectl get pods"]);
    assert!(out.contains("pod \"web-1\" deleted\n"), "{out}");
    assert!(
        out.contains("web-1   1/1     Unknown") || out.contains("web-1   1/1     Terminating"),
        "graceful deletion cannot finish: {out}"
    );
    let out = step(&mut sim, "kubectl delete pods web-1 --grace-period=0 --force");
    assert!(
        out.contains(
            "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated."
        ),
        "{out}"
    );
    assert!(out.contains("pod \"web-1\" force deleted\n"), "{out}");
    assert!(out.contains("split brain"), "the playground's note of the danger: {out}");
    // The page's last resort for a pod kept by finalizers.
    let out = step(&mut sim, "kubectl patch pod web-0 -p '{\"metadata\":{\"finalizers\":null}}'");
    assert!(out.contains("pod/web-0 patched"), "{out}");
}

/// "Run a Replicated Stateful Application" (docs/tasks/run-application/run-replicated-stateful-application):
/// the MySQL set with its init containers, the two Services, and the maintenance steps.
/// The MySQL client and server inside the images are not simulated, and the transcript
/// says so where the page talks to them.
#[test]
fn replicated_mysql_task() {
    let mut sim = Simulation::new(0);
    let out = steps(
        &mut sim,
        &[
            "kubectl apply -f https://k8s.io/examples/application/mysql/mysql-configmap.yaml",
            "kubectl apply -f https://k8s.io/examples/application/mysql/mysql-services.yaml",
            "kubectl apply -f https://k8s.io/examples/application/mysql/mysql-statefulset.yaml",
        ],
    );
    assert!(out.contains("configmap/mysql created\n"), "{out}");
    assert!(out.contains("service/mysql created\nservice/mysql-read created\n"), "{out}");
    assert!(out.contains("statefulset.apps/mysql created\n"), "{out}");
    let out = steps(&mut sim, &["kubectl get pods -l app=mysql --watch", "sim settle"]);
    for pod in ["mysql-0", "mysql-1", "mysql-2"] {
        assert!(out.contains(&format!("\n{pod}   2/2   Running")), "{pod}: {out}");
    }
    assert!(out.contains("Init:0/2") || out.contains("Init:1/2"), "the init containers run first: {out}");

    // Sending client traffic: the mysql client is not simulated, and says so.
    let out = step(
        &mut sim,
        "kubectl run mysql-client --image=mysql:5.7 -i -t --rm --restart=Never -- mysql -h mysql-read -e \"SELECT * FROM test.messages\"",
    );
    assert!(
        out.contains("sim: the files and programs of mysql:5.7 are not simulated")
            && out.ends_with("pod \"mysql-client\" deleted\n"),
        "{out}"
    );

    // Simulating Pod and Node downtime: delete a pod, drain its node.
    let out = steps(&mut sim, &["kubectl delete pod mysql-2", "sim settle", "kubectl get pod mysql-2 -o wide"]);
    assert!(out.contains("pod \"mysql-2\" deleted\n") && out.contains("mysql-2   2/2     Running"), "{out}");
    let node = common::pod(&sim, "mysql-2").and_then(|p| p.spec.node_name.clone()).expect("scheduled");
    let out = step(&mut sim, &format!("kubectl drain {node} --force --delete-emptydir-data --ignore-daemonsets"));
    assert!(
        out.ends_with(&format!("evicting pod default/mysql-2\npod/mysql-2 evicted\nnode/{node} drained\n")),
        "{out}"
    );
    steps(&mut sim, &["kubectl get pod mysql-2 -o wide --watch", "sim settle"]);
    let moved = common::pod(&sim, "mysql-2").and_then(|p| p.spec.node_name.clone());
    assert!(moved.is_some_and(|n| n != node), "mysql-2 runs on another node with its claim");
    step(&mut sim, &format!("kubectl uncordon {node}"));

    // Scaling the number of replicas; the claims of the removed pods stay until deleted.
    let out = steps(
        &mut sim,
        &["kubectl scale statefulset mysql  --replicas=5", "kubectl get pods -l app=mysql --watch", "sim settle"],
    );
    assert!(out.contains("\nmysql-4   2/2   Running"), "{out}");
    let out = steps(
        &mut sim,
        &["kubectl scale statefulset mysql --replicas=3", "sim settle", "kubectl get pvc -l app=mysql"],
    );
    assert_eq!(out.matches("   Bound ").count(), 5, "{out}");
    let out = steps(&mut sim, &["kubectl delete pvc data-mysql-3", "kubectl delete pvc data-mysql-4"]);
    assert!(
        out.contains("persistentvolumeclaim \"data-mysql-3\" deleted\n")
            && out.contains("persistentvolumeclaim \"data-mysql-4\" deleted\n"),
        "{out}"
    );
}

/// "Deploying Cassandra with a StatefulSet" (docs/tutorials/stateful-application/cassandra).
#[test]
fn cassandra_tutorial() {
    let mut sim = Simulation::new(0);
    let out = steps(
        &mut sim,
        &[
            "kubectl apply -f https://k8s.io/examples/application/cassandra/cassandra-service.yaml",
            "kubectl get svc cassandra",
        ],
    );
    assert!(
        out.contains("service/cassandra created\n")
            && out.contains("cassandra   ClusterIP   None         <none>        9042/TCP"),
        "{out}"
    );
    let out =
        step(&mut sim, "kubectl apply -f https://k8s.io/examples/application/cassandra/cassandra-statefulset.yaml");
    assert!(out.ends_with("statefulset.apps/cassandra created\nstorageclass.storage.k8s.io/fast created\n"), "{out}");
    let out = steps(
        &mut sim,
        &[
            "kubectl get statefulset cassandra",
            "sim settle",
            "kubectl get pods -l=\"app.kubernetes.io/name=cassandra\"",
        ],
    );
    for pod in ["cassandra-0", "cassandra-1", "cassandra-2"] {
        assert!(out.contains(&format!("{pod}   1/1     Running")), "{pod}: {out}");
    }
    // nodetool is Cassandra's own: not simulated, and said so.
    let out = step(&mut sim, "kubectl exec -it cassandra-0 -- nodetool status");
    assert!(
        out.contains("sim: the files and programs of gcr.io/google-samples/cassandra:v13 are not simulated"),
        "{out}"
    );
    // Modifying the StatefulSet: `kubectl edit` needs an editor; the console says what
    // to use instead, and the same change by patch scales the ring to four.
    let out = step(&mut sim, "kubectl edit statefulset cassandra");
    assert!(out.contains("kubectl edit opens an editor, which the console has not"), "{out}");
    let out = steps(
        &mut sim,
        &[
            "kubectl patch statefulset cassandra -p '{\"spec\":{\"replicas\":4}}'",
            "sim settle",
            "kubectl get statefulset cassandra",
        ],
    );
    assert!(out.contains("cassandra   4/4"), "{out}");
    // Cleaning up: the page's one command, a list over four lines.
    let out = step(
        &mut sim,
        "grace=$(kubectl get pod cassandra-0 -o=jsonpath='{.spec.terminationGracePeriodSeconds}') \\\n  && kubectl delete statefulset -l app.kubernetes.io/name=cassandra \\\n  && echo \"Sleeping ${grace} seconds\" 1>&2 \\\n  && sleep $grace \\\n  && kubectl delete persistentvolumeclaim -l app.kubernetes.io/name=cassandra",
    );
    assert!(out.contains("statefulset.apps \"cassandra\" deleted\nSleeping 500 seconds\n"), "{out}");
    for claim in 0..4 {
        assert!(
            out.contains(&format!("persistentvolumeclaim \"cassandra-data-cassandra-{claim}\" deleted\n")),
            "{out}"
        );
    }
    let out = step(&mut sim, "kubectl delete service -l app.kubernetes.io/name=cassandra");
    assert!(out.ends_with("service \"cassandra\" deleted\n"), "{out}");
}
