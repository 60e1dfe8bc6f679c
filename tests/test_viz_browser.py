"""The viewer in a real browser: Debian's chromium + chromedriver driven by
Selenium, against the page served by a real `vanban serve` on loopback.

scripts/ensure-chromium installs the browser when missing; if it cannot, these
tests FAIL (they are never skipped silently). The screenshot of the seeds'
graph (or of a synthetic corpus when ../shared is absent) is written to
tests/artifacts/.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from vanban.graph.nxstore import NetworkxStore
from vanban.models import Citation, DocumentMeta, PlanRecord

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HOSTILE_TITLE = "Dân vận <script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


# ---------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def chromium() -> None:
    script = REPO / "scripts" / "ensure-chromium"
    try:
        r = subprocess.run([str(script)], capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"scripts/ensure-chromium could not run: {exc}", pytrace=False)
    if r.returncode != 0 or not (os.access(CHROMIUM, os.X_OK) and os.access(DRIVER, os.X_OK)):
        pytest.fail("the browser tests need Debian's chromium and chromium-driver, and scripts/ensure-chromium "
                    f"could not provide them:\n{r.stdout}{r.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def driver(chromium):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-dev-shm-usage", "--window-size=1600,1000", "--no-first-run",
              "--disable-component-update", "--disable-default-apps", "--disable-sync"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    d = webdriver.Chrome(service=Service(DRIVER), options=opts)
    d.set_page_load_timeout(60)
    try:
        yield d
    finally:
        d.quit()


# ---------------------------------------------------------------- server
def _hostile_record() -> PlanRecord:
    return PlanRecord(
        file="/hostile/kh-doc-hai.txt", sha256="hostile",
        document=DocumentMeta(type="Kế hoạch", code="99/KH-UBND", date="2024-05-02", issuer="UBND xã Độc Hại",
                              level="commune", title=HOSTILE_TITLE, place="xã Độc Hại"),
        citations=[Citation(code="33/CT-TTg", type="Chỉ thị", date="2021-11-26", issuer="Thủ tướng Chính phủ",
                            relation="implements", central=True,
                            sentence="Thực hiện <script>window.__pwned=3</script> Chỉ thị số 33/CT-TTg")])


@pytest.fixture(scope="module")
def corpus_home(tmp_path_factory) -> Path:
    """A store with a small synthetic corpus (extracted from its files) and one hostile plan."""
    from vanban.graph.store import open_store
    from vanban.ingest import load_paths
    from vanban.synth import generate_corpus

    root = tmp_path_factory.mktemp("vizcorpus")
    generate_corpus(root / "corpus", seed=3, provinces=1, districts_per_province=3, communes_per_district=4,
                    years=(2024,))
    store = open_store("networkx", root / "home")
    report = load_paths(store, [root / "corpus"])
    assert report.added, report.to_json()
    store.replace([_hostile_record()])
    return root / "home"


def start_server(home: Path, log_dir: Path, extra_env: dict[str, str] | None = None):
    """`vanban serve --port 0` on loopback; returns (process, base URL)."""
    exe = Path(sys.executable).with_name("vanban")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "vanban.cli"]
    env = {k: v for k, v in os.environ.items()
           if k not in ("VANBAN_BACKEND", "VANBAN_API_READ_TOKEN_REQUIRED", "VANBAN_API_TOKEN")}
    env["VANBAN_HOME"] = str(home)
    env["VANBAN_LANG"] = "en"   # the line parsed below
    env.update(extra_env or {})
    out, err = open(log_dir / "serve.out", "w"), open(log_dir / "serve.err", "w")
    proc = subprocess.Popen(cmd + ["serve", "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"],
                            stdout=out, stderr=err, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = (log_dir / "serve.out").read_text()
        if "serving on http://" in text:
            url = text.split("serving on ", 1)[1].split()[0]
            return proc, url
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    proc.wait()
    pytest.fail(f"vanban serve did not start:\n{(log_dir / 'serve.err').read_text()}", pytrace=False)


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def server(corpus_home):
    proc, url = start_server(corpus_home, corpus_home.parent)
    try:
        yield url
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def store(corpus_home):
    return NetworkxStore(corpus_home)


# ---------------------------------------------------------------- page helpers
def open_page(driver, url: str, timeout: float = 30):
    driver.get(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script("return !!(window.vbViz && window.vbViz.ready)"):
            return
        time.sleep(0.05)
    raise AssertionError(f"the network was not drawn within {timeout}s at {url}; console: "
                         f"{driver.get_log('browser')}")


def wait_for(driver, js: str, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = driver.execute_script(js)
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {js}")


def node_point(driver, nid: str) -> tuple[float, float]:
    """Bring a node on screen and give its offset from the canvas centre (for ActionChains)."""
    return tuple(driver.execute_script("""
        var net = window.vbViz.network, id = arguments[0];
        net.moveTo({position: net.getPositions([id])[id], scale: 1.0, animation: false});
        net.redraw();
        var p = net.canvasToDOM(net.getPositions([id])[id]);
        var c = document.querySelector('#vb-network canvas');
        return [p.x - c.clientWidth / 2, p.y - c.clientHeight / 2];""", nid))


def canvas(driver):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, "#vb-network canvas")


def click_node(driver, nid: str, double: bool = False) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    dx, dy = node_point(driver, nid)
    chain = ActionChains(driver).move_to_element_with_offset(canvas(driver), int(dx), int(dy))
    (chain.double_click() if double else chain.click()).perform()


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def assert_loopback_only(urls: list[str]) -> None:
    assert urls, "no request was logged at all (is the performance log on?)"
    for u in urls:
        parts = urlsplit(u)
        if parts.scheme in ("data", "blob", "file", "about"):
            continue
        assert parts.scheme in ("http", "https") and parts.hostname in LOOPBACK, f"request left loopback: {u}"


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]


def plan_ids(store) -> list[str]:
    return store.loaded_plans()


# ---------------------------------------------------------------- tests
def test_canvas_draws_the_expected_nodes(driver, server, store):
    open_page(driver, f"{server}/viz?cap=300")
    expected = store.subgraph(None, 2, 300)
    got = driver.execute_script("return [window.vbViz.nodes.length, window.vbViz.edges.length, "
                                "window.vbViz.visibleCount()]")
    assert got[0] == len(expected["nodes"]) == got[2]
    assert got[1] == len({(e["source"], e["type"], e["target"]) + ((e.get("via"), tuple(e.get("deadlines") or ()))
                                                                  if e["type"] == "REPORTS_TO" else ())
                          for e in expected["edges"]})
    # Something was painted: many pixels of the canvas differ from the background.
    painted = driver.execute_script("""
        var c = document.querySelector('#vb-network canvas'), ctx = c.getContext('2d');
        var d = ctx.getImageData(0, 0, c.width, c.height).data, n = 0;
        for (var i = 0; i < d.length; i += 16) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200)) n++;
        return n;""")
    assert painted > 500
    legend = driver.execute_script("return document.getElementById('vb-legend').innerText")
    for word in ("Kế hoạch", "Văn bản chỉ đạo", "Cơ quan ban hành", "Đơn vị"):
        assert word in legend
    assert console_errors(driver) == []


def test_click_on_a_plan_opens_its_details(driver, server, store):
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "district")
    node = store.node(plan)
    open_page(driver, f"{server}/viz?focus={quote(plan, safe='')}&depth=1")
    driver.execute_script("document.getElementById('vb-details').hidden = true;")
    click_node(driver, plan)
    wait_for(driver, "return !document.getElementById('vb-details').hidden")
    head = driver.execute_script("return document.querySelector('#vb-details h2').textContent")
    assert head == node["code"]
    text = driver.execute_script("return document.getElementById('vb-details').innerText")
    assert node["issuer"] in text and "Truy vết" in text
    # Served: the citations come from /documents/{id}, with their evidence sentences.
    detail = store.document(plan)
    if detail["citations"]:
        code = detail["citations"][0]["document"]["code"]
        wait_for(driver, "return document.querySelector('#vb-details .vb-citations').innerText.indexOf("
                         + json.dumps(code) + ") >= 0")
    link = driver.execute_script("var a = document.querySelector('#vb-details a.vb-doc-link'); return a && a.href")
    assert link and link.endswith("/documents/" + quote(plan, safe=""))


def test_rule_violations_are_marked_with_their_message(driver, server, store):
    from vanban.graph.rules import load_rules
    bad = store.check(load_rules())["violations"]
    assert bad, "the test corpus should break a rule somewhere (the hostile plan cites no 23-QĐ/TW)"
    v = bad[0]
    nid = v["document"]["id"]
    open_page(driver, f"{server}/viz?focus={quote(nid, safe='')}&depth=1")
    border = driver.execute_script("return window.vbViz.network.body.nodes[arguments[0]].options.color.border", nid)
    assert border.lower() == "#d62728"
    wait_for(driver, "return !document.getElementById('vb-details').hidden")
    gaps = driver.execute_script("return document.querySelector('#vb-details .vb-gaps').textContent")
    for w in (x for x in bad if x["document"]["id"] == nid):
        assert w["message"] in gaps
    # A plan without violations keeps its kind's border.
    ok = next(p for p in plan_ids(store) if p not in {x["document"]["id"] for x in bad})
    open_page(driver, f"{server}/viz?focus={quote(ok, safe='')}&depth=0")
    driver.execute_script("window.vbViz.clearHighlight()")
    assert driver.execute_script("return window.vbViz.network.body.nodes[arguments[0]].options.color.border",
                                 ok).lower() != "#d62728"


def test_annotated_text_marks_the_citations(driver, server, store):
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "district")
    detail = store.document(plan)
    text = store.record(detail["source"]).text
    spans = sorted({(a, b) for c in detail["citations"] for ev in c["evidence"] if ev["source"] == detail["source"]
                    for a, b in ev["spans"]})
    kept, end = [], -1
    for a, b in spans:                       # the page leaves overlapping spans unmarked
        if a >= end:
            kept.append(text[a:b])
            end = b
    open_page(driver, f"{server}/viz?focus={quote(plan, safe='')}&depth=1")
    wait_for(driver, "return !!document.getElementById('vb-text-btn')")
    driver.execute_script("document.getElementById('vb-text-btn').click()")
    wait_for(driver, "return !document.getElementById('vb-text').hidden")
    marks = driver.execute_script("return Array.from(document.querySelectorAll('#vb-text-body mark'))"
                                  ".map(function (m) { return m.textContent; })")
    assert kept and marks == kept
    assert driver.execute_script("return document.getElementById('vb-text-body').textContent") == text


def test_trace_highlight_covers_the_chain(driver, server, store):
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "commune"
                and len(store.trace(p)["chain"]) >= 3)
    chain = [c["id"] for c in store.trace(plan)["chain"]]
    # A focused view highlights the chain at load, even the part beyond `depth`.
    open_page(driver, f"{server}/viz?focus={quote(plan, safe='')}&depth=0")
    assert driver.execute_script("return window.vbViz.highlighted()") == chain
    # The overview: selecting the plan asks the API for its trace and highlights it...
    open_page(driver, f"{server}/viz?cap=300")
    assert driver.execute_script("return window.vbViz.highlighted()") == []
    click_node(driver, plan)
    wait_for(driver, "return window.vbViz.highlighted().length > 0")
    assert driver.execute_script("return window.vbViz.highlighted()") == chain
    # ... and so does the "Truy vết" button, after a clear.
    driver.execute_script("window.vbViz.clearHighlight()")
    driver.execute_script("document.getElementById('vb-trace-btn').click()")
    wait_for(driver, "return window.vbViz.highlighted().length > 0")
    assert driver.execute_script("return window.vbViz.highlighted()") == chain
    edges = driver.execute_script("return window.vbViz.highlightedEdges()")
    assert [(a, b) for a, b, _ in edges] == list(zip(chain, chain[1:], strict=False))
    steps = driver.execute_script("return Array.from(document.querySelectorAll('#vb-trace-box li'))"
                                  ".map(function (li) { return li.textContent; })")
    assert len(steps) == len(chain)
    # "Bỏ đánh dấu" puts every node back in its kind's style.
    driver.execute_script("document.getElementById('vb-clear').click()")
    assert driver.execute_script("return window.vbViz.highlighted()") == []
    styles = driver.execute_script("""return arguments[0].map(function (i) {
        var o = window.vbViz.network.body.nodes[i].options; return [o.shadow.enabled, o.font.size, o.size]; })""",
                                   chain)
    assert all(not shadow and font == 17 and size in (14, 16) for shadow, font, size in styles), styles


def test_find_a_node_and_filter_the_whole_store(driver, server, store):
    open_page(driver, f"{server}/viz?cap=300")
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "province")
    code = store.node(plan)["code"]
    driver.execute_script("var i = document.getElementById('vb-find'); i.value = arguments[0];"
                          "document.getElementById('vb-find-form').requestSubmit();", code.lower())
    wait_for(driver, "return !document.getElementById('vb-details').hidden")
    assert driver.execute_script("return document.querySelector('#vb-details h2').textContent") == code
    # "Lọc trên toàn kho" asks the server for a new view with the filters.
    driver.execute_script("var s = document.getElementById('vb-f-level'); s.value = 'commune';"
                          "s.dispatchEvent(new Event('change')); document.getElementById('vb-f-cap').value = '40';"
                          "document.getElementById('vb-reload').click();")
    wait_for(driver, "return window.location.search.indexOf('level=commune') >= 0"
                     " && window.vbViz && window.vbViz.ready")
    ids = set(driver.execute_script("return window.vbViz.nodes.getIds()"))
    assert ids == {n["id"] for n in store.subgraph(None, 2, 40, level="commune")["nodes"]}


def _no_accents(s: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c))


def _chain_up(store, ids: set[str], within: set[str]) -> set[str]:
    """`ids` and what they implement, transitively, through the nodes `within` (the path the filters keep)."""
    out, stack = set(ids), list(ids)
    while stack:
        cur = stack.pop()
        for e in store.subgraph(cur, 1, 1000)["edges"]:
            if e["source"] == cur and e["type"] == "IMPLEMENTS" and e["target"] in within and e["target"] not in out:
                out.add(e["target"])
                stack.append(e["target"])
    return out


def visible_ids(driver) -> set[str]:
    return set(driver.execute_script("return window.vbViz.view.getIds()"))


def assert_all_on_screen(driver, ids=None) -> None:
    """Every shown node (or `ids`) lies inside the canvas as drawn."""
    off = driver.execute_script("""
        var net = window.vbViz.network, ids = arguments[0] || window.vbViz.view.getIds();
        var pos = net.getPositions(ids), c = document.querySelector('#vb-network canvas'), out = [];
        for (var id in pos) { var p = net.canvasToDOM(pos[id]);
          if (p.x < 0 || p.y < 0 || p.x > c.clientWidth || p.y > c.clientHeight) out.push([id, p.x, p.y]); }
        return out;""", ids)
    assert off == [], off


def test_filters_hide_all_but_matching_documents_and_their_path(driver, server, store):
    open_page(driver, f"{server}/viz?cap=300")
    nodes = store.subgraph(None, 2, 300)["nodes"]
    in_view = {n["id"] for n in nodes}
    by_id = {n["id"]: n for n in nodes}
    docs = ("plan", "directive")

    def select(sel: str, value: str) -> None:
        driver.execute_script("var s = document.querySelector(arguments[0]); s.value = arguments[1];"
                              "s.dispatchEvent(new Event('change', {bubbles: true}));", sel, value)

    def expect(match: set[str]) -> None:
        got = visible_ids(driver)
        assert got == _chain_up(store, match, in_view)
        assert all(by_id[i]["kind"] in docs for i in got)            # no unit, no issuer
        assert_all_on_screen(driver)                                  # re-fitted on the hits

    select("#vb-f-level", "commune")
    commune = {n["id"] for n in nodes if n["kind"] in docs and n.get("level") == "commune"}
    assert commune
    expect(commune)
    select("#vb-f-level", "")
    assert visible_ids(driver) == in_view
    year = next(n["year"] for n in nodes if n.get("year"))
    select("#vb-f-year", str(year))
    expect({n["id"] for n in nodes if n["kind"] in docs and n.get("year") == year})
    select("#vb-f-year", "")
    # Kinds still hide a kind, and only that.
    driver.execute_script("document.querySelector('#vb-f-kinds input[value=unit]').click();")
    assert visible_ids(driver) == {n["id"] for n in nodes if n["kind"] != "unit"}
    driver.execute_script("document.querySelector('#vb-f-kinds input[value=unit]').click();")
    from vanban.graph.rules import load_rules
    bad = {v["document"]["id"] for v in store.check(load_rules())["violations"]} & in_view
    assert bad
    driver.execute_script("document.getElementById('vb-f-viol').click()")
    expect(bad)
    status = driver.execute_script("return document.getElementById('vb-status').textContent")
    assert f"{len(bad)} văn bản khớp" in status
    driver.execute_script("document.getElementById('vb-f-viol').click()")
    place = next(n["place"] for n in nodes if n.get("kind") == "plan" and n.get("level") == "district")
    word = place.split(",")[0].split(" ", 1)[1]            # "huyện Hòa Sơn, ..." -> "Hòa Sơn"
    driver.execute_script("var i = document.getElementById('vb-f-place'); i.value = arguments[0];"
                          "i.dispatchEvent(new Event('input'));", _no_accents(word).upper())   # "HOA SON"
    match = {n["id"] for n in nodes if n["kind"] in docs
             and _no_accents(word).lower() in _no_accents(n.get("place") or n.get("issuer") or "").lower()}
    assert any(by_id[i].get("place") == place for i in match)
    expect(match)


def test_hostile_title_is_shown_as_text(driver, server, store):
    hid = store.resolve_ref("/hostile/kh-doc-hai.txt")[0]
    open_page(driver, f"{server}/viz?focus={quote(hid, safe='')}&depth=1")
    wait_for(driver, "return !document.getElementById('vb-details').hidden")
    text = driver.execute_script("return document.getElementById('vb-details').textContent")
    assert HOSTILE_TITLE in text
    assert driver.execute_script("return document.querySelectorAll('#vb-details script, #vb-details img').length") == 0
    # The tooltip too: hover the node.
    from selenium.webdriver.common.action_chains import ActionChains
    dx, dy = node_point(driver, hid)
    ActionChains(driver).move_to_element_with_offset(canvas(driver), int(dx), int(dy)).perform()
    tip = wait_for(driver, "var t = document.getElementById('vb-tooltip'); return !t.hidden && t.textContent")
    assert "<script>window.__pwned=1</script>" in tip
    assert driver.execute_script("return document.querySelectorAll('#vb-tooltip *').length") == \
        driver.execute_script("return document.querySelectorAll('#vb-tooltip div').length")
    time.sleep(0.3)
    assert driver.execute_script("return window.__pwned") is None
    assert driver.execute_script("return document.title").startswith("Mạng trích dẫn quanh 99/KH-UBND")
    # Defence in depth: the page's Content-Security-Policy refuses any script without its nonce.
    driver.execute_script("var s = document.createElement('script'); s.textContent = 'window.__csp = 1';"
                          "document.head.appendChild(s);"
                          "var i = document.createElement('img'); i.src = 'x';"
                          " i.setAttribute('onerror', 'window.__csp = 2');"
                          "document.body.appendChild(i);")
    time.sleep(0.3)
    assert driver.execute_script("return window.__csp") is None
    driver.get_log("browser")        # the refusals are logged as errors: drop them


def test_expand_on_double_click_adds_neighbours(driver, server, store):
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "district")
    open_page(driver, f"{server}/viz?focus={quote(plan, safe='')}&depth=0")
    before = set(driver.execute_script("return window.vbViz.nodes.getIds()"))
    click_node(driver, plan, double=True)
    wait_for(driver, "return window.vbViz.nodes.length > " + str(len(before)))
    time.sleep(0.3)
    after = set(driver.execute_script("return window.vbViz.nodes.getIds()"))
    expected = before | {n["id"] for n in store.subgraph(plan, 1, 100)["nodes"]}
    assert after == expected


def test_expand_places_new_nodes_near_the_clicked_one_and_moves_nothing(driver, server, store):
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "district")
    open_page(driver, f"{server}/viz?cap=40")
    pos_js = "return window.vbViz.network.getPositions()"
    before = driver.execute_script(pos_js)
    n0 = len(before)
    driver.execute_script("window.vbViz.expand(arguments[0])", plan)
    wait_for(driver, "return window.vbViz.nodes.length > " + str(n0), timeout=30)
    time.sleep(0.3)
    after = driver.execute_script(pos_js)
    assert {k: after[k] for k in before} == before                      # nothing moved
    new = [after[k] for k in after if k not in before]
    assert new
    spacing = driver.execute_script("var d = JSON.parse(document.getElementById('vb-data').textContent);"
                                    "return d.layout.spacing")
    anchor = after[plan]
    # Next to the clicked node: within a few columns of it, on the rows of their levels.
    dx = sorted(abs(p["x"] - anchor["x"]) for p in new)
    assert dx[len(dx) // 2] <= 4 * spacing, dx
    # ... and on top of no other node.
    others = list(after.values())
    for p in new:
        close = [o for o in others if o is not p and abs(o["x"] - p["x"]) < spacing * 0.9
                 and abs(o["y"] - p["y"]) < 40]
        assert close == [], (p, close)


def test_no_request_leaves_loopback(driver, server, store):
    driver.get_log("performance")    # drop what earlier tests logged
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "district")
    open_page(driver, f"{server}/viz?focus={quote(plan, safe='')}&depth=1")
    click_node(driver, plan)
    wait_for(driver, "return !!document.getElementById('vb-trace-btn')")
    driver.execute_script("document.getElementById('vb-trace-btn').click()")
    wait_for(driver, "return window.vbViz.highlighted().length > 0")
    click_node(driver, plan, double=True)
    time.sleep(1.0)
    urls = requested_urls(driver)
    assert any("/viz" in u for u in urls) and any("/trace" in u for u in urls) and any("/subgraph" in u for u in urls)
    assert_loopback_only(urls)
    assert console_errors(driver) == []


def test_offline_file_works_without_any_server(driver, corpus_home, tmp_path, store):
    from vanban.cli import main
    out = tmp_path / "offline.html"
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "commune")
    assert main(["--home", str(corpus_home), "viz", "-o", str(out), "--focus", plan]) == 0
    driver.get_log("performance")
    open_page(driver, out.as_uri())
    n = driver.execute_script("return window.vbViz.nodes.length")
    assert n == len(json.loads(driver.execute_script("return document.getElementById('vb-data').textContent"))["nodes"])
    driver.execute_script("document.getElementById('vb-trace-btn').click()")
    chain = [c["id"] for c in store.trace(plan)["chain"]]
    wait_for(driver, "return window.vbViz.highlighted().length > 0")
    assert driver.execute_script("return window.vbViz.highlighted()") == chain
    driver.execute_script("window.vbViz.expand(arguments[0])", plan)
    assert "ngoại tuyến" in driver.execute_script("return document.getElementById('vb-status').textContent")
    assert driver.execute_script("return window.vbViz.nodes.length") == n
    urls = requested_urls(driver)
    assert_loopback_only(urls)
    assert all(urlsplit(u).scheme in ("file", "data", "blob") for u in urls), urls
    assert console_errors(driver) == []


# ---------------------------------------------------------------- issue 19: an inspector's viewer
def submit_search(driver, text: str) -> None:
    driver.execute_script("var i = document.getElementById('vb-find'); i.value = arguments[0];"
                          "document.getElementById('vb-find-form').requestSubmit();", text)


def test_search_ranks_like_the_cli_and_clears_no_match(driver, server, store):
    c33 = store.resolve_ref("33/CT-TTg")[0]
    open_page(driver, f"{server}/viz?cap=300")
    # A query that matches nothing in the picture nor in the store says so...
    submit_search(driver, "zzqx khong co")
    msg = wait_for(driver, "var t = document.getElementById('vb-find-msg').textContent;"
                           "return t.indexOf('Không thấy') >= 0 && t")
    assert "Không thấy" in msg
    # ... and the next search clears it, focuses the best hit and highlights its trace.
    submit_search(driver, "chi thi 33")
    wait_for(driver, "return !document.getElementById('vb-details').hidden")
    assert driver.execute_script("return document.getElementById('vb-find-msg').textContent") == ""
    assert driver.execute_script("return document.querySelector('#vb-details h2').textContent") == "33/CT-TTg"
    first = driver.execute_script("return document.querySelector('#vb-find-hits .vb-hit').getAttribute('data-id')")
    assert first == c33 == store.search("chi thi 33", 1)[0]["id"]
    assert c33 in driver.execute_script("return window.vbViz.highlighted()")
    assert_all_on_screen(driver, [c33])
    # Accents and case do not matter; a plan's code and its place rank it first.
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "commune" and store.node(p).get("code"))
    node = store.node(plan)
    where = node["place"].split(",")[0]
    hits = driver.execute_script("return window.vbViz.search(arguments[0]).map(function (h) { return h.id; })",
                                 _no_accents(f"{node['code']} {where}").upper())
    assert hits and hits[0] == plan
    submit_search(driver, _no_accents(f"{node['code']} {where}").upper())
    wait_for(driver, "return window.vbViz.highlighted().length > 1")
    assert driver.execute_script("return window.vbViz.highlighted()") == [c["id"] for c in store.trace(plan)["chain"]]
    assert_all_on_screen(driver, [plan])


def test_focus_on_a_commune_plan_shows_its_chain_and_citations_not_its_siblings(driver, server, store):
    plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "commune"
                and len(store.trace(p)["chain"]) >= 3)
    chain = [c["id"] for c in store.trace(plan)["chain"]]
    near = store.subgraph(plan, 1, 1000)
    cited = {e["target"] for e in near["edges"] if e["source"] == plan and e["type"] in ("IMPLEMENTS", "CITES")}
    issuer = {e["target"] for e in near["edges"] if e["source"] == plan and e["type"] == "ISSUED_BY"}
    open_page(driver, f"{server}/viz?focus={quote(plan, safe='')}&depth=2")
    shown = visible_ids(driver)
    assert shown == set(chain) | cited | issuer
    siblings = {p for p in plan_ids(store) if store.node(p).get("level") == "commune"} - {plan}
    assert not shown & siblings
    assert_all_on_screen(driver)
    # A district plan: its communes come in below it.
    district = chain[1]
    below = {p for p in plan_ids(store) if store.node(p).get("level") == "commune"
             and any(e["source"] == p and e["target"] == district and e["type"] == "IMPLEMENTS"
                     for e in store.subgraph(p, 1, 1000)["edges"])}
    open_page(driver, f"{server}/viz?focus={quote(district, safe='')}&depth=1")
    assert below and below <= visible_ids(driver)


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                    and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]):
                out.append((a["id"], b["id"]))
    return out


def _corpus_home(tmp_path_factory, name: str, **generate) -> Path:
    """A store home holding a generated corpus (vanban.synth), loaded as `vanban load` does."""
    from vanban.graph.store import open_store
    from vanban.ingest import load_paths
    from vanban.synth import generate_corpus

    root = tmp_path_factory.mktemp(name)
    generate_corpus(root / "corpus", **generate)
    report = load_paths(open_store("networkx", root / "home"), [root / "corpus"])
    assert report.added and not report.failed
    return root / "home"


def _serving(home: Path):
    """`vanban serve` on the home, for a fixture to yield its URL."""
    proc, url = start_server(home, home.parent)
    try:
        yield url
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    """The demo province: what `vanban demo` generates and loads (about 300 plans)."""
    return _corpus_home(tmp_path_factory, "demo", seed=1, plans=300)


@pytest.fixture(scope="module")
def demo_server(demo_home):
    yield from _serving(demo_home)


SCREENS = Path(os.environ.get("VANBAN_SCREENS", "/work/screens"))


def _save(driver, name: str) -> None:
    """A screenshot as a test artifact (tests/artifacts/), and for the coordinator's note when asked."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / name))
    if os.environ.get("VANBAN_SCREENS"):
        SCREENS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SCREENS / name))


