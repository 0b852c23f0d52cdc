//! A run in a link: the recorded script (`sts_engine::script::recording`) compressed into
//! the URL fragment as `#run=…`, with lz-string's URL-safe alphabet (the `lz-str` crate:
//! about 2 KiB in the page, where a DEFLATE crate plus base64 costs several times that;
//! docs/size.md). The fragment never reaches a server.

/// What the fragment starts with.
pub const FRAGMENT_PREFIX: &str = "run=";

/// Why a link's run could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The text after `#run=` is not lz-string's URL-safe output.
    #[error("the link's run is damaged (it may have been cut short when it was copied)")]
    Damaged,
}

/// The fragment (without `#`) that carries `script`.
pub fn fragment(script: &str) -> String {
    format!("{FRAGMENT_PREFIX}{}", lz_str::compress_to_encoded_uri_component(script))
}

/// The script a fragment's compressed part (after `run=`) carries.
pub fn script_of(compressed: &str) -> Result<String, ShareError> {
    let wide = lz_str::decompress_from_encoded_uri_component(compressed).ok_or(ShareError::Damaged)?;
    let script = String::from_utf16(&wide).map_err(|_| ShareError::Damaged)?;
    if script.is_empty() {
        return Err(ShareError::Damaged);
    }
    Ok(script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_survives_the_link_and_the_link_is_url_safe() {
        let script = "# StatefulSet Playground run, format 1\n# shown at 4s\nsim seed 0\nkubectl apply -f web.yaml\n\
                      sim advance 12s300ms\nkubectl exec web-0 -- sh -c 'echo \"$(hostname)\" > /x' # ünïcode\n";
        let link = fragment(script);
        assert!(link.starts_with("run="));
        let body = &link[4..];
        assert!(body.chars().all(|c| c.is_ascii_alphanumeric() || "+-$".contains(c)), "{body}");
        assert_eq!(script_of(body).as_deref(), Ok(script));
        // A run with a manifest in it, as the editor records it, comes out shorter than the
        // script itself (which percent-encoding would make longer still).
        let long = format!("{script}kubectl apply -f - <<EOF\n{}EOF\n", sts_engine::bundled::WEB_YAML);
        let body = fragment(&long).split_off(4);
        assert!(body.len() < long.len(), "compressed: {} of {}", body.len(), long.len());
        assert_eq!(script_of(&body), Ok(long));
    }

    #[test]
    fn damaged_links_are_refused_not_fatal() {
        let body = fragment("# StatefulSet Playground run, format 1\nsim seed 0\n").split_off(4);
        for cut in 0..body.len() {
            let _ = script_of(&body[..cut]);
        }
        assert_eq!(script_of(""), Err(ShareError::Damaged));
        assert_eq!(script_of("!!!!"), Err(ShareError::Damaged));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Whatever a link holds, reading it returns (a script or an error): it never panics.
        #[test]
        fn any_fragment_is_read_without_a_panic(junk in "[A-Za-z0-9+$-]{0,64}|\\PC{0,32}") {
            let _ = script_of(&junk);
        }
    }
}
