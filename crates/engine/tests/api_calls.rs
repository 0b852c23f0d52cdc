//! Scenarios that speak of the controller's calls to the API server rather than of what
//! a user sees (S10's concurrency, S11 and S12 with a failing delete, the work queue's
//! back-off), tested as upstream tests them: through a client that counts the calls, knows
//! the slow-start batch of each, and fails the calls a test asks it to.

mod common;

use common::*;
use sts_engine::api::Kind;
use sts_engine::api_client::{ApiCall, ApiVerb};
use sts_engine::{Action, Simulation};

/// The calls made since the first `from` calls.
fn calls_since(sim: &Simulation, from: usize) -> Vec<ApiCall> {
    sim.api_calls().calls().skip(from).cloned().collect()
}

fn call_count(sim: &Simulation) -> usize {
    sim.api_calls().calls().count()
}

/// How many pod creations each slow-start batch issued, in order (batches without one
/// included, as 0).
fn pod_creates_per_batch(calls: &[ApiCall], verb: ApiVerb) -> Vec<usize> {
    let mut batches: Vec<(u64, usize)> = Vec::new();
    for c in calls.iter().filter(|c| c.batch > 0) {
        if batches.last().is_none_or(|(b, _)| *b != c.batch) {
            batches.push((c.batch, 0));
        }
        if c.verb == verb && c.kind == Kind::Pod {
            if let Some(last) = batches.last_mut() {
                last.1 += 1;
            }
        }
    }
    batches.into_iter().map(|(_, n)| n).filter(|n| *n > 0).collect()
}

fn fail(verb: ApiVerb, kind: Kind, name: &str, times: u32) -> Action {
    Action::FailApiCalls { verb, kind, name: Some(name.into()), times }
}

fn parallel(replicas: i64) -> Simulation {
    let (mut sim, _) =
        script(&format!("kubectl apply -f web-parallel.yaml\nkubectl scale sts web --replicas={replicas}\n"));
    if replicas <= 50 {
        more(&mut sim, "sim settle\n");
    }
    sim
}

/// S10 — 3 → 30: the slots are visited in batches of 1, 2, 4, 8, 15; the 27 creations
/// land in the batches holding slots 3–29, concurrently, all in one sync.
#[test]
fn s10_parallel_batch_sizes_3_to_30() {
    let mut sim = parallel(3);
    let from = call_count(&sim);
    scale(&mut sim, 30);
    let calls = calls_since(&sim, from);
    assert_eq!(pod_creates_per_batch(&calls, ApiVerb::Create), [4, 8, 15]);
    assert_eq!(pods_now(&sim).len(), 30, "the whole change in the first sync");
    assert_eq!(sts_engine::controller::statefulset::slow_start_batches(30).len(), 5, "1, 2, 4, 8, 15");
}

/// S10 — 0 → 1000: batches of 1, 2, 4, … 256 and the 489 that remain; more than 20
/// creations at once.
#[test]
fn s10_parallel_batch_sizes_0_to_1000() {
    let (mut sim, _) = script("kubectl apply -f web-parallel.yaml\nkubectl scale sts web --replicas=0\nsim settle\n");
    let from = call_count(&sim);
    scale(&mut sim, 1000);
    let per_batch = pod_creates_per_batch(&calls_since(&sim, from), ApiVerb::Create);
    assert_eq!(per_batch, [1, 2, 4, 8, 16, 32, 64, 128, 256, 489]);
    assert!(per_batch.iter().any(|n| *n >= 20));
}

/// S10 — deletions too: 10 → 1 deletes the 9 condemned pods in batches of 1, 2, 4, 2,
/// and 501 → 0 in batches of 1, 2, 4, … 128 and 246.
#[test]
fn s10_parallel_deletion_batches() {
    let mut sim = parallel(10);
    let from = call_count(&sim);
    scale(&mut sim, 1);
    assert_eq!(pod_creates_per_batch(&calls_since(&sim, from), ApiVerb::Delete), [1, 2, 4, 2]);

    let mut sim = parallel(501);
    more(&mut sim, "sim settle --timeout 30m\n");
    let from = call_count(&sim);
    scale(&mut sim, 0);
    let per_batch = pod_creates_per_batch(&calls_since(&sim, from), ApiVerb::Delete);
    assert_eq!(per_batch, [1, 2, 4, 8, 16, 32, 64, 128, 246]);
}

