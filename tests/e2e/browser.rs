//! Real-browser tests: headless Chromium driven through chromedriver (fantoccini) on sites built
//! by leverage and served on loopback. Required in CI; skipped loudly where Chromium is missing.
//! A failing test saves a screenshot under target/browser-failures/.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::support::{self, Child, free_port, require, wait_for_port, workspace};

/// Chromium and chromedriver, or `None` (with a loud skip) when they are not installed here.
struct Browser {
    client: Client,
    _driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start(width: u32, height: u32) -> Option<Browser> {
        if !require("chromium", &["--version"]) || !require("chromedriver", &["--version"]) {
            return None;
        }
        // A port found free can be taken by another test's server before chromedriver binds
        // it, and a loaded machine has seen chromedriver refuse the first session: a fresh
        // chromedriver on a fresh port, with a fresh profile, is tried up to three times.
        let mut failures = Vec::new();
        for _ in 0..3 {
            let profile = tempfile::tempdir().expect("a fresh profile folder");
            let mut capabilities = serde_json::Map::new();
            capabilities.insert(
                "goog:chromeOptions".into(),
                json!({
                    "binary": "/usr/bin/chromium",
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                        format!("--user-data-dir={}", profile.path().display()),
                        format!("--window-size={width},{height}"),
                    ],
                }),
            );
            if width < 600 {
                // A desktop window cannot be narrower than about 500 px; phones are emulated.
                capabilities["goog:chromeOptions"]["mobileEmulation"] =
                    json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0 } });
            }
            capabilities.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
            let port = free_port();
            let driver = Command::new("chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts");
            let mut driver = Child(driver);
            wait_for_port(port);
            // What answered may be another test's server on a port taken from under this driver.
            if !matches!(driver.0.try_wait(), Ok(None)) {
                failures.push(format!("chromedriver on port {port} exited"));
                continue;
            }
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => return Some(Browser { client, _driver: driver, _profile: profile }),
                Err(e) => failures.push(format!("{e:?}")),
            }
        }
        panic!("no browser session: {failures:?}")
    }

    /// The width of the layout viewport and of the page's content.
    async fn widths(&self) -> (f64, f64) {
        // Measured once the page is laid out as a reader sees it: its fonts loaded and two frames
        // drawn. Under a loaded CI machine a page measured at its load event was once 14 px wider
        // than the same page a moment later.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
                vec![],
            )
            .await
            .expect("the page settles");
        let value = self
            .client
            .execute(
                "return [document.documentElement.clientWidth, document.documentElement.scrollWidth];",
                vec![],
            )
            .await
            .expect("script runs");
        (value[0].as_f64().expect("a width"), value[1].as_f64().expect("a width"))
    }

    /// The captions (or first cell) of the tables wider than the box they scroll in: a table a
    /// reader has to scroll sideways to see its figures. The data tables behind charts, opened on
    /// request, may scroll.
    ///
    /// Measured again, for two seconds at most, until none scrolls: under the whole suite's load
    /// a measure right after the page loaded once found a table wider than its box that the
    /// screenshot taken after showed inside it. One that still scrolls then is reported.
    async fn tables_scrolled_sideways(&self) -> Vec<String> {
        let mut sideways = Vec::new();
        for _ in 0..10 {
            sideways = self
                .strings(
                    "return [...document.querySelectorAll('.table-scroll')]\
                     .filter(box => !box.closest('.chart-data') && box.scrollWidth > box.clientWidth + 1)\
                     .map(box => (box.querySelector('caption, th') || box).textContent.trim().slice(0, 60));",
                )
                .await;
            if sideways.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        sideways
    }

    /// The list of strings a script returns.
    async fn strings(&self, script: &str) -> Vec<String> {
        let value = self.client.execute(script, vec![]).await.expect("script runs");
        // Anything but a list of strings is the script's failure, not an empty answer: a check
        // that finds no offending element must not pass because its script broke.
        let list = value.as_array().unwrap_or_else(|| panic!("expected a list from the script, got {value}"));
        list.iter()
            .map(|v| v.as_str().unwrap_or_else(|| panic!("expected strings, got {v}")).to_string())
            .collect()
    }

    /// The rows of task tables whose cells a screen reader would read under the wrong headers:
    /// a cell taken out of the rendering (`display: none`) is left out of the table's
    /// accessibility tree, and every later cell of its row moves under the header before its
    /// own. A cell hidden from sight only (clipped to a pixel) keeps its place.
    async fn cells_out_of_their_columns(&self) -> Vec<String> {
        self.strings(
            "return [...document.querySelectorAll('table.tasks')].flatMap(table => {\
               const headers = table.querySelectorAll('thead th').length;\
               return [...table.querySelectorAll('tbody tr')]\
                 .filter(row => [...row.cells].filter(c => getComputedStyle(c).display !== 'none').length !== headers)\
                 .map(row => row.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60));\
             });",
        )
        .await
    }

    /// The smallest size, in CSS pixels on screen, of any chart text on the page: its font size
    /// in the SVG's user units times the scale its chart is drawn at.
    async fn smallest_chart_text(&self) -> f64 {
        let value = self
            .client
            .execute(
                "return Math.min(...[...document.querySelectorAll('figure.chart svg text')].map(t => {\
                     const svg = t.ownerSVGElement;\
                     const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;\
                     return parseFloat(getComputedStyle(t).fontSize) * scale; }));",
                vec![],
            )
            .await
            .expect("script runs");
        value.as_f64().unwrap_or(f64::NAN)
    }

    /// Console messages of level SEVERE since the last call.
    async fn console_errors(&self) -> Vec<String> {
        let logs = self.client.issue_cmd(Log).await.expect("chromedriver returns the browser's console log");
        logs.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs axe-core on the current page and returns its serious and critical violations.
    async fn serious_accessibility_violations(&self, axe: &str) -> Vec<String> {
        self.client.execute(axe, vec![]).await.expect("axe-core loads");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.map(v => [v.impact, v.id, v.help, v.nodes.map(n => n.target.join(' ')).join(', ')])));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        result
            .as_array()
            .expect("a list")
            .iter()
            .filter(|v| v[0] == "serious" || v[0] == "critical")
            .map(|v| format!("{} {}: {} ({})", v[0], v[1], v[2], v[3]))
            .collect()
    }

    /// The accessible name of the first element `css` finds.
    async fn label_of(&self, css: &str) -> Result<String, String> {
        let element = self.client.find(Locator::Css(css)).await.map_err(|e| format!("{css}: {e}"))?;
        let label = self
            .client
            .issue_cmd(ComputedLabel(element.element_id().to_string()))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        Ok(label.as_str().unwrap_or_default().to_string())
    }

    /// Saves a screenshot for a failed test.
    async fn screenshot(&self, name: &str) -> PathBuf {
        let folder = workspace().join("target/browser-failures");
        let _ = std::fs::create_dir_all(&folder);
        let path = folder.join(format!("{name}.png"));
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(&path, png);
        }
        path
    }
}

/// chromedriver's log command (a Selenium extension it keeps in W3C mode).
#[derive(Debug)]
struct Log;

impl fantoccini::wd::WebDriverCompatibleCommand for Log {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or("")))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}

/// WebDriver's "Get Computed Label": the accessible name the browser gives an element, as a
/// screen reader hears it.
#[derive(Debug)]
struct ComputedLabel(String);

impl fantoccini::wd::WebDriverCompatibleCommand for ComputedLabel {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/element/{}/computedlabel", session_id.unwrap_or(""), self.0))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::GET, None)
    }
}

/// Runs a browser test body; on failure saves a screenshot and fails with its path.
async fn run<F, Fut>(name: &str, width: u32, height: u32, body: F)
where
    F: FnOnce(Arc<Browser>) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let Some(browser) = Browser::start(width, height).await else { return };
    let browser = Arc::new(browser);
    let outcome = body(Arc::clone(&browser)).await;
    let shot = match &outcome {
        Err(_) => Some(browser.screenshot(name).await),
        Ok(()) => None,
    };
    let _ = browser.client.clone().close().await;
    // Dropping the browser stops chromedriver (and with it Chromium).
    drop(browser);
    if let Err(message) = outcome {
        panic!("{message}\nscreenshot: {}", shot.map(|p| p.display().to_string()).unwrap_or_default());
    }
}

/// The example site built under a loopback URL and served by a plain static server.
struct Served {
    _root: tempfile::TempDir,
    _server: Child,
    base: String,
}

