//! # sts-playground — the page
//!
//! A thin Yew shell over [`sts_engine`]: it turns what a person does into engine actions
//! ([`playground`]), and draws the engine's [`sts_engine::ClusterView`] as SVG and HTML
//! ([`components`]). It holds no Kubernetes rules of its own.

pub mod app;
pub mod components;
pub mod panic_overlay;
pub mod playground;
pub mod shortcuts;

pub use app::App;

/// Starts the page: installs the crash overlay, then renders [`App`] into `<body>`.
pub fn start() {
    panic_overlay::install();
    yew::Renderer::<App>::new().render();
}
