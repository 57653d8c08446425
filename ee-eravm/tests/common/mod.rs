//! Shared test harness: assembling `../shared/eravm/asm` tests and a standalone host.
#![allow(dead_code)]

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

/// The harness's directive preprocessing, simplified: `revert("…")` becomes `ret.panic r0`; `print(…)`,
/// `printPtr(…)`, `set_storage_cold()` and `set_storage_warm(N)` (tracer-only) disappear; `${KEY}` is
/// substituted. (Upstream also emits an `add @MSG, r0, r0` marker per directive; it only feeds the tracer.)
pub fn preprocess(src: &str, template: &HashMap<String, String>) -> String {
    let mut text = src.to_string();
    for (k, v) in template {
        text = text.replace(&format!("${{{k}}}"), v);
    }
    let mut out = String::new();
    let mut changed = false;
    for line in text.lines() {
        let (code, comment) = match line.find(';') {
            Some(i) => (&line[..i], &line[i..]),
            None => (line, ""),
        };
        let trimmed = code.trim_start();
        let indent = &code[..code.len() - trimmed.len()];
        if trimmed.starts_with("revert(") {
            changed = true;
            out.push_str(&format!("{indent}ret.panic r0 {comment}\n"));
        } else if trimmed.starts_with("print(")
            || trimmed.starts_with("printPtr(")
            || trimmed.starts_with("set_storage_cold(")
            || trimmed.starts_with("set_storage_warm(")
        {
            changed = true;
            out.push_str(&format!("{indent}{comment}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    // keep files without directives byte-exact: the assembler appends keccak256(source) as metadata, so
    // code hashes (hard-coded in some tests) depend on every byte
    if changed {
        out
    } else {
        text
    }
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
    Ok(Prepared {
        id,
        entry,
        host,
        cycle_limit: t["cycle_limit"].as_u64().unwrap_or(50),
        default_aa,
        evm_emulator,
        ignored: !t["ignored_upstream"].is_null(),
        evm: !t["evm_stub_addresses"].as_array().unwrap().is_empty(),
    })
}
