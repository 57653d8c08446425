//! Shared test harness: assembling `../shared/eravm/asm` tests and a standalone host.
#![allow(dead_code)]

pub mod directives;
pub mod generated;
use directives::preprocess;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use primitives::{Address, U256};
use system_api::Checkpoint;
use zkos_ee_eravm::vm::Host;

/// Where the fixtures are (beside the clone).
pub fn eravm_dir() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/eravm");
    p.join("expectations.json").exists().then_some(p)
}

/// Assembles text assembly into code words.
pub fn assemble(text: &str) -> Result<Vec<[u8; 32]>, String> {
    let mut asm = zkevm_assembly::Assembly::try_from(text.to_string()).map_err(|e| format!("{e:?}"))?;
    asm.compile_to_bytecode().map_err(|e| format!("{e:?}"))
}

/// The versioned EraVM code hash (byte 0 = 1, byte 1 = 0 at rest, bytes 2–3 = word count).
pub fn code_hash(words: &[[u8; 32]]) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for w in words {
        h.update(w);
    }
    let d = h.finalize();
    let mut out = [0u8; 32];
    out.copy_from_slice(&d);
    out[0] = 1;
    out[1] = 0;
    out[2..4].copy_from_slice(&(words.len() as u16).to_be_bytes());
    out
}

pub fn words_to_code(words: &[[u8; 32]]) -> Rc<[U256]> {
    words.iter().map(|w| U256::from_be_bytes(*w)).collect::<Vec<_>>().into()
}

pub fn addr(n: u64) -> Address {
    Address::from_low_u64(n)
}

/// An in-memory world with a journal.
#[derive(Default)]
pub struct TestHost {
    pub storage: BTreeMap<(Address, U256), U256>,
    pub transient: BTreeMap<(Address, U256), U256>,
    pub events: Vec<(Address, U256, U256, bool)>,
    pub messages: Vec<(Address, U256, U256, bool)>,
    journal: Vec<Undo>,
    pub codes: HashMap<[u8; 28], Rc<[U256]>>,
    /// The ergs refund every storage access gets (0 = cold), set by `set_storage_cold()` /
    /// `set_storage_warm(N)` through the [`DirectiveTracer`], as upstream's refund-controlled test storage.
    pub refund: u32,
}

enum Undo {
    Storage(Address, U256, Option<U256>),
    Transient(Address, U256, Option<U256>),
}

impl TestHost {
    pub fn deploy(&mut self, address: Address, words: &[[u8; 32]]) -> [u8; 32] {
        let hash = code_hash(words);
        self.storage.insert((addr(0x8002), address.to_word()), U256::from_be_bytes(hash));
        self.storage.insert((addr(0x8004), U256::from_be_bytes(hash)), U256::from(1u8));
        self.register(words)
    }
    /// Marks `address` as an EVM contract the way the harness does: its AccountCodeStorage slot holds a
    /// BlobSha256 versioned hash (version byte 2, preimage length 0) whose digest part is that of the hash
    /// of one zero word, and that code (one zero word) is known to the decommitter. Calls to it run the
    /// block's EVM-emulator code.
    /// With `in_construction`, the hash's marker byte says "being constructed" (callable only by a
    /// constructor call).
    pub fn deploy_evm_stub(&mut self, address: Address, in_construction: bool) -> [u8; 32] {
        let mut hash = self.register(&[[0u8; 32]]);
        hash[0] = 2;
        hash[1] = in_construction as u8;
        hash[2] = 0;
        hash[3] = 0;
        self.storage.insert((addr(0x8002), address.to_word()), U256::from_be_bytes(hash));
        hash
    }
    pub fn register(&mut self, words: &[[u8; 32]]) -> [u8; 32] {
        let hash = code_hash(words);
        let mut norm = [0u8; 28];
        norm.copy_from_slice(&hash[4..]);
        self.codes.insert(norm, words_to_code(words));
        hash
    }
}

impl Host for TestHost {
    fn storage_read(&mut self, address: &Address, key: &U256) -> U256 {
        self.storage.get(&(*address, *key)).copied().unwrap_or_default()
    }
    fn storage_write(&mut self, address: &Address, key: &U256, value: &U256) {
        let old = self.storage.insert((*address, *key), *value);
        self.journal.push(Undo::Storage(*address, *key, old));
    }
    fn storage_refund(&mut self, _address: &Address, _key: &U256, _is_write: bool) -> u32 {
        self.refund
    }
    fn storage_write_pubdata(&mut self, _address: &Address, _key: &U256) -> i32 {
        // zk_evm's reference storage (and so the upstream harness) charges the maximum for every write
        zkos_ee_eravm::pubdata::MAX_PUBDATA_COST_PER_QUERY
    }
    fn transient_read(&mut self, address: &Address, key: &U256) -> U256 {
        self.transient.get(&(*address, *key)).copied().unwrap_or_default()
    }
    fn transient_write(&mut self, address: &Address, key: &U256, value: &U256) {
        let old = self.transient.insert((*address, *key), *value);
        self.journal.push(Undo::Transient(*address, *key, old));
    }
    fn event(&mut self, address: &Address, key: &U256, value: &U256, is_first: bool) {
        self.events.push((*address, *key, *value, is_first));
    }
    fn l1_message(&mut self, address: &Address, key: &U256, value: &U256, is_first: bool) {
        self.messages.push((*address, *key, *value, is_first));
    }
    fn checkpoint(&mut self) -> Checkpoint {
        Checkpoint { journal_len: self.journal.len(), logs_len: self.events.len(), messages_len: self.messages.len() }
    }
    fn rollback(&mut self, cp: Checkpoint) {
        while self.journal.len() > cp.journal_len {
            match self.journal.pop().unwrap() {
                Undo::Storage(a, k, old) => match old {
                    Some(v) => {
                        self.storage.insert((a, k), v);
                    }
                    None => {
                        self.storage.remove(&(a, k));
                    }
                },
                Undo::Transient(a, k, old) => match old {
                    Some(v) => {
                        self.transient.insert((a, k), v);
                    }
                    None => {
                        self.transient.remove(&(a, k));
                    }
                },
            }
        }
        self.events.truncate(cp.logs_len);
        self.messages.truncate(cp.messages_len);
    }
    fn decommit(&mut self, hash: &[u8; 32]) -> Option<Rc<[U256]>> {
        let mut norm = [0u8; 28];
        norm.copy_from_slice(&hash[4..]);
        self.codes.get(&norm).cloned()
    }
}

