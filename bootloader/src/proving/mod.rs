//! Proving mode and its witness.
//!
//! Forward mode runs the block with a [`RecordingOracle`] and gets the tape; proving mode runs the *same*
//! bootloader and EEs over a [`TapeOracle`] that verifies every answer, applies the block's writes to a
//! partial tree and computes the public input. [`prove_block`] is what the RISC-V program calls; on x86 it
//! runs over a [`SliceTape`] so the whole proving path (and every forged tape) is testable natively.
//!
//! The forward tree is dense by default; [`run_with_witness_in`] records over a [`Layout::Scattered`] tree
//! instead, whose pre-state sits at pseudo-random indexes among `2^B` occupied leaves, so the tape carries
//! the Merkle paths a real chain's state costs. Proving mode needs no change: the tape format is the same.
//!
//! Tape layout: pre-state commitment, block context, then the answers in query order (each account or slot
//! read with its Merkle proof, records and code as preimages), and finally one empty-leaf proof per key the
//! block inserts into the tree.

pub mod batch;
pub mod commit;
pub mod record;
pub mod tape;
pub mod verify;

use alloc::vec::Vec;
use core::fmt;

use primitives::B256;
use system_api::{BlockContext, MeteredResources, OracleError, SystemAllocator, SystemError};
use system_impl::{InMemoryState, System};
use tree::{Commitment, Layout, LayoutError};

use ee_api::EeSet;

use crate::{BlockError, BlockOutput, BootloaderOf, ChainSpec, ForwardRun, Rollup};
use commit::{block_writes, effective_writes, outputs_hash, public_input};
pub use record::{RecordingOracle, Segment};
pub use tape::{SliceTape, TapeError, TapeSource, TapeWriter};
pub use verify::TapeOracle;

/// Why a proving run cannot produce an output (the RISC-V program then exits unprovably).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProvingError {
    /// The oracle's answers did not verify, or ran out.
    Oracle(OracleError),
    /// The block failed.
    Block(BlockError),
}

impl fmt::Display for ProvingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Oracle(e) => write!(f, "oracle: {e}"),
            Self::Block(e) => write!(f, "{e}"),
        }
    }
}

/// A proven block.
#[derive(Debug)]
pub struct Proven {
    /// What the program outputs.
    pub public_input: [u32; 8],
    /// State before.
    pub pre: Commitment,
    /// State after.
    pub post: Commitment,
    /// Receipts.
    pub output: BlockOutput,
    /// The block's context as the tape gave it.
    pub context: BlockContext,
    /// Fold of the block's transactions (the chain header's `transactions_hash`) and their count.
    pub transactions: (B256, u32),
    /// The outputs hash the public input folded in.
    pub outputs: B256,
}

/// Runs a rollup block in proving mode over `tape`, verifying every oracle answer.
pub fn prove_block<T: TapeSource, A: SystemAllocator>(tape: T) -> Result<Proven, ProvingError> {
    prove_chain_block::<Rollup, T, A>(tape)
}

/// [`prove_block`] for a block of chain `C`.
pub fn prove_chain_block<C, T, A>(tape: T) -> Result<Proven, ProvingError>
where
    C: ChainSpec,
    T: TapeSource,
    A: SystemAllocator,
    C::Ees: EeSet<System<TapeOracle<T>, A, MeteredResources>>,
{
    let oracle = TapeOracle::new(tape).map_err(ProvingError::Oracle)?;
    let mut sys: System<TapeOracle<T>, A, MeteredResources> =
        System::new(oracle).map_err(|e| ProvingError::Block(BlockError::Fatal { tx_index: 0, error: e }))?;
    let output = BootloaderOf::<C>::run_block(&mut sys).map_err(ProvingError::Block)?;
    let context = system_api::ContextIo::block(&sys).clone();
    let diff = sys.state_diff();
    let mut oracle = sys.into_oracle();
    let writes = effective_writes(block_writes(&diff), |k| oracle.tree.old_value(k))
        .map_err(|_| ProvingError::Oracle(OracleError::Rejected("write to a key no read proved")))?;
    let inserts = oracle.tree.count_inserts(writes.iter().map(|(k, _)| k));
    let mut proofs = Vec::with_capacity(inserts as usize);
    for _ in 0..inserts {
        let proof = oracle.tape().read_leaf_proof().map_err(|e| ProvingError::Oracle(match e {
            TapeError::Exhausted => OracleError::Missing("insertion proof"),
            TapeError::Malformed(w) => OracleError::Rejected(w),
        }))?;
        proofs.push(proof);
    }
    let pre = oracle.tree.old_commitment();
    let post = oracle.tree.apply(&writes, &proofs).map_err(|_| {
        ProvingError::Oracle(OracleError::Rejected("insertion proofs do not match the state root"))
    })?;
    let outputs = outputs_hash(&output);
    let public_input = public_input(&pre, &post, &oracle.block_hash, &oracle.inputs.0, &outputs);
    let transactions = (oracle.transactions_fold.0, oracle.transaction_count);
    Ok(Proven { public_input, pre, post, output, context, transactions, outputs })
}

