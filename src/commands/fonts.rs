//! `gongwen fonts [WORKSPACE] [--all] [--json]`: which font each role resolves to, where it
//! came from, and whether it is a substitute for the government font.
//!
//! Resolution itself is `fonts::FontSet::load`; this command only prints it (system fonts
//! included, as a build would use them).

use crate::CmdResult;
use crate::cli::FontsArgs;
use crate::console;
use crate::diag::Reporter;
use crate::fonts::{FamilyListing, FontOptions, FontSet, RoleResolution};
use crate::settings::{CONFIG_FILE, Config};
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    roles: &'a [RoleResolution],
    #[serde(skip_serializing_if = "Option::is_none")]
    families: Option<&'a [FamilyListing]>,
}

/// Run `gongwen fonts`.
pub fn run(args: &FontsArgs, reporter: &Reporter) -> CmdResult {
    let config = Config::load(&args.workspace)?;
    let opts = FontOptions {
        workspace: Some(args.workspace.clone()),
        config: config.fonts,
        config_file: Some(args.workspace.join(CONFIG_FILE)),
        extra_paths: Vec::new(),
        include_system: true,
    };
    let set = FontSet::load(&opts)?;
    let roles = set.resolution();
    if reporter.json {
        let report = Report { roles: &roles, families: args.all.then(|| set.families()) };
        console::json(&report);
        return Ok(());
    }
    console::out(&render_roles(&roles));
    if args.all {
        console::out(&render_families(set.families()));
    }
    if let Some(w) = set.substitution_warning() {
        reporter.diagnostic(&w);
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
