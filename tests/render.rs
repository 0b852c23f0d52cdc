//! Native render tests: each component rendered to HTML/SVG with Yew's server renderer
//! from a fixed engine state, asserting on what a person would see.

#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;
use sts_engine::bundled::WEB_YAML;
use sts_engine::view::{EventView, SetView};
use sts_engine::{Action, ClusterView, SimDuration, Simulation};
use sts_playground::components::controls::{Controls, ControlsProps};
use sts_playground::components::dns_table::{DnsTable, DnsTableProps};
use sts_playground::components::event_log::{EventLog, EventLogProps};
use sts_playground::components::help_overlay::{HelpOverlay, HelpOverlayProps};
use sts_playground::components::picture::{Picture, PictureProps};
use sts_playground::components::why_panel::{WhyPanel, WhyPanelProps};
use sts_playground::playground::Subject;
use sts_playground::App;
use yew::{BaseComponent, Callback, LocalServerRenderer};

async fn render<C>(props: C::Properties) -> String
where
    C: BaseComponent,
{
    LocalServerRenderer::<C>::with_props(props).render().await
}

/// The tutorial after `seconds` of simulated time, with `actions` applied first.
fn scene(actions: &[Action], seconds: u64) -> Simulation {
    let mut sim = Simulation::new(0);
    sim.apply(Action::Apply { manifest: WEB_YAML.into(), source: "web.yaml".into() }).expect("applies");
    for a in actions {
        sim.apply(a.clone()).expect("accepted");
    }
    sim.apply(Action::Advance { by: SimDuration::from_secs(seconds) }).expect("advance");
    sim
}

fn view(sim: &Simulation) -> Rc<ClusterView> {
    Rc::new(ClusterView::of(sim))
}

