//! Runscope's script libraries, and which of them a script uses that this runner lacks.
//!
//! Runscope's scripts page lists Chai's assertion library and helper libraries (Underscore,
//! Moment, CryptoJS, Marked and others) as available to every script. This runner's script
//! sandbox provides some; [`PROVIDED_SCRIPT_LIBRARIES`] is the one list to update as it
//! gains more. Two readings of a script's text, neither runs it:
//! - [`missing_script_libraries`], for problems before the run, is strict so that it raises
//!   no false alarm: a library's global used as a value (`_.map(`, `moment(`, `CryptoJS.`,
//!   `expect(`, `x.should.`), outside strings and comments, and not declared by the script.
//! - [`script_library_globals_named`], for the sandbox to decide what to load, is loose so
//!   that it misses no use: the global as a whole word anywhere in the text. Loading a
//!   library the script does not use costs milliseconds; not loading one it uses fails it.

/// A library Runscope makes available to scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScriptLibrary {
    /// The global a script uses: `moment`.
    pub global: &'static str,
    /// The library's name for people: `Moment.js`.
    pub name: &'static str,
}

/// Runscope's script libraries by the global they add.
pub const RUNSCOPE_SCRIPT_LIBRARIES: &[ScriptLibrary] = &[
    ScriptLibrary {
        global: "expect",
        name: "Chai's expect",
    },
    ScriptLibrary {
        global: "should",
        name: "Chai's should",
    },
    ScriptLibrary {
        global: "chai",
        name: "Chai",
    },
    ScriptLibrary {
        global: "_",
        name: "Underscore.js",
    },
    ScriptLibrary {
        global: "moment",
        name: "Moment.js",
    },
    ScriptLibrary {
        global: "CryptoJS",
        name: "CryptoJS",
    },
    ScriptLibrary {
        global: "marked",
        name: "Marked",
    },
    ScriptLibrary {
        global: "tv4",
        name: "tv4 (JSON Schema validation)",
    },
    ScriptLibrary {
        global: "xml2json",
        name: "xml2json",
    },
];

/// The globals of [`RUNSCOPE_SCRIPT_LIBRARIES`] this runner's script sandbox provides.
/// Chai's `assert` is not listed: it is always there.
pub const PROVIDED_SCRIPT_LIBRARIES: &[&str] = &[
    "expect", "should", "chai", "_", "moment", "CryptoJS", "marked", "tv4",
];

/// The globals of [`RUNSCOPE_SCRIPT_LIBRARIES`] that `script` names as a whole word,
/// anywhere in its text (strings and comments included), in the order of that list: what
/// a sandbox loads before the script runs. `should` counts after a dot too (`x.should`).
///
/// # Example
/// ```
/// let named = suite_engine::script_library_globals_named(
///     "var d = JSON.parse(response.body); expect(d.id).to.equal(1); // moment()",
/// );
/// assert_eq!(named, ["expect", "moment"]);
/// assert!(suite_engine::script_library_globals_named("var moments = 1; a_b; $_").is_empty());
/// ```
pub fn script_library_globals_named(script: &str) -> Vec<&'static str> {
    let is_ident = |c: char| c == '_' || c == '$' || c.is_alphanumeric();
    let mut named: Vec<&'static str> = Vec::new();
    for word in script.split(|c: char| !is_ident(c)) {
        if let Some(l) = RUNSCOPE_SCRIPT_LIBRARIES.iter().find(|l| l.global == word) {
            if !named.contains(&l.global) {
                named.push(l.global);
            }
        }
    }
    RUNSCOPE_SCRIPT_LIBRARIES
        .iter()
        .map(|l| l.global)
        .filter(|g| named.contains(g))
        .collect()
}

/// The libraries `script` uses that the sandbox does not provide, each once, in the order
/// of [`RUNSCOPE_SCRIPT_LIBRARIES`].
///
/// # Example
/// ```
/// let missing = suite_engine::missing_script_libraries(
///     "var d = xml2json(response.body); expect(d.id).to.equal(1); // moment()",
/// );
/// assert_eq!(missing.iter().map(|l| l.name).collect::<Vec<_>>(), ["xml2json"]);
/// ```
pub fn missing_script_libraries(script: &str) -> Vec<&'static ScriptLibrary> {
    let used = globals_used(script);
    RUNSCOPE_SCRIPT_LIBRARIES
        .iter()
        .filter(|l| !PROVIDED_SCRIPT_LIBRARIES.contains(&l.global))
        .filter(|l| used.contains(&l.global))
        .collect()
}

