//! Tables as kubectl prints them: each column as wide as its widest cell plus three
//! spaces (Go's tabwriter with padding 3), the last column unpadded.

/// Formats `header` and `rows` as a kubectl table, one line per row, each ending in `\n`.
pub fn format_table(header: &[&str], rows: &[Vec<String>]) -> String {
    format_table_padded(header, rows, 3)
}

/// As [`format_table`] with `padding` spaces between columns (kubectl's `rollout
/// history` uses 2).
pub fn format_table_padded(header: &[&str], rows: &[Vec<String>], padding: usize) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate().take(columns) {
            if i + 1 == columns {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + padding));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_padded_like_kubectl() {
        let rows = vec![
            vec!["web-0".to_string(), "1/1".into(), "Running".into(), "0".into(), "10s".into()],
            vec!["web-1".to_string(), "0/1".into(), "ContainerCreating".into(), "0".into(), "2s".into()],
        ];
        assert_eq!(
            format_table(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"], &rows),
            "NAME    READY   STATUS              RESTARTS   AGE\n\
             web-0   1/1     Running             0          10s\n\
             web-1   0/1     ContainerCreating   0          2s\n"
        );
    }
}
