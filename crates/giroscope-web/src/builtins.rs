//! Faster versions of C library functions that wasm32 gets from compiler-builtins as plain
//! portable code. compiler-builtins defines them as weak symbols, so the strong ones here
//! replace them in the whole module (the Rust code and every crate it links); other targets
//! keep their C library's, and the tests check these against it.
//!
//! - `memcmp` compares byte by byte there. rxing's Reed–Solomon decoder checks that two
//!   polynomials share a field by comparing the fields' tables (16 KB) on every addition and
//!   multiplication: with the byte loop that was a tenth of the time a photo took.
//! - `round` and `roundf` (halves away from zero) have no WebAssembly instruction and were a
//!   bit-twiddling call: rqrr rounds every point it samples. WebAssembly's `trunc` is an
//!   instruction, and `x - trunc(x)` is exact.
#![allow(unsafe_code)]

/// C's `memcmp`.
///
/// # Safety
/// `a` and `b` must be valid for reads of `n` bytes, as the C function requires.
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // rxing compares a field's tables with themselves: one address, nothing to read.
    if n == 0 || a == b {
        return 0;
    }
    // SAFETY: the caller guarantees `n` readable bytes at each, and neither is null then.
    let (a, b) = unsafe {
        (
            std::slice::from_raw_parts(a, n),
            std::slice::from_raw_parts(b, n),
        )
    };
    compare(a, b)
}

/// C's `round`.
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn round(x: f64) -> f64 {
    round_f64(x)
}

/// C's `roundf`.
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn roundf(x: f32) -> f32 {
    round_f32(x)
}

/// `memcmp` on two slices of the same length: the sign of the difference of the first pair of
/// bytes that differ, or 0. Eight bytes at a time until a word differs. (Comparing slices
/// with `==` here would call `memcmp` itself.)
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn compare(a: &[u8], b: &[u8]) -> i32 {
    const WORD: usize = 8;
    // One unaligned load a word: `copy_from_slice` would be a call per word at this crate's
    // optimisation level.
    let word = |bytes: &[u8]| <[u8; WORD]>::try_from(bytes).map_or(0, u64::from_ne_bytes);
    let mut at = 0;
    for (x, y) in a.chunks_exact(WORD).zip(b.chunks_exact(WORD)) {
        if word(x) != word(y) {
            break;
        }
        at += WORD;
    }
    for (x, y) in a[at..].iter().zip(&b[at..]) {
        if x != y {
            return i32::from(*x) - i32::from(*y);
        }
    }
    0
}

/// To the nearest integer, halves away from zero; NaN and infinities unchanged.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn round_f64(x: f64) -> f64 {
    (x + 0.499_999_999_999_999_94_f64.copysign(x)).trunc()
}

/// [`round_f64`] for `f32`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn round_f32(x: f32) -> f32 {
    (x + 0.499_999_97_f32.copysign(x)).trunc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_orders_as_memcmp_does() {
        let base: Vec<u8> = (0..40).map(|i| (i * 37 % 251) as u8).collect();
        for len in [0, 1, 7, 8, 9, 16, 23, 40] {
            let a = &base[..len];
            assert_eq!(compare(a, a), 0, "equal, {len} bytes");
            for at in 0..len {
                for by in [1u8, 128, 255] {
                    let mut b = a.to_vec();
                    b[at] = b[at].wrapping_add(by);
                    let expected = a[at].cmp(&b[at]) as i32;
                    assert_eq!(compare(a, &b).signum(), expected, "{len} bytes, at {at}");
                }
            }
        }
    }

    #[test]
    fn rounding_is_halves_away_from_zero_as_the_c_library_rounds() {
        for x in [
            0.0,
            -0.0,
            0.3,
            -0.3,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.499_999_999_999_999_94,
            4_503_599_627_370_495.5,
            9_007_199_254_740_993.0,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(round_f64(x).to_bits(), x.round().to_bits(), "{x}");
            let y = x as f32;
            assert_eq!(round_f32(y).to_bits(), y.round().to_bits(), "{y}");
        }
        assert!(round_f64(f64::NAN).is_nan() && round_f32(f32::NAN).is_nan());
    }

    #[test]
    fn rounding_agrees_with_the_c_library_near_every_half_and_on_random_bits() {
        // Halves and their neighbours a few units in the last place away, at every magnitude
        // up to where every value is whole, where adding to them rounds.
        for exponent in 0..=54 {
            let whole = 2f64.powi(exponent);
            for k in [whole - 1.0, whole, whole + 1.0] {
                let mut below = k + 0.5;
                let mut above = k + 0.5;
                for _ in 0..4 {
                    for x in [below, above, -below, -above] {
                        assert_eq!(round_f64(x).to_bits(), x.round().to_bits(), "{x}");
                        let y = x as f32;
                        assert_eq!(round_f32(y).to_bits(), y.round().to_bits(), "{y}");
                    }
                    below = below.next_down();
                    above = above.next_up();
                }
            }
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let x = f64::from_bits(state);
            let y = f32::from_bits((state >> 32) as u32);
            if !x.is_nan() {
                assert_eq!(round_f64(x).to_bits(), x.round().to_bits(), "{x}");
            }
            if !y.is_nan() {
                assert_eq!(round_f32(y).to_bits(), y.round().to_bits(), "{y}");
            }
        }
    }
}
