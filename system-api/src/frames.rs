//! Nested frames: snapshot before a call or deployment, roll back if it fails.

/// A position in the journal to return to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// Journal length at the checkpoint.
    pub journal_len: usize,
    /// Number of events at the checkpoint.
    pub logs_len: usize,
    /// Number of L2→L1 messages at the checkpoint.
    pub messages_len: usize,
}

/// Snapshot and rollback of every effect (state, warmth, transient storage, events).
///
/// Checkpoints nest like frames: a rollback undoes everything after its checkpoint, including the effects
/// of inner frames that committed.
pub trait FrameIo {
    /// Marks the current state as a point to return to.
    fn checkpoint(&mut self) -> Checkpoint;
    /// Undoes everything done after `checkpoint`.
    fn rollback(&mut self, checkpoint: Checkpoint);
}
