//! The StatefulSet controller's client of the API server. Every write the controller makes
//! (create, update, delete of pods, claims, revisions, and its status) goes through here,
//! so that the engine's tests can do what upstream's unit tests do with a fake client:
//! count the calls, see which slow-start batch each was issued in, and make chosen calls
//! fail ([`Action::FailApiCalls`](crate::Action::FailApiCalls)).
//!
//! Batches stand for concurrency: upstream issues a Parallel set's creations and deletions
//! from goroutines, a batch at a time (1, 2, 4, … at most 500), and a batch's calls run at
//! the same moment. The simulation issues them one after another in ordinal order, and
//! records the batch they belong to.

use crate::api::Kind;
use crate::cluster::Stored;
use crate::error::ApiError;
use crate::simulation::Simulation;
use crate::store::ObjectKey;
use std::rc::Rc;

/// The most calls the log keeps; when it is full the older half is dropped.
pub const MAX_LOGGED_CALLS: usize = 20_480;

/// The log is kept in shared chunks of this many calls, so that a copy of the simulation
/// (the timeline keeps up to 256 of them) shares every full chunk instead of copying the
/// whole log.
const CHUNK: usize = 256;

/// What a call asked the API server to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApiVerb {
    /// Create an object.
    Create,
    /// Update an object (its spec, metadata or status).
    Update,
    /// Delete an object.
    Delete,
}

impl ApiVerb {
    /// The verb in lower case, as messages name it.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVerb::Create => "create",
            ApiVerb::Update => "update",
            ApiVerb::Delete => "delete",
        }
    }
}

/// One call the controller made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCall {
    /// The slow-start batch it was issued in (0 for calls outside any batch). Calls with
    /// the same non-zero batch were concurrent upstream.
    pub batch: u64,
    /// What it asked.
    pub verb: ApiVerb,
    /// The kind of object.
    pub kind: Kind,
    /// The object's name.
    pub name: String,
    /// Whether the API server accepted it.
    pub ok: bool,
}

/// Calls to be refused: the next `times` calls of `verb` on `kind` (on the object named
/// `name`, if given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFault {
    /// The verb refused.
    pub verb: ApiVerb,
    /// The kind refused.
    pub kind: Kind,
    /// Only this object, if given.
    pub name: Option<String>,
    /// How many more calls to refuse.
    pub times: u32,
}

/// The client's state: the call log, the faults still armed and the current batch.
#[derive(Debug, Clone, Default)]
pub struct ApiClient {
    calls: Vec<Rc<Vec<ApiCall>>>,
    faults: Vec<ApiFault>,
    batch: u64,
    batches_started: u64,
    in_batch: bool,
}

impl ApiClient {
    /// The calls made, oldest first (at most the most recent [`MAX_LOGGED_CALLS`]).
    pub fn calls(&self) -> impl Iterator<Item = &ApiCall> {
        self.calls.iter().flat_map(|chunk| chunk.iter())
    }

    /// Arms a fault.
    pub(crate) fn arm(&mut self, fault: ApiFault) {
        if fault.times > 0 {
            self.faults.push(fault);
        }
    }

    /// Starts a new slow-start batch: the calls until [`ApiClient::end_batch`] were
    /// concurrent.
    pub(crate) fn begin_batch(&mut self) {
        self.batches_started += 1;
        self.batch = self.batches_started;
        self.in_batch = true;
    }

    /// Ends the current batch.
    pub(crate) fn end_batch(&mut self) {
        self.batch = 0;
        self.in_batch = false;
    }

    /// Refuses the call if an armed fault matches it (using that fault up once).
    fn admit(&mut self, verb: ApiVerb, kind: Kind, name: &str) -> Result<(), ApiError> {
        let hit = self
            .faults
            .iter_mut()
            .find(|f| f.verb == verb && f.kind == kind && f.name.as_deref().is_none_or(|n| n == name));
        let Some(fault) = hit else { return Ok(()) };
        fault.times -= 1;
        self.faults.retain(|f| f.times > 0);
        Err(ApiError::Internal(format!("injected {} failure for {} {name}", verb.as_str(), kind.resource())))
    }

    fn log(&mut self, verb: ApiVerb, kind: Kind, name: &str, ok: bool) {
        if self.calls.len() * CHUNK >= MAX_LOGGED_CALLS && self.calls.last().is_some_and(|c| c.len() == CHUNK) {
            self.calls.drain(..MAX_LOGGED_CALLS / CHUNK / 2);
        }
        let batch = if self.in_batch { self.batch } else { 0 };
        let call = ApiCall { batch, verb, kind, name: name.to_string(), ok };
        match self.calls.last_mut().filter(|c| c.len() < CHUNK) {
            // Copied only if a snapshot shares it: at most one chunk per copy.
            Some(last) => Rc::make_mut(last).push(call),
            None => self.calls.push(Rc::new(vec![call])),
        }
    }

