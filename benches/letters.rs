//! Benchmark: 1,000 督办函 as PDF + DOCX through `gongwen letters`, with 1 and 2 worker jobs,
//! against the floor — typst compile + PDF export of the same letters, fonts already loaded,
//! nothing else (no spreadsheet, no composition, no DOCX, no files).
//!
//! Run: `cargo bench --bench letters` (release build). `GONGWEN_BENCH_LETTERS=N` changes the
//! batch size (e.g. 10000 to see that memory stays flat); `GONGWEN_BENCH_DIR=DIR` puts the
//! workspace and output there instead of the system's temporary folder (e.g. `/dev/shm` to
//! leave the disk out). Reports wall time, per-letter time, CPU time and how much of it the
//! kernel spent (creating 2,000 files), speed-up and peak resident memory (VmHWM of the
//! `gongwen` process, sampled from /proc).
//! Figures, not assertions: targets are checked by reading the output (README, "Speed").

use gongwen::batch::EVICT_EVERY;
use gongwen::compose::{Composer, Contact, Issuer, LetterContext};
use gongwen::fonts::FontSet;
use gongwen::ir::Document;
use gongwen::model::load_cases;
use gongwen::settings::Config;
use gongwen::writer::RenderOptions;
use gongwen::writer::pdf::Engine;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const UNITS: [&str; 8] =
    ["县文旅局", "县财政局", "县教育局", "县市场监管局", "县公安局", "县民政局", "县住建局", "县卫体局"];

fn write_cases(path: &Path, n: usize) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header = ["主送单位", "督办依据", "督办事项", "完成时限", "工作要求", "报送时限", "成文日期", "联系人"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for i in 0..n {
        let r = i as u32 + 1;
        let row = [
            UNITS[i % UNITS.len()].to_string(),
            "《陵川县“双减”工作部门职责分工》（陵政办函〔2021〕45号）".to_string(),
            format!("第{}批校外培训机构排查整治", i + 1),
            "2022-01-31".to_string(),
            "全面排查辖区内校外培训机构；建立问题台账并逐项整改；每月报送工作进展".to_string(),
            "2022-01-25".to_string(),
            "2021-12-20".to_string(),
            "郭文鹤".to_string(),
        ];
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r, c as u16, v).expect("cell");
        }
    }
    wb.save(path).expect("save");
}

/// Peak resident set (VmHWM) of a process in MiB, while it lives.
fn vm_hwm(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU time of a process so far, user and system, in seconds (`/proc/PID/stat`, 100 ticks/s).
fn cpu_times(pid: &str) -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    Some((fields.get(11)?.parse::<f64>().ok()? / 100.0, fields.get(12)?.parse::<f64>().ok()? / 100.0))
}

/// User + system CPU time of a process so far, in seconds.
fn cpu_secs(pid: &str) -> Option<f64> {
    cpu_times(pid).map(|(u, s)| u + s)
}

struct Run {
    wall: Duration,
    cpu: f64,
    sys: f64,
    peak_mib: f64,
}

