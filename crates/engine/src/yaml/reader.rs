//! Reading the YAML that Kubernetes manifests use into JSON values, as kubectl converts
//! YAML to JSON before sending it: block mappings and sequences (including the compact
//! `- key: value` form and sequences at their key's indentation), flow collections,
//! plain, single- and double-quoted scalars, literal and folded block scalars with
//! chomping, comments, and `---` / `...` document markers. Anchors, aliases, tags and
//! complex keys are refused with a clear message.

use super::scalar::{read_quoted, resolve_plain};
use serde_json::{Map, Value};

/// Why a YAML text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("yaml: line {line}: {reason}")]
pub struct YamlError {
    /// The 1-based line of the problem.
    pub line: usize,
    /// What the reader met, in go-yaml's words where it has them.
    pub reason: String,
}

#[derive(Debug, Clone)]
struct Line {
    number: usize,
    indent: usize,
    text: String,
}

impl Line {
    fn is_blank(&self) -> bool {
        let t = self.text.trim();
        t.is_empty() || t.starts_with('#')
    }
}

/// `text` without a trailing comment: a `#` at the start or after whitespace, outside a
/// quoted scalar. A quote starts a quoted scalar only where a scalar starts (the line's
/// start, after `: `, `- `, or a flow `[`, `{` or `,`); inside a plain scalar it is text.
/// Inside double quotes a backslash escapes the next character; inside single quotes
/// `''` is a quote.
fn strip_comment(text: &str) -> &str {
    let (mut quote, mut prev_space, mut at_start, mut flow) = (None, true, true, 0usize);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let ends_token = next.is_none_or(char::is_whitespace);
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some('\'') if c == '\'' && next == Some('\'') => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && prev_space => return text[..i].trim_end(),
            None if c.is_whitespace() => {}
            None if at_start => match c {
                '"' | '\'' => {
                    quote = Some(c);
                    at_start = false;
                }
                '[' | '{' => flow += 1,
                ']' | '}' if flow > 0 => flow -= 1,
                ',' if flow > 0 => {}
                '-' | '?' if ends_token => {}
                _ => at_start = false,
            },
            None => match c {
                ':' if ends_token || (flow > 0 && matches!(next, Some(',' | ']' | '}'))) => at_start = true,
                ',' if flow > 0 => at_start = true,
                ']' | '}' if flow > 0 => flow -= 1,
                _ => {}
            },
        }
        prev_space = c.is_whitespace();
    }
    text.trim_end()
}

fn is_sequence_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Where the `:` of a `key: value` line is, if the line is a mapping entry.
fn mapping_colon(text: &str) -> Option<usize> {
    if text.starts_with(['[', '{']) || is_sequence_item(text) {
        return None;
    }
    let start = if text.starts_with(['"', '\'']) {
        let (_, rest) = read_quoted(text).ok()?;
        text.len() - rest.len()
    } else {
        0
    };
    let bytes = text.as_bytes();
    (start..bytes.len()).find(|&i| bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' '))
}

fn scalar_key(raw: &str, line: usize) -> Result<String, YamlError> {
    let raw = raw.trim();
    if raw.starts_with(['"', '\'']) {
        return read_quoted(raw).map(|(s, _)| s).map_err(|reason| YamlError { line, reason });
    }
    if raw.starts_with(['&', '*', '!', '?']) {
        return Err(unsupported(line));
    }
    Ok(match resolve_plain(raw) {
        Value::String(s) => s,
        Value::Null => "null".into(),
        other => other.to_string(),
    })
}

fn unsupported(line: usize) -> YamlError {
    YamlError { line, reason: "anchors, aliases, tags and complex keys are not supported by the playground".into() }
}

struct Reader {
    lines: Vec<Line>,
    pos: usize,
}

impl Reader {
    /// The next line with content, skipping blank and comment-only lines.
    fn peek(&mut self) -> Option<Line> {
        while self.pos < self.lines.len() && self.lines[self.pos].is_blank() {
            self.pos += 1;
        }
        self.lines.get(self.pos).cloned()
    }

