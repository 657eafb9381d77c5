//! A headless Chromium driven over the DevTools protocol, for the HTML report's browser test.
//!
//! Chromium speaks the protocol over two pipes when started with `--remote-debugging-pipe`:
//! it reads commands from its file descriptor 3 and writes answers and events to 4, each a JSON
//! message ended by a NUL byte. `sh` hands it our pipes as 3 and 4, so this needs no
//! WebSocket, no protocol crate and no unsafe code: only JSON, which serde_json reads.
//!
//! Every wait is bounded; a browser that hangs fails the test with what it was waiting for,
//! and is killed when the [`Browser`] is dropped.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long one command or one page load may take before the test gives up. Generous: the
/// machine may be busy compiling; this bounds a hang, it does not measure speed.
const PATIENCE: Duration = Duration::from_secs(60);

/// The environment variable that names the browser to use, ahead of any search.
pub(crate) const BROWSER_VAR: &str = "ARCHFIT_BROWSER";

/// Names a Chromium or Chrome goes by on `PATH`, most likely first.
const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome-stable",
    "google-chrome",
    "chrome",
    "chrome-headless-shell",
    "headless_shell",
];

/// Where browsers are installed when they are not on `PATH`.
const PLACES: &[&str] = &[
    "/usr/bin/chromium",
    "/usr/lib/chromium/chromium",
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/// The browser to drive: `ARCHFIT_BROWSER`, else the first of the usual names on `PATH`, else
/// the usual places. An error says what was tried and how to get one.
pub(crate) fn find() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(BROWSER_VAR).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!(
                "{BROWSER_VAR} is {}, which is not a file",
                path.display()
            ))
        };
    }
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    let on_path = NAMES
        .iter()
        .flat_map(|name| dirs.iter().map(move |d| d.join(name)));
    let places = PLACES.iter().map(PathBuf::from);
    on_path.chain(places).find(|p| p.is_file()).ok_or_else(|| {
        format!(
            "no Chromium or Chrome found (looked for {} on PATH and in {}). \
             Install one (as root, `.ci/browser` installs Debian's chromium) or set {BROWSER_VAR} to its path",
            NAMES.join(", "),
            PLACES.join(", ")
        )
    })
}

/// A running headless browser.
pub(crate) struct Browser {
    child: Child,
    commands: ChildStdin,
    messages: Receiver<Value>,
    /// Events that arrived while waiting for an answer, oldest first.
    events: Vec<Value>,
    next_id: u64,
    /// The browser's profile, removed with it.
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Finds and starts a browser; panics with the reason when there is none or it fails to
    /// start, so a machine without a browser fails the test instead of skipping it.
    pub(crate) fn launch() -> Browser {
        let path = find().unwrap_or_else(|e| panic!("the browser test needs a browser: {e}"));
        let profile = tempfile::tempdir().expect("a temporary profile directory");
        // `sh` gives the browser our stdin as its fd 3 and our stdout as its fd 4, and its
        // own standard output goes to its standard error.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>&2"#)
            .arg(&path)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--mute-audio",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}", path.display()));
        let commands = child.stdin.take().expect("piped stdin");
        let answers = child.stdout.take().expect("piped stdout");
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(answers);
            let mut message = Vec::new();
            while let Ok(n) = reader.read_until(0, &mut message) {
                if n == 0 {
                    break;
                }
                if message.last() == Some(&0) {
                    message.pop();
                }
                if let Ok(value) = serde_json::from_slice::<Value>(&message) {
                    if tx.send(value).is_err() {
                        break;
                    }
                }
                message.clear();
            }
        });
        let mut browser = Browser {
            child,
            commands,
            messages,
            events: Vec::new(),
            next_id: 0,
            _profile: profile,
        };
        let version = browser.call(None, "Browser.getVersion", json!({}));
        assert!(
            version["product"].is_string(),
            "{} does not speak the DevTools protocol: {version}",
            path.display()
        );
        browser
    }

    /// Sends a command (to a page when `session` is given) and waits for its answer.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&message).expect("JSON");
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .and_then(|()| self.commands.flush())
            .unwrap_or_else(|e| panic!("the browser went away before {method}: {e}"));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self.next(deadline, method);
            if message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    panic!("{method} failed: {error}");
                }
                return message["result"].clone();
            }
            self.events.push(message);
        }
    }

    /// The next message, or a panic naming what was awaited once `deadline` passes.
    fn next(&mut self, deadline: Instant, awaiting: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => {
                panic!("the browser did not answer {awaiting} within {PATIENCE:?}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the browser exited while awaiting {awaiting}")
            }
        }
    }

    /// Waits for the event `method` of `session`, keeping the others.
    fn wait_for(&mut self, session: &str, method: &str) -> Value {
        let matches = |m: &Value| m["method"] == json!(method) && m["sessionId"] == json!(session);
        if let Some(i) = self.events.iter().position(matches) {
            return self.events.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self.next(deadline, method);
            if matches(&message) {
                return message;
            }
            self.events.push(message);
        }
    }

    /// A new tab, with the console and the log reporting to us.
    pub(crate) fn page(&mut self) -> Page<'_> {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target = target["targetId"]
            .as_str()
            .expect("a target id")
            .to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        );
        let session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            self.call(Some(&session), domain, json!({}));
        }
        Page {
            browser: self,
            session,
            target,
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One tab of the browser.
pub(crate) struct Page<'b> {
    browser: &'b mut Browser,
    session: String,
    target: String,
}

