//! Simulated time: a logical clock in milliseconds that only moves when the simulation
//! is told to advance. Nothing here reads the machine's clock.
//!
//! Time 0 is 2025-01-01T00:00:00Z, as the scenario language fixes it.

use std::fmt;

/// Seconds from the Unix epoch to 2025-01-01T00:00:00Z, the simulation's time 0.
const EPOCH_UNIX_SECONDS: i64 = 1_735_689_600;

/// A moment of simulated time, in milliseconds since 2025-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub u64);

/// A span of simulated time, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimDuration(pub u64);

/// Why a duration such as `30s` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// The text was empty.
    #[error("empty duration: write a number with a unit, such as 500ms, 30s, 2m or 1h")]
    Empty,
    /// The text did not have the form `<number><unit>` (repeated).
    #[error("invalid duration {0:?}: write a number with a unit, such as 500ms, 30s, 2m or 1h")]
    Invalid(String),
    /// The duration is too long to represent.
    #[error("duration {0:?} is too long")]
    TooLong(String),
}

impl SimDuration {
    /// No time at all.
    pub const ZERO: SimDuration = SimDuration(0);

    /// A duration of whole milliseconds.
    pub const fn from_millis(ms: u64) -> Self {
        SimDuration(ms)
    }

    /// This duration plus `ms` milliseconds.
    pub const fn plus_ms(self, ms: u64) -> Self {
        SimDuration(self.0.saturating_add(ms))
    }

    /// A duration of whole seconds.
    pub const fn from_secs(s: u64) -> Self {
        SimDuration(s * 1000)
    }

    /// The duration in milliseconds.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// The duration as Go's `time.Duration.String()` writes it: `0s`, `500ms`, `9.5s`,
    /// `1m30s`, `1h2m3.5s`.
    pub fn go_string(self) -> String {
        let ms = self.0;
        if ms == 0 {
            return "0s".into();
        }
        if ms < 1000 {
            return format!("{ms}ms");
        }
        let (h, m, s, frac) = (ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60, ms % 1000);
        let seconds = if frac == 0 {
            format!("{s}s")
        } else {
            let frac = format!("{frac:03}");
            format!("{s}.{}s", frac.trim_end_matches('0'))
        };
        match (h, m) {
            (0, 0) => seconds,
            (0, m) => format!("{m}m{seconds}"),
            (h, m) => format!("{h}h{m}m{seconds}"),
        }
    }

    /// Reads a Go-style duration as kubectl and the scenario language write it:
    /// `500ms`, `30s`, `2m`, `1h`, or a sequence such as `1m30s`.
    pub fn parse(text: &str) -> Result<Self, DurationError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DurationError::Empty);
        }
        let invalid = || DurationError::Invalid(text.to_string());
        let mut total: u64 = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            if digits == 0 {
                return Err(invalid());
            }
            let number: u64 = rest[..digits].parse().map_err(|_| DurationError::TooLong(text.to_string()))?;
            rest = &rest[digits..];
            let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
            let factor = match &rest[..unit_len] {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => return Err(invalid()),
            };
            rest = &rest[unit_len..];
            total = number
                .checked_mul(factor)
                .and_then(|ms| total.checked_add(ms))
                .ok_or_else(|| DurationError::TooLong(text.to_string()))?;
        }
        Ok(SimDuration(total))
    }
}

impl fmt::Display for SimDuration {
    /// Formats as kubectl's AGE column does (apimachinery `duration.HumanDuration`):
    /// `45s`, `119s`, `2m5s`, `15m`, `3h20m`, `10h`, `3d4h`, `30d`, `2y15d`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0 / 1000;
        if seconds < 120 {
            return write!(f, "{seconds}s");
        }
        let minutes = seconds / 60;
        if minutes < 10 {
            return match seconds % 60 {
                0 => write!(f, "{minutes}m"),
                s => write!(f, "{minutes}m{s}s"),
            };
        }
        if minutes < 180 {
            return write!(f, "{minutes}m");
        }
        let hours = minutes / 60;
        if hours < 8 {
            return match minutes % 60 {
                0 => write!(f, "{hours}h"),
                m => write!(f, "{hours}h{m}m"),
            };
        }
        if hours < 48 {
            return write!(f, "{hours}h");
        }
        let days = hours / 24;
        if hours < 24 * 8 {
            return match hours % 24 {
                0 => write!(f, "{days}d"),
                h => write!(f, "{days}d{h}h"),
            };
        }
        if hours < 24 * 365 * 2 {
            return write!(f, "{days}d");
        }
        let years = days / 365;
        if hours < 24 * 365 * 8 {
            return match days % 365 {
                0 => write!(f, "{years}y"),
                d => write!(f, "{years}y{d}d"),
            };
        }
        write!(f, "{years}y")
    }
}

