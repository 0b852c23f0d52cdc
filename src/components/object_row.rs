//! One row of the Act panel's pod or claim list (name, status, the object's actions) as
//! its own component, so that a tick redraws only the rows whose object changed; at
//! 1,000 pods the lists are most of the panel.

use crate::components::object_actions::actions_for;
use crate::playground::{Intent, Subject};
use yew::prelude::*;

/// Properties of [`ObjectRow`].
#[derive(Properties, PartialEq)]
pub struct ObjectRowProps {
    /// The pod or claim the row is for.
    pub subject: Subject,
    /// Its status as the list shows it (the pod's STATUS, the claim's phase).
    pub status: AttrValue,
    /// Where the buttons' intents go.
    pub on_intent: Callback<Intent>,
}

/// A list row: the object's name, its status and a button per action.
#[component]
pub fn ObjectRow(props: &ObjectRowProps) -> Html {
    let (name, data_pod, data_claim) = match &props.subject {
        Subject::Pod(name) => (name.clone(), Some(name.clone()), None),
        Subject::Claim(name) => (name.clone(), None, Some(name.clone())),
        _ => (String::new(), None, None),
    };
    let buttons = actions_for(&props.subject).into_iter().map(|a| {
        let intent = a.intent;
        let onclick = props.on_intent.reform(move |_: MouseEvent| intent.clone());
        html! {
            <button class={a.class} data-pod={data_pod.clone()} data-claim-name={data_claim.clone()} {onclick}
                    aria-label={a.name} title={a.title}>{a.short}</button>
        }
    });
    let buttons: Html = buttons.collect();
    html! {
        <li>
            <span class="mono">{name}</span>
            <span class="pod-list-status">{props.status.clone()}</span>
            if data_pod.is_some() {
                <span class="row-actions">{buttons}</span>
            } else {
                {buttons}
            }
        </li>
    }
}