fn set(sim: &Simulation) -> Rc<SetView> {
    Rc::new(ClusterView::of(sim).sets[0].clone())
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn the_settled_tutorial_draws_two_ready_pods_tethered_to_bound_claims() {
    let sim = scene(&[], 30);
    let v = view(&sim);
    let svg = render::<Picture>(PictureProps { view: v.clone(), selected: None, on_intent: Callback::noop() }).await;
    assert!(svg.contains("<svg ") && svg.contains("class=\"picture\""), "{svg}");
    assert_eq!(count(&svg, "class=\"pod ready\""), 2, "{svg}");
    assert_eq!(count(&svg, "class=\"tether attached\""), 2);
    assert_eq!(count(&svg, "class=\"claim bound\""), 2);
    for node in ["node-1", "node-2", "node-3", "no node yet", "volumes"] {
        assert!(svg.contains(node), "lane {node} drawn");
    }
    for id in &v.sets[0].identities {
        let pod = id.pod.as_ref().expect("pod");
        let ip = pod.ip.as_deref().expect("ip");
        assert!(svg.contains(&format!("data-pod=\"{}\"", pod.name)));
        assert!(svg.contains(ip), "IP {ip} shown");
        assert!(svg.contains(&format!("{}.nginx → {ip}", id.name)), "DNS record of {} shown", id.name);
        assert!(svg.contains(&format!("www-{}", id.name)), "claim of {} shown", id.name);
    }
    assert!(svg.contains("Bound · standard · 1Gi"));
    assert!(svg.contains("StatefulSet web: 2 of 2 ready."), "screen-reader description");
}

#[tokio::test]
async fn a_new_pod_waits_in_the_no_node_lane_without_ip_or_record() {
    let sim = scene(&[], 0);
    let svg = render::<Picture>(PictureProps { view: view(&sim), selected: None, on_intent: Callback::noop() }).await;
    assert_eq!(count(&svg, "class=\"pod pending\""), 1, "{svg}");
    assert!(svg.contains("○ Pending"));
    assert!(svg.contains("no IP yet"));
    assert!(svg.contains("web-0.nginx: no record"));
    assert!(svg.contains("class=\"tether waiting\""));
    // Lane 0 ("no node yet") is where it sits: its card's y is inside the first lane.
    let y: i32 = svg
        .split("data-pod=\"web-0\"")
        .nth(1)
        .and_then(|s| s.split("translate(").nth(1))
        .and_then(|s| s.split("px, ").nth(1))
        .and_then(|s| s.split("px").next())
        .and_then(|s| s.parse().ok())
        .expect("card position");
    let lane0 = sts_playground::components::geometry::lane_y(0);
    assert!(y >= lane0 && y < sts_playground::components::geometry::lane_y(1), "y = {y}");
}

#[tokio::test]
async fn a_scaled_away_identity_keeps_its_claim_column() {
    let sim = scene(
        &[
            Action::Advance { by: SimDuration::from_secs(30) },
            Action::ScaleTo { statefulset: "web".into(), replicas: 1 },
        ],
        30,
    );
    let svg = render::<Picture>(PictureProps { view: view(&sim), selected: None, on_intent: Callback::noop() }).await;
    assert!(svg.contains("web-1 (scaled away)"), "{svg}");
    assert!(!svg.contains("data-pod=\"web-1\""));
    assert!(svg.contains("data-claim=\"www-web-1\""), "the claim stays");
    assert_eq!(count(&svg, "class=\"pod ready\""), 1);
}

#[tokio::test]
async fn a_deleted_pod_is_drawn_terminating_with_a_dotted_tether() {
    let sim = scene(
        &[
            Action::Advance { by: SimDuration::from_secs(30) },
            Action::DeletePod { pod: "web-1".into(), grace_period_seconds: None },
        ],
        0,
    );
    let svg = render::<Picture>(PictureProps { view: view(&sim), selected: None, on_intent: Callback::noop() }).await;
    assert!(svg.contains("class=\"pod terminating\""), "{svg}");
    assert!(svg.contains("◌ Terminating"));
    assert!(svg.contains("class=\"tether leaving\""));
    assert!(svg.contains("web-1.nginx: no record"), "a terminating pod leaves DNS at once");
}

#[tokio::test]
async fn controls_offer_scaling_and_one_delete_button_per_pod() {
    let sim = scene(&[], 30);
    let html = render::<Controls>(ControlsProps {
        set: Some(set(&sim)),
        on_intent: Callback::noop(),
        nodes: view(&sim).nodes.clone(),
        has_deployment: false,
    })
    .await;
    assert!(html.contains("id=\"scale-up\"") && html.contains("id=\"scale-down\""), "{html}");
    assert!(html.contains("aria-label=\"Scale up by one\""));
    assert_eq!(count(&html, "class=\"delete-pod\""), 2);
    assert!(html.contains("aria-label=\"Delete pod web-0\"") && html.contains("aria-label=\"Delete pod web-1\""));
    assert!(html.contains(">2</output>"), "desired replicas shown");
    assert!(html.contains("2 ready"));
    assert_eq!(count(&html, "class=\"force-delete-pod\""), 2);
    assert_eq!(count(&html, "class=\"write-data\""), 2);
    assert_eq!(count(&html, "class=\"delete-claim\""), 2, "one per claim");
    assert_eq!(count(&html, "class=\"node-drain\""), 3);
    assert!(html.contains("aria-label=\"Cordon node node-1\""));
    assert!(html.contains("nginx-slim:0.9-crash (crashes on start)"));
    assert!(html.contains("now: registry.k8s.io/nginx-slim:0.7"));
    assert!(html.contains("<input value=\"0\" id=\"partition\""), "{html}");
    assert!(html.contains("id=\"add-deployment\""), "the contrast is one click away");
}

#[tokio::test]
async fn claim_cards_show_the_data_on_the_volume_and_where_it_is_attached() {
    let mut sim = scene(&[], 30);
    let write = Action::Exec {
        pod: "web-1".into(),
        container: None,
        command: vec!["sh".into(), "-c".into(), "echo hello > /usr/share/nginx/html/index.html".into()],
    };
    sim.apply(write).expect("written");
    let svg = render::<Picture>(PictureProps { view: view(&sim), selected: None, on_intent: Callback::noop() }).await;
    assert!(svg.contains("/index.html = hello"), "{svg}");
    assert_eq!(count(&svg, ">empty</text>"), 1, "web-0's volume is empty");
    assert_eq!(count(&svg, " @ node-"), 2, "both volumes attached");
    assert_eq!(count(&svg, ">rev "), 2, "both pods on the update revision");
}

#[tokio::test]
async fn controls_without_a_set_say_so() {
    let html = render::<Controls>(ControlsProps {
        set: None,
        on_intent: Callback::noop(),
        nodes: Vec::new(),
        has_deployment: false,
    })
    .await;
    assert!(html.contains("No StatefulSet web to act on."));
}

#[tokio::test]
async fn the_dns_table_lists_every_record_and_explains_an_empty_one() {
    let sim = scene(&[], 30);
    let html = render::<DnsTable>(DnsTableProps { records: view(&sim).dns.clone() }).await;
    assert!(html.contains("nginx.default.svc.cluster.local"), "{html}");
    assert!(html.contains("_web._tcp.nginx.default.svc.cluster.local"));
    assert!(html.contains("0 50 80 web-0.nginx.default.svc.cluster.local"));
    assert_eq!(count(&html, "<tr data-name="), 4, "service A, two pod A, one SRV");
    let empty = render::<DnsTable>(DnsTableProps { records: vec![] }).await;
    assert!(empty.contains("records exist only for Ready pods"));
}

#[tokio::test]
async fn the_event_log_shows_the_newest_first_and_marks_warnings() {
    let event = |clock: &str, type_: &str, reason: &str| EventView {
        clock: clock.into(),
        type_: type_.into(),
        reason: reason.into(),
        object: "statefulset/web".into(),
        message: format!("{reason} happened"),
        count: 1,
    };
    let events = vec![event("00:00:01", "Normal", "SuccessfulCreate"), event("00:00:02", "Warning", "FailedCreate")];
    let html =
        render::<EventLog>(EventLogProps { events: events.clone(), selected: None, on_intent: Callback::noop() }).await;
    let first = html.find("FailedCreate").expect("warning shown");
    let second = html.find("SuccessfulCreate").expect("normal shown");
    assert!(first < second, "newest first: {html}");
    assert!(html.contains("class=\"event warning\""));
    assert_eq!(count(&html, "class=\"event-select\""), 2, "events about the set are buttons: {html}");
    assert!(html.contains("role=\"log\"") && html.contains("statefulset/web FailedCreate: FailedCreate happened"));
    let selected = Some(Subject::Set("web".into()));
    let html = render::<EventLog>(EventLogProps { events, selected, on_intent: Callback::noop() }).await;
    assert_eq!(count(&html, "related"), 2, "the selected object's events are marked: {html}");
}

#[tokio::test]
async fn the_console_shows_commands_output_errors_and_candidates() {
    use sts_playground::components::console::{Console, ConsoleProps};
    use sts_playground::playground::{Console as ConsoleState, ConsoleEntry};
    let console = ConsoleState {
        input: "kubectl delete pod web-".into(),
        entries: vec![
            ConsoleEntry {
                command: "kubectl get pod web-9".into(),
                output: "Error from server (NotFound): pods \"web-9\" not found\n".into(),
                error: true,
            },
            ConsoleEntry {
                command: String::new(),
                output: "Undone: kubectl scale sts web --replicas=3".into(),
                error: false,
            },
        ],
        history: vec!["kubectl get pod web-9".into()],
        history_at: 1,
        candidates: vec!["web-0".into(), "web-1".into()],
        added: 2,
    };
    let html = render::<Console>(ConsoleProps { console: Rc::new(console), on_intent: Callback::noop() }).await;
    assert!(html.contains("value=\"kubectl delete pod web-\""), "{html}");
    assert!(html.contains("class=\"entry error\""));
    assert!(html.contains("$ kubectl get pod web-9"));
    assert_eq!(count(&html, "class=\"command\""), 1, "a note has no command line");
    assert!(html.contains("web-0  web-1"));
    let newest = html.find("Undone").expect("note shown");
    assert!(newest < html.find("web-9").expect("entry shown"), "newest first in the DOM");
}

#[tokio::test]
async fn the_timeline_marks_each_action_where_it_happened() {
    use sts_playground::components::timeline_bar::{TimelineBar, TimelineBarProps};
    use sts_playground::playground::{TimelineMark, TimelineView};
    let time = TimelineView {
        now_ms: 30_000,
        end_ms: 60_000,
        marks: vec![
            TimelineMark { at_ms: 0, label: "kubectl apply -f web.yaml".into() },
            TimelineMark { at_ms: 45_000, label: "kubectl delete pod web-1".into() },
        ],
        can_undo: true,
        can_redo: false,
    };
    let html = render::<TimelineBar>(TimelineBarProps { time: Rc::new(time), on_intent: Callback::noop() }).await;
    assert!(html.contains("max=\"60000\"") && html.contains("value=\"30000\""), "{html}");
    assert!(html.contains("left: 75.000%") && html.contains("title=\"kubectl delete pod web-1 at 0:45\""));
    assert!(html.contains("0:30 / 1:00"));
    let tag = |id: &str| {
        let at = html.find(&format!("id=\"{id}\"")).expect("button drawn");
        let start = html[..at].rfind('<').expect("tag start");
        html[start..at + html[at..].find('>').expect("tag end")].to_string()
    };
    assert!(tag("redo").contains("disabled"), "nothing to redo: {}", tag("redo"));
    assert!(!tag("undo").contains("disabled"));
    assert!(!tag("latest").contains("disabled"), "in the past: Latest is offered");
}

#[tokio::test]
async fn the_editor_marks_the_refused_line_and_names_the_field() {
    use sts_playground::components::yaml_editor::{YamlEditor, YamlEditorProps};
    use sts_playground::playground::{Editor, EditorError};
    let editor = Editor {
        text: "a: 1\nb: 2\nc: 3\n".into(),
        error: Some(EditorError {
            message: "The StatefulSet \"web\" is invalid: b: Invalid value".into(),
            line: Some(2),
            field: Some("b".into()),
        }),
    };
    let html = render::<YamlEditor>(YamlEditorProps { editor: Rc::new(editor), on_intent: Callback::noop() }).await;
    assert!(html.contains("Not applied — line 2, b: "), "{html}");
    assert!(html.contains("<mark aria-label=\"line 2 has the error\" class=\"bad-line\">2"), "{html}");
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("rows=\"3\""));
}

