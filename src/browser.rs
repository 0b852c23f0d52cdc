//! What the page asks of the browser besides drawing: its address, the clipboard, a
//! download, a picked file's text, the colour theme, messages to and from an embedding
//! page. Every call tolerates a browser that refuses (a sandboxed iframe, `file://`): it
//! returns `None` or does nothing, never panics.

use wasm_bindgen::{JsCast, JsValue};

/// The page's query string and fragment (`?…`, `#…`), empty where they cannot be read.
pub fn address() -> (String, String) {
    let location = gloo::utils::window().location();
    (location.search().unwrap_or_default(), location.hash().unwrap_or_default())
}

/// The page's own address with `fragment` as its fragment, written into the address bar
/// without a reload; returns the whole link.
pub fn link_with_fragment(fragment: &str) -> String {
    let window = gloo::utils::window();
    let location = window.location();
    let base = format!(
        "{}{}{}",
        location.origin().unwrap_or_default().replace("null", "file://"),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let link = format!("{base}#{fragment}");
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
    link
}

/// Puts `text` on the clipboard, if the browser allows it here.
pub fn copy(text: &str) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}

/// Offers `text` as a file called `name` to save.
pub fn download(name: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let anchor: web_sys::HtmlAnchorElement = gloo::utils::document().create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

/// Reads a picked or dropped file as text and hands it to `done` (`Err` with a sentence
/// when it cannot be read).
pub fn read_text(file: web_sys::File, done: Box<dyn FnOnce(Result<String, String>)>) {
    let name = file.name();
    yew::platform::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        done(text.ok().and_then(|t| t.as_string()).ok_or(format!("{name} could not be read as text")));
    });
}

/// Loads the tour `name`'s script and hands it to `done`: from a
/// `<script type="text/plain" id="tour-NAME">` in the page if there is one (the
/// single-file build), or from `tours/NAME.sts` beside the page.
pub fn load_tour(name: &str, done: Box<dyn FnOnce(Result<String, String>)>) {
    let inline = gloo::utils::document().get_element_by_id(&format!("tour-{name}")).and_then(|e| e.text_content());
    if let Some(text) = inline {
        return done(Ok(text));
    }
    let path = crate::tour_list::path_of(name);
    yew::platform::spawn_local(async move {
        let text = async {
            let response =
                wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(&path)).await.ok()?;
            let response: web_sys::Response = response.dyn_into().ok()?;
            if !response.ok() {
                return None;
            }
            wasm_bindgen_futures::JsFuture::from(response.text().ok()?).await.ok()?.as_string()
        };
        done(text.await.ok_or(format!("{path} could not be loaded")));
    });
}

/// Forces the light or dark colours, or lets the system decide (`None`).
pub fn set_theme(theme: Option<&str>) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = match theme {
            Some(theme) => root.set_attribute("data-theme", theme),
            None => root.remove_attribute("data-theme"),
        };
    }
}

/// Whether the page runs inside a frame of another page.
pub fn embedded() -> bool {
    let window = gloo::utils::window();
    matches!(window.parent(), Ok(Some(parent)) if !js_sys::Object::is(&parent, &window))
}

/// Posts `message` (JSON text) to the embedding page, if there is one. The messages say
/// nothing private (what the simulation did), so any embedding origin may read them.
pub fn post_to_parent(message: &str) {
    if !embedded() {
        return;
    }
    if let Ok(Some(parent)) = gloo::utils::window().parent() {
        let _ = parent.post_message(&JsValue::from_str(message), "*");
    }
}

/// Calls `handle` with the text of every message the embedding page posts to this one;
/// the listener lives as long as the value returned.
pub fn on_parent_message(handle: impl Fn(String) + 'static) -> gloo::events::EventListener {
    let window = gloo::utils::window();
    let parent = window.parent().ok().flatten();
    gloo::events::EventListener::new(&window, "message", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
        let from_parent = match (event.source(), &parent) {
            (Some(source), Some(parent)) => js_sys::Object::is(&source, parent),
            _ => false,
        };
        if let (true, Some(text)) = (from_parent, event.data().as_string()) {
            handle(text);
        }
    })
}

/// The page's full height in CSS pixels.
pub fn page_height() -> i32 {
    gloo::utils::document().document_element().map_or(0, |e| e.scroll_height())
}
