//! The fault table ([`FAULTS`]) as text: the `--help` list and the README's fault section.
//! Both are generated here so that the table in code stays the only place that says which
//! of Okta's steps each fault fails.

use scim_faults::{FaultInfo, FAULTS};

/// The fault list `--help` prints.
pub fn faults_help() -> String {
    let mut help = String::from(
        "Faults (--fault NAME), with the steps of Okta's SCIM 2.0 SPEC and CRUD suites each one fails:\n",
    );
    for fault in FAULTS {
        help.push_str(&format!("\n  {}\n      {}\n", fault.usage, fault.summary));
        for (suite, fails, remark) in suites(fault) {
            if fails.is_empty() {
                help.push_str(&format!("      {suite}: fails no step\n"));
            } else {
                help.push_str(&format!("      {suite} fails:\n"));
                for step in fails {
                    help.push_str(&format!("        - {step}\n"));
                }
            }
            help.push_str(&format!("        ({remark})\n"));
        }
    }
    help
}

/// The README's fault section (Markdown), one `###` heading per fault.
pub fn faults_markdown() -> String {
    let mut out = String::new();
    for fault in FAULTS {
        out.push_str(&format!(
            "### `{}`\n\n{}.\n\n",
            fault.usage,
            capitalized(fault.summary)
        ));
        for (suite, fails, remark) in suites(fault) {
            let steps = if fails.is_empty() {
                "fails no step".to_owned()
            } else {
                let mut named: Vec<String> = Vec::new();
                for (i, step) in fails.iter().enumerate() {
                    if fails[..i].contains(step) {
                        continue;
                    }
                    match fails.iter().filter(|s| *s == step).count() {
                        1 => named.push(format!("`{step}`")),
                        n => named.push(format!("`{step}` ({n} steps)")),
                    }
                }
                format!("fails {}", named.join(", "))
            };
            out.push_str(&format!("- {suite}: {steps}. {}.\n", capitalized(remark)));
        }
        out.push('\n');
    }
    out
}

fn suites(fault: &FaultInfo) -> [(&'static str, &'static [&'static str], &'static str); 2] {
    [
        ("Okta 2.0 SPEC", fault.spec_fails, fault.spec_remark),
        ("Okta 2.0 CRUD", fault.crud_fails, fault.crud_remark),
    ]
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fault_and_step_is_in_both_texts() {
        let help = faults_help();
        let markdown = faults_markdown();
        for fault in FAULTS {
            assert!(
                help.contains(fault.usage) && markdown.contains(&format!("### `{}`", fault.usage))
            );
            for step in fault.spec_fails.iter().chain(fault.crud_fails) {
                assert!(
                    help.contains(step) && markdown.contains(&format!("`{step}`")),
                    "{step}"
                );
            }
        }
        assert!(markdown.contains(
            "- Okta 2.0 CRUD: fails `Verify if user is deactivated in SCIM App` (2 steps)."
        ));
    }
}