    fn document(&mut self) -> Result<Value, YamlError> {
        let Some(first) = self.peek() else { return Ok(Value::Null) };
        let value = self.node(first.indent)?;
        match self.peek() {
            Some(extra) => Err(YamlError { line: extra.number, reason: "did not find expected key".into() }),
            None => Ok(value),
        }
    }

    /// The node starting at the next line, which is at `indent`.
    fn node(&mut self, indent: usize) -> Result<Value, YamlError> {
        let Some(line) = self.peek() else { return Ok(Value::Null) };
        let text = strip_comment(&line.text).to_string();
        if is_sequence_item(&text) {
            self.sequence(indent)
        } else if mapping_colon(&text).is_some() {
            self.mapping(indent)
        } else {
            self.pos += 1;
            self.value(&text, indent.saturating_sub(1), line.number, false)
        }
    }

    fn mapping(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut map = Map::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            let text = strip_comment(&line.text).to_string();
            if line.indent > indent {
                return Err(YamlError {
                    line: line.number,
                    reason: "mapping values are not allowed in this context".into(),
                });
            }
            if is_sequence_item(&text) {
                break;
            }
            let Some(colon) = mapping_colon(&text) else {
                return Err(YamlError { line: line.number, reason: "could not find expected ':'".into() });
            };
            let key = scalar_key(&text[..colon], line.number)?;
            self.pos += 1;
            let value = self.value(text[colon + 1..].trim(), indent, line.number, true)?;
            if map.contains_key(&key) {
                // kubectl's go-yaml refuses a repeated key (yaml_serde would keep the last).
                return Err(YamlError { line: line.number, reason: format!("key {key:?} already set in map") });
            }
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    fn sequence(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            let text = strip_comment(&line.text).to_string();
            if line.indent != indent || !is_sequence_item(&text) {
                if line.indent > indent {
                    return Err(YamlError { line: line.number, reason: "did not find expected '-' indicator".into() });
                }
                break;
            }
            let after = &line.text[1..];
            let content = after.trim_start();
            let child_indent = indent + 1 + (after.len() - content.len());
            let stripped = strip_comment(content);
            if !stripped.is_empty()
                && !stripped.starts_with(['[', '{', '|', '>'])
                && (is_sequence_item(stripped) || mapping_colon(stripped).is_some())
            {
                // `- key: value` starts a mapping (or `- - x` a sequence) at the content's column.
                self.lines[self.pos] = Line { number: line.number, indent: child_indent, text: content.to_string() };
                items.push(self.node(child_indent)?);
            } else {
                self.pos += 1;
                items.push(self.value(stripped, indent, line.number, false)?);
            }
        }
        Ok(Value::Array(items))
    }

    /// The value after `key:` or `- ` (already without comment), whose parent is at
    /// `parent` indentation.
    fn value(&mut self, text: &str, parent: usize, number: usize, in_mapping: bool) -> Result<Value, YamlError> {
        if text.is_empty() {
            return match self.peek() {
                Some(next) if next.indent > parent => self.node(next.indent),
                Some(next) if in_mapping && next.indent == parent && is_sequence_item(strip_comment(&next.text)) => {
                    self.sequence(parent)
                }
                _ => Ok(Value::Null),
            };
        }
        match text.as_bytes()[0] {
            b'|' | b'>' => self.block_scalar(text, parent, number),
            b'[' | b'{' => {
                let mut flow = text.to_string();
                while !balanced(&flow) {
                    // The flow collection continues on the next line.
                    let Some(next) = self.lines.get(self.pos).cloned() else {
                        return Err(YamlError { line: number, reason: "did not find expected ',' or ']'".into() });
                    };
                    self.pos += 1;
                    flow.push(' ');
                    flow.push_str(strip_comment(next.text.trim()));
                }
                let mut parser = Flow { text: &flow, at: 0, line: number };
                let value = parser.value()?;
                parser.skip_spaces();
                if parser.at < flow.len() {
                    return Err(YamlError { line: number, reason: "did not find expected <document start>".into() });
                }
                Ok(value)
            }
            b'"' | b'\'' => {
                let mut quoted = text.to_string();
                loop {
                    match read_quoted(&quoted) {
                        Ok((s, rest)) if rest.trim().is_empty() => return Ok(Value::String(s)),
                        Ok(_) => return Err(YamlError { line: number, reason: "did not find expected key".into() }),
                        Err(reason) if self.pos >= self.lines.len() => return Err(YamlError { line: number, reason }),
                        Err(_) => {
                            // A quoted scalar may continue on the next lines, folded with spaces.
                            let next = self.lines[self.pos].text.trim().to_string();
                            self.pos += 1;
                            quoted.push(if next.is_empty() { '\n' } else { ' ' });
                            quoted.push_str(&next);
                        }
                    }
                }
            }
            b'&' | b'*' | b'!' | b'?' => Err(unsupported(number)),
            b'@' | b'`' => {
                Err(YamlError { line: number, reason: "found character that cannot start any token".into() })
            }
            _ => {
                let mut plain = text.to_string();
                // A plain scalar continues on more-indented lines, folded with spaces.
                while let Some(next) = self.lines.get(self.pos) {
                    if next.is_blank() || next.indent <= parent || mapping_colon(strip_comment(&next.text)).is_some() {
                        break;
                    }
                    plain.push(' ');
                    plain.push_str(strip_comment(next.text.trim()));
                    self.pos += 1;
                }
                Ok(resolve_plain(&plain))
            }
        }
    }

