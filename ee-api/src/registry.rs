//! The set of EEs a bootloader is built with, declared once as a tuple type.
//!
//! `(EvmEe, WasmEe)` implements [`EeSet`] through the blanket impls below, so adding an EE is adding one
//! element to that tuple; no `match` over EE kinds is written anywhere by hand.

use alloc::boxed::Box;

use crate::{EeFrame, EeType, ExecutionEnvironment, FrameInput, SystemError, SystemInterface};

/// A list of EEs: looks up the one whose type id an account names.
pub trait EeSet<Sys: SystemInterface> {
    /// Starts a frame of the EE with type `ee_type`, or `None` when no EE of the set has that id.
    fn start_frame(
        ee_type: EeType,
        sys: &mut Sys,
        input: FrameInput<Sys::Resources>,
    ) -> Option<Result<Box<dyn EeFrame<Sys>>, SystemError>>;

    /// Whether the set contains an EE with this id.
    fn contains(ee_type: EeType) -> bool;

    /// Calls `f` with the name and type of each EE, in declaration order.
    fn for_each(f: &mut dyn FnMut(&'static str, EeType));

    /// The first EE of the set (in declaration order) that claims this creation init data, if any.
    fn ee_for_init_code(_init_code: &[u8]) -> Option<EeType> {
        None
    }
}

impl<Sys: SystemInterface> EeSet<Sys> for () {
    fn start_frame(
        _: EeType,
        _: &mut Sys,
        _: FrameInput<Sys::Resources>,
    ) -> Option<Result<Box<dyn EeFrame<Sys>>, SystemError>> {
        None
    }
    fn contains(_: EeType) -> bool {
        false
    }
    fn for_each(_: &mut dyn FnMut(&'static str, EeType)) {}
}

/// Fails the build (it runs in a `const` block) when two EEs of a set share a type id, with a message that
/// names both EEs and the id, e.g. ``EE set: `evm` and `tiny` both declare EE_TYPE 1``.
const fn check_unique_ee_types(ids: &[u8], names: &[&str]) {
    let mut i = 0;
    while i < ids.len() {
        let mut j = i + 1;
        while j < ids.len() {
            if ids[i] == ids[j] {
                duplicate_ee_type(names[i], names[j], ids[i]);
            }
            j += 1;
        }
        i += 1;
    }
}

/// Panics (at compile time) with ``EE set: `a` and `b` both declare EE_TYPE id (...)``.
const fn duplicate_ee_type(a: &str, b: &str, id: u8) -> ! {
    const CAP: usize = 256;
    let mut buf = [0u8; CAP];
    let mut len = 0;
    let digits = [b'0' + id / 100, b'0' + id / 10 % 10, b'0' + id % 10];
    let skip = (id < 100) as usize + (id < 10) as usize; // leading zeros
    let parts: [&[u8]; 7] = [
        b"EE set: `",
        a.as_bytes(),
        b"` and `",
        b.as_bytes(),
        b"` both declare EE_TYPE ",
        digits.split_at(skip).1,
        b"; give one of them a free id (docs/custom-ee.md lists the ids taken)",
    ];
    let mut p = 0;
    while p < parts.len() {
        let part = parts[p];
        let mut k = 0;
        while k < part.len() && len < CAP {
            buf[len] = part[k];
            len += 1;
            k += 1;
        }
        p += 1;
    }
    match core::str::from_utf8(buf.split_at(len).0) {
        Ok(message) => panic!("{}", message),
        // Only a name cut inside a multi-byte character by the cap gets here.
        Err(_) => panic!("two EEs of an EE set share an EE_TYPE"),
    }
}

macro_rules! tuple_ee_set {
    ($($ee:ident),+) => {
        impl<Sys: SystemInterface, $($ee: ExecutionEnvironment<Sys>),+> EeSet<Sys> for ($($ee,)+) {
            #[inline]
            fn start_frame(
                ee_type: EeType,
                sys: &mut Sys,
                input: FrameInput<Sys::Resources>,
            ) -> Option<Result<Box<dyn EeFrame<Sys>>, SystemError>> {
                // Two EEs with one type id would silently route one's accounts to the other: refuse to build.
                const { check_unique_ee_types(&[$($ee::EE_TYPE.0),+], &[$($ee::NAME),+]) }
                $(
                    if ee_type == $ee::EE_TYPE {
                        return Some($ee::start_frame(sys, input));
                    }
                )+
                None
            }
            fn contains(ee_type: EeType) -> bool {
                false $(|| ee_type == $ee::EE_TYPE)+
            }
            fn for_each(f: &mut dyn FnMut(&'static str, EeType)) {
                $( f($ee::NAME, $ee::EE_TYPE); )+
            }
            fn ee_for_init_code(init_code: &[u8]) -> Option<EeType> {
                $(
                    if $ee::claims_init_code(init_code) {
                        return Some($ee::EE_TYPE);
                    }
                )+
                None
            }
        }
    };
}

tuple_ee_set!(A);
tuple_ee_set!(A, B);
tuple_ee_set!(A, B, C);
tuple_ee_set!(A, B, C, D);
tuple_ee_set!(A, B, C, D, E);
tuple_ee_set!(A, B, C, D, E, F);
