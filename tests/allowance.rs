//! The allowance's limit on stranded workers, in a process of its own: the count is
//! process-wide.

use std::time::Duration;

use skillgen::allowance::{Allowance, MeteredAllocator, Overrun, run_within};

#[global_allocator]
static ALLOCATOR: MeteredAllocator<std::alloc::System> = MeteredAllocator(std::alloc::System);

#[test]
fn work_is_refused_once_too_many_workers_are_stranded() {
    let allowance = Allowance {
        bytes: 1 << 20,
        allocations: 1_000,
        time: Duration::from_secs(30),
        stack: 1 << 20,
        max_stranded: 3,
    };
    let hoard = || {
        let mut kept = Vec::new();
        loop {
            kept.push(vec![0u8; 4096]);
        }
    };
    for _ in 0..3 {
        assert_eq!(run_within(allowance, hoard), Err(Overrun::Memory));
    }
    // Even work that would fit is refused now, rather than strand a fourth worker.
    assert_eq!(run_within(allowance, || 1 + 1), Err(Overrun::Refused));
    // The limit is the caller's: a caller that allows more is still served.
    let more = Allowance {
        max_stranded: 4,
        ..allowance
    };
    assert_eq!(run_within(more, || 1 + 1), Ok(2));
}
