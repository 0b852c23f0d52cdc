//! Where things sit in the picture: one column per identity (ordinal), one lane per
//! node plus a lane for pods not yet on a node, and a row of volumes under the lanes.
//! A pod re-created elsewhere changes lane but never column. Positions are whole pixels.

/// Width of the left gutter that holds lane labels.
pub const GUTTER: i32 = 150;
/// Width of one identity column.
pub const COLUMN: i32 = 200;
/// Space between columns.
pub const COLUMN_GAP: i32 = 20;
/// Height of the identity header (name and DNS record).
pub const HEADER: i32 = 96;
/// Height of one lane.
pub const LANE: i32 = 104;
/// Height of the volume row.
pub const VOLUMES: i32 = 128;
/// Size of a pod card.
pub const CARD: (i32, i32) = (176, 80);
/// Size of a claim card.
pub const CLAIM: (i32, i32) = (176, 104);

/// Left edge of identity column `i`.
pub fn column_x(i: usize) -> i32 {
    GUTTER + i32::try_from(i).unwrap_or(i32::MAX / 2).saturating_mul(COLUMN + COLUMN_GAP)
}

/// Top edge of lane `row` (0 is the "no node yet" lane).
pub fn lane_y(row: usize) -> i32 {
    HEADER + i32::try_from(row).unwrap_or(i32::MAX / 2).saturating_mul(LANE)
}

/// Top-left corner of the pod card in column `i`, lane `row`.
pub fn card_origin(i: usize, row: usize) -> (i32, i32) {
    (column_x(i) + (COLUMN - CARD.0) / 2, lane_y(row) + (LANE - CARD.1) / 2 - 4)
}

/// Top of the volume row when there are `lanes` lanes.
pub fn volumes_y(lanes: usize) -> i32 {
    lane_y(lanes) + 8
}

/// Top-left corner of the claim card in column `i`.
pub fn claim_origin(i: usize, lanes: usize) -> (i32, i32) {
    (column_x(i) + (COLUMN - CLAIM.0) / 2, volumes_y(lanes) + (VOLUMES - CLAIM.1) / 2)
}

/// The whole picture's size for `columns` identities and `lanes` lanes.
pub fn canvas(columns: usize, lanes: usize) -> (i32, i32) {
    let width = column_x(columns.max(1)) + 16;
    (width, volumes_y(lanes) + VOLUMES + 12)
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
