/* baodao live.js: what depends on today, computed in the reader's browser (the site is built once
 * per commit). Without JavaScript the pages show the figures as of the build date.
 *
 * DOM contract (written by baodao's templates; browser tests rely on it):
 *   #bd-cal[data-years][data-off][data-on]   the working-day calendar: years it covers, holidays
 *                                            and 调休 working days, space-separated YYYY-MM-DD
 *   .bd-daysleft[data-start][data-end]       a notice's period; JS sets data-state
 *                                            (upcoming|active|closed), data-left (working days
 *                                            from today to the end, both included; "" unless
 *                                            active), data-today, and the text of .bd-live
 *   .bd-open[data-hours][data-holidays]      a station's weekly hours "1-5 08:30-17:30;6 09:00-12:00"
 *                                            (days 1=Mon..7=Sun, ranges or lists like 1,3,5);
 *                                            data-holidays "closed" = closed on public holidays;
 *                                            JS sets data-state (open|closed), data-today and
 *                                            the text of .bd-live
 * Time is China Standard Time (UTC+8, no daylight saving) whatever the device's zone.
 * window.baodao.daysLeft / openAt are the pure functions, for tests.
 */
(function () {
  "use strict";
  var WEEK = "一二三四五六日";

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }
  function parse(s) { return new Date(s + "T00:00:00Z"); }
  function words(s) { return (s || "").split(/\s+/).filter(Boolean); }

  // The calendar: Calendar(years, off, on) → isWorkday(isoDate) (null when the year is not covered).
  function Calendar(years, off, on) {
    var y = {}, h = {}, w = {};
    words(years).forEach(function (v) { y[v] = 1; });
    words(off).forEach(function (v) { h[v] = 1; });
    words(on).forEach(function (v) { w[v] = 1; });
    this.isWorkday = function (day) {
      if (!y[day.slice(0, 4)]) return null;
      if (w[day]) return true;
      if (h[day]) return false;
      var wd = parse(day).getUTCDay();
      return wd !== 0 && wd !== 6;
    };
    this.isHoliday = function (day) { return !!h[day]; };
  }

  // {state, left}: left = working days from today to end, both included, when active; null if the
  // calendar does not cover a day it needs.
  function daysLeft(cal, start, end, today) {
    if (today < start) return { state: "upcoming", left: null };
    if (today > end) return { state: "closed", left: null };
    var n = 0, d = parse(today), last = parse(end);
    for (; d <= last; d = new Date(d.getTime() + 864e5)) {
      var w = cal.isWorkday(iso(d));
      if (w === null) return { state: "active", left: null };
      if (w) n += 1;
    }
    return { state: "active", left: n };
  }

  // "1-5 08:30-17:30;6 09:00-12:00" → [{days: {1:1,...}, open: "08:30", close: "17:30"}, ...]
  function parseHours(text) {
    return (text || "").split(";").filter(Boolean).map(function (part) {
      var bits = part.trim().split(" "), days = {}, t = bits[1].split("-");
      bits[0].split(",").forEach(function (r) {
        var ab = r.split("-"), a = +ab[0], b = +(ab[1] || ab[0]);
        for (var i = a; i <= b; i++) days[i] = 1;
      });
      return { days: days, open: t[0], close: t[1] };
    });
  }

  // {state, until | next}: is the station open at (day, "HH:MM")? next = the next opening within a week.
  function openAt(cal, hours, holidaysClosed, day, time) {
    var slots = parseHours(hours);
    function today(d) {
      if (holidaysClosed && cal.isHoliday(d)) return [];
      var wd = parse(d).getUTCDay() || 7;
      return slots.filter(function (s) { return s.days[wd]; })
        .sort(function (a, b) { return a.open < b.open ? -1 : 1; });
    }
    var now = today(day);
    for (var i = 0; i < now.length; i++) {
      if (now[i].open <= time && time < now[i].close) return { state: "open", until: now[i].close };
    }
    for (var k = 0; k < 8; k++) {
      var d = iso(new Date(parse(day).getTime() + k * 864e5));
      var list = today(d).filter(function (s) { return k > 0 || s.open > time; });
      if (list.length) return { state: "closed", next: { day: d, time: list[0].open, offset: k } };
    }
    return { state: "closed", next: null };
  }

  function nowInChina() {
    var d = new Date(Date.now() + 8 * 3600e3);
    return { day: iso(d), time: pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) };
  }

  function setText(el, text) {
    var t = el.querySelector(".bd-live");
    if (t) t.textContent = text;
  }

  function run() {
    var c = document.getElementById("bd-cal");
    var cal = new Calendar(c && c.dataset.years, c && c.dataset.off, c && c.dataset.on);
    var now = nowInChina();
    document.querySelectorAll(".bd-daysleft").forEach(function (el) {
      var r = daysLeft(cal, el.dataset.start, el.dataset.end, now.day);
      if (r.state === "active" && r.left === null) return; // keep the build-time figure
      el.dataset.state = r.state;
      el.dataset.left = r.left === null ? "" : String(r.left);
      el.dataset.today = now.day;
      setText(el, r.state === "upcoming" ? "尚未开始" : r.state === "closed" ? "公示已结束"
        : "剩余 " + r.left + " 个工作日（含今天 " + now.day + "）");
    });
    document.querySelectorAll(".bd-open").forEach(function (el) {
      var r = openAt(cal, el.dataset.hours, el.dataset.holidays === "closed", now.day, now.time);
      el.dataset.state = r.state;
      el.dataset.today = now.day + " " + now.time;
      var text = "现在开放，今天 " + r.until + " 关门";
      if (r.state === "closed") {
        text = "现在不开放";
        if (r.next) {
          var wd = parse(r.next.day).getUTCDay() || 7;
          text += "，下次开放：" + (r.next.offset === 0 ? "今天" : r.next.offset === 1 ? "明天" : "周" + WEEK[wd - 1])
            + " " + r.next.time;
        }
      }
      setText(el, text);
    });
  }

  window.baodao = { daysLeft: daysLeft, openAt: openAt, Calendar: Calendar, parseHours: parseHours, run: run };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