#[tokio::test]
async fn the_whole_page_renders_with_its_controls_and_explanation() {
    let html = LocalServerRenderer::<App>::new().render().await;
    for needle in [
        "StatefulSet Playground",
        "Each column is one identity",
        "id=\"play\"",
        "id=\"step\"",
        "id=\"speed\"",
        "t = 00:00:00",
        "statefulset.apps/web created",
        "role=\"status\"",
        "class=\"picture\"",
        "class=\"pod pending\"",
    ] {
        assert!(html.contains(needle), "{needle} missing from the page");
    }
}

#[tokio::test]
async fn identities_pods_and_claims_are_buttons_and_the_selection_is_marked() {
    let sim = scene(&[], 30);
    let props =
        PictureProps { view: view(&sim), selected: Some(Subject::Pod("web-1".into())), on_intent: Callback::noop() };
    let svg = render::<Picture>(props).await;
    // Two identities, two pods, two claims: six buttons, one of them pressed.
    assert_eq!(count(&svg, "role=\"button\""), 6, "{svg}");
    assert_eq!(count(&svg, "tabindex=\"0\""), 6);
    assert_eq!(count(&svg, "aria-pressed=\"true\""), 2, "the web-1 identity and its pod");
    assert!(svg.contains("role=\"button\" tabindex=\"0\" aria-pressed=\"false\""), "{svg}");
}

