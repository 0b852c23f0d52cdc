//! Decimal text to `f64`, correctly rounded (round half to even), without the standard
//! library's parser: `str::parse::<f64>` brings a 10 KB table of powers of five into the
//! page (Eisel–Lemire's), which gzip cannot shrink. Here the common case (at most 19
//! significant digits, a power of ten within 10^±22) is Clinger's exact fast path, and
//! every other input is computed exactly with a small big integer, which is slower but
//! only ever met in odd manifests. A property test checks it against the standard parser.

/// A little-endian unsigned big integer in 32-bit limbs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(n: u64) -> Big {
        let mut b = Big(vec![n as u32, (n >> 32) as u32]);
        b.trim();
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// `self * m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn bits(&self) -> u32 {
        self.0.last().map_or(0, |top| (self.0.len() as u32 - 1) * 32 + (32 - top.leading_zeros()))
    }

    fn bit(&self, i: u32) -> bool {
        self.0.get((i / 32) as usize).is_some_and(|limb| limb >> (i % 32) & 1 == 1)
    }

    /// Whether any bit below `i` is set.
    fn any_below(&self, i: u32) -> bool {
        let (whole, part) = ((i / 32) as usize, i % 32);
        self.0.iter().take(whole).any(|&l| l != 0) || self.0.get(whole).is_some_and(|&l| l & ((1u32 << part) - 1) != 0)
    }

    fn shl(&self, by: u32) -> Big {
        let (limbs, bits) = ((by / 32) as usize, by % 32);
        let mut out = vec![0u32; limbs];
        let mut carry = 0u32;
        for &l in &self.0 {
            out.push(if bits == 0 { l } else { (l << bits) | carry });
            carry = if bits == 0 { 0 } else { l >> (32 - bits) };
        }
        out.push(carry);
        let mut b = Big(out);
        b.trim();
        b
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// `self -= other`, for `other <= self`.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(v < 0);
            *limb = v.rem_euclid(1 << 32) as u32;
        }
        self.trim();
    }

    /// The quotient of `self / d` and whether a remainder is left.
    fn div(mut self, d: &Big) -> (Big, bool) {
        let mut q = Big(Vec::new());
        let Some(top) = self.bits().checked_sub(d.bits()) else { return (q, !self.0.is_empty()) };
        q.0 = vec![0; (top / 32 + 1) as usize];
        for i in (0..=top).rev() {
            let shifted = d.shl(i);
            if self.cmp(&shifted) != std::cmp::Ordering::Less {
                self.sub(&shifted);
                q.0[(i / 32) as usize] |= 1 << (i % 32);
            }
        }
        q.trim();
        (q, !self.0.is_empty())
    }
}

/// `2^e` as an `f64`, for `e` in the normal range.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// `q * 2^scale` (plus a little more when `sticky`), rounded to the nearest `f64`.
fn round(q: &Big, sticky: bool, scale: i32) -> f64 {
    let len = q.bits() as i32;
    if len == 0 {
        return 0.0;
    }
    let lead = len - 1 + scale;
    if lead > 1023 {
        return f64::INFINITY;
    }
    // The bits the result keeps: 53, fewer below the normal range.
    let keep = if lead >= -1022 { 53 } else { 53 - (-1022 - lead) };
    if keep < 0 {
        return 0.0;
    }
    let drop = len - keep;
    let mut m: u64 = 0;
    for i in (drop.max(0)..len).rev() {
        m = (m << 1) | u64::from(q.bit(i as u32));
    }
    if drop > 0 {
        let half = q.bit(drop as u32 - 1);
        let rest = sticky || q.any_below(drop as u32 - 1);
        if half && (rest || m & 1 == 1) {
            m += 1;
        }
    }
    let e = drop.max(0) + scale;
    // m < 2^54 is exact; multiply by 2^e in two exact steps when it is below the normal
    // range (the result is representable, having been rounded to its precision).
    let v = m as f64;
    if e < -1022 {
        v * pow2(-600) * pow2(e + 600)
    } else {
        v * pow2(e)
    }
}

/// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (or `.digits`), as `str::parse::<f64>`
/// does for that grammar; anything else is `None`.
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (number, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let mut exp10: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return None;
            }
            // Beyond any f64; the digits only need to say "huge".
            let n: i64 = digits.bytes().take(12).fold(0, |n, b| n * 10 + i64::from(b - b'0'));
            if e.starts_with('-') {
                -n
            } else {
                n
            }
        }
    };
    // The significant digits, without leading zeros (trailing ones fold into exp10).
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').skip_while(|&d| d == 0).collect();
    exp10 -= frac.len() as i64;
    let trailing = digits.iter().rev().take_while(|&&d| d == 0).count();
    let digits = &digits[..digits.len() - trailing];
    exp10 += trailing as i64;
    let value = if digits.is_empty() {
        0.0
    } else if digits.len() as i64 + exp10 > 310 {
        f64::INFINITY
    } else if digits.len() as i64 + exp10 < -343 {
        0.0
    } else if digits.len() <= 15 && exp10.abs() <= 22 {
        // Clinger's fast path: both operands exact, one rounding.
        let m = digits.iter().fold(0u64, |n, &d| n * 10 + u64::from(d)) as f64;
        let p = (0..exp10.abs()).fold(1.0f64, |p, _| p * 10.0);
        if exp10 < 0 {
            m / p
        } else {
            m * p
        }
    } else {
        let mut m = Big(Vec::new());
        for &d in digits {
            m.mul_add(10, u32::from(d));
        }
        if exp10 >= 0 {
            for _ in 0..exp10 {
                m.mul_add(10, 0);
            }
            round(&m, false, 0)
        } else {
            let mut d = Big::from_u64(1);
            for _ in 0..-exp10 {
                d.mul_add(10, 0);
            }
            let k = (56 + d.bits() as i32 - m.bits() as i32).max(0);
            let (q, sticky) = m.shl(k as u32).div(&d);
            round(&q, sticky, -k)
        }
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::parse_f64;
    use proptest::prelude::*;

    fn same(text: &str) {
        let ours = parse_f64(text).map(f64::to_bits);
        let std = text.parse::<f64>().ok().map(f64::to_bits);
        assert_eq!(ours, std, "{text}");
    }

    #[test]
    fn hard_cases_round_as_the_standard_parser_does() {
        for text in [
            "0", "-0", "0.5", "1.5", "2.25", ".5", "5.", "+3", "1e23", "9007199254740993", "9007199254740992.5",
            "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "1e-400", "1.7976931348623157e308", "1.7976931348623159e308", "1e400",
            "0.1", "0.30000000000000004", "123456789012345678901234567890", "1e-5", "3.14159265358979323846",
            "0.000000000000000000000000000001", "7.2057594037927933e16", "1E+2", "1e-0", "00012.5000",
            "8.98846567431158e307", "4.4501477170144023e-308", "2.225073858507201e-308",
            // Exact ties, to even, and just past them.
            "9007199254740995", "9007199254740997", "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203126", "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
        ] {
            same(text);
        }
        for bad in ["", ".", "-", "e5", "1e", "1e+", "1.2.3", "inf", "NaN", "1x", " 1"] {
            assert_eq!(parse_f64(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_parser(
            int in "[0-9]{0,25}",
            frac in proptest::option::of("[0-9]{0,25}"),
            exp in proptest::option::of(-340i32..320),
            negative in any::<bool>(),
        ) {
            let mut text = String::new();
            if negative { text.push('-'); }
            text.push_str(&int);
            if let Some(f) = &frac { text.push('.'); text.push_str(f); }
            if let Some(e) = exp { text.push_str(&format!("e{e}")); }
            same(&text);
        }

        #[test]
        fn every_f64_written_out_reads_back(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            prop_assume!(v.is_finite());
            same(&format!("{v:e}"));
            same(&format!("{v}"));
        }
    }
}