fn serve_built(site: &Path) -> Served {
    let root = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(root.path().join("site")).expect("a folder to serve");
    let (server, port) = support::static_server(&root.path().join("site"));
    let base = format!("http://127.0.0.1:{port}/");
    let output = support::leverage(&[
        "build",
        "--root",
        site.to_str().expect("UTF-8"),
        "--output-dir",
        root.path().join("site").to_str().expect("UTF-8"),
        "--base-url",
        &base,
    ]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    Served { _root: root, _server: server, base }
}

/// `leverage serve` (with `--watch` when `watch`) on the site in `dir`, on a port the system
/// picks, its messages in `dir/serve.log`: the server, and the port it said it serves on.
fn serve_logged(dir: &Path, watch: bool) -> (Child, u16) {
    serve_logged_with(dir, if watch { &["--watch"] } else { &[] })
}

/// `serve_logged` with `extra` arguments.
fn serve_logged_with(dir: &Path, extra: &[&str]) -> (Child, u16) {
    let log = dir.join("serve.log");
    let mut args = vec!["serve", "--root", dir.to_str().expect("UTF-8"), "--port", "0"];
    args.extend_from_slice(extra);
    let server = crate::support::command()
        .args(&args)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("a log file"))
        .spawn()
        .expect("serve starts");
    let mut server = Child(server);
    let port = support::port_in_log(&mut server, &log);
    wait_for_port(port);
    (server, port)
}

fn check(condition: bool, message: impl Into<String>) -> Result<(), String> {
    if condition { Ok(()) } else { Err(message.into()) }
}

