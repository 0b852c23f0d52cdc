//! The manifest editor: the YAML being applied, with line numbers; paste or type a
//! manifest, or load a bundled one, and Apply. A manifest the API server would refuse is
//! not applied: the error, worded as kubectl prints it, is shown at its line and field.

use crate::playground::{Editor, Intent};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`YamlEditor`].
#[derive(Properties, PartialEq)]
pub struct YamlEditorProps {
    /// The editor's text and last refusal.
    pub editor: Rc<Editor>,
    /// Where intents go.
    pub on_intent: Callback<Intent>,
}

/// The bundled manifests the editor can load.
pub const LOADABLE: [&str; 6] = [
    "web.yaml",
    "web-parallel.yaml",
    "web-deployment.yaml",
    "mysql-configmap.yaml",
    "mysql-services.yaml",
    "mysql-statefulset.yaml",
];

/// The manifest editor panel.
#[component]
pub fn YamlEditor(props: &YamlEditorProps) -> Html {
    let editor = &props.editor;
    let on_input = props
        .on_intent
        .reform(|e: InputEvent| Intent::EditorInput(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()));
    let on_load = props
        .on_intent
        .reform(|e: Event| Intent::EditorLoad(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()));
    let apply = props.on_intent.reform(|_| Intent::EditorApply);
    let count = editor.text.lines().count().max(1);
    let bad_line = editor.error.as_ref().and_then(|e| e.line);
    let gutter: Html = (1..=count)
        .map(|n| match Some(n) == bad_line {
            true => html! { <mark class="bad-line" aria-label={format!("line {n} has the error")}>{format!("{n}\n")}</mark> },
            false => html! { {format!("{n}\n")} },
        })
        .collect();
    let error = editor.error.as_ref().map(|e| {
        let place = match (e.line, e.field.as_deref()) {
            (Some(line), Some(field)) => format!("line {line}, {field}: "),
            (Some(line), None) => format!("line {line}: "),
            _ => String::new(),
        };
        html! {
            <p id="yaml-error" class="yaml-error" role="alert"><strong>{format!("Not applied — {place}")}</strong>{&e.message}</p>
        }
    });
    html! {
        <section class="panel yaml" aria-labelledby="yaml-title">
            <div class="yaml-head">
                <h2 id="yaml-title">{"Manifest"}</h2>
                <label class="yaml-load">{"Load "}
                    <select id="yaml-load" onchange={on_load} aria-label="Load a bundled manifest">
                        <option value="" selected=true disabled=true>{"a bundled file…"}</option>
                        { for LOADABLE.iter().map(|name| html! { <option value={*name}>{*name}</option> }) }
                    </select>
                </label>
                <button id="yaml-apply" class="primary" onclick={apply}>{"Apply"}</button>
            </div>
            {error}
            <div class="yaml-body">
                <pre class="gutter mono" aria-hidden="true">{gutter}</pre>
                <textarea id="yaml-text" class="mono" rows={count.to_string()} spellcheck="false" wrap="off"
                          aria-label="Manifest YAML" aria-invalid={editor.error.is_some().to_string()}
                          aria-describedby="yaml-error" value={editor.text.clone()} oninput={on_input} />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_loadable_manifest_is_bundled() {
        for name in LOADABLE {
            assert!(sts_engine::bundled::manifest(name).is_some(), "{name}");
        }
    }
}
