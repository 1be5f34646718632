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
  // Words residents add to a place's name, or that a name ends in (幸福里小区 for 幸福里, 绿景小区
  // for 绿景花园, 滨河 for 滨河社区): a query and a name are also compared without one of them.
  var SUFFIXES = ["社区居委会", "还建小区", "安置小区", "居委会", "家属院", "家属楼", "家属区", "生活区", "小区",
    "社区", "街道", "家园", "嘉园", "花园", "新村", "新居", "公寓", "大院", "宿舍", "院", "苑", "园"]; // longest first
  var NUM = "([0-9]+|[零〇一二两三四五六七八九十百]+)";
  // A room or an entrance at the end of a query, which the lookup does not need: 302室, 2单元,
  // and the room number right after a building (3号楼302, 3栋2单元302).
  var ROOM = [new RegExp(NUM + "(室|户|号房)$"), new RegExp(NUM + "单元$"), /(号楼|栋|幢|座|单元)([0-9]{2,4})号?$/];
  // A building the compound does not have: the compound is still shown. A bare number or 183号
  // is as likely a house number of the road (民主路143号) and weighs less than 9栋 or 9号楼.
  var MISSING_PENALTY = 4, MISSING_BARE_PENALTY = 15;
  var PLACE_PENALTY = 3;      // a community or street named without 社区/街道 ranks after a compound
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

  /* A name without the word residents add or drop: 幸福里小区 → 幸福里, 绿景花园 → 绿景. */
  function core(t) {
    for (var i = 0; i < SUFFIXES.length; i++) {
      var w = SUFFIXES[i];
      if (t.length > w.length + 1 && t.slice(-w.length) === w) return t.slice(0, -w.length);
    }
    return t;
  }

  function variant(text, kind, syl) {
    var t = normalize(text);
    return { text: text, t: t, c: core(t), kind: kind, syl: (syl || "").split(" ").filter(Boolean) };
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
        return variant(t, kind, py[i]);
      });
      var numbers = row[6];
      return {
        type: "x", id: row[0], at: row[1], place: data.places[row[1]], name: names[0], variants: variants,
        numbers: numbers, keys: numbers.map(function (n) { return self.numberKey(n); })
      };
    });
    // Communities and streets are found by name too: a community lists its compounds, a street
    // its communities, each with a phone (a resident may know only 翠湖社区).
    this.streets = (data.st || []).map(function (r) {
      return { type: "s", id: r[0], name: r[1], place: "", phone: r[2], variants: [variant(r[1], 0, r[3])],
        numbers: [], keys: [], children: [] };
    });
    this.communities = (data.cs || []).map(function (r, i) {
      var street = self.streets[r[2]];
      var c = { type: "c", id: r[0], at: i, name: r[1], place: street ? street.name : "", phone: r[3],
        variants: [variant(r[1], 0, r[4])], numbers: [], keys: [], children: [] };
      if (street) street.children.push(c);
      return c;
    });
    this.items.forEach(function (x) { if (self.communities[x.at]) self.communities[x.at].children.push(x); });
    this.contact = data.contact || [null, null];
    this.all = this.items.concat(this.communities, this.streets);
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
    var t = v.t, qc = core(q);
    if (t === q) return 100;
    if (qc.length >= 2 && qc === v.c) return 91; // 绿景小区 for 绿景花园, 幸福里小区 for 幸福里
    if (t.indexOf(q) === 0) return 90;
    if (t.indexOf(q) > 0) return 80;              // an exact substring outranks every fuzzy match
    if (v.c.length >= 2 && q.indexOf(t) === 0) return 76; // the name and more: 绿景花园东门
    if (q.length >= 3 && oneEdit(q, t)) return 60;
    if (qc.length >= 3 && qc !== q && oneEdit(qc, v.c)) return 58;
    if (q.length >= 3 && q.length < t.length && oneEdit(q, t.slice(0, q.length))) return 55;
    return 0;
  }

  /* The query without the room and entrance a resident may add: 3-2-302 (building 3, entrance 2,
     room 302) and 3-302 read as building 3; 2单元, 302室, and 302 after a building are dropped. */
  function dropRoom(raw) {
    var r = (raw || "").normalize("NFKC").toLowerCase().trim();
    r = r.replace(/([0-9]+)\s*[-－—~]\s*[0-9]+\s*[-－—~]\s*[0-9]+$/, "$1栋");
    r = r.replace(/([0-9]+)\s*[-－—~]\s*[0-9]{3,4}$/, "$1栋");
    var q = normalize(r), before;
    do {
      before = q;
      for (var i = 0; i < ROOM.length; i++) {
        var m = q.match(ROOM[i]);
        if (m && m.index > 0) q = i === 2 ? q.slice(0, m.index + m[1].length) : q.slice(0, m.index);
      }
    } while (q !== before);
    return q;
  }

  /* Queries to try: the whole text, and the text with a building number cut from its end. */
  Lookup.prototype.parse = function (raw) {
    var q = dropRoom(raw);
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
    // A community or street asked for as such (翠湖社区, 东渠街道) ranks first; a bare name
    // (翠湖) ranks after a compound of the same name.
    var asked = /(社区|居委会|街道|街办)$/.test(cands[0].text);
    var hits = [];
    for (var n = 0; n < this.all.length; n++) {
      var c = this.all[n], best = null;
      for (var k = 0; k < cands.length; k++) {
        var cand = cands[k], building = -1, missing = null;
        if (!cand.text) continue;
        if (cand.bld !== null) {
          if (c.type !== "x") continue;
          building = c.keys.indexOf(cand.bld);
          // A building the compound does not have keeps the compound (the answer says which
          // buildings it has) instead of losing it.
          if (building < 0) missing = cand.bldText;
        }
        for (var j = 0; j < c.variants.length; j++) {
          var v = c.variants[j], s = scoreVariant(cand.text, v);
          if (!s) continue;
          s = s - KIND_PENALTY[v.kind] + (building >= 0 ? 3 : 0) -
            (!missing ? 0 : /(号楼|栋|幢|座)$/.test(missing) ? MISSING_PENALTY : MISSING_BARE_PENALTY);
          if (c.type !== "x" && !asked) s -= PLACE_PENALTY;
          if (!best || s > best.score) best = { item: c, score: s, variant: v, building: building, missing: missing };
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

  /* The community a query that found nothing still names (翠湖社区某某小区), if any. */
  Lookup.prototype.communityIn = function (raw) {
    var q = dropRoom(raw);
    for (var i = 0; i < this.communities.length; i++) {
      var c = this.communities[i], name = c.variants[0];
      if (q.indexOf(name.t) >= 0 || (name.c.length >= 2 && q.indexOf(name.c) >= 0)) return c;
    }
    return null;
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

  /* A post with its holder and phone; the phone says whose it is (本人 / 岗位 / 服务站电话), so
     a station's number beside a person is never read as that person's own. */
  function post(p, fallback) {
    var who = p[3] ? '<b class="bd-vacant">空缺</b>' : esc(p[1] || "（姓名未公开）");
    var phone = p[2] || fallback, of = p[2] ? p[4] : "服务站";
    return esc(p[0]) + " " + who + (phone && of ? ' <span class="bd-whose">' + esc(of) + "电话</span>" : "") + tel(phone);
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

    function placeHit(hit, i) {
      var c = hit.item, h;
      var href = c.type === "c" ? base + "../c/" + encodeURIComponent(c.id) + "/" : base + "../org/#" + encodeURIComponent(c.id);
      h = '<li class="bd-hit bd-hit-' + c.type + '" data-i="' + i + '"><a class="bd-hit-name" href="' + href + '">' + esc(c.name) +
        "</a>" + (c.place ? ' <span class="bd-place">' + esc(c.place) + "</span>" : "");
      if (c.phone) h += '<span class="bd-why">' + (c.type === "c" ? "社区党群服务站电话" : "街道电话") + tel(c.phone) + "</span>";
      if (i === 0) {
        h += '<p class="bd-sub">' + (c.type === "c" ? "本社区的小区（点小区名查看楼栋）：" : "本街道的社区：") + "</p><p>" +
          c.children.map(function (x) {
            var to = x.type === "c" ? base + "../c/" + encodeURIComponent(x.id) + "/" : base + encodeURIComponent(x.id) + "/";
            return '<a href="' + to + '">' + esc(x.name) + "</a>";
          }).join("、") + "</p>";
      }
      return h + "</li>";
    }

    /* Nothing found: whom to call. The community the query names, if any, and the district. */
    function notFound(raw) {
      var text = "没有找到“" + raw.trim() + "”。可以只输入小区名的一部分、拼音首字母或路名，或在下面的列表中查找。";
      var c = lookup.communityIn(raw), contact = lookup.contact;
      var h = "";
      if (c && c.phone) h += "<li>可以打电话问" + esc(c.name) + "（党群服务站）：" + tel(c.phone) + "</li>";
      if (contact[1]) h += "<li>不知道属于哪个社区，可以打电话问" + esc(contact[0] || "区委组织部") + "：" + tel(contact[1]) + "</li>";
      return [text, h];
    }

    function render(hits, raw) {
      lastHits = hits;
      if (!raw.trim()) { list.innerHTML = ""; status.textContent = ""; return; }
      if (!hits.length) {
        var nf = notFound(raw);
        status.textContent = nf[0];
        list.innerHTML = nf[1] ? '<li class="bd-contact">' + '<ul class="bd-list">' + nf[1] + "</ul></li>" : "";
        return;
      }
      status.textContent = "找到 " + hits.length + (hits.length === MAX_RESULTS ? " 个以上" : " 个") + "结果";
      var h = "";
      hits.forEach(function (hit, i) {
        var c = hit.item, v = hit.variant;
        if (c.type !== "x") { h += placeHit(hit, i); return; }
        var why = v.kind ? '<span class="bd-why">' + KIND_LABEL[v.kind] + " " + esc(v.text) + "</span>" : "";
        h += '<li class="bd-hit" data-i="' + i + '"><a class="bd-hit-name" href="' + base + encodeURIComponent(c.id) + '/">' +
          esc(c.name) + "</a>" + (hit.building >= 0 ? " <b>" + esc(c.numbers[hit.building]) + "</b>" : "") +
          ' <span class="bd-place">' + esc(c.place) + "</span>" + why;
        if (i === 0) {
          var ask = hit.missing
            ? '<p class="bd-missing">' + esc(c.name) + "没有登记“" + esc(hit.missing) + "”。这个小区有下面这些楼，请选您住的楼：</p>"
            : hit.building >= 0 ? "" : '<p class="bd-sub">请选您住的楼：</p>';
          h += '<div class="bd-pick">' + ask +
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
      if (!b || !lastHits.length || lastHits[0].item.type !== "x") return;
      var hit = lastHits[0], k = +b.getAttribute("data-k");
      list.querySelectorAll(".bd-bld").forEach(function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
      showBuilding(hit, hit.item.numbers[k], list.querySelector(".bd-answer"));
    });
    var params = new URLSearchParams(location.search);
    var asked = params.get("q");
    if (asked && !box.value) box.value = asked; // the home page's form without JavaScript
    // A building board's QR code (web/boards.py): x/?x=<compound id>&b=<building id> opens that
    // building's answer directly, whatever the compound's name has in common with others.
    var wantX = params.get("x"), wantB = params.get("b");
    if (wantX && !asked) {
      load().then(function (lk) {
        var item = null;
        for (var i = 0; i < lk.items.length; i++) if (lk.items[i].id === wantX) item = lk.items[i];
        if (!item) { status.textContent = "没有找到这个小区，请输入小区名查找。"; return; }
        return answer(item.id).then(function (d) {
          var number = null;
          d.buildings.forEach(function (r) { if (r[2] === wantB) number = r[0]; });
          box.value = item.name + (number ? " " + number : "");
          render([{ item: item, score: 100, variant: item.variants[0], missing: null,
            building: number === null ? -1 : item.numbers.indexOf(number) }], box.value);
        });
      });
    }
    box.addEventListener("focus", load);
    box.addEventListener("input", run);
    if (form) form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    if (box.value) run();
  }

  window.baodaoLookup = { Lookup: Lookup, ready: false, lastMs: null };
  var box = document.getElementById("bd-q");
  if (box) init(box);
})();
