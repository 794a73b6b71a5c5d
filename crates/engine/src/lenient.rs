//! Tolerant readers for the leaves of an export: text, flags, seconds, name → values maps.
//!
//! Each reader takes whatever JSON the file has, accepts every reasonable variation (a number
//! where text is expected, `null` for an empty value, one value where a list is expected) and
//! otherwise fails with one sentence, `expected …, found …`, that [`crate::load`] places at the
//! right path, line and column.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::Value;

/// Describes a JSON value for an error message: `"abc"`, `12`, `true`, `null`, `a list`.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            format!("{:?}{more}", short)
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn expected(what: &str, v: &Value) -> String {
    format!("expected {what}, found {}", describe(v))
}

/// The text form of a number: shortest, `1` rather than `1.0`.
pub(crate) fn number_text(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    match n.as_f64() {
        Some(f) => float_text(f),
        None => n.to_string(),
    }
}

/// The shortest text of a float: integral values without a fraction.
pub(crate) fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e17 {
        // In range for an exact i64, so the cast keeps the value.
        #[allow(clippy::cast_possible_truncation)]
        let i = f as i64;
        i.to_string()
    } else {
        f.to_string()
    }
}

/// Text, from a string, number, boolean or `null` (empty).
pub(crate) fn text(v: Value, what: &str) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(number_text(&n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        other => Err(expected(what, &other)),
    }
}

/// Optional text: `null` is `None`; a list or object becomes its compact JSON.
pub(crate) fn opt_text(v: Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Array(_) | Value::Object(_) => Some(v.to_string()),
        other => text(other, "").ok(),
    }
}

/// A flag, from a boolean, `null`, `"true"`/`"false"` or `0`/`1`.
pub(crate) fn flag(v: Value) -> Result<bool, String> {
    match &v {
        Value::Bool(b) => Ok(*b),
        Value::Null => Ok(false),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") || s.trim().is_empty() => {
            Ok(false)
        }
        Value::Number(n) if n.as_f64() == Some(0.0) => Ok(false),
        Value::Number(n) if n.as_f64() == Some(1.0) => Ok(true),
        _ => Err(expected("true or false", &v)),
    }
}

/// A number of seconds, from a number, a numeric string or `null` (zero).
pub(crate) fn seconds(v: Value) -> Result<f64, String> {
    let n = match &v {
        Value::Null => Some(0.0),
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s.trim().is_empty() => Some(0.0),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(expected("a number of seconds", &v)),
    }
}

/// A whole number, from a number or numeric string; `null` or `""` is `None`.
pub(crate) fn whole(v: Value, what: &str) -> Result<Option<i64>, String> {
    match &v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Ok(Some(i)),
            // Whole seconds: truncating a fractional export time is what is wanted.
            #[allow(clippy::cast_possible_truncation)]
            None => n
                .as_f64()
                .map(|f| Some(f as i64))
                .ok_or_else(|| expected(what, &v)),
        },
        Value::String(s) => s.trim().parse().map(Some).map_err(|_| expected(what, &v)),
        _ => Err(expected(what, &v)),
    }
}

/// A JSON value read one level deep with the order of an object's keys kept.
///
/// `serde_json`'s own map is sorted unless a workspace-wide feature is switched on, and the
/// order of headers and initial variables is worth keeping.
pub(crate) enum Shallow {
    /// `null`.
    Null,
    /// An object's entries in file order.
    Pairs(Vec<(String, Value)>),
    /// A list.
    Items(Vec<Value>),
    /// A string, number or boolean.
    Scalar(Value),
}

