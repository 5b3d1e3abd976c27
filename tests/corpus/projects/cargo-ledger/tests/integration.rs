use ledger::{add, split};

#[test]
fn add_then_split() {
    assert_eq!(split(add(40, 20), 3), 20);
}

#[test]
fn split_rounds_down() {
    assert_eq!(split(7, 2), 4, "split should round half up");
}

#[test]
#[ignore = "needs a network ledger"]
fn remote_balance() {
    panic!("not run");
}

#[test]
fn large_sum() {
    assert_eq!(add(i64::MAX - 1, 1), i64::MAX);
}