#[tokio::test]
async fn the_why_panel_shows_the_engine_s_sentence_or_how_to_get_one() {
    let empty = render::<WhyPanel>(WhyPanelProps {
        why: None,
        set_name: "web".into(),
        on_intent: Callback::noop(),
        target: None,
    })
    .await;
    assert!(empty.contains("Select a pod, an identity or a claim"), "{empty}");
    assert!(empty.contains("Why is web like this?"));
    let text = "web-2 is not created yet: OrderedReady waits for web-1 to be Running and Ready.";
    let html = render::<WhyPanel>(WhyPanelProps {
        why: Some(text.into()),
        set_name: "web".into(),
        on_intent: Callback::noop(),
        target: Some(Subject::Pod("web-2".into())),
    })
    .await;
    assert!(html.contains(text), "{html}");
    assert!(html.contains("aria-live=\"polite\""));
    for name in ["Delete pod web-2", "Force delete pod web-2", "Write web-2's hostname to its volume"] {
        assert!(html.contains(&format!("aria-label=\"{name}\"")), "{name}: {html}");
    }
    assert_eq!(count(&empty, "why-action"), 0, "no actions without a selection");
}

#[tokio::test]
async fn controls_offer_to_fail_a_node_and_to_recover_a_failed_one() {
    let sim = scene(&[Action::FailNode { node: "node-2".into() }], 30);
    let nodes = view(&sim).nodes.clone();
    let html = render::<Controls>(ControlsProps {
        set: Some(set(&sim)),
        on_intent: Callback::noop(),
        nodes,
        has_deployment: false,
    })
    .await;
    assert!(html.contains("aria-label=\"Fail node node-1\""), "{html}");
    assert!(html.contains("aria-label=\"Recover node node-2\""), "{html}");
    assert!(html.contains("failed, not noticed yet"), "within the 50 s grace period: {html}");
}

#[tokio::test]
async fn the_help_overlay_lists_every_shortcut_in_a_modal_dialog() {
    let html = render::<HelpOverlay>(HelpOverlayProps { on_intent: Callback::noop() }).await;
    assert!(html.contains("role=\"dialog\" aria-modal=\"true\""), "{html}");
    for (key, what) in sts_playground::shortcuts::SHORTCUTS {
        assert!(html.contains(&format!("<kbd>{key}</kbd>")) && html.contains(what), "{key} listed: {html}");
    }
}

