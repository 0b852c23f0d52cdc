//! Where in a manifest an error points: the line and the field of an error that
//! `kubectl apply` printed for it, so an editor can mark the line. YAML errors carry
//! their line (`yaml: line 5: …`); the API server's name a field path
//! (`spec.replicas: Invalid value`, `unknown field "spec.template.spec.containers[0].bogus"`,
//! `Go struct field StatefulSetSpec.spec.replicas of type int32`), which is found in the
//! manifest's text by following its keys and list items down the indentation.

/// A place in a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorLocation {
    /// The 1-based line.
    pub line: usize,
    /// The field path the error names, if it names one.
    pub field: Option<String>,
}

/// Where `error` (what kubectl printed) points in `manifest`, if it can be told.
pub fn locate(manifest: &str, error: &str) -> Option<ErrorLocation> {
    if let Some(line) = yaml_line(error) {
        return Some(ErrorLocation { line, field: None });
    }
    let field = field_of(error)?;
    let line = find_field(manifest, kind_of(error), &field)?;
    Some(ErrorLocation { line, field: Some(field) })
}

/// The kind an API server error is about: `The StatefulSet "web" is invalid`, or
/// `StatefulSet in version "v1" cannot be handled as a StatefulSet`.
fn kind_of(error: &str) -> Option<&str> {
    if let Some(at) = error.find(" cannot be handled as a ") {
        let rest = &error[at + " cannot be handled as a ".len()..];
        return rest.split(|c: char| !c.is_ascii_alphanumeric()).next().filter(|k| !k.is_empty());
    }
    let at = error.find("The ")?;
    let rest = &error[at + "The ".len()..];
    rest.split_whitespace().next().filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The line of a YAML error: `yaml: line N: …`.
fn yaml_line(error: &str) -> Option<usize> {
    let rest = &error[error.find("yaml: line ")? + "yaml: line ".len()..];
    rest.split(':').next()?.trim().parse().ok().filter(|line: &usize| *line > 0)
}

/// The field path an API server error names.
fn field_of(error: &str) -> Option<String> {
    if let Some(at) = error.find("unknown field \"") {
        let rest = &error[at + "unknown field \"".len()..];
        return rest.split('"').next().map(String::from);
    }
    if let Some(at) = error.find("Go struct field ") {
        // `StatefulSetSpec.spec.replicas of type int32`: the path after the Go type.
        let rest = &error[at + "Go struct field ".len()..];
        let path = rest.split_whitespace().next()?;
        return path.split_once('.').map(|(_, p)| p.to_string());
    }
    // `The StatefulSet "web" is invalid: spec.replicas: Invalid value: …`
    let rest = &error[error.find(" is invalid: ")? + " is invalid: ".len()..];
    let path = rest.split(": ").next()?;
    let looks_like_a_path = path.chars().all(|c| c.is_ascii_alphanumeric() || ".[]-_".contains(c));
    (looks_like_a_path && !path.is_empty()).then(|| path.to_string())
}

/// One step of a field path: a key, or an index into a list.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some((index, after)) = rest.split_once(']') {
            if let Ok(i) = index.parse() {
                out.push(Step::Index(i));
            }
            rest = after.trim_start_matches('[');
        }
    }
    out
}

/// The 1-based line where `path` is written in the block-style YAML `manifest` (in the
/// first document that has it); for a field inside a flow collection (`{app: db}`), the
/// line of the nearest key that is written on a line of its own.
pub fn line_of_field(manifest: &str, path: &str) -> Option<usize> {
    find_field(manifest, None, path)
}

/// [`line_of_field`] among the documents of `kind` when it is known and one has it.
fn find_field(manifest: &str, kind: Option<&str>, path: &str) -> Option<usize> {
    let lines: Vec<&str> = manifest.lines().collect();
    let wanted = kind.map(|k| format!("kind: {k}"));
    let of_kind =
        |from: usize, to: usize| wanted.as_ref().is_none_or(|w| lines[from..to].iter().any(|l| l.trim_end() == w));
    let steps = steps(path);
    // The document where most of the path is found wins; the first of equals.
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    while start < lines.len() {
        let end = (start + 1..lines.len()).find(|&i| lines[i].starts_with("---")).unwrap_or(lines.len());
        if let Some((depth, line)) = find_in(&lines, start, end, &steps).filter(|_| of_kind(start, end)) {
            if best.is_none_or(|(d, _)| depth > d) {
                best = Some((depth, line));
            }
        }
        start = end + 1;
    }
    best.map(|(_, line)| line + 1)
}

/// Leading spaces of a line.
fn lead(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The column where a line's key starts, past any list item dashes.
fn col(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '-']).len()
}

