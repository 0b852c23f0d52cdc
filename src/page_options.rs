//! What the page's address asks for: the query options an embedding page sets
//! (`?tour=identity&controls=minimal&theme=dark&speed=2&panels=dns,events`) and a shared
//! run in the fragment (`#run=…`). Read once at start; anything unknown or malformed is
//! reported, never fatal.

/// How much of the page's controls show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ControlsLevel {
    /// Everything: time bar, timeline, Act panel, console, editor, tours, sharing.
    #[default]
    Full,
    /// Play, pause, step and the tour buttons; no console, editor or Act panel.
    Minimal,
    /// The picture alone (a tour's narration still shows).
    None,
}

/// The light or dark colours, or the reader's system setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// The side panels that can be shown, by the names `panels=` takes.
pub const PANEL_NAMES: [&str; 4] = ["act", "why", "dns", "events"];

/// Everything the address asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOptions {
    /// A bundled tour to start (`tour=NAME`).
    pub tour: Option<String>,
    /// A bundled script to run before free play (`scenario=NAME`).
    pub scenario: Option<String>,
    /// How much of the controls show (`controls=full|minimal|none`).
    pub controls: ControlsLevel,
    /// The colours (`theme=light|dark|auto`).
    pub theme: Theme,
    /// Whether the clock runs at start (`autoplay`, `autoplay=0` to start paused).
    pub autoplay: bool,
    /// Playback speed in percent of real time (`speed=0.25` … `speed=16`).
    pub speed: u32,
    /// Which side panels show (`panels=act,why,dns,events`); all by default.
    pub panels: Vec<&'static str>,
    /// A shared run from the fragment (`#run=…`), still compressed.
    pub run: Option<String>,
    /// What could not be understood, one sentence each.
    pub problems: Vec<String>,
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions {
            tour: None,
            scenario: None,
            controls: ControlsLevel::Full,
            theme: Theme::Auto,
            autoplay: true,
            speed: 100,
            panels: PANEL_NAMES.to_vec(),
            run: None,
            problems: Vec::new(),
        }
    }
}

impl PageOptions {
    /// Whether the side panel called `name` shows.
    pub fn shows(&self, name: &str) -> bool {
        self.panels.contains(&name)
    }
}

/// Undoes the percent-encoding of a query value (`+` is a space), keeping what is not
/// valid UTF-8 as the replacement character.
fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads `search` (`?a=b&c`, the `?` optional) and `hash` (`#run=…`, the `#` optional).
pub fn parse(search: &str, hash: &str) -> PageOptions {
    let mut options = PageOptions::default();
    let pairs = search.trim_start_matches('?').split('&').filter(|p| !p.is_empty());
    for pair in pairs {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(value);
        let mut problem = |what: &str| options.problems.push(format!("{key}={value}: {what}"));
        match key {
            "tour" => options.tour = Some(value),
            "scenario" => options.scenario = Some(value),
            "controls" => match value.as_str() {
                "full" => options.controls = ControlsLevel::Full,
                "minimal" => options.controls = ControlsLevel::Minimal,
                "none" => options.controls = ControlsLevel::None,
                _ => problem("controls takes full, minimal or none"),
            },
            "theme" => match value.as_str() {
                "auto" => options.theme = Theme::Auto,
                "light" => options.theme = Theme::Light,
                "dark" => options.theme = Theme::Dark,
                _ => problem("theme takes light, dark or auto"),
            },
            "autoplay" => match value.as_str() {
                "" | "1" | "true" | "on" => options.autoplay = true,
                "0" | "false" | "off" => options.autoplay = false,
                _ => problem("autoplay takes 1 or 0"),
            },
            "speed" => {
                let percent = match value.as_str() {
                    "0.25" => Some(25),
                    "0.5" => Some(50),
                    other => other.parse::<u32>().ok().filter(|n| [1, 2, 4, 8, 16].contains(n)).map(|n| n * 100),
                };
                match percent {
                    Some(p) => options.speed = p,
                    None => problem("speed takes 0.25, 0.5, 1, 2, 4, 8 or 16"),
                }
            }
            "panels" => {
                let mut panels = Vec::new();
                for name in value.split(',').filter(|n| !n.is_empty()) {
                    match PANEL_NAMES.iter().find(|p| **p == name) {
                        Some(p) => panels.push(*p),
                        None => options.problems.push(format!(
                            "panels={value}: unknown panel {name:?} (the panels are {})",
                            PANEL_NAMES.join(", ")
                        )),
                    }
                }
                options.panels = panels;
            }
            _ => options.problems.push(format!("unknown option {key:?}")),
        }
    }
    let hash = hash.trim_start_matches('#');
    if let Some(run) = hash.strip_prefix("run=") {
        options.run = Some(run.to_string());
    } else if !hash.is_empty() {
        options.problems.push(format!("the link's fragment #{hash} is not a shared run"));
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_address_is_the_full_page() {
        assert_eq!(parse("", ""), PageOptions::default());
        assert!(PageOptions::default().shows("dns"));
    }

    #[test]
    fn every_option_is_read() {
        let o = parse("?tour=identity&controls=minimal&theme=dark&autoplay=0&speed=0.25&panels=dns,events", "");
        assert_eq!(o.tour.as_deref(), Some("identity"));
        assert_eq!(o.controls, ControlsLevel::Minimal);
        assert_eq!(o.theme, Theme::Dark);
        assert!(!o.autoplay);
        assert_eq!(o.speed, 25);
        assert_eq!(o.panels, ["dns", "events"]);
        assert!(!o.shows("act"));
        assert!(o.problems.is_empty(), "{:?}", o.problems);
        assert_eq!(parse("scenario=node-failure&speed=16&autoplay", "").speed, 1600);
        assert_eq!(parse("", "#run=abc").run.as_deref(), Some("abc"));
        assert_eq!(parse("tour=a%20b+c", "").tour.as_deref(), Some("a b c"));
    }

    #[test]
    fn nonsense_is_reported_and_ignored() {
        let o = parse("?speed=3&theme=pink&controls=some&panels=dns,nope&zoom=2&autoplay=maybe", "#top");
        assert_eq!(o.speed, 100);
        assert_eq!(o.theme, Theme::Auto);
        assert_eq!(o.controls, ControlsLevel::Full);
        assert_eq!(o.panels, ["dns"]);
        assert_eq!(
            o.problems,
            [
                "speed=3: speed takes 0.25, 0.5, 1, 2, 4, 8 or 16",
                "theme=pink: theme takes light, dark or auto",
                "controls=some: controls takes full, minimal or none",
                "panels=dns,nope: unknown panel \"nope\" (the panels are act, why, dns, events)",
                "unknown option \"zoom\"",
                "autoplay=maybe: autoplay takes 1 or 0",
                "the link's fragment #top is not a shared run",
            ]
        );
        assert_eq!(parse("tour=%zz%4", "").tour.as_deref(), Some("%zz%4"), "a broken escape is kept as typed");
        assert_eq!(parse("tour=%e2%82", "").tour.as_deref(), Some("\u{fffd}"), "broken UTF-8 is replaced");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Whatever the address holds (the search string and the fragment of a pasted or
        /// hand-edited link), reading it gives options and never panics.
        #[test]
        fn any_address_is_read_without_a_panic(
            search in "\\??([a-z]{0,8}=?[A-Za-z0-9%,.+-]{0,12}&?){0,6}|\\PC{0,40}",
            hash in "#?(run=[A-Za-z0-9+$-]{0,40})?|\\PC{0,40}",
        ) {
            let _ = parse(&search, &hash);
        }
    }
}
