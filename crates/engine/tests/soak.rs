//! A soak: 24 simulated hours of random user actions on the page's own timeline (the way
//! the page drives the engine: 100 ms ticks between actions), at the page's largest
//! replica count, with memory measured every simulated hour. What must stay bounded:
//! the heap, the Kubernetes events kept, the API call log, the timeline's snapshots.
//! `SOAK_HOURS=N` runs longer; the test prints the memory curve.

mod common;

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use sts_engine::api::Event;
use sts_engine::api_client::MAX_LOGGED_CALLS;
use sts_engine::timeline::{Timeline, MAX_CHECKPOINTS};
use sts_engine::{Action, SimDuration, Simulation};

/// Counts the bytes the test holds on the heap.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only a counter is kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The page's replica control goes up to this many.
const LARGEST: i64 = 10;

fn random_action(rng: &mut ChaCha8Rng, image: &mut usize) -> Action {
    let pod = |rng: &mut ChaCha8Rng| format!("web-{}", rng.next_u64() % LARGEST as u64);
    let node = |rng: &mut ChaCha8Rng| format!("node-{}", 1 + rng.next_u64() % 3);
    match rng.next_u64() % 8 {
        0 | 1 => {
            Action::ScaleTo { statefulset: "web".into(), replicas: (rng.next_u64() % (LARGEST as u64 + 1)) as i64 }
        }
        2 => Action::DeletePod { pod: pod(rng), grace_period_seconds: None },
        3 => Action::FailNode { node: node(rng) },
        4 => Action::RecoverNode { node: node(rng) },
        5 => {
            *image = (*image + 1) % 2;
            let image = ["registry.k8s.io/nginx-slim:0.7", "registry.k8s.io/nginx-slim:0.8"][*image];
            Action::SetImage { statefulset: "web".into(), container: "nginx".into(), image: image.into() }
        }
        _ => Action::WriteData { pod: pod(rng), key: "k".into(), value: (rng.next_u64() % 1000).to_string() },
    }
}

#[test]
fn a_day_of_random_actions_keeps_memory_and_logs_bounded() {
    let hours: u64 = std::env::var("SOAK_HOURS").ok().and_then(|v| v.parse().ok()).unwrap_or(24);
    let mut rng = ChaCha8Rng::seed_from_u64(24);
    let mut timeline = Timeline::new(common::tutorial(0));
    timeline.act("scale", |sim| sim.apply(Action::ScaleTo { statefulset: "web".into(), replicas: LARGEST })).ok();
    let mut image = 0;
    let mut curve: Vec<(u64, isize, usize, usize, usize)> = Vec::new();
    let mut actions = 0;
    for hour in 1..=hours {
        // An action every 1 to 10 simulated minutes, 100 ms ticks of the page between.
        let end = timeline.now().as_millis() + 3_600_000;
        while timeline.now().as_millis() < end {
            let action = random_action(&mut rng, &mut image);
            let _ = timeline.act("act", |sim: &mut Simulation| sim.apply(action));
            actions += 1;
            let wait = 60_000 * (1 + rng.next_u64() % 10);
            let until = (timeline.now().as_millis() + wait).min(end);
            while timeline.now().as_millis() < until {
                // The page's ticks, ten at a time between redraws.
                timeline.advance(SimDuration::from_millis(1_000));
            }
        }
        let sim = timeline.sim();
        let events = sim.cluster().list::<Event>().len();
        let calls = sim.api_calls().calls().count();
        curve.push((hour, LIVE.load(Ordering::Relaxed), events, calls, timeline.checkpoint_count()));
    }
    println!("soak: {hours} h, {actions} actions; hour, heap MiB, events, logged calls, snapshots:");
    for (hour, live, events, calls, snapshots) in &curve {
        println!("  {hour:>3} {:>8.2} {events:>6} {calls:>6} {snapshots:>4}", *live as f64 / (1 << 20) as f64);
    }
    for (_, _, events, calls, snapshots) in &curve {
        assert!(*calls <= MAX_LOGGED_CALLS, "the API call log grew past its bound");
        assert!(*snapshots <= MAX_CHECKPOINTS, "the timeline kept more snapshots than its bound");
        assert!(*events <= 2_000, "events are not expiring: {events}");
    }
    // Flat: the second half of the day holds no more than 1.5 times the first half's peak.
    let half = curve.len() / 2;
    let first = curve[1..half.max(2)].iter().map(|c| c.1).max().unwrap_or(0);
    let second = curve[half..].iter().map(|c| c.1).max().unwrap_or(0);
    assert!(second as f64 <= first as f64 * 1.5, "memory grows: {first} then {second} bytes");
}
