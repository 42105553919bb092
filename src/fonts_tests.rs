//! Tests of font resolution (bundled fonts, configured files and families, government-name
//! matching, face choice within a family).

use super::*;

#[test]
fn bundled_fonts_cover_every_role_and_are_substitutes() {
    let set = FontSet::bundled().expect("bundled fonts");
    let res = set.resolution();
    assert_eq!(res.len(), 5);
    let fam: Vec<_> = res.iter().map(|r| r.family.as_str()).collect();
    assert_eq!(fam, ["FandolSong", "FandolFang", "FandolHei", "FandolKai", "FandolSong"]);
    assert!(res.iter().all(|r| r.substitute && r.source == FontSource::Bundled));
    // 小标宋 and 宋体 share a family but not a face: Bold for titles, Regular for numbers.
    assert_ne!(set.face_index(FontRole::Title), set.face_index(FontRole::Song));
    // The five role faces and the bundled fallback, which every role falls back to.
    assert_eq!(set.faces().len(), 6);
    assert_eq!(set.faces()[5].family, "Noto Serif CJK SC");
    assert!(FontRole::ALL.iter().all(|&r| set.chain(r) == [5]));
    assert!(set.substitution_warning().is_some());
}

#[test]
fn the_fallback_prints_what_fandol_lacks_and_nothing_prints_extension_g() {
    let set = FontSet::bundled().expect("bundled fonts");
    assert_eq!(set.printer(FontRole::Body, '王'), Ok(()));
    assert_eq!(set.printer(FontRole::Body, '镕'), Err(Some(5)));
    assert_eq!(set.printer(FontRole::Kai, '\u{20BB7}'), Err(Some(5)));
    assert_eq!(set.printer(FontRole::Body, '\u{30000}'), Err(None));
    // GBK's ideographs and Extension A, all of them.
    let fallback = set.charset(5).expect("charset");
    assert!(('\u{4E00}'..='\u{9FA5}').chain('\u{3400}'..='\u{4DB5}').all(|c| fallback.has(c)));
}

#[test]
fn workspace_font_without_a_government_name_is_listed_not_used() {
    // A font whose family is a government name is found only by that name; the Fandol
    // files do not carry one, so a copy in fonts/ must not replace the role.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("fonts")).expect("mkdir");
    std::fs::write(dir.path().join("fonts/FandolKai-Regular.otf"), bundled_bytes(FontRole::Kai)).expect("write");
    let opts = FontOptions { workspace: Some(dir.path().to_path_buf()), ..Default::default() };
    let set = FontSet::load(&opts).expect("load");
    assert_eq!(set.resolution()[3].source, FontSource::Bundled);
    assert!(set.families().iter().any(|l| l.family == "FandolKai" && l.source == FontSource::Workspace));
}

fn candidate(names: &[&str], weight: u16, source: FontSource) -> Candidate {
    Candidate {
        names: names.iter().map(|n| n.to_string()).collect(),
        weight,
        normal_style: true,
        file: Some(PathBuf::from(format!("{}.ttf", names[0]))),
        index: 0,
        bundled: None,
        source,
    }
}

#[test]
fn government_names_match_any_localised_name_in_preference_order() {
    let pool = vec![
        candidate(&["FangSong", "仿宋"], 400, FontSource::System),
        candidate(&["FangSong_GB2312", "仿宋_GB2312"], 400, FontSource::System),
        candidate(&["SimHei", "黑体"], 400, FontSource::System),
    ];
    let body = pick_government(&pool, FontRole::Body.government_families(), FontRole::Body).expect("body");
    assert_eq!(body.family(), "FangSong_GB2312", "仿宋_GB2312 is preferred over 仿宋");
    let hei = pick_government(&pool, FontRole::Hei.government_families(), FontRole::Hei).expect("hei");
    assert_eq!(hei.family(), "SimHei");
    assert!(pick_government(&pool, FontRole::Kai.government_families(), FontRole::Kai).is_none());
}

#[test]
fn title_role_prefers_the_bold_face_of_a_family() {
    let pool =
        [candidate(&["FandolSong"], 400, FontSource::Bundled), candidate(&["FandolSong"], 700, FontSource::Bundled)];
    assert_eq!(best_face(pool.iter(), FontRole::Title).map(|c| c.weight), Some(700));
    assert_eq!(best_face(pool.iter(), FontRole::Song).map(|c| c.weight), Some(400));
}

#[test]
fn configured_family_and_file_are_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("fonts")).expect("mkdir");
    std::fs::write(dir.path().join("fonts/kai.otf"), bundled_bytes(FontRole::Kai)).expect("write");
    let config =
        FontsConfig { body: Some("fonts/kai.otf".into()), hei: Some("FandolKai".into()), ..Default::default() };
    let opts = FontOptions { workspace: Some(dir.path().to_path_buf()), config, ..Default::default() };
    let set = FontSet::load(&opts).expect("load");
    let res = set.resolution();
    assert_eq!((res[1].family.as_str(), res[1].source), ("FandolKai", FontSource::Config));
    assert!(res[1].file.as_ref().is_some_and(|f| f.ends_with("fonts/kai.otf")));
    assert_eq!((res[2].family.as_str(), res[2].source), ("FandolKai", FontSource::Config));
}

#[test]
fn missing_configured_font_is_a_located_error() {
    let config = FontsConfig { title: Some("方正小标宋简体".into()), ..Default::default() };
    let opts = FontOptions { config, config_file: Some("gongwen.toml".into()), ..Default::default() };
    let e = FontSet::load(&opts).expect_err("must fail");
    assert_eq!(e.code, "font-family");
    assert!(e.message.contains("方正小标宋简体"), "{}", e.message);
    let opts = FontOptions {
        config: FontsConfig { song: Some("nowhere/x.ttf".into()), ..Default::default() },
        ..Default::default()
    };
    assert_eq!(FontSet::load(&opts).expect_err("must fail").code, "font-file");
}
