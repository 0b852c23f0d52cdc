//! The event log, newest first, as `kubectl get events` shows it.

use sts_engine::view::EventView;
use yew::prelude::*;

/// How many events the log shows.
pub const SHOWN: usize = 14;

/// Properties of [`EventLog`].
#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// All events, oldest first.
    pub events: Vec<EventView>,
}

/// The event log.
#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let rows: Html = props
        .events
        .iter()
        .rev()
        .take(SHOWN)
        .map(|e| {
            let count = if e.count > 1 { format!(" (x{})", e.count) } else { String::new() };
            html! {
                <li class={classes!("event", (e.type_ == "Warning").then_some("warning"))}>
                    <span class="mono when">{&e.clock}</span>
                    <span class="reason">{format!("{}{count}", e.reason)}</span>
                    <span class="mono object">{&e.object}</span>
                    <span class="message">{&e.message}</span>
                </li>
            }
        })
        .collect();
    html! {
        <section class="panel events" aria-labelledby="events-title">
            <h2 id="events-title">{"Events"}</h2>
            <ol class="event-list" reversed=true tabindex="0" aria-label="Events, newest first">{rows}</ol>
        </section>
    }
}
