//! Who may start a check, and when: upload slots (bounding bodies in memory), the workers
//! (bounding CPU), and each client's share of both, so that one client cannot take them all.
//!
//! A check request takes a [`Ticket`] before its body is read: one of the `max_uploads`
//! slots, and one of its client's `max_per_client`. An image or PDF then waits (briefly, in
//! arrival order) for a [`Worker`]: one of its client's share of the workers — half of them,
//! at least one — and one of the workers. A client is its IP address (an IPv6 client by its
//! /64, which one subscriber usually holds whole), or behind a trusted proxy the last address
//! the proxy put into `X-Forwarded-For`. Requests without a peer address (in-process use)
//! have no client and only the global limits apply.
//!
//! A worker is one core: each has its own one-thread rayon pool, so a PDF's pages are read
//! one after another on it instead of spreading over every core and crowding out the other
//! workers' checks.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// A client, for the per-client limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Client(IpAddr);

impl Client {
    /// The client of `request`: its peer address, or with `trust_forwarded_for` the last
    /// address in `X-Forwarded-For` (the one the nearest proxy saw). `None` in process.
    pub fn of<B>(request: &Request<B>, trust_forwarded_for: bool) -> Option<Client> {
        let forwarded = trust_forwarded_for
            .then(|| forwarded_for(request.headers()))
            .flatten();
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip());
        forwarded.or(peer).map(|ip| Client(network(ip)))
    }
}

/// The last valid address in the last `X-Forwarded-For` header.
fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let value = headers.get_all("x-forwarded-for").iter().next_back()?;
    let last = value.to_str().ok()?.rsplit(',').next()?.trim();
    last.parse::<IpAddr>()
        .ok()
        .or_else(|| last.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// IPv4 addresses as they are (IPv4-mapped IPv6 too); IPv6 by its /64.
fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Why a request was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Its client already has `max_per_client` requests in flight, or its share of the
    /// workers busy for the whole wait.
    Client,
    /// Every upload slot is taken.
    Uploads,
    /// No worker came free within the wait.
    Workers,
}

impl Refusal {
    /// The answer: 429 for the client's own limit, 503 for the server's.
    pub fn answer(self) -> super::error::ApiError {
        match self {
            Refusal::Client => super::error::ApiError::client_busy(2),
            Refusal::Uploads | Refusal::Workers => super::error::ApiError::busy(2),
        }
    }

    /// The metrics label.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::Client => "client_limit",
            Refusal::Uploads => "uploads_full",
            Refusal::Workers => "workers_full",
        }
    }
}

struct Entry {
    in_flight: usize,
    workers: Arc<Semaphore>,
}

/// The shared admission state.
pub struct Admission {
    uploads: Arc<Semaphore>,
    workers: Arc<Semaphore>,
    max_uploads: usize,
    max_workers: usize,
    per_client: usize,
    worker_share: usize,
    clients: Mutex<HashMap<Client, Entry>>,
    waiting: AtomicUsize,
    /// One single-thread pool per free worker.
    pools: Mutex<Vec<Arc<rayon::ThreadPool>>>,
}

/// A check request's place, held until it is answered.
pub struct Ticket {
    admission: Arc<Admission>,
    client: Option<(Client, Arc<Semaphore>)>,
    _upload: OwnedSemaphorePermit,
}

/// A worker, held while the check runs (moved onto the blocking thread that runs it).
pub struct Worker {
    pool: Option<Arc<rayon::ThreadPool>>,
    admission: Arc<Admission>,
    _client: Option<OwnedSemaphorePermit>,
    _worker: OwnedSemaphorePermit,
}

impl Worker {
    /// Runs `check` on this worker's thread.
    pub fn run<T: Send>(&self, check: impl FnOnce() -> T + Send) -> T {
        match &self.pool {
            Some(pool) => pool.install(check),
            None => check(),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            self.admission.pools().push(pool);
        }
    }
}

impl Admission {
    /// Limits: `max_uploads` requests in flight, `workers` checks running, `per_client`
    /// requests in flight per client.
    pub fn new(max_uploads: usize, workers: usize, per_client: usize) -> Admission {
        let (max_uploads, max_workers) = (max_uploads.max(1), workers.max(1));
        Admission {
            uploads: Arc::new(Semaphore::new(max_uploads)),
            workers: Arc::new(Semaphore::new(max_workers)),
            max_uploads,
            max_workers,
            per_client: per_client.max(1),
            worker_share: (max_workers / 2).max(1),
            clients: Mutex::new(HashMap::new()),
            waiting: AtomicUsize::new(0),
            // Without a pool (threads refused by the system) a check runs on the global one.
            pools: Mutex::new(
                (0..max_workers)
                    .filter_map(|index| {
                        rayon::ThreadPoolBuilder::new()
                            .num_threads(1)
                            .thread_name(move |_| format!("giroscope-worker-{index}"))
                            .build()
                            .ok()
                            .map(Arc::new)
                    })
                    .collect(),
            ),
        }
    }

    /// A place for a check request from `client`, at once or not at all.
    ///
    /// # Errors
    /// [`Refusal::Client`] or [`Refusal::Uploads`].
    pub fn admit(self: &Arc<Self>, client: Option<Client>) -> Result<Ticket, Refusal> {
        let mut clients = self.lock();
        if let Some(client) = client
            && clients
                .get(&client)
                .is_some_and(|entry| entry.in_flight >= self.per_client)
        {
            return Err(Refusal::Client);
        }
        let upload = self
            .uploads
            .clone()
            .try_acquire_owned()
            .map_err(|_| Refusal::Uploads)?;
        let client = client.map(|client| {
            let entry = clients.entry(client).or_insert_with(|| Entry {
                in_flight: 0,
                workers: Arc::new(Semaphore::new(self.worker_share)),
            });
            entry.in_flight += 1;
            (client, entry.workers.clone())
        });
        Ok(Ticket {
            admission: self.clone(),
            client,
            _upload: upload,
        })
    }

