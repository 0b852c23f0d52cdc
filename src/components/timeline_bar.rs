//! The timeline: a scrub bar over every simulated moment recorded so far, the person's
//! actions marked on it (each a button that shows its moment), undo and redo, and a way
//! back to the latest moment. Dragging into the past shows the past; acting there forks
//! a new future.

use crate::playground::{Intent, TimelineMark, TimelineView};
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

/// [`percent`] written with three decimals, rounded, by integer arithmetic: printing a
/// float with a precision would put the float formatter (5 KB) in the page for this
/// one line.
pub fn percent_text(at_ms: u64, end_ms: u64) -> String {
    let thousandths = match end_ms {
        0 => 0,
        end => (u128::from(at_ms.min(end)) * 100_000 + u128::from(end) / 2) / u128::from(end),
    };
    format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
}

/// How close (in percent of the bar) two marks may be before they are drawn as one.
pub const MERGE_WITHIN: f64 = 1.0;

/// The marks as drawn: actions closer than [`MERGE_WITHIN`] to the first of a group share
/// one dot at that first action's moment, titled with all of them.
pub fn grouped(marks: &[TimelineMark], end_ms: u64) -> Vec<(u64, Vec<String>)> {
    let mut groups: Vec<(u64, Vec<String>)> = Vec::new();
    for mark in marks {
        let label = format!("{} at {}", mark.label, minutes(mark.at_ms));
        match groups.last_mut() {
            Some((at, labels)) if percent(mark.at_ms, end_ms) - percent(*at, end_ms) < MERGE_WITHIN => {
                labels.push(label)
            }
            _ => groups.push((mark.at_ms, vec![label])),
        }
    }
    groups
}

/// The timeline bar.
#[component]
pub fn TimelineBar(props: &TimelineBarProps) -> Html {
    let time = &props.time;
    let on_input = props.on_intent.reform(|e: InputEvent| {
        let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        Intent::Seek(value.parse().unwrap_or(0))
    });
    let marks: Html = grouped(&time.marks, time.end_ms)
        .into_iter()
        .map(|(at, labels)| {
            let style = format!("left: {}%", percent_text(at, time.end_ms));
            let many = labels.len() > 1;
            let label = labels.join("; ");
            html! {
                <button class={classes!("mark", many.then_some("many"))} {style} title={label.clone()}
                        aria-label={format!("Show the moment of {label}")}
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
        for (at, end) in [(5, 0), (500, 1000), (2000, 1000), (1, 3), (2, 3), (45_000, 60_000), (1, 7_200_000)] {
            assert_eq!(percent_text(at, end), format!("{:.3}", percent(at, end)), "{at} of {end}");
        }
    }

    #[test]
    fn actions_close_together_share_a_dot() {
        let mark = |at_ms: u64, label: &str| TimelineMark { at_ms, label: label.into() };
        let marks = [mark(0, "a"), mark(500, "b"), mark(50_000, "c"), mark(99_000, "d"), mark(99_900, "e")];
        let groups = grouped(&marks, 100_000);
        assert_eq!(
            groups,
            vec![
                (0, vec!["a at 0:00".to_string(), "b at 0:00".to_string()]),
                (50_000, vec!["c at 0:50".to_string()]),
                (99_000, vec!["d at 1:39".to_string(), "e at 1:39".to_string()]),
            ]
        );
        assert!(grouped(&[], 0).is_empty());
    }
}
