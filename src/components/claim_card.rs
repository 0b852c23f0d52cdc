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

/// The two lines of a claim card that show the data on its volume: the first entries
/// (`/index.html = hello`), then how many more, or where it was cloned from.
pub fn data_lines(claim: &ClaimView) -> Vec<String> {
    let fit = |text: String| match text.chars().count() > 24 {
        true => format!("{}…", text.chars().take(23).collect::<String>()),
        false => text,
    };
    let mut lines: Vec<String> =
        claim.data.iter().take(2).map(|(k, v)| fit(format!("{k} = {}", v.trim_end()))).collect();
    if claim.data.len() > 2 {
        lines.truncate(1);
        lines.push(format!("+{} more", claim.data.len() - 1));
    }
    match (&claim.cloned_from, lines.len()) {
        (Some(from), n) if n < 2 => lines.push(fit(format!("cloned from {from}"))),
        (None, 0) if claim.volume.is_some() => lines.push("empty".into()),
        _ => {}
    }
    lines
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
    let attached = c.attached_to.as_deref().map(|n| format!(" @ {n}")).unwrap_or_default();
    let data = data_lines(c);
    html! {
        <g class={classes!("claim", if bound { "bound" } else { "pending" })} data-claim={c.name.clone()}
           transform={format!("translate({} {})", props.x, props.y)}>
            <title>{format!("PersistentVolumeClaim {}: {details}, volume {}", c.name, c.volume.as_deref().unwrap_or("none"))}</title>
            <rect class="card" width={CLAIM.0.to_string()} height={CLAIM.1.to_string()} rx="8" />
            <text class="claim-name mono" x="12" y="21">{&c.name}</text>
            <text class="claim-details" x="12" y="40">{details}</text>
            <text class="claim-volume mono" x="12" y="58">{volume}{attached}</text>
            { for data.into_iter().enumerate().map(|(i, line)| html! {
                <text class="claim-data mono" x="12" y={(76 + 17 * i).to_string()}>{line}</text>
            }) }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(data: &[(&str, &str)]) -> ClaimView {
        ClaimView {
            name: "www-web-0".into(),
            phase: "Bound".into(),
            volume: Some("pvc-1".into()),
            storage_class: None,
            capacity: None,
            attached_to: None,
            data: data.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            cloned_from: None,
        }
    }

    #[test]
    fn the_data_lines_show_the_first_entries_then_a_count() {
        assert_eq!(data_lines(&claim(&[])), ["empty"]);
        assert_eq!(data_lines(&claim(&[("/index.html", "hello\n")])), ["/index.html = hello"]);
        let many = claim(&[("/a", "1"), ("/b", "2"), ("/c", "3")]);
        assert_eq!(data_lines(&many), ["/a = 1", "+2 more"]);
        let mut cloned = claim(&[("x", "1")]);
        cloned.cloned_from = Some("web-0".into());
        assert_eq!(data_lines(&cloned), ["x = 1", "cloned from web-0"]);
        let long = claim(&[("/usr/share/nginx/html/index.html", "hello")]);
        assert_eq!(data_lines(&long), ["/usr/share/nginx/html/i…"]);
    }

    #[test]
    fn long_volume_names_are_shortened() {
        assert_eq!(short_volume("pvc-1a2b3c4d-0000-4000-8000-000000000000"), "pvc-1a2b3c4d…");
        assert_eq!(short_volume("local-pv-1"), "local-pv-1");
    }
}
