//! `--format junit`: one test suite, one failing test case per finding
//! (CI systems show them as failed tests), or one passing case when clean.
//! Each case has a `file` attribute, which GitLab's test report shows (the
//! strict Jenkins xunit XSD, junit-10.xsd, does not declare it on testcase).

use super::Report;
use std::io::{self, Write};

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let n = report.findings.len();
    let tests = n.max(1);
    let secs = report.elapsed.as_secs_f64();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="keygate" tests="{tests}" failures="{n}" time="{secs:.3}">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="keygate {}" tests="{tests}" failures="{n}" errors="0" time="{secs:.3}">"#,
        report.mode.name()
    )?;
    if n == 0 {
        writeln!(
            out,
            r#"    <testcase classname="keygate" name="no secrets found"/>"#
        )?;
    }
    for f in report.findings {
        let shown = if report.redact {
            &f.redacted()
        } else {
            &f.secret
        };
        let location = format!("{}:{}:{}", f.display_path(), f.line, f.column);
        writeln!(
            out,
            r#"    <testcase classname="{}" name="{} at {}" file="{}">"#,
            escape(&f.display_path()),
            escape(f.rule_id()),
            escape(&location),
            escape(&f.display_path())
        )?;
        let mut body = format!(
            "{}: {} ({})\n{}",
            location,
            f.rule_name(),
            shown,
            f.remediation
        );
        if let Some(c) = f.origin.commit_info() {
            body.push_str(&format!("\ncommit {} by {}", c.sha, c.author));
        }
        writeln!(
            out,
            r#"      <failure type="{}" message="{}">{}</failure>"#,
            escape(f.rule_id()),
            escape(&format!("{} in {}", f.rule_name(), location)),
            escape(&body)
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