def test_demo_province_is_readable_at_first_draw(driver, demo_server, demo_home):
    store = NetworkxStore(demo_home)
    open_page(driver, f"{demo_server}/viz")
    time.sleep(0.3)
    # The first draw fits the screen: every node inside the canvas.
    assert_all_on_screen(driver)
    boxes = driver.execute_script("return window.vbViz.labelBoxes()")
    # Labels never overlap at the default zoom, and many are drawn.
    assert len(boxes) >= 60, len(boxes)
    assert _overlaps(boxes) == []
    W, H = driver.execute_script("var c = document.querySelector('#vb-network canvas');"
                                 " return [c.clientWidth, c.clientHeight]")
    assert all(b["x"] >= 0 and b["x"] + b["w"] <= W + 1 and b["y"] + b["h"] <= H + 1 for b in boxes)
    # A label says who and what, not the title.
    data = json.loads(driver.execute_script("return document.getElementById('vb-data').textContent"))
    labels = {n["id"]: n["dl"] for n in data["nodes"]}
    commune = next(n for n in data["nodes"] if n["kind"] == "plan" and n.get("level") == "commune" and n.get("code"))
    assert labels[commune["id"]] == f"KH {commune['code']} · {commune['place'].split(',')[0]}"
    titles = [n.get("title") for n in data["nodes"] if n.get("title")]
    assert not any(t in labels.values() for t in titles)
    # No absolute server path anywhere on the page.
    assert all(not str(n.get("source", "")).startswith("/") for n in data["nodes"])
    _save(driver, "viz-demo-overview.png")
    # A focused commune plan: its chain, highlighted, and the focus on screen.
    plan = next(p for p in store.loaded_plans() if store.node(p).get("level") == "commune"
                and len(store.trace(p)["chain"]) >= 4)
    open_page(driver, f"{demo_server}/viz?focus={quote(plan, safe='')}&depth=2")
    assert driver.execute_script("return window.vbViz.nodes.length") < 30
    assert_all_on_screen(driver, [plan])
    assert _overlaps(driver.execute_script("return window.vbViz.labelBoxes()")) == []
    corpus_dir = str(demo_home.parent / "corpus")
    assert corpus_dir not in driver.execute_script("return document.body.innerText")
    assert corpus_dir not in driver.page_source
    _save(driver, "viz-demo-focus-commune.png")
    # The violation filter: only violating documents and their path, on screen.
    open_page(driver, f"{demo_server}/viz")
    driver.execute_script("document.getElementById('vb-f-viol').click()")
    time.sleep(0.3)
    shown = visible_ids(driver)
    assert 0 < len(shown) < len(labels)
    kinds = {n["id"]: n["kind"] for n in data["nodes"]}
    assert {kinds[i] for i in shown} <= {"plan", "directive"}
    assert_all_on_screen(driver)
    _save(driver, "viz-demo-violations.png")


