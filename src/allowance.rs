//! Runs untrusted-input work on a worker thread within an allowance of memory and time,
//! so a third-party parser that loops or allocates without end costs a finding, not
//! the process.
//!
//! Memory is bounded when the program installs [`MeteredAllocator`] as its global
//! allocator: each allocation the worker makes is charged to its allowance, and once
//! that is spent the worker is stopped inside the allocator, before it receives the
//! memory. A stopped worker never resumes; it sleeps until the process exits, holding
//! no lock and no more than its allowance. The charge is counted in allocations and
//! bytes, so whether an input fits is the same on every machine. Time is a backstop
//! for work that loops without allocating: the caller stops waiting at the deadline,
//! and such a worker runs on, unused, until it allocates or the process exits.

// A global allocator is unsafe to implement; this module is the crate's only unsafe code.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What one piece of work may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    /// Bytes it may allocate in all (freed memory is not given back).
    pub bytes: usize,
    /// How many allocations it may make.
    pub allocations: usize,
    /// How long the caller waits for it.
    pub time: Duration,
    /// The stack of its thread.
    pub stack: usize,
    /// How many workers of earlier work may be left behind, stopped or still running,
    /// before this work is refused: each holds up to its allowance until the process
    /// exits, so a file of a thousand bad inputs must not strand a thousand.
    pub max_stranded: usize,
}

/// Why work did not finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overrun {
    /// It spent its memory allowance (bytes or allocations).
    Memory,
    /// It was still running at the deadline.
    Time,
    /// It panicked.
    Panic,
    /// It was not run: too many earlier workers overran and are still stranded, or no
    /// thread could be started.
    Refused,
}

/// How many workers overran and were left behind in this process.
static STRANDED: AtomicUsize = AtomicUsize::new(0);

/// The allowance left to the worker thread that owns it.
struct Meter {
    bytes_left: AtomicUsize,
    allocations_left: AtomicUsize,
    /// Set when the allowance ran out or the caller gave up: the worker is stopped at
    /// its next allocation.
    stopped: AtomicBool,
}

impl Meter {
    /// Gives the meter `allowance`. Called only while its worker waits for a job, so
    /// nothing charges it meanwhile; the job's send orders these stores before them.
    fn reset(&self, allowance: &Allowance) {
        self.bytes_left.store(allowance.bytes, Ordering::Relaxed);
        self.allocations_left
            .store(allowance.allocations, Ordering::Relaxed);
        self.stopped.store(false, Ordering::Relaxed);
    }

    /// Charges one allocation of `size` bytes; false when the allowance does not cover it.
    fn charge(&self, size: usize) -> bool {
        if self.stopped.load(Ordering::Relaxed) {
            return false;
        }
        // Only the worker charges its meter, so load-then-store does not race.
        let allocations = self.allocations_left.load(Ordering::Relaxed);
        let bytes = self.bytes_left.load(Ordering::Relaxed);
        if allocations == 0 || bytes < size {
            self.stopped.store(true, Ordering::Release);
            return false;
        }
        self.allocations_left
            .store(allocations - 1, Ordering::Relaxed);
        self.bytes_left.store(bytes - size, Ordering::Relaxed);
        true
    }
}

thread_local! {
    /// The meter of the work running on this thread, or null. A raw pointer with a
    /// constant initialiser: the allocator reads it without allocating.
    static METER: Cell<*const Meter> = const { Cell::new(std::ptr::null()) };
}

/// Charges an allocation to this thread's meter, if it has one, and stops the thread
/// for good when the allowance is spent.
fn charge(size: usize) {
    let meter = METER.with(Cell::get);
    // A panicking thread is not charged: its panic hook may hold the stderr or
    // backtrace lock while it allocates, and stopping it there would stop every other
    // thread that panics or prints. Unwinding is bounded work, and `run_within`
    // reports the panic.
    if meter.is_null() || std::thread::panicking() {
        return;
    }
    // SAFETY: the pointer is set only by a `MeterGuard`, which borrows the worker's
    // `Arc<Meter>` and clears the pointer when dropped, so the meter is alive here.
    let meter = unsafe { &*meter };
    if !meter.charge(size) {
        stop_forever();
    }
}