async fn text_of(browser: &Browser, css: &str) -> Result<String, String> {
    let element = browser.client.find(Locator::Css(css)).await.map_err(|e| format!("no {css}: {e}"))?;
    element.text().await.map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_shows_visible_charts_and_a_reader_can_navigate() {
    let served = serve_built(&workspace());
    run("navigation", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&served.base).await.map_err(|e| e.to_string())?;
        let charts = c.find_all(Locator::Css(".chart svg")).await.map_err(|e| e.to_string())?;
        check(!charts.is_empty(), "the home page has charts")?;
        for chart in &charts {
            let (_, _, width, height) = chart.rectangle().await.map_err(|e| e.to_string())?;
            check(width > 100.0 && height > 50.0, format!("a chart is visible: {width}x{height}"))?;
        }
        // In the two-column grid a chart is drawn at about 0.8 of its size; its text grows to match.
        let smallest = browser.smallest_chart_text().await;
        check(smallest >= 12.0, format!("chart text is {smallest:.1}px on a desktop screen"))?;
        c.find(Locator::Css(".daily-table tbody a"))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        let url = c.current_url().await.map_err(|e| e.to_string())?;
        check(url.path().starts_with("/records/"), format!("on a record page: {url}"))?;
        check(text_of(&browser, "h1").await?.contains("Leverage Record"), "the record's title")?;
        check(
            !c.find_all(Locator::Css("table.tasks tbody tr")).await.map_err(|e| e.to_string())?.is_empty(),
            "its tasks",
        )?;
        c.find(Locator::Css(".tag-list a"))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        let tag_url = c.current_url().await.map_err(|e| e.to_string())?;
        check(tag_url.path().starts_with("/tags/"), format!("on a tag page: {tag_url}"))?;
        c.find(Locator::LinkText("Archive"))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        check(c.current_url().await.map_err(|e| e.to_string())?.path() == "/archive/", "on the archive")?;
        c.back().await.map_err(|e| e.to_string())?;
        check(c.current_url().await.map_err(|e| e.to_string())? == tag_url, "back on the tag page")?;
        let errors = browser.console_errors().await;
        check(errors.is_empty(), format!("console errors: {errors:?}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_errors_are_seen() {
    run("console", 1280, 900, |browser| async move {
        browser.client.goto("about:blank").await.map_err(|e| e.to_string())?;
        browser
            .client
            .execute("console.error('deliberate test error');", vec![])
            .await
            .map_err(|e| e.to_string())?;
        let errors = browser.console_errors().await;
        check(
            errors.iter().any(|e| e.contains("deliberate test error")),
            format!("the check sees console errors: {errors:?}"),
        )
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_url_shows_the_404_page() {
    let dir = support::site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human | AI Time |\n|---|---|---|\n| A | 1h | 1min |\n",
    )]);
    let (_server, port) = serve_logged(dir.path(), false);
    run("not-found", 1280, 900, |browser| async move {
        browser
            .client
            .goto(&format!("http://127.0.0.1:{port}/no/such/page/"))
            .await
            .map_err(|e| e.to_string())?;
        let heading = text_of(&browser, "h1").await?;
        check(heading.to_lowercase().contains("not found"), format!("the 404 page: {heading}"))?;
        check(browser.client.find(Locator::Css("a[href]")).await.is_ok(), "links out of the 404 page")
    })
    .await;
}

/// Years of a tag add up to figures such as `13662h 10min`, wider than a card's place for them on
/// a phone: they break between their parts instead of running out of the card.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn years_of_figures_stay_inside_their_cards_on_a_phone() {
    let record = "+++\ntags = [\"backend\"]\n+++\n| Task | Workstream | Human Est. | Claude Time | Sup. |\n\
                  |---|---|---|---|---|\n| A | Search | 13662h 10min | 505h 48.1min | 352h 31.7min |\n";
    let dir = support::site(&[("content/records/2026-03-01.md", record)]);
    let served = serve_built(dir.path());
    run("big-figures-375", 375, 800, |browser| async move {
        for path in
            ["", "tags/", "tags/backend/", "workstreams/", "workstreams/search/", "records/2026-03-01/"]
        {
            browser.client.goto(&format!("{}{path}", served.base)).await.map_err(|e| e.to_string())?;
            let out = browser
                .strings(
                    // Not a cell hidden from sight only (a `#` cell, whose number leads
                    // the task's text), one pixel wide for screen readers.
                    "return [...document.querySelectorAll('.stack tbody td')]\
                     .filter(cell => getComputedStyle(cell).position !== 'absolute')\
                     .filter(cell => cell.scrollWidth > cell.clientWidth + 1)\
                     .map(cell => cell.textContent.trim());",
                )
                .await;
            check(out.is_empty(), format!("/{path}: figures run out of their cells: {out:?}"))?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tag_of_one_long_word_wraps_rather_than_widening_the_page() {
    let long = "x".repeat(70);
    let record = format!(
        "+++\ntags = [\"{long}\", \"short\"]\n+++\n| Task | Human | AI Time |\n|---|---|---|\n| A | 1h | 1min |\n"
    );
    let dir = support::site(&[("content/records/2026-03-01.md", record.as_str())]);
    let served = serve_built(dir.path());
    for (name, width) in [("long-tag-phone", 375), ("long-tag-laptop", 1280)] {
        let base = served.base.clone();
        let long = long.clone();
        run(name, width, 800, |browser| async move {
            for path in ["", "records/2026-03-01/", &format!("tags/{long}/"), "tags/"] {
                browser.client.goto(&format!("{base}{path}")).await.map_err(|e| e.to_string())?;
                let (viewport, content) = browser.widths().await;
                check(
                    content <= viewport,
                    format!("/{path} at {width}px: {content}px of content in a {viewport}px viewport"),
                )?;
            }
            Ok(())
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_do_not_overflow_a_phone_screen() {
    let served = serve_built(&workspace());
    run("phone-width", 375, 800, |browser| async move {
        for path in [
            "",
            "records/2026-02-28/",
            "records/2026-03-09/",
            "archive/",
            "tags/",
            "tags/resume-generator/",
            "workstreams/",
            "workstreams/resume-generator/",
            "search/?q=resume",
        ] {
            browser.client.goto(&format!("{}{path}", served.base)).await.map_err(|e| e.to_string())?;
            if path.starts_with("search/") {
                wait_until(&browser, "#search-status", |t| t.contains("found"), "the search's results")
                    .await?;
            }
            let (viewport, content) = browser.widths().await;
            check(viewport <= 400.0, format!("a phone-sized viewport: {viewport}"))?;
            check(
                content <= viewport,
                format!("/{path} overflows: {content}px of content in a {viewport}px viewport"),
            )?;
            // Every table's figures fit the screen without scrolling its box sideways.
            let sideways = browser.tables_scrolled_sideways().await;
            check(sideways.is_empty(), format!("/{path}: tables scroll sideways on a phone: {sideways:?}"))?;
            if path.is_empty() || path.starts_with("records/") {
                let smallest = browser.smallest_chart_text().await;
                check(smallest >= 10.5, format!("/{path}: chart text is {smallest:.1}px on a phone"))?;
                // The caption of a chart's numbers wraps inside their box, though the table
                // in it is wider: it was cut at the box's edge, every line of it.
                let cut = browser
                    .strings(
                        "document.querySelectorAll('details.chart-data').forEach(d => d.open = true);\
                         const captions = [...document.querySelectorAll('.chart-data caption')];\
                         return captions.filter(c => {\
                           const text = c.querySelector('.caption-text') || c;\
                           const box = c.closest('.table-scroll').getBoundingClientRect();\
                           return text.getBoundingClientRect().right > box.right + 0.5; }).map(c => c.textContent)\
                           .concat(captions.length ? [] : ['no chart captions']);",
                    )
                    .await;
                let cut: Vec<&String> =
                    cut.iter().filter(|c| path.is_empty() || *c != "no chart captions").collect();
                check(cut.is_empty(), format!("/{path}: chart captions cut at their box's edge: {cut:?}"))?;
            }
            if path == "records/2026-02-28/" {
                let rows = browser
                    .client
                    .find_all(Locator::Css("table.tasks tbody tr"))
                    .await
                    .map_err(|e| e.to_string())?;
                check(rows.len() == 18, "the 18-row record page is measured")?;
            }
            if path == "records/2026-03-09/" {
                // A card's `#` leads its task's text instead of taking a line of the card: its
                // own cell is out of the card's flow and a pixel wide (hidden from sight, not
                // from screen readers).
                let value = browser
                    .client
                    .execute(
                        "const n = document.querySelector('table.tasks tbody td.col-number');\
                         const t = n.closest('tr').querySelector('th[scope=row]');\
                         return [getComputedStyle(n).position, n.getBoundingClientRect().width,\
                                 getComputedStyle(t, '::before').content];",
                        vec![],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                check(
                    value[0] == "absolute"
                        && value[1].as_f64().is_some_and(|w| w <= 1.0)
                        && value[2].as_str().is_some_and(|c| c.starts_with("\"#1\"")),
                    format!("the task's # leads its text: {value:?}"),
                )?;
            }
        }
        Ok(())
    })
    .await;
}

/// Between a phone and a laptop (a tablet, a phone held sideways, a window beside another) every
/// task table shows all its figures: a table of up to seven columns fits as a table, a wider one
/// (the example's March 9 record has nine) becomes cards until its columns fit side by side.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_tables_show_every_figure_between_phone_and_laptop_widths() {
    let served = serve_built(&workspace());
    for width in [660, 768, 900, 1024] {
        let base = served.base.clone();
        run(&format!("table-width-{width}"), width, 900, |browser| async move {
            for path in
                ["records/2026-02-28/", "records/2026-03-02/", "records/2026-03-05/", "records/2026-03-09/"]
            {
                browser.client.goto(&format!("{base}{path}")).await.map_err(|e| e.to_string())?;
                let sideways = browser.tables_scrolled_sideways().await;
                check(
                    sideways.is_empty(),
                    format!("/{path} at {width}px: tables scroll sideways: {sideways:?}"),
                )?;
                let (viewport, content) = browser.widths().await;
                check(
                    content <= viewport,
                    format!("/{path} at {width}px overflows: {content}px in {viewport}px"),
                )?;
                // A workstream's words stay whole: the task's column gives up the room
                // ("Infrastructure" was broken in two at 1024px).
                let broken = browser
                    .strings(
                        "return [...document.querySelectorAll('table.tasks td.text')].flatMap(td => {\
                           const node = [...td.childNodes].find(n => n.nodeType === 3 && n.data.trim());\
                           if (!node) return [];\
                           const r = document.createRange(); let at = 0;\
                           return node.data.split(' ').flatMap(word => {\
                             r.setStart(node, at); r.setEnd(node, at + word.length); at += word.length + 1;\
                             const lines = new Set([...r.getClientRects()].map(b => Math.round(b.top)));\
                             return word && lines.size > 1 ? [word] : []; }); });",
                    )
                    .await;
                check(
                    broken.is_empty(),
                    format!("/{path} at {width}px breaks words of text cells: {broken:?}"),
                )?;
            }
            Ok(())
        })
        .await;
    }
}

/// A task table's body cells carry no class of their own when they hold a figure: the theme
/// aligns them as figures by default and sets text (a workstream) and leverage apart by class.
/// The March 9 record has both, side by side at a laptop's width.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_table_figures_text_and_leverage_are_set_apart_without_a_class_per_cell() {
    let served = serve_built(&workspace());
    let base = served.base.clone();
    run("cell-styles", 1280, 900, |browser| async move {
        browser.client.goto(&format!("{base}records/2026-03-09/")).await.map_err(|e| e.to_string())?;
        let styles = browser
            .strings(
                "const row = document.querySelector('table.tasks tbody tr');\
                 const style = (css) => { const s = getComputedStyle(row.querySelector(css));\
                   return [s.textAlign, s.whiteSpace, s.fontWeight].join(' '); };\
                 return [style('td[data-label=\"Human Est.\"]'), style('td[data-label=\"Workstream\"]'),\
                         style('td[data-label=\"Factor\"]'), style('th[scope=row]')];",
            )
            .await;
        // Aligned to the end and the start of the line: right and left here, mirrored in a page
        // written right to left.
        let expected = ["end nowrap 400", "start normal 400", "end nowrap 600", "start normal 500"];
        check(styles == expected, format!("figure, text, leverage and task cells: {styles:?}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_unbroken_task_name_does_not_push_the_figures_off_screen() {
    // A pasted digest or token: no hyphen or space to break at.
    let word = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".repeat(5);
    let record = format!(
        "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| {word} | 2h | 10min | 45k |\n| Short | 1h | 5min | 10k |\n"
    );
    let dir = support::site(&[("content/records/2026-03-01.md", &record)]);
    let served = serve_built(dir.path());
    for width in [375, 768, 1280] {
        let base = served.base.clone();
        run(&format!("long-word-{width}"), width, 900, |browser| async move {
            browser.client.goto(&format!("{base}records/2026-03-01/")).await.map_err(|e| e.to_string())?;
            let sideways = browser.tables_scrolled_sideways().await;
            check(sideways.is_empty(), format!("at {width}px tables scroll sideways: {sideways:?}"))?;
            let (viewport, content) = browser.widths().await;
            check(
                content <= viewport,
                format!("at {width}px the page overflows: {content}px in {viewport}px"),
            )
        })
        .await;
    }
}

/// A table wider than its box scrolls inside it, and the page does not: the hidden "(computed)"
/// label of the Leverage column leverage adds (no stated one) was placed against the page, not
/// the table's box, and stretched the page sideways on a desktop. A long workstream name wraps
/// as a task's does, rather than push the leverage out of sight.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wide_table_without_a_stated_leverage_scrolls_in_its_box_alone() {
    let stream = "averyveryveryverylongworkstreamnamewithoutanybreaksatall";
    let record = format!(
        "| Task | Human Est. | Claude Time | Workstream | Repository | Reviewer | Notes |\n\
         |---|---|---|---|---|---|---|\n\
         | Build the parser for records with their front matter | 2h | 5min | {stream} | github.com/ada/leverage-records | someone else | a long note about the work that was done here today |\n\
         | Short | 1h | 5min | {stream} | x | y | z |\n"
    );
    let dir = support::site(&[("content/records/2026-03-01.md", &record)]);
    let served = serve_built(dir.path());
    for width in [390, 1024, 1280] {
        let base = served.base.clone();
        run(&format!("wide-table-{width}"), width, 900, |browser| async move {
            browser.client.goto(&format!("{base}records/2026-03-01/")).await.map_err(|e| e.to_string())?;
            let (viewport, content) = browser.widths().await;
            check(
                content <= viewport,
                format!("at {width}px the page overflows: {content}px in {viewport}px"),
            )
        })
        .await;
    }
}

/// A stated figure that differs from the computed one is noted beside it ("stated 120.5x"): the
/// note stays inside its own cell, on a phone's card and in a wide table, rather than running
/// under the next cell's figure or out of the card.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stated_note_stays_inside_its_cell() {
    let record = "| # | Task | Human Est. | Claude | Sup. | Tokens | Factor | Sup. Factor | Weeks | Notes |\n\
                  |---|---|---|---|---|---|---|---|---|---|\n\
                  | 1 | Release automation | 16h | 18min | 36min | 45k | 120.5x | 13.3x | 0.25 | pairing session |\n\
                  | 2 | Parser | 7h 30min | 15min | 10min | 20k | 30x | 45x | 0.19 | solo |\n";
    let dir = support::site(&[("content/records/2026-03-11.md", record)]);
    let served = serve_built(dir.path());
    for width in [390, 1000, 1400] {
        let base = served.base.clone();
        run(&format!("stated-note-{width}"), width, 900, |browser| async move {
            browser.client.goto(&format!("{base}records/2026-03-11/")).await.map_err(|e| e.to_string())?;
            let outside = browser
                .strings(
                    "return [...document.querySelectorAll('table.tasks td .stated')].flatMap(note => {\
                       const n = note.getBoundingClientRect(), c = note.closest('td').getBoundingClientRect();\
                       return n.left < c.left - 0.5 || n.right > c.right + 0.5 || n.bottom > c.bottom + 0.5\
                         ? [note.textContent + ' ' + JSON.stringify([n.left, n.right, c.left, c.right])] : [];\
                     });",
                )
                .await;
            let notes = browser.strings("return [...document.querySelectorAll('table.tasks td .stated')].map(n => n.textContent);").await;
            check(notes.len() == 3, format!("at {width}px: three notes, found {notes:?}"))?;
            check(outside.is_empty(), format!("at {width}px notes leave their cells: {outside:?}"))?;
            let sideways = browser.tables_scrolled_sideways().await;
            check(sideways.is_empty(), format!("at {width}px tables scroll sideways: {sideways:?}"))
        })
        .await;
    }
}

/// On a right-to-left page (`language = "ar"`) a figure reads as written: `~1.5k` showed as
/// "1.5k~", `<0.1x` as "0.1x>", "Human Est." as ".Human Est" and "0.3 working days, 0.1 weeks"
/// as "working days, 0.1 weeks 0.3". Each one's first character stands left of its last, on a
/// laptop and on a phone's cards (whose labels are drawn from the headers), and a task written
/// in Arabic still reads right to left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_read_left_to_right_on_a_right_to_left_page() {
    let record = "+++\ntitle = \"مهام\"\ntags = [\"الدفع\"]\n+++\n\n| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n\
                  | مهمة سريعة | 1min | 24h | ~1.5k |\n\n```rust\nfn main() { println!(\"a very long line of code that runs past the phone's edge\"); }\n```\n";
    let dir = support::site(&[
        ("site.toml", "title = \"سجل\"\nlanguage = \"ar\"\n"),
        ("content/records/2026-03-11.md", record),
    ]);
    let served = serve_built(dir.path());
    for width in [390, 1280] {
        let base = served.base.clone();
        run(&format!("right-to-left-{width}"), width, 900, |browser| async move {
            browser.client.goto(&format!("{base}records/2026-03-11/")).await.map_err(|e| e.to_string())?;
            // Each text's first and last characters' left edges, where the text is one node of
            // the page (a cell, a header, a card's detail line) or a card's drawn label. Measured
            // again while the page may still be laid out after the window's resize (once, under
            // a loaded machine, every text read reversed though the page showed them right).
            let mut reversed = Vec::new();
            for _ in 0..10 {
                reversed = browser
                    .strings(
                        "const edges = (node) => { const r = document.createRange(), at = (i) => { r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().left; }; return [at(0), at(node.data.length - 1)]; };\
                         const wanted = ['~1.5k', '<0.1x', 'Human Est.'];\
                         const texts = [...document.querySelectorAll('td, th, dd')].flatMap(e => [...e.childNodes]).filter(n => n.nodeType === 3 && (wanted.includes(n.data.trim()) || /working days/.test(n.data)));\
                         const found = texts.map(n => n.data.trim());\
                         const wrong = texts.flatMap(n => { const [first, last] = edges(n); return first > last ? [n.data.trim()] : []; });\
                         return wanted.filter(w => !found.includes(w)).map(w => 'missing ' + w).concat(wrong);",
                    )
                    .await;
                if reversed.is_empty() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            check(reversed.is_empty(), format!("at {width}px: {reversed:?}"))?;
            let labels = browser
                .strings(
                    "return [...document.querySelectorAll('table.tasks td[data-label]')].filter(td => getComputedStyle(td, '::before').display !== 'none' && getComputedStyle(td, '::before').content !== 'none').map(td => getComputedStyle(td, '::before').unicodeBidi);",
                )
                .await;
            check(labels.iter().all(|b| b == "plaintext"), format!("at {width}px, the drawn labels: {labels:?}"))?;
            let task = browser
                .strings(
                    "const th = document.querySelector('table.tasks tbody th'), node = [...th.childNodes].find(n => n.nodeType === 3 && n.data.trim());\
                     const r = document.createRange(); r.setStart(node, node.data.indexOf('م')); r.setEnd(node, node.data.indexOf('م') + 1);\
                     const first = r.getBoundingClientRect().left; r.setStart(node, node.data.lastIndexOf('ة')); r.setEnd(node, node.data.lastIndexOf('ة') + 1);\
                     return [first > r.getBoundingClientRect().left ? 'right to left' : 'left to right'];",
                )
                .await;
            check(task == ["right to left"], format!("at {width}px the Arabic task reads {task:?}"))?;
            // Code reads left to right, and a block opens at its lines' start.
            let code = browser
                .strings(
                    "const pre = document.querySelector('pre');\
                     return [getComputedStyle(pre).direction, String(pre.scrollLeft), String(pre.querySelector('code').getBoundingClientRect().left >= pre.getBoundingClientRect().left)];",
                )
                .await;
            check(code == ["ltr", "0", "true"], format!("at {width}px the code block: {code:?}"))?;
            // The theme's English sentences read in their order: the tag page's lead with an Arabic
            // tag in it, the archive's, the footer's.
            for page in ["tags/%D8%A7%D9%84%D8%AF%D9%81%D8%B9/", "archive/"] {
                browser.client.goto(&format!("{base}{page}")).await.map_err(|e| e.to_string())?;
                // Measured again while the page may still take its stylesheet (as above: once, under
                // a loaded machine, both sentences read reversed though the page showed them right).
                let mut reversed = Vec::new();
                for _ in 0..10 {
                    reversed = browser
                    .strings(
                        "const r = document.createRange();                         return [...document.querySelectorAll('.lead, .footer-note')].flatMap(p => {                           const text = [...p.childNodes].filter(n => n.nodeType === 3 && n.data.trim());                           const first = text[0], last = text[text.length - 1];                           r.setStart(first, first.data.search(/\\S/)); r.setEnd(first, first.data.search(/\\S/) + 1); const a = r.getBoundingClientRect().left;                           r.setStart(last, last.data.trimEnd().length - 1); r.setEnd(last, last.data.trimEnd().length); const b = r.getBoundingClientRect().left;                           return a > b ? [p.textContent.trim()] : [];                         });",
                    )
                    .await;
                    if reversed.is_empty() {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                }
                check(reversed.is_empty(), format!("at {width}px on {page}, read reversed: {reversed:?}"))?;
            }
            Ok(())
        })
        .await;
    }
}

/// A task table with no rows says so on a phone in a line across its card, not squeezed into
/// one of the card's figure columns (its cell has a class, like text, not a figure's none).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_task_table_says_so_across_its_card_on_a_phone() {
    let record = "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n";
    let dir = support::site(&[("content/records/2026-03-01.md", record)]);
    let served = serve_built(dir.path());
    let base = served.base.clone();
    run("empty-table-375", 375, 900, |browser| async move {
        browser.client.goto(&format!("{base}records/2026-03-01/")).await.map_err(|e| e.to_string())?;
        let shape = browser
            .strings(
                "const c = document.querySelector('table.tasks td.empty-row');\
                 const s = getComputedStyle(c);\
                 return [c.textContent, String(c.getBoundingClientRect().width), s.textAlign];",
            )
            .await;
        let width: f64 = shape.get(1).and_then(|w| w.parse().ok()).unwrap_or(0.0);
        check(
            shape.first().is_some_and(|t| t == "No tasks in this table.")
                && width >= 180.0
                && shape.get(2).is_some_and(|a| a == "start"),
            format!("the empty table's message, its width and alignment: {shape:?}"),
        )
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_cards_keep_every_cell_under_its_header() {
    // 375px: every task table is cards; 800px: the wide ones (a `#` column among eight or more).
    let served = serve_built(&workspace());
    for width in [375, 800, 1280] {
        let base = served.base.clone();
        run(&format!("card-headers-{width}"), width, 900, |browser| async move {
            for path in ["records/2026-03-02/", "records/2026-03-05/", "records/2026-03-09/"] {
                browser.client.goto(&format!("{base}{path}")).await.map_err(|e| e.to_string())?;
                let moved = browser.cells_out_of_their_columns().await;
                check(
                    moved.is_empty(),
                    format!("/{path} at {width}px: rows read under the wrong headers: {moved:?}"),
                )?;
            }
            Ok(())
        })
        .await;
    }
}

/// The search page finds records by every word typed (case and accents aside), marks the words
/// in what it shows, gives each task's figures as its record's page shows them, and keeps the
/// search in the page's address, so that a search can be linked and reloaded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_finds_records_by_their_tasks_on_the_search_page() {
    let served = serve_built(&workspace());
    run("search", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&served.base).await.map_err(|e| e.to_string())?;
        c.find(Locator::LinkText("Search")).await.map_err(|e| e.to_string())?.click().await.map_err(|e| e.to_string())?;
        check(c.current_url().await.map_err(|e| e.to_string())?.path() == "/search/", "the menu leads to search")?;
        let input = c.find(Locator::Css("#search-query")).await.map_err(|e| e.to_string())?;
        // `RÉSUMÉ` finds `Resume`: case and accents do not count.
        input.send_keys("RÉSUMÉ pdf").await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("1 record found"), "one record found").await?;
        let link = c.find(Locator::Css(".search-result-title a")).await.map_err(|e| e.to_string())?;
        let href = link.attr("href").await.map_err(|e| e.to_string())?.unwrap_or_default();
        check(href.ends_with("/records/2026-03-05/"), format!("the March 5 record is found: {href}"))?;
        let marks = browser.strings("return [...document.querySelectorAll('.search-tasks mark')].map(m => m.textContent);").await;
        check(marks.iter().any(|m| m == "PDF") && marks.iter().any(|m| m == "Resume"), format!("the words are marked as written: {marks:?}"))?;
        // Only the tasks that, with their record's title, date and tags, hold every word are
        // listed, each with its figures: the PDF task (the record's tag says `resume`), not
        // the three other resume tasks, which name no PDF.
        let tasks = browser.strings("return [...document.querySelectorAll('.search-tasks li')].map(li => li.textContent);").await;
        check(tasks.len() == 1, format!("the record's one task of both words: {tasks:?}"))?;
        let pdf = tasks.iter().find(|t| t.contains("PDF")).ok_or("the PDF task")?;
        check(pdf.ends_with("6h human · 9min Claude · 40x"), format!("its figures: {pdf}"))?;
        let sums = text_of(&browser, "#search-sums").await?;
        check(
            sums == "The 1 task found: 6h human-equivalent in 9min of Claude time, 40x \
                     (total human ÷ total Claude time).",
            format!("the listed tasks' figures: {sums}"),
        )?;
        // A record's tags lead to their pages.
        let links = browser
            .strings("return [...document.querySelectorAll('.search-result .meta a')].map(a => new URL(a.href).pathname);")
            .await;
        check(links == ["/tags/writing/", "/tags/resume-generator/"], format!("tags linked: {links:?}"))?;
        // The search is in the address: reloading it (or following a link to it) searches again.
        let url = c.current_url().await.map_err(|e| e.to_string())?;
        check(url.query().is_some_and(|q| q.contains("q=R")), format!("the address holds the search: {url}"))?;
        c.refresh().await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("1 record found"), "the same search after a reload").await?;
        // A screen reader is told the count and the totals: at once, as the page opened with the
        // search (typed, once typing pauses).
        let said = browser.strings("return [document.getElementById('search-said').textContent];").await;
        check(said == [format!("1 record found, newest first. {sums}")], format!("said: {said:?}"))?;
        let value = c.find(Locator::Css("#search-query")).await.map_err(|e| e.to_string())?.prop("value").await.map_err(|e| e.to_string())?;
        check(value.as_deref() == Some("RÉSUMÉ pdf"), format!("the box holds the search: {value:?}"))?;
        // A word of a tag or a date finds records too, and adds up all their tasks; one no
        // record holds finds none.
        c.goto(&format!("{}search/?q=2026-03", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("3 records found"), "the records of March").await?;
        let sums = text_of(&browser, "#search-sums").await?;
        check(sums.starts_with("The ") && sums.contains(" tasks of the records found: "), format!("the month's sums: {sums}"))?;
        // Words are found at the start of a word (`sume` is in no word's start, though in
        // "Resume"), and the marks around them are no part of them.
        c.goto(&format!("{}search/?q=sume", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("No record holds"), "no word starts with sume").await?;
        c.goto(&format!("{}search/?q=%22r%C3%A9sum%C3%A9%2C%20(pdf)%22", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("1 record found"), "quotes, a comma and brackets left out").await?;
        c.goto(&format!("{}search/?q=zebra", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("No record holds"), "no record").await?;
        check(c.find_all(Locator::Css(".search-result")).await.map_err(|e| e.to_string())?.is_empty(), "no result listed")?;
        // A task's workstream leads to its page.
        c.goto(&format!("{}search/?q=multi-locale", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("1 record found"), "the March 9 record").await?;
        let stream = browser
            .strings("return [...document.querySelectorAll('.search-tasks a.search-stream')].map(a => a.textContent + ' ' + new URL(a.href).pathname);")
            .await;
        check(
            stream == ["Resume generator /workstreams/resume-generator/"],
            format!("the workstream linked: {stream:?}"),
        )?;
        // The record page shows the figure the search showed.
        c.goto(&href).await.map_err(|e| e.to_string())?;
        let row = browser.strings("return [...document.querySelectorAll('table.tasks tbody tr')].map(r => r.textContent).filter(t => t.includes('PDF'));").await;
        check(row.len() == 1 && row[0].contains("40x") && row[0].contains("9min"), format!("the record page's row: {row:?}"))?;
        let errors = browser.console_errors().await;
        check(errors.is_empty(), format!("console errors: {errors:?}"))
    })
    .await;
}

/// More records than a screen of results: the newest fifty first, then fifty more at a click, and
/// no button once all are shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_results_past_fifty_are_shown_on_request() {
    let days: Vec<(String, String)> = (0..60)
        .map(|i| {
            let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") + chrono::Days::new(i);
            (
                format!("content/records/{date}.md"),
                format!(
                    "| Task | Human | AI Time |\n|---|---|---|\n| Deploy the gateway {i} | 1h | 6min |\n"
                ),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = days.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    files.push(("site.toml", "title = \"T\"\nbuild_search_index = true\n"));
    let dir = support::site(&files);
    let served = serve_built(dir.path());
    run("search-more", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&format!("{}search/?q=gateway", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("60 records found"), "all sixty").await?;
        let count = |c: Client| async move {
            c.find_all(Locator::Css(".search-result")).await.map(|all| all.len()).map_err(|e| e.to_string())
        };
        check(count(c.clone()).await? == 50, "the newest fifty first")?;
        let first = text_of(&browser, ".search-result-title a").await?;
        check(
            first.contains("2026-03-01") || first.contains("March 1, 2026"),
            format!("newest first: {first}"),
        )?;
        let more = c.find(Locator::Css("#search-more")).await.map_err(|e| e.to_string())?;
        check(more.is_displayed().await.map_err(|e| e.to_string())?, "a button for the rest")?;
        let label = more.text().await.map_err(|e| e.to_string())?;
        check(label == "Show 10 more (10 left)", format!("the button says what is left: {label}"))?;
        more.click().await.map_err(|e| e.to_string())?;
        check(count(c.clone()).await? == 60, "the rest at a click")?;
        check(!more.is_displayed().await.map_err(|e| e.to_string())?, "no button once all are shown")?;
        // The focus is not lost with the button: it is on the first record the click brought.
        let focused = browser
            .strings(
                "const a = document.activeElement; const all = [...document.querySelectorAll('.search-result a')];\
                 return [String(all.indexOf(a))];",
            )
            .await;
        check(focused == ["50"], format!("the focus is on the 51st record's link: {focused:?}"))
    })
    .await;
}

/// Case, accents and letter forms do not count, in the words found and in the words marked;
/// a Korean syllable is not found by one of its letters; each task's AI time is named as its
/// record names its agent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_folds_case_accents_and_letter_forms_as_a_reader_expects() {
    let table = |label: &str, task: &str| {
        format!("| Task | Human | {label} |\n|---|---|---|\n| {task} | 2h | 10min |\n")
    };
    let days = [
        ("content/records/2026-03-01.md", table("Claude Time", "Straße bauen")),
        ("content/records/2026-03-02.md", table("Codex", "ΟΔΟΣ mapping")),
        ("content/records/2026-03-03.md", table("Claude Time", "한국어 문서")),
        ("content/records/2026-03-04.md", table("Claude Time", "Cafe\u{301} ﬁle")),
        ("content/records/2026-03-06.md", table("Claude Time", "か\u{3099}いぎ")),
        ("content/records/2026-03-08.md", table("Claude Time", "修复CI构建")),
        ("content/records/2026-03-09.md", table("Claude Time", "ปรับปรุงระบบค้นหา")),
        ("content/records/2026-03-10.md", table("Claude Time", "웹서버 target ES2022")),
        ("content/records/2026-03-11.md", table("Claude Time", "مراجعة عِلم البيانات")),
        (
            "content/records/2026-03-07.md",
            table("Claude Time", "Twin alpha") + "\n" + &table("Codex", "Twin beta"),
        ),
        (
            "content/records/2026-03-05.md",
            format!(
                "+++\ntitle = '<img src=x onerror=\"window.pwned=1\">Pwn'\ntags = ['<script>window.pwned=2</script>']\n+++\n\n{}",
                table("Claude Time", "Check escaping")
            ),
        ),
    ];
    let mut files: Vec<(&str, &str)> = days.iter().map(|(p, t)| (*p, t.as_str())).collect();
    files.push(("site.toml", "title = \"T\"\nbuild_search_index = true\n"));
    let dir = support::site(&files);
    let served = serve_built(dir.path());
    run("search-folding", 1280, 900, |browser| async move {
        let c = &browser.client;
        // Focusing the box loads the index, and says so only while it loads.
        c.goto(&format!("{}search/", served.base)).await.map_err(|e| e.to_string())?;
        c.find(Locator::Css("#search-query"))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.is_empty(), "no loading note once loaded").await?;
        for (query, mark, figures) in [
            ("strasse", "Straße", "2h human · 10min Claude · 12x"),
            ("οδος", "ΟΔΟΣ", "2h human · 10min Codex · 12x"),
            ("한국", "한국", "2h human · 10min Claude · 12x"),
            ("café file", "Cafe\u{301}", "2h human · 10min Claude · 12x"),
            ("CAFE", "Cafe\u{301}", "2h human · 10min Claude · 12x"),
            // A kana and its voicing mark written apart are one character, found and marked.
            ("が", "か\u{3099}", "2h human · 10min Claude · 12x"),
            // A word starts where the script changes, in scripts written without spaces, in a
            // Korean compound, and between letters and digits.
            ("ci", "CI", "2h human · 10min Claude · 12x"),
            ("ระบบ", "ระบบ", "2h human · 10min Claude · 12x"),
            ("서버", "서버", "2h human · 10min Claude · 12x"),
            ("2022", "2022", "2h human · 10min Claude · 12x"),
            // Arabic's short vowels count no more than accents: `علم` finds `عِلم`, marked whole.
            ("علم", "عِلم", "2h human · 10min Claude · 12x"),
        ] {
            c.goto(&format!(
                "{}search/?q={}",
                served.base,
                url::form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>()
            ))
            .await
            .map_err(|e| e.to_string())?;
            wait_until(&browser, "#search-status", |t| t.starts_with("1 record found"), query).await?;
            let marks = browser
                .strings(
                    "return [...document.querySelectorAll('.search-task mark')].map(m => m.textContent);",
                )
                .await;
            check(marks.first().map(String::as_str) == Some(mark), format!("{query}: marked {marks:?}"))?;
            let shown = text_of(&browser, ".search-figures").await?;
            check(shown == figures, format!("{query}: {shown}"))?;
        }
        // A day of two agents names each task's, and their time together is neither's.
        c.goto(&format!("{}search/?q=twin", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("1 record found"), "the day of two agents")
            .await?;
        let figures = browser
            .strings("return [...document.querySelectorAll('.search-figures')].map(f => f.textContent);")
            .await;
        check(
            figures == ["2h human · 10min Claude · 12x", "2h human · 10min Codex · 12x"],
            format!("each task's agent: {figures:?}"),
        )?;
        let sums = text_of(&browser, "#search-sums").await?;
        check(
            sums.contains("in 20min of AI time, 12x (total human ÷ total AI time)"),
            format!("together: {sums}"),
        )?;
        // A syllable's letter is no syllable.
        c.goto(&format!("{}search/?q=%ED%95%98", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("No record holds"), "하 finds no 한")
            .await?;
        // Markup in front matter is shown as written, never run: the search found it by a tag.
        c.goto(&format!("{}search/?q=script+escaping", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("1 record found"), "the record of markup")
            .await?;
        let seen = browser
            .strings(
                "return [String(window.pwned), document.querySelector('.search-result-title').textContent,\
                 document.querySelector('.search-result .meta').textContent,\
                 String(document.querySelectorAll('.search-result img, .search-result script').length)];",
            )
            .await;
        check(
            seen == [
                "undefined",
                "<img src=x onerror=\"window.pwned=1\">Pwn",
                "2026-03-05 · 1 of 1 task matches · <script>window.pwned=2</script>",
                "0",
            ],
            format!("shown as text: {seen:?}"),
        )?;
        let errors = browser.console_errors().await;
        check(errors.is_empty(), format!("console errors: {errors:?}"))
    })
    .await;
}

/// The search page adds and shows figures as the site does (crates/math): durations summed on
/// whole millionths of a minute and shown to a tenth, leverage to one decimal rounded half up on
/// its shortest decimal form, `<0.1` for what rounds to nothing. Thousands of values, among them
/// every kind of half, through the page's own functions against `math::display`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_page_adds_and_shows_figures_as_the_site_does() {
    // A fixed xorshift: the same values on every run.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // Minutes as records.json writes them: whole, tenths, odd decimals, tiny and huge.
    let mut minutes: Vec<f64> = vec![0.0, 0.04, 0.05, 0.049999, 0.06, 8.6, 59.95, 60.0, 1234.5678, 2.1, 2.7];
    for _ in 0..400 {
        let scale = [1.0, 10.0, 100.0, 1e6][(next() % 4) as usize];
        minutes.push((next() % 100_000_000) as f64 / scale);
    }
    // Counts of millionths: each side of every tenth's half, and any.
    let mut counts: Vec<u64> = Vec::new();
    for k in [0u64, 1, 5, 9, 10, 599, 600, 601, 1234, 6_000_000, 999_999_999] {
        for delta in [0i64, -1, 1] {
            counts.push((k * 100_000 + 50_000).saturating_add_signed(delta));
        }
    }
    counts.extend((0..400).map(|_| next() % 100_000_000_000_000));
    // Pairs of counts whose quotient is a half at one decimal (6.25), just beside one (4.85 is
    // not a binary number), tiny, whole and any.
    // Past 2^52 tenths the rounding goes by the digits too (leverages of 10^15 and more, whose
    // shortest forms are here no tie between two last digits: see `oneDecimal`).
    let mut pairs: Vec<(u64, u64)> = vec![
        (30_000_000, 4_800_000),
        (1, 30_000_000_000),
        (3, 7),
        (4_000_000_000_000_001, 1),
        (4_000_000_000_000_003, 2),
    ];
    for _ in 0..300 {
        let m = next() % 1_000_000 + 1;
        let n = next() % 100_000;
        pairs.push(((2 * n + 1) * m, 20 * m));
        pairs.push(((485 + n * 10) * m, 100 * m));
        pairs.push((next() % 10_000_000_000 + 1, next() % 10_000_000_000 + 1));
    }
    let minutes_of = |count: u64| math::Minutes::new(count as f64 / 1e6).expect("in range");
    let expected_minutes: Vec<String> =
        minutes.iter().map(|&m| math::display::duration(math::Minutes::new(m).expect("in range"))).collect();
    let expected_counts: Vec<String> =
        counts.iter().map(|&c| math::display::duration(minutes_of(c))).collect();
    let expected_pairs: Vec<String> = pairs
        .iter()
        .map(|&(h, a)| {
            math::display::leverage(math::Leverage::ratio(minutes_of(h), minutes_of(a)).expect("a ratio"))
        })
        .collect();
    let served = serve_built(&workspace());
    run("search-figures", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&format!("{}search/", served.base)).await.map_err(|e| e.to_string())?;
        let shown = |script: &'static str, values: serde_json::Value| {
            let c = c.clone();
            async move {
                let value = c.execute(script, vec![values]).await.map_err(|e| e.to_string())?;
                serde_json::from_value::<Vec<String>>(value).map_err(|e| e.to_string())
            }
        };
        let from_minutes = shown(
            "const s = window.leverageSearch; return arguments[0].map(m => s.duration(s.millionths(m)));",
            json!(minutes),
        )
        .await?;
        let from_counts =
            shown("return arguments[0].map(c => window.leverageSearch.duration(c));", json!(counts)).await?;
        let from_pairs =
            shown("return arguments[0].map(p => window.leverageSearch.leverage(p[0], p[1]));", json!(pairs))
                .await?;
        for (what, values, page, site) in [
            ("minutes", format!("{minutes:?}"), &from_minutes, &expected_minutes),
            ("millionths", format!("{counts:?}"), &from_counts, &expected_counts),
            ("leverage", format!("{pairs:?}"), &from_pairs, &expected_pairs),
        ] {
            let differ: Vec<String> = page
                .iter()
                .zip(site)
                .enumerate()
                .filter(|(_, (p, s))| p != s)
                .map(|(i, (p, s))| format!("#{i}: page {p}, site {s}"))
                .take(10)
                .collect();
            check(
                page.len() == site.len() && differ.is_empty(),
                format!("{what} {differ:?} of {values:.200}"),
            )?;
        }
        Ok(())
    })
    .await;
}

/// A site with no records yet says so; an index the host does not have is said, not hidden.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_says_when_there_is_nothing_to_search() {
    let dir = support::site(&[
        ("site.toml", "title = \"T\"\nbuild_search_index = true\n"),
        ("content/about.md", "# About\n"),
    ]);
    let served = serve_built(dir.path());
    let index = served._root.path().join("site/search/index.json");
    run("search-nothing", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&format!("{}search/?q=gateway", served.base)).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t == "The site has no records yet.", "no records yet")
            .await?;
        std::fs::remove_file(&index).map_err(|e| e.to_string())?;
        c.refresh().await.map_err(|e| e.to_string())?;
        wait_until(
            &browser,
            "#search-status",
            |t| t == "The search index could not be loaded (HTTP 404).",
            "the missing index said",
        )
        .await?;
        // To a screen reader too, which heard nothing.
        wait_until(
            &browser,
            "#search-said",
            |t| t == "The search index could not be loaded (HTTP 404).",
            "the missing index said aloud",
        )
        .await
    })
    .await;
}

/// A site seen on another address than its base_url's (a host's preview of a deploy, `www.`
/// left off): the search page still reads its index, from the host it is on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_page_reads_its_index_from_the_host_it_is_seen_on() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let public = root.path().join("site");
    std::fs::create_dir(&public).expect("a folder to serve");
    let (_server, port) = support::static_server(&public);
    let output = support::leverage(&[
        "build",
        "--root",
        workspace().to_str().expect("UTF-8"),
        "--output-dir",
        public.to_str().expect("UTF-8"),
        "--base-url",
        &format!("http://localhost:{port}/"),
    ]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    run("search-elsewhere", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&format!("http://127.0.0.1:{port}/search/?q=pdf")).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("1 record found"), "the record found")
            .await?;
        let errors = browser.console_errors().await;
        check(errors.is_empty(), format!("console errors: {errors:?}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_have_no_serious_accessibility_violations() {
    let axe_path = workspace().join("tests/browser/node_modules/axe-core/axe.min.js");
    let Ok(axe) = std::fs::read_to_string(&axe_path) else {
        assert!(std::env::var_os("CI").is_none(), "CI must install axe-core (npm ci --prefix tests/browser)");
        eprintln!(
            "SKIPPED: {} is missing (npm ci --prefix tests/browser); the accessibility check did not run",
            axe_path.display()
        );
        return;
    };
    let served = serve_built(&workspace());
    run("accessibility", 1280, 900, |browser| async move {
        for path in [
            "",
            "records/2026-02-28/",
            "records/2026-03-09/",
            "tags/resume-generator/",
            "workstreams/resume-generator/",
            "archive/",
            "search/?q=resume",
        ] {
            browser.client.goto(&format!("{}{path}", served.base)).await.map_err(|e| e.to_string())?;
            if path.starts_with("search/") {
                wait_until(&browser, "#search-status", |t| t.contains("found"), "the search's results")
                    .await?;
            }
            let violations = browser.serious_accessibility_violations(&axe).await;
            check(violations.is_empty(), format!("/{path}: {violations:#?}"))?;
        }
        Ok(())
    })
    .await;
}

/// What a screen reader hears things named: a heading by its text alone, though it holds its
/// link to itself (its name was "Task Log Link to this section: Task Log", twice as long in a
/// list of headings), and that link by what it links to.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headings_and_their_links_are_named_for_a_listener() {
    let served = serve_built(&workspace());
    run("accessible-names", 1280, 900, |browser| async move {
        browser
            .client
            .goto(&format!("{}records/2026-03-09/", served.base))
            .await
            .map_err(|e| e.to_string())?;
        let heading = browser.label_of("h2#task-log").await?;
        check(heading == "Task Log", format!("the heading is named {heading:?}"))?;
        let link = browser.label_of("h2#task-log a.heading-anchor").await?;
        check(link == "Link to this section: Task Log", format!("its link is named {link:?}"))?;
        // Each chart's "numbers behind" control names its chart: the home page had four alike.
        browser.client.goto(&served.base).await.map_err(|e| e.to_string())?;
        // Asked again while the home page may still be replacing the record's under a loaded
        // machine (once in CI the first answer was the record page's, which has no such control).
        let mut summaries = Vec::new();
        for _ in 0..25 {
            summaries = browser
                .strings("return [...document.querySelectorAll('details.chart-data summary')].map(s => s.id = 'x' + Math.random().toString(36).slice(2));")
                .await;
            if summaries.len() >= 3 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        let mut names = Vec::new();
        for id in &summaries {
            names.push(browser.label_of(&format!("#{id}")).await?);
        }
        let distinct: std::collections::BTreeSet<&String> = names.iter().collect();
        check(
            names.len() >= 3 && distinct.len() == names.len() && names.iter().all(|n| n.starts_with("The numbers behind this chart")),
            format!("the charts' controls are named {names:?}"),
        )
    })
    .await;
    // A column leverage computes says so to a listener, who gets no italics or tooltip.
    let dir = support::site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n",
    )]);
    let small = serve_built(dir.path());
    run("accessible-names-computed", 1280, 900, |browser| async move {
        browser
            .client
            .goto(&format!("{}records/2026-03-01/", small.base))
            .await
            .map_err(|e| e.to_string())?;
        let added = browser.label_of("table.tasks th.added").await?;
        check(added == "Leverage (computed)", format!("a computed column's header is named {added:?}"))
    })
    .await;
}

/// Under `serve --watch`, a tab on the search page searches again when a save changes what the
/// index holds: the page is not written again, its index is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_tab_under_serve_searches_again_after_a_save() {
    let record =
        |task: &str| format!("| Task | Human Est. | Claude Time |\n|---|---|---|\n| {task} | 2h | 10min |\n");
    let (first, second) = (record("Tune the gateway"), record("Write the docs"));
    let dir = support::site(&[
        ("site.toml", "title = \"T\"\nbuild_search_index = true\n"),
        ("content/records/2026-03-01.md", first.as_str()),
        ("content/records/2026-03-02.md", second.as_str()),
    ]);
    let (_server, port) = serve_logged(dir.path(), true);
    let file = dir.path().join("content/records/2026-03-02.md");
    run("search-under-serve", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&format!("http://127.0.0.1:{port}/search/?q=gateway")).await.map_err(|e| e.to_string())?;
        wait_until(&browser, "#search-status", |t| t.starts_with("1 record found"), "one gateway").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        std::fs::write(&file, record("Write the gateway docs")).map_err(|e| e.to_string())?;
        wait_until(
            &browser,
            "#search-status",
            |t| t.starts_with("2 records found"),
            "the saved record found too",
        )
        .await
    })
    .await;
}

/// `serve --watch --navigate`: a tab on the home page goes to the record the writer saves, and
/// shows its new figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigate_takes_a_tab_to_the_record_saved() {
    let record =
        "+++\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 2h | 10min |\n";
    let dir = support::site(&[
        ("content/records/2026-03-01.md", record),
        ("content/records/2026-03-02.md", record),
    ]);
    let (_server, port) = serve_logged_with(dir.path(), &["--watch", "--navigate"]);
    let file = dir.path().join("content/records/2026-03-01.md");
    run("navigate", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&format!("http://127.0.0.1:{port}/")).await.map_err(|e| e.to_string())?;
        // Time for the page's event stream to open.
        tokio::time::sleep(Duration::from_millis(500)).await;
        std::fs::write(&file, record.replace("2h", "5h")).map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = c.current_url().await.map_err(|e| e.to_string())?;
            if url.path() == "/records/2026-03-01/" {
                break;
            }
            check(Instant::now() < deadline, format!("the tab went to the record saved; it is at {url}"))?;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        wait_until(&browser, "table.tasks", |t| t.contains("30x"), "the saved record's new figure").await
    })
    .await;
}

