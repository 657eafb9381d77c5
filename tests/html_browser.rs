//! The HTML report in a real browser (headless Chromium, see `browser/`): every example's page
//! and the portfolio page load with no console error, draw every chart with its bars in the
//! order and to the scale of the JSON report of the same profile, never overflow sideways at
//! a phone's width (375 px) or a laptop's (1280 px), follow dark mode and print, and show a
//! hostile profile name as text.
//!
//! Without a browser these tests fail, saying how to get one (`.ci/browser`, or
//! `ARCHFIT_BROWSER`). Screenshots of every page at both widths go to
//! `target/html-report/` for CI to keep. `ARCHFIT_UPDATE_SCREENSHOT=1` also rewrites the
//! README's screenshot, `docs/html-report.png`.

mod browser;
mod support;

use browser::{Browser, Page};
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::archfit;

/// The widths every page is checked at: a small phone and a laptop.
const WIDTHS: [u32; 2] = [375, 1280];

/// The README's screenshot, and the example it shows.
const README_SHOT: &str = "docs/html-report.png";
const README_EXAMPLE: &str = "examples/hybrid-shop.yaml";

/// Where pages and screenshots are written: `target/html-report/`.
fn out_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("html-report");
    std::fs::create_dir_all(&dir).expect("create target/html-report");
    dir
}

/// Runs archfit with `args` and returns its standard output; `ok` lists the exit codes
/// that are not a failure.
fn output(args: &[&str], ok: &[i32]) -> Vec<u8> {
    let out = archfit().args(args).output().expect("archfit runs");
    let code = out.status.code().unwrap_or(-1);
    assert!(
        ok.contains(&code),
        "archfit {args:?} exited {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Writes `recommend --format html` of `profile` (with `pack` when given) into `dir`, and
/// returns the page's path and the JSON report of the same profile.
fn page_of(profile: &str, pack: Option<&str>, dir: &Path) -> (PathBuf, Value) {
    let mut args = Vec::new();
    if let Some(p) = pack {
        args.extend(["--rules", p]);
    }
    args.extend(["recommend", "--format"]);
    let html = output(&[args.as_slice(), &["html", profile]].concat(), &[0]);
    let json = output(&[args.as_slice(), &["json", profile]].concat(), &[0]);
    let stem = Path::new(profile)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("page");
    let path = dir.join(format!("{stem}.html"));
    std::fs::write(&path, html).expect("write the page");
    let mut json: Value = serde_json::from_slice(&json).expect("JSON report");
    (path, json[0].take())
}

/// What the page shows, read in the browser: what sticks out sideways, and every chart's marks
/// with where they are drawn.
const SURVEY: &str = r##"(() => {
  const vw = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined && el.className ? '.' + el.className.split(' ').join('.') : '');
  const overflow = [];
  if (document.documentElement.scrollWidth > vw) {
    overflow.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${vw}px viewport`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > vw + 1 || r.left < -1) {
      overflow.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}px: ${(el.textContent || '').trim().slice(0, 60)}`);
    }
    const style = getComputedStyle(el);
    if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1 && !(el instanceof SVGElement)) {
      overflow.push(`${name(el)} scrolls sideways`);
    }
  }
  const box = el => { const r = el.getBoundingClientRect(); return {top: r.top, left: r.left, width: r.width}; };
  const sections = [...document.querySelectorAll('article.profile, section.profile')].map(s => ({
    name: s.querySelector('h2').textContent,
    recommendation: s.querySelector('[data-recommendation]').dataset.recommendation,
    ranking: [...s.querySelectorAll('[data-chart=ranking] rect[data-bar]')].map(b => ({
      pattern: b.dataset.bar, value: Number(b.dataset.value), vetoed: b.classList.contains('vetoed'),
      fill: getComputedStyle(b).fill, ...box(b),
    })),
    band: [...s.querySelectorAll('[data-chart=ranking] rect.band')].map(box),
    whatIf: [...s.querySelectorAll('[data-chart=what-if] [data-field]')].map(row => ({
      field: row.dataset.field,
      stops: [...row.querySelectorAll('.stop')].map(st => ({value: st.dataset.value, flipTo: st.dataset.flipTo || null, now: st.classList.contains('now'), ...box(st)})),
    })),
    parts: [...s.querySelectorAll('[data-chart=components] [data-part]')].map(c => ({part: c.dataset.part, pattern: c.dataset.pattern, lane: c.closest('[data-lane]').dataset.lane})),
    assumed: [...s.querySelectorAll('tr[data-assumed] th')].map(th => th.textContent),
  }));
  const portfolio = [...document.querySelectorAll('[data-chart=portfolio] rect[data-bar]')].map(b => ({pattern: b.dataset.bar, value: Number(b.dataset.value), ...box(b)}));
  const counts = Object.fromEntries([...document.querySelectorAll('[data-count]')].map(d => [d.dataset.count, Number(d.querySelector('dd').textContent)]));
  const links = [...document.querySelectorAll('a[href^="#"]')].map(a => ({href: a.getAttribute('href'), target: !!document.getElementById(a.getAttribute('href').slice(1))}));
  return {overflow, sections, portfolio, counts, links, scripts: document.scripts.length, images: document.images.length,
          background: getComputedStyle(document.body).backgroundColor};
})()"##;

