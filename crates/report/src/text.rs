//! Numbers, times and bodies in words a reviewer reads: `1.2 s`, `13 KB`,
//! `2024-05-13 13:58:51 UTC`, JSON pretty-printed in the order it was received.

use suite_engine::PausePolicy;

/// `850 ms`, `1.2 s`, `2 min 5 s`.
pub(crate) fn duration(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "unknown".into();
    }
    if ms < 1000.0 {
        return format!("{ms:.0} ms");
    }
    let seconds = ms / 1000.0;
    if seconds < 60.0 {
        return format!("{seconds:.1} s");
    }
    let whole = seconds.round() as u64;
    format!("{} min {} s", whole / 60, whole % 60)
}

/// Seconds with three decimals, as JUnit writes times: `0.012`.
pub(crate) fn seconds(ms: f64) -> String {
    let ms = if ms.is_finite() && ms > 0.0 { ms } else { 0.0 };
    format!("{:.3}", ms / 1000.0)
}

/// `512 bytes`, `13.1 KB`, `256 KB`, `2.0 MB` (1 KB = 1024 bytes, so a 262 144-byte limit
/// reads `256 KB`).
pub(crate) fn size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let whole_or_tenths = |n: f64, unit: &str| {
        if n.fract() == 0.0 {
            format!("{n:.0} {unit}")
        } else {
            format!("{n:.1} {unit}")
        }
    };
    match bytes {
        1 => "1 byte".into(),
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => whole_or_tenths(bytes as f64 / KB, "KB"),
        _ => whole_or_tenths(bytes as f64 / (KB * KB), "MB"),
    }
}

/// `2024-05-13T13:58:51Z` → `2024-05-13 13:58:51 UTC`; anything else as written.
pub(crate) fn utc(timestamp: &str) -> String {
    let parts = timestamp
        .strip_suffix('Z')
        .and_then(|t| Some((t.get(..10)?, t.get(10..11)?, t.get(11..19)?)));
    match parts {
        Some((date, "T", time)) => format!("{date} {time} UTC"),
        _ => timestamp.to_string(),
    }
}

/// The pause policy in words.
pub(crate) fn pause_policy(policy: &PausePolicy) -> String {
    match policy {
        PausePolicy::Honour => "waited as the suite says".into(),
        PausePolicy::CapAt { seconds } => format!("capped at {seconds} s each"),
        PausePolicy::Skip => "skipped".into(),
    }
}

/// The body as shown: JSON pretty-printed with its keys in the order received, anything
/// else as it is.
pub(crate) fn pretty_body(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + text.len() / 4);
    let mut reader = serde_json::Deserializer::from_str(text);
    let mut writer = serde_json::Serializer::pretty(&mut out);
    let transcoded = serde_transcode::transcode(&mut reader, &mut writer).is_ok();
    // Trailing text after the JSON value means it was not one JSON document.
    if transcoded && reader.end().is_ok() {
        if let Ok(pretty) = String::from_utf8(out) {
            return pretty;
        }
    }
    text.to_string()
}

/// Replaces the characters XML 1.0 cannot hold at all, even escaped (controls other than
/// tab, line feed and carriage return; U+FFFE, U+FFFF), with U+FFFD.
pub(crate) fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        return text.into();
    }
    text.chars()
        .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes_read_as_words() {
        assert_eq!(duration(850.4), "850 ms");
        assert_eq!(duration(1234.0), "1.2 s");
        assert_eq!(duration(125_000.0), "2 min 5 s");
        assert_eq!(duration(f64::NAN), "unknown");
        assert_eq!(seconds(12.0), "0.012");
        assert_eq!(seconds(-3.0), "0.000");
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(1023), "1023 bytes");
        assert_eq!(size(13_400), "13.1 KB");
        assert_eq!(size(262_144), "256 KB");
        assert_eq!(size(2_100_000), "2.0 MB");
    }

    #[test]
    fn timestamps_read_as_utc_and_odd_ones_stay() {
        assert_eq!(utc("2024-05-13T13:58:51Z"), "2024-05-13 13:58:51 UTC");
        assert_eq!(utc("2024-05-13T13:58:51.123Z"), "2024-05-13 13:58:51 UTC");
        assert_eq!(utc("yesterday"), "yesterday");
        assert_eq!(utc("ééééééééééééééééééééZ"), "ééééééééééééééééééééZ");
        assert_eq!(utc("2024-05-1éT13:58:51Z"), "2024-05-1éT13:58:51Z");
        assert_eq!(utc("0123456789é012345678Z"), "0123456789é012345678Z");
    }

    #[test]
    fn json_bodies_keep_their_key_order() {
        assert_eq!(
            pretty_body(r#"{"z":1,"a":[true,null]}"#),
            "{\n  \"z\": 1,\n  \"a\": [\n    true,\n    null\n  ]\n}"
        );
        assert_eq!(pretty_body("plain text"), "plain text");
        assert_eq!(pretty_body("{\"a\":1} trailing"), "{\"a\":1} trailing");
        assert_eq!(pretty_body(""), "");
    }

    #[test]
    fn xml_cannot_hold_controls() {
        assert_eq!(
            xml_safe("a\u{0}b\u{1b}c\td\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\td\u{FFFD}"
        );
        assert!(matches!(xml_safe("fine"), std::borrow::Cow::Borrowed(_)));
    }
}
