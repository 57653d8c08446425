//! Chain configurations: what a chain does at block level besides running transactions, and which EEs and
//! precompiles it runs. One type names a whole chain ([`ChainSpec`]); the block loop calls its
//! [`BlockRules`] hooks and never asks which chain it runs.
//!
//! - [`Rollup`] (zkos's own chain, the default): every EE zkos ships, L1 → L2 priority transactions, no
//!   block-level system work.
//! - [`EthereumL1`]: Ethereum mainnet's rules for replaying its blocks: the EVM only, no priority
//!   transactions, the EIP-4788 and EIP-2935 system calls before the transactions, withdrawals and the
//!   EIP-7685 requests (deposits, EIP-7002, EIP-7251) after them ([`ethereum`]).
//!
//! A chain with other rules implements [`BlockRules`] (and names its EE set and precompiles in a
//! [`ChainSpec`]); nothing in the block loop changes.

pub mod ethereum;
pub mod header;
pub mod requests;
pub mod system_call;

use ee_api::EeSet;
use system_api::BootloaderIo;
use transactions::TxType;

use crate::block::{BlockError, BlockOutput};
use crate::precompiles::{EthereumPrecompiles, PrecompileSet};
use crate::Bootloader;

pub use ethereum::EthereumRules;

/// A chain's block-level rules, in the order the block loop applies them:
/// [`begin_block`](Self::begin_block) → every transaction that [`admits`](Self::admits) allows →
/// [`end_block`](Self::end_block).
///
/// The hooks run inside the proven program too, so they may only reach state through the System.
pub trait BlockRules {
    /// Whether transactions of `tx_type` may be included; others are rejected as not supported.
    fn admits(tx_type: TxType) -> bool;

    /// Block-level work before the first transaction (Ethereum: the beacon-root and history system calls).
    fn begin_block<Sys, Ees, P>(sys: &mut Sys) -> Result<(), BlockError>
    where
        Sys: BootloaderIo,
        Ees: EeSet<Sys>,
        P: PrecompileSet;

    /// Block-level work after the last transaction (Ethereum: withdrawals and requests); may add to
    /// `output`.
    fn end_block<Sys, Ees, P>(sys: &mut Sys, output: &mut BlockOutput) -> Result<(), BlockError>
    where
        Sys: BootloaderIo,
        Ees: EeSet<Sys>,
        P: PrecompileSet;
}

/// The rollup's block rules: transactions only, L1 priority transactions included.
pub struct RollupRules;

impl BlockRules for RollupRules {
    fn admits(_: TxType) -> bool {
        true
    }

    fn begin_block<Sys, Ees, P>(_: &mut Sys) -> Result<(), BlockError>
    where
        Sys: BootloaderIo,
        Ees: EeSet<Sys>,
        P: PrecompileSet,
    {
        Ok(())
    }

    fn end_block<Sys, Ees, P>(_: &mut Sys, _: &mut BlockOutput) -> Result<(), BlockError>
    where
        Sys: BootloaderIo,
        Ees: EeSet<Sys>,
        P: PrecompileSet,
    {
        Ok(())
    }
}

/// A whole chain as one type: its execution environments, its precompiles and its block rules.
pub trait ChainSpec {
    /// The EE set (a tuple of EEs).
    type Ees;
    /// The precompiled contracts.
    type Precompiles: PrecompileSet;
    /// The block rules.
    type Rules: BlockRules;
    /// A short name for reports (`rollup`, `ethereum`).
    const NAME: &'static str;
}

/// The bootloader of chain `C`.
pub type BootloaderOf<C> = Bootloader<<C as ChainSpec>::Ees, <C as ChainSpec>::Precompiles, <C as ChainSpec>::Rules>;

/// zkos's rollup: the EVM, WebAssembly and EraVM EEs, Ethereum's precompiles, [`RollupRules`].
pub struct Rollup;

impl ChainSpec for Rollup {
    type Ees = crate::DefaultEes;
    type Precompiles = EthereumPrecompiles;
    type Rules = RollupRules;
    const NAME: &'static str = "rollup";
}

/// Ethereum L1: the EVM alone (so that init code beginning with another EE's prefix runs as EVM code, as on
/// Ethereum), Ethereum's precompiles and [`EthereumRules`].
pub struct EthereumL1;

impl ChainSpec for EthereumL1 {
    type Ees = (ee_evm::EvmEe,);
    type Precompiles = EthereumPrecompiles;
    type Rules = EthereumRules;
    const NAME: &'static str = "ethereum";
}
