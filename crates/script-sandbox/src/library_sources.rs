//! The library files for the native host, compiled in from `node_modules/` (run `npm ci`
//! first): the same files `worker/build.mjs` minifies for the browser's worker.

macro_rules! npm_file {
    ($path:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../node_modules/",
            $path
        ))
    };
}

/// The text of the library `key` ([`crate::libraries::LIBRARIES`]).
pub(crate) fn library_source(key: &str) -> Option<&'static str> {
    Some(match key {
        "chai" => npm_file!("chai/chai.js"),
        "underscore" => npm_file!("underscore/underscore-umd.js"),
        "moment" => npm_file!("moment/moment.js"),
        "crypto-js" => npm_file!("crypto-js/crypto-js.js"),
        "marked" => npm_file!("marked/lib/marked.umd.js"),
        "tv4" => npm_file!("tv4/tv4.js"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::libraries::LIBRARIES;

    #[test]
    fn each_library_in_the_table_is_compiled_in_from_its_file() {
        for l in LIBRARIES {
            let path = format!(
                "{}/../../node_modules/{}/{}",
                env!("CARGO_MANIFEST_DIR"),
                l.package,
                l.path
            );
            let file = std::fs::read_to_string(&path).expect("the library's file is readable");
            assert_eq!(library_source(l.key), Some(file.as_str()), "{}", l.key);
        }
        assert_eq!(library_source("jquery"), None);
    }
}
