//! The simulation's only source of randomness: a ChaCha8 generator seeded by the caller.
//!
//! Uids, scheduler tie-breaks and generated name suffixes all draw from here, so a run is
//! a pure function of its seed and its actions. Nothing reads ambient entropy.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// The characters Kubernetes uses for generated name suffixes and revision hashes
/// (`k8s.io/apimachinery/pkg/util/rand`): no vowels, no confusable digits.
pub const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// A seeded random source. Cloning it forks an identical stream, which is how a branch
/// of the timeline continues exactly as the original would have.
#[derive(Debug, Clone)]
pub struct SeededRandom {
    rng: ChaCha8Rng,
}

impl SeededRandom {
    /// A generator whose whole output is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SeededRandom { rng: ChaCha8Rng::seed_from_u64(seed) }
    }

    /// A uniformly drawn integer in `0..n`; `0` when `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let n = n as u64;
        // Rejection sampling keeps the draw unbiased.
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.rng.next_u64();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    /// A random version-4 UUID in its canonical text form, as the API server assigns to
    /// `metadata.uid`.
    pub fn uuid_v4(&mut self) -> String {
        let mut b = [0u8; 16];
        self.rng.fill_bytes(&mut b);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
    }

    /// A suffix of `len` characters from [`NAME_ALPHABET`], as `metadata.generateName`
    /// produces (`nginx-` → `nginx-x7k2p`).
    pub fn name_suffix(&mut self, len: usize) -> String {
        (0..len).map(|_| NAME_ALPHABET[self.below(NAME_ALPHABET.len())] as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_the_same_stream() {
        let (mut a, mut b) = (SeededRandom::new(7), SeededRandom::new(7));
        assert_eq!(a.uuid_v4(), b.uuid_v4());
        assert_eq!(a.name_suffix(5), b.name_suffix(5));
        assert_eq!(a.below(1000), b.below(1000));
    }

    #[test]
    fn different_seeds_give_different_streams() {
        assert_ne!(SeededRandom::new(0).uuid_v4(), SeededRandom::new(1).uuid_v4());
    }

    #[test]
    fn uuids_have_the_version_4_format() {
        let mut r = SeededRandom::new(3);
        for _ in 0..100 {
            let u = r.uuid_v4();
            assert_eq!(u.len(), 36);
            let parts: Vec<&str> = u.split('-').collect();
            assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
            assert!(parts[2].starts_with('4'), "{u}");
            assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{u}");
        }
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = SeededRandom::new(9);
        let mut seen = [false; 3];
        for _ in 0..200 {
            let x = r.below(3);
            seen[x] = true;
        }
        assert_eq!(seen, [true; 3]);
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
    }

    #[test]
    fn name_suffixes_use_the_kubernetes_alphabet() {
        let s = SeededRandom::new(5).name_suffix(200);
        assert!(s.bytes().all(|c| NAME_ALPHABET.contains(&c)));
    }
}
