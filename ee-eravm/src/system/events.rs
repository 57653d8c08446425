//! Events (EventWriter) and L2 → L1 messages (L1Messenger) into the System's logs and messages.
//!
//! zksolc emits `emit E(...)` as a system far call to the EventWriter: r3 holds the number of topics
//! (at most four), r4–r7 the topics, and the calldata is the event data. The log is the caller's, as the
//! real contract writes it with the caller as the event's address. `sendToL1(bytes)` hands the message to
//! the System with the caller as sender and returns its keccak-256 hash, as the real L1Messenger does.
//!
//! Both change state: in a static context they panic, like the `event` / `to_l1` opcodes they stand for,
//! and the panic burns the ergs passed.
//!
//! | call | answer | ergs |
//! |---|---|---|
//! | EventWriter, system call, ≤ 4 topics | a log | base + 375 + 375 per topic + 8 per data byte (the EVM's LOGn) |
//! | EventWriter otherwise | revert | base |
//! | `sendToL1(bytes)` | the message's hash | base + 8 per message byte |

use alloc::vec::Vec;

use primitives::{keccak256, Log, B256};
use system_api::{SystemError, SystemInterface};

use super::{ok_word, refuse, word_at, Answer, Request, BASE_ERGS};
use crate::opcodes::RetKind;

const SEND_TO_L1: u32 = 0x62f8_4b24;

fn static_panic(req: &Request<'_>) -> Answer {
    Answer::Done { kind: RetKind::Panic, output: Vec::new(), ergs: req.call.ergs }
}

/// The EventWriter.
pub fn event_writer<Sys: SystemInterface>(sys: &mut Sys, req: &Request<'_>) -> Result<Answer, SystemError> {
    if !req.call.system {
        return Ok(refuse(BASE_ERGS));
    }
    if req.call.is_static {
        return Ok(static_panic(req));
    }
    let count = match usize::try_from(req.extra[0]) {
        Ok(n) if n <= 4 => n,
        _ => return Ok(refuse(BASE_ERGS)),
    };
    let topics: Vec<B256> = req.extra[1..=count].iter().map(|t| B256(t.to_be_bytes::<32>())).collect();
    let data = req.call.calldata.clone();
    let per_byte = u32::try_from(data.len()).unwrap_or(u32::MAX).saturating_mul(8);
    let ergs = (BASE_ERGS + 375 + 375 * count as u32).saturating_add(per_byte);
    sys.emit_log(Log { address: req.caller, topics, data });
    Ok(Answer::Done { kind: RetKind::Ok, output: Vec::new(), ergs })
}

/// The L1Messenger's `sendToL1(bytes)`.
pub fn l1_messenger<Sys: SystemInterface>(sys: &mut Sys, req: &Request<'_>) -> Result<Answer, SystemError> {
    if req.selector() != SEND_TO_L1 {
        return Ok(refuse(BASE_ERGS));
    }
    if req.call.is_static {
        return Ok(static_panic(req));
    }
    // ABI `bytes`: offset word, then length and contents at that offset
    let data = &req.call.calldata;
    let offset = usize::try_from(req.arg(0)).ok().and_then(|o| o.checked_add(4));
    let message = offset.and_then(|o| {
        let len = usize::try_from(word_at(data, o)).ok()?;
        data.get(o.checked_add(32)?..o.checked_add(32)?.checked_add(len)?)
    });
    let Some(message) = message else {
        return Ok(refuse(BASE_ERGS));
    };
    let hash = keccak256(message).to_word();
    let ergs = BASE_ERGS.saturating_add(u32::try_from(message.len()).unwrap_or(u32::MAX).saturating_mul(8));
    sys.send_l2_to_l1_message(&req.caller, message.to_vec());
    Ok(ok_word(hash, ergs))
}
