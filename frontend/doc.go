// Package frontend embeds the built web pages (frontend/dist) into the
// binary; app/static.go serves them. The pages themselves are a Vue 3 +
// TypeScript + Vite + Element Plus app (see frontend/README.md):
//
//   - embed.go: Dist (the built pages, when there are any) and MissingPage
//     (dist-missing.html, committed, which says how to build them).
//   - index.html, vite.config.ts, package.json: the build (npm run build
//     writes dist/).
//   - src/: main.ts, router.ts, api.ts (the API client), api/schema.ts (the
//     API's types, generated from the OpenAPI document by scripts/gen-api.mjs:
//     npm run gen:api), types.ts (their names), views/ and components/
//     (pages), stores/, and one module per domain (listings.ts, deals.ts,
//     contracts.ts, challenges.ts, membership.ts, stats.ts …).
//   - vite.config.ts also copies Swagger UI (swagger-ui-dist) into
//     dist/api-docs for the API reference at /api/docs.
//   - e2e/: the browser tests, against a real techmarket serve.
package frontend
