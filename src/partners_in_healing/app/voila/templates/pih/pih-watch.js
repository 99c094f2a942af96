// Partners in Healing: a lesson page that cannot draw says so (issue 15).
// window.PIH_DEMOS (set by the template from the app notebook's metadata) is how many
// demos the lesson has. If their figures have not all appeared DRAW_S seconds after the
// cells ran, or the cells are still running after START_S seconds, the page shows a
// notice with what to do, and logs why to the browser console.
(() => {
  const expected = window.PIH_DEMOS || 0;
  if (!expected) return;
  const DRAW_S = window.PIH_DRAW_S || 60; // a loaded 2-core laptop draws within ~30 s
  const START_S = window.PIH_START_S || 180;
  const opened = Date.now();
  let ranAt = null;
  const drawn = () =>
    [...document.querySelectorAll(".pih-demo")].filter((d) =>
      d.querySelector(".js-plotly-plot .main-svg")
    ).length;
  const notice = (why) => {
    const box = document.createElement("div");
    box.className = "pih-notice";
    box.setAttribute("role", "alert");
    box.innerHTML =
      "<strong>This page has not finished drawing.</strong> " +
      "Reload it (F5 or Ctrl+R; \u2318R on a Mac). If that does not help, the app may be " +
      "busy or stopped: the terminal where it was started says why." +
      '<span class="pih-notice-why"></span>';
    box.querySelector(".pih-notice-why").textContent = ` (${why})`;
    document.body.prepend(box);
    console.warn("[partners-in-healing] page not drawn: " + why);
  };
  const timer = setInterval(() => {
    const running = document.getElementById("loading");
    const now = Date.now();
    if (!running && ranAt === null) ranAt = now;
    const n = drawn();
    if (n >= expected) {
      clearInterval(timer);
    } else if (running && now - opened > START_S * 1000) {
      clearInterval(timer);
      notice(`the lesson's cells were still running after ${START_S} s`);
    } else if (!running && now - ranAt > DRAW_S * 1000) {
      clearInterval(timer);
      notice(`${n} of ${expected} figures drawn ${DRAW_S} s after the cells ran`);
    }
  }, 1000);
})();