    /// Waits until `deadline` for a worker for `ticket`'s check: first its client's share,
    /// then one of the workers, each in arrival order.
    ///
    /// # Errors
    /// [`Refusal::Client`] when the client's own checks held its share the whole time,
    /// [`Refusal::Workers`] when no worker came free.
    pub async fn worker(
        self: &Arc<Self>,
        ticket: &Ticket,
        deadline: Instant,
    ) -> Result<Worker, Refusal> {
        let client = match &ticket.client {
            None => None,
            Some((_, share)) => Some(
                tokio::time::timeout_at(deadline, share.clone().acquire_owned())
                    .await
                    .map_err(|_| Refusal::Client)?
                    .map_err(|_| Refusal::Client)?,
            ),
        };
        // Only checks waiting for one of the workers count as waiting: a client queueing
        // behind its own share does not make the server any busier.
        let waiting = Waiting::new(&self.waiting);
        let worker = tokio::time::timeout_at(deadline, self.workers.clone().acquire_owned()).await;
        drop(waiting);
        let worker = worker
            .map_err(|_| Refusal::Workers)?
            .map_err(|_| Refusal::Workers)?;
        Ok(Worker {
            pool: self.pools().pop(),
            admission: self.clone(),
            _client: client,
            _worker: worker,
        })
    }

    /// Workers running a check now.
    pub fn busy_workers(&self) -> usize {
        self.max_workers - self.workers.available_permits()
    }

    /// Checks waiting for a worker now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Check requests in flight now (receiving, waiting or running).
    pub fn uploads(&self) -> usize {
        self.max_uploads - self.uploads.available_permits()
    }

    /// The number of workers.
    pub fn workers(&self) -> usize {
        self.max_workers
    }

    fn pools(&self) -> std::sync::MutexGuard<'_, Vec<Arc<rayon::ThreadPool>>> {
        self.pools
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Client, Entry>> {
        // The map stays consistent whatever panicked while it was held: every change is one
        // statement.
        self.clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Counts a check as waiting while it lives, however its wait ends (also when the request's
/// future is dropped mid-wait).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Waiting<'a> {
        count.fetch_add(1, Ordering::Relaxed);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if let Some((client, _)) = &self.client {
            let mut clients = self.admission.lock();
            if let Some(entry) = clients.get_mut(client) {
                entry.in_flight -= 1;
                if entry.in_flight == 0 {
                    clients.remove(client);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(peer: &str, forwarded: Option<&str>) -> Request<()> {
        let mut request = Request::new(());
        request
            .extensions_mut()
            .insert(ConnectInfo(peer.parse::<SocketAddr>().expect("address")));
        if let Some(forwarded) = forwarded {
            request
                .headers_mut()
                .insert("x-forwarded-for", forwarded.parse().expect("header value"));
        }
        request
    }

    #[test]
    fn a_client_is_its_address_or_what_the_trusted_proxy_saw() {
        // (peer, X-Forwarded-For, trusted, client)
        let cases = [
            ("192.0.2.7:5000", None, false, Some("192.0.2.7")),
            (
                "192.0.2.7:5000",
                Some("198.51.100.1"),
                false,
                Some("192.0.2.7"),
            ),
            (
                "192.0.2.7:5000",
                Some("198.51.100.1"),
                true,
                Some("198.51.100.1"),
            ),
            // The client may send its own header; the proxy appends what it saw.
            (
                "192.0.2.7:5000",
                Some("203.0.113.9, 198.51.100.1"),
                true,
                Some("198.51.100.1"),
            ),
            (
                "192.0.2.7:5000",
                Some("198.51.100.1:443"),
                true,
                Some("198.51.100.1"),
            ),
            ("192.0.2.7:5000", Some("junk"), true, Some("192.0.2.7")),
            (
                "[2001:db8:1:2:3:4:5:6]:443",
                None,
                false,
                Some("2001:db8:1:2::"),
            ),
            ("[::ffff:192.0.2.7]:443", None, false, Some("192.0.2.7")),
        ];
        for (peer, forwarded, trusted, expected) in cases {
            let client = Client::of(&request(peer, forwarded), trusted);
            let expected = expected.map(|ip| Client(ip.parse().expect("ip")));
            assert_eq!(client, expected, "{peer} {forwarded:?} {trusted}");
        }
        assert_eq!(Client::of(&Request::new(()), true), None, "in process");
    }

    #[tokio::test]
    async fn a_client_gets_its_share_and_the_rest_stay_free() {
        let admission = Arc::new(Admission::new(8, 2, 2));
        let (a, b) = (
            Some(Client("192.0.2.1".parse().expect("ip"))),
            Some(Client("192.0.2.2".parse().expect("ip"))),
        );
        let first = admission.admit(a).expect("first");
        let second = admission.admit(a).expect("second");
        assert_eq!(admission.admit(a).err(), Some(Refusal::Client));
        let soon = || Instant::now() + std::time::Duration::from_millis(50);
        let worker = admission.worker(&first, soon()).await.expect("a worker");
        // Half the workers per client: a's second check waits for a's first.
        assert_eq!(
            admission.worker(&second, soon()).await.err(),
            Some(Refusal::Client)
        );
        let other = admission.admit(b).expect("b");
        let _b_worker = admission.worker(&other, soon()).await.expect("b's worker");
        assert_eq!(admission.busy_workers(), 2);
        drop(worker);
        drop((first, second));
        assert!(admission.lock().get(&a.expect("a")).is_none(), "forgotten");
        assert_eq!(admission.uploads(), 1);
    }
}
