//! What a PUT or PATCH keeps of a user's state, and the faults that get it wrong
//! (`put-drops-unsent`, `ignores-deactivate`).
//!
//! RFC 7644 section 3.5.1 lets a server keep or default the attributes a PUT leaves out.
//! This server keeps `active` (the account state) and `password` (write-only, so a client
//! that reads, changes and PUTs a user cannot send it back); everything else a PUT leaves
//! out is dropped.

use serde_json::{Map, Value};

use crate::filter::get_ci;
use scim_faults::{Fault, Faults};

/// The attributes a PUT that leaves them out does not clear.
const KEPT_WHEN_UNSENT: &[&str] = &["active", "password"];

/// Completes a PUT body from the user it replaces. Under `put-drops-unsent` nothing is
/// kept, and a user whose `active` was dropped reads as inactive.
pub(crate) fn complete_put(
    new: &mut Map<String, Value>,
    old: &Map<String, Value>,
    faults: &Faults,
) {
    if faults.contains(Fault::PutDropsUnsent) {
        if get_ci(new, "active").is_none() {
            new.insert("active".to_owned(), Value::Bool(false));
        }
        return;
    }
    for name in KEPT_WHEN_UNSENT {
        if get_ci(new, name).is_none() {
            if let Some((key, value)) = old.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
                new.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Under `ignores-deactivate`, a write that would turn `active` from true (or unset) to
/// false leaves it as it was.
pub(crate) fn ignore_deactivation(
    new: &mut Map<String, Value>,
    old: &Map<String, Value>,
    faults: &Faults,
) {
    if !faults.contains(Fault::IgnoresDeactivate) {
        return;
    }
    let Some(key) = new
        .keys()
        .find(|k| k.eq_ignore_ascii_case("active"))
        .cloned()
    else {
        return;
    };
    if new.get(&key) == Some(&Value::Bool(false)) {
        let before = get_ci(old, "active").cloned().unwrap_or(Value::Bool(true));
        new.insert(key, before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_put_keeps_active_and_password_unless_the_fault_is_on() {
        let old = map(json!({"userName": "a", "active": true, "password": "p", "title": "T"}));
        let mut new = map(json!({"userName": "b"}));
        complete_put(&mut new, &old, &Faults::new());
        assert_eq!(
            Value::Object(new),
            json!({"userName": "b", "active": true, "password": "p"})
        );

        let faults: Faults = [Fault::PutDropsUnsent].into_iter().collect();
        let mut new = map(json!({"userName": "b"}));
        complete_put(&mut new, &old, &faults);
        assert_eq!(
            Value::Object(new),
            json!({"userName": "b", "active": false})
        );
    }

    #[test]
    fn deactivation_is_ignored_only_under_the_fault() {
        let old = map(json!({"active": true}));
        let faults: Faults = [Fault::IgnoresDeactivate].into_iter().collect();
        let mut new = map(json!({"Active": false}));
        ignore_deactivation(&mut new, &old, &faults);
        assert_eq!(Value::Object(new), json!({"Active": true}));
        let mut new = map(json!({"active": false}));
        ignore_deactivation(&mut new, &old, &Faults::new());
        assert_eq!(Value::Object(new), json!({"active": false}));
        let mut new = map(json!({"active": true}));
        ignore_deactivation(&mut new, &map(json!({"active": false})), &faults);
        assert_eq!(Value::Object(new), json!({"active": true}));
    }
}
