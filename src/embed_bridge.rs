//! The messages between the page in an iframe and the page that embeds it (through
//! `embed.js`'s `<statefulset-playground>` element, or any script that posts them). They
//! are JSON text, each with a `type`:
//!
//! - in: `{"type":"sts-run","command":"kubectl delete pod web-1"}` runs a command line as
//!   the console does; `{"type":"sts-seek","seconds":12.5}` shows that moment.
//! - out: `sts-ready` once the page runs, `sts-output` with each command's `command`,
//!   `output` and `error`, `sts-event` with each new Kubernetes event (`reason`,
//!   `message`, `object`, `eventType`, `clock`), and `sts-resize` with the page's `height`
//!   in CSS pixels, so the iframe can grow to fit.

use serde_json::Value;
use sts_engine::script::get::kubectl_json;
use sts_engine::view::EventView;
use sts_engine::wire::object;

/// What the embedding page asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// Run this command line.
    Run(String),
    /// Show this moment, in simulated milliseconds.
    Seek(u64),
}

/// Reads a message from the embedding page; `None` for anything that is not one of ours
/// (other scripts post messages too). JSON is read by the engine's YAML reader (JSON is
/// YAML's flow style), which the page has anyway: a JSON parser of its own cost 11 KiB.
pub fn read(data: &str) -> Option<Inbound> {
    let message: Value = sts_engine::yaml::read_documents(data).ok()?.into_iter().next()?;
    match message.get("type")?.as_str()? {
        "sts-run" => Some(Inbound::Run(message.get("command")?.as_str()?.to_string())),
        "sts-seek" => {
            let seconds = message.get("seconds")?.as_f64().filter(|s| s.is_finite() && *s >= 0.0)?;
            Some(Inbound::Seek((seconds * 1000.0).round() as u64))
        }
        _ => None,
    }
}

/// The message that says the page is running.
pub fn ready() -> String {
    text(&object(vec![("type", "sts-ready".into())]))
}

/// A message as JSON text, written by the serializer `kubectl get -o json` uses (one more
/// serializer type would cost the page about 4 KiB).
fn text(message: &Value) -> String {
    kubectl_json(message)
}

/// The message with a command's output.
pub fn output(command: &str, output: &str, error: bool) -> String {
    text(&object(vec![
        ("type", "sts-output".into()),
        ("command", command.into()),
        ("output", output.into()),
        ("error", error.into()),
    ]))
}

/// The message with one new Kubernetes event.
pub fn event(e: &EventView) -> String {
    text(&object(vec![
        ("type", "sts-event".into()),
        ("reason", e.reason.as_str().into()),
        ("message", e.message.as_str().into()),
        ("object", e.object.as_str().into()),
        ("eventType", e.type_.as_str().into()),
        ("clock", e.clock.as_str().into()),
    ]))
}

/// The message with the page's height.
pub fn resize(height: i32) -> String {
    text(&object(vec![("type", "sts-resize".into()), ("height", height.into())]))
}

/// The events of `events` (newest first, as the view keeps them) that are newer than
/// `last`, oldest first: what has not been posted yet.
pub fn newer<'a>(events: &'a [EventView], last: Option<&EventView>) -> Vec<&'a EventView> {
    let fresh = events.iter().take_while(|e| Some(*e) != last);
    let mut fresh: Vec<&EventView> = fresh.collect();
    fresh.reverse();
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_messages_are_read() {
        assert_eq!(
            read(r#"{"type":"sts-run","command":"kubectl get pods"}"#),
            Some(Inbound::Run("kubectl get pods".into()))
        );
        assert_eq!(read(r#"{"type":"sts-seek","seconds":12.5}"#), Some(Inbound::Seek(12_500)));
        for other in
            ["", "hello", "{}", r#"{"type":"sts-seek","seconds":-1}"#, r#"{"type":"sts-run"}"#, r#"{"type":"x"}"#]
        {
            assert_eq!(read(other), None, "{other}");
        }
    }

    #[test]
    fn messages_are_json_with_their_type() {
        let out: Value = serde_json::from_str(&output("kubectl get pods", "No resources\n", false)).unwrap_or_default();
        assert_eq!(out["type"], "sts-output");
        assert_eq!(out["output"], "No resources\n");
        assert_eq!(serde_json::from_str::<Value>(&resize(720)).unwrap_or_default()["height"], 720);
        assert_eq!(
            serde_json::from_str::<Value>(&ready()).unwrap_or_default(),
            serde_json::json!({"type": "sts-ready"})
        );
        let event = EventView {
            clock: "00:00:01".into(),
            type_: "Normal".into(),
            reason: "Created".into(),
            object: "pod/web-0".into(),
            message: "Created container nginx".into(),
            count: 1,
        };
        assert_eq!(
            serde_json::from_str::<Value>(&super::event(&event)).unwrap_or_default(),
            serde_json::json!({"type": "sts-event", "reason": "Created", "message": "Created container nginx",
                "object": "pod/web-0", "eventType": "Normal", "clock": "00:00:01"})
        );
    }

    #[test]
    fn only_events_newer_than_the_last_posted_are_sent_oldest_first() {
        let e = |reason: &str| EventView {
            clock: "00:00:01".into(),
            type_: "Normal".into(),
            reason: reason.into(),
            object: "pod/web-0".into(),
            message: String::new(),
            count: 1,
        };
        let events = [e("Started"), e("Created"), e("Pulled")];
        let reasons = |v: Vec<&EventView>| v.iter().map(|e| e.reason.clone()).collect::<Vec<_>>();
        assert_eq!(reasons(newer(&events, None)), ["Pulled", "Created", "Started"]);
        assert_eq!(reasons(newer(&events, Some(&events[1]))), ["Started"]);
        assert!(newer(&events, Some(&events[0])).is_empty());
    }
}
