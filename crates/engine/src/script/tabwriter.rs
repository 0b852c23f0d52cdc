//! Go's `text/tabwriter` as kubectl's `describe` uses it (minwidth 0, padding 2, no
//! flags): text in cells separated by tabs; a column is aligned over each run of
//! consecutive lines that have a cell in it, so a line without that cell ends the run.

/// Aligns tab-separated `text` as Go's tabwriter does with `padding`.
pub fn tabwrite(text: &str, padding: usize) -> String {
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let mut widths: Vec<Vec<usize>> = lines.iter().map(|cells| vec![0; cells.len().saturating_sub(1)]).collect();
    align(&lines, &mut widths, 0, 0, lines.len(), padding);
    let mut out = String::new();
    for (cells, widths) in lines.iter().zip(&widths) {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            line.push_str(cell);
            if let Some(w) = widths.get(i) {
                line.push_str(&" ".repeat(w.saturating_sub(cell.chars().count())));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Sets the width of `column` for every run of lines in `start..end` that have a
/// tab-terminated cell there, then recurses into the next column within each run.
fn align(lines: &[Vec<&str>], widths: &mut [Vec<usize>], column: usize, start: usize, end: usize, padding: usize) {
    let mut i = start;
    while i < end {
        if lines[i].len() <= column + 1 {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < end && lines[i].len() > column + 1 {
            i += 1;
        }
        let width = lines[run_start..i].iter().map(|c| c[column].chars().count()).max().unwrap_or(0) + padding;
        for w in &mut widths[run_start..i] {
            w[column] = width;
        }
        align(lines, widths, column + 1, run_start, i, padding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_per_run_of_lines() {
        let text = "Name:\tweb\nNamespace:\tdefault\nPod Template:\n  Labels:\tapp=nginx\n";
        assert_eq!(tabwrite(text, 2), "Name:       web\nNamespace:  default\nPod Template:\n  Labels:  app=nginx\n");
    }

    #[test]
    fn later_columns_align_within_their_run() {
        let text = "  Type\tReason\tMessage\n  ----\t------\t-------\n  Normal\tSuccessfulCreate\tcreate Pod\n";
        assert_eq!(
            tabwrite(text, 2),
            "  Type    Reason            Message\n  ----    ------            -------\n  Normal  SuccessfulCreate  create Pod\n"
        );
    }
}
