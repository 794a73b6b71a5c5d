//! Which names say "secret": one rule for variables and headers, shared by the masker, the
//! host check and the app's environment panel (which makes such variables password fields).
//!
//! A name is secret when it contains one of [`SECRET_NAME_PARTS`] anywhere, in any case, or
//! when one of its words is one of [`SECRET_NAME_WORDS`]. Words are split at anything that
//! is not a letter or digit, between letters and digits, and at camelCase humps
//! (`accessKey` → `access`, `key`; `APIKey` → `api`, `key`). Matching `key` as a word, not
//! as text, keeps `monkey`, `keyboard` and `turkey` plain.

/// Texts that make a name secret wherever they appear in it, in any case.
pub const SECRET_NAME_PARTS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "passphrase",
    "credential",
    "jwt",
    "apikey",
    "accesskey",
    "privatekey",
    "signingkey",
];

/// Words that make a name secret when the name has one of them as a whole word, in any
/// case.
pub const SECRET_NAME_WORDS: &[&str] = &[
    "auth",
    "authorization",
    "key",
    "keys",
    "pass",
    "pwd",
    "session",
    "cookie",
    "cookies",
    "signature",
];

/// Whether a variable or header name says its value is secret (see the module's rule).
///
/// # Example
/// ```
/// use suite_engine::is_secret_name;
/// for name in ["auth", "accessKey", "privateKey", "jwt", "X-Api-Key", "Set-Cookie", "dbPwd"] {
///     assert!(is_secret_name(name), "{name}");
/// }
/// for name in ["monkey", "keyboardLayout", "author", "SCIMBaseURL", "Keep-Alive"] {
///     assert!(!is_secret_name(name), "{name}");
/// }
/// ```
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    SECRET_NAME_PARTS.iter().any(|p| lower.contains(p))
        || words(name).any(|w| SECRET_NAME_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Whether a variable's value is secret by its name alone: [`is_secret_name`]. Such values
/// are masked in every form shown or written, and never sent to a host the tester did not
/// approve.
pub fn is_secret_variable(name: &str) -> bool {
    is_secret_name(name)
}

/// Whether a header's value is secret: [`is_secret_name`] (`Authorization`,
/// `Proxy-Authorization`, `Cookie`, `Set-Cookie`, `X-Api-Key`, `X-Auth-Token`, …).
pub(crate) fn is_secret_header(name: &str) -> bool {
    is_secret_name(name.trim())
}

/// The words of a name: split at non-alphanumerics, letter/digit changes and camelCase.
fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !c.is_alphanumeric())
        .flat_map(split_humps)
        .filter(|w| !w.is_empty())
}

/// Splits one alphanumeric run: `accessKey` → `access`, `Key`; `APIKey` → `API`, `Key`;
/// `auth2` → `auth`, `2`.
fn split_humps(run: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        let prev = chars[i - 1].1;
        let next_lower = chars.get(i + 1).is_some_and(|(_, n)| n.is_lowercase());
        let boundary = (prev.is_lowercase() && c.is_uppercase())
            || (prev.is_uppercase() && c.is_uppercase() && next_lower)
            || (prev.is_alphabetic() != c.is_alphabetic());
        if boundary {
            out.push(&run[start..at]);
            start = at;
        }
    }
    out.push(&run[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_humps_separators_and_digits() {
        fn w(s: &str) -> Vec<&str> {
            words(s).collect()
        }
        assert_eq!(w("accessKey"), ["access", "Key"]);
        assert_eq!(w("APIKey"), ["API", "Key"]);
        assert_eq!(w("SCIMBaseURL"), ["SCIM", "Base", "URL"]);
        assert_eq!(w("x-api_key.v2"), ["x", "api", "key", "v", "2"]);
        assert_eq!(w("auth2"), ["auth", "2"]);
        assert_eq!(w(""), Vec::<&str>::new());
    }

    #[test]
    fn secret_names() {
        for name in [
            "auth",
            "Auth",
            "basicAuth",
            "auth_header",
            "accessKey",
            "ACCESS_KEY",
            "accesskey",
            "privateKey",
            "apikey",
            "api-key",
            "x-api-key",
            "jwt",
            "idJWT",
            "apiToken",
            "sessionToken",
            "session_id",
            "clientSecret",
            "password",
            "userPass",
            "passwd",
            "dbPwd",
            "credentials",
            "Authorization",
            "Proxy-Authorization",
            "Cookie",
            "Set-Cookie",
            "X-Auth-Token",
            "X-Hub-Signature",
        ] {
            assert!(is_secret_name(name), "{name} should be secret");
        }
    }

    #[test]
    fn plain_names() {
        for name in [
            "monkey",
            "keyboardLayout",
            "turkey",
            "hockeyTeam",
            "author",
            "authorId",
            "passed",
            "bypassed",
            "SCIMBaseURL",
            "randomEmail",
            "randomUsername",
            "UserIdThatDoesNotExist",
            "id",
            "Accept",
            "Content-Type",
            "User-Agent",
            "Keep-Alive",
            "WWW-Authenticate",
        ] {
            assert!(!is_secret_name(name), "{name} should be plain");
        }
    }
}