def test_coverage_panel_lists_units_sorts_exports_and_focuses(driver, server, store):
    from vanban.viz.coverage import coverage_rows

    c33 = store.resolve_ref("33/CT-TTg")[0]
    cov = coverage_rows(store, c33)
    assert cov["rows"]
    open_page(driver, f"{server}/viz?focus={quote(c33, safe='')}&depth=1")
    wait_for(driver, "return !!document.getElementById('vb-cov-btn')")
    driver.execute_script("document.getElementById('vb-cov-btn').click()")
    wait_for(driver, "return !document.getElementById('vb-coverage').hidden")
    rows = driver.execute_script("return Array.from(document.querySelectorAll('#vb-cov-table tbody tr'))"
                                 ".map(function (r) { return r.cells[0].textContent; })")
    assert sorted(rows) == sorted(r["unit"] for r in cov["rows"])
    # Sortable: by unit name, then reversed.
    driver.execute_script("document.querySelector('#vb-cov-table button[data-key=unit]').click()")
    names = driver.execute_script("return Array.from(document.querySelectorAll('#vb-cov-table tbody tr'))"
                                  ".map(function (r) { return r.cells[0].textContent; })")
    driver.execute_script("document.querySelector('#vb-cov-table button[data-key=unit]').click()")
    names_desc = driver.execute_script("return Array.from(document.querySelectorAll('#vb-cov-table tbody tr'))"
                                       ".map(function (r) { return r.cells[0].textContent; })")
    assert names_desc == names[::-1] and names != names_desc
    # CSV: a header and one line per row, with the plan codes.
    import csv
    import io
    table = list(csv.reader(io.StringIO(driver.execute_script("return window.vbViz.coverageCsv()"))))
    assert table[0][0] == "Đơn vị" and len(table) == len(cov["rows"]) + 1
    with_plan = next(r for r in cov["rows"] if r["plans"])
    line = next(t for t in table if t[0] == with_plan["unit"])
    assert line[3] == "có" and with_plan["plans"][0]["code"] in line[4]
    # A row focuses that unit's plan.
    pid = with_plan["plans"][0]["id"]
    driver.execute_script("document.querySelector('#vb-cov-table tr[data-plan=\"' + arguments[0] + '\"]').click()", pid)
    wait_for(driver, "return document.querySelector('#vb-details h2').textContent === arguments[0]"
             .replace("arguments[0]", json.dumps(store.node(pid)["code"])))
    assert_all_on_screen(driver, [pid])


