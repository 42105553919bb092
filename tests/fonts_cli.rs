//! `gongwen fonts` end to end: the resolution table, JSON, a workspace font named in
//! gongwen.toml, and a located error for a font that does not exist.

use std::process::Command;

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

const KAI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/FandolKai-Regular.otf");

#[test]
fn json_lists_every_role_and_uses_a_configured_workspace_file() {
    let ws = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(ws.path().join("fonts")).expect("mkdir");
    std::fs::copy(KAI, ws.path().join("fonts/kai.otf")).expect("copy");
    std::fs::write(ws.path().join("gongwen.toml"), "[fonts]\nbody = \"fonts/kai.otf\"\n").expect("config");
    let out = gongwen().args(["fonts", "--json"]).arg(ws.path()).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let roles = json["roles"].as_array().expect("roles");
    let names: Vec<&str> = roles.iter().filter_map(|r| r["role"].as_str()).collect();
    assert_eq!(names, ["title", "body", "hei", "kai", "song"]);
    assert_eq!(roles[1]["family"], "FandolKai");
    assert_eq!(roles[1]["source"], "config");
    assert!(roles[1]["file"].as_str().is_some_and(|f| f.ends_with("kai.otf")));
    assert_eq!(roles[1]["substitute"], true, "FandolKai is not a government 仿宋");
    assert!(json.get("families").is_none(), "families only with --all");
}

#[test]
fn text_output_flags_substitutes_and_all_lists_families() {
    let ws = tempfile::tempdir().expect("tempdir");
    let out = gongwen().args(["fonts", "--all", "--color", "never"]).arg(ws.path()).output().expect("run");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("角色\t字体\t来源\t文件\n"), "{stdout}");
    assert!(stdout.contains("可用字体："), "{stdout}");
    assert!(stdout.contains("FandolFang\t内置字体"), "{stdout}");
}

#[test]
fn a_missing_configured_font_fails_with_the_config_file_named() {
    let ws = tempfile::tempdir().expect("tempdir");
    std::fs::write(ws.path().join("gongwen.toml"), "[fonts]\ntitle = \"不存在的字体\"\n").expect("config");
    let out = gongwen().args(["fonts", "--color", "never"]).arg(ws.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gongwen.toml: error: [fonts] title 指定的字体“不存在的字体”未找到"), "{stderr}");
    assert!(stderr.contains("hint: 运行 `gongwen fonts --all`"), "{stderr}");
}
