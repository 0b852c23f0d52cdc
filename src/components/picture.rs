//! The live picture of one StatefulSet: identities as columns (name and DNS record on
//! top, claim at the bottom, none of which move), nodes as lanes (a pod sits where its
//! column crosses its node's lane), and a tether from each pod to its claim. Identities,
//! pods and claims are buttons: selecting one asks the "Why?" panel about it.

use crate::components::claim_card::ClaimCard;
use crate::components::geometry::{self, CARD, CLAIM, COLUMN, GUTTER, HEADER, LANE};
use crate::components::pod_card::PodCard;
use crate::playground::{Intent, Subject};
use std::rc::Rc;
use sts_engine::view::{ClusterView, IdentityView, NodeView, PodStage, PodView, SetView};
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

/// Wraps `content` in a keyboard-operable button of the picture that selects `subject`
/// (click, Enter or Space), highlighted when it is the selection. Its accessible name is
/// its visible text.
fn selectable(props: &PictureProps, subject: Subject, content: Html) -> Html {
    let selected = props.selected.as_ref() == Some(&subject);
    let onclick = {
        let (on_intent, subject) = (props.on_intent.clone(), subject.clone());
        Callback::from(move |_: MouseEvent| on_intent.emit(Intent::Select(subject.clone())))
    };
    let onkeydown = {
        let on_intent = props.on_intent.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_intent.emit(Intent::Select(subject.clone()));
            }
        })
    };
    html! {
        <g class={classes!("selectable", selected.then_some("selected"))} role="button" tabindex="0"
           aria-pressed={selected.to_string()} {onclick} {onkeydown}>
            {content}
        </g>
    }
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

    let headers: Html = set
        .identities
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let x = geometry::column_x(i);
            let short = id.dns_name.as_deref().map(|f| f.split(".svc.").next().unwrap_or(f).to_string());
            let short = short.map(|s| s.trim_end_matches(".default").to_string());
            let (record_class, record) = match (&short, &id.dns_ip) {
                (Some(name), Some(ip)) => ("dns resolves", format!("{name} → {ip}")),
                (Some(name), None) => ("dns none", format!("{name}: no record")),
                (None, _) => ("dns none", "no Service: no DNS name".into()),
            };
            let header = html! {
                <g class={classes!("identity", (!id.wanted).then_some("unwanted"))} data-identity={id.name.clone()}>
                    <text class="identity-name mono" x={(x + COLUMN / 2).to_string()} y="28" text-anchor="middle">
                        {if id.wanted { id.name.clone() } else { format!("{} (scaled away)", id.name) }}
                    </text>
                    <rect class={record_class} x={(x + 6).to_string()} y="42" width={(COLUMN - 12).to_string()} height="30" rx="6" />
                    <text class="dns-text mono" x={(x + COLUMN / 2).to_string()} y="62" text-anchor="middle">{record}</text>
                </g>
            };
            html! { <g key={id.name.clone()}>{selectable(props, Subject::Pod(id.name.clone()), header)}</g> }
        })
        .collect();

    // Each pod is placed once: its column is its ordinal, its lane is its node.
    let placed: Vec<(usize, &IdentityView, &PodView, (i32, i32))> = set
        .identities
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let pod = id.pod.as_ref()?;
            Some((i, id, pod, geometry::card_origin(i, row_of(pod.node.as_ref()))))
        })
        .collect();

    let tethers: Html = placed
        .iter()
        .filter(|(_, id, _, _)| !id.claims.is_empty())
        .map(|(i, _, pod, (cx, cy))| {
            let x = cx + CARD.0 / 2;
            let (_, claim_top) = geometry::claim_origin(*i, lanes);
            let class = match pod.stage {
                PodStage::Ready | PodStage::Running => "tether attached",
                PodStage::Terminating | PodStage::Finished => "tether leaving",
                _ => "tether waiting",
            };
            html! {
                <line key={format!("tether-{}", pod.uid)} class={class} x1={x.to_string()} y1={(cy + CARD.1).to_string()}
                      x2={x.to_string()} y2={claim_top.to_string()} />
            }
        })
        .collect();

    let pods: Html = placed
        .iter()
        .map(|(_, _, pod, (x, y))| {
            let (key, pod, x, y) = (pod.uid.clone(), (*pod).clone(), *x, *y);
            let subject = Subject::Pod(pod.name.clone());
            html! { <g {key}>{selectable(props, subject, html! { <PodCard {pod} {x} {y} /> })}</g> }
        })
        .collect();

    let claims: Html = set
        .identities
        .iter()
        .enumerate()
        .flat_map(|(i, id)| {
            let (x, y) = geometry::claim_origin(i, lanes);
            id.claims.iter().enumerate().map(move |(k, claim)| {
                let y = y + i32::try_from(k).unwrap_or(0) * (CLAIM.1 + 6);
                let card = html! { <ClaimCard claim={claim.clone()} {x} {y} /> };
                html! { <g key={claim.name.clone()}>{selectable(props, Subject::Claim(claim.name.clone()), card)}</g> }
            })
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
            <g class="headers">{headers}</g>
            <g class="tethers">{tethers}</g>
            <g class="claims">{claims}</g>
            <g class="pods">{pods}</g>
            <text class="gutter-note" x={(GUTTER - 12).to_string()} y={(HEADER - 12).to_string()} text-anchor="end">{"identity →"}</text>
        </svg>
    }
}