/// What a page showed once loaded.
pub(crate) struct Loaded {
    /// Console errors, uncaught exceptions, errors logged by the browser itself (a blocked
    /// request, a Content-Security-Policy violation) and dialogs a script opened.
    pub(crate) errors: Vec<String>,
}

impl Page<'_> {
    fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.browser.call(Some(&session), method, params)
    }

    /// Makes the viewport `width` CSS pixels wide (a phone's, with touch, below 600).
    pub(crate) fn resize(&mut self, width: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
    }

    /// Emulates a media type (`"print"`, or `""` for the screen) and colour scheme.
    pub(crate) fn emulate(&mut self, media: &str, scheme: &str) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({"media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    /// Opens `file` and waits for it to load; returns what went wrong on the way.
    pub(crate) fn open(&mut self, file: &Path) -> Loaded {
        let session = self.session.clone();
        self.browser
            .events
            .retain(|e| e["sessionId"] != json!(session));
        let url = format!("file://{}", file.display());
        let nav = self.call("Page.navigate", json!({"url": url}));
        if let Some(error) = nav.get("errorText") {
            panic!("could not open {url}: {error}");
        }
        self.browser.wait_for(&session, "Page.loadEventFired");
        // One more round trip: whatever the page logged before it has arrived by its answer.
        self.eval("document.readyState");
        let errors = self
            .browser
            .events
            .iter()
            .filter(|e| e["sessionId"] == json!(session))
            .filter_map(error_of)
            .collect();
        Loaded { errors }
    }

    /// Evaluates `expression` in the page and returns its value.
    pub(crate) fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        if let Some(e) = result.get("exceptionDetails") {
            panic!("the page's check script failed: {e}");
        }
        result["result"]["value"].clone()
    }

    /// A PNG of the whole page at the current width, or of its first `height` pixels.
    pub(crate) fn screenshot(&mut self, path: &Path, height: Option<f64>) {
        let metrics = self.call("Page.getLayoutMetrics", json!({}));
        let size = &metrics["cssContentSize"];
        let width = size["width"].as_f64().unwrap_or(1280.0);
        let full = size["height"].as_f64().unwrap_or(900.0);
        let height = height.map_or(full, |h| h.min(full));
        let shot = self.call(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            }),
        );
        let data = shot["data"].as_str().expect("screenshot data");
        std::fs::write(path, base64(data)).expect("write the screenshot");
    }

    /// The page printed to PDF, as the print stylesheet lays it out.
    pub(crate) fn pdf(&mut self) -> Vec<u8> {
        let printed = self.call("Page.printToPDF", json!({"printBackground": false}));
        base64(printed["data"].as_str().expect("PDF data"))
    }
}

impl Drop for Page<'_> {
    fn drop(&mut self) {
        let target = self.target.clone();
        // Closing the tab keeps the browser's memory flat over many pages.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.browser
                .call(None, "Target.closeTarget", json!({"targetId": target}))
        }));
    }
}

/// The error an event reports, if it is one.
fn error_of(event: &Value) -> Option<String> {
    let params = &event["params"];
    match event["method"].as_str()? {
        "Runtime.consoleAPICalled"
            if matches!(params["type"].as_str(), Some("error" | "assert")) =>
        {
            Some(format!("console.{}: {}", params["type"], params["args"]))
        }
        "Runtime.exceptionThrown" => Some(format!(
            "uncaught exception: {}",
            params["exceptionDetails"]
        )),
        "Log.entryAdded" if params["entry"]["level"] == json!("error") => Some(format!(
            "browser error ({}): {}",
            params["entry"]["source"], params["entry"]["text"]
        )),
        "Page.javascriptDialogOpening" => Some(format!(
            "a script opened a {} dialog: {}",
            params["type"], params["message"]
        )),
        _ => None,
    }
}

/// Decodes standard base64 (the protocol's encoding of binary data).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn base64_decodes_what_the_protocol_sends() {
    assert_eq!(base64("aGVsbG8="), b"hello");
    assert_eq!(base64("iVBORw0KGgo="), b"\x89PNG\r\n\x1a\n");
    assert_eq!(base64(""), b"");
}
