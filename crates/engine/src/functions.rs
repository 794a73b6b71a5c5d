//! Runscope's built-in variables and functions, as its variables page lists them.
//!
//! | written | gives |
//! |---|---|
//! | `timestamp` | Unix seconds, whole |
//! | `utc_datetime` | UTC ISO 8601 with microseconds, no offset: `2013-11-07T19:24:41.418000` |
//! | `format_timestamp(value, format)` | `value` (Unix seconds) in `format`: `YYYY YY MM DD HH hh mm ss` |
//! | `timestamp_offset(value)` | Unix seconds plus `value` seconds |
//! | `random_int`, `random_int(a,b)` | 0 to 18446744073709551615; `a` to `b` inclusive |
//! | `random_string(length)` | alphanumeric, at most 1000 characters |
//! | `uuid` | a random version 4 UUID |
//! | `encode_base64(value)` (also `base64`) | standard Base64 with padding |
//! | `md5`, `sha1`, `sha256(value)` | lowercase hex digest |
//! | `hmac_sha1`, `hmac_sha256(value,key)` | lowercase hex HMAC |
//! | `url_encode(value)` | percent-encoding of all but `A-Z a-z 0-9 - . _ ~` |
//! | `runscope_environment` | the run's environment name |
//! | `runscope_test_name` | the suite's name |
//! | `runscope_environment_uuid`, `runscope_bucket`, `runscope_bucket_name`, `runscope_test_uuid`, `runscope_region`, `runscope_agent` | the placeholder `not-in-runscope`, noted on the step |
//!
//! Time comes from the caller's clock and randomness from the run's seed, so a run with the
//! same clock and seed renders the same text.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use md5::Md5;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::template::Scope;

/// The placeholder for `runscope_*` values that exist only inside Runscope.
pub(crate) const PLACEHOLDER: &str = "not-in-runscope";

/// Values of the context built-ins.
#[derive(Clone, Debug, Default)]
pub(crate) struct Context {
    /// `runscope_environment`.
    pub environment: String,
    /// `runscope_test_name`.
    pub test_name: String,
}

/// How a function's argument text is split.
pub(crate) enum Arity {
    /// The whole text is one argument (it may hold commas).
    One,
    /// Two arguments, split at the last top-level comma.
    Two,
    /// No arguments or two.
    ZeroOrTwo,
}

/// The arity of a function, `None` for names that are not functions.
pub(crate) fn arity(name: &str) -> Option<Arity> {
    Some(match name {
        "format_timestamp" | "hmac_sha1" | "hmac_sha256" => Arity::Two,
        "random_int" => Arity::ZeroOrTwo,
        "timestamp_offset" | "random_string" | "encode_base64" | "base64" | "md5" | "sha1"
        | "sha256" | "url_encode" => Arity::One,
        _ => return None,
    })
}

/// What a built-in variable gives.
pub(crate) enum Builtin {
    /// A real value.
    Value(String),
    /// A stand-in for a value only Runscope has.
    Placeholder(String),
}

const BUILTIN_VARIABLES: &[&str] = &[
    "timestamp",
    "utc_datetime",
    "random_int",
    "uuid",
    "runscope_environment",
    "runscope_test_name",
    "runscope_environment_uuid",
    "runscope_bucket",
    "runscope_bucket_name",
    "runscope_test_uuid",
    "runscope_region",
    "runscope_agent",
];

/// Whether `name` is a built-in variable.
pub(crate) fn is_builtin_variable(name: &str) -> bool {
    BUILTIN_VARIABLES.contains(&name)
}

/// The value of a built-in variable, `None` when `name` is not one.
pub(crate) fn variable(name: &str, scope: &mut Scope<'_>) -> Option<Builtin> {
    let value = match name {
        "timestamp" => unix_seconds(scope.now_ms).to_string(),
        "utc_datetime" => utc_datetime(scope.now_ms),
        "random_int" => scope.rng.u64(..).to_string(),
        "uuid" => uuid(scope.rng),
        "runscope_environment" => scope.context.environment.clone(),
        "runscope_test_name" => scope.context.test_name.clone(),
        n if is_builtin_variable(n) => return Some(Builtin::Placeholder(PLACEHOLDER.into())),
        _ => return None,
    };
    Some(Builtin::Value(value))
}

