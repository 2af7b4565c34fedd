//! Reed–Solomon decoding over GF(256) as QR Code uses it: field polynomial
//! x^8 + x^4 + x^3 + x^2 + 1 (0x11D), generator roots alpha^0 .. alpha^(d-1).

/// Antilog table doubled in length so that a product's log sum never needs a
/// modulo before the lookup.
const EXP: [u8; 512] = tables().0;
const LOG: [u8; 256] = tables().1;

const fn tables() -> ([u8; 512], [u8; 256]) {
    let mut exp = [0u8; 512];
    let mut log = [0u8; 256];
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 255 {
        exp[i] = x as u8;
        log[x as usize] = i as u8;
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= 0x11D;
        }
        i += 1;
    }
    while i < 512 {
        exp[i] = exp[i - 255];
        i += 1;
    }
    (exp, log)
}

fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        return 0;
    }
    EXP[usize::from(LOG[usize::from(a)]) + usize::from(LOG[usize::from(b)])]
}

/// a / b; callers guarantee b != 0.
fn div(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        return 0;
    }
    EXP[usize::from(LOG[usize::from(a)]) + 255 - usize::from(LOG[usize::from(b)])]
}

/// alpha^e for any e, reduced modulo the multiplicative group order.
fn alpha_pow(e: usize) -> u8 {
    EXP[e % 255]
}

/// Evaluates a polynomial stored lowest degree first.
fn eval_ascending(poly: &[u8], x: u8) -> u8 {
    poly.iter().rev().fold(0, |acc, &c| mul(acc, x) ^ c)
}

/// Why a block could not be corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Uncorrectable;

/// Corrects `block` (data then EC codewords, first codeword = highest power)
/// in place and returns the number of codewords changed. At most
/// `max_errors` corrections are accepted: ISO/IEC 18004 keeps some EC
/// codewords for misdecode protection, so a reader must not spend them.
pub(crate) fn correct(
    block: &mut [u8],
    ec_codewords: usize,
    max_errors: usize,
) -> Result<usize, Uncorrectable> {
    let n = block.len();
    if n > 255 || ec_codewords > n {
        return Err(Uncorrectable);
    }
    let syndromes = syndromes(block, ec_codewords);
    if syndromes.iter().all(|&s| s == 0) {
        return Ok(0);
    }
    let locator = berlekamp_massey(&syndromes);
    let errors = locator.len() - 1;
    if errors == 0 || errors > max_errors || 2 * errors > ec_codewords {
        return Err(Uncorrectable);
    }

    // Chien search: codeword i carries x^(n-1-i), so its locator is
    // X = alpha^(n-1-i) and it is in error iff locator(X^-1) = 0.
    let positions: Vec<usize> = (0..n)
        .filter(|&i| eval_ascending(&locator, alpha_pow(255 - (n - 1 - i))) == 0)
        .collect();
    if positions.len() != errors {
        return Err(Uncorrectable);
    }

    // Forney with first consecutive root alpha^0:
    // e = X * omega(X^-1) / locator'(X^-1).
    let mut omega: Vec<u8> = vec![0; ec_codewords];
    for (i, &s) in syndromes.iter().enumerate() {
        for (j, &l) in locator.iter().enumerate() {
            if let Some(slot) = omega.get_mut(i + j) {
                *slot ^= mul(s, l);
            }
        }
    }
    // Formal derivative in characteristic 2 keeps only the odd-degree terms.
    let derivative: Vec<u8> = locator
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, &c)| if i % 2 == 1 { c } else { 0 })
        .collect();
    for &i in &positions {
        let power = n - 1 - i;
        let x = alpha_pow(power);
        let x_inv = alpha_pow(255 - power);
        let denominator = eval_ascending(&derivative, x_inv);
        if denominator == 0 {
            return Err(Uncorrectable);
        }
        let magnitude = mul(x, div(eval_ascending(&omega, x_inv), denominator));
        block[i] ^= magnitude;
    }

    // A miscorrection can still satisfy the locator; only a clean re-check
    // proves the block is now a codeword.
    if syndromes_are_zero(block, ec_codewords) {
        Ok(errors)
    } else {
        Err(Uncorrectable)
    }
}