    fn call<R>(
        &mut self,
        verb: ApiVerb,
        kind: Kind,
        name: &str,
        perform: impl FnOnce() -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let result = self.admit(verb, kind, name).and_then(|()| perform());
        self.log(verb, kind, name, result.is_ok());
        result
    }
}

/// Creates `obj` for a controller.
pub(crate) fn create<T: Stored>(sim: &mut Simulation, obj: T) -> Result<Rc<T>, ApiError> {
    let name = obj.meta().name.clone();
    let cluster = &mut sim.cluster;
    sim.client.call(ApiVerb::Create, T::KIND, &name, || cluster.create(obj))
}

/// Updates `obj` for a controller.
pub(crate) fn update<T: Stored + PartialEq>(sim: &mut Simulation, obj: T) -> Result<Rc<T>, ApiError> {
    let name = obj.meta().name.clone();
    let cluster = &mut sim.cluster;
    sim.client.call(ApiVerb::Update, T::KIND, &name, || cluster.update(obj))
}

/// Deletes a pod for a controller, with the pod's own grace period.
pub(crate) fn delete_pod(sim: &mut Simulation, key: &ObjectKey) -> Result<(), ApiError> {
    let cluster = &mut sim.cluster;
    sim.client.call(ApiVerb::Delete, Kind::Pod, &key.name, || cluster.delete_pod(key, None))
}

/// Deletes an object of another kind at once, for a controller.
pub(crate) fn remove<T: Stored>(sim: &mut Simulation, key: &ObjectKey) -> Result<(), ApiError> {
    let cluster = &mut sim.cluster;
    sim.client.call(ApiVerb::Delete, T::KIND, &key.name, || cluster.remove::<T>(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_the_newest_calls_in_order_and_a_copy_shares_it() {
        let mut client = ApiClient::default();
        for i in 0..MAX_LOGGED_CALLS + 1_000 {
            client.log(ApiVerb::Create, Kind::Pod, &i.to_string(), true);
        }
        let names: Vec<usize> = client.calls().filter_map(|c| c.name.parse().ok()).collect();
        assert!(names.len() > MAX_LOGGED_CALLS / 2 && names.len() <= MAX_LOGGED_CALLS, "{}", names.len());
        assert_eq!(names.last(), Some(&(MAX_LOGGED_CALLS + 999)), "the newest call is kept");
        assert!(names.windows(2).all(|w| w[1] == w[0] + 1), "oldest first, none missing");
        // A copy shares every chunk; a call logged on the copy leaves the original as it was.
        let mut copy = client.clone();
        assert!(copy.calls.iter().zip(&client.calls).all(|(a, b)| Rc::ptr_eq(a, b)));
        copy.log(ApiVerb::Delete, Kind::Pod, "x", true);
        assert_eq!(copy.calls().count(), names.len() + 1);
        assert_eq!(client.calls().count(), names.len());
    }

    #[test]
    fn a_fault_refuses_only_the_matching_calls_and_only_so_many_times() {
        let mut client = ApiClient::default();
        client.arm(ApiFault { verb: ApiVerb::Delete, kind: Kind::Pod, name: Some("web-0".into()), times: 2 });
        assert!(client.call(ApiVerb::Delete, Kind::Pod, "web-1", || Ok(())).is_ok());
        assert!(client.call(ApiVerb::Create, Kind::Pod, "web-0", || Ok(())).is_ok());
        let refused = client.call(ApiVerb::Delete, Kind::Pod, "web-0", || Ok(()));
        assert_eq!(
            refused.err().map(|e| e.server_message()).as_deref(),
            Some("Internal error occurred: injected delete failure for pods web-0")
        );
        assert!(client.call(ApiVerb::Delete, Kind::Pod, "web-0", || Ok(())).is_err());
        assert!(client.call(ApiVerb::Delete, Kind::Pod, "web-0", || Ok(())).is_ok(), "used up");
        let oks: Vec<bool> = client.calls().map(|c| c.ok).collect();
        assert_eq!(oks, [true, true, false, false, true]);
    }

    #[test]
    fn calls_carry_the_batch_they_were_issued_in() {
        let mut client = ApiClient::default();
        client.log(ApiVerb::Update, Kind::StatefulSet, "web", true);
        client.begin_batch();
        client.log(ApiVerb::Create, Kind::Pod, "web-0", true);
        client.end_batch();
        client.begin_batch();
        client.log(ApiVerb::Create, Kind::Pod, "web-1", true);
        client.end_batch();
        let batches: Vec<u64> = client.calls().map(|c| c.batch).collect();
        assert_eq!(batches, [0, 1, 2]);
    }
}
