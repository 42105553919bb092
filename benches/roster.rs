//! Benchmark: read and normalise a 10,000-row roster (`cargo bench --bench roster`).
//!
//! Writes a roster of 10,000 people over 200 units (with a 单位 sheet of aliases, all three
//! list columns, phones) to a temporary file, then times `reader::open` alone and the full
//! `model::load_roster` (open + normalise + lists). Prints the best and median of several runs;
//! there is no assertion, timings belong here and not in tests.

use gongwen::settings::Config;
use rust_xlsxwriter::Workbook;
use std::time::{Duration, Instant};

const PEOPLE: u32 = 10_000;
const UNITS: u32 = 200;
const RUNS: usize = 7;

fn write_roster(path: &std::path::Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("人员")?;
    ws.write_string(0, 0, "陵川县人员名册")?;
    for (c, h) in ["姓名", "单位", "职务", "协调机制", "联络员", "领导小组", "排序", "电话", "备注"].iter().enumerate()
    {
        ws.write_string(1, c as u16, *h)?;
    }
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "秦", "郭", "冯", "段"];
    let given =
        ["国平", "艳军", "宝龙", "志亮", "永革", "文鹤", "俊飞", "冬冬", "红旗", "刚", "红卫", "建国", "青", "凤娟"];
    for i in 0..PEOPLE {
        let r = i + 2;
        let name = format!("{}{}{}", surnames[(i % 14) as usize], given[((i / 14) % 14) as usize], i / 196);
        let unit = i % UNITS;
        // Every tenth row writes the unit by its alias, as clerks do.
        let unit_name = if i % 10 == 0 { format!("县第{unit}单位简称") } else { format!("县第{unit}单位") };
        ws.write_string(r, 0, &name)?;
        ws.write_string(r, 1, &unit_name)?;
        ws.write_string(r, 2, if i % 3 == 0 { "局长" } else { "副局长" })?;
        ws.write_string(r, 3, if i % UNITS == 0 { "召集人" } else { "成员" })?;
        ws.write_string(r, 4, if i % 2 == 0 { "√" } else { "" })?;
        ws.write_string(r, 5, if i == 0 { "组长" } else { "成员" })?;
        ws.write_number(r, 6, f64::from(i + 1))?;
        ws.write_string(r, 7, format!("0356-{:07}", 6_200_000 + i))?;
        ws.write_string(r, 8, "")?;
    }
    let us = wb.add_worksheet();
    us.set_name("单位")?;
    us.write_string(0, 0, "单位")?;
    us.write_string(0, 1, "别名")?;
    for u in 0..UNITS {
        us.write_string(u + 1, 0, format!("县第{u}单位"))?;
        us.write_string(u + 1, 1, format!("县第{u}单位简称"))?;
    }
    wb.save(path)
}

fn time(label: &str, mut f: impl FnMut()) {
    let mut runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    runs.sort();
    println!("{label:<40} best {:>8.1} ms   median {:>8.1} ms", ms(runs[0]), ms(runs[RUNS / 2]));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("名册.xlsx");
    write_roster(&path).expect("write roster");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("roster: {PEOPLE} people, {UNITS} units, {} KiB", size / 1024);
    let config = Config::default();
    time("reader::open (calamine)", || {
        let b = gongwen::reader::open(&path).expect("open");
        assert_eq!(b.sheets.len(), 2);
    });
    time("model::load_roster (open + normalise)", || {
        let (r, ds) = gongwen::model::load_roster(&path, &config);
        let r = r.expect("roster");
        assert_eq!(r.people.len(), PEOPLE as usize, "{:?}", ds.iter().take(3).collect::<Vec<_>>());
    });
    time("load_roster + lints", || {
        let (ws, _) = gongwen::model::load_inputs(&[(gongwen::model::InputKind::Roster, path.clone())], &config);
        assert!(ws.roster.is_some());
    });
}