impl SimTime {
    /// The start of every simulation: 2025-01-01T00:00:00Z.
    pub const START: SimTime = SimTime(0);

    /// Milliseconds since time 0.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// This moment moved forward by `d`, saturating at the end of representable time.
    pub fn plus(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }

    /// How long after `earlier` this moment is (zero if it is not after).
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }

    /// The moment as the API writes timestamps: RFC 3339 in UTC with whole seconds,
    /// e.g. `2025-01-01T00:00:04Z`.
    pub fn to_rfc3339(self) -> String {
        let unix = EPOCH_UNIX_SECONDS + (self.0 / 1000) as i64;
        let days = unix.div_euclid(86_400);
        let secs = unix.rem_euclid(86_400);
        let (y, mo, d) = civil_from_days(days);
        format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, (secs / 60) % 60, secs % 60)
    }

    /// Reads a timestamp as the API writes it (`2025-01-01T00:00:04Z`: RFC 3339, UTC,
    /// whole seconds; a fraction is dropped). A moment before the simulation's time 0
    /// reads as time 0; anything else that is not that form is `None`.
    pub fn from_rfc3339(text: &str) -> Option<SimTime> {
        let b = text.as_bytes();
        let digits = |from: usize, to: usize| -> Option<i64> {
            let part = text.get(from..to)?;
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let shape = b.len() >= 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':';
        let tail = text.get(19..)?;
        let fraction_then_z = tail
            .strip_suffix('Z')?
            .strip_prefix('.')
            .map_or(tail == "Z", |f| !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()));
        if !shape || !fraction_then_z {
            return None;
        }
        let (y, mo, d) = (digits(0, 4)?, digits(5, 7)?, digits(8, 10)?);
        let (h, mi, s) = (digits(11, 13)?, digits(14, 16)?, digits(17, 19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 59 {
            return None;
        }
        let unix = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s;
        Some(SimTime((unix - EPOCH_UNIX_SECONDS).max(0) as u64 * 1000))
    }

    /// The moment as `kubectl describe` prints timestamps (Go's RFC 1123 with a numeric
    /// zone), e.g. `Wed, 01 Jan 2025 00:00:04 +0000`.
    pub fn to_rfc1123z(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let unix = EPOCH_UNIX_SECONDS + (self.0 / 1000) as i64;
        let days = unix.div_euclid(86_400);
        let secs = unix.rem_euclid(86_400);
        let (y, mo, d) = civil_from_days(days);
        let weekday = DAYS[days.rem_euclid(7) as usize];
        let month = MONTHS[(mo as usize).saturating_sub(1) % 12];
        format!("{weekday}, {d:02} {month} {y:04} {:02}:{:02}:{:02} +0000", secs / 3600, (secs / 60) % 60, secs % 60)
    }

    /// The moment as a clock since the start of the run, `HH:MM:SS`, for the page.
    pub fn to_clock(self) -> String {
        let s = self.0 / 1000;
        format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    }
}

/// Converts days since 1970-01-01 to a (year, month, day) civil date (proleptic
/// Gregorian), after Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), after Howard Hinnant's
/// `days_from_civil`: the inverse of [`civil_from_days`].
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_timestamps_read_back() {
        for t in [SimTime::START, SimTime(4_000), SimTime(86_400_000 * 400 + 3_723_000)] {
            assert_eq!(SimTime::from_rfc3339(&t.to_rfc3339()), Some(t));
        }
        assert_eq!(SimTime::from_rfc3339("2025-01-01T00:00:04.250Z"), Some(SimTime(4_000)));
        assert_eq!(SimTime::from_rfc3339("2020-06-01T12:00:00Z"), Some(SimTime::START));
        for bad in [
            "",
            "yesterday",
            "2025-01-01",
            "2025-13-01T00:00:00Z",
            "2025-01-01T00:00:00+01:00",
            "2025-01-01T00:00:00.Z",
        ] {
            assert_eq!(SimTime::from_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn describe_timestamps_name_the_weekday() {
        assert_eq!(SimTime::START.to_rfc1123z(), "Wed, 01 Jan 2025 00:00:00 +0000");
        assert_eq!(SimTime(86_400_000 * 31 + 61_000).to_rfc1123z(), "Sat, 01 Feb 2025 00:01:01 +0000");
    }

    #[test]
    fn parses_the_units_of_the_scenario_language() {
        assert_eq!(SimDuration::parse("500ms"), Ok(SimDuration(500)));
        assert_eq!(SimDuration::parse("30s"), Ok(SimDuration(30_000)));
        assert_eq!(SimDuration::parse("2m"), Ok(SimDuration(120_000)));
        assert_eq!(SimDuration::parse("1h"), Ok(SimDuration(3_600_000)));
        assert_eq!(SimDuration::parse("1m30s"), Ok(SimDuration(90_000)));
    }

    #[test]
    fn rejects_durations_without_a_known_unit() {
        assert_eq!(SimDuration::parse(""), Err(DurationError::Empty));
        assert!(matches!(SimDuration::parse("30"), Err(DurationError::Invalid(_))));
        assert!(matches!(SimDuration::parse("s"), Err(DurationError::Invalid(_))));
        assert!(matches!(SimDuration::parse("3d"), Err(DurationError::Invalid(_))));
        assert!(matches!(SimDuration::parse("-1s"), Err(DurationError::Invalid(_))));
        assert!(matches!(SimDuration::parse("99999999999999999999h"), Err(DurationError::TooLong(_))));
    }

    #[test]
    fn go_duration_strings() {
        assert_eq!(SimDuration(0).go_string(), "0s");
        assert_eq!(SimDuration(500).go_string(), "500ms");
        assert_eq!(SimDuration(9_500).go_string(), "9.5s");
        assert_eq!(SimDuration(90_000).go_string(), "1m30s");
        assert_eq!(SimDuration(3_723_250).go_string(), "1h2m3.25s");
        assert_eq!(SimDuration(3_600_000).go_string(), "1h0m0s");
    }

    #[test]
    fn time_zero_is_new_year_2025() {
        assert_eq!(SimTime(0).to_rfc3339(), "2025-01-01T00:00:00Z");
        assert_eq!(SimTime(61_500).to_rfc3339(), "2025-01-01T00:01:01Z");
        assert_eq!(SimTime(59 * 86_400_000).to_rfc3339(), "2025-03-01T00:00:00Z");
        assert_eq!(SimTime(3_723_000).to_clock(), "01:02:03");
    }

    #[test]
    fn formats_ages_like_kubectl() {
        let age = |s: u64| SimDuration::from_secs(s).to_string();
        assert_eq!(SimDuration(450).to_string(), "0s");
        assert_eq!(age(12), "12s");
        assert_eq!(age(119), "119s");
        assert_eq!(age(120), "2m");
        assert_eq!(age(250), "4m10s");
        assert_eq!(age(14 * 60), "14m");
        assert_eq!(age(179 * 60), "179m");
        assert_eq!(age(3 * 3600 + 180), "3h3m");
        assert_eq!(age(10 * 3600), "10h");
        assert_eq!(age(3 * 86_400 + 4 * 3600), "3d4h");
        assert_eq!(age(30 * 86_400), "30d");
        assert_eq!(age((2 * 365 + 15) * 86_400), "2y15d");
        assert_eq!(age(9 * 365 * 86_400), "9y");
    }
}
