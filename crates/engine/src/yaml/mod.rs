//! A small YAML reader and writer for Kubernetes manifests. The general YAML crates cost
//! about 60 KiB of the page's gzipped wasm (docs/size.md); manifests use a small part of
//! YAML, which this covers and tests against yaml_serde.

pub mod reader;
pub mod scalar;
pub mod writer;

pub use reader::{read_documents, YamlError};
pub use writer::to_yaml;
