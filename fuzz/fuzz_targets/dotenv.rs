//! The dotenv parser: spans inside the input, keys before values.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for e in keygate::dotenv::parse(data) {
        assert!(e.key_span.start <= e.key_span.end && e.key_span.end <= data.len());
        assert!(e.value_span.start <= e.value_span.end && e.value_span.end <= data.len());
        assert!(e.key_span.end <= e.value_span.start);
    }
});
