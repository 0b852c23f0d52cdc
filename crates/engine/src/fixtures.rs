//! Fixed action sequences shared by test suites in different crates: the native engine
//! tests and the browser (wasm) tests run the same list, so their outputs can be compared
//! byte for byte against one golden file.

use crate::action::Action;
use crate::bundled::WEB_YAML;
use crate::time::SimDuration;

/// Tutorial set scaled to 3, web-1 deleted and re-created, then scaled down to 1.
pub fn golden_actions() -> Vec<Action> {
    let advance = || Action::Advance { by: SimDuration::from_secs(30) };
    vec![
        Action::Apply { manifest: WEB_YAML.into(), source: "web.yaml".into() },
        Action::ScaleTo { statefulset: "web".into(), replicas: 3 },
        advance(),
        Action::DeletePod { pod: "web-1".into(), grace_period_seconds: None },
        advance(),
        Action::ScaleTo { statefulset: "web".into(), replicas: 1 },
        advance(),
    ]
}

/// The golden file the output of [`golden_actions`] with seed 0 must equal.
pub const GOLDEN_JSON: &str = include_str!("../tests/golden/golden-run.json");
