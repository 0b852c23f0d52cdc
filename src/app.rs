//! The page: the picture in the middle, controls, DNS and events beside it, time
//! controls on top, and a status line that says what the last action did.

use crate::components::console::Console;
use crate::components::controls::Controls;
use crate::components::deployment_panel::DeploymentPanel;
use crate::components::dns_table::DnsTable;
use crate::components::event_log::EventLog;
use crate::components::help_overlay::HelpOverlay;
use crate::components::picture::Picture;
use crate::components::share_panel::SharePanel;
use crate::components::time_bar::TimeBar;
use crate::components::timeline_bar::TimelineBar;
use crate::components::tour_menu::TourMenu;
use crate::components::tour_panel::TourPanel;
use crate::components::why_panel::WhyPanel;
use crate::components::yaml_editor::YamlEditor;
use crate::page_options::{ControlsLevel, PageOptions};
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

/// What the page last told an embedding page (see the effect in [`App`]).
#[derive(Default)]
struct Told {
    /// Whether the page is in a frame, once asked.
    embedded: Option<bool>,
    /// The listener for the embedding page's messages, once installed.
    listening: Option<gloo::events::EventListener>,
    /// How many console entries it was told of.
    added: u64,
    /// The newest event it was told of.
    event: Option<sts_engine::view::EventView>,
    /// The height it was told of.
    height: i32,
}

/// Properties of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// What the page's address asked for (the full page when not given).
    #[prop_or_default]
    pub options: Rc<PageOptions>,
    /// The script of the tour or scenario the address names, loaded before the page
    /// started.
    #[prop_or_default]
    pub script: Option<Rc<String>>,
}

