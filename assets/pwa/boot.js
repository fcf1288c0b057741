// Inlined into index.html by app/web_shell.py, before the Flutter loader runs.
(function () {
  "use strict";
  var RELEASE = "__RELEASE__";
  var BASE = "/_v/" + RELEASE + "/";

  // Every file under BASE is renamed when its content changes, so browsers may
  // keep it for a year without asking again.
  flet.entrypointBaseUrl = BASE;
  flet.assetBase = BASE;
  flet.canvasKitBaseUrl = BASE + "canvaskit/";

  // Start the big downloads now, not once the loader script has arrived and
  // run: that is a round trip or two later on a phone. The choice of files is
  // the one the Flutter loader makes (flutter_bootstrap.js).
  function preload(path, asModule) {
    var link = document.createElement("link");
    link.href = BASE + path;
    link.fetchPriority = "high";
    if (asModule) {
      link.rel = "modulepreload";
    } else {
      link.rel = "preload";
      link.as = "fetch";
      link.crossOrigin = "anonymous";  // what fetch() sends by default
    }
    document.head.appendChild(link);
  }
  function supportsWasmGC() {
    try {
      return WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 95, 1, 120, 0]));
    } catch (error) {
      return false;
    }
  }
  var blink = navigator.vendor === "Google Inc." || navigator.userAgent.indexOf("Edg/") >= 0;
  // WebGL is not probed here: the loader probes it again, and each probe costs
  // the page a few dozen milliseconds. A browser without it downloads in vain.
  if (blink && supportsWasmGC()) {
    var fullText = typeof ImageDecoder !== "undefined" &&
      typeof Intl.v8BreakIterator !== "undefined" && typeof Intl.Segmenter !== "undefined";
    var renderer = "canvaskit/" + (fullText ? "skwasm" : "skwasm_heavy");
    preload("main.dart.mjs", true);
    preload(renderer + ".js", true);
    preload("main.dart.wasm", false);
    preload(renderer + ".wasm", false);
  }
  __PRELOAD_FONTS__.forEach(function (path) { preload(path, false); });

  // Render on the page's own thread (Flutter's `forceSingleThreadedSkwasm`).
  // The multi-threaded renderer of the Flutter engine in Flet 1.0.5 (Flutter
  // 3.44.8) can corrupt its memory when text is laid out while a frame is
  // drawn, and the page then freezes for good (flutter/flutter#190039, fixed
  // in 3.47). Here it froze pages right after a text-size change. On one
  // thread that never happened; the price is a slower start where drawing is
  // done in software (benchmarks/first_load.py). Flet passes no way to set it,
  // so the setting is added as the Flutter loader starts (flutter_bootstrap.js
  // creates the loader and calls load() straight away).
  window._flutter = window._flutter || {};
  var flutterLoader;
  Object.defineProperty(window._flutter, "loader", {
    configurable: true,
    enumerable: true,
    get: function () { return flutterLoader; },
    set: function (loader) {
      var load = loader.load.bind(loader);
      loader.load = function (options) {
        options = options || {};
        options.config = Object.assign({}, options.config, { forceSingleThreadedSkwasm: true });
        return load(options);
      };
      flutterLoader = loader;
    }
  });

  // The Flet client loads the Rive animation runtime from a public CDN at start,
  // even in no-CDN mode. Relais shows no Rive animation, so that script is
  // swapped for a stand-in, made on the spot, that answers "no Rive here":
  // nothing leaves for another host and no round trip is spent on it.
  var RIVE_CDN = "https://cdn.jsdelivr.net/npm/@rive-app/";
  var riveStandIn = URL.createObjectURL(new Blob(
    ["window.RiveNative = function () { return Promise.resolve(null); };"],
    { type: "text/javascript" }
  ));
  var src = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, "src");
  Object.defineProperty(HTMLScriptElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: function () { return src.get.call(this); },
    set: function (value) {
      src.set.call(this, String(value).indexOf(RIVE_CDN) === 0 ? riveStandIn : value);
    }
  });

  // A calm word when the connection to the server drops, and when it is back.
  // While disconnected the Flet client hides the screen behind "Working…"; this
  // banner says what is happening, in the person's language, and that their
  // drafts are safe (each screen keeps them on this device).
  var TEXTS = __CONNECTION_TEXTS__;
  function language() {
    try {
      var chosen = JSON.parse(localStorage.getItem("flutter.relais.locale") || "null");
      if (TEXTS[chosen]) return chosen;
    } catch (error) { /* no stored choice */ }
    return (navigator.language || "").indexOf("en") === 0 ? "en" : "fr";
  }
  var banner = null;
  var hideTimer = null;
  var showTimer = null;
  // While lost, the notice covers the whole page (the Flet client shows only a
  // small English "Working…" then); once back, it shrinks to a note at the top.
  var STYLE = "#relais-connection{position:fixed;z-index:2147483647;pointer-events:none;" +
    "display:flex;align-items:center;justify-content:center}" +
    "#relais-connection[hidden]{display:none}" +
    "#relais-connection.lost{inset:0;background:#F7F5F0}" +
    "#relais-connection.back{left:0;right:0;top:0}" +
    "#relais-connection>div{margin:12px;padding:18px 22px;max-width:30rem;border-radius:16px;" +
    "background:#CFE7E3;color:#0A3633;font:20px/1.45 Roboto,system-ui,sans-serif;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.12)}" +
    "#relais-connection strong{display:block}";
  function show(mode, message, detail) {
    if (!banner) {
      var style = document.createElement("style");
      style.textContent = STYLE;
      document.head.appendChild(style);
      banner = document.createElement("div");
      banner.id = "relais-connection";
      banner.setAttribute("role", "status");
      banner.setAttribute("aria-live", "polite");
      document.body.appendChild(banner);
    }
    var card = document.createElement("div");
    var line = document.createElement("strong");
    line.textContent = message;
    card.appendChild(line);
    if (detail) card.appendChild(document.createTextNode(detail));
    banner.replaceChildren(card);
    banner.className = mode;
    banner.hidden = false;
  }
  function hide() {
    if (banner) banner.hidden = true;
  }
  var everConnected = false;
  var lost = false;
  function connectionOpened() {
    clearTimeout(showTimer);
    if (lost) {
      var texts = TEXTS[language()];
      show("back", texts["pwa.back_online"]);
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, 4000);
    }
    everConnected = true;
    lost = false;
  }
  function connectionLost() {
    if (!everConnected || lost) return;
    lost = true;
    clearTimeout(hideTimer);
    // A blip shorter than a second is not worth a word.
    showTimer = setTimeout(function () {
      var texts = TEXTS[language()];
      show("lost", texts["pwa.reconnecting"], texts["pwa.reconnecting_detail"]);
    }, 1000);
  }
  var NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      if (new URL(String(url), location.href).pathname === "/ws") {
        this.addEventListener("open", connectionOpened);
        this.addEventListener("close", connectionLost);
      }
    }
  };
  window.addEventListener("offline", connectionLost);

  if (!("serviceWorker" in navigator)) return;
  var workers = navigator.serviceWorker;

  function keepLoadedFiles(worker) {
    if (!worker) return;
    var urls = performance.getEntriesByType("resource")
      .map(function (entry) { return entry.name; })
      .filter(function (url) { return url.indexOf(location.origin + BASE) === 0; });
    worker.postMessage({ type: "relais-keep", urls: urls });
  }

  // A newer release took over: load it, at most once a minute, so no one stays
  // on an old client (the Flet session lives on the server and survives).
  workers.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type !== "relais-release" || data.release === RELEASE) return;
    var last = Number(sessionStorage.getItem("relais.reloaded_at") || 0);
    if (Date.now() - last < 60000) return;
    sessionStorage.setItem("relais.reloaded_at", String(Date.now()));
    location.reload();
  });
  workers.addEventListener("controllerchange", function () {
    keepLoadedFiles(workers.controller);
  });

  function register() {
    // Registered once the first screen is up, so it never competes with it for
    // bandwidth: the files it keeps come from the HTTP cache.
    workers.register("/service_worker.js", { scope: "/", updateViaCache: "none" })
      .then(function (registration) {
        workers.ready.then(function (ready) { keepLoadedFiles(ready.active); });
        var check = function () { registration.update().catch(function () {}); };
        window.addEventListener("online", check);
        document.addEventListener("visibilitychange", function () {
          if (document.visibilityState === "visible") check();
        });
      })
      .catch(function (error) { console.warn("Service worker not registered:", error); });
  }
  window.addEventListener("flutter-first-frame", register, { once: true });
})();
