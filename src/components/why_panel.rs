//! The "Why?" panel: the engine's one-sentence reason for the state of what the person
//! selected in the picture, kept current as the simulation moves.

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
            <button class="ask-set" onclick={ask_set}>{format!("Why is {} like this?", props.set_name)}</button>
        </section>
    }
}
