//! The playground's YAML reader against yaml_serde (the serde_yaml line kept by the YAML
//! organisation): on every bundled manifest and on a corpus of the constructs manifests
//! use, both must give the same JSON. Plus the errors, which must name the line.

use serde::Deserialize;
use serde_json::{json, Value};
use sts_engine::yaml::read_documents;

fn reference(text: &str) -> Vec<Value> {
    yaml_serde::Deserializer::from_str(text)
        .map(|de| Value::deserialize(de).expect("yaml_serde reads the reference text"))
        .filter(|v| !v.is_null())
        .collect()
}

fn same(text: &str) {
    let ours = read_documents(text).unwrap_or_else(|e| panic!("{e}\n---\n{text}"));
    let ours: Vec<Value> = ours.into_iter().filter(|v| !v.is_null()).collect();
    assert_eq!(ours, reference(text), "\n---\n{text}");
}

#[test]
fn every_bundled_manifest_reads_as_yaml_serde_reads_it() {
    for name in [
        "web.yaml",
        "web-parallel.yaml",
        "mysql-configmap.yaml",
        "mysql-services.yaml",
        "mysql-statefulset.yaml",
        "web-deployment.yaml",
    ] {
        let path = format!("{}/../../manifests/{name}", env!("CARGO_MANIFEST_DIR"));
        same(&std::fs::read_to_string(&path).expect("manifest"));
    }
}

#[test]
fn the_constructs_manifests_use_read_the_same() {
    let corpus = [
        "a: 1\nb: two\nc: 3.5\nd: true\ne: null\nf: ~\ng:\n",
        "list:\n- a\n- b\n-   c\n",
        "list:\n  - a\n  - b\n",
        "items:\n- name: x\n  port: 80\n- name: y\n  nested:\n    deep: [1, 2]\n",
        "- - a\n  - b\n- c\n",
        "flow: [ \"ReadWriteOnce\" ]\nmap: {a: 1, b: [x, y], c: {d: e}}\nempty: []\nnone: {}\n",
        "multi: [a,\n  b,\n  c]\n",
        "q1: 'it''s'\nq2: \"tab\\tnew\\nline \\\"q\\\"\"\nq3: \"#not a comment\"\n",
        "url: http://example.com:8080/x # a comment\nhash: a#b\n",
        // Found by the fuzzer: an escaped quote inside double quotes, or a doubled one
        // inside single quotes, does not end the string, so a ` #` after it is text.
        "cmd: [\"sh\", \"-c\", \"echo \\\"a\\\" # not a comment\"]\nq: 'it''s # text' # comment\n",
        "- \"say \\\"x\\\" # kept\"\n",
        "lit: |\n  line one\n  line two\n\n  after blank\nnext: x\n",
        "strip: |-\n  no newline\nkeep: |+\n  kept\n\nend: 1\n",
        "fold: >\n  folded\n  text\n\n  para\n    more indented\n  back\n",
        "script: |\n  #!/bin/bash\n  set -ex\n  [[ `hostname` =~ -([0-9]+)$ ]] || exit 1\n",
        "---\na: 1\n---\nb: 2\n...\n---\nc: 3\n",
        "# only a comment\n---\n# another\nkind: X\n",
        "labels:\n  app.kubernetes.io/name: nginx\n  \"quoted key\": v\n  'single': w\n",
        "n: -3\nhex: 0x10\nver: 0.7\nsize: 10Gi\nip: 10.0.0.1\ntime: 2025-01-01T00:00:00Z\n",
        "key:   spaced value   \n",
        "a:\n  b:\n    c:\n      d: deep\n  e: f\n",
        "seq_of_maps:\n  - a: 1\n    b: 2\n  - a: 3\n",
        "plain: this is\n  continued here\nnext: 1\n",
        "quoted: \"spans\n  two lines\"\n",
        "command: [\"sh\", \"-c\", \"echo 'hi' > /tmp/x\"]\n",
        "empty_string: \"\"\nempty_single: ''\n",
    ];
    for text in corpus {
        same(text);
    }
}

#[test]
fn errors_name_the_line() {
    let cases = [
        ("a: 1\n b: 2\n", 2),
        ("a: 1\na: 2\n", 2),
        ("a: [1, 2\n", 1),
        ("a: 'open\n", 1),
        ("a: &anchor x\n", 1),
        ("\tkey: tab\n", 1),
        ("a:\n  - x\n  y: 1\n", 3),
    ];
    for (text, line) in cases {
        let err = read_documents(text).expect_err(text);
        assert_eq!(err.line, line, "{text:?}: {err}");
        let refused_by_reference = yaml_serde::Deserializer::from_str(text).any(|de| Value::deserialize(de).is_err());
        // Anchors are valid YAML the playground does not take; duplicate keys are refused
        // by kubectl's go-yaml though yaml_serde keeps the last one.
        assert!(
            refused_by_reference || text.contains('&') || text == "a: 1\na: 2\n",
            "yaml_serde also refuses {text:?}"
        );
    }
}

#[test]
fn a_repeated_key_is_refused_as_kubectl_refuses_it() {
    let err = read_documents("a: 1\na: 2\n").expect_err("duplicate");
    assert_eq!(err.to_string(), "yaml: line 2: key \"a\" already set in map");
}

#[test]
fn keys_are_strings_as_kubectl_makes_them() {
    assert_eq!(read_documents("1: a\ntrue: b\n").expect("reads"), vec![json!({"1": "a", "true": "b"})]);
}
