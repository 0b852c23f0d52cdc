//! The page: the picture in the middle, controls, DNS and events beside it, time
//! controls on top, and a status line that says what the last action did.

use crate::components::console::Console;
use crate::components::controls::Controls;
use crate::components::deployment_panel::DeploymentPanel;
use crate::components::dns_table::DnsTable;
use crate::components::event_log::EventLog;
use crate::components::help_overlay::HelpOverlay;
use crate::components::picture::Picture;
use crate::components::time_bar::TimeBar;
use crate::components::timeline_bar::TimelineBar;
use crate::components::why_panel::WhyPanel;
use crate::components::yaml_editor::YamlEditor;
use crate::playground::{Intent, Notice, Playground, Subject, SET_NAME, TICK_MS};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Whether the selected object exists now, so the Why? panel can offer to act on it.
fn exists(view: &sts_engine::ClusterView, subject: &Subject) -> bool {
    let identities = || view.sets.iter().flat_map(|s| s.identities.iter());
    match subject {
        Subject::Pod(name) => {
            identities().any(|i| i.pod.as_ref().is_some_and(|p| &p.name == name))
                || view.deployments.iter().flat_map(|d| d.pods.iter()).any(|p| &p.name == name)
        }
        Subject::Claim(name) => identities().any(|i| i.claims.iter().any(|c| &c.name == name)),
        Subject::Set(_) => false,
    }
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| Playground::new(0));
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |playing| {
            let interval = playing
                .then(|| gloo::timers::callback::Interval::new(TICK_MS, move || dispatcher.dispatch(Intent::Tick)));
            move || drop(interval)
        });
    }
    {
        // The keyboard shortcuts, on the whole window (crate::shortcuts).
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            // Not passive: a shortcut's key must not also scroll the page.
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let window = gloo::utils::window();
            let listener = gloo::events::EventListener::new_with_options(&window, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                if event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return;
                }
                let in_control = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| {
                    matches!(e.tag_name().as_str(), "BUTTON" | "SELECT" | "INPUT" | "TEXTAREA")
                        || e.get_attribute("role").as_deref() == Some("button")
                });
                if let Some(intent) = crate::shortcuts::intent_of(&event.key(), in_control) {
                    event.prevent_default();
                    dispatcher.dispatch(intent);
                }
            });
            move || drop(listener)
        });
    }
    let on_intent = {
        let dispatcher = state.dispatcher();
        Callback::from(move |intent: Intent| dispatcher.dispatch(intent))
    };
    let open_help = on_intent.reform(|_| Intent::ToggleHelp);
    let set = state.view.sets.first().cloned().map(Rc::new);
    let target = state.selected.clone().filter(|s| exists(&state.view, s));
    let (notice_class, notice) = match &state.notice {
        Some(Notice::Info(t)) => ("notice sr-only", t.clone()),
        Some(Notice::Error(t)) => ("notice error sr-only", t.clone()),
        None => ("notice sr-only", String::new()),
    };
    html! {
        <div class="app">
            <header class="top">
                <div class="title">
                    <h1>{"StatefulSet Playground"}</h1>
                    <p class="lede">
                        {"Each column is one identity — its name, DNS record and volume never move. "}
                        {"Delete a pod and watch it come back with the same name and volume, but a new IP."}
                    </p>
                </div>
                <TimeBar playing={state.playing} speed={state.speed} clock={state.view.clock.clone()} on_intent={on_intent.clone()} />
                <button id="help" class="quiet" onclick={open_help} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">{"?"}</button>
            </header>
            <TimelineBar time={state.time.clone()} on_intent={on_intent.clone()} />
            <main class="stage">
                <div class="main-column">
                    <section class="picture-panel" aria-label="Cluster picture" tabindex="0">
                        <Picture view={state.view.clone()} selected={state.selected.clone()} on_intent={on_intent.clone()} />
                        <DeploymentPanel deployments={state.view.deployments.clone()} on_intent={on_intent.clone()} />
                        <pre class={notice_class} role="status" aria-live="polite">{notice}</pre>
                    </section>
                    <Console console={state.console.clone()} on_intent={on_intent.clone()} />
                    <YamlEditor editor={state.editor.clone()} on_intent={on_intent.clone()} />
                </div>
                <aside class="side">
                    <Controls {set} on_intent={on_intent.clone()} nodes={state.view.nodes.clone()} has_deployment={!state.view.deployments.is_empty()} />
                    <WhyPanel why={state.why.clone()} set_name={SET_NAME} on_intent={on_intent.clone()} target={target} />
                    <DnsTable records={state.view.dns.clone()} />
                    <EventLog events={state.view.events.clone()} selected={state.selected.clone()} on_intent={on_intent.clone()} />
                </aside>
            </main>
            if state.help_open {
                <HelpOverlay on_intent={on_intent.clone()} />
            }
        </div>
    }
}