impl<'de> Deserialize<'de> for Shallow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Shallow;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Shallow, E> {
                Ok(Shallow::Null)
            }
            fn visit_none<E>(self) -> Result<Shallow, E> {
                Ok(Shallow::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Shallow, E> {
                Ok(Shallow::Scalar(Value::Bool(b)))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Shallow, E> {
                Ok(Shallow::Scalar(Value::from(n)))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Shallow, E> {
                Ok(Shallow::Scalar(Value::from(n)))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Shallow, E> {
                Ok(Shallow::Scalar(Value::from(n)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Shallow, E> {
                Ok(Shallow::Scalar(Value::from(s)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Shallow, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = a.next_element::<Value>()? {
                    items.push(v);
                }
                Ok(Shallow::Items(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Shallow, A::Error> {
                let mut pairs = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, Value>()? {
                    pairs.push((k, v));
                }
                Ok(Shallow::Pairs(pairs))
            }
        }
        d.deserialize_any(V)
    }
}

impl Shallow {
    fn describe(&self) -> String {
        match self {
            Shallow::Null => "null".into(),
            Shallow::Pairs(_) => "an object".into(),
            Shallow::Items(_) => "a list".into(),
            Shallow::Scalar(v) => describe(v),
        }
    }
}

/// A map of names to lists of text values (headers, form fields, query args).
///
/// Accepts `{name: [values]}`, `{name: value}`, `[{name, value}]` and `null`.
pub(crate) fn name_values(v: Shallow, what: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    match v {
        Shallow::Null => {}
        Shallow::Pairs(pairs) => {
            for (name, values) in pairs {
                let values = match values {
                    Value::Array(items) => items
                        .into_iter()
                        .map(|i| text(i, "text"))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|e| format!("{name}: {e}"))?,
                    Value::Null => Vec::new(),
                    one => vec![text(one, "text").map_err(|e| format!("{name}: {e}"))?],
                };
                out.push((name, values));
            }
        }
        Shallow::Items(items) => {
            for item in items {
                let Value::Object(mut pair) = item else {
                    return Err(expected(what, &item));
                };
                let name = text(pair.remove("name").unwrap_or(Value::Null), "a name")?;
                let value = text(pair.remove("value").unwrap_or(Value::Null), "text")?;
                match out.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, values)) => values.push(value),
                    None => out.push((name, vec![value])),
                }
            }
        }
        other @ Shallow::Scalar(_) => {
            return Err(format!("expected {what}, found {}", other.describe()))
        }
    }
    Ok(out)
}

/// A map of names to single text values (initial variables).
pub(crate) fn name_value(v: Shallow, what: &str) -> Result<Vec<(String, String)>, String> {
    match v {
        Shallow::Null => Ok(Vec::new()),
        Shallow::Pairs(pairs) => pairs
            .into_iter()
            .map(|(k, v)| {
                text(v, "text")
                    .map(|t| (k.clone(), t))
                    .map_err(|e| format!("{k}: {e}"))
            })
            .collect(),
        other => Err(format!("expected {what}, found {}", other.describe())),
    }
}

/// A list of text values (scripts): `null` is empty, one text is a list of one.
pub(crate) fn text_list(v: Value, what: &str) -> Result<Vec<String>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items.into_iter().map(|i| text(i, what)).collect(),
        Value::String(s) => Ok(vec![s]),
        other => Err(expected(&format!("a list of {what}"), &other)),
    }
}

/// A JSON value kept as found, where `null` means absent.
pub(crate) fn optional(v: Value) -> Option<Value> {
    (!v.is_null()).then_some(v)
}

/// Any list of JSON values: `null` is empty.
pub(crate) fn value_list(v: Value, what: &str) -> Result<Vec<Value>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => Ok(items),
        other => Err(expected(what, &other)),
    }
}

/// Reads a leaf as a JSON value and converts it; a failed conversion is an error at this
/// leaf's path.
pub(crate) struct Leaf<T>(pub T);

/// The conversions [`Leaf`] can apply.
pub(crate) trait Convert: Sized {
    /// What the leaf is read as before conversion.
    type From: for<'de> Deserialize<'de>;
    fn convert(v: Self::From) -> Result<Self, String>;
}

impl<'de, T: Convert> Deserialize<'de> for Leaf<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = T::From::deserialize(d)?;
        T::convert(v).map(Leaf).map_err(D::Error::custom)
    }
}

macro_rules! leaf {
    ($name:ident, $t:ty, $from:ty, |$v:ident| $body:expr) => {
        pub(crate) struct $name(pub $t);
        impl Convert for $name {
            type From = $from;
            fn convert($v: $from) -> Result<Self, String> {
                $body.map($name)
            }
        }
    };
}

leaf!(Text, String, Value, |v| text(v, "text"));
leaf!(OptText, Option<String>, Value, |v| Ok::<_, String>(
    opt_text(v)
));
leaf!(Flag, bool, Value, |v| flag(v));
leaf!(Seconds, f64, Value, |v| seconds(v));
leaf!(Whole, Option<i64>, Value, |v| whole(v, "a whole number"));
leaf!(NameValues, Vec<(String, Vec<String>)>, Shallow, |v| {
    name_values(v, "an object of names to lists of values")
});
leaf!(NameValue, Vec<(String, String)>, Shallow, |v| name_value(
    v,
    "an object of variable names to values"
));
leaf!(Scripts, Vec<String>, Value, |v| text_list(v, "scripts"));
leaf!(Values, Vec<Value>, Value, |v| value_list(v, "a list"));
leaf!(Any, Option<Value>, Value, |v| Ok::<_, String>(optional(v)));

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shallow(s: &str) -> Shallow {
        serde_json::from_str(s).expect("test JSON")
    }

    #[test]
    fn text_accepts_scalars() {
        assert_eq!(text(json!(200), "text").as_deref(), Ok("200"));
        assert_eq!(text(json!(1.0), "text").as_deref(), Ok("1"));
        assert_eq!(text(json!(1.5), "text").as_deref(), Ok("1.5"));
        assert_eq!(text(json!(true), "text").as_deref(), Ok("true"));
        assert_eq!(text(json!(null), "text").as_deref(), Ok(""));
        assert_eq!(
            text(json!([1]), "text"),
            Err("expected text, found a list".into())
        );
    }

    #[test]
    fn seconds_messages() {
        assert_eq!(seconds(json!("5")), Ok(5.0));
        assert_eq!(
            seconds(json!("abc")),
            Err("expected a number of seconds, found \"abc\"".into())
        );
        assert_eq!(
            seconds(json!(-1)),
            Err("expected a number of seconds, found -1".into())
        );
    }

    #[test]
    fn name_values_shapes() {
        let v = name_values(
            shallow(r#"{"B": "x", "A": ["1", 2], "C": null}"#),
            "headers",
        );
        assert_eq!(
            v,
            Ok(vec![
                ("B".into(), vec!["x".into()]),
                ("A".into(), vec!["1".into(), "2".into()]),
                ("C".into(), vec![]),
            ])
        );
        let v = name_values(
            shallow(r#"[{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]"#),
            "h",
        );
        assert_eq!(v, Ok(vec![("A".into(), vec!["1".into(), "2".into()])]));
    }
}
