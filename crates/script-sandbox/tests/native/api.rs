//! Runscope's script API: variables, request, response, log, assert, helpers.

use super::*;

#[test]
fn smoke() {
    let out = run("log('hi', 1 + 1); variables.set('a', {b: [1]}); assert.equal(1, 2, 'msg')");
    println!("{out:?}");
}
