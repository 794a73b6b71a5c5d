//! Runscope's helper libraries as this sandbox ships them: pinned npm packages (package.json
//! pins the same versions; `npm ci` installs them), each evaluated in a script's QuickJS
//! runtime only when the script names one of its globals
//! ([`suite_engine::script_library_globals_named`]).
//!
//! This table is the one list. `worker/build.mjs` reads it (the `Library { … }` entries, one
//! field a line) to copy each file, minified, with its licence, into `sandbox/libraries/`
//! for the browser's worker, which fetches a file the first time a script needs it. The
//! native host evaluates the same files straight from `node_modules/` (`native.rs`).

/// A library file evaluated before a script that names one of its globals. Rust reads the
/// keys and globals; `worker/build.mjs` and the tests read the rest.
#[derive(Debug)]
#[allow(dead_code)]
pub(crate) struct Library {
    /// The file's name in `sandbox/libraries/` and in jobs: `chai`.
    pub key: &'static str,
    /// The globals a script names to get it.
    pub globals: &'static [&'static str],
    /// For people: `Chai`.
    pub name: &'static str,
    /// The npm package, pinned in package.json.
    pub package: &'static str,
    pub version: &'static str,
    /// The file evaluated, in the package: a build that defines its globals on `this`.
    pub path: &'static str,
    /// The package's licence file, shipped with it.
    pub licence: &'static str,
}

/// Every library the sandbox ships, in the order they are evaluated.
pub(crate) const LIBRARIES: &[Library] = &[
    Library {
        key: "chai",
        globals: &["expect", "should", "chai"],
        name: "Chai",
        package: "chai",
        version: "4.5.0",
        path: "chai.js",
        licence: "LICENSE",
    },
    Library {
        key: "underscore",
        globals: &["_"],
        name: "Underscore.js",
        package: "underscore",
        version: "1.13.8",
        path: "underscore-umd.js",
        licence: "LICENSE",
    },
    Library {
        key: "moment",
        globals: &["moment"],
        name: "Moment.js",
        package: "moment",
        version: "2.31.0",
        path: "moment.js",
        licence: "LICENSE",
    },
    Library {
        key: "crypto-js",
        globals: &["CryptoJS"],
        name: "CryptoJS",
        package: "crypto-js",
        version: "4.2.0",
        path: "crypto-js.js",
        licence: "LICENSE",
    },
    Library {
        key: "marked",
        globals: &["marked"],
        name: "Marked",
        package: "marked",
        version: "18.2.1",
        path: "lib/marked.umd.js",
        licence: "LICENSE",
    },
    Library {
        key: "tv4",
        globals: &["tv4"],
        name: "tv4",
        package: "tv4",
        version: "1.3.0",
        path: "tv4.js",
        licence: "LICENSE.txt",
    },
];

/// The libraries to evaluate before `script`, in [`LIBRARIES`] order, and the library
/// globals it names (the prelude sets up only those: `should` extends `Object.prototype`).
pub(crate) fn libraries_for(script: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let named = suite_engine::script_library_globals_named(script);
    let keys = LIBRARIES
        .iter()
        .filter(|l| l.globals.iter().any(|g| named.contains(g)))
        .map(|l| l.key)
        .collect();
    (keys, named)
}

/// Runscope's libraries this sandbox lacks, as `[global, name]`: the prelude makes each a
/// global that names the library when touched.
pub(crate) fn missing_libraries() -> Vec<[&'static str; 2]> {
    suite_engine::RUNSCOPE_SCRIPT_LIBRARIES
        .iter()
        .filter(|l| {
            !LIBRARIES
                .iter()
                .any(|ours| ours.globals.contains(&l.global))
        })
        .map(|l| [l.global, l.name])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_and_the_sandbox_agree_on_what_is_provided() {
        let ours: Vec<&str> = LIBRARIES
            .iter()
            .flat_map(|l| l.globals.iter().copied())
            .collect();
        let mut engine = suite_engine::PROVIDED_SCRIPT_LIBRARIES.to_vec();
        let mut shipped = ours.clone();
        engine.sort_unstable();
        shipped.sort_unstable();
        assert_eq!(engine, shipped);
        assert_eq!(missing_libraries(), [["xml2json", "xml2json"]]);
    }

    #[test]
    fn a_script_gets_the_libraries_it_names_and_no_other() {
        assert_eq!(
            libraries_for("x.should.equal(1); log(_.size(a))"),
            (vec!["chai", "underscore"], vec!["should", "_"])
        );
        assert_eq!(libraries_for("assert.equal(1, 1)"), (vec![], vec![]));
        assert_eq!(
            libraries_for("CryptoJS.HmacSHA256(moment().format(), 'k'); tv4; marked"),
            (
                vec!["moment", "crypto-js", "marked", "tv4"],
                vec!["moment", "CryptoJS", "marked", "tv4"]
            )
        );
    }

    /// The table and package.json pin the same versions, and `npm ci` installed them.
    #[test]
    fn each_library_is_the_pinned_npm_package() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let manifest = std::fs::read_to_string(format!("{root}/package.json"))
            .expect("package.json is readable");
        let manifest: serde_json::Value =
            serde_json::from_str(&manifest).expect("package.json is JSON");
        for l in LIBRARIES {
            assert_eq!(
                manifest["devDependencies"][l.package], l.version,
                "package.json pins {}",
                l.package
            );
            let dir = format!("{root}/node_modules/{}", l.package);
            let installed = std::fs::read_to_string(format!("{dir}/package.json"))
                .unwrap_or_else(|e| panic!("{dir}: {e} (run npm ci)"));
            let installed: serde_json::Value =
                serde_json::from_str(&installed).expect("a package's package.json is JSON");
            assert_eq!(installed["version"], l.version, "installed {}", l.package);
            for file in [l.path, l.licence] {
                assert!(
                    std::path::Path::new(&format!("{dir}/{file}")).is_file(),
                    "{dir}/{file}"
                );
            }
        }
    }
}