def test_demo_coverage_panel_screenshot(driver, demo_server, demo_home):
    store = NetworkxStore(demo_home)
    province = next(p for p in store.loaded_plans() if store.node(p).get("level") == "province")
    open_page(driver, f"{demo_server}/viz")
    driver.execute_script("window.vbViz.openCoverage(arguments[0])", province)
    wait_for(driver, "return !document.getElementById('vb-coverage').hidden")
    from vanban.viz.coverage import coverage_rows

    n = driver.execute_script("return document.querySelectorAll('#vb-cov-table tbody tr').length")
    assert n == len(coverage_rows(store, province)["rows"]) > 0
    _save(driver, "viz-demo-coverage.png")


def test_read_token_mode_asks_once_and_sends_the_token(driver, corpus_home, tmp_path, store):
    token = "s3cret-token-for-the-viewer-test"
    proc, url = start_server(corpus_home, tmp_path, {"VANBAN_API_READ_TOKEN_REQUIRED": "1", "VANBAN_API_TOKEN": token})
    try:
        driver.get_log("performance")
        driver.get(f"{url}/viz?cap=40")
        wait_for(driver, "return !document.getElementById('vb-token-form').hidden")
        assert driver.execute_script("return window.vbViz.ready") is False
        # A wrong token: asked again, with the server's message.
        driver.execute_script("document.getElementById('vb-token').value = 'wrong';"
                              "document.getElementById('vb-token-form').requestSubmit();")
        wait_for(driver, "return document.getElementById('vb-token-msg').textContent.length > 0")
        assert not driver.execute_script("return document.getElementById('vb-token-form').hidden")
        driver.execute_script("document.getElementById('vb-token').value = arguments[0];"
                              "document.getElementById('vb-token-form').requestSubmit();", token)
        wait_for(driver, "return window.vbViz.ready === true", timeout=30)
        assert driver.execute_script("return window.vbViz.nodes.length") == len(store.subgraph(None, 2, 40)["nodes"])
        plan = next(p for p in plan_ids(store) if store.node(p).get("level") == "district")
        driver.execute_script("window.vbViz.trace(arguments[0])", plan)
        wait_for(driver, "return window.vbViz.highlighted().length > 0")
        n0 = driver.execute_script("return window.vbViz.nodes.length")
        driver.execute_script("window.vbViz.expand(arguments[0])", plan)
        wait_for(driver, "return window.vbViz.nodes.length > " + str(n0))
        # Kept in memory only: not in storage, cookies or the address.
        assert driver.execute_script("return localStorage.length + sessionStorage.length") == 0
        assert token not in driver.execute_script("return document.cookie + location.href + document.body.innerHTML")
        sent = {}
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                req = msg["params"]["request"]
                sent[urlsplit(req["url"]).path] = {k.lower(): v for k, v in req.get("headers", {}).items()}
        for path in ("/viz/data", "/trace", "/subgraph"):
            assert sent[path].get("authorization") == f"Bearer {token}", (path, sent.get(path))
    finally:
        stop_server(proc)


