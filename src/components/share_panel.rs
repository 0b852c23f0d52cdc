//! Sharing a moment: copy a link that opens the page at exactly this moment of this run,
//! export the run as a file (a script the headless runner also runs), import one. The
//! link is also shown, so it can be copied by hand where the clipboard is not allowed.

use yew::prelude::*;

/// Properties of [`SharePanel`].
#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The last link made, to show.
    #[prop_or_default]
    pub link: Option<AttrValue>,
    /// Make a link to the moment shown and copy it.
    pub on_copy: Callback<()>,
    /// Save the run as a file.
    pub on_export: Callback<()>,
    /// A file was picked to import.
    pub on_import: Callback<web_sys::File>,
}

/// The share buttons.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let on_pick = {
        let import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                import.emit(file);
            }
            input.set_value("");
        })
    };
    html! {
        <div class="share" role="group" aria-label="Share">
            <button id="copy-link" onclick={props.on_copy.reform(|_| ())}>{"Copy link to this moment"}</button>
            <button id="export-run" onclick={props.on_export.reform(|_| ())}>{"Export run"}</button>
            <label class="import button-like">{"Import run…"}
                <input id="import-run" type="file" accept=".sts,.txt,text/plain" class="sr-only" onchange={on_pick} />
            </label>
            if let Some(link) = props.link.clone() {
                <input id="share-link" class="mono" readonly=true value={link} aria-label="Link to this moment" />
            }
        </div>
    }
}
