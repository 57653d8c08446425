//! The allocator parameter of the System.
//!
//! Stable Rust cannot route `Vec`/`Box` allocations through a type parameter (`allocator_api` is nightly),
//! so the allocator a System instance uses is the global one its binary installs. The type parameter names
//! which one that is and lets generic code ask it for figures, so the instance stays explicit in the type.

/// An allocator a System instance runs on.
pub trait SystemAllocator: 'static {
    /// Name for reports.
    const NAME: &'static str;
    /// Bytes currently allocated, when the allocator tracks it.
    fn allocated_bytes() -> Option<usize>;
}
