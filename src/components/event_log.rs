//! The event log, newest first, as `kubectl get events` shows it. Clicking an event
//! selects the object it is about, which the picture then marks and the Why? panel
//! explains; the events of the selected object are marked in the log. A hidden polite
//! live region reads the newest events to screen readers as they happen.

use crate::playground::{Intent, Subject};
use sts_engine::view::EventView;
use yew::prelude::*;

/// How many events the log shows.
pub const SHOWN: usize = 14;

/// How many of the newest events the live region holds.
pub const NARRATED: usize = 3;

/// Properties of [`EventLog`].
#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// All events, oldest first.
    pub events: Vec<EventView>,
    /// What is selected in the picture.
    #[prop_or_default]
    pub selected: Option<Subject>,
    /// Where intents go.
    pub on_intent: Callback<Intent>,
}

/// The object an event is about, as something the picture can select (`pod/web-1`,
/// `persistentvolumeclaim/www-web-1`, `statefulset/web`); other kinds are not drawn.
pub fn subject_of(object: &str) -> Option<Subject> {
    let (kind, name) = object.split_once('/')?;
    match kind {
        "pod" => Some(Subject::Pod(name.to_string())),
        "persistentvolumeclaim" => Some(Subject::Claim(name.to_string())),
        "statefulset" => Some(Subject::Set(name.to_string())),
        _ => None,
    }
}

/// What the live region says for one event.
pub fn narration(e: &EventView) -> String {
    format!("{} {}: {}", e.object, e.reason, e.message)
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
            let subject = subject_of(&e.object);
            let related = subject.is_some() && subject == props.selected;
            let class = classes!("event", (e.type_ == "Warning").then_some("warning"), related.then_some("related"));
            let body = html! {
                <>
                    <span class="mono when">{&e.clock}</span>
                    <span class="reason">{format!("{}{count}", e.reason)}</span>
                    <span class="mono object">{&e.object}</span>
                    <span class="message">{&e.message}</span>
                </>
            };
            match subject {
                Some(subject) => {
                    let select = props.on_intent.reform(move |_| Intent::Select(subject.clone()));
                    html! {
                        <li {class}>
                            <button class="event-select" onclick={select} aria-pressed={related.to_string()}
                                    title={format!("Show {} in the picture", e.object)}>{body}</button>
                        </li>
                    }
                }
                None => html! { <li {class}><div class="event-select">{body}</div></li> },
            }
        })
        .collect();
    let start = props.events.len().saturating_sub(NARRATED);
    let narrated: Html = props.events.iter().skip(start).map(|e| html! { <p>{narration(e)}</p> }).collect();
    html! {
        <section class="panel events" aria-labelledby="events-title">
            <h2 id="events-title">{"Events"}</h2>
            <ol class="event-list" reversed=true aria-label="Events, newest first">{rows}</ol>
            <div class="sr-only" role="log" aria-live="polite" aria-label="Latest events">{narrated}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_select_the_pods_claims_and_sets_they_are_about() {
        assert_eq!(subject_of("pod/web-1"), Some(Subject::Pod("web-1".into())));
        assert_eq!(subject_of("persistentvolumeclaim/www-web-1"), Some(Subject::Claim("www-web-1".into())));
        assert_eq!(subject_of("statefulset/web"), Some(Subject::Set("web".into())));
        assert_eq!(subject_of("node/node-1"), None);
        assert_eq!(subject_of("nonsense"), None);
    }
}
