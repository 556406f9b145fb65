// Starts Swagger UI on /docs (a file, not an inline script: the app's
// Content-Security-Policy allows scripts from this origin only).
// validatorUrl: null keeps Swagger UI from calling its online validator.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
