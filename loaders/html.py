"""Saved web pages (.html, .htm): the document's text without the portal around it.

Provincial and commune portals publish plans as web pages: the text sits among menus, breadcrumbs,
banners and footers, often inside tables, and CMS exports leave literal "\\r\\n" in it. lxml (already a
dependency of python-docx
BSD) parses real-world HTML and guesses the charset from <meta>.
"""
from __future__ import annotations

import re

from vanban.models import UnreadableFile

# Never document text.
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
              "select", "iframe", "svg", "canvas", "object", "embed", "head")
# Portal furniture, by class/id/role word (whole words of the attribute, so "content-header" is not dropped
# for "header" unless it is a word of its own).
_FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|sidebar|footer|banner|header|topbar|"
                        r"share|social|login|search|cookie|related|comments?|pagination|copyright)(?:$|[\s_-])",
                        re.IGNORECASE)
_BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
          "h1", "h2", "h3", "h4", "h5", "h6", "address", "center", "figure", "figcaption", "hr", "body", "table",
          "tr", "caption"}
_LITERAL_BREAKS = re.compile(r"(?:\\r\\n|\\n|\\r)")


def html_text(data: bytes, name: str, *, max_text: int = 10_000_000) -> str:
    """The text of a saved web page: portal furniture (nav, menus, footers) dropped, tables as rows.

    >>> page = "<html><body><nav>Trang chủ</nav><h1>KẾ HOẠCH</h1><p>Số 12/KH-UBND</p></body></html>"
    >>> html_text(page.encode(), "kh.html")
    'KẾ HOẠCH\\n\\nSố 12/KH-UBND'
    """
    try:
        import lxml.html
        from lxml import etree
    except ImportError:  # pragma: no cover - lxml comes with python-docx
        raise UnreadableFile(
            f"{name}: reading web pages needs the lxml package (pip install lxml)",
            message_vi=f"{name}: cần cài gói lxml để đọc trang web",
            code="missing_dependency",
        ) from None
    try:
        root = lxml.html.document_fromstring(_decode(data))
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableFile(f"{name}: not a readable web page ({exc})", message_vi=f"{name}: trang web không đọc được",
                             code="unreadable") from None
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(el)
    for el in list(root.iter(*_DROP_TAGS)):
        _remove(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        attrs = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
        if attrs and _FURNITURE.search(attrs) and not _holds_document(el):
            _remove(el)
    body = _main_content(root)
    out: list[str] = []
    _walk(body, out)
    text = "".join(out)
    text = _LITERAL_BREAKS.sub("\n", text)
    text = text.replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[ \t]+", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if len(text) > max_text:
        raise UnreadableFile(f"{name}: gives {len(text)} characters of text, over the limit of {max_text}",
                             message_vi=f"{name}: văn bản quá dài (giới hạn {max_text})", code="too_large")
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


def _decode(data: bytes) -> str:
    """The page's text: a BOM, else UTF-8 when it is valid (most pages, whatever their <meta> says),
    else the <meta> charset, else Windows-1252 (then a legacy font shows as such and is converted)."""
    import codecs
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _XML_DECL.sub("", data.decode(enc, "replace"))
    try:
        return _XML_DECL.sub("", data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    enc = m.group(1).decode("ascii").lower() if m else "cp1252"
    try:
        codecs.lookup(enc)
    except LookupError:
        enc = "cp1252"
    if enc in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        enc = "cp1252"   # (what browsers do)
    return _XML_DECL.sub("", data.decode(enc, "replace"))


def _remove(el) -> None:
    """Drop an element but keep the text that follows it (its tail belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _holds_document(el) -> bool:
    """A "header"/"menu" box that holds the plan itself (a long text with a document number) stays."""
    text = el.text_content()
    return len(text) > 1500 and re.search(r"\d+\s*[/-]\s*[A-ZĐ]", text) is not None


def _main_content(root):
    """The <article> or <main> holding most of the text, when the page has one; else <body>."""
    best, best_len = None, 0
    for el in root.iter("article", "main"):
        n = len(el.text_content())
        if n > best_len:
            best, best_len = el, n
    body = root.find("body")
    whole = len((body if body is not None else root).text_content())
    if best is not None and best_len >= 0.5 * whole:
        return best
    return body if body is not None else root


def _walk(el, out: list[str], pre: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    pre = pre or tag in ("pre", "textarea", "plaintext", "xmp")   # (whitespace is the layout there)
    text = (lambda s: s) if pre else _squash
    if tag == "br":
        out.append("\n")
    elif tag == "table":
        _table(el, out)
        out.append(text(el.tail or ""))
        return
    elif tag in _BLOCK:
        out.append("\n")
    if el.text and tag != "br":
        out.append(text(el.text))
    for child in el:
        _walk(child, out, pre)
    if tag in _BLOCK:
        out.append("\n")
    if el.tail:
        out.append(_squash(el.tail) if tag in ("pre", "textarea") or not pre else el.tail)


def _squash(s: str) -> str:
    # source line breaks inside a paragraph are only layout, as a browser shows them
    return re.sub(r"[ \t\r\n]+", " ", s)


def _table(table, out: list[str]) -> None:
    """Tables in reading order: a row is one line, cells split by " | " (as the .docx reader does);
    a row with multi-line cells puts each cell on its own lines. Nested tables are read in place."""
    out.append("\n")
    for tr in _rows(table):
        cells: list[str] = []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            inner: list[str] = []
            if td.text:
                inner.append(_squash(td.text))
            for child in td:
                _walk(child, inner)
            cell = _LITERAL_BREAKS.sub("\n", "".join(inner))
            cell = "\n".join(s.strip() for s in cell.split("\n") if s.strip())
            if cell:
                cells.append(cell)
        if cells:
            out.append("\n".join(cells) if any("\n" in c for c in cells) else " | ".join(cells))
            out.append("\n")
    out.append("\n")


def _rows(table):
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if isinstance(tr.tag, str) and tr.tag == "tr")