/// The library globals a script uses as values.
fn globals_used(script: &str) -> Vec<&'static str> {
    let tokens = tokens(script);
    let mut out: Vec<&'static str> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Token::Ident(name) = t else { continue };
        let Some(lib) = RUNSCOPE_SCRIPT_LIBRARIES.iter().find(|l| l.global == *name) else {
            continue;
        };
        let before = i.checked_sub(1).and_then(|j| tokens.get(j));
        let after = tokens.get(i + 1);
        let member = matches!(before, Some(Token::Punct('.')));
        let used = if lib.global == "should" {
            // `value.should.equal(…)`, `chai.should()`.
            member && matches!(after, Some(Token::Punct('.' | '(')))
        } else {
            let declared = matches!(
                before,
                Some(Token::Ident("var" | "let" | "const" | "function"))
            );
            !member && !declared && matches!(after, Some(Token::Punct('.' | '(' | '[')))
        };
        let declared_anywhere = tokens.windows(2).any(|w| {
            matches!(w, [Token::Ident("var" | "let" | "const" | "function"), Token::Ident(n)] if *n == lib.global)
        });
        if used && !declared_anywhere && !out.contains(&lib.global) {
            out.push(lib.global);
        }
    }
    out
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Ident(&'a str),
    Punct(char),
}

/// Identifiers and punctuation, strings and comments left out.
fn tokens(src: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if matches!(chars.peek(), Some((_, '/'))) => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if matches!(chars.peek(), Some((_, '*'))) => {
                chars.next();
                let mut star = false;
                for (_, c) in chars.by_ref() {
                    if star && c == '/' {
                        break;
                    }
                    star = c == '*';
                }
            }
            '"' | '\'' | '`' => {
                let mut escaped = false;
                for (_, d) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == c {
                        break;
                    }
                }
            }
            c if c == '_' || c == '$' || c.is_alphabetic() => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d == '_' || d == '$' || d.is_alphanumeric() {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Token::Ident(&src[i..end]));
            }
            c if c.is_whitespace() => {}
            c => out.push(Token::Punct(c)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the strict reading finds, provided or not.
    fn names(script: &str) -> Vec<&'static str> {
        globals_used(script)
    }

    fn missing(script: &str) -> Vec<&'static str> {
        missing_script_libraries(script)
            .iter()
            .map(|l| l.global)
            .collect()
    }

    #[test]
    fn uses_are_found_and_lookalikes_are_not() {
        assert_eq!(
            names("expect(x).to.be.equal(1); _.each(a, f); var t = moment().unix();"),
            ["expect", "_", "moment"]
        );
        assert_eq!(
            names("x.should.equal(1); CryptoJS.SHA256('a'); tv4.validate(d, s)"),
            ["should", "CryptoJS", "tv4"]
        );
        assert!(
            names("// expect(x)\n/* _.map */ log('moment()'); var s = \"CryptoJS.x\";").is_empty()
        );
        assert!(names("data.expect(1); obj._.x; function moment() {} moment();").is_empty());
        assert!(names("var _ = {map: 1}; _.map; a.forEach(function (_, i) {});").is_empty());
        assert!(names("assert.equal(a, b); variables.set('expect', 1)").is_empty());
    }

    #[test]
    fn provided_libraries_are_not_missing() {
        assert!(
            missing("expect(x).to.be.equal(1); _.each(a, f); moment(); CryptoJS.MD5('a')")
                .is_empty()
        );
        assert!(missing("x.should.equal(1); tv4.validate(d, s); marked('# a')").is_empty());
        assert_eq!(
            missing("var x = xml2json(response.body); _.map(x)"),
            ["xml2json"]
        );
    }

    #[test]
    fn a_sandbox_loads_every_library_a_script_names_even_in_text() {
        let named = script_library_globals_named;
        assert_eq!(
            named("`${expect(a).to.be.ok}`; var f = _; x.should.exist"),
            ["expect", "should", "_"]
        );
        assert_eq!(
            named("log('uses moment and CryptoJS')"),
            ["moment", "CryptoJS"]
        );
        assert!(named("shouldBe; expected; my_var; _x; underscore_; $moment").is_empty());
        assert_eq!(named("é_ + _é; (_)"), ["_"]);
    }
}
