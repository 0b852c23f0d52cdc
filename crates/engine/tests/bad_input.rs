//! Bad input never changes the cluster: each malformed manifest or command below gets
//! the message kubectl or the API server gives (or `line N: REASON` for a line the
//! language cannot read), and the cluster's JSON is byte-identical before and after.

mod common;

use common::*;
use sts_engine::export::to_json_string;
use sts_engine::script::console::{run_script, BundledFiles};
use sts_engine::Simulation;

const DB_HEAD: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n";
const TEMPLATE: &str = "  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: registry.k8s.io/nginx-slim:0.7\n";

/// A StatefulSet `name` with `spec` lines before the selector and template.
fn set_named(name: &str, spec: &str) -> String {
    format!("kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n{spec}{TEMPLATE}EOF\n")
}

/// The tutorial's `web` with `spec` lines added (an update of the existing set).
fn web_with(spec: &str) -> String {
    set_named("web", spec)
}

/// A new set `db` with `spec` lines added (a create).
fn db_with(spec: &str) -> String {
    set_named("db", spec)
}

fn settled() -> Simulation {
    let (sim, _) = script("kubectl apply -f web.yaml\nsim settle\n");
    sim
}

/// Runs `text` on the settled tutorial; its output (or line error) must contain
/// `expected` and the cluster must be unchanged.
fn refused(text: &str, expected: &str) {
    refused_after("", text, expected);
}

/// Like [`refused`], after the `setup` lines.
fn refused_after(setup: &str, text: &str, expected: &str) {
    let mut sim = settled();
    more(&mut sim, setup);
    let before = to_json_string(&sim);
    let (transcript, result) = run_script(&mut sim, text, &BundledFiles);
    let said = match result {
        Ok(()) => transcript.text,
        Err(e) => format!("{}{e}", transcript.text),
    };
    assert!(said.contains(expected), "expected {expected:?} in:\n{said}");
    assert_eq!(to_json_string(&sim), before, "the cluster changed after:\n{text}");
}

