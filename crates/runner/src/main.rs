//! `sts-run SCRIPT [--json] [--seed N]`: runs a script of the scenario language against
//! a fresh default cluster and prints the transcript (every line echoed as `$ LINE` with
//! its output), or with `--json` one JSON document of the final cluster. A line the runner
//! cannot understand stops the run: `line N: REASON` on stderr, exit status 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use sts_engine::export::to_json;
use sts_engine::script::console::{run_script, BundledFiles, ManifestFiles};
use sts_engine::Simulation;

/// Manifests named by `-f FILE`, read relative to the script's folder; a name found
/// there is not looked for further, one that is not falls back to the manifests bundled
/// with the engine (`web.yaml`, …), as the page reads them, so a tour or a run exported
/// from the page runs here unchanged.
struct NextToScript {
    folder: PathBuf,
}

impl ManifestFiles for NextToScript {
    fn read(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.folder.join(name)).ok().or_else(|| BundledFiles.read(name))
    }
}

/// The command line.
struct Options {
    script: PathBuf,
    json: bool,
    seed: u64,
}

const USAGE: &str = "usage: sts-run SCRIPT [--json] [--seed N]";

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut script = None;
    let mut json = false;
    let mut seed = 0;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--json" => json = true,
            "--seed" => {
                let n = args.get(i + 1).ok_or("--seed needs a number")?;
                seed = n.parse().map_err(|_| format!("invalid --seed {n:?}: use a whole number"))?;
                i += 1;
            }
            s if s.starts_with("--seed=") => {
                let n = &s["--seed=".len()..];
                seed = n.parse().map_err(|_| format!("invalid --seed {n:?}: use a whole number"))?;
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            s if script.is_none() => script = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument {s:?}\n{USAGE}")),
        }
        i += 1;
    }
    Ok(Options { script: script.ok_or(USAGE)?, json, seed })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_options(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&options.script) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("sts-run: cannot read {}: {e}", options.script.display());
            return ExitCode::from(2);
        }
    };
    let folder = options.script.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut sim = Simulation::new(options.seed);
    let (transcript, result) = run_script(&mut sim, &text, &NextToScript { folder });
    if !options.json {
        print!("{}", transcript.text);
    }
    if let Err(e) = result {
        eprintln!("{e}");
        return ExitCode::from(2);
    }
    if options.json {
        match serde_json::to_string_pretty(&to_json(&sim)) {
            Ok(doc) => println!("{doc}"),
            Err(e) => {
                eprintln!("sts-run: cannot write JSON: {e}");
                return ExitCode::from(1);
            }
        }
    }
    for warning in sim.warnings() {
        eprintln!("sts-run: warning: {warning}");
    }
    ExitCode::SUCCESS
}
