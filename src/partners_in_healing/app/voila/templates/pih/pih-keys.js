// Partners in Healing, presenter keys for the code-free app (shown above each demo):
//   N / P  next / previous preset      R  reset
//   F      full screen (Esc leaves)    Space  play / pause
// The keys act on the demo in full screen, else on the demo last used while it is in
// view, else on the demo most in view. They do nothing while a text box, menu or slider has the focus (there the
// keys keep their usual meaning).
(() => {
  let last = null;
  const demos = () => [...document.querySelectorAll(".pih-demo")];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
  };
  // The demo last used counts only while at least half of the window shows it: after
  // scrolling on, the keys act on what the class sees, not on a demo off screen.
  const inView = (el) => el && el.isConnected && visible(el) >= 0.5 * Math.min(innerHeight, el.getBoundingClientRect().height);
  const current = () =>
    document.querySelector(".pih-demo.pih-full") ||
    (inView(last) ? last : null) ||
    // none when no demo is in view: N changed a demo off screen (lecturer walkthrough)
    demos().filter((d) => visible(d) > 0).sort((a, b) => visible(b) - visible(a))[0] || null;
  const button = (demo, text) =>
    [...demo.querySelectorAll("button")].find((b) => b.textContent.trim() === text);
  const stepPreset = (demo, by) => {
    const menu = demo.querySelector(".pih-top select");
    if (!menu || menu.options.length < 2) return;
    const n = menu.options.length - 1; // option 0 is "(choose a preset)" / "(changed by hand)"
    // after a change by hand the menu shows option 0: step on from the preset last chosen
    // (a lecturer's N re-applied the same preset once a slider had moved)
    const from = menu.selectedIndex >= 1 ? menu.selectedIndex : Number(menu.dataset.pihLast || 0);
    const i = from < 1 ? (by > 0 ? 0 : 1) : from;
    menu.selectedIndex = ((i - 1 + by + n) % n) + 1;
    menu.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const togglePlay = (demo) => {
    const play = demo.querySelector(".widget-play button");
    if (play) play.click();
  };
  const busy = (el) =>
    el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) ||
      el.closest?.(".widget-slider, .widget-readout"));
  // Full screen is a fixed box, but an ancestor of the output (a contained cell) may be its
  // containing block: bring the demo to the top of the window when it goes full screen,
  // and keep it there when it leaves (the page had jumped back to its top).
  new MutationObserver((changes) => {
    for (const c of changes) {
      const now = c.target.classList?.contains("pih-full");
      const was = (c.oldValue || "").split(/\s+/).includes("pih-full");
      if (now && !was) c.target.scrollIntoView({ block: "start" });
      if (was && !now) requestAnimationFrame(() => c.target.scrollIntoView({ block: "start" }));
    }
  }).observe(document.documentElement, {
    subtree: true, attributes: true, attributeFilter: ["class"], attributeOldValue: true,
  });
  // the preset last chosen, by key or from the menu (N / P step on from it)
  document.addEventListener("change", (e) => {
    const menu = e.target.closest?.(".pih-top select");
    if (menu && menu.selectedIndex >= 1) menu.dataset.pihLast = String(menu.selectedIndex);
    // a preset chosen from the menu hands the keys back to the page: with the menu still
    // focused, N jumped to the first option starting with "n" (lecturer walkthrough)
    if (menu && document.activeElement === menu) menu.blur();
  }, true);
  document.addEventListener("pointerdown", (e) => { last = e.target.closest?.(".pih-demo") || last; }, true);
  // A click hands the keys back to the page when it lands on the figure (after a slider's
  // arrow keys the focus stayed on the slider, and N / P / R did nothing) or leaves the focus
  // in a slider's number box (a click beside the controls put it there, and N / P / R typed
  // "-1.00rnnp": lecturer walkthroughs). Tab still reaches a number box.
  // A click on the number itself still lets a lecturer type a value.
  const onText = (el, e) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    const box = r.getBoundingClientRect();
    return e.clientX >= box.left - 8 && e.clientX <= box.right + 8;
  };
  document.addEventListener("click", (e) => {
    const a = document.activeElement;
    if (!busy(a) || !a.closest?.(".pih-demo")) return;
    const readout = a.closest(".widget-readout");
    if (e.target.closest?.(".pih-plot") || (readout && !onText(readout, e))) a.blur();
  }, true);
  document.addEventListener("focusin", (e) => { last = e.target.closest?.(".pih-demo") || last; });
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const demo = current();
    if (!demo) return;
    if (e.key === "Escape") {
      if (demo.classList.contains("pih-full")) button(demo, "Full screen")?.click();
      return;
    }
    if (busy(e.target)) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === " " && e.target.tagName === "BUTTON") {
      // Space presses the focused button, except a demo's own step buttons: after "week ▶▶"
      // Space stepped again instead of playing (lecturer walkthrough)
      if (!e.target.closest(".pih-controls") || !demo.querySelector(".widget-play")) return;
      e.target.blur();
    }
    const act = {
      n: () => stepPreset(demo, 1),
      p: () => stepPreset(demo, -1),
      r: () => button(demo, "Reset")?.click(),
      f: () => button(demo, "Full screen")?.click(),
      " ": () => togglePlay(demo),
    }[key];
    if (!act) return;
    e.preventDefault();
    last = demo;
    act();
  });
})();
