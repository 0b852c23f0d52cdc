//! The page's components. Each draws part of the engine's view; none holds state.

pub mod claim_card;
pub mod console;
pub mod controls;
pub mod deployment_panel;
pub mod dns_table;
pub mod event_log;
pub mod geometry;
pub mod help_overlay;
pub mod identity_column;
pub mod object_actions;
pub mod object_row;
pub mod picture;
pub mod pod_card;
pub mod share_panel;
pub mod time_bar;
pub mod timeline_bar;
pub mod tour_menu;
pub mod tour_panel;
pub mod why_panel;
pub mod yaml_editor;