/// Sleeps until the process exits. `thread::sleep` does not allocate, so this is safe
/// to call from inside the allocator.
fn stop_forever() -> ! {
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

/// A global allocator that charges the allocations of work run by [`run_within`] to
/// its allowance, and otherwise passes every call to `A`.
pub struct MeteredAllocator<A>(pub A);

// SAFETY: every call is passed to the inner allocator unchanged; the meter only decides
// whether the calling thread may go on before it is made.
unsafe impl<A: GlobalAlloc> GlobalAlloc for MeteredAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        charge(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        charge(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        charge(new_size.saturating_sub(layout.size()));
        // SAFETY: the caller's contract is passed on.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}

/// A piece of work, boxed for the worker thread.
type Job = Box<dyn FnOnce() + Send>;

/// A thread that runs jobs one at a time under its meter. Kept per calling thread and
/// reused, since starting a thread costs more than parsing most scripts; one that
/// overran is dropped and left stranded.
struct Worker {
    jobs: mpsc::Sender<Job>,
    meter: Arc<Meter>,
    stack: usize,
}

impl Worker {
    fn start(stack: usize) -> std::io::Result<Worker> {
        let meter = Arc::new(Meter {
            bytes_left: AtomicUsize::new(0),
            allocations_left: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
        });
        let (jobs, inbox) = mpsc::channel::<Job>();
        let worker_meter = Arc::clone(&meter);
        std::thread::Builder::new()
            .name("skillgen-bounded".to_string())
            .stack_size(stack)
            .spawn(move || {
                while let Some(job) = next_job(&inbox) {
                    let _metered = MeterGuard::set(&worker_meter);
                    job();
                }
            })?;
        Ok(Worker { jobs, meter, stack })
    }
}

/// Points this thread's [`METER`] at a meter until dropped, even by unwinding, so the
/// pointer never outlives the `Arc` that the borrow keeps alive.
struct MeterGuard<'m>(std::marker::PhantomData<&'m Meter>);

impl<'m> MeterGuard<'m> {
    fn set(meter: &'m Arc<Meter>) -> MeterGuard<'m> {
        METER.with(|slot| slot.set(Arc::as_ptr(meter)));
        MeterGuard(std::marker::PhantomData)
    }
}

impl Drop for MeterGuard<'_> {
    fn drop(&mut self) {
        METER.with(|slot| slot.set(std::ptr::null()));
    }
}

/// How long a worker or its caller polls for the other's message before sleeping:
/// jobs come in runs (every fence of a file), and a thread put to sleep takes longer
/// to wake than most parses take.
const SPIN: Duration = Duration::from_micros(50);

/// Polls `receiver` for up to [`SPIN`]: the message if one came, `None` if none came
/// yet, an error once the sender has gone.
fn poll_briefly<T>(receiver: &mpsc::Receiver<T>) -> Result<Option<T>, mpsc::TryRecvError> {
    let started = Instant::now();
    while started.elapsed() < SPIN {
        match receiver.try_recv() {
            Ok(message) => return Ok(Some(message)),
            Err(mpsc::TryRecvError::Empty) => std::hint::spin_loop(),
            Err(disconnected) => return Err(disconnected),
        }
    }
    Ok(None)
}

/// The worker's next job: polled for briefly, then waited for. `None` once the caller
/// has gone.
fn next_job(inbox: &mpsc::Receiver<Job>) -> Option<Job> {
    match poll_briefly(inbox) {
        Ok(Some(job)) => Some(job),
        Ok(None) => inbox.recv().ok(),
        Err(_) => None,
    }
}

thread_local! {
    /// This thread's worker, while it is idle.
    static WORKER: std::cell::RefCell<Option<Worker>> = const { std::cell::RefCell::new(None) };
}

/// Runs `work` on a worker thread within `allowance` and returns its result, or why it
/// did not finish. Work that overran is left stopped (memory) or running (time) on its
/// worker, which is not used again; its result, if it ever has one, is dropped.
pub fn run_within<T, F>(allowance: Allowance, work: F) -> Result<T, Overrun>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    if STRANDED.load(Ordering::Relaxed) >= allowance.max_stranded {
        return Err(Overrun::Refused);
    }
    let idle = WORKER
        .with(|slot| slot.borrow_mut().take())
        .filter(|worker| worker.stack == allowance.stack);
    let worker = match idle {
        Some(worker) => worker,
        // No thread to spare: the work cannot be bounded, so it is not run.
        None => Worker::start(allowance.stack).map_err(|_| Overrun::Refused)?,
    };
    worker.meter.reset(&allowance);

    let (sender, receiver) = mpsc::sync_channel(1);
    let job: Job = Box::new(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        // The caller may have stopped waiting; then nobody needs the result.
        let _ = sender.send(outcome.map_err(|_| Overrun::Panic));
    });
    if worker.jobs.send(job).is_err() {
        return Err(Overrun::Refused);
    }
    let deadline = Instant::now() + allowance.time;
    let finished = |worker: Worker, outcome: Result<T, Overrun>| {
        WORKER.with(|slot| *slot.borrow_mut() = Some(worker));
        outcome
    };
    match poll_briefly(&receiver) {
        Ok(Some(outcome)) => return finished(worker, outcome),
        Ok(None) => {}
        Err(_) => return Err(Overrun::Panic),
    }
    // Wakes up now and then to notice a worker stopped inside the allocator, which
    // cannot send anything.
    let poll = Duration::from_millis(5);
    loop {
        match receiver.recv_timeout(poll) {
            Ok(outcome) => return finished(worker, outcome),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(Overrun::Panic),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let overrun = if worker.meter.stopped.load(Ordering::Acquire) {
                    Overrun::Memory
                } else if Instant::now() >= deadline {
                    worker.meter.stopped.store(true, Ordering::Release);
                    Overrun::Time
                } else {
                    continue;
                };
                // A result that came in just now still counts.
                if let Ok(outcome) = receiver.try_recv() {
                    return finished(worker, outcome);
                }
                STRANDED.fetch_add(1, Ordering::Relaxed);
                return Err(overrun);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[global_allocator]
    static ALLOCATOR: MeteredAllocator<std::alloc::System> = MeteredAllocator(std::alloc::System);

    fn small() -> Allowance {
        Allowance {
            bytes: 8 << 20,
            allocations: 10_000,
            time: Duration::from_secs(30),
            stack: 1 << 20,
            max_stranded: usize::MAX,
        }
    }

    #[test]
    fn work_within_its_allowance_returns_its_result() {
        let result = run_within(small(), || {
            (0..100).map(|n| n.to_string()).collect::<Vec<_>>()
        });
        assert_eq!(result.map(|words| words.len()), Ok(100));
    }

    #[test]
    fn work_that_allocates_without_end_is_stopped_at_its_byte_allowance() {
        let result = run_within(small(), || {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1; 1 << 20]);
            }
        });
        assert_eq!(result, Err(Overrun::Memory));
    }

    #[test]
    fn work_that_makes_too_many_allocations_is_stopped() {
        let result = run_within(small(), || {
            let mut words = Vec::new();
            for n in 0..1_000_000u32 {
                words.push(n.to_string());
                words.truncate(10);
            }
            words.len()
        });
        assert_eq!(result, Err(Overrun::Memory));
    }

    #[test]
    fn work_that_never_ends_is_given_up_at_the_deadline() {
        let allowance = Allowance {
            time: Duration::from_millis(50),
            ..small()
        };
        // It allocates now and then, so once given up it is also stopped, and does not
        // keep a core busy for the rest of the tests.
        let result = run_within(allowance, || {
            loop {
                std::thread::sleep(Duration::from_millis(1));
                std::hint::black_box(Box::new(0u8));
            }
        });
        assert_eq!(result, Err(Overrun::Time));
    }

    #[test]
    fn a_panic_is_reported_not_passed_on() {
        let result: Result<(), Overrun> = run_within(small(), || panic!("parser bug"));
        assert_eq!(result, Err(Overrun::Panic));
    }

    #[test]
    fn the_caller_is_not_charged() {
        // The allowance belongs to the worker: the calling thread allocates freely.
        let _ = run_within(small(), || ());
        let big = vec![0u8; 64 << 20];
        assert_eq!(big.len(), 64 << 20);
    }
}
