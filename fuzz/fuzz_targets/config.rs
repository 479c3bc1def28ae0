//! The `.keygate.yaml` loader (allowlists, extra rules): any text gives a
//! configuration or an error naming the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = keygate::config::Config::parse("fuzz.yaml", text) {
        assert_eq!(e.file, "fuzz.yaml");
    }
});