    /// A `|` or `>` block scalar whose parent is at `parent` indentation.
    fn block_scalar(&mut self, header: &str, parent: usize, number: usize) -> Result<Value, YamlError> {
        let literal = header.starts_with('|');
        let mut chomp = ' ';
        let mut explicit = None;
        for c in strip_comment(&header[1..]).chars() {
            match c {
                '-' | '+' => chomp = c,
                '1'..='9' => explicit = c.to_digit(10).map(|d| d as usize),
                _ => {
                    return Err(YamlError {
                        line: number,
                        reason: "did not find expected comment or line break".into(),
                    })
                }
            }
        }
        let mut raw: Vec<String> = Vec::new();
        let mut block_indent = explicit.map(|d| parent + d);
        while let Some(line) = self.lines.get(self.pos) {
            if line.text.trim().is_empty() {
                raw.push(String::new());
                self.pos += 1;
                continue;
            }
            let indent = *block_indent.get_or_insert(line.indent);
            if line.indent < indent || indent <= parent {
                break;
            }
            raw.push(format!("{}{}", " ".repeat(line.indent - indent), line.text));
            self.pos += 1;
        }
        let trailing = raw.iter().rev().take_while(|l| l.is_empty()).count();
        let content = &raw[..raw.len() - trailing];
        let mut body = if literal { content.join("\n") } else { fold(content) };
        match chomp {
            '-' => {}
            '+' => {
                body.push('\n');
                body.push_str(&"\n".repeat(trailing));
            }
            _ if !body.is_empty() => body.push('\n'),
            _ => {}
        }
        Ok(Value::String(body))
    }
}

/// Folds the lines of a `>` block scalar: line breaks between ordinary lines become
/// spaces, empty lines become line breaks, more-indented lines keep theirs.
fn fold(lines: &[String]) -> String {
    let mut out = String::new();
    let (mut first, mut breaks, mut prev_more) = (true, 0usize, false);
    for line in lines {
        if line.is_empty() {
            breaks += 1;
            continue;
        }
        let more = line.starts_with([' ', '\t']);
        if !first {
            if breaks > 0 {
                out.push_str(&"\n".repeat(breaks + usize::from(more || prev_more)));
            } else if more || prev_more {
                out.push('\n');
            } else {
                out.push(' ');
            }
        }
        out.push_str(line);
        (first, breaks, prev_more) = (false, 0, more);
    }
    out
}

/// Whether every `[`/`{` in `text` (outside quotes) is closed.
fn balanced(text: &str) -> bool {
    let (mut depth, mut quote) = (0i32, None);
    for c in text.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    depth <= 0
}

