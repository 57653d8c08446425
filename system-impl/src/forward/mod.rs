//! The x86 forward instance's parts: an in-memory pre-state behind the [`PreState`] trait, the oracle that
//! answers from it, and the std allocator marker.

mod memory;
mod oracle;

pub use memory::{InMemoryState, StateAccount};
pub use oracle::{ForwardOracle, PreState};

use system_api::SystemAllocator;

/// The host's global allocator (std or the platform default).
pub struct StdAllocator;

impl SystemAllocator for StdAllocator {
    const NAME: &'static str = "std";
    fn allocated_bytes() -> Option<usize> {
        None
    }
}
