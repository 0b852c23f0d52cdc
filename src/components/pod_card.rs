//! A pod as a card: name, kubectl STATUS (with restarts), READY, IP and revision. Its outline tells the state by
//! line style as well as colour (solid = Ready, dashed = on its way, dotted = going).

use crate::components::geometry::CARD;
use sts_engine::view::{PodStage, PodView};
use yew::prelude::*;

/// Properties of [`PodCard`].
#[derive(Properties, PartialEq)]
pub struct PodCardProps {
    /// The pod to draw.
    pub pod: PodView,
    /// Top-left corner in the picture.
    pub x: i32,
    /// Top-left corner in the picture.
    pub y: i32,
}

/// The CSS class and the symbol for a stage: shape and text, never colour alone.
pub fn stage_style(stage: PodStage) -> (&'static str, &'static str) {
    match stage {
        PodStage::Pending => ("pod pending", "○"),
        PodStage::Creating => ("pod creating", "◐"),
        PodStage::Running => ("pod running", "◑"),
        PodStage::Ready => ("pod ready", "●"),
        PodStage::Terminating => ("pod terminating", "◌"),
        PodStage::Finished => ("pod finished", "✕"),
    }
}

/// The revision as the card shows it: the hash's last 5 characters, marked `old` while
/// a rollout has yet to replace the pod.
pub fn revision_label(revision: &str, updated: bool) -> String {
    let hash = revision.rsplit('-').next().unwrap_or(revision);
    let start = hash.char_indices().rev().nth(4).map_or(0, |(i, _)| i);
    match updated {
        true => format!("rev {}", &hash[start..]),
        false => format!("old {}", &hash[start..]),
    }
}

/// One pod card, positioned with a CSS transform so a move between lanes animates.
#[component]
pub fn PodCard(props: &PodCardProps) -> Html {
    let pod = &props.pod;
    let (class, symbol) = stage_style(pod.stage);
    let ip = pod.ip.clone().unwrap_or_else(|| "no IP yet".into());
    let status = match pod.restarts {
        0 => format!("{symbol} {}", pod.status),
        n => format!("{symbol} {} ↻{n}", pod.status),
    };
    let title = format!(
        "{}: {} ({} ready), IP {}, node {}",
        pod.name,
        pod.status,
        pod.ready,
        ip,
        pod.node.as_deref().unwrap_or("none yet")
    );
    html! {
        <g class={class} data-pod={pod.name.clone()} data-uid={pod.uid.clone()}
           style={format!("transform: translate({}px, {}px)", props.x, props.y)}>
            <title>{title}</title>
            <rect class="card" width={CARD.0.to_string()} height={CARD.1.to_string()} rx="8" />
            <text class="pod-name mono" x="12" y="22">{&pod.name}</text>
            <text class="pod-ready mono" x={(CARD.0 - 12).to_string()} y="22" text-anchor="end">{&pod.ready}</text>
            <text class="pod-status" x="12" y="44">{status}</text>
            // Keyed by the address, so a new IP is a new element and its flash plays.
            { for std::iter::once(html! { <text key={ip.clone()} class="pod-ip mono" x="12" y="66">{ip.clone()}</text> }) }
            if let Some(revision) = pod.revision.as_deref() {
                <text class={classes!("pod-rev", "mono", if pod.updated { "new" } else { "old" })}
                      x={(CARD.0 - 12).to_string()} y="66" text-anchor="end">{revision_label(revision, pod.updated)}</text>
            }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_show_the_hash_end_and_whether_a_rollout_has_reached_them() {
        assert_eq!(revision_label("web-856d44f744", true), "rev 4f744");
        assert_eq!(revision_label("web-856d44f744", false), "old 4f744");
        assert_eq!(revision_label("abc", true), "rev abc");
    }
}
