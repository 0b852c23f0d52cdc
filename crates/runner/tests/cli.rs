//! The runner as a program: its output modes, exit statuses and determinism, exactly as
//! the scenario language specifies them.

use std::path::PathBuf;
use std::process::{Command, Output};

fn script(name: &str, text: &str) -> PathBuf {
    // One folder per script: the tests run in parallel and must not share files.
    let dir = std::env::temp_dir().join(format!("sts-run-tests-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let manifests = concat!(env!("CARGO_MANIFEST_DIR"), "/../../manifests/web.yaml");
    std::fs::copy(manifests, dir.join("web.yaml")).expect("copy web.yaml");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write script");
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sts-run")).args(args).output().expect("sts-run runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const TUTORIAL: &str = "kubectl apply -f web.yaml\nsim settle\nkubectl get pods\n";

#[test]
fn every_line_is_echoed_with_its_output() {
    let out = run(&[script("echo.sts", TUTORIAL).to_str().expect("utf-8")]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("$ kubectl apply -f web.yaml\nservice/nginx created\nstatefulset.apps/web created\n$ sim settle\nsettled in 9s\n$ kubectl get pods\nNAME    READY   STATUS    RESTARTS   AGE\n"), "{text}");
    assert!(text.contains("web-0   1/1     Running   0          9s\n"), "{text}");
    assert!(out.stderr.is_empty());
}

#[test]
fn heredocs_are_echoed_verbatim_and_applied() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../manifests/web.yaml")).expect("read");
    let text = format!("kubectl apply -f - <<EOF\n{manifest}EOF\nkubectl get svc\n");
    let out = run(&[script("heredoc.sts", &text).to_str().expect("utf-8")]);
    let printed = stdout(&out);
    assert!(
        printed.starts_with(&format!("$ kubectl apply -f - <<EOF\n{manifest}EOF\nservice/nginx created\n")),
        "{printed}"
    );
    assert!(printed.contains("nginx   ClusterIP   None         <none>        80/TCP    0s"), "{printed}");
}

#[test]
fn a_line_that_cannot_be_understood_stops_the_run_with_status_2() {
    let out =
        run(&[script("bad.sts", "sim advance 1s\nkubectl frobnicate pods\nsim advance 1s\n").to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "line 2: kubectl frobnicate is not simulated yet\n");
    assert_eq!(stdout(&out), "$ sim advance 1s\n$ kubectl frobnicate pods\n", "lines before it ran");
}

#[test]
fn kubectl_errors_print_as_kubectl_prints_them_and_the_run_goes_on() {
    let out = run(&[script("errs.sts", "kubectl apply -f web.yaml\nkubectl delete pod web-9\nkubectl scale sts web --replicas=-1\nkubectl get widgets\nkubectl apply -f missing.yaml\nsim advance 1s\n").to_str().expect("utf-8")]);
    assert!(out.status.success());
    let text = stdout(&out);
    for expected in [
        "Error from server (NotFound): pods \"web-9\" not found\n",
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
        "error: the server doesn't have a resource type \"widgets\"\n",
        "error: the path \"missing.yaml\" does not exist\n",
    ] {
        assert!(text.contains(expected), "{expected} missing from\n{text}");
    }
}

#[test]
fn json_output_is_one_list_document_with_the_simulation_block() {
    let out = run(&[script("json.sts", TUTORIAL).to_str().expect("utf-8"), "--json"]);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    assert_eq!(doc["apiVersion"], "v1");
    assert_eq!(doc["kind"], "List");
    let items = doc["items"].as_array().expect("items");
    let kinds: Vec<&str> = items.iter().filter_map(|i| i["kind"].as_str()).collect();
    for kind in [
        "Node",
        "StorageClass",
        "Service",
        "StatefulSet",
        "PersistentVolumeClaim",
        "PersistentVolume",
        "Pod",
        "EndpointSlice",
        "Event",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing");
    }
    let first_event = kinds.iter().position(|k| *k == "Event").expect("events");
    assert!(kinds[first_event..].iter().all(|k| *k == "Event"), "grouped by kind");
    assert_eq!(doc["x-simulation"]["time"], 9.0);
    let dns = doc["x-simulation"]["dns"].as_array().expect("dns");
    assert!(dns.iter().any(|r| r["name"] == "web-0.nginx.default.svc.cluster.local" && r["type"] == "A"));
    assert!(doc["x-simulation"]["data"].is_object());
}

#[test]
fn the_same_script_and_seed_give_byte_identical_output() {
    let path = script("det.sts", TUTORIAL);
    let path = path.to_str().expect("utf-8");
    assert_eq!(run(&[path, "--json"]).stdout, run(&[path, "--json"]).stdout);
    assert_eq!(run(&[path]).stdout, run(&[path]).stdout);
    assert_ne!(
        run(&[path, "--json", "--seed", "1"]).stdout,
        run(&[path, "--json"]).stdout,
        "another seed, another run"
    );
}

#[test]
fn bad_options_are_refused() {
    let out = run(&["--seed", "x", "s.sts"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid --seed \"x\""));
    assert_eq!(run(&[]).status.code(), Some(2));
}

#[test]
fn an_empty_manifest_is_refused_as_kubectl_refuses_it() {
    let path = script("empty.sts", "kubectl apply -f - <<EOF\n# nothing here\nEOF\n");
    let out = run(&[path.to_str().expect("utf-8")]);
    assert!(stdout(&out).ends_with("error: no objects passed to apply\n"), "{}", stdout(&out));
}
