/* dangan: searches saved in this browser (localStorage, no account), each with the number of
   matches that entered the index since it was last opened (/api/search?since=). */
(function () {
  "use strict";
  var KEY = "dangan.saved";

  function load() {
    try {
      var list = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (s) { return s && s.page && s.api; }) : [];
    } catch (e) {
      return [];
    }
  }

  function save(list) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list));
    } catch (e) { /* storage full or refused: the list stays as it was */ }
  }

  function indexOf(list, page) {
    for (var i = 0; i < list.length; i++) if (list[i].page === page) return i;
    return -1;
  }

  function now() {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  function showCount(span, saved) {
    var url = saved.api + (saved.api.indexOf("?") < 0 ? "?" : "&") + "since=" + encodeURIComponent(saved.opened);
    fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.ok ? r.json() : Promise.reject(r.status);
    }).then(function (body) {
      var n = body.new_since || 0;
      span.textContent = n ? n + " 条新结果" : "没有新结果";
      span.classList.toggle("has-new", n > 0);
    }, function () {
      span.textContent = "暂时无法查看";
    });
  }

  /* One saved search's line in the list, its count asked for (one search of the API). */
  function addItem(section, saved) {
    var ul = section.querySelector(".saved-list");
    var li = document.createElement("li");
    li.className = "saved";
    var a = document.createElement("a");
    a.href = saved.page;
    a.textContent = saved.label || saved.page;
    var count = document.createElement("span");
    count.className = "saved-new";
    count.textContent = "…";
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "saved-remove";
    remove.textContent = "删除";
    remove.setAttribute("aria-label", "删除保存的搜索 " + (saved.label || ""));
    remove.addEventListener("click", function () {
      var current = load();
      var i = indexOf(current, saved.page);
      if (i >= 0) current.splice(i, 1);
      save(current);
      ul.removeChild(li);  // the other lines and their counts stay: no search asked again
      section.hidden = current.length === 0;
      updateButton(current);
    });
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(count);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(remove);
    ul.appendChild(li);
    section.hidden = false;
    showCount(count, saved);
  }

  function render(list) {
    var section = document.querySelector(".saved-searches");
    if (!section) return;
    var ul = section.querySelector(".saved-list");
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    section.hidden = list.length === 0;
    list.forEach(function (saved) { addItem(section, saved); });
  }

  function updateButton(list) {
    var button = document.querySelector("button.save-search");
    if (!button) return;
    var saved = indexOf(list, button.getAttribute("data-page")) >= 0;
    button.textContent = saved ? "已保存" : "保存这个搜索";
    button.disabled = saved;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = load();
    render(list);  // counts since each search was last opened, this one's too
    var button = document.querySelector("button.save-search");
    if (!button) return;
    var page = button.getAttribute("data-page");
    var i = indexOf(list, page);
    if (i >= 0) {  // this saved search is open now: later counts start from here
      list[i].opened = now();
      save(list);
    }
    button.hidden = false;
    updateButton(list);
    button.addEventListener("click", function () {
      var current = load();
      var section = document.querySelector(".saved-searches");
      if (indexOf(current, page) < 0) {
        var entry = { label: button.getAttribute("data-label"), page: page,
                      api: button.getAttribute("data-api"), saved: now(), opened: now() };
        current.push(entry);
        save(current);
        if (section) addItem(section, entry);  // only the new line asks for its count
      } else {
        render(current);  // saved meanwhile in another tab: show the list as stored
      }
      updateButton(current);
    });
  });
})();
