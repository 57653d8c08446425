//! The checks of a replay against the chain, one [`Check`] each: per transaction its receipt (status, gas,
//! cumulative gas, logs) and its state changes; per block the gas used and the header roots.

use std::fmt;

use alloy_rpc_types_eth::TransactionReceipt;
use bootloader::Receipt;
use primitives::{encode_hex, Address, Log, B256};

/// One comparison with the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was compared (`tx 3 receipt`, `receiptsRoot`, …).
    pub name: String,
    /// How it came out.
    pub outcome: Outcome,
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Equal to the chain; the text says what was equal.
    Equal(String),
    /// Different.
    Differs(Divergence),
    /// The chain's side is not in the dumps (no `receipts.json`, no `difftrace.json`).
    NotChecked(&'static str),
    /// The chain's input is incomplete for this item (a delegation target's code missing from the traces).
    Incomplete(String),
}

/// Where zkos and the chain part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Divergence {
    /// The transaction, when the check is one transaction's.
    pub tx: Option<(usize, B256)>,
    /// The account, when the difference is in one.
    pub account: Option<Address>,
    /// The field that differs.
    pub field: String,
    /// zkos's value.
    pub ours: String,
    /// The chain's value.
    pub chain: String,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((index, hash)) = &self.tx {
            write!(f, "tx {index} ({hash}) ")?;
        }
        if let Some(account) = &self.account {
            write!(f, "account {account} ")?;
        }
        write!(f, "{}: ours {}, chain {}", self.field, self.ours, self.chain)
    }
}

impl Check {
    /// A check that passed.
    pub fn equal(name: impl Into<String>, what: impl Into<String>) -> Check {
        Check { name: name.into(), outcome: Outcome::Equal(what.into()) }
    }

    /// Whether it passed.
    pub fn passed(&self) -> bool {
        matches!(self.outcome, Outcome::Equal(_))
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Equal(what) => write!(f, "{}: equal ({what})", self.name),
            Outcome::Differs(d) => write!(f, "{}: DIFFERS: {d}", self.name),
            Outcome::NotChecked(why) => write!(f, "{}: not checked ({why})", self.name),
            Outcome::Incomplete(why) => write!(f, "{}: INCOMPLETE INPUT: {why}", self.name),
        }
    }
}

/// Compares `ours` with the node's receipt of transaction `index`.
pub fn receipt_check(index: usize, hash: B256, ours: &Receipt, chain: &TransactionReceipt) -> Check {
    let name = format!("tx {index} receipt");
    let differs = |field: &str, o: String, c: String| Check {
        name: name.clone(),
        outcome: Outcome::Differs(Divergence { tx: Some((index, hash)), account: None, field: field.into(), ours: o, chain: c }),
    };
    let envelope = &chain.inner;
    if ours.success() != envelope.status() {
        return differs("status", status_word(ours.success()), status_word(envelope.status()));
    }
    if ours.gas_used != chain.gas_used {
        return differs("gasUsed", ours.gas_used.to_string(), chain.gas_used.to_string());
    }
    if ours.cumulative_gas_used != envelope.cumulative_gas_used() {
        return differs("cumulativeGasUsed", ours.cumulative_gas_used.to_string(), envelope.cumulative_gas_used().to_string());
    }
    let chain_logs: Vec<Log> = envelope.logs().iter().map(|l| Log::from(l.inner.clone())).collect();
    if ours.logs.len() != chain_logs.len() {
        return differs("logs", format!("{} logs", ours.logs.len()), format!("{} logs", chain_logs.len()));
    }
    for (i, (o, c)) in ours.logs.iter().zip(&chain_logs).enumerate() {
        if o.address != c.address {
            return differs(&format!("log {i} address"), o.address.to_string(), c.address.to_string());
        }
        if o.topics != c.topics {
            return differs(&format!("log {i} topics"), format!("{:?}", o.topics), format!("{:?}", c.topics));
        }
        if o.data != c.data {
            return differs(&format!("log {i} data"), encode_hex(&o.data), encode_hex(&c.data));
        }
    }
    let created = chain.contract_address.map(Address::from);
    if ours.contract_address != created {
        let show = |a: Option<Address>| a.map(|a| a.to_string()).unwrap_or_else(|| "none".into());
        return differs("contractAddress", show(ours.contract_address), show(created));
    }
    Check::equal(
        name,
        format!(
            "{}, gas {}, cumulative {}, {} logs",
            status_word(ours.success()),
            ours.gas_used,
            ours.cumulative_gas_used,
            ours.logs.len()
        ),
    )
}

fn status_word(success: bool) -> String {
    if success { "success" } else { "failure" }.to_string()
}

/// A block-level comparison of a value with the header's.
pub fn header_check<T: PartialEq + fmt::Display>(name: &str, ours: T, chain: T) -> Check {
    if ours == chain {
        Check::equal(name, format!("{ours}"))
    } else {
        Check {
            name: name.into(),
            outcome: Outcome::Differs(Divergence {
                tx: None,
                account: None,
                field: name.into(),
                ours: ours.to_string(),
                chain: chain.to_string(),
            }),
        }
    }
}