/// S10 — batches are capped at 500.
#[test]
fn s10_batches_are_capped_at_five_hundred() {
    let sizes: Vec<usize> =
        sts_engine::controller::statefulset::slow_start_batches(2000).iter().map(|r| r.len()).collect();
    assert_eq!(sizes, [1, 2, 4, 8, 16, 32, 64, 128, 256, 500, 500, 489]);
    assert_eq!(sizes.iter().sum::<usize>(), 2000);
    assert!(sts_engine::controller::statefulset::slow_start_batches(0).is_empty());
}

/// S10 — a failing batch aborts the rest of the sync: with web-9's creation refused, the
/// batch holding slots 7–14 still creates its other pods and the last batch (15–29) is
/// not issued. The pods just created bring the set straight back into the queue (their
/// watch events, as upstream), and that sync creates web-9 and the rest.
#[test]
fn s10_a_failing_batch_aborts_the_rest_of_the_sync() {
    let mut sim = parallel(3);
    sim.apply(fail(ApiVerb::Create, Kind::Pod, "web-9", 1)).expect("armed");
    let from = call_count(&sim);
    scale(&mut sim, 30);
    let creates: Vec<(String, bool)> = calls_since(&sim, from)
        .into_iter()
        .filter(|c| c.verb == ApiVerb::Create && c.kind == Kind::Pod)
        .map(|c| (c.name, c.ok))
        .collect();
    let first_sync: Vec<(String, bool)> = (3..15).map(|i| (format!("web-{i}"), i != 9)).collect();
    let second_sync: Vec<(String, bool)> = [9].into_iter().chain(15..30).map(|i| (format!("web-{i}"), true)).collect();
    assert_eq!(creates, [first_sync, second_sync].concat());
    assert_eq!(
        set_messages_starting(&sim, "create Pod web-9"),
        [
            "create Pod web-9 in StatefulSet web failed error: Internal error occurred: injected create failure for pods web-9",
            "create Pod web-9 in StatefulSet web successful"
        ]
    );
    assert_eq!(pods_now(&sim).len(), 30);
}

/// S11 — the delete of the Failed pod fails: a FailedDelete event and the sync errs. The
/// status it wrote (one pod fewer ready) brings the set straight back, as upstream, and
/// that sync fails too; the rate-limited retry comes 5 ms later and goes through; the pod
/// is then re-created.
#[test]
fn s11_failed_pod_with_delete_failure_is_retried() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim settle\n");
    sim.apply(fail(ApiVerb::Delete, Kind::Pod, "web-0", 2)).expect("armed");
    let old_uid = pod(&sim, "web-0").map(|p| p.metadata.uid.clone());
    let from = call_count(&sim);
    more(&mut sim, "sim pod fail web-0\n");
    let deletes = |sim: &Simulation| -> Vec<bool> {
        calls_since(sim, from).iter().filter(|c| c.verb == ApiVerb::Delete && c.name == "web-0").map(|c| c.ok).collect()
    };
    assert_eq!(deletes(&sim), [false, false]);
    assert_eq!(
        set_messages_starting(&sim, "delete Pod web-0"),
        ["delete Pod web-0 in StatefulSet web failed error: Internal error occurred: injected delete failure for pods web-0"]
    );
    assert_eq!(set_event_count(&sim, "delete Pod web-0 in StatefulSet web failed"), 2, "one event, counted twice");
    advance_ms(&mut sim, 4);
    assert_eq!(deletes(&sim), [false, false], "no retry before 5 ms");
    advance_ms(&mut sim, 1);
    assert_eq!(deletes(&sim), [false, false, true], "the retry after 5 ms");
    more(&mut sim, "sim settle\n");
    assert!(is_ready(&sim, "web-0"));
    assert_ne!(pod(&sim, "web-0").map(|p| p.metadata.uid.clone()), old_uid, "a new incarnation");
    let creates = calls_since(&sim, from)
        .iter()
        .filter(|c| c.verb == ApiVerb::Create && c.kind == Kind::Pod && c.ok)
        .map(|c| c.name.clone())
        .collect::<Vec<_>>();
    assert_eq!(creates, ["web-0"], "one re-creation, after the delete went through");
}

