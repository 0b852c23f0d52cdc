//! The page's keyboard shortcuts: Space plays or pauses, → steps to the next change, `?`
//! shows them, Escape closes that. A key typed into a control (a button, the speed
//! menu) is the control's, not a shortcut.

use crate::playground::Intent;

/// The shortcuts as the help overlay lists them: key, then what it does.
pub const SHORTCUTS: [(&str, &str); 7] = [
    ("Space", "play or pause the clock"),
    ("→", "step to the next change"),
    ("?", "show or hide these shortcuts"),
    ("Esc", "close this list"),
    ("↑ ↓", "in the console: earlier and later commands"),
    ("Tab", "in the console: complete the word"),
    ("Enter", "in the console: run the command"),
];

/// The intent of `key` (`KeyboardEvent.key`), or `None` when it is no shortcut; a key
/// pressed while a control has the focus (`in_control`) is left to the control.
pub fn intent_of(key: &str, in_control: bool) -> Option<Intent> {
    match (key, in_control) {
        ("Escape", _) => Some(Intent::CloseHelp),
        (_, true) => None,
        (" ", false) => Some(Intent::TogglePlay),
        ("ArrowRight", false) => Some(Intent::StepToNextChange),
        ("?", false) => Some(Intent::ToggleHelp),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_intents_except_inside_controls() {
        assert_eq!(intent_of(" ", false), Some(Intent::TogglePlay));
        assert_eq!(intent_of("ArrowRight", false), Some(Intent::StepToNextChange));
        assert_eq!(intent_of("?", false), Some(Intent::ToggleHelp));
        assert_eq!(intent_of("Escape", true), Some(Intent::CloseHelp));
        assert_eq!(intent_of(" ", true), None, "Space presses the focused button instead");
        assert_eq!(intent_of("a", false), None);
    }
}
