// sitegen: a video card plays in place when clicked. Until then the page loads nothing from the video's site;
// the card is a link to the video, which is what it stays without this script.
(() => {
  for (const card of document.querySelectorAll("figure.embed[data-player]")) {
    const link = card.querySelector("a.embed-link");
    if (!link) continue;
    link.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      const player = document.createElement("iframe");
      player.src = card.dataset.player;
      player.title = link.querySelector(".embed-title")?.textContent || "Video";
      player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      player.allowFullscreen = true;
      player.referrerPolicy = "strict-origin-when-cross-origin";
      card.replaceChildren(player);
      card.classList.add("embed-playing");
    });
  }
})();