/// Opens `page` at every width, checks that it loads cleanly and fits, screenshots it, and
/// returns the survey at the widest.
fn survey(tab: &mut Page<'_>, page: &Path, shots: &Path) -> Value {
    let stem = page.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
    let mut last = Value::Null;
    for width in WIDTHS {
        tab.resize(width);
        tab.emulate("", "light");
        let loaded = tab.open(page);
        assert!(
            loaded.errors.is_empty(),
            "{} at {width}px logged errors: {:#?}",
            page.display(),
            loaded.errors
        );
        let found = tab.eval(SURVEY);
        let overflow = found["overflow"].as_array().cloned().unwrap_or_default();
        assert!(
            overflow.is_empty(),
            "{} overflows at {width}px: {overflow:#?}",
            page.display()
        );
        assert_eq!(found["scripts"], 0, "{}: a script element", page.display());
        assert_eq!(found["images"], 0, "{}: an image element", page.display());
        tab.screenshot(&shots.join(format!("{stem}-{width}.png")), None);
        last = found;
    }
    last
}

/// The ranking chart draws every pattern of the JSON ranking, in its order, top to bottom,
/// each bar as long as its points on one scale, vetoed ones as vetoed.
fn assert_ranking(section: &Value, report: &Value, what: &str) {
    let bars = section["ranking"].as_array().expect("ranking bars");
    let ranking = report["ranking"].as_array().expect("JSON ranking");
    let drawn: Vec<&str> = bars
        .iter()
        .map(|b| b["pattern"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = ranking
        .iter()
        .map(|r| r["pattern"].as_str().unwrap())
        .collect();
    assert_eq!(drawn, expected, "{what}: the ranking's bars in order");
    let tops: Vec<f64> = bars.iter().map(|b| b["top"].as_f64().unwrap()).collect();
    assert!(
        tops.windows(2).all(|w| w[0] < w[1]),
        "{what}: bars not drawn top to bottom in the ranking's order: {tops:?}"
    );
    let largest = ranking
        .iter()
        .map(|r| r["score"].as_f64().unwrap().abs())
        .fold(0.0, f64::max);
    let widest = bars
        .iter()
        .map(|b| b["width"].as_f64().unwrap())
        .fold(0.0, f64::max);
    for (bar, r) in bars.iter().zip(ranking) {
        let points = r["score"].as_f64().unwrap();
        assert_eq!(bar["value"].as_f64(), Some(points), "{what}: {bar}");
        assert_eq!(
            bar["vetoed"], r["vetoed"],
            "{what}: vetoed shown as vetoed: {bar}"
        );
        if largest > 0.0 {
            let width = bar["width"].as_f64().unwrap();
            let expected = widest * points.abs() / largest;
            assert!(
                (width - expected).abs() <= 1.5,
                "{what}: the bar of {} is {width:.1}px for {points} points; {expected:.1}px would be to scale",
                r["pattern"]
            );
        }
        assert_ne!(
            bar["fill"], "rgb(0, 0, 0)",
            "{what}: the bar of {} has no colour",
            r["pattern"]
        );
    }
}

/// The what-if chart has a row per field that flips the answer, in the JSON's order, with a
/// marker at each value that flips it (to the JSON's pattern) and one at the profile's value.
fn assert_what_if(section: &Value, report: &Value, what: &str) {
    let rows = section["whatIf"].as_array().expect("what-if rows");
    let changes = report["what_if"].as_array().expect("JSON what_if");
    let mut fields: Vec<&str> = Vec::new();
    for c in changes {
        let f = c["field"].as_str().unwrap();
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    let drawn: Vec<&str> = rows.iter().map(|r| r["field"].as_str().unwrap()).collect();
    assert_eq!(drawn, fields, "{what}: the what-if rows");
    for c in changes {
        let row = rows.iter().find(|r| r["field"] == c["field"]).unwrap();
        let stops = row["stops"].as_array().unwrap();
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let flip = stops
            .iter()
            .find(|s| s["value"].as_str() == Some(&text(&c["to"])))
            .unwrap_or_else(|| panic!("{what}: no stop for {c}"));
        assert_eq!(flip["flipTo"], c["recommendation"], "{what}: {c}");
        let now = stops.iter().filter(|s| s["now"] == true).count()
            + stops
                .iter()
                .filter(|s| s["value"].as_str() == Some(&text(&c["from"])) && s["now"] == false)
                .count();
        assert_eq!(now, 1, "{what}: the profile's value marked once: {row}");
        let lefts: Vec<f64> = stops.iter().map(|s| s["left"].as_f64().unwrap()).collect();
        assert!(
            lefts.windows(2).all(|w| w[0] < w[1]),
            "{what}: stops left to right: {row}"
        );
    }
}

/// The component map shows the core and every component in the lane of its pattern.
fn assert_components(section: &Value, report: &Value, what: &str) {
    let parts = section["parts"].as_array().expect("component cards");
    let components = report["components"].as_array().cloned().unwrap_or_default();
    if components.is_empty() {
        assert!(
            parts.is_empty(),
            "{what}: a component map without components"
        );
        return;
    }
    let card = |name: &str| {
        let found: Vec<&Value> = parts.iter().filter(|p| p["part"] == name).collect();
        assert_eq!(found.len(), 1, "{what}: one card for {name}: {parts:?}");
        found[0].clone()
    };
    let core = card("core");
    assert_eq!(core["pattern"], report["core"], "{what}: the core's card");
    assert_eq!(core["lane"], report["core"], "{what}: the core's lane");
    for c in &components {
        let card = card(c["name"].as_str().unwrap());
        assert_eq!(card["pattern"], c["recommendation"], "{what}: {c}");
        assert_eq!(card["lane"], c["recommendation"], "{what}: {c}");
    }
}

/// Everything the profile's section must draw, against its JSON report.
fn assert_section(section: &Value, report: &Value, what: &str) {
    assert_eq!(section["name"], report["profile"], "{what}: the heading");
    assert_eq!(
        section["recommendation"], report["recommendation"],
        "{what}: the decision"
    );
    assert_ranking(section, report, what);
    assert_what_if(section, report, what);
    assert_components(section, report, what);
    let assumed: Vec<&str> = section["assumed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let expected: Vec<&str> = report["assumed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(assumed, expected, "{what}: the assumed fields marked");
}

/// Every `*.yaml` directly in `dir`, sorted.
fn profiles_in(dir: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .expect("read the examples")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.display().to_string())
        .collect();
    found.sort();
    found
}

#[test]
fn every_example_page_loads_cleanly_fits_every_width_and_draws_its_charts_in_order() {
    let shots = out_dir();
    let mut browser = Browser::launch();
    let mut tab = browser.page();
    let mut cases: Vec<(String, Option<&str>)> = profiles_in("examples")
        .into_iter()
        .map(|p| (p, None))
        .collect();
    let custom = "examples/custom-pack";
    cases.extend(
        profiles_in("examples/custom-pack/profiles")
            .into_iter()
            .map(|p| (p, Some(custom))),
    );
    assert!(cases.len() >= 8, "the examples: {cases:?}");
    let mut hybrids = 0;
    for (profile, pack) in &cases {
        let (page, report) = page_of(profile, *pack, &shots);
        let found = survey(&mut tab, &page, &shots);
        let sections = found["sections"].as_array().unwrap();
        assert_eq!(sections.len(), 1, "{profile}: one section");
        assert_section(&sections[0], &report, profile);
        if report["recommendation"] == "hybrid"
            && !sections[0]["parts"].as_array().unwrap().is_empty()
        {
            hybrids += 1;
        }
        if profile == README_EXAMPLE {
            tab.resize(1280);
            tab.open(&page);
            let readme = shots.join("readme.png");
            tab.screenshot(&readme, Some(1170.0));
            if std::env::var_os("ARCHFIT_UPDATE_SCREENSHOT").is_some() {
                std::fs::copy(&readme, README_SHOT).expect("update the README's screenshot");
            }
        }
    }
    assert!(hybrids > 0, "no example drew a component map");
    let shot = std::fs::read(README_SHOT).expect("the README's screenshot is committed");
    assert!(shot.starts_with(b"\x89PNG"), "{README_SHOT} is a PNG");
}

#[test]
fn the_portfolio_page_counts_every_profile_and_links_each_to_its_section() {
    let shots = out_dir();
    let dir = tempfile::tempdir().unwrap();
    // The examples, and one input that is not a profile.
    let inputs = dir.path().join("profiles");
    std::fs::create_dir(&inputs).unwrap();
    for p in profiles_in("examples") {
        let name = Path::new(&p).file_name().unwrap();
        std::fs::copy(&p, inputs.join(name)).unwrap();
    }
    std::fs::write(inputs.join("zz-broken.yaml"), "team_size: many\n").unwrap();
    let inputs = inputs.display().to_string();
    let html = output(&["check", "--format", "html", &inputs], &[2]);
    let json = output(&["recommend", "--format", "json", &inputs], &[2]);
    let reports: Vec<Value> = serde_json::from_slice(&json).unwrap();
    let page = shots.join("check.html");
    std::fs::write(&page, html).unwrap();

    let mut browser = Browser::launch();
    let mut tab = browser.page();
    let found = survey(&mut tab, &page, &shots);

    let sections = found["sections"].as_array().unwrap();
    assert_eq!(sections.len(), reports.len(), "a section per valid profile");
    for (section, report) in sections.iter().zip(&reports) {
        assert_section(section, report, &format!("check: {}", report["source"]));
    }
    // The portfolio chart: a bar per recommended pattern, most first, each its count.
    let bars = found["portfolio"].as_array().unwrap();
    let mut total = 0;
    for bar in bars {
        let n = reports
            .iter()
            .filter(|r| r["recommendation"] == bar["pattern"])
            .count();
        assert_eq!(bar["value"].as_f64(), Some(n as f64), "{bar}");
        total += n;
    }
    assert_eq!(total, reports.len(), "every recommendation is on the chart");
    let values: Vec<f64> = bars.iter().map(|b| b["value"].as_f64().unwrap()).collect();
    assert!(
        values.windows(2).all(|w| w[0] >= w[1]),
        "most first: {values:?}"
    );
    let tops: Vec<f64> = bars.iter().map(|b| b["top"].as_f64().unwrap()).collect();
    assert!(tops.windows(2).all(|w| w[0] < w[1]), "drawn in that order");
    // The counts, and a link per input to somewhere on the page.
    assert_eq!(found["counts"]["invalid"], 1);
    let counted: u64 = ["fits", "misfits", "validated-only", "invalid"]
        .iter()
        .map(|k| found["counts"][k].as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, reports.len() + 1);
    let links = found["links"].as_array().unwrap();
    assert_eq!(links.len(), reports.len() + 1, "a link per input");
    assert!(
        links.iter().all(|l| l["target"] == true),
        "every link lands: {links:?}"
    );
}

#[test]
fn a_hostile_name_stays_text_and_the_page_follows_dark_mode_and_print() {
    let shots = out_dir();
    let dir = tempfile::tempdir().unwrap();
    let name = r#"<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes""#;
    let part = "</svg></table><b>bold</b>";
    // A fixture pack's profile with a veto (long_running), a penalty and a component that
    // needs another pattern, whatever the default pack's numbers are.
    let profile = format!(
        "name: '{}'\nteam_size: 5\nteams: 2\nlong_running: true\ncomponents:\n  - name: '{}'\n    traffic: spiky\n    long_running: false\n",
        name.replace('\'', "''"),
        part
    );
    let file = support::write(dir.path(), "hostile.yaml", profile);
    let file = file.display().to_string();
    let (page, report) = page_of(
        &file,
        Some("tests/fixtures/packs/hybrid-by-components"),
        &shots,
    );

    let mut browser = Browser::launch();
    let mut tab = browser.page();
    let found = survey(&mut tab, &page, &shots);
    let section = &found["sections"][0];
    assert_eq!(section["name"], name, "the name shows as it was written");
    assert_section(section, &report, "hostile");
    assert!(
        section["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["vetoed"] == true),
        "the fixture has a vetoed pattern: {section}"
    );
    assert!(
        !section["parts"].as_array().unwrap().is_empty(),
        "the fixture has a component map: {section}"
    );
    assert!(
        tab.eval("document.querySelectorAll('b, main svg table').length")
            .as_u64()
            == Some(0),
        "the component's name became markup"
    );
    assert!(
        tab.eval("document.body.textContent.includes('</svg></table><b>bold</b>')") == true,
        "the component's name shows as text"
    );

    // Dark mode: the page turns dark, and its bars keep a colour.
    tab.resize(1280);
    tab.emulate("", "dark");
    tab.open(&page);
    let dark = tab.eval(SURVEY);
    assert_ne!(dark["background"], "rgb(255, 255, 255)", "dark mode");
    assert_ranking(&dark["sections"][0], &report, "dark");
    tab.screenshot(&shots.join("hostile-dark.png"), None);
    // Print: white paper even in dark mode, and the page prints.
    tab.emulate("print", "dark");
    let printed = tab.eval(SURVEY);
    assert_eq!(
        printed["background"], "rgb(255, 255, 255)",
        "print on white"
    );
    assert_ranking(&printed["sections"][0], &report, "print");
    let pdf = tab.pdf();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    std::fs::write(shots.join("hostile.pdf"), pdf).unwrap();
}
