/* 有事找支部: find a compound or building as the person types, with no server.
 *
 * Reads x/lookup.json (written at build time by baodao.web.lookup) the first time the box is
 * used, and x/d/<id>.json for the compound whose buildings are shown. Nothing is loaded from
 * another host. The ranking lives here only; tests/site/browser/recall.yaml types its queries
 * into this page. Every record text is escaped before it becomes markup.
 */
(function () {
  "use strict";

  var HZ = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  // A building number at the end of a query: 3号楼, 3栋, 3幢, 3号, 三号楼, A座, or a bare 3.
  var TAIL = /([0-9]+|[零〇一二两三四五六七八九十百]+|[a-z])(号楼|栋|幢|号|座|楼)?$/;
  var SEP = /[\s·•,，。.、:：;；\-—_()（）"'“”‘’]+/g;
  var KIND_PENALTY = [0, 2, 6, 10]; // name, alias, old name, road address
  var KIND_LABEL = ["", "又名", "曾用名", "地址"];
  var MAX_RESULTS = 10;

  function hanzi(text) {
    var total = 0, current = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c in HZ) current = HZ[c];
      else if (c === "十" || c === "百") { total += (current || 1) * (c === "十" ? 10 : 100); current = 0; }
      else return null;
    }
    return total + current;
  }

  function normalize(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(SEP, "");
  }

  function Lookup(data) {
    this.forms = (data.forms || []).map(function (p) {
      try { return new RegExp(p, "i"); } catch (e) { return null; }
    }).filter(Boolean);
    this.places = data.places;
    this.asOf = data.as_of;
    var self = this;
    this.items = data.x.map(function (row) {
      var names = row[2], old = row[3], addr = row[4], py = row[5];
      var texts = names.concat(old, addr);
      var variants = texts.map(function (t, i) {
        var kind = i === 0 ? 0 : i < names.length ? 1 : i < names.length + old.length ? 2 : 3;
        return { text: t, t: normalize(t), kind: kind, syl: (py[i] || "").split(" ").filter(Boolean) };
      });
      var numbers = row[6];
      return {
        id: row[0], place: data.places[row[1]], name: names[0], variants: variants,
        numbers: numbers, keys: numbers.map(function (n) { return self.numberKey(n); })
      };
    });
  }

  /* The number a written building number stands for: 3栋 → 3, 三号楼 → 3, A座 → a. */
  Lookup.prototype.numberKey = function (text) {
    text = (text || "").normalize("NFKC").trim();
    if (/^[0-9]+$/.test(text)) return String(parseInt(text, 10));
    for (var i = 0; i < this.forms.length; i++) {
      var m = this.forms[i].exec(text);
      if (m && m.groups && m.groups.n) {
        var n = m.groups.n;
        if (/^[0-9]+$/.test(n)) return String(parseInt(n, 10));
        var v = hanzi(n);
        return v !== null ? String(v) : n.toLowerCase();
      }
    }
    var t = normalize(text).match(/^([0-9]+|[零〇一二两三四五六七八九十百]+|[a-z])(号楼|栋|幢|号|座|楼)$/);
    if (t) return this.numberKey(t[1]);
    var h = hanzi(text);
    return h !== null && text ? String(h) : null;
  };

  /* Does the Latin query q run along the syllables from syllable i? Each syllable is typed in
     full or as its first letters (lvjinghuayuan, ljhy, lvjhy, lvjingh); u stands for v (ü). */
  function along(q, syl, i) {
    var memo = {};
    function go(pos, s) {
      if (pos === q.length) return s === syl.length ? 2 : 1; // 2: every syllable typed
      if (s === syl.length) return 0;
      var key = pos + ":" + s;
      if (key in memo) return memo[key];
      var best = 0, w = syl[s];
      for (var k = 0; k < w.length && pos + k < q.length; k++) {
        var a = q[pos + k], b = w[k];
        if (a !== b && !(a === "u" && b === "v")) break;
        var r = go(pos + k + 1, s + 1);
        if (r > best) best = r;
        if (best === 2) break;
      }
      memo[key] = best;
      return best;
    }
    return go(0, i);
  }

  /* At most one character added, dropped or changed. */
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (a.length < b.length) j++;
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  var LATIN = /^[a-z0-9]+$/;

  function scoreVariant(q, v) {
    if (LATIN.test(q) && /[a-z]/.test(q)) {
      if (!v.syl.length) return 0;
      var r = along(q, v.syl, 0);
      if (r === 2) return 100;
      if (r === 1) return q.length >= 2 ? 88 : 80;
      if (q.length >= 3) {
        for (var s = 1; s < v.syl.length; s++) if (along(q, v.syl, s)) return 70;
      }
      return 0;
    }
    var t = v.t;
    if (t === q) return 100;
    if (t.indexOf(q) === 0) return 90;
    if (t.indexOf(q) > 0) return 80;
    if (q.length >= 3 && oneEdit(q, t)) return 60;
    if (q.length >= 3 && q.length < t.length && oneEdit(q, t.slice(0, q.length))) return 55;
    return 0;
  }

  /* Queries to try: the whole text, and the text with a building number cut from its end. */
  Lookup.prototype.parse = function (raw) {
    var q = normalize(raw);
    var out = [{ text: q, bld: null, bldText: null }];
    var m = q.match(TAIL);
    if (m && m.index > 0) {
      var key = this.numberKey(m[0]);
      if (key === null) key = this.numberKey(m[1]);
      if (key !== null) out.push({ text: q.slice(0, m.index), bld: key, bldText: m[0] });
    }
    return out;
  };

  Lookup.prototype.search = function (raw) {
    var cands = this.parse(raw);
    if (!cands[0].text) return [];
    var hits = [];
    for (var n = 0; n < this.items.length; n++) {
      var c = this.items[n], best = null;
      for (var k = 0; k < cands.length; k++) {
        var cand = cands[k], building = -1;
        if (!cand.text) continue;
        if (cand.bld !== null) {
          building = c.keys.indexOf(cand.bld);
          if (building < 0) continue;
        }
        for (var j = 0; j < c.variants.length; j++) {
          var v = c.variants[j], s = scoreVariant(cand.text, v);
          if (!s) continue;
          s = s - KIND_PENALTY[v.kind] + (building >= 0 ? 3 : 0);
          if (!best || s > best.score) best = { item: c, score: s, variant: v, building: building };
        }
      }
      if (best) hits.push(best);
    }
    hits.sort(function (a, b) {
      return b.score - a.score || a.item.name.length - b.item.name.length ||
        (a.item.name < b.item.name ? -1 : a.item.name > b.item.name ? 1 : 0) ||
        (a.item.place < b.item.place ? -1 : a.item.place > b.item.place ? 1 : 0) ||
        (a.item.id < b.item.id ? -1 : 1);
    });
    return hits.slice(0, MAX_RESULTS);
  };

  // --- the page --------------------------------------------------------------------------------

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function tel(phone) {
    if (!phone) return "";
    return ' <a class="bd-tel" href="tel:' + esc(phone.replace(/[^0-9+]/g, "")) + '">' + esc(phone) + "</a>";
  }

  function post(p, fallback) {
    var who = p[3] ? '<b class="bd-vacant">空缺</b>' : esc(p[1] || "（姓名未公开）");
    return esc(p[0]) + " " + who + tel(p[2] || fallback);
  }

  function posts(list, fallback) {
    return list.map(function (p) { return post(p, fallback); }).join("<br>");
  }

  function answerHtml(d, number, base) {
    var line = null;
    for (var i = 0; i < d.buildings.length; i++) if (d.buildings[i][0] === number) line = d.lines[d.buildings[i][1]];
    var page = base + encodeURIComponent(d.id) + "/";
    var h = '<h3>' + esc(d.name) + " " + esc(number) + '</h3><p class="bd-sub">' + esc(d.place) + "</p>";
    if (!line) {
      return h + '<p class="bd-stale">' + esc(d.as_of) + " 没有登记这栋楼的服务关系，请联系社区。</p>";
    }
    var st = line.station, stPhone = st ? st[3] : null;
    h += "<dl>";
    h += "<dt>党支部</dt><dd>" + esc(line.branch[1]) + (line.branch[2] ? "（" + esc(line.branch[2]) + "）" : "") +
      (line.secretary ? "<br>" + post(line.secretary, stPhone) : "") + "</dd>";
    if (line.group) {
      h += "<dt>楼栋党小组</dt><dd>" + esc(line.group[1]) + (line.leaders.length ? "<br>" + posts(line.leaders, stPhone) : "") + "</dd>";
    }
    if (line.building_posts.length) h += "<dt>楼长、单元长</dt><dd>" + posts(line.building_posts, stPhone) + "</dd>";
    h += "<dt>党员中心户</dt><dd>" + (line.households.length ? line.households.map(esc).join("、") : "姓名未公开，可向楼栋党小组长打听") + "</dd>";
    h += "<dt>网格和网格员</dt><dd>" + esc(line.grid[1]) + (line.workers.length ? "<br>" + posts(line.workers, stPhone) : "") + "</dd>";
    if (st) {
      h += "<dt>党群服务站</dt><dd>" + esc(st[1]) + (st[2] ? "<br>地址：" + esc(st[2]) : "") +
        "<br>电话：" + tel(st[3]) + (st[4] ? "<br>开放时间：" + esc(st[4]) : "") + "</dd>";
    }
    h += "</dl>";
    return h + '<p><a href="' + page + '">查看' + esc(d.name) + "的全部信息</a></p>";
  }

  function init(box) {
    var form = box.form;
    var base = box.getAttribute("data-base") || "./";
    var list = document.getElementById("bd-results");
    var status = document.getElementById("bd-status");
    var lookup = null, loading = null, shown = null, lastHits = [];
    var answers = {};

    function load() {
      if (!loading) {
        loading = fetch(base + "lookup.json").then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        }).then(function (data) {
          lookup = new Lookup(data);
          window.baodaoLookup.ready = true;
          return lookup;
        });
        loading.catch(function () { status.textContent = "查询数据没有加载成功，请刷新页面，或在下面的列表中查找。"; });
      }
      return loading;
    }

    function answer(id) {
      if (!answers[id]) {
        answers[id] = fetch(base + "d/" + encodeURIComponent(id) + ".json").then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        });
      }
      return answers[id];
    }

    function showBuilding(hit, number, slot) {
      slot.innerHTML = '<p class="bd-sub">正在读取…</p>';
      answer(hit.item.id).then(function (d) {
        slot.innerHTML = answerHtml(d, number, base);
      }, function () {
        slot.innerHTML = '<p class="bd-stale">没有读取成功，请点小区名查看。</p>';
      });
    }

    function render(hits, raw) {
      lastHits = hits;
      if (!raw.trim()) { list.innerHTML = ""; status.textContent = ""; return; }
      if (!hits.length) {
        list.innerHTML = "";
        status.textContent = "没有找到“" + raw.trim() + "”。可以只输入小区名的一部分、拼音首字母或路名，或在下面的列表中查找。";
        return;
      }
      status.textContent = "找到 " + hits.length + (hits.length === MAX_RESULTS ? " 个以上" : " 个") + "结果";
      var h = "";
      hits.forEach(function (hit, i) {
        var c = hit.item, v = hit.variant;
        var why = v.kind ? '<span class="bd-why">' + KIND_LABEL[v.kind] + " " + esc(v.text) + "</span>" : "";
        h += '<li class="bd-hit" data-i="' + i + '"><a class="bd-hit-name" href="' + base + encodeURIComponent(c.id) + '/">' +
          esc(c.name) + "</a>" + (hit.building >= 0 ? " <b>" + esc(c.numbers[hit.building]) + "</b>" : "") +
          ' <span class="bd-place">' + esc(c.place) + "</span>" + why;
        if (i === 0) {
          h += '<div class="bd-pick">' + (hit.building >= 0 ? "" : '<p class="bd-sub">请选您住的楼：</p>') +
            c.numbers.map(function (n, k) {
              return '<button type="button" class="bd-bld" data-k="' + k + '"' + (k === hit.building ? ' aria-pressed="true"' : ' aria-pressed="false"') + ">" + esc(n) + "</button>";
            }).join("") + '</div><div class="bd-answer" aria-live="polite"></div>';
        }
        h += "</li>";
      });
      list.innerHTML = h;
      if (hits[0].building >= 0) showBuilding(hits[0], hits[0].item.numbers[hits[0].building], list.querySelector(".bd-answer"));
    }

    function run() {
      if (!lookup) { load().then(run); return; }
      var t0 = performance.now();
      var raw = box.value;
      var hits = lookup.search(raw);
      render(hits, raw);
      window.baodaoLookup.lastMs = performance.now() - t0;
    }

    list.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest(".bd-bld") : null;
      if (!b || !lastHits.length) return;
      var hit = lastHits[0], k = +b.getAttribute("data-k");
      list.querySelectorAll(".bd-bld").forEach(function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
      showBuilding(hit, hit.item.numbers[k], list.querySelector(".bd-answer"));
    });
    var asked = new URLSearchParams(location.search).get("q");
    if (asked && !box.value) box.value = asked; // the home page's form without JavaScript
    box.addEventListener("focus", load);
    box.addEventListener("input", run);
    if (form) form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    if (box.value) run();
  }

  window.baodaoLookup = { Lookup: Lookup, ready: false, lastMs: null };
  var box = document.getElementById("bd-q");
  if (box) init(box);
})();