fn run_letters(ws: &Path, jobs: usize) -> Run {
    let out = ws.join(format!("out-{jobs}"));
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(ws.join("编号登记.csv"));
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["letters", "data/督办事项.xlsx", "--format", "pdf,docx", "--no-system-fonts", "-q"])
        .args(["--jobs", &jobs.to_string(), "--out", out.to_str().expect("utf8")])
        .current_dir(ws)
        .spawn()
        .expect("spawn gongwen");
    let mut peak = 0.0f64;
    let (mut cpu, mut sys) = (0.0f64, 0.0f64);
    let pid = child.id().to_string();
    loop {
        if let Some(v) = vm_hwm(child.id()) {
            peak = peak.max(v);
        }
        if let Some((u, s)) = cpu_times(&pid) {
            cpu = cpu.max(u + s);
            sys = sys.max(s);
        }
        if let Ok(Some(status)) = child.try_wait() {
            assert!(status.success(), "gongwen letters failed");
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Run { wall: start.elapsed(), cpu, sys, peak_mib: peak }
}

fn main() {
    let n: usize = std::env::var("GONGWEN_BENCH_LETTERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = match std::env::var_os("GONGWEN_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir).expect("GONGWEN_BENCH_DIR"),
        None => tempfile::tempdir().expect("tmp"),
    };
    let ws: PathBuf = tmp.path().to_path_buf();
    std::fs::copy(root.join("workspace/gongwen.toml"), ws.join("gongwen.toml")).expect("config");
    std::fs::create_dir_all(ws.join("data")).expect("data");
    std::fs::copy(root.join("fixtures/名册.xlsx"), ws.join("data/名册.xlsx")).expect("roster");
    write_cases(&ws.join("data/督办事项.xlsx"), n);

    // The floor: the very letters `gongwen letters` writes (their Document IR, from
    // `--emit ir`, which registers no number), then only typst compile + PDF export on one
    // thread, fonts loaded once.
    let emitted = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["letters", "data/督办事项.xlsx", "--emit", "ir", "--no-system-fonts", "-q"])
        .current_dir(&ws)
        .output()
        .expect("gongwen letters --emit ir");
    assert!(emitted.status.success(), "{}", String::from_utf8_lossy(&emitted.stderr));
    let docs: Vec<Document> = serde_json::from_slice(&emitted.stdout).expect("IR");
    assert_eq!(docs.len(), n);
    // Composition alone, for the report: the same rows through the same template.
    let config = Config::load(&ws).expect("config");
    let issuer = Issuer::for_letters(&config, &ws.join("gongwen.toml")).expect("issuer");
    let (cases, _) = load_cases(&ws.join("data/督办事项.xlsx"), &config, None);
    let cases = cases.expect("cases");
    let composer = Composer::new(None);
    let t = Instant::now();
    for (i, c) in cases.cases.iter().enumerate() {
        let ctx = LetterContext {
            case: c,
            number: format!("陵双减督〔2021〕{}号", i + 1),
            issuer: &issuer,
            contact: Contact { person: c.contact.clone(), phone: c.phone.clone(), email: c.email.clone() },
            date: c.date.unwrap_or(gongwen::ir::Date { year: 2021, month: 12, day: 20 }),
        };
        std::hint::black_box(composer.letter(&ctx).expect("compose"));
    }
    let compose = t.elapsed();
    let engine = Engine::new(&FontSet::bundled().expect("fonts")).expect("engine");
    let opts = RenderOptions::default();
    let cpu0 = cpu_secs("self").unwrap_or(0.0);
    let t = Instant::now();
    for (i, d) in docs.iter().enumerate() {
        std::hint::black_box(engine.pdf(d, &opts).expect("pdf"));
        if (i + 1) % EVICT_EVERY == 0 {
            engine.evict();
        }
    }
    let floor = t.elapsed();
    let floor_cpu = cpu_secs("self").unwrap_or(0.0) - cpu0;
    let t = Instant::now();
    for d in &docs {
        let docx =
            gongwen::writer::docx::DocxOptions { fonts: gongwen::cli::DocxFonts::Government, ..Default::default() };
        std::hint::black_box(gongwen::writer::docx::write(d, &opts, &docx).expect("docx"));
    }
    let docx = t.elapsed();
    drop(docs);

    let one = run_letters(&ws, 1);
    let two = run_letters(&ws, 2);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0 / n as f64;
    let cms = |secs: f64| secs * 1000.0 / n as f64;
    println!("gongwen letters benchmark: {n} 督办函, PDF + DOCX, bundled Fandol fonts, in {}", ws.display());
    println!("  load average before the runs: {}", std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim());
    println!(
        "  floor (typst compile + PDF export only, 1 thread): {:8.2} ms/letter wall, {:6.2} ms CPU",
        ms(floor),
        cms(floor_cpu)
    );
    println!("  compose (template + parse, 1 thread):               {:8.3} ms/letter", ms(compose));
    println!("  DOCX writer (1 thread):                             {:8.3} ms/letter", ms(docx));
    for (jobs, r) in [(1, &one), (2, &two)] {
        println!(
            "  gongwen letters --jobs {jobs}: {:6.2} s total, {:6.2} ms/letter wall, {:6.2} ms/letter CPU ({:4.2} in the kernel), peak RSS {:6.1} MiB",
            r.wall.as_secs_f64(),
            ms(r.wall),
            cms(r.cpu),
            cms(r.sys),
            r.peak_mib
        );
    }
    println!("  speed-up 2 jobs vs 1:           {:5.2}×", one.wall.as_secs_f64() / two.wall.as_secs_f64());
    println!(
        "  1-job cost / floor (PDF+DOCX):  {:5.2}× wall, {:5.2}× CPU",
        ms(one.wall) / ms(floor),
        one.cpu / floor_cpu
    );
}