/// S_j = r(alpha^j) for j in 0..ec_codewords.
fn syndromes(block: &[u8], ec_codewords: usize) -> Vec<u8> {
    (0..ec_codewords)
        .map(|j| {
            let x = alpha_pow(j);
            block.iter().fold(0, |acc, &c| mul(acc, x) ^ c)
        })
        .collect()
}

fn syndromes_are_zero(block: &[u8], ec_codewords: usize) -> bool {
    syndromes(block, ec_codewords).iter().all(|&s| s == 0)
}

/// Shortest linear feedback register generating the syndromes: the error
/// locator polynomial, lowest degree first, trimmed to its true degree.
fn berlekamp_massey(syndromes: &[u8]) -> Vec<u8> {
    let mut current = vec![1u8];
    let mut previous = vec![1u8];
    let mut length = 0;
    let mut shift = 1;
    let mut previous_discrepancy = 1u8;
    for n in 0..syndromes.len() {
        let discrepancy = (1..=length).fold(syndromes[n], |acc, i| {
            let c = current.get(i).copied().unwrap_or(0);
            acc ^ mul(c, syndromes[n - i])
        });
        if discrepancy == 0 {
            shift += 1;
            continue;
        }
        let scale = div(discrepancy, previous_discrepancy);
        let mut next = current.clone();
        if next.len() < previous.len() + shift {
            next.resize(previous.len() + shift, 0);
        }
        for (i, &p) in previous.iter().enumerate() {
            next[i + shift] ^= mul(scale, p);
        }
        if 2 * length <= n {
            length = n + 1 - length;
            previous = std::mem::replace(&mut current, next);
            previous_discrepancy = discrepancy;
            shift = 1;
        } else {
            current = next;
            shift += 1;
        }
    }
    current.truncate(length + 1);
    current.resize(length + 1, 0);
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Systematic encoder, only for building test blocks.
    fn encode(data: &[u8], ec: usize) -> Vec<u8> {
        let mut generator = vec![1u8];
        for i in 0..ec {
            let root = alpha_pow(i);
            let mut next = vec![0u8; generator.len() + 1];
            for (j, &g) in generator.iter().enumerate() {
                next[j] ^= g;
                next[j + 1] ^= mul(g, root);
            }
            generator = next;
        }
        let mut rem = data.to_vec();
        rem.resize(data.len() + ec, 0);
        for i in 0..data.len() {
            let lead = rem[i];
            for (j, &g) in generator.iter().enumerate() {
                rem[i + j] ^= mul(lead, g);
            }
        }
        let mut out = data.to_vec();
        out.extend_from_slice(&rem[data.len()..]);
        out
    }

    #[test]
    fn field_tables_are_consistent() {
        for a in 1..=255u8 {
            assert_eq!(mul(a, div(1, a)), 1);
            assert_eq!(EXP[usize::from(LOG[usize::from(a)])], a);
        }
    }

    #[test]
    fn encoder_matches_iso_annex_i_example() {
        // 1-M "01234567" from ISO/IEC 18004 Annex I.
        let data = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
            0xEC, 0x11,
        ];
        let ec = [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55];
        assert_eq!(encode(&data, 10)[16..], ec);
    }

    #[test]
    fn corrects_up_to_capacity_and_rejects_beyond() {
        let data: Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37) ^ 0x5A).collect();
        let clean = encode(&data, 20);
        // (errors injected, accepted corrections, expected outcome)
        let cases = [
            (0, 10, Ok(0)),
            (1, 10, Ok(1)),
            (7, 10, Ok(7)),
            (10, 10, Ok(10)),
            (5, 4, Err(Uncorrectable)),
            (11, 10, Err(Uncorrectable)),
        ];
        for (errors, max, want) in cases {
            let mut block = clean.clone();
            for k in 0..errors {
                block[k * 5 + 1] ^= 0x81 ^ (k as u8);
            }
            let got = correct(&mut block, 20, max);
            assert_eq!(got, want, "{errors} errors");
            if got.is_ok() {
                assert_eq!(block, clean);
            }
        }
    }
}
