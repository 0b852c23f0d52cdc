//! Time controls: play/pause, step to the next change, speed, and the simulated clock.

use crate::playground::{Intent, SPEEDS};
use yew::prelude::*;

/// Properties of [`TimeBar`].
#[derive(Properties, PartialEq)]
pub struct TimeBarProps {
    /// Whether the clock runs.
    pub playing: bool,
    /// Playback speed in percent.
    pub speed: u32,
    /// Simulated time, `HH:MM:SS`.
    pub clock: AttrValue,
    /// Where intents go.
    pub on_intent: Callback<Intent>,
}

/// How a speed in percent reads: `0.25×`, `1×`, `16×`.
pub fn speed_label(percent: u32) -> String {
    let (whole, hundredths) = (percent / 100, percent % 100);
    match hundredths {
        0 => format!("{whole}×"),
        h if h % 10 == 0 => format!("{whole}.{}×", h / 10),
        h => format!("{whole}.{h:02}×"),
    }
}

/// The time bar.
#[component]
pub fn TimeBar(props: &TimeBarProps) -> Html {
    let toggle = props.on_intent.reform(|_| Intent::TogglePlay);
    let step = props.on_intent.reform(|_| Intent::StepToNextChange);
    let on_speed = props.on_intent.reform(|e: Event| {
        let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        Intent::SetSpeed(value.parse().unwrap_or(100))
    });
    html! {
        <div class="time-bar" role="group" aria-label="Time">
            <button id="play" class="primary" aria-pressed={props.playing.to_string()} onclick={toggle}>
                {if props.playing { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button id="step" onclick={step} title="Jump to the next scheduled change">{"▶| Step"}</button>
            <label class="speed">
                <span>{"Speed"}</span>
                <select id="speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={*s == props.speed}>{speed_label(*s)}</option>
                    }) }
                </select>
            </label>
            <span class="clock mono" aria-label="Simulated time">{format!("t = {}", props.clock)}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_read_as_multipliers() {
        assert_eq!(speed_label(25), "0.25×");
        assert_eq!(speed_label(50), "0.5×");
        assert_eq!(speed_label(100), "1×");
        assert_eq!(speed_label(1600), "16×");
    }
}
