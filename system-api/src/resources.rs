//! Typed resources: EVM gas (exact Ethereum semantics) and a native proving-cost counter.
//!
//! Raw `u64`s never cross an API: gas is [`Gas`], refunds are [`GasRefund`], native cost is [`Native`].
//! The [`Resources`] trait is what frames carry; it splits for a callee (EIP-150 63/64 is the caller EE's
//! decision, the split itself is here) and merges back when the callee ends.

use core::fmt;
use core::ops::{Add, Sub};

/// An amount of gas (or ergs, for EEs that call them so).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Gas(u64);

impl Gas {
    /// Zero gas.
    pub const ZERO: Gas = Gas(0);
    /// Wraps a gas amount.
    #[inline]
    pub const fn new(amount: u64) -> Self {
        Gas(amount)
    }
    /// The amount.
    #[inline]
    pub const fn get(self) -> u64 {
        self.0
    }
    /// `self - other`, or `None` when it would go below zero.
    #[inline]
    pub const fn checked_sub(self, other: Gas) -> Option<Gas> {
        match self.0.checked_sub(other.0) {
            Some(v) => Some(Gas(v)),
            None => None,
        }
    }
    /// `self + other`, saturating.
    #[inline]
    pub const fn saturating_add(self, other: Gas) -> Gas {
        Gas(self.0.saturating_add(other.0))
    }
    /// All but one 64th (EIP-150): the most a caller may pass to a callee.
    #[inline]
    pub const fn all_but_one_64th(self) -> Gas {
        Gas(self.0 - self.0 / 64)
    }
}

impl Add for Gas {
    type Output = Gas;
    fn add(self, rhs: Gas) -> Gas {
        self.saturating_add(rhs)
    }
}

impl Sub for Gas {
    type Output = Gas;
    fn sub(self, rhs: Gas) -> Gas {
        Gas(self.0.saturating_sub(rhs.0))
    }
}

impl fmt::Display for Gas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} gas", self.0)
    }
}

/// The EIP-2200/3529 refund counter. Signed because a frame may un-refund what an earlier frame refunded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GasRefund(i64);

impl GasRefund {
    /// Wraps a refund amount.
    pub const fn new(amount: i64) -> Self {
        GasRefund(amount)
    }
    /// The amount.
    pub const fn get(self) -> i64 {
        self.0
    }
}

/// Native (proving-cost) units: an estimate of RISC-V cycles. Never changes EVM results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Native(u64);

impl Native {
    /// Wraps a native amount.
    pub const fn new(amount: u64) -> Self {
        Native(amount)
    }
    /// The amount.
    pub const fn get(self) -> u64 {
        self.0
    }
}

/// Not enough of a resource left for what was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfResources;

impl fmt::Display for OutOfResources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("out of resources")
    }
}

/// What a frame spends.
///
/// Invariants: `charge_gas` either succeeds fully or leaves `gas_left` unchanged; `take` moves resources to a
/// callee (the caller no longer has them); `reclaim` gives back what the callee did not spend, with its refunds
/// only when the callee succeeded.
pub trait Resources: Clone + fmt::Debug + 'static {
    /// Resources holding `gas` and no refunds.
    fn with_gas(gas: Gas) -> Self;
    /// Gas left.
    fn gas_left(&self) -> Gas;
    /// The refund counter.
    fn refund(&self) -> GasRefund;
    /// Native cost spent so far (by this frame and the callees merged into it).
    fn native_spent(&self) -> Native;
    /// Spends gas, or fails leaving everything unchanged.
    fn charge_gas(&mut self, gas: Gas) -> Result<(), OutOfResources>;
    /// Spends all gas left (an exceptional halt).
    fn consume_all_gas(&mut self);
    /// Adds to (or, with a negative amount, removes from) the refund counter.
    fn record_refund(&mut self, refund: i64);
    /// Accounts native cost; never fails in the instances zkos ships (native is a measure, not a limit).
    fn charge_native(&mut self, native: Native);
    /// Moves `gas` (which must be at most `gas_left`, else all that is left) into a callee's resources.
    fn take(&mut self, gas: Gas) -> Self;
    /// Takes back a finished callee's leftovers; its refunds count only when `success`.
    fn reclaim(&mut self, callee: Self, success: bool);

    /// Moves everything out (gas, refunds and the native tally), leaving `self` as `with_gas(Gas::ZERO)`.
    /// This is how a frame that keeps its resources in a field hands them to its exit
    /// (`ee_api::FrameExit::success` and friends use it); unlike [`Self::take`], the refunds move too.
    fn take_all(&mut self) -> Self {
        core::mem::replace(self, Self::with_gas(Gas::ZERO))
    }
}

/// The standard resources: exact EVM gas, the refund counter, and a native-cost tally.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeteredResources {
    gas: Gas,
    refund: GasRefund,
    native: Native,
}

impl Resources for MeteredResources {
    #[inline]
    fn with_gas(gas: Gas) -> Self {
        MeteredResources { gas, refund: GasRefund(0), native: Native(0) }
    }
    #[inline]
    fn gas_left(&self) -> Gas {
        self.gas
    }
    #[inline]
    fn refund(&self) -> GasRefund {
        self.refund
    }
    #[inline]
    fn native_spent(&self) -> Native {
        self.native
    }
    #[inline(always)]
    fn charge_gas(&mut self, gas: Gas) -> Result<(), OutOfResources> {
        match self.gas.0.checked_sub(gas.0) {
            Some(left) => {
                self.gas = Gas(left);
                Ok(())
            }
            None => Err(OutOfResources),
        }
    }
    #[inline]
    fn consume_all_gas(&mut self) {
        self.gas = Gas(0);
    }
    #[inline]
    fn record_refund(&mut self, refund: i64) {
        self.refund = GasRefund(self.refund.0.saturating_add(refund));
    }
    #[inline]
    fn charge_native(&mut self, native: Native) {
        self.native = Native(self.native.0.saturating_add(native.0));
    }
    #[inline]
    fn take(&mut self, gas: Gas) -> Self {
        let moved = if gas.0 <= self.gas.0 { gas } else { self.gas };
        self.gas = Gas(self.gas.0 - moved.0);
        MeteredResources { gas: moved, refund: GasRefund(0), native: Native(0) }
    }
    #[inline]
    fn reclaim(&mut self, callee: Self, success: bool) {
        self.gas = self.gas.saturating_add(callee.gas);
        self.native = Native(self.native.0.saturating_add(callee.native.0));
        if success {
            self.refund = GasRefund(self.refund.0.saturating_add(callee.refund.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charge_take_reclaim() {
        let mut r = MeteredResources::with_gas(Gas::new(1000));
        assert!(r.charge_gas(Gas::new(1001)).is_err());
        assert_eq!(r.gas_left(), Gas::new(1000));
        r.charge_gas(Gas::new(100)).unwrap();
        let mut child = r.take(Gas::new(500));
        assert_eq!(r.gas_left(), Gas::new(400));
        child.record_refund(4800);
        child.charge_gas(Gas::new(50)).unwrap();
        r.reclaim(child.clone(), false);
        assert_eq!((r.gas_left(), r.refund()), (Gas::new(850), GasRefund::new(0)));
        r.reclaim(MeteredResources { gas: Gas::ZERO, ..child }, true);
        assert_eq!(r.refund(), GasRefund::new(4800));
        assert_eq!(Gas::new(6400).all_but_one_64th(), Gas::new(6300));
    }
}
