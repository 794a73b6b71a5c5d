//! The fault table in code is the only place that says which of Okta's steps each fault
//! fails: `--help` prints it, and the README's fault section must be what
//! `scim_server::faults_markdown()` generates from it. Run with `UPDATE_README=1` to write
//! the section after changing the table.

use std::process::Command;

use scim_server::{faults_markdown, FAULTS};

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
const START: &str =
    "<!-- fault table: generated from FAULTS by tests/fault_table.rs; do not edit -->\n";
const END: &str = "<!-- end of fault table -->";

#[test]
fn the_readme_fault_section_is_generated_from_the_table() {
    let readme = std::fs::read_to_string(README).expect("the README reads");
    let (before, rest) = readme
        .split_once(START)
        .expect("the README has the fault table's start marker");
    let (section, after) = rest
        .split_once(END)
        .expect("the README has the fault table's end marker");
    let generated = faults_markdown();
    if section != generated {
        if std::env::var_os("UPDATE_README").is_some() {
            std::fs::write(README, format!("{before}{START}{generated}{END}{after}"))
                .expect("the README writes");
        } else {
            panic!("the README's fault section differs from the table; run with UPDATE_README=1 to regenerate it");
        }
    }
}

#[test]
fn help_lists_every_fault_with_its_spec_and_crud_steps() {
    let output = Command::new(env!("CARGO_BIN_EXE_scim-server"))
        .arg("--help")
        .output()
        .expect("the binary runs");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains(&scim_server::faults_help()), "{help}");
    for fault in FAULTS {
        for step in fault.spec_fails.iter().chain(fault.crud_fails) {
            assert!(help.contains(step), "--help lacks {step}");
        }
    }
    for flag in [
        "--okta",
        "--okta-trusted-origin",
        "--okta-delay-ms",
        "--okta-updates",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
}
