//! The "Act" panel: every change a person can make to the set, its pods, claims and
//! nodes, each a real button, select or number field with a name a screen reader
//! announces. Each control sends an intent; the page runs it as the command line it
//! echoes in the console.

use crate::components::object_row::ObjectRow;
use crate::playground::{Intent, Subject, IMAGES};
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
    /// The nodes, to cordon, drain, fail or recover.
    #[prop_or_default]
    pub nodes: Vec<NodeView>,
    /// Whether a Deployment is already beside the set.
    #[prop_or_default]
    pub has_deployment: bool,
}

/// A number typed in a field, sent as an intent when it is committed (Enter or leaving
/// the field); anything that is not a whole number is ignored.
fn on_number(on_intent: &Callback<Intent>, make: fn(i64) -> Intent) -> Callback<Event> {
    let on_intent = on_intent.clone();
    Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        if let Ok(number) = value.trim().parse::<i64>() {
            on_intent.emit(make(number));
        }
    })
}

/// A select's value, sent as an intent when it changes.
fn on_select(on_intent: &Callback<Intent>, make: fn(&str) -> Intent) -> Callback<Event> {
    on_intent.reform(move |e: Event| make(&e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
}

/// How a node's state reads in the list.
pub fn node_state(node: &NodeView) -> String {
    let mut state = match (node.failed, node.ready) {
        (true, true) => "failed, not noticed yet".to_string(),
        (true, false) => "failed: NotReady".to_string(),
        (false, true) => "Ready".to_string(),
        (false, false) => "NotReady".to_string(),
    };
    if node.cordoned {
        state.push_str(", SchedulingDisabled");
    }
    state
}

/// The controls panel.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let on_intent = &props.on_intent;
    let image_ref = use_node_ref();
    let Some(set) = props.set.as_ref() else {
        let reset = on_intent.reform(|_| Intent::Reset);
        return html! {
            <section class="panel controls"><h2>{"Act"}</h2><p>{"No StatefulSet web to act on."}</p>
                <button id="reset" class="quiet" onclick={reset}>{"Start over"}</button></section>
        };
    };
    let intent = |i: Intent| on_intent.reform(move |_: MouseEvent| i.clone());
    // One component per row: a tick redraws only the rows whose object changed.
    let pods: Html = set
        .identities
        .iter()
        .filter_map(|id| id.pod.as_ref())
        .map(|pod| {
            let (subject, status) = (Subject::Pod(pod.name.clone()), AttrValue::from(pod.status.clone()));
            html! { <ObjectRow key={pod.uid.clone()} {subject} {status} on_intent={on_intent.clone()} /> }
        })
        .collect();
    let claims: Html = set
        .identities
        .iter()
        .flat_map(|id| id.claims.iter())
        .map(|claim| {
            let (subject, status) = (Subject::Claim(claim.name.clone()), AttrValue::from(claim.phase.clone()));
            html! { <ObjectRow key={claim.name.clone()} {subject} {status} on_intent={on_intent.clone()} /> }
        })
        .collect();
    let nodes: Html = props
        .nodes
        .iter()
        .map(|node| {
            let name = node.name.clone();
            let (label, fail) = match node.failed {
                true => ("Recover", Intent::RecoverNode(name.clone())),
                false => ("Fail", Intent::FailNode(name.clone())),
            };
            let cordon = if node.cordoned { "Uncordon" } else { "Cordon" };
            html! {
                <li key={name.clone()}>
                    <span class="mono">{&node.name}</span>
                    <span class="pod-list-status">{node_state(node)}</span>
                    <span class="row-actions">
                        <button class="node-cordon" data-node={name.clone()} onclick={intent(Intent::Cordon(name.clone(), !node.cordoned))}
                                aria-label={format!("{cordon} node {name}")}>{cordon}</button>
                        <button class="node-drain" data-node={name.clone()} onclick={intent(Intent::DrainNode(name.clone()))}
                                aria-label={format!("Drain node {name}")}>{"Drain"}</button>
                        <button class="node-action" data-node={name.clone()} onclick={intent(fail)}
                                aria-label={format!("{label} node {name}")}>{label}</button>
                    </span>
                </li>
            }
        })
        .collect();
    let image = set.container.as_ref().map(|(_, image)| image.clone()).unwrap_or_default();
    let chosen = IMAGES.iter().position(|(i, _, _)| *i == image);
    let roll_out = {
        let on_intent = on_intent.clone();
        let image_ref = image_ref.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = image_ref.cast::<web_sys::HtmlSelectElement>().map(|s| s.value());
            if let Some(index) = value.and_then(|v| v.parse().ok()) {
                on_intent.emit(Intent::RollOut(index));
            }
        })
    };
    let parallel = set.policy == "Parallel";
    html! {
        <section class="panel controls" aria-labelledby="controls-title">
            <h2 id="controls-title">{"Act"}</h2>
            <div class="scale" role="group" aria-label={format!("Replicas of {}", set.name)}>
                <span>{"Replicas"}</span>
                <button id="scale-down" onclick={intent(Intent::ScaleBy(-1))} disabled={set.desired <= 0} aria-label="Scale down by one">{"−"}</button>
                <output id="replicas" class="mono" aria-live="polite">{set.desired}</output>
                <button id="scale-up" onclick={intent(Intent::ScaleBy(1))} aria-label="Scale up by one">{"+"}</button>
                <input id="replicas-input" type="number" min="0" max="50" value={set.desired.to_string()}
                       onchange={on_number(on_intent, Intent::ScaleTo)} aria-label="Replicas (type a number, Enter)" />
                <span class="ready-count">{format!("{} ready", set.ready)}</span>
            </div>
            <h3>{"Pods"}</h3>
            <ul class="pod-list" aria-label="Pods">{pods}</ul>
            <h3>{"Rollout"}</h3>
            <form class="rollout" onsubmit={roll_out} aria-label="Roll out an image">
                <select id="image" ref={image_ref} aria-label="Image">
                    { for IMAGES.iter().enumerate().map(|(i, (_, _, label))| html! {
                        <option value={i.to_string()} selected={chosen == Some(i)}>{*label}</option>
                    }) }
                </select>
                <button id="roll-out" type="submit">{"Roll out"}</button>
                <button id="roll-back" type="button" onclick={intent(Intent::RollBack)} title="kubectl rollout undo">{"Roll back"}</button>
            </form>
            <p class="current-image mono">{format!("now: {image}")}</p>
            <div class="settings">
                <label>{"Partition"}
                    <input id="partition" type="number" min="0" value={set.partition.to_string()}
                           onchange={on_number(on_intent, Intent::SetPartition)} />
                </label>
                <label>{"Pod management"}
                    <select id="pod-management" onchange={on_select(on_intent, |v| Intent::SetPodManagement(v == "Parallel"))}>
                        <option value="OrderedReady" selected={!parallel}>{"OrderedReady"}</option>
                        <option value="Parallel" selected={parallel}>{"Parallel (re-creates the set)"}</option>
                    </select>
                </label>
                <label>{"Claims when scaled down"}
                    <select id="when-scaled" onchange={on_select(on_intent, |v| Intent::SetWhenScaled(v == "Delete"))}>
                        <option value="Retain" selected={!set.when_scaled_delete}>{"Retain"}</option>
                        <option value="Delete" selected={set.when_scaled_delete}>{"Delete"}</option>
                    </select>
                </label>
                <label>{"Claims when the set is deleted"}
                    <select id="when-deleted" onchange={on_select(on_intent, |v| Intent::SetWhenDeleted(v == "Delete"))}>
                        <option value="Retain" selected={!set.when_deleted_delete}>{"Retain"}</option>
                        <option value="Delete" selected={set.when_deleted_delete}>{"Delete"}</option>
                    </select>
                </label>
            </div>
            <h3>{"Claims"}</h3>
            <ul class="claim-list" aria-label="Claims">{claims}</ul>
            <h3>{"Nodes"}</h3>
            <ul class="node-list" aria-label="Nodes">{nodes}</ul>
            <div class="closing-actions">
                if !props.has_deployment {
                    <button id="add-deployment" onclick={intent(Intent::AddDeployment)}
                            title="kubectl apply -f web-deployment.yaml">{"Compare with a Deployment"}</button>
                }
                <button id="reset" class="quiet" onclick={on_intent.reform(|_| Intent::Reset)}>{"Start over"}</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_states_read_in_words() {
        let mut node =
            NodeView { name: "node-1".into(), zone: "a".into(), ready: true, cordoned: false, failed: false };
        assert_eq!(node_state(&node), "Ready");
        node.cordoned = true;
        assert_eq!(node_state(&node), "Ready, SchedulingDisabled");
        node.failed = true;
        node.ready = false;
        assert_eq!(node_state(&node), "failed: NotReady, SchedulingDisabled");
    }
}
