//! The live picture of one StatefulSet: identities as columns (name and DNS record on
//! top, claim at the bottom, none of which move), nodes as lanes (a pod sits where its
//! column crosses its node's lane), and a tether from each pod to its claim. Identities,
//! pods and claims are buttons: selecting one asks the "Why?" panel about it. Each
//! identity's column is a component of its own (`identity_column.rs`).

use crate::components::geometry::{self, GUTTER, HEADER, LANE};
use crate::components::identity_column::{is_in_column, IdentityColumn};
use crate::playground::{Intent, Subject};
use std::rc::Rc;
use sts_engine::view::{ClusterView, NodeView, SetView};
use yew::prelude::*;

/// Properties of [`Picture`].
#[derive(Properties, PartialEq)]
pub struct PictureProps {
    /// What to draw.
    pub view: Rc<ClusterView>,
    /// What the person selected (drawn highlighted).
    #[prop_or_default]
    pub selected: Option<Subject>,
    /// Where selections go.
    #[prop_or_default]
    pub on_intent: Callback<Intent>,
}

/// The text under a node's name: zone and condition, in words.
pub fn node_caption(node: &NodeView) -> String {
    let state = match (node.ready, node.cordoned) {
        (true, false) => "Ready",
        (true, true) => "Ready · cordoned",
        (false, false) => "NotReady",
        (false, true) => "NotReady · cordoned",
    };
    format!("{} · {state}", node.zone)
}

/// A one-paragraph description of the picture for screen readers.
pub fn describe(set: &SetView) -> String {
    let pods: Vec<String> = set
        .identities
        .iter()
        .map(|id| match &id.pod {
            Some(p) => format!("{} {} on {}", p.name, p.status, p.node.as_deref().unwrap_or("no node")),
            None => format!("{} has no pod", id.name),
        })
        .collect();
    format!("StatefulSet {}: {} of {} ready. {}.", set.name, set.ready, set.desired, pods.join("; "))
}

fn lane_label(y: i32, width: i32, name: &str, caption: &str, class: &'static str) -> Html {
    html! {
        <g class={classes!("lane", class)}>
            <rect x="8" y={(y + 4).to_string()} width={(width - 16).to_string()} height={(LANE - 8).to_string()} rx="10" />
            <text class="lane-name" x="22" y={(y + 32).to_string()}>{name}</text>
            <text class="lane-caption" x="22" y={(y + 52).to_string()}>{caption}</text>
        </g>
    }
}

/// The SVG pictures of every StatefulSet in the view, one under the other.
#[component]
pub fn Picture(props: &PictureProps) -> Html {
    if props.view.sets.is_empty() {
        return html! { <p class="empty">{"No StatefulSet yet. Apply a manifest to see one."}</p> };
    }
    let several = props.view.sets.len() > 1;
    props
        .view
        .sets
        .iter()
        .map(|set| {
            html! {
                <div key={set.name.clone()} class="set-picture" data-set={set.name.clone()}>
                    if several {
                        <h3 class="set-name">{"StatefulSet "}<span class="mono">{set.name.clone()}</span></h3>
                    }
                    {set_picture(props, set)}
                </div>
            }
        })
        .collect()
}

/// The picture of one set.
fn set_picture(props: &PictureProps, set: &SetView) -> Html {
    let view = &props.view;
    let lanes = view.nodes.len() + 1;
    let columns = set.identities.len();
    let (width, height) = geometry::canvas(columns, lanes);
    let row_of =
        |node: Option<&String>| node.and_then(|n| view.nodes.iter().position(|v| &v.name == n)).map_or(0, |i| i + 1);
    let vol_y = geometry::volumes_y(lanes);

    let lane_rows: Html =
        std::iter::once(lane_label(geometry::lane_y(0), width, "no node yet", "Pending pods wait here", "unscheduled"))
            .chain(view.nodes.iter().enumerate().map(|(i, n)| {
                let class = if !n.ready {
                    "not-ready"
                } else if n.cordoned {
                    "cordoned"
                } else {
                    "ready"
                };
                lane_label(geometry::lane_y(i + 1), width, &n.name, &node_caption(n), class)
            }))
            .collect();

    // One component per identity: a tick redraws only the columns whose identity changed.
    let columns: Html = set
        .identities
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let row = row_of(id.pod.as_ref().and_then(|p| p.node.as_ref()));
            let selected = props.selected.clone().filter(|s| is_in_column(s, id));
            html! {
                <IdentityColumn key={id.name.clone()} identity={id.clone()} index={i} {row} {lanes} {selected}
                                on_intent={props.on_intent.clone()} />
            }
        })
        .collect();

    html! {
        <svg class="picture" viewBox={format!("0 0 {width} {height}")} width={width.to_string()} height={height.to_string()}
             role="group" aria-labelledby={format!("picture-title-{0} picture-desc-{0}", set.name)}>
            <title id={format!("picture-title-{}", set.name)}>{format!("StatefulSet {} — columns are identities, rows are nodes", set.name)}</title>
            <desc id={format!("picture-desc-{}", set.name)}>{describe(set)}</desc>
            <g class="lanes">{lane_rows}</g>
            <g class="volume-row">
                <text class="lane-name" x="22" y={(vol_y + 40).to_string()}>{"volumes"}</text>
                <text class="lane-caption" x="22" y={(vol_y + 60).to_string()}>{"claims stay put"}</text>
            </g>
            <g class="columns">{columns}</g>
            <text class="gutter-note" x={(GUTTER - 12).to_string()} y={(HEADER - 12).to_string()} text-anchor="end">{"identity →"}</text>
        </svg>
    }
}