/// The whole page.
#[component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = {
        let (options, script) = (options.clone(), props.script.clone());
        use_reducer(move || Playground::from_options(&options, script.as_deref().map(String::as_str)))
    };
    let link = use_state(|| None::<AttrValue>);
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
    {
        // An embedding page drives the page with messages, and hears of every command's
        // output, every new event and the page's height (crate::embed_bridge). One effect
        // after every render, doing nothing outside a frame.
        let told = use_mut_ref(Told::default);
        let (state, dispatcher) = (state.clone(), state.dispatcher());
        use_effect(move || {
            use crate::browser::post_to_parent as post;
            use crate::embed_bridge as bridge;
            let mut told = told.borrow_mut();
            if !*told.embedded.get_or_insert_with(crate::browser::embedded) {
                return;
            }
            if told.listening.is_none() {
                told.listening = Some(crate::browser::on_parent_message(move |text| match bridge::read(&text) {
                    Some(bridge::Inbound::Run(command)) => dispatcher.dispatch(Intent::RunCommand(command)),
                    Some(bridge::Inbound::Seek(ms)) => dispatcher.dispatch(Intent::Seek(ms)),
                    None => {}
                }));
                post(&bridge::ready());
            }
            if state.console.added != told.added {
                told.added = state.console.added;
                if let Some(e) = state.console.entries.last() {
                    post(&bridge::output(&e.command, &e.output, e.error));
                }
            }
            for e in bridge::newer(&state.view.events, told.event.as_ref()) {
                post(&bridge::event(e));
            }
            told.event = state.view.events.first().cloned();
            let height = crate::browser::page_height();
            if height != told.height {
                told.height = height;
                post(&bridge::resize(height));
            }
        });
    }
    // The same callback on every render, so that components given only it and values
    // that did not change (the picture's columns) are not drawn again.
    let on_intent = use_callback(state.dispatcher(), |intent: Intent, dispatcher| dispatcher.dispatch(intent));
    let open_help = on_intent.reform(|_| Intent::ToggleHelp);
    let on_copy = {
        let (state, link, on_intent) = (state.clone(), link.clone(), on_intent.clone());
        Callback::from(move |_| {
            let url = crate::browser::link_with_fragment(&crate::share::fragment(&state.recording()));
            crate::browser::copy(&url);
            link.set(Some(url.into()));
            let at = state.view.clock.clone();
            on_intent.emit(Intent::Note(format!("Link copied: it opens this run at t = {at}."), false));
        })
    };
    let on_export = {
        let (state, on_intent) = (state.clone(), on_intent.clone());
        Callback::from(move |_| {
            let saved = crate::browser::download("statefulset-run.sts", &state.recording()).is_some();
            let (text, error) = match saved {
                true => ("Exported the run as statefulset-run.sts (sts-run plays it too).", false),
                false => ("This browser refused the download.", true),
            };
            on_intent.emit(Intent::Note(text.into(), error));
        })
    };
    let on_import = {
        let on_intent = on_intent.clone();
        Callback::from(move |file: web_sys::File| {
            let on_intent = on_intent.clone();
            crate::browser::read_text(
                file,
                Box::new(move |text| {
                    on_intent.emit(match text {
                        Ok(text) => Intent::OpenRun(text),
                        Err(why) => Intent::Note(format!("Could not import: {why}. The current run is kept."), true),
                    })
                }),
            );
        })
    };
    let on_choose_tour = {
        let on_intent = on_intent.clone();
        Callback::from(move |name: String| {
            if !crate::tour_list::is_tour(&name) {
                return on_intent.emit(Intent::Note(crate::tour_list::unavailable(&name), true));
            }
            let on_intent = on_intent.clone();
            crate::browser::load_tour(
                &name.clone(),
                Box::new(move |script| {
                    on_intent.emit(match script {
                        Ok(script) => Intent::StartTour(name, script),
                        Err(why) => Intent::Note(format!("The tour could not start: {why}."), true),
                    })
                }),
            );
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let on_import = on_import.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                on_import.emit(file);
            }
        })
    };
    let full = options.controls == ControlsLevel::Full;
    let some_controls = options.controls != ControlsLevel::None;
    let set = state.view.sets.iter().find(|s| s.name == SET_NAME).cloned().map(Rc::new);
    let target = state.selected.clone().filter(|s| exists(&state.view, s));
    let (notice_class, notice) = match &state.notice {
        Some(Notice::Info(t)) => ("notice sr-only", t.clone()),
        Some(Notice::Error(t)) => ("notice error sr-only", t.clone()),
        None => ("notice sr-only", String::new()),
    };
    html! {
        <div class={classes!("app", (!full).then_some("embedded"))} ondragover={on_drag_over} ondrop={on_drop}>
            if some_controls {
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
            <nav class="page-tools" aria-label="Tours and sharing">
                <TourMenu on_choose={on_choose_tour} />
                if full {
                    <SharePanel link={(*link).clone()} {on_copy} {on_export} {on_import} />
                }
            </nav>
            <TimelineBar time={state.time.clone()} on_intent={on_intent.clone()} />
            }
            if let Some(play) = state.tour.clone() {
                <TourPanel {play} on_intent={on_intent.clone()} />
            }
            <main class="stage">
                <div class="main-column">
                    <section class="picture-panel" aria-label="Cluster picture" tabindex="0">
                        <Picture view={state.view.clone()} selected={state.selected.clone()} on_intent={on_intent.clone()} />
                        <DeploymentPanel deployments={state.view.deployments.clone()} on_intent={on_intent.clone()} />
                        <pre class={notice_class} role="status" aria-live="polite">{notice}</pre>
                    </section>
                    if full {
                        <Console console={state.console.clone()} on_intent={on_intent.clone()} />
                        <YamlEditor editor={state.editor.clone()} on_intent={on_intent.clone()} />
                    }
                </div>
                <aside class="side">
                    if full && options.shows("act") {
                        <Controls {set} on_intent={on_intent.clone()} nodes={state.view.nodes.clone()} has_deployment={!state.view.deployments.is_empty()} />
                    }
                    if options.shows("why") {
                        <WhyPanel why={state.why.clone()} set_name={SET_NAME} on_intent={on_intent.clone()} target={target} />
                    }
                    if options.shows("dns") {
                        <DnsTable records={state.view.dns.clone()} />
                    }
                    if options.shows("events") {
                        <EventLog events={state.view.events.clone()} selected={state.selected.clone()} on_intent={on_intent.clone()} />
                    }
                </aside>
            </main>
            if state.help_open {
                <HelpOverlay on_intent={on_intent.clone()} />
            }
        </div>
    }
}
