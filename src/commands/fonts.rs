//! `gongwen fonts [WORKSPACE] [--all] [--json]`: which font each role resolves to, where it
//! came from, and whether it is a substitute for the government font.
//!
//! Resolution itself is `fonts::FontSet::load`; this command only prints it (system fonts
//! included, as a build would use them).

use crate::cli::FontsArgs;
use crate::console;
use crate::coverage;
use crate::diag::Reporter;
use crate::diag::{Diagnostic, Location};
use crate::fonts::{FamilyListing, FontOptions, FontSet, RoleResolution};
use crate::settings::{CONFIG_FILE, Config};
use crate::writer::spec::FontRole;
use crate::{CmdResult, Failure};
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    roles: &'a [RoleResolution],
    #[serde(skip_serializing_if = "Option::is_none")]
    families: Option<&'a [FamilyListing]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<&'a [RoleCheck]>,
}

/// `--check`: what one role's font lacks of the text.
#[derive(Debug, Serialize)]
struct RoleCheck {
    role: FontRole,
    font: String,
    missing: Vec<Missing>,
}

/// A character a role's font lacks, and the font that prints it (`None`: no font has it).
#[derive(Debug, Serialize)]
struct Missing {
    character: String,
    code_point: String,
    printed_with: Option<String>,
}

/// The text to check: the file's text when `arg` names a readable file, else `arg` itself.
fn check_text(arg: &str) -> String {
    let path = std::path::Path::new(arg);
    if path.is_file()
        && let Ok(text) = std::fs::read_to_string(path)
    {
        return text;
    }
    arg.to_string()
}

fn check_roles(set: &FontSet, text: &str) -> Vec<RoleCheck> {
    let mut chars: Vec<char> = Vec::new();
    for c in text.chars().filter(|c| !c.is_whitespace() && !c.is_control()) {
        if !chars.contains(&c) {
            chars.push(c);
        }
    }
    FontRole::ALL
        .iter()
        .map(|&role| RoleCheck {
            role,
            font: set.face(role).family.clone(),
            missing: chars
                .iter()
                .filter_map(|&c| {
                    let printer = set.printer(role, c).err()?;
                    Some(Missing {
                        character: c.to_string(),
                        code_point: coverage::code_point(c),
                        printed_with: printer.and_then(|i| set.faces().get(i)).map(|f| f.family.clone()),
                    })
                })
                .collect(),
        })
        .collect()
}

fn render_check(checks: &[RoleCheck]) -> String {
    let mut out = String::from("\n角色\t字体\t缺少的字 → 改用的字体\n");
    for c in checks {
        let missing = if c.missing.is_empty() {
            "（都有）".to_string()
        } else {
            c.missing
                .iter()
                .map(|m| {
                    let with = m.printed_with.as_deref().unwrap_or("没有字体含有此字");
                    format!("{}（{}）→ {with}", m.character, m.code_point)
                })
                .collect::<Vec<_>>()
                .join("；")
        };
        out.push_str(&format!("{}\t{}\t{}\n", c.role.label(), c.font, missing));
    }
    out
}

/// Run `gongwen fonts`.
pub fn run(args: &FontsArgs, reporter: &Reporter) -> CmdResult {
    let config = Config::load(&args.workspace)?;
    let opts = FontOptions {
        workspace: Some(args.workspace.clone()),
        config: config.fonts,
        config_file: Some(args.workspace.join(CONFIG_FILE)),
        extra_paths: Vec::new(),
        include_system: !args.no_system_fonts,
    };
    let set = FontSet::load(&opts)?;
    let roles = set.resolution();
    let checks = args.check.as_deref().map(|a| check_roles(&set, &check_text(a)));
    let uncovered: Vec<String> = checks
        .iter()
        .flatten()
        .flat_map(|c| &c.missing)
        .filter(|m| m.printed_with.is_none())
        .map(|m| format!("{}（{}）", m.character, m.code_point))
        .fold(Vec::new(), |mut v, m| {
            if !v.contains(&m) {
                v.push(m);
            }
            v
        });
    if reporter.json {
        let report = Report { roles: &roles, families: args.all.then(|| set.families()), check: checks.as_deref() };
        console::json(&report);
    } else {
        console::out(&render_roles(&roles));
        if args.all {
            console::out(&render_families(set.families()));
        }
        if let Some(c) = &checks {
            console::out(&render_check(c));
        }
        if let Some(w) = set.substitution_warning() {
            reporter.diagnostic(&w);
        }
    }
    if !uncovered.is_empty() {
        return Err(Failure::Input(
            Diagnostic::error(
                "font-uncovered",
                Location::default(),
                format!("没有任何可用字体含有：{}", uncovered.join("、")),
            )
            .hint("把含有这些字的字体文件放入工作区 fonts/ 文件夹或安装到系统中")
            .into(),
        ));
    }
    Ok(())
}

fn render_roles(roles: &[RoleResolution]) -> String {
    let mut out = String::from("角色\t字体\t来源\t文件\n");
    for r in roles {
        let file = r.file.as_ref().map(|f| f.display().to_string()).unwrap_or_else(|| "（内置于程序）".into());
        let flag = if r.substitute { "\t替代字体" } else { "" };
        out.push_str(&format!("{}\t{}\t{}\t{}{}\n", r.role.label(), r.family, r.source.label(), file, flag));
    }
    out
}

fn render_families(families: &[FamilyListing]) -> String {
    let mut out = String::from("\n可用字体：\n");
    for f in families {
        let names =
            if f.other_names.is_empty() { String::new() } else { format!("（{}）", f.other_names.join("、")) };
        let files: Vec<String> = f.files.iter().map(|p| p.display().to_string()).collect();
        let files = if files.is_empty() { "（内置于程序）".to_string() } else { files.join("，") };
        out.push_str(&format!("{}{}\t{}\t{}\n", f.family, names, f.source.label(), files));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_resolution_prints_one_line_per_role_with_the_substitute_flag() {
        let set = FontSet::bundled().expect("bundled");
        let text = render_roles(&set.resolution());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6);
        assert!(lines[2].starts_with("仿宋（正文）\tFandolFang\t内置字体\t（内置于程序）\t替代字体"), "{}", lines[2]);
    }
}