#[tokio::test]
async fn a_deployment_is_drawn_beside_the_set_with_its_random_pod_names() {
    use sts_playground::components::deployment_panel::{DeploymentPanel, DeploymentPanelProps};
    let mut sim = scene(&[], 30);
    let deployment = Action::Apply {
        manifest: sts_engine::bundled::WEB_DEPLOYMENT_YAML.into(),
        source: "web-deployment.yaml".into(),
    };
    sim.apply(deployment).expect("applies");
    sim.apply(Action::Advance { by: SimDuration::from_secs(30) }).expect("advance");
    let deployments = view(&sim).deployments.clone();
    assert_eq!(deployments.len(), 1);
    assert_eq!(deployments[0].pods.len(), 3);
    let html = render::<DeploymentPanel>(DeploymentPanelProps { deployments, on_intent: Callback::noop() }).await;
    assert!(html.contains("Deployment web-stateless — 3 desired, 3 ready"), "{html}");
    assert_eq!(count(&html, "data-pod=\"web-stateless-"), 3, "names are <deployment>-<hash>-<random>");
    let none =
        render::<DeploymentPanel>(DeploymentPanelProps { deployments: vec![], on_intent: Callback::noop() }).await;
    assert!(!none.contains("stateless"), "nothing drawn without a Deployment");
}

#[tokio::test]
async fn the_tour_panel_shows_the_step_its_narration_and_its_buttons() {
    use sts_playground::components::tour_panel::{TourPanel, TourPanelProps};
    use sts_playground::playground::TourPlay;
    let script = sts_engine::bundled::tour("identity").unwrap_or_default();
    let tour = Rc::new(sts_engine::script::tour::parse_tour(script).unwrap_or_else(|e| panic!("{}", e.reason)));
    let count = tour.steps.len();
    let play = |step| Rc::new(TourPlay { name: "identity".into(), tour: tour.clone(), step });
    let html = render::<TourPanel>(TourPanelProps { play: play(0), on_intent: Callback::noop() }).await;
    assert!(html.contains("Sticky identity: pods that are not interchangeable"), "{html}");
    assert!(html.contains(&format!("Step 1 of {count}")));
    assert!(html.contains(r#"<p aria-live="polite" class="tour-narration">"#), "{html}");
    assert!(html.contains(&tour.steps[0].narration));
    assert!(html.contains(r#"id="tour-back" disabled"#), "no Back on the first step: {html}");
    assert!(html.contains("Next ▶"));
    let last = render::<TourPanel>(TourPanelProps { play: play(count - 1), on_intent: Callback::noop() }).await;
    assert!(last.contains("Finish: free play") && !last.contains("Next ▶"), "{last}");
    assert!(!last.contains(r#"id="tour-back" disabled"#));
}

#[tokio::test]
async fn the_share_panel_offers_copy_export_import_and_shows_the_link() {
    use sts_playground::components::share_panel::{SharePanel, SharePanelProps};
    let props = |link: Option<&str>| SharePanelProps {
        link: link.map(|l| l.to_string().into()),
        on_copy: Callback::noop(),
        on_export: Callback::noop(),
        on_import: Callback::noop(),
    };
    let html = render::<SharePanel>(props(None)).await;
    for id in ["copy-link", "export-run", "import-run"] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "{id}: {html}");
    }
    assert!(!html.contains("share-link"), "no link until one is made");
    let html = render::<SharePanel>(props(Some("http://x/#run=abc"))).await;
    assert!(
        html.contains(r#"value="http://x/#run=abc""#) && html.contains(r#"aria-label="Link to this moment""#),
        "{html}"
    );
}

#[tokio::test]
async fn every_set_is_drawn_with_its_name_when_there_are_several() {
    let mut sim = scene(&[], 20);
    let scratch = WEB_YAML.replace("name: web\n", "name: cache\n");
    sim.apply(Action::Apply { manifest: scratch, source: "STDIN".into() }).expect("applies");
    sim.apply(Action::Advance { by: SimDuration::from_secs(20) }).expect("advance");
    let html = render::<Picture>(PictureProps { view: view(&sim), selected: None, on_intent: Callback::noop() }).await;
    assert_eq!(html.matches("<svg").count(), 2, "{html}");
    assert!(html.contains(r#"data-set="cache""#) && html.contains(r#"data-set="web""#));
    assert!(html.contains(r#"<h3 class="set-name">StatefulSet <span class="mono">web</span></h3>"#), "{html}");
    assert!(
        html.contains(r#"id="picture-title-cache""#) && html.contains(r#"id="picture-title-web""#),
        "ids stay unique"
    );
}
