//! The scenario language (`shared/spec/scenario-language.md`): kubectl commands and
//! `sim` directives, one per line. One parser and one executor, shared by the headless
//! runner, the tests and the page's console.

pub mod command;
pub mod complete;
pub mod console;
pub mod deployment_rollout;
pub mod describe;
pub mod drain;
pub mod get;
pub mod go_template;
pub mod lines;
pub mod recording;
pub mod rollout;
pub mod selector;
pub mod shell_loop;
pub mod substitution;
pub mod table;
pub mod tabwriter;
pub mod tour;
pub mod words;
