//! # sts-playground — the page
//!
//! A thin Yew shell over [`sts_engine`]: it turns what a person does into engine actions
//! ([`playground`]), and draws the engine's [`sts_engine::ClusterView`] as SVG and HTML
//! ([`components`]). It holds no Kubernetes rules of its own.

pub mod app;
pub mod browser;
pub mod components;
pub mod embed_bridge;
pub mod page_options;
pub mod playground;
pub mod share;
pub mod shortcuts;
pub mod tour_list;

pub use app::App;

/// Starts the page: reads what the address asks for, then renders [`App`] into `<body>`.
/// (The crash overlay is `index.html`'s: a panic stops the wasm with a trap, which the
/// page's script shows with a way to start again.)
pub fn start() {
    let (search, hash) = browser::address();
    let options = std::rc::Rc::new(page_options::parse(&search, &hash));
    browser::set_theme(match options.theme {
        page_options::Theme::Auto => None,
        page_options::Theme::Light => Some("light"),
        page_options::Theme::Dark => Some("dark"),
    });
    let render = |options, script: Option<String>| {
        let script = script.map(std::rc::Rc::new);
        yew::Renderer::<App>::with_props(app::AppProps { options, script }).render();
    };
    let wanted = options.tour.clone().or(options.scenario.clone()).filter(|n| tour_list::is_tour(n));
    match wanted {
        Some(name) if options.run.is_none() => {
            browser::load_tour(&name, Box::new(move |script| render(options, script.ok())))
        }
        _ => render(options, None),
    }
}
