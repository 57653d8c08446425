//! Pubdata accounting as zk_evm 0.153 keeps it: every frame (near or far) counts the pubdata it spent, and
//! one machine-wide counter (the "pubdata revert counter") counts what all live frames spent. `context.meta`
//! shows that counter to kernel code (low 32 bits), which is how the bootloader charges for pubdata.
//!
//! The pubdata cost of a storage write is decided by the storage oracle ([`Host::storage_write_pubdata`]):
//! zk_evm's reference storage says 65 bytes (`MAX_PUBDATA_COST_PER_QUERY`) for every write; the zkos EE's
//! host says 0 because zkos accounts pubdata itself. Precompile calls add the cost their aux word declares.
//! When a frame ends, its spending moves to the parent on success; on revert or panic it is forgotten and
//! the machine-wide counter goes down by it, so a reverted write is not paid for.
//!
//! [`Host::storage_write_pubdata`]: crate::vm::Host::storage_write_pubdata

use crate::vm::Vm;

/// Most pubdata one storage query may cost (zk_evm's `MAX_PUBDATA_COST_PER_QUERY`); costs the host reports
/// are clamped to ±this, as zk_evm asserts they lie within it.
pub const MAX_PUBDATA_COST_PER_QUERY: i32 = 65;

/// The pubdata cost a precompile call declares: bits 32..64 of its aux word (src1), as zk_evm reads it.
pub fn precompile_pubdata_cost(aux_low_limb: u64) -> i32 {
    // zk_evm asserts the value fits an i32; clamp instead of panicking on input
    i32::try_from(aux_low_limb >> 32).unwrap_or(i32::MAX)
}

impl Vm {
    /// Adds `cost` (which may be negative: a write that restores a slot's original value can refund
    /// pubdata) to the current frame and to the machine-wide counter.
    pub(crate) fn add_pubdata(&mut self, cost: i32) {
        if cost == 0 {
            return;
        }
        let f = self.frame_mut();
        // zk_evm asserts these never overflow; saturating keeps hostile input from panicking here
        f.pubdata_spent = f.pubdata_spent.saturating_add(cost);
        self.pubdata_revert_counter = self.pubdata_revert_counter.saturating_add(cost);
    }

    /// Settles the pubdata of a frame that just ended (already popped; the parent is current): a successful
    /// frame's spending becomes its parent's, a reverted or panicked frame's is taken off the counter.
    pub(crate) fn end_frame_pubdata(&mut self, spent: i32, panicked: bool) {
        if panicked {
            self.pubdata_revert_counter = self.pubdata_revert_counter.saturating_sub(spent);
        } else {
            let f = self.frame_mut();
            f.pubdata_spent = f.pubdata_spent.saturating_add(spent);
        }
    }

    /// The counter `context.meta` shows kernel code in its low 32 bits.
    pub fn pubdata_counter(&self) -> i32 {
        self.pubdata_revert_counter
    }
}