/// A flow collection (`[a, b]`, `{k: v}`) on one logical line.
struct Flow<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl Flow<'_> {
    fn error(&self, reason: &str) -> YamlError {
        YamlError { line: self.line, reason: reason.into() }
    }

    fn skip_spaces(&mut self) {
        while self.text[self.at..].starts_with([' ', '\t']) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn value(&mut self) -> Result<Value, YamlError> {
        self.skip_spaces();
        match self.peek() {
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_spaces();
                    if self.peek() == Some(']') {
                        self.at += 1;
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value()?);
                    self.skip_spaces();
                    match self.peek() {
                        Some(',') => self.at += 1,
                        Some(']') => {}
                        _ => return Err(self.error("did not find expected ',' or ']'")),
                    }
                }
            }
            Some('{') => {
                self.at += 1;
                let mut map = Map::new();
                loop {
                    self.skip_spaces();
                    if self.peek() == Some('}') {
                        self.at += 1;
                        return Ok(Value::Object(map));
                    }
                    let key = match self.scalar(true)? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    self.skip_spaces();
                    let value = if self.peek() == Some(':') {
                        self.at += 1;
                        self.skip_spaces();
                        if matches!(self.peek(), Some(',' | '}')) {
                            Value::Null
                        } else {
                            self.value()?
                        }
                    } else {
                        Value::Null
                    };
                    map.insert(key, value);
                    self.skip_spaces();
                    match self.peek() {
                        Some(',') => self.at += 1,
                        Some('}') => {}
                        _ => return Err(self.error("did not find expected ',' or '}'")),
                    }
                }
            }
            Some(_) => self.scalar(false),
            None => Err(self.error("did not find expected node content")),
        }
    }

    fn scalar(&mut self, key: bool) -> Result<Value, YamlError> {
        let rest = &self.text[self.at..];
        if rest.starts_with(['"', '\'']) {
            let (s, after) = read_quoted(rest).map_err(|r| self.error(&r))?;
            self.at = self.text.len() - after.len();
            return Ok(Value::String(s));
        }
        if rest.starts_with(['&', '*', '!']) {
            return Err(unsupported(self.line));
        }
        let end = rest
            .char_indices()
            .find(|&(i, c)| {
                matches!(c, ',' | ']' | '}') || (key && c == ':' && rest[i + 1..].starts_with([' ', ',', '}']))
            })
            .map_or(rest.len(), |(i, _)| i);
        self.at += end;
        Ok(resolve_plain(rest[..end].trim()))
    }
}

/// Reads every document of `text` (empty documents read as null).
pub fn read_documents(text: &str) -> Result<Vec<Value>, YamlError> {
    let mut documents: Vec<Vec<Line>> = vec![Vec::new()];
    let mut explicit_start = false;
    for (i, raw) in text.lines().enumerate() {
        let raw = raw.trim_end_matches('\r');
        if raw.starts_with("---") && (raw.len() == 3 || raw[3..].starts_with([' ', '\t'])) {
            if explicit_start || documents.last().is_some_and(|d| d.iter().any(|l| !l.is_blank())) {
                documents.push(Vec::new());
            }
            explicit_start = true;
            let rest = raw[3..].trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                if let Some(doc) = documents.last_mut() {
                    doc.push(Line { number: i + 1, indent: 0, text: rest.to_string() });
                }
            }
            continue;
        }
        if raw == "..." || raw.starts_with("... ") {
            documents.push(Vec::new());
            explicit_start = false;
            continue;
        }
        if raw.starts_with('%') && documents.last().is_some_and(|d| d.iter().all(Line::is_blank)) {
            continue;
        }
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        if raw[indent..].starts_with('\t') && !raw.trim().is_empty() {
            return Err(YamlError { line: i + 1, reason: "found a tab character that violates indentation".into() });
        }
        if let Some(doc) = documents.last_mut() {
            doc.push(Line { number: i + 1, indent, text: raw[indent..].to_string() });
        }
    }
    let mut out = Vec::new();
    for lines in documents {
        if lines.iter().all(Line::is_blank) {
            continue;
        }
        out.push(Reader { lines, pos: 0 }.document()?);
    }
    Ok(out)
}