#[test]
fn invalid_statefulset_fields_are_refused_with_the_api_servers_words() {
    let cases: Vec<(String, &str)> = vec![
        (db_with("  replicas: -1\n"), "The StatefulSet \"db\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        (db_with("  minReadySeconds: -5\n"), "spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"),
        (db_with("  ordinals:\n    start: -2\n"), "spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0"),
        (db_with("  updateStrategy:\n    rollingUpdate:\n      partition: -1\n"), "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"),
        (db_with("  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 0\n"), "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0"),
        (db_with("  podManagementPolicy: Random\n"), "spec.podManagementPolicy: Unsupported value: \"Random\": supported values: \"OrderedReady\", \"Parallel\""),
        (db_with("  updateStrategy:\n    type: Sometimes\n"), "spec.updateStrategy.type: Unsupported value: \"Sometimes\""),
        (db_with("  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 1\n"), "only allowed for updateStrategy 'RollingUpdate'"),
        (db_with("  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Keep\n"), "spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: \"Keep\""),
        (db_with("  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Never\n"), "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Never\""),
        (set_named("DB_main", ""), "metadata.name: Invalid value: \"DB_main\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'"),
        (set_named("other", "  serviceName: Not_A_Label\n"), "spec.serviceName: Invalid value: \"Not_A_Label\""),
        (format!("kubectl apply -f - <<EOF\n{DB_HEAD}spec:\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: x\nEOF\n"), "spec.selector: Required value"),
        (format!("kubectl apply -f - <<EOF\n{DB_HEAD}spec:\n  selector:\n    matchLabels:\n      app: other\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: x\nEOF\n"), "`selector` does not match template `labels`"),
        (format!("kubectl apply -f - <<EOF\n{DB_HEAD}spec:\n  selector: {{}}\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: x\nEOF\n"), "empty selector is invalid for statefulset"),
        (db_with("").replace("      containers:", "      restartPolicy: Never\n      containers:"), "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""),
        (web_with("  serviceName: other\n"), "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"),
        (web_with("  podManagementPolicy: Parallel\n"), "spec: Forbidden: updates to statefulset spec"),
        (db_with("  replicas: 20000\n"), "the playground simulates at most 10000 replicas per StatefulSet; \"db\" asks for 20000"),
        (db_with("  replicas: \"three\"\n"), "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"),
    ];
    assert!(cases.len() >= 20);
    for (text, expected) in cases {
        refused(&text, expected);
    }
}

#[test]
fn malformed_manifests_and_commands_change_nothing() {
    let cases: Vec<(&str, &str)> = vec![
        ("kubectl apply -f - <<EOF\nkind: StatefulSet\nmetadata:\n  name: web\n bad: indent\nEOF\n", "error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context"),
        ("kubectl apply -f - <<EOF\nkind: [unclosed\nEOF\n", "error: error parsing STDIN: error converting YAML to JSON: yaml: line"),
        ("kubectl apply -f - <<EOF\nEOF\n", "error: no objects passed to apply"),
        ("kubectl apply -f nowhere.yaml\n", "error: the path \"nowhere.yaml\" does not exist"),
        ("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: 10.0.0.1\n  ports:\n  - port: 80\nEOF\n", "The Service \"nginx\" is invalid: spec.clusterIP: Invalid value: \"10.0.0.1\": field is immutable"),
        ("kubectl scale sts web --replicas=-1\n", "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"),
        ("kubectl scale sts nothing --replicas=2\n", "Error from server (NotFound): statefulsets.apps \"nothing\" not found"),
        ("kubectl scale sts web --replicas=lots\n", "line 1: invalid --replicas value \"lots\""),
        ("kubectl delete pod web-7\n", "Error from server (NotFound): pods \"web-7\" not found"),
        ("kubectl delete sts web --cascade=sometimes\n", "line 1: invalid cascade value (sometimes)"),
        ("kubectl delete widgets w\n", "line 1: the server doesn't have a resource type \"widgets\""),
        ("kubectl get widgets\n", "error: the server doesn't have a resource type \"widgets\""),
        ("kubectl get pods -o toml\n", "line 1: unsupported output format \"toml\""),
        ("kubectl get pods -l 'app in (a'\n", "unable to parse requirement"),
        ("kubectl patch sts web -p '{\"spec\":{\"serviceName\":\"other\"}}'\n", "spec: Forbidden: updates to statefulset spec"),
        ("kubectl patch sts web -p '{not json'\n", "error: unable to parse \"{not json\""),
        ("kubectl patch sts web --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/nothing\"}]'\n", "missing path /spec/nothing"),
        ("kubectl patch sts web --type=xml -p '{}'\n", "line 1: --type must be one of [json merge strategic], not \"xml\""),
        ("kubectl patch pod web-0 -p '{\"spec\":{\"nodeName\":\"node-9\"}}'\n", "The Pod \"web-0\" is invalid: spec: Forbidden: pod updates may not change fields other than"),
        ("kubectl patch pvc www-web-0 -p '{\"spec\":{\"storageClassName\":\"local-path\"}}'\n", "spec: Forbidden: spec is immutable after creation"),
        ("kubectl set image sts/web nope=busybox\n", "error: unable to find container named \"nope\""),
        ("kubectl label pod web-0 app=other\n", "error: 'app' already has a value (nginx), and --overwrite is false"),
        ("kubectl rollout undo sts/web --to-revision=7\n", "error: unable to find specified revision 7 in history"),
        ("kubectl rollout undo sts/web\n", "error: no last revision to roll back to"),
        ("kubectl rollout sideways sts/web\n", "line 1: unknown command \"sideways\" for \"kubectl rollout\""),
        ("kubectl describe pod web-9\n", "Error from server (NotFound): pods \"web-9\" not found"),
        ("kubectl frobnicate\n", "line 1: kubectl frobnicate is not simulated yet"),
        ("helm install web\n", "line 1: unknown command \"helm\""),
        ("sim advance forever\n", "line 1:"),
        ("sim pod explode web-0\n", "line 1:"),
        ("sim pod crash web-9\n", "Error from server (NotFound): pods \"web-9\" not found"),
        ("kubectl get pods 'unterminated\n", "line 1:"),
        ("kubectl apply -f - <<EOF\nkind: StatefulSet\n", "line 1:"),
    ];
    assert!(cases.len() >= 30);
    for (text, expected) in cases {
        refused(text, expected);
    }
}

const CONFIG: &str = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\ndata:\n  k: v\nimmutable: true\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: s3cret\nEOF\n";

/// Like [`refused`], on the settled tutorial with an immutable ConfigMap `frozen` and a
/// Secret `creds`.
fn refused_with_config(text: &str, expected: &str) {
    refused_after(CONFIG, text, expected);
}

fn manifest(body: &str) -> String {
    format!("kubectl apply -f - <<EOF\napiVersion: v1\n{body}EOF\n")
}

#[test]
fn invalid_config_maps_and_secrets_are_refused() {
    let key_message = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
    let cases: Vec<(String, String)> = vec![
        (
            manifest("kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  \"a b\": x\n"),
            format!("The ConfigMap \"a\" is invalid: data[a b]: Invalid value: \"a b\": {key_message}"),
        ),
        (
            manifest("kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: x\nbinaryData:\n  k: AA==\n"),
            "data[k]: Invalid value: \"k\": duplicate of key present in binaryData".into(),
        ),
        (
            manifest("kind: ConfigMap\nmetadata:\n  name: Bad_Name\n"),
            "The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain".into(),
        ),
        (
            manifest("kind: ConfigMap\nmetadata:\n  name: a\ndata: [1, 2]\n"),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap:".into(),
        ),
        (
            manifest("kind: Secret\nmetadata:\n  name: s\ndata:\n  a: \"not base64!\"\n"),
            "Error from server (BadRequest): error when creating \"STDIN\": Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3".into(),
        ),
        (
            manifest("kind: Secret\nmetadata:\n  name: s\nstringData:\n  \"..\": x\n"),
            "The Secret \"s\" is invalid: data[..]: Invalid value: \"..\": must not be '..'".into(),
        ),
        (
            manifest("kind: ConfigMap\nmetadata:\n  name: frozen\ndata:\n  k: changed\nimmutable: true\n"),
            "The ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set".into(),
        ),
        (
            "kubectl patch cm frozen --type merge -p '{\"immutable\":false}'\n".into(),
            "immutable: Forbidden: field is immutable when `immutable` is set".into(),
        ),
        (
            "kubectl patch secret creds -p '{\"type\":\"kubernetes.io/tls\"}'\n".into(),
            "The Secret \"creds\" is invalid: type: Invalid value: \"kubernetes.io/tls\": field is immutable".into(),
        ),
        (
            "kubectl create -f - <<EOF\napiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nEOF\n".into(),
            "Error from server (AlreadyExists): error when creating \"STDIN\": secrets \"creds\" already exists".into(),
        ),
        ("kubectl describe cm nothing\n".into(), "Error from server (NotFound): configmaps \"nothing\" not found".into()),
        ("kubectl cordon node-9\n".into(), "Error from server (NotFound): nodes \"node-9\" not found".into()),
        ("kubectl taint nodes node-1 gpu:Bad\n".into(), "error: invalid taint effect: Bad, unsupported taint effect".into()),
        ("kubectl taint nodes node-1 gpu-\n".into(), "error: taint \"gpu\" not found".into()),
        ("kubectl taint nodes node-1\n".into(), "error: at least one taint update is required".into()),
        ("kubectl taint nodes node-1 gpu\n".into(), "error: invalid taint spec: gpu".into()),
        (
            "kubectl apply -f - <<EOF\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\nprovisioner: playground.sim/network-volume\nreclaimPolicy: Retain\nEOF\n".into(),
            "The StorageClass \"standard\" is invalid: \n* reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.\n* volumeBindingMode: Forbidden: updates to volumeBindingMode are forbidden.".into(),
        ),
        (
            "kubectl apply -f - <<EOF\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nreclaimPolicy: Keep\nEOF\n".into(),
            "The StorageClass \"fast\" is invalid: \n* provisioner: Required value\n* reclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\"".into(),
        ),
        (
            manifest("kind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  resources:\n    requests:\n      storage: 1Gi\n"),
            "The PersistentVolumeClaim \"data\" is invalid: spec.accessModes: Invalid value: []: at least 1 access mode is required".into(),
        ),
        (
            manifest("kind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: \"0\"\n"),
            "spec.resources[storage]: Invalid value: \"0\": must be greater than zero".into(),
        ),
        (
            manifest("kind: PersistentVolumeClaim\nmetadata:\n  name: www-web-0\nspec:\n  storageClassName: local-path\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n"),
            "The PersistentVolumeClaim \"www-web-0\" is invalid: spec: Forbidden: spec is immutable after creation".into(),
        ),
        (
            manifest("kind: ConfigMap\nmetadata:\n  name: a\ndatas:\n  k: v\n"),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"datas\"".into(),
        ),
        (
            db_with("  replica: 3\n"),
            "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\"".into(),
        ),
        (
            web_with("").replace("        image: registry", "        imagee: registry"),
            "unknown field \"spec.template.spec.containers[0].imagee\"".into(),
        ),
    ];
    for (text, expected) in cases {
        refused_with_config(&text, &expected);
    }
}

/// A Service `s` with `spec` lines.
fn service(spec: &str) -> String {
    manifest(&format!("kind: Service\nmetadata:\n  name: s\nspec:\n{spec}"))
}

/// A workload of `kind` (`apps/v1` unless `api` says otherwise) called `name`, with
/// `spec` lines before its selector and template (labels `app: x`).
fn workload(api: &str, kind: &str, name: &str, spec: &str) -> String {
    format!(
        "kubectl apply -f - <<EOF\napiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n{spec}  selector:\n    matchLabels:\n      app: x\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n      containers:\n      - name: a\n        image: x\nEOF\n"
    )
}

const NAME_PART: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

#[test]
fn invalid_services_labels_and_api_versions_are_refused() {
    let cases: Vec<(String, String)> = vec![
        (service("  ports:\n  - port: 0\n"), "The Service \"s\" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive".into()),
        (service("  ports:\n  - port: 70000\n"), "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive".into()),
        (service("  type: Bogus\n  ports:\n  - port: 80\n"), "spec.type: Unsupported value: \"Bogus\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"".into()),
        (service("  ports:\n  - port: 80\n    name: web\n  - port: 81\n    name: web\n"), "The Service \"s\" is invalid: spec.ports[1].name: Duplicate value: \"web\"".into()),
        (service("  ports:\n  - port: 80\n    protocol: XTP\n"), "spec.ports[0].protocol: Unsupported value: \"XTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"".into()),
        (service("  ports:\n  - port: 80\n  - port: 81\n"), "The Service \"s\" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value".into()),
        (service("  selector:\n    app: x\n"), "The Service \"s\" is invalid: spec.ports: Required value".into()),
        (service("  ports:\n  - port: 80\n    name: Web\n"), "spec.ports[0].name: Invalid value: \"Web\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into()),
        (service("  ports:\n  - port: 80\n    name: http--alt\n"), "spec.ports[0].name: Invalid value: \"http--alt\": must not contain consecutive hyphens".into()),
        (
            manifest("kind: Service\nmetadata:\n  name: 1nginx\nspec:\n  ports:\n  - port: 80\n"),
            "metadata.name: Invalid value: \"1nginx\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character".into(),
        ),
        (
            db_with("").replace("metadata:\n  name: db\n", "metadata:\n  name: db\n  labels:\n    app: \"not ok!\"\n"),
            "The StatefulSet \"db\" is invalid: metadata.labels: Invalid value: \"not ok!\": a valid label must be an empty string or consist of alphanumeric characters".into(),
        ),
        (
            db_with("").replace("        app: nginx\n    spec:", "        app: nginx\n        \"bad key!\": x\n    spec:"),
            format!("The StatefulSet \"db\" is invalid: spec.template.metadata.labels: Invalid value: \"bad key!\": {NAME_PART}"),
        ),
        (set_named(&"a".repeat(64), ""), "must be no more than 63 characters".into()),
        (db_with("  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 150%\n"), "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%".into()),
        (workload("apps/v2", "StatefulSet", "a", ""), "error: resource mapping not found for name: \"a\" namespace: \"\" from \"STDIN\": no matches for kind \"StatefulSet\" in version \"apps/v2\"\nensure CRDs are installed first".into()),
        (workload("v1", "Deployment", "d", ""), "no matches for kind \"Deployment\" in version \"v1\"".into()),
        (manifest("kind: ConfigMap\nmetadata:\n  name: a\n").replace("apiVersion: v1", "apiVersion: apps/v1"), "no matches for kind \"ConfigMap\" in version \"apps/v1\"".into()),
        (workload("apps/v1", "Deployment", "d", "  replicas: -2\n"), "The Deployment \"d\" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0".into()),
        (workload("apps/v1", "Deployment", "d", "  strategy:\n    type: Sometimes\n"), "spec.strategy.type: Unsupported value: \"Sometimes\": supported values: \"Recreate\", \"RollingUpdate\"".into()),
        (manifest("kind: PersistentVolume\nmetadata:\n  name: pv1\nspec:\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /d\n"), "The PersistentVolume \"pv1\" is invalid: spec.capacity: Required value".into()),
        (manifest("kind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n  accessModes: [ReadWriteSometimes]\n  resources:\n    requests:\n      storage: 1Gi\n"), "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"".into()),
        ("kubectl apply -f - <<EOF\nkind: ConfigMap\nmetadata:\n  name: a\nEOF\n".into(), "error: error validating STDIN: error validating data: apiVersion not set".into()),
        ("kubectl apply -f - <<EOF\napiVersion: v1\nmetadata:\n  name: a\nEOF\n".into(), "error: error validating STDIN: error validating data: kind not set".into()),
        ("kubectl apply -f - <<EOF\njust a string\nEOF\n".into(), "error: error validating STDIN: error validating data: kind not set".into()),
        (manifest("kind: ConfigMap\nmetadata:\n  labels:\n    a: b\n"), "The ConfigMap \"\" is invalid: metadata.name: Required value".into()),
        (manifest("kind: ConfigMap\nmetadata:\n  name: a\n  name: b\n"), "error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: key \"name\" already set in map".into()),
        (manifest("kind: ConfigMap\nmetadata:\n\tname: a\n"), "error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: found a tab character that violates indentation".into()),
        ("kubectl label pod web-0 'bad key!=x'\n".into(), format!("The Pod \"web-0\" is invalid: metadata.labels: Invalid value: \"bad key!\": {NAME_PART}")),
        ("kubectl label pod web-0 'tier=not ok!'\n".into(), "error: invalid label value: \"tier=not ok!\": a valid label must be an empty string".into()),
        ("kubectl label pod web-0 example.com/=x\n".into(), "metadata.labels: Invalid value: \"example.com/\": name part must be non-empty".into()),
        ("kubectl annotate pod web-0 'note pad=x'\n".into(), format!("The Pod \"web-0\" is invalid: metadata.annotations: Invalid value: \"note pad\": {NAME_PART}")),
        ("kubectl get pods -l '!!'\n".into(), format!("error: unable to parse requirement: <nil>: Invalid value: \"!\": {NAME_PART}")),
        ("kubectl get pods -l 'app=a b'\n".into(), "error: unable to parse requirement: <nil>: Invalid value: \"a b\": a valid label must be an empty string".into()),
    ];
    assert!(cases.len() >= 30);
    for (text, expected) in cases {
        refused(&text, &expected);
    }
}

#[test]
fn more_malformed_commands_change_nothing() {
    let cases: Vec<(&str, &str)> = vec![
        ("kubectl scale sts web\n", "line 1: kubectl scale needs --replicas=COUNT"),
        ("kubectl exec web-0\n", "line 1: kubectl exec needs the command after --, such as: kubectl exec web-0 -- hostname"),
        ("kubectl exec web-0 -c nope -- hostname\n", "error: container nope is not valid for pod web-0"),
        ("kubectl exec web-9 -- hostname\n", "Error from server (NotFound): pods \"web-9\" not found"),
        ("kubectl delete pod\n", "line 1: resource(s) were provided, but no name was specified"),
        // `$(…)` runs kubectl commands, in a command and in an assignment alike.
        ("kubectl cordon $(sim settle)\n", "line 1: $(…) runs kubectl commands, not sim lines"),
        ("x=$(sim advance 1h)\n", "line 1: $(…) runs kubectl commands, not sim lines"),
        // A list is read whole before its first command runs.
        ("sim write web-0 greeting=hello && helm install x\n", "line 1: unknown command \"helm\""),
        // JSONPath is read since the Cassandra tutorial uses it; a missing field is its error.
        ("kubectl get pod web-0 -o jsonpath='{.x}'\n", "error: error executing jsonpath \"{.x}\": Error executing template: x is not found."),
        ("kubectl delete pod web-0 --grace-period=abc\n", "line 1: invalid --grace-period value \"abc\""),
        ("kubectl cordon\n", "line 1: usage: kubectl cordon NODE"),
        ("kubectl drain node-9\n", "Error from server (NotFound): nodes \"node-9\" not found"),
        ("kubectl uncordon node-9\n", "Error from server (NotFound): nodes \"node-9\" not found"),
        ("kubectl rollout status sts/nothing\n", "Error from server (NotFound): statefulsets.apps \"nothing\" not found"),
        ("kubectl rollout history sts/web --revision=9\n", "error: unable to find the specified revision"),
        ("kubectl rollout restart sts/nothing\n", "Error from server (NotFound): statefulsets.apps \"nothing\" not found"),
        ("kubectl rollout pause sts/web\n", "error: statefulsets.apps \"web\" pausing is not supported"),
        ("kubectl set image sts/nothing nginx=x\n", "Error from server (NotFound): statefulsets.apps \"nothing\" not found"),
        ("kubectl label pod web-9 a=b\n", "Error from server (NotFound): pods \"web-9\" not found"),
        ("kubectl patch sts web --type=merge -p '[1]'\n", "Error from server (BadRequest): couldn't get version/kind; json parse error: a merge patch must be a JSON object"),
        ("kubectl patch sts web -p '{\"spec\":{\"replicas\":-3}}'\n", "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0"),
        ("kubectl patch sts web -p '{\"spec\":{\"replicas\":\"x\"}}'\n", "Error from server (BadRequest): json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"),
        ("kubectl scale deploy nothing --replicas=1\n", "Error from server (NotFound): deployments.apps \"nothing\" not found"),
        ("kubectl delete pvc nothing\n", "Error from server (NotFound): persistentvolumeclaims \"nothing\" not found"),
        ("kubectl apply\n", "line 1: kubectl apply needs -f FILE"),
        ("sim node fail node-9\n", "Error from server (NotFound): nodes \"node-9\" not found"),
        ("sim node add node-1\n", "Error from server (AlreadyExists): nodes \"node-1\" already exists"),
        ("sim seed abc\n", "line 1: invalid seed \"abc\": use a whole number"),
        ("sim write web-9 k=v\n", "Error from server (NotFound): pods \"web-9\" not found"),
        ("sim settle --timeout nope\n", "line 1: invalid duration \"nope\": write a number with a unit, such as 500ms, 30s, 2m or 1h"),
        ("sim image\n", "line 1: usage: sim image IMAGE ok|crash|unpullable"),
        ("sim say\n", "line 1: usage: sim say [--highlight KIND/NAME] TEXT"),
    ];
    assert!(cases.len() >= 25);
    for (text, expected) in cases {
        refused(text, expected);
    }
    refused_after(
        "kubectl taint nodes node-1 gpu=yes:NoSchedule\n",
        "kubectl taint nodes node-1 gpu=yes:NoSchedule\n",
        "error: node node-1 already has gpu taint(s) with same effect(s) and --overwrite is false",
    );
}
