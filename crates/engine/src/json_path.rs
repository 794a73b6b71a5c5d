//! JSON paths in JavaScript notation: `Resources[0].emails[0].value`, `a["b c"]`, `list.length`.
//!
//! An empty path is the whole body. A leading `$` or `$.` (JSONPath habit) is accepted. As in
//! JavaScript, a numeric key indexes a list (`a.0`), an index on an object looks up that key
//! (`o[0]` is `o["0"]`), and `length` of a list or string is its length when the value has no
//! such key.

use std::borrow::Cow;

use serde_json::Value;

/// One step of a path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Parses a path; the error says what is wrong in plain words.
pub(crate) fn parse(path: &str) -> Result<Vec<Segment>, String> {
    let mut rest = path.trim();
    rest = rest.strip_prefix('$').unwrap_or(rest);
    let mut out = Vec::new();
    let bad = |why: &str| format!("the JSON path {path} is not valid: {why}");
    let mut first = true;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']').ok_or_else(|| bad("a [ is never closed"))?;
            let inside = after[..close].trim();
            let seg = if let Some(q) = inside
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .or_else(|| inside.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
            {
                Segment::Key(q.to_string())
            } else {
                Segment::Index(
                    inside
                        .parse()
                        .map_err(|_| bad(&format!("[{inside}] is not an index or a quoted key")))?,
                )
            };
            out.push(seg);
            rest = &after[close + 1..];
        } else {
            if let Some(after) = rest.strip_prefix('.') {
                rest = after;
            } else if !first {
                return Err(bad("expected . or [ after ]"));
            }
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let key = &rest[..end];
            if key.is_empty() {
                return Err(bad("a name is missing"));
            }
            out.push(Segment::Key(key.to_string()));
            rest = &rest[end..];
        }
        first = false;
    }
    Ok(out)
}

/// The path text up to and including `segments`, as a tester would write it.
pub(crate) fn show(segments: &[Segment]) -> String {
    let mut s = String::new();
    for seg in segments {
        match seg {
            Segment::Index(i) => s.push_str(&format!("[{i}]")),
            Segment::Key(k)
                if !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '-') =>
            {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Segment::Key(k) => s.push_str(&format!("[{}]", Value::from(k.as_str()))),
        }
    }
    s
}

/// The value at `segments`, or why there is none: `Resources[0] does not exist`.
pub(crate) fn resolve<'a>(root: &'a Value, segments: &[Segment]) -> Result<Cow<'a, Value>, String> {
    let mut current = Cow::Borrowed(root);
    for (i, seg) in segments.iter().enumerate() {
        let missing = || format!("{} does not exist", show(&segments[..=i]));
        let next = match (current, seg) {
            (Cow::Borrowed(Value::Object(map)), Segment::Key(k)) => map.get(k).map(Cow::Borrowed),
            (Cow::Borrowed(Value::Object(map)), Segment::Index(n)) => {
                map.get(&n.to_string()).map(Cow::Borrowed)
            }
            (Cow::Borrowed(Value::Array(items)), Segment::Index(n)) => {
                items.get(*n).map(Cow::Borrowed)
            }
            (Cow::Borrowed(Value::Array(items)), Segment::Key(k)) if k == "length" => {
                Some(Cow::Owned(Value::from(items.len())))
            }
            (Cow::Borrowed(Value::Array(items)), Segment::Key(k)) => k
                .parse::<usize>()
                .ok()
                .and_then(|n| items.get(n))
                .map(Cow::Borrowed),
            (Cow::Borrowed(Value::String(s)), Segment::Key(k)) if k == "length" => {
                Some(Cow::Owned(Value::from(s.encode_utf16().count())))
            }
            _ => None,
        };
        current = next.ok_or_else(missing)?;
    }
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(v: &Value, path: &str) -> Result<Value, String> {
        let segs = parse(path)?;
        resolve(v, &segs).map(Cow::into_owned)
    }

    #[test]
    fn javascript_notation() {
        let v = json!({"Resources": [{"id": "1", "emails": [{"value": "a@b"}], "name": {"familyName": "F"}}],
                       "a b": {"0": "zero"}, "totalResults": 1});
        assert_eq!(at(&v, "Resources[0].emails[0].value"), Ok(json!("a@b")));
        assert_eq!(at(&v, "Resources[0].name.familyName"), Ok(json!("F")));
        assert_eq!(at(&v, "Resources.0.id"), Ok(json!("1")));
        assert_eq!(at(&v, "$.totalResults"), Ok(json!(1)));
        assert_eq!(at(&v, "[\"a b\"][0]"), Ok(json!("zero")));
        assert_eq!(at(&v, "Resources.length"), Ok(json!(1)));
        assert_eq!(at(&v, ""), Ok(v.clone()));
    }

    #[test]
    fn missing_values_say_where() {
        let v = json!({"Resources": [], "detail": "x"});
        assert_eq!(
            at(&v, "Resources[0].id"),
            Err("Resources[0] does not exist".into())
        );
        assert_eq!(at(&v, "detail.x"), Err("detail.x does not exist".into()));
        assert_eq!(at(&v, "nope"), Err("nope does not exist".into()));
        assert_eq!(
            at(&v, "a[b]"),
            Err("the JSON path a[b] is not valid: [b] is not an index or a quoted key".into())
        );
        assert_eq!(
            at(&v, "a[0"),
            Err("the JSON path a[0 is not valid: a [ is never closed".into())
        );
        assert_eq!(
            at(&v, "a..b"),
            Err("the JSON path a..b is not valid: a name is missing".into())
        );
    }

    proptest::proptest! {
        #[test]
        fn paths_never_panic(p in "[a-z0-9_.\\[\\]\"' $]{0,30}") {
            let v = json!({"a": [{"b": "c"}], "a b": 1});
            if let Ok(segs) = parse(&p) {
                let _ = resolve(&v, &segs);
                let _ = show(&segs);
            }
        }
    }
}
