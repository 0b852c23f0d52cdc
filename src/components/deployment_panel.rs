//! The stateless contrast: a Deployment's pods beside the StatefulSet's identities. They
//! have random names, no claim and no DNS name of their own; a deleted one is replaced
//! under a new name, wherever it lands.

use crate::components::pod_card::stage_style;
use crate::playground::Intent;
use sts_engine::view::DeploymentView;
use yew::prelude::*;

/// Properties of [`DeploymentPanel`].
#[derive(Properties, PartialEq)]
pub struct DeploymentPanelProps {
    /// The Deployments to draw.
    pub deployments: Vec<DeploymentView>,
    /// Where intents go.
    pub on_intent: Callback<Intent>,
}

/// The Deployments, one row of interchangeable pods each.
#[component]
pub fn DeploymentPanel(props: &DeploymentPanelProps) -> Html {
    if props.deployments.is_empty() {
        return html! {};
    }
    let rows: Html = props
        .deployments
        .iter()
        .map(|d| {
            let pods: Html = d
                .pods
                .iter()
                .map(|pod| {
                    let (class, symbol) = stage_style(pod.stage);
                    let name = pod.name.clone();
                    let delete = props.on_intent.reform(move |_| Intent::DeletePod(name.clone()));
                    html! {
                        <li key={pod.uid.clone()} class={classes!("stateless-pod", class)} data-pod={pod.name.clone()}>
                            <span class="mono pod-name">{&pod.name}</span>
                            <span class="pod-status">{format!("{symbol} {}", pod.status)}</span>
                            <span class="mono muted">{pod.ip.clone().unwrap_or_else(|| "no IP yet".into())}
                                {pod.node.as_deref().map(|n| format!(" · {n}")).unwrap_or_default()}</span>
                            <button class="delete-stateless" onclick={delete} aria-label={format!("Delete pod {}", pod.name)}>{"Delete"}</button>
                        </li>
                    }
                })
                .collect();
            html! {
                <div class="deployment" data-deployment={d.name.clone()}>
                    <h3>{format!("Deployment {} — {} desired, {} ready", d.name, d.desired, d.ready)}</h3>
                    <ul class="stateless-pods" aria-label={format!("Pods of Deployment {}", d.name)}>{pods}</ul>
                </div>
            }
        })
        .collect();
    html! {
        <section class="deployments" aria-labelledby="deployments-title">
            <h2 id="deployments-title">{"Beside it, stateless"}</h2>
            <p class="muted">{"A Deployment's pods are interchangeable: random names, no claim, no DNS name of their own. Delete one and its replacement has a new name."}</p>
            {rows}
        </section>
    }
}