/// Calls function `name` with rendered arguments.
pub(crate) fn call(name: &str, args: &[String], scope: &mut Scope<'_>) -> Result<String, String> {
    let one = || args.first().map(String::as_str).unwrap_or("");
    match (name, args) {
        ("format_timestamp", [value, format]) => format_timestamp(value, format),
        ("format_timestamp", _) => Err("format_timestamp takes a timestamp and a format".into()),
        ("timestamp_offset", _) => match parse_whole(one()) {
            Some(offset) => Ok((unix_seconds(scope.now_ms) + offset).to_string()),
            None => Err(format!(
                "timestamp_offset needs a whole number of seconds, got \"{}\"",
                one()
            )),
        },
        ("random_int", []) => Ok(scope.rng.u64(..).to_string()),
        ("random_int", [a, b]) => match (parse_whole(a), parse_whole(b)) {
            (Some(a), Some(b)) if a <= b => Ok(scope.rng.i64(a..=b).to_string()),
            (Some(_), Some(_)) => Err("random_int(a,b) needs a no greater than b".into()),
            _ => Err("random_int takes no arguments or two whole numbers".into()),
        },
        ("random_int", _) => Err("random_int takes no arguments or two whole numbers".into()),
        ("random_string", _) => match one().trim().parse::<usize>() {
            Ok(n) if n <= 1000 => Ok((0..n).map(|_| scope.rng.alphanumeric()).collect()),
            _ => Err(format!(
                "random_string needs a length from 0 to 1000, got \"{}\"",
                one()
            )),
        },
        ("encode_base64" | "base64", _) => {
            Ok(base64::engine::general_purpose::STANDARD.encode(one()))
        }
        ("md5", _) => Ok(hex(&Md5::digest(one()))),
        ("sha1", _) => Ok(hex(&Sha1::digest(one()))),
        ("sha256", _) => Ok(hex(&Sha256::digest(one()))),
        ("hmac_sha1", [value, key]) => {
            let mut mac =
                Hmac::<Sha1>::new_from_slice(key.as_bytes()).map_err(|e| e.to_string())?;
            mac.update(value.as_bytes());
            Ok(hex(&mac.finalize().into_bytes()))
        }
        ("hmac_sha256", [value, key]) => {
            let mut mac =
                Hmac::<Sha256>::new_from_slice(key.as_bytes()).map_err(|e| e.to_string())?;
            mac.update(value.as_bytes());
            Ok(hex(&mac.finalize().into_bytes()))
        }
        ("hmac_sha1" | "hmac_sha256", _) => Err(format!("{name} takes a value and a key")),
        ("url_encode", _) => Ok(url_encode(one())),
        _ => Err(format!("there is no built-in function {name}")),
    }
}

/// Lowercase hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Everything but `A-Z a-z 0-9 - . _ ~` is percent-encoded.
const URL_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub(crate) fn url_encode(s: &str) -> String {
    utf8_percent_encode(s, URL_ENCODE).to_string()
}

fn parse_whole(s: &str) -> Option<i64> {
    let s = s.trim();
    s.parse::<i64>().ok().or_else(|| {
        let f = s.parse::<f64>().ok().filter(|f| f.is_finite())?;
        // Whole seconds or bounds: a fractional argument is truncated on purpose.
        #[allow(clippy::cast_possible_truncation)]
        Some(f.trunc() as i64)
    })
}

fn unix_seconds(now_ms: f64) -> i64 {
    // Milliseconds since 1970 fit an i64 for any date a clock gives.
    #[allow(clippy::cast_possible_truncation)]
    let s = (now_ms / 1000.0).floor() as i64;
    s
}

fn civil(ms: i64) -> Option<jiff::civil::DateTime> {
    let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).datetime())
}

/// `2013-11-07T19:24:41.418000`: Runscope's (Python's) ISO 8601 form.
pub(crate) fn utc_datetime(now_ms: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let ms = now_ms.floor() as i64;
    match civil(ms) {
        Some(dt) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}",
            dt.year(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            dt.subsec_nanosecond() / 1000
        ),
        None => String::new(),
    }
}

