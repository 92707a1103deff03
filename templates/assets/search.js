// Searches /search-index.json as you type. Every word of the query must appear in a post's title, tags,
// project, summary or text; title and tag matches rank first. No dependencies.
(() => {
  "use strict";
  const section = document.querySelector(".search");
  const input = document.getElementById("search-query");
  const status = document.querySelector(".search-status");
  const list = document.querySelector(".search-results");
  if (!section || !input || !status || !list) return;

  let entries = null;
  const fold = (text) => (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");

  function score(entry, words) {
    let total = 0;
    for (const word of words) {
      let best = 0;
      if (entry.f.title.includes(word)) best = 10;
      else if (entry.f.tags.includes(word) || entry.f.project.includes(word)) best = 6;
      else if (entry.f.summary.includes(word)) best = 3;
      else if (entry.f.text.includes(word)) best = 1;
      if (best === 0) return 0;
      total += best;
    }
    return total;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function show(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    list.replaceChildren();
    if (words.length === 0) { status.textContent = ""; return; }
    const found = entries
      .map((entry) => ({ entry, score: score(entry, words) }))
      .filter((match) => match.score > 0)
      .sort((a, b) => b.score - a.score || b.entry.date.localeCompare(a.entry.date));
    status.textContent = found.length === 1 ? "1 post found" : `${found.length} posts found`;
    for (const { entry } of found.slice(0, 30)) {
      const item = element("li", "post-card");
      const title = element("h2", "post-card-title");
      const link = element("a", "", entry.title);
      link.href = entry.url;
      title.append(link);
      const meta = element("p", "meta", [entry.date, entry.project, entry.tags.map((tag) => "#" + tag).join(" ")].filter(Boolean).join(" · "));
      item.append(title, meta);
      if (entry.summary) item.append(element("p", "summary", entry.summary));
      list.append(item);
    }
  }

  function sync() {
    const url = new URL(location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    show(input.value);
  }

  fetch(section.dataset.index)
    .then((response) => response.json())
    .then((data) => {
      entries = data.map((entry) => ({
        ...entry,
        f: {
          title: fold(entry.title), tags: fold(entry.tags.join(" ")), project: fold(entry.project),
          summary: fold(entry.summary), text: fold(entry.text),
        },
      }));
      input.value = new URL(location.href).searchParams.get("q") || input.value;
      input.addEventListener("input", sync);
      show(input.value);
    })
    .catch(() => { status.textContent = "The search index could not be loaded."; });
  section.querySelector("form").addEventListener("submit", (event) => { event.preventDefault(); sync(); });
})();
