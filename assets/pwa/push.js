// Inlined into index.html after boot.js (app/web/shell.py).
//
// Notifications need the browser's permission and a push subscription, which
// a page may ask for only while a tap is being handled. A tap on a Flet
// button reaches the server and comes back too late for that, so the button
// carries a client action, ft.OpenUrl("relais:notifications-on"), which the
// Flet client runs inside the tap as window.open(...). That call is caught
// here (DESIGN.md decision 11). The signed-in tab left a short-lived ticket
// and the server's public key in localStorage (SharedPreferences, "flutter."
// prefix); the subscription goes back with that ticket to POST
// /push/subscriptions, where the tab saves it as its person.
(function () {
  "use strict";
  var HANDOFF = "flutter.relais.push";

  function stored(key) {
    // SharedPreferences stores JSON; the tab stores a JSON string in it.
    try {
      var value = JSON.parse(localStorage.getItem(key) || "null");
      return typeof value === "string" ? value : null;
    } catch (error) {
      return null;
    }
  }
  function handoff() {
    try {
      return JSON.parse(stored(HANDOFF) || "null");
    } catch (error) {
      return null;
    }
  }
  function report(body) {
    var info = handoff();
    if (!info) return Promise.resolve();
    body.ticket = info.ticket;
    return fetch("/push/subscriptions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body)
    }).catch(function () { /* the screen says nothing came back */ });
  }
  function onIos() {
    return /iPad|iPhone|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  }
  function installed() {
    return window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  }
  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  // A name the person recognises in their list of devices; never sent anywhere else.
  function deviceLabel() {
    var agent = navigator.userAgent;
    var browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox" :
      /Chrome\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : "";
    var system = /Android/.test(agent) ? "Android" : onIos() ? "iPhone / iPad" :
      /Windows/.test(agent) ? "Windows" : /Mac OS X/.test(agent) ? "Mac" :
      /Linux/.test(agent) ? "Linux" : "";
    return [browser, system].filter(Boolean).join(" · ");
  }
  function subscribe(registration, key) {
    var options = { userVisibleOnly: true, applicationServerKey: keyBytes(key) };
    return registration.pushManager.subscribe(options).catch(function () {
      // Subscribed before with another server key: start again with this one.
      return registration.pushManager.getSubscription().then(function (old) {
        return (old ? old.unsubscribe() : Promise.resolve(true)).then(function () {
          return registration.pushManager.subscribe(options);
        });
      });
    });
  }

  function turnOn() {
    var info = handoff();
    if (!info) return;
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      report({ problem: onIos() && !installed() ? "ios_install" : "unsupported" });
      return;
    }
    // Asked first and at once: this is the call the tap's permission is for.
    Promise.resolve(Notification.requestPermission()).then(function (permission) {
      if (permission !== "granted") return report({ problem: "denied" });
      return navigator.serviceWorker.register("/service_worker.js", { scope: "/", updateViaCache: "none" })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (registration) { return subscribe(registration, info.key); })
        .then(function (subscription) {
          return report({ subscription: subscription.toJSON(), label: deviceLabel() });
        });
    }).catch(function () { report({ problem: "failed" }); });
  }

  function turnOff() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.getRegistration("/").then(function (registration) {
      if (!registration || !registration.pushManager) return null;
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      return subscription ? subscription.unsubscribe() : null;
    }).catch(function () { /* the server has already forgotten the device */ });
  }

  var ACTIONS = { "relais:notifications-on": turnOn, "relais:notifications-off": turnOff };
  var nativeOpen = window.open;
  window.open = function (url) {
    var action = ACTIONS[String(url)];
    if (action) {
      action();
      return null;
    }
    return nativeOpen.apply(window, arguments);
  };

  // A notification tapped while Relais is open in a tab the service worker
  // does not control: go where it points.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type !== "relais-open" || typeof data.url !== "string") return;
      var target = new URL(data.url, location.href);
      if (target.origin === location.origin) location.assign(target.href);
    });
  }
})();
