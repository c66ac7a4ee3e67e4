/// The desk's only script, `/atelier.js`: every page works without it. On each Markdown text
/// area (`data-markdown`):
/// - what is pasted from Word, LibreOffice or a web page (`text/html` on the clipboard) becomes
///   Markdown: headings, bold and italic, links, lists (Word's own list paragraphs too, with
///   their levels), tables (the first row as header), paragraphs; anything else is its text;
/// - an « Aperçu du texte » under it shows the text as the site will, rendered by the site's
///   own Markdown (`POST /rendu`), a moment after each change.
enum DeskScript {
    static let source = #"""
    "use strict";
    (function () {
      // ---- HTML to Markdown ---------------------------------------------------------------
      function clean(text) { return text.replace(/\u00a0/g, " ").replace(/[ \t\r\n]+/g, " "); }
      function escapeText(text) { return text.replace(/([\\`*_[\]<>])/g, "\\$1").replace(/^(\s*)([#+-]|\d+[.)])(\s)/, "$1\\$2$3"); }
      function style(el) { return (el.getAttribute && el.getAttribute("style") || "").toLowerCase(); }
      function isWordMarker(el) { return /mso-list:\s*ignore/.test(style(el)); }
      function safeHref(href) {
        if (!href) return null;
        href = href.trim();
        // An anchor of the pasted document (a footnote, a bookmark) has no place on the site.
        if (href.charAt(0) === "#") return null;
        if (/^(https?:|mailto:|tel:|\/)/i.test(href) || !/^[a-z][a-z0-9+.-]*:/i.test(href)) return href.replace(/[()\s]/g, encodeURIComponent);
        return null;
      }
      function inline(node) {
        var out = "";
        node.childNodes.forEach(function (child) {
          if (child.nodeType === 3) { out += escapeText(clean(child.nodeValue)); return; }
          if (child.nodeType !== 1 || isWordMarker(child)) return;
          var tag = child.tagName.toLowerCase(), inner = inline(child), s = style(child);
          if (tag === "br") { out += "\n"; return; }
          if (tag === "img" || tag === "style" || tag === "script" || tag === "meta" || tag === "o:p") return;
          if (!inner.trim()) { out += inner; return; }
          var lead = inner.match(/^\s*/)[0], tail = inner.match(/\s*$/)[0], core = inner.trim();
          if (tag === "a") {
            var href = safeHref(child.getAttribute("href"));
            out += href ? lead + "[" + core + "](" + href + ")" + tail : inner;
          } else if (tag === "b" || tag === "strong" || /font-weight:\s*(bold|[6-9]00)/.test(s)) {
            out += lead + "**" + core + "**" + tail;
          } else if (tag === "i" || tag === "em" || /font-style:\s*italic/.test(s)) {
            out += lead + "*" + core + "*" + tail;
          } else if (tag === "code") {
            out += lead + "`" + core.replace(/\\/g, "") + "`" + tail;
          } else {
            out += inner;
          }
        });
        return out;
      }
      function line(text) { return text.replace(/\s*\n\s*/g, "  \n").replace(/ {2,}/g, " ").trim(); }
      function table(el) {
        var rows = [];
        el.querySelectorAll("tr").forEach(function (tr) {
          if (tr.closest("table") !== el) return;
          var cells = [];
          tr.querySelectorAll("td, th").forEach(function (cell) {
            if (cell.closest("tr") === tr) cells.push(line(blocks(cell).join(" ").replace(/\n+/g, " ")).replace(/\|/g, "\\|") || " ");
          });
          if (cells.length) rows.push(cells);
        });
        if (!rows.length) return "";
        // The header row is bold already, as a header.
        rows[0] = rows[0].map(function (c) { return c.replace(/^\*\*([^*]*)\*\*$/, "$1"); });
        var width = Math.max.apply(null, rows.map(function (r) { return r.length; }));
        rows = rows.map(function (r) { while (r.length < width) r.push(" "); return "| " + r.join(" | ") + " |"; });
        var rule = "|" + new Array(width + 1).join(" --- |");
        return [rows[0], rule].concat(rows.slice(1)).join("\n");
      }
      /// Word's list paragraphs: `mso-list: l0 level2 lfo1`, their marker in a span to ignore.
      function wordListItem(el) {
        var m = /mso-list:\s*(l\d+)\s+level(\d+)/.exec(style(el));
        if (!m && !/^MsoListParagraph/.test(el.className || "")) return null;
        var marker = el.querySelector("[style*='mso-list']");
        var ordered = marker && isWordMarker(marker) && /^\s*[\w]{1,3}[.)]/.test(marker.textContent.replace(/\u00a0/g, " "));
        return { list: m ? m[1] : "l", level: m ? parseInt(m[2], 10) : 1, ordered: !!ordered, text: line(inline(el)) };
      }
      function list(el, depth) {
        var ordered = el.tagName.toLowerCase() === "ol", n = 0, out = [];
        el.childNodes.forEach(function (li) {
          if (li.nodeType !== 1) return;
          var tag = li.tagName.toLowerCase();
          if (tag === "ul" || tag === "ol") { out = out.concat(list(li, depth + 1)); return; }
          if (tag !== "li") return;
          n += 1;
          var text = "", nested = [];
          li.childNodes.forEach(function (c) {
            var t = c.nodeType === 1 ? c.tagName.toLowerCase() : "";
            if (t === "ul" || t === "ol") nested = nested.concat(list(c, depth + 1));
            else if (c.nodeType === 1 && /^(p|div)$/.test(t)) text += " " + inline(c);
            else if (c.nodeType === 3 || c.nodeType === 1) text += inline({ childNodes: [c] });
          });
          out.push(new Array(depth + 1).join("   ") + (ordered ? n + ". " : "- ") + line(text));
          out = out.concat(nested);
        });
        return out;
      }
      function blocks(root) {
        var out = [], pendingList = [], numbering = {};
        function flush() { if (pendingList.length) { out.push(pendingList.join("\n")); pendingList = []; } }
        root.childNodes.forEach(function (node) {
          if (node.nodeType === 3) { var t = line(escapeText(clean(node.nodeValue))); if (t) { flush(); out.push(t); } return; }
          if (node.nodeType !== 1) return;
          var tag = node.tagName.toLowerCase();
          if (/^(style|script|meta|title|head|link|xml)$/.test(tag)) return;
          var item = tag === "p" ? wordListItem(node) : null;
          if (item) {
            // Numbers count per list and level; a new list (another `l` number) starts again.
            if (item.list !== numbering.list) { flush(); numbering = { list: item.list }; }
            for (var deeper = item.level + 1; numbering[deeper]; deeper++) numbering[deeper] = 0;
            numbering[item.level] = (numbering[item.level] || 0) + 1;
            pendingList.push(new Array(item.level).join("   ") + (item.ordered ? numbering[item.level] + ". " : "- ") + item.text);
            return;
          }
          numbering = {};
          flush();
          var h = /^h([1-6])$/.exec(tag);
          if (h || /MsoTitle/.test(node.className || "")) {
            var level = h ? Math.max(2, parseInt(h[1], 10)) : 2;
            var text = line(inline(node)).replace(/\*\*/g, "");
            if (text) out.push(new Array(level + 1).join("#") + " " + text.replace(/\n/g, " "));
          } else if (tag === "ul" || tag === "ol") {
            out.push(list(node, 0).join("\n"));
          } else if (tag === "table") {
            var t = table(node); if (t) out.push(t);
          } else if (tag === "blockquote") {
            out.push(blocks(node).join("\n\n").split("\n").map(function (l) { return "> " + l; }).join("\n"));
          } else if (tag === "p" || tag === "pre") {
            var p = line(inline(node)); if (p) out.push(p);
          } else if (/^(div|section|article|body|html|main|span|font|center|tbody|thead)$/.test(tag) && node.querySelector("p, h1, h2, h3, h4, h5, h6, ul, ol, table, div, blockquote")) {
            out = out.concat(blocks(node));
          } else {
            var other = line(inline(node)); if (other) out.push(other);
          }
        });
        flush();
        return out;
      }
      function toMarkdown(html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        return blocks(doc.body).join("\n\n").replace(/\n{3,}/g, "\n\n").trim();
      }
      window.maillageMarkdown = toMarkdown;

      // ---- The text areas --------------------------------------------------------------------
      var token = document.querySelector("input[name=_csrf]");
      document.querySelectorAll("textarea[data-markdown]").forEach(function (area) {
        area.addEventListener("paste", function (event) {
          var html = event.clipboardData && event.clipboardData.getData("text/html");
          if (!html) return;
          var md = toMarkdown(html);
          if (!md) return;
          event.preventDefault();
          area.setRangeText(md, area.selectionStart, area.selectionEnd, "end");
          area.dispatchEvent(new Event("input", { bubbles: true }));
        });
        if (!token || !window.fetch) return;
        var box = document.createElement("div");
        box.className = "rendu";
        box.id = area.id + "-rendu";
        box.setAttribute("aria-live", "polite");
        var title = document.createElement("p");
        title.className = "aide";
        title.textContent = "Aperçu du texte, tel que le site l’affichera :";
        var body = document.createElement("div");
        box.appendChild(title);
        box.appendChild(body);
        area.insertAdjacentElement("afterend", box);
        var timer = null, sent = 0;
        function render() {
          var number = ++sent, form = new FormData();
          form.append("_csrf", token.value);
          form.append("texte", area.value);
          fetch("/rendu", { method: "POST", body: form, credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.text() : ""; })
            .then(function (html) { if (number === sent) body.innerHTML = html; })
            .catch(function () {});
        }
        area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(render, 400); });
        render();
      });
    })();
    """#
}
