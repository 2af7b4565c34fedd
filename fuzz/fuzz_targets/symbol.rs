//! Module grid → decoded symbol. The first byte picks the version (so the grid has a QR size),
//! the rest are the modules, eight to a byte; a decoded symbol's figures must be consistent.
#![no_main]

use giroscope::symbol::{self, Grid};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let version = usize::from(first % 40) + 1;
    let size = 17 + 4 * version;
    let grid = Grid::from_fn(size, |x, y| {
        let bit = y * size + x;
        rest.get(bit / 8).is_some_and(|b| b >> (bit % 8) & 1 == 1)
    });
    let _ = symbol::has_format_info(&grid);
    if let Ok(symbol) = symbol::read(&grid) {
        assert_eq!(usize::from(symbol.version), version);
        assert!(symbol.mask < 8);
        let uec = symbol.unused_error_correction();
        assert!((0.0..=1.0).contains(&uec));
        for block in &symbol.blocks {
            assert!(block.corrected_errors <= block.ec_codewords / 2);
        }
    }
});
