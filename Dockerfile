# Production image: compiled JavaScript, production dependencies and the TypeScript sources the public
# page bundles for the browser at run time, run as the non-root `node` user. Production uses a real
# MongoDB (MONGODB_URI); the FerretDB launcher in tools/ferretdb is for tests and the demo and is not in
# the image.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY handlers ./handlers
COPY jobs ./jobs
COPY cards ./cards
COPY data ./data
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production APP_MODE=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# dist/src/domain/load-plan-template.js reads ../../../data/plans: data/ sits beside dist/.
COPY --from=build /app/dist ./dist
COPY --from=build /app/data ./data
# GET /public/verify.js bundles src/browser/verify-page.ts and the verifier it imports with esbuild on
# first request (dist/src/adapters/http/verify-bundle.js): the sources sit beside dist/ as in the repo.
COPY --from=build /app/src ./src
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/bin/bot.js"]
