//! The kubectl console: type a command of the scenario language, see kubectl's output.
//! Up and down walk the history, Tab completes verbs, resource types and object names.
//! Every command runs at the shown moment and lands on the timeline, like a button.

use crate::playground::{Console as ConsoleState, Intent};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`Console`].
#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// What is typed and what ran.
    pub console: Rc<ConsoleState>,
    /// Where intents go.
    pub on_intent: Callback<Intent>,
}

/// What a key in the console's input asks for, if it is one of the console's keys.
pub fn console_key(key: &str) -> Option<Intent> {
    match key {
        "ArrowUp" => Some(Intent::ConsoleHistory(-1)),
        "ArrowDown" => Some(Intent::ConsoleHistory(1)),
        "Tab" => Some(Intent::ConsoleComplete),
        _ => None,
    }
}

/// The console panel.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let on_input = props
        .on_intent
        .reform(|e: InputEvent| Intent::ConsoleInput(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()));
    let on_keydown = {
        let on_intent = props.on_intent.clone();
        let empty = props.console.input.is_empty();
        Callback::from(move |e: KeyboardEvent| {
            // Tab on an empty line moves the focus on, as everywhere else.
            if e.key() == "Tab" && (empty || e.shift_key()) {
                return;
            }
            if let Some(intent) = console_key(&e.key()) {
                e.prevent_default();
                on_intent.emit(intent);
            }
        })
    };
    let on_submit = props.on_intent.reform(|e: SubmitEvent| {
        e.prevent_default();
        Intent::ConsoleSubmit
    });
    let entries: Html = props
        .console
        .entries
        .iter()
        .rev()
        .map(|entry| {
            html! {
                <li class={classes!("entry", entry.error.then_some("error"))}>
                    if !entry.command.is_empty() {
                        <pre class="command">{format!("$ {}", entry.command)}</pre>
                    }
                    if !entry.output.is_empty() {
                        <pre class="output">{entry.output.trim_end()}</pre>
                    }
                </li>
            }
        })
        .collect();
    let candidates = props.console.candidates.join("  ");
    html! {
        <section class="panel console" aria-labelledby="console-title">
            <h2 id="console-title">{"Console"}</h2>
            <ol class="console-log" aria-label="Commands and their output, newest first" tabindex="0">{entries}</ol>
            <form class="console-form" onsubmit={on_submit}>
                <span class="prompt mono" aria-hidden="true">{"$"}</span>
                <input id="console-input" class="mono" type="text" value={props.console.input.clone()}
                       oninput={on_input} onkeydown={on_keydown} autocomplete="off" spellcheck="false"
                       autocapitalize="off" aria-label="kubectl or sim command"
                       aria-describedby="console-candidates"
                       placeholder="kubectl get pods   (Tab completes, ↑ ↓ history)" />
                <button type="submit">{"Run"}</button>
            </form>
            <p id="console-candidates" class="candidates mono" aria-live="polite">{candidates}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_keys_are_history_and_completion() {
        assert_eq!(console_key("ArrowUp"), Some(Intent::ConsoleHistory(-1)));
        assert_eq!(console_key("ArrowDown"), Some(Intent::ConsoleHistory(1)));
        assert_eq!(console_key("Tab"), Some(Intent::ConsoleComplete));
        assert_eq!(console_key("a"), None);
    }
}
