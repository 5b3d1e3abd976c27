//! A tiny ledger used to produce real `cargo test` output.

/// Adds two amounts in cents.
///
/// ```
/// assert_eq!(ledger::add(2, 3), 5);
/// ```
pub fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// Splits an amount into `parts` equal shares (the remainder is dropped).
///
/// ```
/// // wrong on purpose: 10 / 3 is 3
/// assert_eq!(ledger::split(10, 3), 4);
/// ```
pub fn split(total: i64, parts: i64) -> i64 {
    total / parts
}

/// Formats cents as a decimal string.
///
/// ```ignore
/// assert_eq!(ledger::format_cents(1234), "12.34");
/// ```
pub fn format_cents(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_small_numbers() {
        assert_eq!(add(1, 2), 3);
    }

    #[test]
    fn formats_cents() {
        assert_eq!(format_cents(1234), "12.34");
    }

    #[test]
    fn formats_negative_cents() {
        // wrong on purpose: -5 % 100 is -5, so this prints "0.-5"
        assert_eq!(format_cents(-5), "-0.05");
    }

    #[test]
    #[ignore]
    fn slow_rounding_table() {
        assert_eq!(split(100, 7), 14);
    }

    #[test]
    #[should_panic(expected = "attempt to divide by zero")]
    fn split_by_zero_panics() {
        split(1, 0);
    }
}
