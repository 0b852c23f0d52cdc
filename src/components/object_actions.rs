//! What can be done to one pod or claim: the same actions, with the same accessible
//! names, in the Act panel's rows and in the Why? panel next to the selected object.

use crate::playground::{Intent, Subject};

/// One action on one object.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectAction {
    /// The CSS class of its button (tests and styles find it by this).
    pub class: &'static str,
    /// The label where space is short (the Act panel's rows).
    pub short: &'static str,
    /// The label where it stands alone (the Why? panel).
    pub long: &'static str,
    /// The accessible name, naming the object: "Delete pod web-1".
    pub name: String,
    /// What the command does, as a tooltip, when the label does not say it.
    pub title: Option<&'static str>,
    /// What it asks for.
    pub intent: Intent,
}

/// The actions on `subject`: delete, force delete and write for a pod, delete for a
/// claim, none for a set (the Act panel has its own controls).
pub fn actions_for(subject: &Subject) -> Vec<ObjectAction> {
    let action =
        |class, short, long, name: String, title, intent| ObjectAction { class, short, long, name, title, intent };
    match subject {
        Subject::Pod(pod) => vec![
            action("delete-pod", "Delete", "Delete", format!("Delete pod {pod}"), None, Intent::DeletePod(pod.clone())),
            action(
                "force-delete-pod",
                "Force",
                "Force delete",
                format!("Force delete pod {pod}"),
                Some("--grace-period=0 --force"),
                Intent::ForceDeletePod(pod.clone()),
            ),
            action(
                "write-data",
                "Write",
                "Write data",
                format!("Write {pod}'s hostname to its volume"),
                Some("index.html ← hostname"),
                Intent::WriteData(pod.clone()),
            ),
        ],
        Subject::Claim(claim) => vec![action(
            "delete-claim",
            "Delete",
            "Delete",
            format!("Delete claim {claim}"),
            None,
            Intent::DeleteClaim(claim.clone()),
        )],
        Subject::Set(_) => Vec::new(),
    }
}
