//! Contract code as the state and the execution environments share it: the bytes behind a cheap reference
//! count, plus one slot for the analysis an EE derives from them (the EVM's jump-destination map, an
//! interpreter's decoded form).
//!
//! The analysis travels with the code. A forward-mode pre-state that keeps its [`Bytecode`] values across
//! blocks (the sequencer's state, a benchmark's borrowed pre-state) therefore analyses each contract once,
//! not once per call frame, as revm does by storing analysed bytecode in its database. In proving mode the
//! code comes from the tape and lives for one block, so the cache costs one empty cell per code.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::any::Any;
use core::cell::OnceCell;
use core::fmt;
use core::ops::Deref;

/// Contract code: immutable bytes with a cached EE analysis; clones share both.
#[derive(Clone)]
pub struct Bytecode(Rc<Inner>);

struct Inner {
    bytes: Box<[u8]>,
    analysis: OnceCell<Rc<dyn Any>>,
}

impl Bytecode {
    /// Code made of `bytes`.
    pub fn new(bytes: impl Into<Box<[u8]>>) -> Self {
        Bytecode(Rc::new(Inner { bytes: bytes.into(), analysis: OnceCell::new() }))
    }

    /// The code's bytes.
    #[inline]
    pub fn bytes(&self) -> &[u8] {
        &self.0.bytes
    }

    /// The analysis of type `T`, made by `analyse` on first use and shared by every clone afterwards.
    ///
    /// Code belongs to one EE, so one slot is enough; should another EE ask for a different type (init code
    /// run as something else, a test), it gets a fresh analysis that is not cached rather than a wrong one.
    pub fn analysis<T: Any>(&self, analyse: impl FnOnce(&[u8]) -> T) -> Rc<T> {
        if let Some(cached) = self.0.analysis.get() {
            return match Rc::clone(cached).downcast::<T>() {
                Ok(analysis) => analysis,
                Err(_) => Rc::new(analyse(&self.0.bytes)),
            };
        }
        let analysis = Rc::new(analyse(&self.0.bytes));
        let erased: Rc<dyn Any> = analysis.clone();
        // The cell was empty a moment ago and nothing ran in between that could fill it.
        let _ = self.0.analysis.set(erased);
        analysis
    }

    /// Whether both values share the same allocation (and so the same analysis).
    pub fn ptr_eq(&self, other: &Bytecode) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Bytecode {
    fn default() -> Self {
        Bytecode::new(Vec::new())
    }
}

impl Deref for Bytecode {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        &self.0.bytes
    }
}

impl AsRef<[u8]> for Bytecode {
    fn as_ref(&self) -> &[u8] {
        &self.0.bytes
    }
}

impl From<Vec<u8>> for Bytecode {
    fn from(bytes: Vec<u8>) -> Self {
        Bytecode::new(bytes)
    }
}

impl From<&[u8]> for Bytecode {
    fn from(bytes: &[u8]) -> Self {
        Bytecode::new(bytes)
    }
}

impl<const N: usize> From<[u8; N]> for Bytecode {
    fn from(bytes: [u8; N]) -> Self {
        Bytecode::new(Vec::from(bytes))
    }
}

impl PartialEq for Bytecode {
    fn eq(&self, other: &Self) -> bool {
        self.ptr_eq(other) || self.0.bytes == other.0.bytes
    }
}

impl Eq for Bytecode {}

impl fmt::Debug for Bytecode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytecode({} bytes)", self.0.bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_is_made_once_and_shared_by_clones() {
        let code = Bytecode::from(alloc::vec![1u8, 2, 3]);
        let copy = code.clone();
        let mut runs = 0;
        let first = code.analysis(|b| {
            runs += 1;
            b.len()
        });
        let second = copy.analysis(|_| -> usize { unreachable!("cached") });
        assert_eq!((*first, *second, runs), (3, 3, 1));
        // Another type is computed but does not replace the cached one.
        assert_eq!(*copy.analysis(|b| b[0] as u32), 1u32);
        assert_eq!(*code.analysis(|_| 0usize), 3);
    }

    #[test]
    fn equality_is_by_bytes() {
        assert_eq!(Bytecode::from(&[1u8, 2][..]), Bytecode::from(alloc::vec![1u8, 2]));
        assert_ne!(Bytecode::from(&[1u8][..]), Bytecode::default());
        assert_eq!(&*Bytecode::from([7u8; 2]), &[7, 7]);
    }
}