/// A forward run with its witness.
#[derive(Debug)]
pub struct WitnessedRun {
    /// The forward run (receipts, diff, post-state).
    pub run: ForwardRun,
    /// The tape proving mode needs.
    pub tape: Vec<u32>,
    /// State commitment before.
    pub pre: Commitment,
    /// State commitment after.
    pub post: Commitment,
    /// The public input proving mode must reproduce.
    pub public_input: [u32; 8],
    /// What each stretch of the tape holds: (what, first word, word count).
    pub segments: Vec<(Segment, usize, usize)>,
}

/// Runs a rollup block forward, recording the witness and computing the commitments and public input.
pub fn run_with_witness(block: BlockContext, state: InMemoryState, transactions: Vec<Vec<u8>>) -> Result<WitnessedRun, BlockError> {
    run_chain_with_witness::<Rollup>(block, state, transactions)
}

/// [`run_with_witness`] over a forward tree whose pre-state `layout` places (see [`Layout`]).
pub fn run_with_witness_in(
    layout: Layout,
    block: BlockContext,
    state: InMemoryState,
    transactions: Vec<Vec<u8>>,
) -> Result<WitnessedRun, BlockError> {
    run_chain_with_witness_in::<Rollup>(layout, block, state, transactions)
}

/// The System forward mode records a witness with.
pub type RecordingSystem = System<RecordingOracle, system_impl::StdAllocator, MeteredResources>;

/// [`run_with_witness`] for a block of chain `C`.
pub fn run_chain_with_witness<C: ChainSpec>(
    block: BlockContext,
    state: InMemoryState,
    transactions: Vec<Vec<u8>>,
) -> Result<WitnessedRun, BlockError>
where
    C::Ees: EeSet<RecordingSystem>,
{
    run_chain_with_witness_in::<C>(Layout::Dense, block, state, transactions)
}

/// [`run_chain_with_witness`] over a forward tree whose pre-state `layout` places (see [`Layout`]); fails
/// before running anything when the layout has no room for the state.
pub fn run_chain_with_witness_in<C: ChainSpec>(
    layout: Layout,
    block: BlockContext,
    state: InMemoryState,
    transactions: Vec<Vec<u8>>,
) -> Result<WitnessedRun, BlockError>
where
    C::Ees: EeSet<RecordingSystem>,
{
    let oracle = RecordingOracle::with_layout(block, transactions, state, layout).map_err(|e| BlockError::Fatal {
        tx_index: 0,
        error: SystemError::ResourceExhausted(match e {
            LayoutError::BadSize(_) => "state tree layout: size outside 2^1..2^63 leaves",
            LayoutError::TooManyLeaves { .. } => "state tree layout: no room for the pre-state",
        }),
    })?;
    witness_block::<C>(oracle).map(|(run, _)| run)
}

/// Runs the block `oracle` describes and records its witness; gives back the tree with the block's writes
/// applied (the next block's pre-state tree in a batch).
pub(crate) fn witness_block<C: ChainSpec>(
    oracle: RecordingOracle,
) -> Result<(WitnessedRun, alloc::boxed::Box<dyn tree::StateTree + Send>), BlockError>
where
    C::Ees: EeSet<RecordingSystem>,
{
    let pre = oracle.pre_commitment();
    let mut sys: RecordingSystem = System::new(oracle).map_err(|error| BlockError::Fatal { tx_index: 0, error })?;
    let output = BootloaderOf::<C>::run_block(&mut sys)?;
    let diff = sys.state_diff();
    let mut oracle = sys.into_oracle();
    let block_hash = oracle.block_hash;
    let inputs = oracle.inputs.0;
    let tree = oracle.tree_mut();
    let writes = effective_writes(block_writes(&diff), |k| Ok::<_, SystemError>(tree.get(k).unwrap_or_default()))
        .map_err(|error| BlockError::Fatal { tx_index: 0, error })?;
    let new_keys = writes.iter().filter(|(k, _)| tree.get(k).is_none()).count() as u64;
    let mut proofs: Vec<_> = (0..new_keys).map(|n| tree.leaf_proof(pre.next_free + n)).collect();
    for (key, value) in &writes {
        tree.set(*key, *value);
    }
    let post = tree.commitment();
    proofs.iter_mut().for_each(|p| oracle.revealed.trim(p));
    oracle.segment(Segment::InsertionProofs, |t| {
        for proof in &proofs {
            t.leaf_proof(proof);
        }
    });
    let public_input = public_input(&pre, &post, &block_hash, &inputs, &outputs_hash(&output));
    let (mut post_state, tape, segments, tree) = oracle.into_parts_with_tree();
    post_state.apply(&diff);
    let run = WitnessedRun { run: ForwardRun { output, diff, post_state }, tape: tape.words, pre, post, public_input, segments };
    Ok((run, tree))
}