/// S12 — the same with a Succeeded pod.
#[test]
fn s12_succeeded_pod_with_delete_failure_is_retried() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim settle\n");
    sim.apply(fail(ApiVerb::Delete, Kind::Pod, "web-1", 2)).expect("armed");
    let old_uid = pod(&sim, "web-1").map(|p| p.metadata.uid.clone());
    more(&mut sim, "sim pod succeed web-1\n");
    assert_eq!(set_event_count(&sim, "delete Pod web-1 in StatefulSet web failed"), 2);
    assert!(pod(&sim, "web-1").is_some_and(|p| !p.metadata.is_terminating()), "not deleted yet");
    advance_ms(&mut sim, 5);
    let now = pod(&sim, "web-1");
    assert!(
        now.is_none_or(|p| p.metadata.is_terminating() || Some(&p.metadata.uid) != old_uid.as_ref()),
        "deleted on the retry"
    );
    more(&mut sim, "sim settle\n");
    assert!(is_ready(&sim, "web-1"));
}

/// S11 — call counts as upstream's RecreatesFailedPod counts them: OrderedReady creates
/// web-0, it fails, is deleted, and is created again: 2 creations (web-1 waits for the
/// new web-0 to be Ready).
#[test]
fn s11_monotonic_creations_total_two() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim advance 2s\n");
    assert_eq!(pods_now(&sim), ["web-0"]);
    more(&mut sim, "sim pod fail web-0\nsim advance 2s\n");
    let creates = sim.api_calls().calls().filter(|c| c.verb == ApiVerb::Create && c.kind == Kind::Pod).count();
    assert_eq!(creates, 2);
}

/// The retry back-off doubles per failure (client-go's per-item exponential limiter: 5 ms
/// × 2^failures), and one set has one delayed retry pending at a time.
#[test]
fn retries_back_off_exponentially() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim settle\n");
    sim.apply(fail(ApiVerb::Delete, Kind::Pod, "web-2", 4)).expect("armed");
    let from = call_count(&sim);
    more(&mut sim, "sim pod fail web-2\n");
    let mut attempts = Vec::new();
    for step in [4, 1, 19, 1, 39, 1] {
        advance_ms(&mut sim, step);
        let n = calls_since(&sim, from).iter().filter(|c| c.verb == ApiVerb::Delete && c.name == "web-2").count();
        attempts.push(n);
    }
    // Failures 1 and 2 at once (the second from the status write), the 3rd at 5 ms, the
    // 4th 20 ms later, success 40 ms after that.
    assert_eq!(attempts, [2, 3, 3, 4, 4, 5]);
}

/// The work queue forgets a set's failures once a sync succeeds: a later failure starts
/// again at 5 ms.
#[test]
fn back_off_starts_over_after_a_successful_sync() {
    let (mut sim, _) = script("kubectl apply -f web.yaml\nkubectl scale sts web --replicas=3\nsim settle\n");
    sim.apply(fail(ApiVerb::Delete, Kind::Pod, "web-0", 1)).expect("armed");
    more(&mut sim, "sim pod fail web-0\nsim settle\n");
    sim.apply(fail(ApiVerb::Delete, Kind::Pod, "web-2", 2)).expect("armed");
    let from = call_count(&sim);
    more(&mut sim, "sim pod fail web-2\n");
    advance_ms(&mut sim, 5);
    let deletes: Vec<bool> = calls_since(&sim, from)
        .iter()
        .filter(|c| c.verb == ApiVerb::Delete && c.name == "web-2")
        .map(|c| c.ok)
        .collect();
    assert_eq!(deletes, [false, false, true], "5 ms again, not 20");
}