fn format_timestamp(value: &str, format: &str) -> Result<String, String> {
    let secs = value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .ok_or_else(|| format!("format_timestamp needs a Unix timestamp, got \"{value}\""))?;
    #[allow(clippy::cast_possible_truncation)]
    let dt = civil((secs * 1000.0).floor() as i64)
        .ok_or_else(|| format!("the timestamp {value} is out of range"))?;
    let format = format.trim();
    let mut out = String::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        let (text, len) = if rest.starts_with("YYYY") {
            (format!("{:04}", dt.year()), 4)
        } else if rest.starts_with("YY") {
            (format!("{:02}", dt.year().rem_euclid(100)), 2)
        } else if rest.starts_with("MM") {
            (format!("{:02}", dt.month()), 2)
        } else if rest.starts_with("DD") {
            (format!("{:02}", dt.day()), 2)
        } else if rest.starts_with("HH") {
            (format!("{:02}", dt.hour()), 2)
        } else if rest.starts_with("hh") {
            let h = dt.hour() % 12;
            (format!("{:02}", if h == 0 { 12 } else { h }), 2)
        } else if rest.starts_with("mm") {
            (format!("{:02}", dt.minute()), 2)
        } else if rest.starts_with("ss") {
            (format!("{:02}", dt.second()), 2)
        } else {
            (c.to_string(), c.len_utf8())
        };
        out.push_str(&text);
        rest = &rest[len..];
    }
    Ok(out)
}

fn uuid(rng: &mut fastrand::Rng) -> String {
    let mut b = [0u8; 16];
    rng.fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variables::Variables;

    fn call_at(name: &str, args: &[&str], now_ms: f64) -> Result<String, String> {
        let vars = Variables::new();
        let mut rng = fastrand::Rng::with_seed(1);
        let context = Context::default();
        let mut scope = Scope {
            vars: &vars,
            now_ms,
            rng: &mut rng,
            context: &context,
        };
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        call(name, &args, &mut scope)
    }

    fn call1(name: &str, args: &[&str]) -> String {
        call_at(name, args, 0.0).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn documented_examples() {
        assert_eq!(
            call1("url_encode", &["This is 100% URL encoded."]),
            "This%20is%20100%25%20URL%20encoded."
        );
        assert_eq!(call1("encode_base64", &["u:p"]), "dTpw");
        assert_eq!(call1("base64", &["u:p"]), "dTpw");
        assert_eq!(call1("md5", &[""]), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            call1("sha1", &["abc"]),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            call1("sha256", &["abc"]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // RFC 4231 test case 2 and its SHA-1 counterpart (RFC 2202).
        assert_eq!(
            call1("hmac_sha256", &["what do ya want for nothing?", "Jefe"]),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            call1("hmac_sha1", &["what do ya want for nothing?", "Jefe"]),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
    }

    #[test]
    fn time_functions() {
        let now = 1_384_035_195_418.0;
        assert_eq!(utc_datetime(now), "2013-11-09T22:13:15.418000".to_string());
        assert_eq!(
            call_at("timestamp_offset", &["-86400"], now).as_deref(),
            Ok("1383948795")
        );
        assert_eq!(
            call_at(
                "format_timestamp",
                &["1384035195", "YYYY-MM-DD HH:mm:ss"],
                now
            )
            .as_deref(),
            Ok("2013-11-09 22:13:15")
        );
        assert_eq!(
            call_at("format_timestamp", &["1384035195", "DD/MM/YY hh"], now).as_deref(),
            Ok("09/11/13 10")
        );
        assert!(call_at("format_timestamp", &["soon", "YYYY"], now).is_err());
    }

    #[test]
    fn random_functions_follow_the_seed() {
        let a = call1("random_int", &["1", "6"]);
        assert!(("1"..="6").contains(&a.as_str()));
        assert_eq!(a, call1("random_int", &["1", "6"]));
        assert_eq!(call1("random_string", &["12"]).len(), 12);
        assert!(call_at("random_string", &["1001"], 0.0).is_err());
        assert!(call_at("random_int", &["6", "1"], 0.0).is_err());
        let mut rng = fastrand::Rng::with_seed(3);
        let u = uuid(&mut rng);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
