// sitegen: the copy button of each code block. Loaded only by pages that have code, and needs no other script.
(() => {
  const copy = async (text) => {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    if (!copied) throw new Error("copy refused");
  };
  for (const button of document.querySelectorAll(".code-block .code-copy")) {
    const code = button.closest(".code-block").querySelector("pre code");
    if (!code) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await copy(code.innerText.replace(/\n$/, ""));
        button.textContent = "Copied";
      } catch {
        button.textContent = "Press Ctrl+C";
        const range = document.createRange();
        range.selectNodeContents(code);
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
  }
})();
