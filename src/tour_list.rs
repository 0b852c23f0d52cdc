//! The guided tours the page offers, by name and title. Their scripts are not in the
//! wasm: they are files of their own (`tours/NAME.sts`, copied into the build), loaded
//! when a tour starts, so a page that never takes a tour never pays for them. A test
//! checks this list against the tour files.

/// Each tour's name (`tour=NAME`) and title, in the order offered: the lessons, then
/// the traps.
pub const TOURS: [(&str, &str); 11] = [
    ("stateless", "Stateful and stateless: what a StatefulSet adds"),
    ("identity", "Sticky identity: pods that are not interchangeable"),
    ("rescheduling", "Identity across rescheduling: same name, same claim, another node"),
    ("storage", "Separate storage: one claim and one volume per identity"),
    ("replication", "Data synchronisation: one primary, replicas that follow and clone"),
    ("no-pv", "No persistent volume, no data"),
    ("local-storage", "Rescheduling needs remote storage: a node-local volume pins its pod"),
    ("ordering", "Ordered start, reverse-order removal, and Parallel"),
    ("dns", "Stable network identity: the name stays, the IP changes"),
    ("forced-rollback", "The trap of the broken rollout: undo is not enough"),
    ("node-failure", "The trap of the failed node: at most one pod per identity"),
];

/// Whether `name` is one of the tours.
pub fn is_tour(name: &str) -> bool {
    TOURS.iter().any(|(n, _)| *n == name)
}

/// What the page says when a tour cannot be had: which name, and the names there are.
pub fn unavailable(name: &str) -> String {
    let names: Vec<&str> = TOURS.iter().map(|(n, _)| *n).collect();
    format!("There is no tour {name:?} to load; the tours are {}.", names.join(", "))
}

/// Where the page finds a tour's script: beside `index.html`.
pub fn path_of(name: &str) -> String {
    format!("tours/{name}.sts")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_matches_the_tour_files() {
        let files: Vec<&str> = sts_engine::bundled::TOURS.iter().map(|(n, _)| *n).collect();
        let listed: Vec<&str> = TOURS.iter().map(|(n, _)| *n).collect();
        assert_eq!(listed, files);
        for (name, title) in TOURS {
            let script = sts_engine::bundled::tour(name).unwrap_or_default();
            assert_eq!(script.lines().next(), Some(format!("# Tour: {title}").as_str()), "{name}");
        }
        assert!(is_tour("dns") && !is_tour("../secret"));
        assert!(unavailable("x").starts_with("There is no tour \"x\" to load; the tours are stateless, identity,"));
    }
}
