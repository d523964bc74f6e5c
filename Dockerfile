# The noc image: `noc start` on 0.0.0.0:9700 with the configuration mounted at /etc/noc/noc.yaml.
# Build stage: compiles TypeScript, the web app and better-sqlite3's native module.
FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json vite.config.ts ./
COPY src ./src
COPY web ./web
COPY examples ./examples
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /opt/noc
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/examples ./examples
RUN mkdir -p /var/lib/noc && chown node:node /var/lib/noc
USER node
WORKDIR /var/lib/noc
EXPOSE 9700
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:9700/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/opt/noc/dist/cli/noc.js"]
CMD ["start", "--config", "/etc/noc/noc.yaml"]
