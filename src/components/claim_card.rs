//! A PersistentVolumeClaim as a card in the volume row: name, phase, class, size and the
//! volume it is bound to. It stays in its column whether or not a pod is there.

use crate::components::geometry::CLAIM;
use sts_engine::view::ClaimView;
use yew::prelude::*;

/// Properties of [`ClaimCard`].
#[derive(Properties, PartialEq)]
pub struct ClaimCardProps {
    /// The claim to draw.
    pub claim: ClaimView,
    /// Top-left corner in the picture.
    pub x: i32,
    /// Top-left corner in the picture.
    pub y: i32,
}

/// Shortens a volume name (`pvc-<uuid>`) to fit the card: `pvc-1a2b3c4d…`.
pub fn short_volume(name: &str) -> String {
    if name.chars().count() > 16 {
        format!("{}…", name.chars().take(12).collect::<String>())
    } else {
        name.to_string()
    }
}

/// One claim card.
#[component]
pub fn ClaimCard(props: &ClaimCardProps) -> Html {
    let c = &props.claim;
    let bound = c.phase == "Bound";
    let details = [Some(c.phase.clone()), c.storage_class.clone(), c.capacity.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let volume = c.volume.as_deref().map_or_else(|| "no volume yet".to_string(), |v| format!("⛁ {}", short_volume(v)));
    html! {
        <g class={classes!("claim", if bound { "bound" } else { "pending" })} data-claim={c.name.clone()}
           transform={format!("translate({} {})", props.x, props.y)}>
            <title>{format!("PersistentVolumeClaim {}: {details}, volume {}", c.name, c.volume.as_deref().unwrap_or("none"))}</title>
            <rect class="card" width={CLAIM.0.to_string()} height={CLAIM.1.to_string()} rx="8" />
            <text class="claim-name mono" x="12" y="21">{&c.name}</text>
            <text class="claim-details" x="12" y="40">{details}</text>
            <text class="claim-volume mono" x="12" y="58">{volume}</text>
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_volume_names_are_shortened() {
        assert_eq!(short_volume("pvc-1a2b3c4d-0000-4000-8000-000000000000"), "pvc-1a2b3c4d…");
        assert_eq!(short_volume("local-pv-1"), "local-pv-1");
    }
}
