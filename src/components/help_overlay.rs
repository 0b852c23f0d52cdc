//! The keyboard shortcuts, as a modal dialog that takes the focus when it opens.

use crate::playground::Intent;
use crate::shortcuts::SHORTCUTS;
use yew::prelude::*;

/// Properties of [`HelpOverlay`].
#[derive(Properties, PartialEq)]
pub struct HelpOverlayProps {
    /// Where the Close button sends its intent.
    pub on_intent: Callback<Intent>,
}

/// The dialog.
#[component]
pub fn HelpOverlay(props: &HelpOverlayProps) -> Html {
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(button) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let close = props.on_intent.reform(|_| Intent::CloseHelp);
    html! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title">
                <h2 id="help-title">{"Keyboard shortcuts"}</h2>
                <dl class="shortcuts">
                    { for SHORTCUTS.iter().map(|(key, what)| html! {
                        <><dt><kbd>{*key}</kbd></dt><dd>{*what}</dd></>
                    }) }
                </dl>
                <p class="hint">{"Tab moves between controls and the pods, identities and claims of the picture; Enter or Space selects one."}</p>
                <button id="close-help" ref={close_ref} onclick={close}>{"Close"}</button>
            </div>
        </div>
    }
}
