//! Crash safety: a child process builds the drill chain (`zkos_chain::drill`) and is killed with SIGKILL
//! (`Child::kill`) at random instants, over and over. After every kill the store must open at a committed
//! block: the full check passes (header hash, no table past the head, tree root and size = the header's,
//! the root recomputed from the leaves, every account and slot = its tree value), the head never goes back,
//! and its state root is the one an in-memory replay of blocks `1..=head` reaches. Then the child runs
//! again from there.
//!
//! `ZKOS_CHAIN_KILLS=N` sets the number of kills (default 60).

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::Duration;

use bootloader::proving::commit::{block_writes, effective_writes, state_tree};
use tree::FullTree;
use zkos_chain::workload::Rng;
use zkos_chain::{drill, Chain, ChainError};

/// The drill's state roots by block number, by running its blocks in memory.
struct Replay {
    state: system_impl::InMemoryState,
    tree: FullTree,
    roots: HashMap<u64, primitives::B256>,
    next: u64,
}

impl Replay {
    fn new() -> Self {
        let genesis = drill::genesis().expect("genesis");
        let mut tree = state_tree(&genesis.state);
        let roots = HashMap::from([(0, tree.commitment().root)]);
        Replay { state: genesis.state, tree, roots, next: 1 }
    }

    fn root(&mut self, n: u64) -> primitives::B256 {
        while self.next <= n {
            let txs = drill::block_transactions(self.next).expect("txs");
            let state = std::mem::take(&mut self.state);
            let run = bootloader::run_forward(drill::context(self.next), state, txs).expect("block");
            assert!(run.output.rejected.is_empty(), "drill block {} rejected {:?}", self.next, run.output.rejected);
            let tree = &self.tree;
            let writes = effective_writes(block_writes(&run.diff), |k| Ok::<_, ()>(tree.get(k).unwrap_or_default())).expect("w");
            for (k, v) in writes {
                self.tree.set(k, v);
            }
            self.roots.insert(self.next, self.tree.commitment().root);
            self.state = run.post_state;
            self.next += 1;
        }
        self.roots[&n]
    }
}

#[test]
fn sigkill_at_random_instants_leaves_a_committed_block() {
    let kills: u64 = std::env::var("ZKOS_CHAIN_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    let dir = std::env::temp_dir().join(format!("zkos-chain-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let child_bin = env!("CARGO_BIN_EXE_chain-crash-child");
    let mut rng = Rng(0xc0ffee);
    let mut replay = Replay::new();
    let mut head = None::<u64>;
    let (mut advanced, mut uninitialized) = (0u64, 0u64);
    for kill in 0..kills {
        let mode = if kill % 2 == 0 { "apply" } else { "sequence" };
        let mut child = Command::new(child_bin)
            .arg(&dir)
            .arg(mode)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn the child");
        // Anywhere from during the open (and its repair) to a dozen blocks in.
        std::thread::sleep(Duration::from_millis(5 + rng.below(120)));
        if let Ok(Some(status)) = child.try_wait() {
            let output = child.wait_with_output().expect("child output");
            panic!("the child ended on its own ({status}): {}", String::from_utf8_lossy(&output.stderr));
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");

        let chain = match Chain::open(&dir) {
            Ok(chain) => chain,
            // Killed before init committed: no chain yet, and nothing half-made.
            Err(ChainError::NotInitialized(_)) if head.is_none() => {
                uninitialized += 1;
                continue;
            }
            Err(e) => panic!("kill {kill}: the store does not open: {e}"),
        };
        let report = chain.check(true).unwrap_or_else(|e| panic!("kill {kill} ({mode}): {e}"));
        let status = chain.status().expect("status");
        assert!(head.is_none_or(|h| status.number >= h), "kill {kill}: head went back from {head:?} to {}", status.number);
        if head.is_some_and(|h| status.number > h) {
            advanced += 1;
        }
        assert_eq!(status.state_root, replay.root(status.number), "kill {kill}: head {} is not the replay's state", status.number);
        assert_eq!(report.head, status.number);
        head = Some(status.number);
    }
    let reached = head.expect("the chain was never initialized");
    // The chain goes on from where the last kill left it.
    {
        let mut chain = Chain::open(&dir).expect("open");
        let next = reached + 1;
        chain.apply_block(drill::context(next), drill::block_transactions(next).expect("txs")).expect("continue");
        assert_eq!(chain.status().expect("status").state_root, replay.root(next));
    }
    eprintln!(
        "crash: {kills} SIGKILLs ({uninitialized} before init committed, {advanced} with the head advanced), head block {reached}"
    );
    assert!(reached > 10, "the child made too little progress ({reached} blocks)");
    let _ = std::fs::remove_dir_all(&dir);
}
