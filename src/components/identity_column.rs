//! One identity of a StatefulSet's picture as its own component: the name and DNS record
//! on top, the pod where its node's lane crosses the column, the tether, and the claims
//! at the bottom.
//!
//! A tick changes a few pods of a large set; the others' columns get equal properties,
//! so Yew skips them without building or diffing their markup. Everything a column
//! draws comes in through its properties, the selection only when it is in the column.

use crate::components::claim_card::ClaimCard;
use crate::components::geometry::{self, CARD, CLAIM, COLUMN};
use crate::components::pod_card::PodCard;
use crate::playground::{Intent, Subject};
use sts_engine::view::{IdentityView, PodStage};
use yew::prelude::*;

/// Properties of [`IdentityColumn`].
#[derive(Properties, PartialEq)]
pub struct IdentityColumnProps {
    /// The identity to draw.
    pub identity: IdentityView,
    /// Its column (0 for the leftmost).
    pub index: usize,
    /// The lane its pod is in (0: no node yet; then the nodes in order).
    pub row: usize,
    /// How many lanes the picture has (the claims sit below the last).
    pub lanes: usize,
    /// The selection, when it is this identity's pod or one of its claims.
    #[prop_or_default]
    pub selected: Option<Subject>,
    /// Where selections go.
    #[prop_or_default]
    pub on_intent: Callback<Intent>,
}

/// Wraps `content` in a keyboard-operable button of the picture that selects `subject`
/// (click, Enter or Space), highlighted when it is the selection. Its accessible name is
/// its visible text.
fn selectable(props: &IdentityColumnProps, subject: Subject, content: Html) -> Html {
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

/// Whether `subject` is drawn in the column of `identity`.
pub fn is_in_column(subject: &Subject, identity: &IdentityView) -> bool {
    match subject {
        Subject::Pod(name) => *name == identity.name,
        Subject::Claim(name) => identity.claims.iter().any(|c| c.name == *name),
        _ => false,
    }
}

/// The DNS record as the column header shows it: the name within the cluster domain,
/// and what it resolves to.
fn record(identity: &IdentityView) -> (&'static str, String) {
    let short = identity.dns_name.as_deref().map(|f| f.split(".svc.").next().unwrap_or(f));
    let short = short.map(|s| s.trim_end_matches(".default"));
    match (short, &identity.dns_ip) {
        (Some(name), Some(ip)) => ("dns resolves", format!("{name} → {ip}")),
        (Some(name), None) => ("dns none", format!("{name}: no record")),
        (None, _) => ("dns none", "no Service: no DNS name".into()),
    }
}

/// One identity's column.
#[component]
pub fn IdentityColumn(props: &IdentityColumnProps) -> Html {
    let (id, i, lanes) = (&props.identity, props.index, props.lanes);
    let x = geometry::column_x(i);
    let (record_class, record) = record(id);
    let header = html! {
        <g class={classes!("identity", (!id.wanted).then_some("unwanted"))} data-identity={id.name.clone()}>
            <text class="identity-name mono" x={(x + COLUMN / 2).to_string()} y="28" text-anchor="middle">
                {if id.wanted { id.name.clone() } else { format!("{} (scaled away)", id.name) }}
            </text>
            <rect class={record_class} x={(x + 6).to_string()} y="42" width={(COLUMN - 12).to_string()} height="30" rx="6" />
            <text class="dns-text mono" x={(x + COLUMN / 2).to_string()} y="62" text-anchor="middle">{record}</text>
        </g>
    };
    let header = selectable(props, Subject::Pod(id.name.clone()), header);

    let placed = id.pod.as_ref().map(|pod| (pod, geometry::card_origin(i, props.row)));
    let tether = placed.filter(|_| !id.claims.is_empty()).map(|(pod, (cx, cy))| {
        let x = cx + CARD.0 / 2;
        let (_, claim_top) = geometry::claim_origin(i, lanes);
        let class = match pod.stage {
            PodStage::Ready | PodStage::Running => "tether attached",
            PodStage::Terminating | PodStage::Finished => "tether leaving",
            _ => "tether waiting",
        };
        html! {
            <line key={format!("tether-{}", pod.uid)} class={class} x1={x.to_string()} y1={(cy + CARD.1).to_string()}
                  x2={x.to_string()} y2={claim_top.to_string()} />
        }
    });

    let (claim_x, claim_y) = geometry::claim_origin(i, lanes);
    let claims: Html = id
        .claims
        .iter()
        .enumerate()
        .map(|(k, claim)| {
            let y = claim_y + i32::try_from(k).unwrap_or(0) * (CLAIM.1 + 6);
            let card = html! { <ClaimCard claim={claim.clone()} x={claim_x} {y} /> };
            html! { <g key={claim.name.clone()}>{selectable(props, Subject::Claim(claim.name.clone()), card)}</g> }
        })
        .collect();

    let pod = placed.map(|(pod, (x, y))| {
        let (key, pod) = (pod.uid.clone(), pod.clone());
        let subject = Subject::Pod(pod.name.clone());
        html! { <g {key}>{selectable(props, subject, html! { <PodCard {pod} {x} {y} /> })}</g> }
    });

    html! {
        <g class="column">
            <g class="header">{header}</g>
            {for tether}
            <g class="claims">{claims}</g>
            {for pod}
        </g>
    }
}