/// One asm test, assembled and deployed.
pub struct Prepared {
    pub id: String,
    pub entry: Vec<[u8; 32]>,
    pub host: TestHost,
    pub cycle_limit: u64,
    pub default_aa: Option<[u8; 32]>,
    pub evm_emulator: Option<[u8; 32]>,
    pub ignored: bool,
    pub evm: bool,
    /// Cycles zk_evm 0.153.12 ran (expectations.json `observed_zk_evm_0_153_12`), if recorded.
    pub observed_cycles: Option<u64>,
    /// Final values of the storage slots zk_evm's run touched: (address, key, value).
    pub observed_storage: Vec<(Address, U256, U256)>,
}

/// Reads expectations.json and prepares every test.
pub fn prepare_all(dir: &Path) -> Vec<Result<Prepared, (String, String)>> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expectations.json")).unwrap()).unwrap();
    let mut out = Vec::new();
    for t in json["tests"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap().to_string();
        out.push(prepare(dir, t).map_err(|e| (id, e)));
    }
    out
}

fn prepare(dir: &Path, t: &serde_json::Value) -> Result<Prepared, String> {
    let id = t["id"].as_str().unwrap().to_string();
    let tdir = dir.join(t["dir"].as_str().unwrap());
    let pre = t["harness_preprocesses_directives"].as_bool().unwrap_or(true);
    let mut template = HashMap::new();
    if let Some(obj) = t["template"].as_object() {
        for (k, v) in obj {
            let s = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Object(o) => {
                    o["repeat"].as_str().unwrap().repeat(o["times"].as_u64().unwrap() as usize)
                }
                other => other.to_string(),
            };
            template.insert(k.clone(), s);
        }
    }
    let load = |file: &str| -> Result<String, String> {
        let src = std::fs::read_to_string(tdir.join(file)).map_err(|e| format!("{file}: {e}"))?;
        Ok(if pre { preprocess(&src, &template) } else { src })
    };
    let mut host = TestHost::default();
    let mut hashes: HashMap<String, [u8; 32]> = HashMap::new();
    for c in t["contracts"].as_array().unwrap() {
        let file = c["file"].as_str().unwrap();
        let words = assemble(&load(file)?).map_err(|e| format!("{file}: {e}"))?;
        let h = host.deploy(addr(c["address"].as_u64().unwrap()), &words);
        hashes.insert(file.to_string(), h);
    }
    let mut entry_text = load(t["entry"].as_str().unwrap())?;
    for (file, h) in &hashes {
        entry_text = entry_text.replace(&format!("<{file}>"), &U256::from_be_bytes(*h).to_string());
    }
    let entry = assemble(&entry_text).map_err(|e| format!("entry: {e}"))?;
    let mut default_aa = None;
    if let Some(f) = t["default_aa"].as_str() {
        let words = assemble(&load(f)?)?;
        default_aa = Some(host.register(&words));
    }
    let mut evm_emulator = None;
    if let Some(f) = t["evm_emulator"].as_str() {
        let words = assemble(&load(f)?)?;
        evm_emulator = Some(host.register(&words));
    }
    let stubs = t["evm_stub_addresses"].as_array().unwrap();
    for a in stubs {
        host.deploy_evm_stub(addr(a.as_u64().unwrap()), false);
    }
    Ok(Prepared {
        id,
        entry,
        host,
        cycle_limit: t["cycle_limit"].as_u64().unwrap_or(50),
        default_aa,
        evm_emulator,
        ignored: !t["ignored_upstream"].is_null(),
        evm: !t["evm_stub_addresses"].as_array().unwrap().is_empty(),
        observed_cycles: t["observed_zk_evm_0_153_12"]["cycles"].as_u64(),
        observed_storage: t["observed_zk_evm_0_153_12"]["final_storage_of_touched_slots"]
            .as_array()
            .map(|slots| {
                slots
                    .iter()
                    .map(|s| {
                        let a = U256::from_str_radix(s["address"].as_str().unwrap().trim_start_matches("0x"), 16).unwrap();
                        let num = |f: &str| s[f].as_str().unwrap().parse::<U256>().unwrap();
                        (Address::from_word(&a), num("key"), num("value"))
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}
