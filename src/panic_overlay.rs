//! The last line of defence: if a panic slips through, the page shows what happened and
//! a button to start again, instead of freezing silently.

/// Installs the panic hook that draws the overlay (and still logs to the console).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        show(&message);
    }));
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    let Ok(overlay) = document.create_element("div") else { return };
    overlay.set_id("crash");
    let _ = overlay.set_attribute("role", "alertdialog");
    let _ = overlay.set_attribute("aria-labelledby", "crash-title");
    overlay.set_inner_html(&format!(
        "<div class=\"crash-box\"><h2 id=\"crash-title\">The playground stopped</h2>\
         <p>Something went wrong inside the simulation. Nothing was sent anywhere.</p>\
         <pre>{}</pre><button type=\"button\" id=\"crash-reload\" onclick=\"location.reload()\">Start again</button></div>",
        escape(message)
    ));
    let _ = body.append_child(&overlay);
}
