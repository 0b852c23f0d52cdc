//! Tests in a real browser (headless Chromium through wasm-bindgen-test-runner): the
//! engine gives byte-identical output to the native build, and the page mounts, scales
//! and deletes through its real DOM.

#![cfg(target_arch = "wasm32")]

use gloo::timers::future::sleep;
use std::time::Duration;
use sts_engine::{export, fixtures, Simulation};
use sts_playground::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_browser_build_reproduces_the_native_golden_output_byte_for_byte() {
    let sim = Simulation::replay(0, &fixtures::golden_actions());
    let json = export::to_json_string(&sim);
    assert_eq!(json.len(), fixtures::GOLDEN_JSON.len());
    assert!(json == fixtures::GOLDEN_JSON, "wasm output differs from crates/engine/tests/golden/golden-run.json");
}

fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    gloo::utils::body().append_child(&root).expect("append");
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

fn click(root: &Element, selector: &str) {
    let el = root.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("{selector} exists"));
    el.dyn_into::<HtmlElement>().expect("an HTML element").click();
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
}

/// Clicks "Step" until `done` holds (each click jumps to the next scheduled change).
async fn step_until(root: &Element, mut done: impl FnMut(&Element) -> bool) {
    for _ in 0..200 {
        if done(root) {
            return;
        }
        click(root, "#step");
        sleep(Duration::from_millis(5)).await;
    }
    panic!("condition not reached; page is: {}", root.inner_html());
}

#[wasm_bindgen_test]
async fn the_page_mounts_scales_up_and_deletes_in_the_browser() {
    let root = mount();
    sleep(Duration::from_millis(30)).await;
    click(&root, "#play"); // pause the clock so only the test moves time
    sleep(Duration::from_millis(10)).await;
    assert_eq!(text(&root, "#play").trim(), "▶ Play");
    assert!(root.query_selector("[data-pod=\"web-0\"]").ok().flatten().is_some(), "web-0 drawn at once");

    step_until(&root, |r| r.query_selector("[data-pod=\"web-1\"].ready").ok().flatten().is_some()).await;
    click(&root, "#scale-up");
    sleep(Duration::from_millis(10)).await;
    assert_eq!(text(&root, "#replicas"), "3");
    assert!(text(&root, ".notice").contains("statefulset.apps/web scaled"));
    step_until(&root, |r| r.query_selector("[data-pod=\"web-2\"].ready").ok().flatten().is_some()).await;
    assert!(text(&root, "section.dns").contains("web-2.nginx.default.svc.cluster.local"));

    let old_ip = text(&root, "[data-pod=\"web-1\"] .pod-ip");
    click(&root, "button.delete-pod[data-pod=\"web-1\"]");
    sleep(Duration::from_millis(10)).await;
    assert!(text(&root, "[data-pod=\"web-1\"] .pod-status").contains("Terminating"));
    step_until(&root, |r| {
        r.query_selector("[data-pod=\"web-1\"].ready").ok().flatten().is_some()
            && text(r, "[data-pod=\"web-1\"] .pod-ip") != old_ip
    })
    .await;
    assert!(root.query_selector("[data-claim=\"www-web-1\"]").ok().flatten().is_some(), "same claim");
}

/// Types `command` in the console and runs it, as a person would.
fn type_command(root: &Element, command: &str) {
    let input = root
        .query_selector("#console-input")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .unwrap_or_else(|| panic!("the console input exists"));
    input.set_value(command);
    let input_event = web_sys::InputEvent::new("input").expect("an input event");
    input.dispatch_event(&input_event).expect("input dispatched");
    click(root, ".console-form button[type=submit]");
}

#[wasm_bindgen_test]
async fn an_invalid_replica_count_typed_in_the_console_shows_the_api_error_and_keeps_the_page_alive() {
    let root = mount();
    sleep(Duration::from_millis(30)).await;
    for _ in 0..3 {
        click(&root, "#scale-down");
        sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(text(&root, "#replicas"), "0", "the stepper stops at zero");
    type_command(&root, r#"kubectl patch sts web -p '{"spec":{"replicas":-1}}'"#);
    sleep(Duration::from_millis(10)).await;
    let notice = text(&root, ".notice.error");
    assert!(notice.contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0"), "{notice}");
    assert!(text(&root, ".console-log").contains("$ kubectl patch sts web"));
    click(&root, "#scale-up");
    sleep(Duration::from_millis(10)).await;
    assert_eq!(text(&root, "#replicas"), "1");
}

#[wasm_bindgen_test]
fn seeking_in_the_browser_shows_exactly_the_replay_of_the_log() {
    use sts_engine::timeline::Timeline;
    use sts_engine::{Action, SimDuration, SimTime};
    let mut timeline = Timeline::new(Simulation::new(0));
    let apply = Action::Apply { manifest: sts_engine::bundled::WEB_YAML.into(), source: "web.yaml".into() };
    assert!(timeline.act("kubectl apply -f web.yaml", |sim| sim.apply(apply)).is_ok());
    for tick in 0..600u32 {
        timeline.advance(SimDuration::from_millis(100));
        if tick == 200 {
            let scale = Action::ScaleTo { statefulset: "web".into(), replicas: 4 };
            assert!(timeline.act("kubectl scale sts web --replicas=4", |sim| sim.apply(scale)).is_ok());
        }
    }
    let end = export::to_json_string(timeline.sim());
    timeline.seek(SimTime(12_345));
    let replayed = Simulation::replay(0, timeline.sim().log());
    assert!(export::to_json_string(timeline.sim()) == export::to_json_string(&replayed));
    timeline.seek(SimTime(60_000));
    assert!(export::to_json_string(timeline.sim()) == end, "back at the end, the same cluster");
}

#[wasm_bindgen_test]
fn a_run_sent_through_a_link_in_the_browser_replays_to_the_same_cluster() {
    use sts_engine::script::console::{execute, BundledFiles};
    use sts_engine::script::lines::split_lines;
    use sts_engine::script::recording::{record, replay};
    use sts_engine::timeline::Timeline;
    use sts_engine::{SimDuration, SimTime};
    let mut timeline = Timeline::new(Simulation::new(5));
    for (tick, command) in [
        (0, "kubectl apply -f web.yaml"),
        (120, "kubectl scale sts web --replicas=3"),
        (260, "kubectl delete pod web-0"),
    ] {
        while timeline.now() < SimTime(tick * 100) {
            timeline.advance(SimDuration::from_millis(100));
        }
        let lines = split_lines(command).expect("a command");
        let _ = timeline.act(command, |sim| execute(sim, &lines[0], &BundledFiles));
    }
    timeline.advance(SimDuration::from_secs(20));
    timeline.seek(SimTime(30_000));
    let link = sts_playground::share::fragment(&record(&timeline));
    let script = sts_playground::share::script_of(link.trim_start_matches("run=")).expect("the link reads back");
    let back = replay(&script, &BundledFiles).expect("the run replays");
    assert!(export::to_json_string(back.sim()) == export::to_json_string(timeline.sim()), "the same moment");
    assert_eq!(back.end(), timeline.end());
}
