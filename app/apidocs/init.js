// Starts Swagger UI on the API's own document. A file, not an inline script,
// so that the page keeps the server's Content-Security-Policy (script-src 'self').
window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  docExpansion: 'none',
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
  persistAuthorization: false,
})
