//! Settings: the workspace configuration (`gongwen.toml`) and the resolved options of a run.
//!
//! `cli` declares flags; this module turns flags plus `gongwen.toml` into decisions (which
//! formats, which output folder, which date). It is the only place that may read the clock, and
//! only as the last fallback for a date nobody gave (`SOURCE_DATE_EPOCH` wins over it).

use crate::diag::{Diagnostic, Location};
use crate::ir::Date;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file name of the workspace configuration.
pub const CONFIG_FILE: &str = "gongwen.toml";

/// `gongwen.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The issuing office.
    #[serde(default)]
    pub issuer: Issuer,
    /// 督办函 settings.
    #[serde(default)]
    pub letters: LettersConfig,
    /// The member lists kept in the roster, one column each (INPUTS.md: default 协调机制, 联络员, 领导小组).
    #[serde(default = "default_lists")]
    pub lists: Vec<ListConfig>,
    /// Font overrides per role.
    #[serde(default)]
    pub fonts: FontsConfig,
    /// Input files, relative to the workspace.
    #[serde(default)]
    pub data: DataConfig,
}

/// The defaults of an empty `gongwen.toml` (a missing file means the same), including the
/// three default lists.
impl Default for Config {
    fn default() -> Self {
        Config {
            issuer: Issuer::default(),
            letters: LettersConfig::default(),
            lists: default_lists(),
            fonts: FontsConfig::default(),
            data: DataConfig::default(),
        }
    }
}

/// The issuing office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Full name as signed (发文机关署名), e.g. `陵川县“双减”工作专门协调机制办公室`.
    #[serde(default)]
    pub name: String,
    /// 发文机关标志 if different from `name` (e.g. a short form).
    #[serde(default)]
    pub mark: Option<String>,
    /// Default 成文日期 (`2021-12-13` or `2021年12月13日`); else `SOURCE_DATE_EPOCH`, else today.
    #[serde(default)]
    pub date: Option<String>,
}

/// 督办函 settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LettersConfig {
    /// 发文字号 pattern: `{year}` and `{n}` are replaced, e.g. `陵双减督〔{year}〕{n}号`.
    #[serde(default = "default_numbering")]
    pub numbering: String,
    /// The registry of issued numbers, relative to the workspace.
    #[serde(default = "default_registry")]
    pub registry: PathBuf,
    /// Default 联系人.
    #[serde(default)]
    pub contact: Option<String>,
    /// Default 联系电话.
    #[serde(default)]
    pub phone: Option<String>,
    /// Default 电子邮箱.
    #[serde(default)]
    pub email: Option<String>,
    /// 发文机关署名 of the letters when it is not `[issuer] name` (e.g. the office of a
    /// coordination mechanism, which the letters' “报送我办” refers to).
    #[serde(default)]
    pub issuer: Option<String>,
    /// 发文机关标志 of the letters, if different from their issuer.
    #[serde(default)]
    pub mark: Option<String>,
}

impl Default for LettersConfig {
    fn default() -> Self {
        LettersConfig {
            numbering: default_numbering(),
            registry: default_registry(),
            contact: None,
            phone: None,
            email: None,
            issuer: None,
            mark: None,
        }
    }
}

/// One member list kept as a roster column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListConfig {
    /// The roster column holding roles for this list, e.g. `联络员`.
    pub column: String,
    /// The annex title, e.g. `陵川县“双减”工作专门协调机制联络员名单`.
    #[serde(default)]
    pub title: Option<String>,
}

/// Font overrides: a family name or a font file path per role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FontsConfig {
    /// 小标宋 role.
    #[serde(default)]
    pub title: Option<String>,
    /// 仿宋 role.
    #[serde(default)]
    pub body: Option<String>,
    /// 黑体 role.
    #[serde(default)]
    pub hei: Option<String>,
    /// 楷体 role.
    #[serde(default)]
    pub kai: Option<String>,
    /// 宋体 role (page numbers).
    #[serde(default)]
    pub song: Option<String>,
}

/// Where the workspace's data lives (INPUTS.md, "Workspace").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataConfig {
    /// Roster.
    #[serde(default = "default_roster")]
    pub roster: PathBuf,
    /// Case sheet.
    #[serde(default = "default_cases")]
    pub cases: PathBuf,
    /// Meeting workbook or JSON.
    #[serde(default = "default_meeting")]
    pub meeting: PathBuf,
    /// Duties annex.
    #[serde(default = "default_duties")]
    pub duties: PathBuf,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            roster: default_roster(),
            cases: default_cases(),
            meeting: default_meeting(),
            duties: default_duties(),
        }
    }
}

fn default_numbering() -> String {
    "督〔{year}〕{n}号".into()
}
fn default_registry() -> PathBuf {
    "编号登记.csv".into()
}
fn default_roster() -> PathBuf {
    "data/名册.xlsx".into()
}
fn default_cases() -> PathBuf {
    "data/督办事项.xlsx".into()
}
fn default_meeting() -> PathBuf {
    "data/会议纪要.xlsx".into()
}
fn default_duties() -> PathBuf {
    "data/职责分工.xlsx".into()
}
fn default_lists() -> Vec<ListConfig> {
    ["协调机制", "联络员", "领导小组"].iter().map(|c| ListConfig { column: (*c).into(), title: None }).collect()
}

impl Config {
    /// Parse `gongwen.toml` text; errors carry the line and column of the offending key.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        toml::from_str(text).map_err(|e| {
            let mut loc = Location::file(path);
            if let Some(span) = e.span() {
                let (line, col) = line_col(text, span.start);
                loc = loc.line(line, Some(col));
            }
            Diagnostic::error("config-invalid", loc, format!("配置文件有误：{}", e.message()))
                .hint("参照 `gongwen init` 生成的 gongwen.toml 检查键名和取值")
        })
    }

    /// Load `gongwen.toml` from a workspace folder; a missing file gives the defaults.
    pub fn load(workspace: &Path) -> Result<Config, Diagnostic> {
        let path = workspace.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Diagnostic::error("io", Location::file(&path), format!("无法读取配置文件：{e}"))),
        }
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

/// The date to use when none is given: `SOURCE_DATE_EPOCH` (reproducible builds), else today.
/// This is the only clock read in the crate.
#[allow(clippy::disallowed_methods)]
pub fn fallback_date() -> Date {
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
        });
    civil_from_days(secs.div_euclid(86_400))
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm; UTC+8 is not applied
/// because documents carry explicit dates; this only fills a missing one).
pub fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    Date { year: (y + i64::from(m <= 2)) as i32, month: m as u8, day: d as u8 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_gives_three_default_lists() {
        let c = Config::parse("", Path::new("gongwen.toml")).expect("parse");
        let cols: Vec<_> = c.lists.iter().map(|l| l.column.as_str()).collect();
        assert_eq!(cols, ["协调机制", "联络员", "领导小组"]);
    }

    #[test]
    fn default_config_equals_empty_file() {
        assert_eq!(Config::default(), Config::parse("", Path::new("gongwen.toml")).expect("parse"));
    }

    #[test]
    fn unknown_key_is_located() {
        let e = Config::parse("[issuer]\nname = \"x\"\nnmae = \"y\"\n", Path::new("gongwen.toml")).unwrap_err();
        assert_eq!(e.location.line, Some(3));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), Date { year: 1970, month: 1, day: 1 });
        assert_eq!(civil_from_days(18_974), Date { year: 2021, month: 12, day: 13 });
    }
}
