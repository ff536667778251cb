# Stratus: web app + API + sync in one image. Build: docker build -t stratus .
# Run with Postgres: see docker-compose.yml. Without DATABASE_URL it uses PGlite in /data.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN corepack enable && corepack prepare pnpm@12.4.2 --activate
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm --filter @stratus/web build \
 && pnpm --filter @stratus/server generate

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 STRATUS_DATA_DIR=/data
COPY --from=build /app /app
RUN mkdir -p /data && chown -R node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
WORKDIR /app/apps/server
# SIGTERM flushes every board before exiting (docker stop waits 10 s by default).
CMD ["node", "--import", "tsx", "src/main.ts"]
