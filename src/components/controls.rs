//! The "Act" panel: scale the set up or down, delete any of its pods, fail or recover a
//! node, each a real button with a name a screen reader announces.

use crate::playground::Intent;
use std::rc::Rc;
use sts_engine::view::{NodeView, SetView};
use yew::prelude::*;

/// Properties of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The set the controls act on.
    pub set: Option<Rc<SetView>>,
    /// Where intents go.
    pub on_intent: Callback<Intent>,
    /// The nodes, to fail or recover.
    #[prop_or_default]
    pub nodes: Vec<NodeView>,
}

/// The controls panel.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let Some(set) = props.set.as_ref() else {
        return html! { <section class="panel controls"><h2>{"Act"}</h2><p>{"No StatefulSet to act on."}</p></section> };
    };
    let down = props.on_intent.reform(|_| Intent::ScaleBy(-1));
    let up = props.on_intent.reform(|_| Intent::ScaleBy(1));
    let reset = props.on_intent.reform(|_| Intent::Reset);
    let pods: Html = set
        .identities
        .iter()
        .filter_map(|id| id.pod.as_ref())
        .map(|pod| {
            let name = pod.name.clone();
            let delete = props.on_intent.reform(move |_| Intent::DeletePod(name.clone()));
            html! {
                <li key={pod.uid.clone()}>
                    <span class="mono">{&pod.name}</span>
                    <span class="pod-list-status">{&pod.status}</span>
                    <button class="delete-pod" data-pod={pod.name.clone()} onclick={delete}
                            aria-label={format!("Delete pod {}", pod.name)}>{"Delete"}</button>
                </li>
            }
        })
        .collect();
    let nodes: Html = props
        .nodes
        .iter()
        .map(|node| {
            let name = node.name.clone();
            let (label, intent) = match node.failed {
                true => ("Recover", Intent::RecoverNode(name.clone())),
                false => ("Fail", Intent::FailNode(name.clone())),
            };
            let state = match (node.failed, node.ready) {
                (true, true) => "failed, not noticed yet",
                (true, false) => "failed: NotReady",
                (false, true) => "Ready",
                (false, false) => "NotReady",
            };
            html! {
                <li key={name.clone()}>
                    <span class="mono">{&node.name}</span>
                    <span class="pod-list-status">{state}</span>
                    <button class="node-action" data-node={name.clone()} onclick={props.on_intent.reform(move |_| intent.clone())}
                            aria-label={format!("{label} node {name}")}>{label}</button>
                </li>
            }
        })
        .collect();
    html! {
        <section class="panel controls" aria-labelledby="controls-title">
            <h2 id="controls-title">{"Act"}</h2>
            <div class="scale" role="group" aria-label={format!("Replicas of {}", set.name)}>
                <span>{"Replicas"}</span>
                <button id="scale-down" onclick={down} aria-label="Scale down by one">{"−"}</button>
                <output id="replicas" class="mono" aria-live="polite">{set.desired}</output>
                <button id="scale-up" onclick={up} aria-label="Scale up by one">{"+"}</button>
                <span class="ready-count">{format!("{} ready", set.ready)}</span>
            </div>
            <ul class="pod-list" aria-label="Pods">{pods}</ul>
            <ul class="node-list" aria-label="Nodes">{nodes}</ul>
            <button id="reset" class="quiet" onclick={reset}>{"Start over"}</button>
        </section>
    }
}
