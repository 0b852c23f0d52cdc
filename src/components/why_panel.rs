//! The "Why?" panel: the engine's one-sentence reason for the state of what the person
//! selected in the picture, kept current as the simulation moves, and what can be done
//! to it right there (delete, force delete or write to a selected pod, delete a selected
//! claim).

use crate::components::object_actions::actions_for;
use crate::playground::{Intent, Subject};
use yew::prelude::*;

/// Properties of [`WhyPanel`].
#[derive(Properties, PartialEq)]
pub struct WhyPanelProps {
    /// The engine's sentence for the selection; `None` when nothing is selected.
    pub why: Option<String>,
    /// The StatefulSet a button asks about.
    pub set_name: String,
    /// Where the panel's own button sends its intent.
    pub on_intent: Callback<Intent>,
    /// What is selected, when it exists now (only an existing object has actions).
    #[prop_or_default]
    pub target: Option<Subject>,
}

/// The panel.
#[component]
pub fn WhyPanel(props: &WhyPanelProps) -> Html {
    let ask_set = {
        let (on_intent, name) = (props.on_intent.clone(), props.set_name.clone());
        Callback::from(move |_| on_intent.emit(Intent::Select(Subject::Set(name.clone()))))
    };
    let text = props
        .why
        .clone()
        .unwrap_or_else(|| "Select a pod, an identity or a claim in the picture to see why it is as it is.".into());
    html! {
        <section class="panel why" aria-label="Why?">
            <h2>{"Why?"}</h2>
            <p class={classes!("why-text", props.why.is_none().then_some("hint"))} aria-live="polite">{text}</p>
            if let Some(target) = props.target.as_ref() {
                <div class="why-actions">
                    { for actions_for(target).into_iter().map(|a| {
                        let intent = a.intent;
                        html! {
                            <button class="why-action" aria-label={a.name} title={a.title}
                                    onclick={props.on_intent.reform(move |_| intent.clone())}>{a.long}</button>
                        }
                    }) }
                </div>
            }
            <button class="ask-set" onclick={ask_set}>{format!("Why is {} like this?", props.set_name)}</button>
        </section>
    }
}