/// Seven tabs of the site open while serving, and a save: every tab shows the change. Each tab's
/// event stream held one of the six connections a browser opens to a host, so a seventh tab
/// never loaded, and with six a reload waited for good. A tab not seen closes its stream, and
/// reloads when seen again if the site changed meanwhile; a tab closes its stream to reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seven_tabs_open_load_and_each_shows_a_save() {
    let record =
        "+++\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 2h | 10min |\n";
    let dir = support::site(&[("content/records/2026-03-01.md", record)]);
    let (_server, port) = serve_logged_with(dir.path(), &["--watch"]);
    let file = dir.path().join("content/records/2026-03-01.md");
    run("seven-tabs", 1280, 900, |browser| async move {
        let c = &browser.client;
        let url = format!("http://127.0.0.1:{port}/records/2026-03-01/");
        let mut tabs = vec![c.window().await.map_err(|e| e.to_string())?];
        c.goto(&url).await.map_err(|e| e.to_string())?;
        for n in 2..=7 {
            let tab = c.new_window(true).await.map_err(|e| e.to_string())?.handle;
            c.switch_to_window(tab.clone()).await.map_err(|e| e.to_string())?;
            let loaded = tokio::time::timeout(Duration::from_secs(10), c.goto(&url)).await;
            check(loaded.is_ok_and(|l| l.is_ok()), format!("tab {n} of the site loaded"))?;
            tabs.push(tab);
        }
        // Time for the streams to open.
        tokio::time::sleep(Duration::from_millis(500)).await;
        std::fs::write(&file, record.replace("2h", "5h")).map_err(|e| e.to_string())?;
        for (n, tab) in tabs.into_iter().enumerate() {
            c.switch_to_window(tab).await.map_err(|e| e.to_string())?;
            let said = format!("tab {} shows the saved figure", n + 1);
            wait_until(&browser, "table.tasks", |t| t.contains("30x"), &said).await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reload_shows_edits_and_the_error_overlay() {
    let record = "+++\ntags = [\"alpha\"]\n+++\n\nIntro.\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 2h | 10min |\n";
    let dir = support::site(&[
        ("content/records/2026-03-01.md", record),
        ("content/records/2026-03-02.md", record),
        ("content/about.md", "# About\n\nHow the figures are made.\n"),
    ]);
    let (_server, port) = serve_logged(dir.path(), true);
    let file = dir.path().join("content/records/2026-03-01.md");
    let log_path = dir.path().join("serve.log");
    run("live-reload", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&format!("http://127.0.0.1:{port}/records/2026-03-01/")).await.map_err(|e| e.to_string())?;
        check(text_of(&browser, "table.tasks").await?.contains("12x"), "the first figures")?;
        // A keyboard's place: the tag's link has the focus, and has it again after the reload.
        c.execute("document.querySelector('a[rel=tag]').focus();", vec![]).await.map_err(|e| e.to_string())?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        std::fs::write(&file, record.replace("2h", "5h")).map_err(|e| e.to_string())?;
        wait_until(
            &browser,
            "table.tasks",
            |t| t.contains("30x"),
            "the edited figure without a manual reload",
        )
        .await?;
        let focused = "return document.activeElement.matches('a[rel=tag]');";
        wait_for(&browser, focused, json!(true), "the tag's link has the focus again after the reload").await?;
        // A task name long enough that its quoted line is wider than a phone.
        let long =
            record.replace("Build it", "Build the importer for every layout the writers have used so far");
        std::fs::write(&file, long.replace("2h", "soon")).map_err(|e| e.to_string())?;
        wait_until(&browser, "#leverage-overlay", |t| t.contains("found `soon`"), "the error overlay")
            .await?;
        check(
            text_of(&browser, "table.tasks").await?.contains("30x"),
            "the last good page stays under the overlay",
        )?;
        check(
            text_of(&browser, "#leverage-overlay").await?.contains("the page shows the last good site"),
            "the overlay says the page is the last good one",
        )?;
        // The overlay has the focus, the page under it takes none, and its quoted source is
        // light on the overlay's dark, not on the theme's light `pre`.
        let modal = c
            .execute(
                "const box = document.getElementById('leverage-overlay');\
                 return [document.activeElement === box, document.querySelector('main').inert,\
                 getComputedStyle(box.querySelector('pre')).backgroundColor];",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        check(modal == json!([true, true, "rgba(0, 0, 0, 0)"]), format!("focus, inert page, pre: {modal}"))?;
        // On a phone the message wraps, but the quoted line does not: the caret stays under `soon`.
        c.set_window_size(390, 900).await.map_err(|e| e.to_string())?;
        let offset = c.execute(CARET_OFFSET, vec![]).await.map_err(|e| e.to_string())?;
        check(
            offset.as_f64().is_some_and(|x| x.abs() < 1.0),
            format!("the caret stands under `soon` at 390 px (its offset in px, or what is wrong: {offset})"),
        )?;
        c.set_window_size(1280, 900).await.map_err(|e| e.to_string())?;
        std::fs::write(&file, record.replace("2h", "4h")).map_err(|e| e.to_string())?;
        wait_until(&browser, "table.tasks", |t| t.contains("24x"), "the fixed figure").await.map_err(
            |e| format!("{e}\nserve printed:\n{}", std::fs::read_to_string(&log_path).unwrap_or_default()),
        )?;
        check(c.find(Locator::Css("#leverage-overlay")).await.is_err(), "the overlay is gone")?;
        let inert = c.execute("return document.querySelector('main').inert;", vec![]).await.map_err(|e| e.to_string())?;
        check(inert == serde_json::Value::Bool(false), "the page takes the focus again")?;
        // What had the focus before the overlay took it has it again after the fix's reload.
        wait_for(&browser, focused, json!(true), "the tag's link has the focus again after the fix").await?;
        // A tab on a page the edit leaves alone is not reloaded: it keeps what the reader did.
        c.goto(&format!("http://127.0.0.1:{port}/about/")).await.map_err(|e| e.to_string())?;
        c.execute("window.leverageKept = 1;", vec![]).await.map_err(|e| e.to_string())?;
        let rebuilt = || std::fs::read_to_string(&log_path).unwrap_or_default().matches("rebuilt:").count();
        let before = rebuilt();
        std::fs::write(&file, record.replace("2h", "6h")).map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while rebuilt() == before {
            check(Instant::now() < deadline, "serve rebuilt after the last save")?;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Long enough for a reload event to have arrived, had one been sent.
        tokio::time::sleep(Duration::from_millis(700)).await;
        let kept = c.execute("return window.leverageKept === 1;", vec![]).await.map_err(|e| e.to_string())?;
        check(kept == serde_json::Value::Bool(true), "the about page was not reloaded")?;
        // A save that builds with a warning shows it on this tab too, and a clean one clears it.
        std::fs::write(&file, record.replace("Claude Time", "Claude Tme")).map_err(|e| e.to_string())?;
        wait_until(
            &browser,
            "#leverage-warnings summary",
            |t| t == "leverage: 1 warning",
            "the warnings panel",
        )
        .await?;
        let shown = c
            .execute(
                "return document.querySelector('#leverage-warnings .leverage-warnings-text').textContent;",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        check(
            shown.as_str().is_some_and(|t| t.contains("content/records/2026-03-01.md:7:23: warning:")),
            format!("the warning as the terminal prints it: {shown}"),
        )?;
        // Said to a screen reader through the one live region the script made at the start
        // (emptied first, and filled a moment later, so that the same count is said again).
        let statuses = "return [...document.querySelectorAll('[role=status]')].map(e => e.textContent).filter(t => t.startsWith('leverage:'));";
        wait_for(&browser, statuses, json!(["leverage: 1 warning"]), "the warning said").await?;
        let region = "return [...document.querySelectorAll('div[role=status]')].filter(e => !e.closest('main')).map(e => e.textContent);";
        std::fs::write(&file, record.replace("2h", "7h")).map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while c.find(Locator::Css("#leverage-warnings")).await.is_ok() {
            check(Instant::now() < deadline, "the warnings panel is cleared by a clean save")?;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let kept = c.execute("return window.leverageKept === 1;", vec![]).await.map_err(|e| e.to_string())?;
        check(kept == serde_json::Value::Bool(true), "the about page was still not reloaded")?;
        // Nothing is said of warnings that are gone.
        let said = c.execute(region, vec![]).await.map_err(|e| e.to_string())?;
        check(said == json!([""]), format!("said after the clean save: {said}"))
    })
    .await;
}

/// A site whose first build failed is served as a page that says so, and its overlay does not
/// speak of a last good site: there is none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overlay_of_a_site_never_built_says_so() {
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | soon | 10min |\n";
    let dir = support::site(&[("content/records/2026-03-01.md", record)]);
    let (_server, port) = serve_logged(dir.path(), true);
    let file = dir.path().join("content/records/2026-03-01.md");
    run("never-built", 1280, 900, |browser| async move {
        let c = &browser.client;
        c.goto(&format!("http://127.0.0.1:{port}/")).await.map_err(|e| e.to_string())?;
        check(text_of(&browser, "h1").await? == "The site did not build", "the page of a site never built")?;
        std::fs::write(&file, record.replace("10min", "later")).map_err(|e| e.to_string())?;
        let said = |t: &str| t.contains("has not built yet") && !t.contains("last good site");
        wait_until(&browser, "#leverage-overlay", said, "the overlay of a site never built").await
    })
    .await;
}

/// In the serve overlay, how far (px) the first caret stands right of the first `soon` in the
/// quoted source line above it; or a string saying what was not there.
const CARET_OFFSET: &str = r#"
const box = document.getElementById("leverage-overlay");
const code = box && box.querySelector("pre");
if (!code) return "no quoted source in the overlay";
code.normalize();
const node = code.firstChild;
const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().left; };
const value = node.data.indexOf("soon");
const caret = node.data.indexOf("^");
if (value < 0 || caret < 0) return "no `soon` and caret in: " + node.data;
return at(caret) - at(value);
"#;

/// Runs `script` until it returns `expected` (at most 5 s), or fails with `what` and what it
/// returned last.
async fn wait_for(
    browser: &Browser,
    script: &str,
    expected: serde_json::Value,
    what: &str,
) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let got = browser.client.execute(script, vec![]).await.map_err(|e| e.to_string())?;
        if got == expected {
            return Ok(());
        }
        check(Instant::now() < deadline, format!("{what}: timed out; the script returned {got}"))?;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls an element's text until `test` holds (at most 10 s).
async fn wait_until(
    browser: &Browser,
    css: &str,
    test: impl Fn(&str) -> bool,
    what: &str,
) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(text) = text_of(browser, css).await
            && test(&text)
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            let seen = text_of(browser, css).await.unwrap_or_else(|e| e);
            return Err(format!("timed out waiting for {what}; `{css}` reads: {seen}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