/// Whether a line is a list item (`- …`).
fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ") || t == "-"
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#') && !t.starts_with("---")
}

/// Whether a line's key is `key`.
fn has_key(line: &str, key: &str) -> bool {
    let t = line.trim_start_matches([' ', '-']);
    t.strip_prefix(key).is_some_and(|r| r.starts_with(':'))
        || t.strip_prefix('"').and_then(|r| r.strip_prefix(key)).is_some_and(|r| r.starts_with("\":"))
}

/// Follows `steps` in `lines[from..to]`; returns how many were found and the 0-based
/// line of the last of them.
fn find_in(lines: &[&str], from: usize, to: usize, steps: &[Step<'_>]) -> Option<(usize, usize)> {
    let content = |i: &usize| is_content(lines[*i]);
    let mut found = None;
    let mut block = (from, to);
    for step in steps {
        let (start, end) = block;
        let Some(first) = (start..end).find(content) else { return found };
        let hit = match step {
            Step::Key(key) => {
                let c = col(lines[first]);
                (first..end).filter(content).find(|&i| col(lines[i]) == c && has_key(lines[i], key))
            }
            Step::Index(n) => {
                let l = lead(lines[first]);
                (first..end).filter(content).filter(|&i| is_item(lines[i]) && lead(lines[i]) == l).nth(*n)
            }
        };
        let Some(i) = hit else { return found };
        found = Some((found.map_or(1, |(d, _)| d + 1), i));
        block = match step {
            Step::Key(_) => {
                let c = col(lines[i]);
                let inside = |j: &usize| col(lines[*j]) > c || (is_item(lines[*j]) && lead(lines[*j]) == c);
                let stop = (i + 1..end).filter(content).find(|j| !inside(j)).unwrap_or(end);
                (i + 1, stop)
            }
            Step::Index(_) => {
                let l = lead(lines[i]);
                let stop = (i + 1..end).filter(content).find(|&j| lead(lines[j]) <= l).unwrap_or(end);
                (i, stop)
            }
        };
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: -1
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: sidecar
        image: busybox
      - name: db
        image: postgres
        bogus: 1
  volumeClaimTemplates:
  - metadata:
      name: data
";

    #[test]
    fn field_paths_are_found_down_the_indentation() {
        assert_eq!(line_of_field(MANIFEST, "spec.replicas"), Some(11));
        assert_eq!(line_of_field(MANIFEST, "spec.template.spec.containers[1].bogus"), Some(24));
        assert_eq!(line_of_field(MANIFEST, "spec.template.spec.containers[0].image"), Some(21));
        assert_eq!(line_of_field(MANIFEST, "spec.template.spec.containers[1]"), Some(22));
        assert_eq!(line_of_field(MANIFEST, "spec.template.metadata.labels.app"), Some(17));
        assert_eq!(line_of_field(MANIFEST, "spec.volumeClaimTemplates[0].metadata.name"), Some(27));
        assert_eq!(line_of_field(MANIFEST, "spec.selector.matchLabels.app"), Some(13), "inside a flow map: its key");
        assert_eq!(line_of_field(MANIFEST, "metadata.name"), Some(4), "the first document that has it");
        assert_eq!(line_of_field(MANIFEST, "spec.replicas"), Some(11), "not the Service's spec");
        assert_eq!(line_of_field(MANIFEST, "status.replicas"), None);
    }

    #[test]
    fn kubectl_s_errors_point_at_their_line() {
        let at = |error: &str| locate(MANIFEST, error);
        assert_eq!(
            at("The StatefulSet \"db\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
            Some(ErrorLocation { line: 11, field: Some("spec.replicas".into()) })
        );
        assert_eq!(
            at("Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.template.spec.containers[1].bogus\""),
            Some(ErrorLocation { line: 24, field: Some("spec.template.spec.containers[1].bogus".into()) })
        );
        assert_eq!(
            at("json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"),
            Some(ErrorLocation { line: 11, field: Some("spec.replicas".into()) })
        );
        assert_eq!(
            at("error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context"),
            Some(ErrorLocation { line: 5, field: None })
        );
        assert_eq!(at("error: the path \"x\" does not exist"), None);
        let both = "kind: Service\nspec:\n  clusterIP: None\n---\nkind: StatefulSet\nspec:\n  replicas: 1\n";
        let forbidden =
            "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec are forbidden";
        assert_eq!(
            locate(both, forbidden),
            Some(ErrorLocation { line: 6, field: Some("spec".into()) }),
            "the StatefulSet's spec, not the Service's"
        );
    }
}
