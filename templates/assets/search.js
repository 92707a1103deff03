// Searches the posts as you type. Every word of the query must begin a word of a post's title, tags, project,
// summary or text; title and tag matches rank first, then newer posts. With data-shards (search/index.json) it
// fetches only the index shard of each word and the chunks of the first results; with data-index alone it loads
// the whole search-index.json. No dependencies.
(() => {
  "use strict";
  const section = document.querySelector(".search");
  const input = document.getElementById("search-query");
  const status = document.querySelector(".search-status");
  const list = document.querySelector(".search-results");
  if (!section || !input || !status || !list) return;
  const shown = 30;
  const weights = { T: 10, G: 6, S: 3, X: 1 };
  const fold = (text) => (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const wordsOf = (text) => fold(text).split(/[^\p{L}\p{N}]+/u).filter((word) => [...word].length >= 2);
  const cache = new Map();
  const load = (url) => {
    if (!cache.has(url)) cache.set(url, fetch(url).then((response) => (response.ok ? response.json() : null)));
    return cache.get(url);
  };
  const base = section.dataset.shards ? new URL(".", new URL(section.dataset.shards, location.href)).href : null;
  const hex = (text) => [...new TextEncoder().encode(text)].map((byte) => byte.toString(16).padStart(2, "0")).join("");

  // The posts (by number, newest first) matching every word, with their scores.
  async function matchShards(words, meta) {
    const split = new Set(meta.split);
    let scores = null;
    for (const word of words) {
      const letters = [...word];
      let length = 2;
      while (split.has(letters.slice(0, length).join("")) && letters.length > length) length += 1;
      const shard = (await load(`${base}words/${hex(letters.slice(0, length).join(""))}.json`)) || {};
      const found = new Map();
      for (const [term, postings] of Object.entries(shard)) {
        if (!term.startsWith(word)) continue;
        let post = 0;
        for (const [, delta, place] of postings.matchAll(/([0-9a-z]+)([TGSX])/g)) {
          post += parseInt(delta, 36);
          found.set(post, Math.max(found.get(post) || 0, weights[place]));
        }
      }
      if (scores === null) scores = found;
      else for (const [post, score] of scores) {
        if (found.has(post)) scores.set(post, score + found.get(post)); else scores.delete(post);
      }
    }
    const ranked = [...(scores || new Map())].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const entries = await Promise.all(ranked.slice(0, shown).map(async ([post]) => {
      const chunk = await load(`${base}posts/${Math.floor(post / meta.chunk)}.json`);
      return chunk ? chunk[post % meta.chunk] : null;
    }));
    return { total: ranked.length, entries: entries.filter(Boolean) };
  }

  // The same search over the whole index in one file.
  async function matchWhole(words) {
    const index = await load(section.dataset.index);
    const place = (entry, word) => {
      const starts = (text) => wordsOf(text).some((candidate) => candidate.startsWith(word));
      if (starts(entry.title)) return weights.T;
      if (starts(entry.tags.join(" ")) || starts(entry.project)) return weights.G;
      if (starts(entry.summary)) return weights.S;
      return starts(entry.text) ? weights.X : 0;
    };
    const ranked = index
      .map((entry, post) => ({ entry, post, score: words.reduce((total, word) => { const s = place(entry, word); return s && total >= 0 ? total + s : -1; }, 0) }))
      .filter((match) => match.score > 0)
      .sort((a, b) => b.score - a.score || a.post - b.post);
    return { total: ranked.length, entries: ranked.slice(0, shown).map((match) => match.entry) };
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  let latest = 0;
  async function show(query) {
    const asked = ++latest;
    const words = wordsOf(query);
    if (words.length === 0) { list.replaceChildren(); status.textContent = ""; return; }
    let result;
    try {
      result = base ? await matchShards(words, await load(section.dataset.shards)) : await matchWhole(words);
    } catch {
      status.textContent = "The search index could not be loaded.";
      return;
    }
    if (asked !== latest) return;
    list.replaceChildren();
    status.textContent = result.total === 1 ? "1 post found" : `${result.total} posts found`;
    for (const entry of result.entries) {
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

  input.value = new URL(location.href).searchParams.get("q") || input.value;
  input.addEventListener("input", sync);
  section.querySelector("form").addEventListener("submit", (event) => { event.preventDefault(); sync(); });
  show(input.value);
})();
