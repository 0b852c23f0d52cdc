//! YAML scalars: plain scalars resolved by the YAML 1.2 core schema (null, booleans,
//! integers, floats, else a string), and single- and double-quoted strings.

use serde_json::{Number, Value};

/// Resolves a plain (unquoted) scalar by the core schema.
pub fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => {
            // JSON has no infinities or NaN; kubectl's conversion fails on them, so keep text.
            return Value::String(text.to_string());
        }
        _ => {}
    }
    if let Some(n) = parse_int(text) {
        return n;
    }
    if looks_like_float(text) {
        if let Some(n) = crate::decimal::parse_f64(text).and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_string())
}

fn parse_int(text: &str) -> Option<Value> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, body) = if let Some(h) = digits.strip_prefix("0x") {
        (16, h)
    } else if let Some(o) = digits.strip_prefix("0o") {
        (8, o)
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(body, radix).ok()?;
    if negative {
        let v = i64::try_from(magnitude).ok()?;
        Some(Value::from(-v))
    } else {
        Some(Value::from(magnitude))
    }
}

fn looks_like_float(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut digits = 0;
    let mut dots = 0;
    let mut exp = false;
    let mut prev = ' ';
    for c in t.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' if !exp => dots += 1,
            'e' | 'E' if digits > 0 && !exp => exp = true,
            '-' | '+' if prev == 'e' || prev == 'E' => {}
            _ => return false,
        }
        prev = c;
    }
    digits > 0 && dots <= 1 && !matches!(prev, 'e' | 'E' | '-' | '+')
}

/// Reads a quoted scalar starting at the opening quote of `text`; returns the string and
/// the rest of `text` after the closing quote.
pub fn read_quoted(text: &str) -> Result<(String, &str), String> {
    let mut chars = text.char_indices();
    let Some((_, quote)) = chars.next() else { return Err("expected a quoted string".into()) };
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        if c == quote {
            if quote == '\'' && text[i + 1..].starts_with('\'') {
                out.push('\'');
                chars.next();
                continue;
            }
            return Ok((out, &text[i + 1..]));
        }
        if c == '\\' && quote == '"' {
            let Some((_, e)) = chars.next() else { break };
            match e {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                ' ' => out.push(' '),
                'u' | 'U' | 'x' => {
                    let len = match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = chars.by_ref().take(len).map(|(_, c)| c).collect();
                    let code = u32::from_str_radix(&hex, 16).map_err(|_| format!("invalid escape \\{e}{hex}"))?;
                    out.push(char::from_u32(code).ok_or_else(|| format!("invalid escape \\{e}{hex}"))?);
                }
                other => {
                    return Err(format!("found unknown escape character while parsing a quoted scalar: \\{other}"))
                }
            }
            continue;
        }
        out.push(c);
    }
    Err("found unexpected end of stream while scanning a quoted scalar".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        assert_eq!(resolve_plain("null"), Value::Null);
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("true"), json!(true));
        assert_eq!(resolve_plain("False"), json!(false));
        assert_eq!(resolve_plain("yes"), json!("yes"), "YAML 1.2: yes is a string");
        assert_eq!(resolve_plain("3"), json!(3));
        assert_eq!(resolve_plain("-7"), json!(-7));
        assert_eq!(resolve_plain("0x1F"), json!(31));
        assert_eq!(resolve_plain("1.5"), json!(1.5));
        assert_eq!(resolve_plain("1e3"), json!(1000.0));
        assert_eq!(resolve_plain("1Gi"), json!("1Gi"));
        assert_eq!(resolve_plain("10.244.1.2"), json!("10.244.1.2"));
        assert_eq!(resolve_plain("0.24"), json!(0.24));
        assert_eq!(resolve_plain("e3"), json!("e3"));
    }

    #[test]
    fn quoted_scalars_unescape() {
        assert_eq!(read_quoted("'it''s' rest"), Ok(("it's".to_string(), " rest")));
        assert_eq!(read_quoted(r#""a\"b\n\u00e9" x"#), Ok(("a\"b\né".to_string(), " x")));
        assert!(read_quoted("'open").is_err());
    }
}
