//! The timeline: a scrub bar over every simulated moment recorded so far, the person's
//! actions marked on it (each a button that shows its moment), undo and redo, and a way
//! back to the latest moment. Dragging into the past shows the past; acting there forks
//! a new future.

use crate::playground::{Intent, TimelineView};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`TimelineBar`].
#[derive(Properties, PartialEq)]
pub struct TimelineBarProps {
    /// What to draw.
    pub time: Rc<TimelineView>,
    /// Where intents go.
    pub on_intent: Callback<Intent>,
}

/// `m:ss` for a moment in simulated milliseconds.
pub fn minutes(ms: u64) -> String {
    let seconds = ms / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Where on the bar a moment sits, in percent of its width.
pub fn percent(at_ms: u64, end_ms: u64) -> f64 {
    match end_ms {
        0 => 0.0,
        end => at_ms.min(end) as f64 * 100.0 / end as f64,
    }
}

/// The timeline bar.
#[component]
pub fn TimelineBar(props: &TimelineBarProps) -> Html {
    let time = &props.time;
    let on_input = props.on_intent.reform(|e: InputEvent| {
        let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        Intent::Seek(value.parse().unwrap_or(0))
    });
    let marks: Html = time
        .marks
        .iter()
        .map(|mark| {
            let at = mark.at_ms;
            let style = format!("left: {:.3}%", percent(at, time.end_ms));
            let label = format!("{} at {}", mark.label, minutes(at));
            html! {
                <button class="mark" {style} title={label.clone()} aria-label={format!("Show the moment of {label}")}
                        onclick={props.on_intent.reform(move |_| Intent::Seek(at))}></button>
            }
        })
        .collect();
    let live = time.now_ms >= time.end_ms;
    let latest = time.end_ms;
    html! {
        <section class="timeline" aria-label="Timeline">
            <button id="undo" disabled={!time.can_undo} onclick={props.on_intent.reform(|_| Intent::Undo)}
                    title="Undo the last action">{"↶ Undo"}</button>
            <button id="redo" disabled={!time.can_redo} onclick={props.on_intent.reform(|_| Intent::Redo)}
                    title="Do the undone action again">{"↷ Redo"}</button>
            <div class="scrub">
                <input id="scrub" type="range" min="0" max={time.end_ms.to_string()} step="100"
                       value={time.now_ms.to_string()} oninput={on_input}
                       aria-label="Simulated time" aria-valuetext={format!("{} of {}", minutes(time.now_ms), minutes(time.end_ms))} />
                <div class="marks">{marks}</div>
            </div>
            <span class="mono when">{format!("{} / {}", minutes(time.now_ms), minutes(time.end_ms))}</span>
            <button id="latest" disabled={live} onclick={props.on_intent.reform(move |_| Intent::Seek(latest))}
                    title="Show the latest moment">{"Latest ⇥"}</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_read_as_minutes_and_sit_along_the_bar() {
        assert_eq!(minutes(0), "0:00");
        assert_eq!(minutes(61_900), "1:01");
        assert_eq!(percent(5, 0), 0.0);
        assert_eq!(percent(500, 1000), 50.0);
        assert_eq!(percent(2000, 1000), 100.0);
    }
}