def _screenshot(driver, url: str, path: Path) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1920, "height": 1200, "deviceScaleFactor": 2, "mobile": False})
    try:
        open_page(driver, url)
        driver.execute_script("window.vbViz.network.redraw(); window.vbViz.fit(); window.vbViz.network.redraw();")
        time.sleep(0.5)
        path.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(path))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_screenshot_of_the_seeds_graph(driver, request, tmp_path, corpus_home):
    """tests/artifacts/viz-seeds.png (or viz-synthetic.png without ../shared): look at it."""
    try:
        shared = request.getfixturevalue("shared_dir")
    except pytest.skip.Exception:
        shared = None
    if shared is not None:
        from vanban.graph.store import open_store
        from vanban.ingest import load_paths
        home = tmp_path / "seeds-home"
        report = load_paths(open_store("networkx", home), [shared / "seeds"])
        assert report.added and not report.failed, report.to_json()
        name = "viz-seeds.png"
    else:
        home, name = corpus_home, "viz-synthetic.png"
    proc, url = start_server(home, tmp_path)
    try:
        _screenshot(driver, f"{url}/viz", ARTIFACTS / name)
        store = NetworkxStore(home)
        plan = next((p for p in store.loaded_plans() if len(store.trace(p)["chain"]) >= 2), store.loaded_plans()[0])
        # A second picture: one plan with its trace highlighted and its details open.
        _screenshot(driver, f"{url}/viz?focus={quote(plan, safe='')}&depth=1",
                    ARTIFACTS / name.replace(".png", "-focus.png"))
    finally:
        stop_server(proc)
    assert (ARTIFACTS / name).stat().st_size > 50_000


