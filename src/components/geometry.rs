//! Where things sit in the picture: one column per identity (ordinal), one lane per
//! node plus a lane for pods not yet on a node, and a row of volumes under the lanes.
//! A pod re-created elsewhere changes lane but never column.

/// Width of the left gutter that holds lane labels.
pub const GUTTER: f64 = 150.0;
/// Width of one identity column.
pub const COLUMN: f64 = 200.0;
/// Space between columns.
pub const COLUMN_GAP: f64 = 20.0;
/// Height of the identity header (name and DNS record).
pub const HEADER: f64 = 96.0;
/// Height of one lane.
pub const LANE: f64 = 104.0;
/// Height of the volume row.
pub const VOLUMES: f64 = 96.0;
/// Size of a pod card.
pub const CARD: (f64, f64) = (176.0, 80.0);
/// Size of a claim card.
pub const CLAIM: (f64, f64) = (176.0, 68.0);

/// Left edge of identity column `i`.
pub fn column_x(i: usize) -> f64 {
    GUTTER + i as f64 * (COLUMN + COLUMN_GAP)
}

/// Top edge of lane `row` (0 is the "no node yet" lane).
pub fn lane_y(row: usize) -> f64 {
    HEADER + row as f64 * LANE
}

/// Top-left corner of the pod card in column `i`, lane `row`.
pub fn card_origin(i: usize, row: usize) -> (f64, f64) {
    (column_x(i) + (COLUMN - CARD.0) / 2.0, lane_y(row) + (LANE - CARD.1) / 2.0 - 4.0)
}

/// Top of the volume row when there are `lanes` lanes.
pub fn volumes_y(lanes: usize) -> f64 {
    lane_y(lanes) + 8.0
}

/// Top-left corner of the claim card in column `i`.
pub fn claim_origin(i: usize, lanes: usize) -> (f64, f64) {
    (column_x(i) + (COLUMN - CLAIM.0) / 2.0, volumes_y(lanes) + (VOLUMES - CLAIM.1) / 2.0)
}

/// The whole picture's size for `columns` identities and `lanes` lanes.
pub fn canvas(columns: usize, lanes: usize) -> (f64, f64) {
    let width = column_x(columns.max(1)) + 16.0;
    (width, volumes_y(lanes) + VOLUMES + 12.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_fit_inside_their_column_and_lane() {
        let (x, y) = card_origin(2, 1);
        assert!(x >= column_x(2) && x + CARD.0 <= column_x(2) + COLUMN);
        assert!(y >= lane_y(1) && y + CARD.1 <= lane_y(2));
        let (cx, cy) = claim_origin(2, 4);
        assert!(cx >= column_x(2) && cy >= volumes_y(4) && cy + CLAIM.1 <= volumes_y(4) + VOLUMES);
    }

    #[test]
    fn the_canvas_holds_every_column_and_the_volume_row() {
        let (w, h) = canvas(3, 4);
        assert!(w > column_x(2) + COLUMN);
        assert!(h > volumes_y(4) + VOLUMES);
    }
}
