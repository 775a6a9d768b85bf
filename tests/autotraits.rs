//! Public types can cross threads.

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<bomgate::RuleSet>();
    assert_send_sync::<bomgate::Report>();
    assert_send_sync::<bomgate::Error>();
    assert_send_sync::<bomgate::Bom>();
    assert_send_sync::<bomgate::Context>();
    assert_send_sync::<bomgate::Checker<'static>>();
}