def test_ensure_chromium_is_idempotent(chromium):
    t0 = time.monotonic()
    r = subprocess.run([str(REPO / "scripts" / "ensure-chromium")], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PATH": "/nonexistent"})   # no apt-get reachable: must not need it
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""
    assert time.monotonic() - t0 < 5


def test_ensure_chromium_fails_clearly_when_it_cannot_install(tmp_path):
    r = subprocess.run(["/bin/sh", str(REPO / "scripts" / "ensure-chromium")], capture_output=True, text=True,
                       timeout=60, env={"PATH": str(tmp_path), "ENSURE_CHROMIUM_BROWSER": str(tmp_path / "nope"),
                                        "ENSURE_CHROMIUM_DRIVER": str(tmp_path / "nope-driver")})
    assert r.returncode == 1
    assert "apt-get is not available" in r.stderr and "apt-get install -y chromium chromium-driver" in r.stderr


# ---------------------------------------------------------------- issue 13: old and new bodies, coverage by day
@pytest.fixture(scope="module")
def mixed_home(tmp_path_factory) -> Path:
    """A mixed corpus: chains before and after 1 July 2025 in the same provinces (old and new bodies)."""
    return _corpus_home(tmp_path_factory, "mixedviz", seed=5, plans=150, world="mixed")


@pytest.fixture(scope="module")
def mixed_server(mixed_home):
    yield from _serving(mixed_home)


def test_old_and_new_bodies_linked_and_coverage_by_province_and_day(driver, mixed_server, mixed_home):
    from vanban.graph import schema as S
    from vanban.synth import ROOT_CODE

    console_errors(driver)           # reads (and so drops) what earlier tests left in the browser's log
    store = NetworkxStore(mixed_home)
    g = store.whole_graph()
    old, new = next((a, b) for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))
                    if d["type"] == S.SUCCEEDED_BY and g.nodes[a]["unit_id"].startswith("pre:"))
    # The old body: its validity, and its successor, which a click brings in and focuses.
    open_page(driver, f"{mixed_server}/viz?focus={quote(old, safe='')}&depth=1")
    wait_for(driver, "return !!document.querySelector('#vb-body-box .vb-body-after button[data-id=\"' + "
             f"{json.dumps(new)} + '\"]')")
    details = driver.execute_script("return document.getElementById('vb-details-body').innerText")
    assert "đến 30/06/2025" in details and g.nodes[old]["name"] in details
    driver.execute_script("document.querySelector('#vb-body-box .vb-body-after button[data-id=\"' + arguments[0]"
                          " + '\"]').click()", new)
    # Now the new body's details: it was formed from the old one (a link back), valid from 1 July 2025.
    wait_for(driver, "return !!document.querySelector('#vb-body-box .vb-body-before button[data-id=\"' + "
             f"{json.dumps(old)} + '\"]')")
    assert driver.execute_script("return window.vbViz.network.getSelectedNodes()") == [new]
    assert "từ 01/07/2025" in driver.execute_script("return document.getElementById('vb-details-body').innerText")
    _save(driver, "viz-mixed-body-links.png")
    # Search tells the two same-named bodies apart when both are on the picture.
    if g.nodes[old]["name"] == g.nodes[new]["name"]:
        submit_search(driver, g.nodes[old]["name"])
        hits = driver.execute_script("return Array.from(document.querySelectorAll('#vb-find-hits .vb-hit'))"
                                     ".map(function (b) { return b.textContent; })")
        assert any("đến 30/06/2025" in h for h in hits) and any("từ 01/07/2025" in h for h in hits)

    # Coverage of the directive in one province on one day: every unit of it, then the CSV.
    ref = store.resolve_ref(ROOT_CODE)[0]
    province, day = "pre:83", "2024-12-31"
    units = store.implementers(ref, province=province, as_of=day)["units"]
    open_page(driver, f"{mixed_server}/viz")
    driver.execute_script("window.vbViz.openCoverage(arguments[0])", ref)
    wait_for(driver, "return !document.getElementById('vb-coverage').hidden")
    assert driver.execute_script("return document.getElementById('vb-cov-date').value") == \
        driver.execute_script("var d = new Date(); return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2)"
                              " + '-' + ('0' + d.getDate()).slice(-2)")
    driver.execute_script("var i = document.getElementById('vb-cov-date'); i.value = arguments[0];"
                          " i.dispatchEvent(new Event('change'))", day)
    wait_for(driver, f"return !!document.querySelector('#vb-cov-province option[value=\"{province}\"]')")
    n_prov = driver.execute_script("return document.querySelectorAll('#vb-cov-province option').length")
    assert n_prov == 63 + 1          # the provinces of that day, and "no province"
    driver.execute_script("var s = document.getElementById('vb-cov-province'); s.value = arguments[0];"
                          " s.dispatchEvent(new Event('change'))", province)
    wait_for(driver, "return document.querySelectorAll('#vb-cov-table tbody tr[data-unit]').length === "
             f"{units['units']}")
    shown = driver.execute_script("return Array.from(document.querySelectorAll('#vb-cov-table tbody tr'))"
                                  ".map(function (r) { return [r.getAttribute('data-unit'), r.className]; })")
    assert sorted(u for u, _ in shown) == sorted(units["covered"] + units["none"] + units["ambiguous"])
    _save(driver, "viz-mixed-coverage-province.png")
    cls = dict(shown)
    assert all(cls[u] == "vb-cov-yes" for u in units["covered"]) and all(cls[u] == "vb-cov-no" for u in units["none"])
    import csv
    import io
    table = list(csv.reader(io.StringIO(driver.execute_script("return window.vbViz.coverageCsv()"))))
    assert table[0][0] == "Đơn vị" and len(table) == units["units"] + 1
    assert sum(1 for t in table[1:] if t[3] == "có") == len(units["covered"])
    assert sum(1 for t in table[1:] if t[3] == "chưa") == len(units["none"])
    # Back to no province: the panel as before (bodies below the directive).
    driver.execute_script("var s = document.getElementById('vb-cov-province'); s.value = '';"
                          " s.dispatchEvent(new Event('change'))")
    wait_for(driver, "return document.querySelectorAll('#vb-cov-table tbody tr[data-unit]').length === 0")
    assert console_errors(driver) == []



def test_a_successor_body_link_fetches_the_new_body_before_focusing_it(driver, mixed_server, mixed_home):
    from vanban.graph import schema as S
    store = NetworkxStore(mixed_home)
    g = store.whole_graph()
    old, new = next((a, b) for a, b, d in g.edges(data=True) if d["type"] == S.SUCCEEDED_BY)
    # only the old body is drawn (depth 0): the link must fetch the new one before focusing it
    open_page(driver, f"{mixed_server}/viz?focus={quote(old, safe='')}&depth=0")
    assert driver.execute_script("return !!window.vbViz.view.get(arguments[0])", new) is False
    click_node(driver, old)
    link = f".vb-body-after button.vb-body-link[data-id={json.dumps(new)}]"
    wait_for(driver, f"return !!document.querySelector({json.dumps(link)})")
    driver.execute_script(f"document.querySelector({json.dumps(link)}).click()")
    wait_for(driver, "return document.querySelector('#vb-details h2').textContent === "
             + json.dumps(store.node(new)["name"]))
    assert driver.execute_script("return window.vbViz.network.getSelectedNodes()") == [new]
    assert_all_on_screen(driver, [new])
